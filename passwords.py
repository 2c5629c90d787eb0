"""The password policy, shared by the CLI and (later) the user screens."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l

MIN_LENGTH = 10


def password_problems(password: str, username: str) -> list:
    """Every reason `password` is refused; an empty list means it is acceptable."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(_l("Kata sandi minimal %(n)d karakter.", n=MIN_LENGTH))
    if username and password.casefold() == username.casefold():
        problems.append(_l("Kata sandi tidak boleh sama dengan nama pengguna."))
    return problems


def random_password() -> str:
    """A password for a demo account: 16 URL-safe characters, readable when printed."""
    return secrets.token_urlsafe(12)
