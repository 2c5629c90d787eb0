"""What the server needs from its surroundings, and what the clerk is told when it is missing.

A database that cannot be reached, is read-only, corrupt or on a full disk, and an instance folder
that cannot be written, are not bugs of the application: they are named here in Indonesian, once,
for the 503 page (app.register_error_pages), for `/healthz`, for the `flask` commands and for the
start (`create_app`, serve.py). The page never shows the driver's text, the SQL or a traceback;
those go to the log.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import update_wrapper
from typing import Any

import click
from sqlalchemy import exc as sa_exc
from sqlalchemy import text


class StartupError(click.ClickException):
    """The app cannot start, or a command cannot run, because of its environment (message in Indonesian).

    A `click.ClickException`, so that `flask ...` prints it as one line and exits with 1 wherever it is
    raised (while the CLI loads the app, inside a command, inside Alembic's env.py) instead of a
    traceback; serve.py prints it the same way.
    """

    def show(self, file: Any = None) -> None:
        """Print the message alone on stderr: click's own prefix would be the English "Error:"."""
        click.echo(self.format_message(), err=True, file=file)


@dataclass(frozen=True)
class DatabaseProblem:
    """One bad state of the database, as `/healthz` names it (`kind`) and as the clerk reads it."""

    kind: str
    title: str
    message: str

    def line(self) -> str:
        """The one line a command prints."""
        return f"{self.title}: {self.message}"


UNREACHABLE = DatabaseProblem(
    "unreachable",
    "Basis data tidak dapat dihubungi",
    "Aplikasi tidak dapat menghubungi basis data, jadi yang belum tersimpan tidak disimpan. Coba lagi "
    "beberapa menit lagi; bila berulang, hubungi pengelola server.",
)
BUSY = DatabaseProblem(
    "busy",
    "Basis data sedang sibuk",
    "Basis data terlalu lama menjawab, jadi yang belum tersimpan tidak disimpan. Coba lagi sebentar "
    "lagi; bila berulang, hubungi pengelola server.",
)
READ_ONLY = DatabaseProblem(
    "read_only",
    "Basis data hanya bisa dibaca",
    "Data tidak dapat disimpan karena basis data hanya bisa dibaca (izin berkas atau setelan server), "
    "jadi yang belum tersimpan tidak disimpan. Hubungi pengelola server.",
)
CORRUPT = DatabaseProblem(
    "corrupt",
    "Basis data rusak",
    "Berkas basis data rusak sehingga data tidak dapat dibaca. Jangan mengulang-ulang; hubungi pengelola "
    "server untuk memulihkannya dari cadangan.",
)
FULL = DatabaseProblem(
    "full",
    "Disk penuh",
    "Disk server penuh sehingga data tidak dapat disimpan, jadi yang belum tersimpan tidak disimpan. "
    "Hubungi pengelola server untuk mengosongkan ruang disk.",
)
MISSING = DatabaseProblem(
    "missing",
    "Basis data belum siap",
    "Tabel basis data tidak ditemukan: basis data belum dibuat atau bukan milik aplikasi ini. Hubungi "
    "pengelola server (perintah: flask --app app db upgrade).",
)

# Lower-case fragments of the drivers' messages (SQLite, PostgreSQL, MariaDB), first match wins.
# Only the kind is read from them; the text itself never reaches a page.
SIGNS: tuple[tuple[tuple[str, ...], DatabaseProblem], ...] = (
    (("readonly database", "read-only", "read only"), READ_ONLY),
    (("disk is full", "no space left", "disk full", "is full"), FULL),
    (("not a database", "malformed", "corrupt"), CORRUPT),
    (("no such table", "doesn't exist", "does not exist"), MISSING),
    (("database is locked", "table is locked", "lock wait timeout", "statement timeout"), BUSY),
)


def database_problem(error: BaseException) -> DatabaseProblem | None:
    """The environment problem `error` shows, or None when it is a bug or a refused value.

    Environment errors are the driver's OperationalError and InterfaceError (connection, timeout,
    lock, read-only, full), its plain DatabaseError (SQLite's corrupt file) and a pool that gave no
    connection in time. An InternalError only when its text names one (psycopg files PostgreSQL's
    read-only transaction there, beside an aborted transaction, which is a bug). IntegrityError,
    ProgrammingError and DataError are about the statement or its values: they keep their own handling.
    """
    if isinstance(error, sa_exc.TimeoutError):  # the connection pool: every connection busy
        return BUSY
    if isinstance(error, sa_exc.InternalError):
        return named_problem(str(error.orig))
    if isinstance(error, sa_exc.DBAPIError):
        if not isinstance(error, (sa_exc.OperationalError, sa_exc.InterfaceError)) and (
            type(error) is not sa_exc.DatabaseError
        ):
            return None
        detail = str(error.orig)
    elif (
        isinstance(error, (sqlite3.OperationalError, sqlite3.InterfaceError))
        or type(error) is sqlite3.DatabaseError
    ):
        detail = str(error)  # raw sqlite3, as `flask backup` uses it
    else:
        return None
    return named_problem(detail) or UNREACHABLE


def named_problem(detail: str) -> DatabaseProblem | None:
    """The problem a driver's message names (SIGNS), if any."""
    detail = detail.lower()
    for fragments, problem in SIGNS:
        if any(fragment in detail for fragment in fragments):
            return problem
    return None


def explain_database_errors(callback: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a command's callback: a broken database ends it with one Indonesian line and exit code 1."""
    if getattr(
        callback, "explains_database_errors", False
    ):  # the blueprint's commands are shared by every app
        return callback

    def explained(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except Exception as error:
            problem = database_problem(error)
            if problem is None:
                raise
            raise StartupError(problem.line()) from error

    explained.explains_database_errors = True  # type: ignore[attr-defined]
    return update_wrapper(explained, callback)


# Why a folder cannot be written, by errno, as an office's administrator reads it.
FOLDER_REASONS = {
    errno.EACCES: "pengguna server tidak berhak menulis di sana",
    errno.EPERM: "pengguna server tidak berhak menulis di sana",
    errno.EROFS: "sistem berkasnya hanya bisa dibaca",
    errno.ENOSPC: "disknya penuh",
    errno.ENOTDIR: "sebagian jalurnya adalah berkas, bukan folder",
    errno.EEXIST: "jalur itu adalah berkas, bukan folder",
}


def prepare_instance_folder(path: str) -> None:
    """Create the instance folder and prove it writable, or stop the start with a StartupError.

    The SQLite file, the secret key and the demo logins are written there; finding out at the first
    save would leave the clerk with a half-working application.
    """
    try:
        os.makedirs(path, exist_ok=True)
        # A real write, not os.access: as root (a service, a container) access() says yes to anything.
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as error:
        reason = FOLDER_REASONS.get(
            error.errno or 0, f"galat sistem {errno.errorcode.get(error.errno or 0, '?')}"
        )
        raise StartupError(
            f"Aplikasi tidak dapat dijalankan: folder instance {path} tidak dapat dibuat atau ditulisi "
            f"({reason}). Setel INSTANCE_PATH ke folder yang dapat ditulisi pengguna server, lalu jalankan lagi."
        ) from error


def database_write_problem(session: Any) -> DatabaseProblem | None:
    """Whether the database takes a write, proved by a change that is rolled back at once.

    `UPDATE alembic_version SET version_num = version_num` exists on every backend after the
    migrations, needs no table of its own and changes nothing: it fails on a read-only, corrupt,
    unreachable or unmigrated database.
    """
    try:
        session.execute(text("UPDATE alembic_version SET version_num = version_num"))
    except sa_exc.SQLAlchemyError as error:
        return database_problem(error) or MISSING
    finally:
        rollback_quietly(session)
    return None


def rollback_quietly(session: Any) -> None:
    """Roll back what a failed request left; on a dead connection the rollback itself may fail."""
    # The pool discards that connection; the next request starts with a fresh one.
    with contextlib.suppress(sa_exc.SQLAlchemyError):
        session.rollback()


def free_megabytes(path: str) -> int:
    """Free space, in MB, of the disk that holds `path` (or its nearest existing parent)."""
    while path and not os.path.exists(path):
        path = os.path.dirname(path)
    return shutil.disk_usage(path or ".").free // (1024 * 1024)


def data_folder(database_url: Any, instance_path: str) -> str:
    """The folder whose disk fills up with the data: the SQLite file's, else the instance folder."""
    name = database_url.database or ""
    if database_url.get_backend_name() != "sqlite" or name in ("", ":memory:"):
        return instance_path
    name = name.removeprefix("file:")  # an SQLite URI filename (`?uri=true`)
    return os.path.dirname(os.path.abspath(name))


# The exception classes whose handler decides (database_problem) between the 503 page and a bug;
# Flask picks a handler by the exception's class, so every class an environment error can have is here.
DATABASE_ERRORS: tuple[type[BaseException], ...] = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.InternalError,
    sa_exc.DatabaseError,
    sa_exc.TimeoutError,
    sqlite3.Error,
)
