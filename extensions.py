"""Flask extensions as module-level singletons, bound to the app in `create_app`."""

from __future__ import annotations

import sqlite3
from typing import Any

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine

from models import db

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
# Per client address, in this process's memory: enough for the one waitress process of an office PC.
limiter = Limiter(key_func=get_remote_address, storage_uri="memory://", default_limits=[])
# Batch mode lets Alembic alter SQLite tables; compare_type catches column type changes.
migrate = Migrate(db=db, render_as_batch=True, compare_type=True)

__all__ = ["babel", "csrf", "db", "limiter", "login_manager", "migrate"]


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """Foreign keys on (SQLite ignores them otherwise), WAL and a busy timeout for concurrent use."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    for pragma in (
        "foreign_keys=ON",
        "journal_mode=WAL",
        "synchronous=NORMAL",
        "busy_timeout=10000",
    ):
        cursor.execute("PRAGMA " + pragma)
    cursor.close()
