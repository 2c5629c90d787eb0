"""Flask extensions as module-level singletons, bound to an app in `create_app`.

`db` is created here, before any model: `models.py` declares its tables on it, and nothing here
imports the models. The SQLite pragmas are attached to each app's engine by an explicit call from
`create_app`, not as a side effect of importing this module.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.orm import DeclarativeBase

# Named constraints let Alembic's batch mode alter SQLite tables and keep names equal on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# SQLite: foreign keys on (it ignores them otherwise), WAL and a busy timeout for concurrent use.
# The busy timeout is how long a request waits for another's write lock before the 503 page "sedang
# sibuk": 5 s, so a stuck writer costs a request seconds and never holds a thread for long.
SQLITE_PRAGMAS = ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=5000")


class Base(DeclarativeBase):
    """Declarative base with the project's constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
# Per client address, in this process's memory: enough for the one waitress process of an office PC.
limiter = Limiter(key_func=get_remote_address, storage_uri="memory://", default_limits=[])
# Batch mode lets Alembic alter SQLite tables; compare_type catches column type changes. The folder
# is found beside this file, so `flask db upgrade` works from any working directory.
migrate = Migrate(db=db, directory=str(MIGRATIONS), render_as_batch=True, compare_type=True)

__all__ = [
    "babel",
    "csrf",
    "db",
    "limiter",
    "login_manager",
    "migrate",
    "register_connect_timeouts",
    "register_sqlite_pragmas",
]


def register_sqlite_pragmas(app: Flask) -> None:
    """Run the SQLite pragmas on every new connection of `app`'s engine (no-op on other databases)."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", set_sqlite_pragmas):
        event.listen(engine, "connect", set_sqlite_pragmas)


def set_sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """Hook for SQLAlchemy's `connect` event: apply SQLITE_PRAGMAS to a new connection."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute("PRAGMA " + pragma)
    cursor.close()


def register_connect_timeouts(app: Flask) -> None:
    """MariaDB (PyMySQL): bound the connection's handshake by the connect timeout, not the read timeout.

    PyMySQL reads the server's greeting with its read timeout, which is the statement timeout
    (config.with_timeouts); a server that accepts the connection and never greets would hold the
    request that long. Other drivers bound the handshake by their connect_timeout already.
    """
    with app.app_context():
        engine = db.engine
    if engine.dialect.driver == "pymysql" and not event.contains(engine, "do_connect", connect_pymysql):
        event.listen(engine, "do_connect", connect_pymysql)


def connect_pymysql(dialect: Any, connection_record: Any, cargs: Any, cparams: dict[str, Any]) -> Any:
    """Hook for SQLAlchemy's `do_connect` event: connect with the short timeout, then set the long one."""
    statement_timeout = cparams.get("read_timeout")
    connect_timeout = cparams.get("connect_timeout")
    if not connect_timeout:
        return None  # SQLAlchemy connects as usual
    connection = dialect.loaded_dbapi.connect(*cargs, **{**cparams, "read_timeout": connect_timeout})
    # PyMySQL has no public setter; the attribute is what its reads pass to socket.settimeout().
    connection._read_timeout = statement_timeout
    return connection
