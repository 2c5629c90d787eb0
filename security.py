"""Security headers on every response, with a per-request nonce for the admin's inline scripts; and
input no person types refused before any view reads it: a NUL byte anywhere, a line break in a
redirect target.

The Content-Security-Policy allows only this server's own scripts, styles, fonts and images (the
app is offline by design), inline scripts only with the request's nonce, and no framing at all.
"""

from __future__ import annotations

import re
import secrets

from flask import Flask, Response, abort, g, request


def csp_nonce() -> str:
    """The nonce of this request, made on first use (Flask-Admin asks for it while rendering)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def content_security_policy(nonce: str) -> str:
    """Everything from this server only; inline styles stay allowed for Bootstrap's widgets."""
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "object-src 'none'",
        )
    )


# Where a page sends the browser next (after login, after a save or a delete).
REDIRECT_TARGETS = ("next", "url")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def refuse_unsafe_input(app: Flask) -> None:
    """Refuse with 400, before any view runs, a request no keyboard produces.

    - A NUL byte in any query or form value: PostgreSQL cannot even compare text with one, and no
      field of ours may hold it.
    - A control character (CR/LF) in `next` or `url`: it cannot be a path one of our pages links
      to, and sent on it would split the Location header. Other unsafe targets (another host,
      '//evil') are ignored where they are read (auth.safe_next, Flask-Admin's is_safe_url).
    """

    @app.before_request
    def refuse_input_nobody_types() -> None:
        for name, value in request.values.items(multi=True):
            if "\x00" in name or "\x00" in value:
                abort(400)
            if name in REDIRECT_TARGETS and CONTROL_CHARACTERS.search(value):
                abort(400)


def register_security_headers(app: Flask) -> None:
    """Add the headers to every response; pages with personal data are never cached."""

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if not request.path.startswith(("/static/", "/admin/static/")):
            # Client files must not stay in a shared office PC's browser cache.
            response.headers["Cache-Control"] = "no-store"
        return response
