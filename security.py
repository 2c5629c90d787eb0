"""Security headers on every response, with a per-request nonce for the admin's inline scripts.

The Content-Security-Policy allows only this server's own scripts, styles, fonts and images (the
app is offline by design), inline scripts only with the request's nonce, and no framing at all.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request


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
