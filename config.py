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
    # Login hardening (issue: agency heads): attempts per client address; after LOGIN_MAX_FAILURES
    # wrong passwords for one account from one address, that address waits 1, 2, 4 ... minutes (at
    # most LOGIN_LOCK_MINUTES) before trying that account again; other addresses are not delayed.
    "RATELIMIT_ENABLED": True,
    "LOGIN_RATE_LIMIT": "10 per minute",
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_LOCK_MINUTES": 15,
    # A session unused this long (an office day) is ended; the user logs in again.
    "IDLE_TIMEOUT_MINUTES": 480,
    # Whom the login page names for a forgotten password or a locked account.
    "OFFICE_CONTACT": "operator Bapas Klaten",
    # Prints and exports per user (document_allowance.py): each costs seconds of the office PC's CPU.
    "DOCUMENT_RATE_LIMIT": "20 per minute",
    # Number of reverse proxies in front of the app (0 = none); their X-Forwarded-For is trusted.
    "PROXY_COUNT": 0,
    # The address of that proxy, the one peer whose forwarded headers waitress trusts (serve.py).
    "TRUSTED_PROXY": "127.0.0.1",
    # Seconds to open a database connection (or wait for a free one in the pool): a database that
    # does not answer gives the 503 page this soon instead of holding one of waitress's 8 threads.
    "DATABASE_CONNECT_TIMEOUT": 3,
    # Seconds one statement may run (PostgreSQL statement_timeout, MariaDB read/write timeouts);
    # the app's own statements take milliseconds, so only a stuck database reaches it.
    "DATABASE_STATEMENT_TIMEOUT": 15,
    # /healthz answers 503 below this much free space (MB) on the disk holding the data.
    "HEALTH_MIN_FREE_MB": 100,
    # The largest request body (bytes): forms are small and there are no uploads; larger gets the 413 page.
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
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
    settings["SQLALCHEMY_ENGINE_OPTIONS"] = with_timeouts(settings)
    if not settings.get("SECRET_KEY"):
        settings["SECRET_KEY"] = instance_secret_key(instance_path)
    return settings


def with_timeouts(settings: dict[str, Any]) -> dict[str, Any]:
    """The engine options with the connect and statement timeouts of the settings' database backend.

    A database that hangs must cost a request seconds, not a thread forever: waitress has 8. SQLite
    waits at most its busy timeout (extensions.SQLITE_PRAGMAS). PostgreSQL: libpq's connect_timeout,
    and statement_timeout on the server for a statement stuck behind a lock. MariaDB (PyMySQL):
    connect_timeout for the connection and its handshake (extensions.register_connect_timeouts),
    read/write timeouts on the socket for each statement after it. The pool hands out a connection
    within the connect timeout or gives up (the 503 page) rather than queueing requests.
    """
    url = settings["SQLALCHEMY_DATABASE_URI"]
    options = dict(settings["SQLALCHEMY_ENGINE_OPTIONS"])
    if url in ("sqlite://", "sqlite:///:memory:"):
        return options  # one connection, no pool, nothing to wait for
    connect = int(settings["DATABASE_CONNECT_TIMEOUT"])
    statement = int(settings["DATABASE_STATEMENT_TIMEOUT"])
    options.setdefault("pool_timeout", connect)
    arguments = dict(options.get("connect_args", {}))
    if url.startswith("postgresql"):
        arguments.setdefault("connect_timeout", connect)
        arguments.setdefault("options", f"-c statement_timeout={statement * 1000}")
    elif url.startswith(("mysql", "mariadb")):
        arguments.setdefault("connect_timeout", connect)
        arguments.setdefault("read_timeout", statement)
        arguments.setdefault("write_timeout", statement)
    if arguments:
        options["connect_args"] = arguments
    return options


def instance_secret_key(instance_path: str) -> str:
    """Read the key generated on first start, or generate it: sessions survive a restart."""
    path = Path(instance_path) / SECRET_KEY_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    key = secrets.token_hex(32)
    path.write_text(key + "\n", encoding="utf-8")
    path.chmod(0o600)
    return key
