"""Settings: defaults in one place, secrets from the environment or the instance folder.

The legal bounds are not settings: they live in `rules.py`. One of them may be overridden here,
`CHILD_SERVICE_DAILY_HOURS` (the daily cap of pelayanan masyarakat, DESIGN.md §4), unset by default.

`create_app(config)` layers: these defaults, then the environment (every setting below by its own
name, plus `DATABASE_URL` and `SECRET_KEY`), then the dict a caller (a test) passes. A value in the
environment is read as the type of its default (a number, yes/no, text); one that cannot be read
stops the start with a message naming the setting. Nothing secret is ever in the repository.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    "BABEL_DEFAULT_LOCALE": "id",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
    # A request may hold two connections at once (its session, and the audit trail's own for an
    # export or a print): room for both on every one of waitress's 8 threads, and some to spare.
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 10},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "WTF_CSRF_TIME_LIMIT": None,
    # Exports load rows into memory; cap them (STACK.md §2, "Export").
    "EXPORT_MAX_ROWS": 5000,
    "PASSWORD_HASH_METHOD": "scrypt",
    # Login hardening (issue: agency heads): attempts per client address, then a lock per account.
    "RATELIMIT_ENABLED": True,
    "LOGIN_RATE_LIMIT": "10 per minute",
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_LOCK_MINUTES": 15,
    # Whom the login page names for a forgotten password or a locked account.
    "OFFICE_CONTACT": "operator Bapas Klaten",
    # Prints and exports per user (document_allowance.py): each costs seconds of the office PC's CPU.
    "DOCUMENT_RATE_LIMIT": "20 per minute",
    # Number of reverse proxies in front of the app (0 = none); their X-Forwarded-For is trusted.
    "PROXY_COUNT": 0,
    # The legal daily cap of pelayanan masyarakat (rules.py) when the office sets one; None = the law's.
    "CHILD_SERVICE_DAILY_HOURS": None,
}
# Read from the environment as a whole number even though their default is None.
WHOLE_NUMBERS_OR_NONE = ("WTF_CSRF_TIME_LIMIT", "CHILD_SERVICE_DAILY_HOURS")
# Internal, not a setting an office changes: connection pooling is sized for waitress's threads.
NOT_FROM_ENVIRONMENT = ("SQLALCHEMY_ENGINE_OPTIONS",)
YES = ("1", "true", "yes", "ya", "on")
NO = ("0", "false", "no", "tidak", "off")


class SettingError(ValueError):
    """A setting in the environment that cannot be read; the message names it, in Indonesian."""


def from_environment(name: str, default: Any, text: str) -> Any:
    """The environment's `text` for setting `name`, read as the type of its default."""
    text = text.strip()
    if isinstance(default, bool):
        if text.lower() in YES:
            return True
        if text.lower() in NO:
            return False
        raise SettingError(f"Setelan {name} harus ya atau tidak (1/0), bukan {text!r}.")
    if isinstance(default, int) or name in WHOLE_NUMBERS_OR_NONE:
        if not text and default is None:
            return None
        if not text.isdigit():
            raise SettingError(f"Setelan {name} harus bilangan bulat, bukan {text!r}.")
        return int(text)
    return text


SECRET_KEY_FILE = "secret_key"


def load_settings(instance_path: str, overrides: dict[str, Any] | None) -> dict[str, Any]:
    """Merge defaults, environment and overrides; fill the database URL and the secret key."""
    settings = dict(DEFAULTS)
    if os.environ.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if os.environ.get("SECRET_KEY"):
        settings["SECRET_KEY"] = os.environ["SECRET_KEY"]
    for name, default in DEFAULTS.items():
        if name in os.environ and name not in NOT_FROM_ENVIRONMENT:
            settings[name] = from_environment(name, default, os.environ[name])
    settings.update(overrides or {})
    if "DATABASE_URL" in settings:
        settings["SQLALCHEMY_DATABASE_URI"] = settings.pop("DATABASE_URL")
    settings.setdefault("SQLALCHEMY_DATABASE_URI", "sqlite:///" + str(Path(instance_path) / "bapas.sqlite"))
    if settings["SQLALCHEMY_DATABASE_URI"] in ("sqlite://", "sqlite:///:memory:"):
        # An in-memory database lives in one connection: no pool to size.
        options = dict(settings["SQLALCHEMY_ENGINE_OPTIONS"])
        options.pop("pool_size", None), options.pop("max_overflow", None)
        settings["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if settings["SQLALCHEMY_DATABASE_URI"].startswith(("mysql", "mariadb")):
        # A read after a row lock must see the last commit (locking.py); InnoDB's default
        # REPEATABLE READ would show the snapshot taken at the transaction's first read.
        settings["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **settings["SQLALCHEMY_ENGINE_OPTIONS"],
            "isolation_level": "READ COMMITTED",
        }
    if not settings.get("SECRET_KEY"):
        settings["SECRET_KEY"] = instance_secret_key(instance_path)
    return settings


def instance_secret_key(instance_path: str) -> str:
    """Read the key generated on first start, or generate it: sessions survive a restart."""
    path = Path(instance_path) / SECRET_KEY_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    key = secrets.token_hex(32)
    path.write_text(key + "\n", encoding="utf-8")
    path.chmod(0o600)
    return key
