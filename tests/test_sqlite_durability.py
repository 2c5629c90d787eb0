"""SQLite on the office PC: concurrent writers lose nothing, and a live backup restores cleanly.

These tests always use a SQLite file of their own, whatever TEST_DATABASE_URL says: they are about
SQLite's locking and its online-backup API.
"""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from conftest import test_config
from flask_migrate import upgrade
from sqlalchemy import func, select

from app import create_app
from models import Agency, db

WRITERS = 4
WRITES_EACH = 25


@pytest.fixture
def sqlite_app(tmp_path):
    """An app on a fresh, migrated SQLite file."""
    application = create_app(test_config(f"sqlite:///{tmp_path}/live.sqlite", str(tmp_path / "instance")))
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def write_agencies(app, prefix: str, count: int, errors: list, stop: threading.Event | None = None) -> None:
    """One writer: `count` agencies, each in its own transaction, like separate form saves."""
    with app.app_context():
        for number in range(count):
            if stop is not None and stop.is_set():
                break
            try:
                db.session.add(
                    Agency(name=f"Dinas {prefix} {number}", acronym=f"{prefix}{number}", kind="opd")
                )
                db.session.commit()
            except Exception as error:  # collected: the test asserts there were none
                db.session.rollback()
                errors.append(repr(error))
        db.session.remove()


def test_concurrent_writers_lose_nothing_and_never_see_locks(sqlite_app):
    """Four writers at once store all their rows, with no 'database is locked' error."""
    errors: list[str] = []
    threads = [
        threading.Thread(target=write_agencies, args=(sqlite_app, f"W{n}-", WRITES_EACH, errors))
        for n in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with sqlite_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Agency)) == WRITERS * WRITES_EACH


def rows(path: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT id, name, acronym, version FROM agency ORDER BY id").fetchall()
    finally:
        connection.close()


def test_backup_while_writing_is_consistent_and_restores(sqlite_app, tmp_path):
    """`flask backup` during writes gives an intact copy; restored, it serves the same rows."""
    live = str(tmp_path / "live.sqlite")
    errors: list[str] = []
    stop = threading.Event()
    writer = threading.Thread(target=write_agencies, args=(sqlite_app, "B", 100_000, errors, stop))
    writer.start()
    try:
        while len(rows(live)) < 20:
            time.sleep(0.01)
        during = tmp_path / "during.sqlite"
        result = sqlite_app.test_cli_runner().invoke(args=["backup", str(during)])
    finally:
        stop.set()
        writer.join()
    assert errors == []
    assert result.exit_code == 0, result.output
    assert f"Cadangan ditulis ke {during}" in result.output and "integritas: ok" in result.output
    copied = rows(str(during))
    assert len(copied) >= 20
    assert set(copied) <= set(rows(live))  # a consistent snapshot: every copied row as it was

    after = tmp_path / "after.sqlite"
    assert sqlite_app.test_cli_runner().invoke(args=["backup", str(after)]).exit_code == 0
    restored = create_app(test_config(f"sqlite:///{after}", str(tmp_path / "restored")))
    with restored.app_context():
        assert db.session.execute(db.text("PRAGMA integrity_check")).scalar() == "ok"
        names = db.session.scalars(select(Agency.acronym).order_by(Agency.id)).all()
        db.engine.dispose()
    assert names == [acronym for _, _, acronym, _ in rows(live)]


def test_backup_refuses_to_overwrite(sqlite_app, tmp_path):
    """An existing file is never overwritten by a backup."""
    target = tmp_path / "ada.sqlite"
    target.write_text("penting")
    result = sqlite_app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code != 0 and "sudah ada" in result.output
    assert target.read_text() == "penting"


@pytest.mark.parametrize(
    "url, tool",
    [
        ("postgresql+psycopg://postgres@127.0.0.1:5432/test", "pg_dump"),
        ("mysql+pymysql://root@127.0.0.1:3306/test", "mariadb-dump"),
    ],
)
def test_backup_on_a_server_database_names_the_native_tool(tmp_path, url, tool):
    """On PostgreSQL or MariaDB the command explains which native tool makes the backup."""
    app = create_app(test_config(url, str(tmp_path)))
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "x.dump")])
    assert result.exit_code != 0
    assert tool in result.output
    assert not (tmp_path / "x.dump").exists()
