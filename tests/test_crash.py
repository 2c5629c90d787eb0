"""Crash test: the server killed (SIGKILL) in the middle of a stream of saves loses no saved record.

The real server (waitress, as `make run` starts it, CSRF and all) runs as a subprocess. Clerks post
new clients one after another; each save the server acknowledged (a redirect after the POST, which
Flask-Admin sends only after the commit) is remembered. After enough of them the server process is
killed without warning while saves are in flight, then started again on the same database: the
database must be intact, every acknowledged client must be there, the domain rules must hold, and
the app must serve again (a login works).

On SQLite (the office PC) the test has a database file of its own, killed mid-write. With
TEST_DATABASE_URL (PostgreSQL, MariaDB) it uses that database through the `app` fixture, which
empties the tables before and after; there only the app is killed, the database server lives on, and
the check is the same. The HTTP client is the load test's (bench/load.py).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import TEST_PASSWORD, make_user, test_config
from flask_migrate import upgrade
from invariants import violations
from sqlalchemy import create_engine, text

from app import create_app
from bench.load import Browser, Recorder, form_fields, free_port, start_server
from extensions import db

WRITERS = 3
# Acknowledged saves before the kill: enough that the kill lands in a steady stream of writes.
KILL_AFTER = 30
PREFIX = "K-CRASH"


@pytest.fixture
def crash_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database with a clerk account; its URL.

    TEST_DATABASE_URL set: the suite's database, via the `app` fixture (empty tables before and
    after, the rules checked after). Otherwise a SQLite file of this test's own, so killing a
    writer never touches the suite's database.
    """
    if os.environ.get("TEST_DATABASE_URL"):
        app = request.getfixturevalue("app")
        url = request.getfixturevalue("database_url")
    else:
        url = f"sqlite:///{tmp_path}/crash.sqlite"
        app = create_app(test_config(url, str(tmp_path / "setup")))
        with app.app_context():
            upgrade()
    make_user(app, "petugas-crash", "clerk")
    with app.app_context():
        db.engine.dispose()
    yield url


def write_clients(port: int, writer: int, acknowledged: list[str], lock: threading.Lock) -> None:
    """One clerk: log in, then save new clients until the server stops answering."""
    browser = Browser(port, Recorder(), f"crash-writer-{writer}")
    try:
        assert browser.login("petugas-crash", TEST_PASSWORD)
        page = browser.get("/admin/client/new/")
        assert page is not None and page.status == 200
        fields = form_fields(page.text)
        # The CSRF token lasts the session, so one form page serves every save of this stream.
        fields.update(
            full_name="Sutrisno Wibowo",
            birth_date="17-05-1990",
            sex="L",
            category="dewasa",
            offence="Pencurian ringan",
            offence_date="20-01-2026",
            legal_basis="pidana_kerja_sosial",
            status="active",
        )
        for number in range(1, 10_000):
            register = f"{PREFIX}-{writer}-{number}"
            answer = browser.post("/admin/client/new/", {**fields, "register_number": register})
            if answer is None:  # the server is gone
                return
            assert answer.status == 302, (answer.status, answer.text[-2000:])
            with lock:
                acknowledged.append(register)
    finally:
        browser.close()


def stored_state(url: str) -> tuple[set[str], list[str], str]:
    """The crash clients in the database, the broken domain rules, and SQLite's integrity check."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            registers = set(
                connection.execute(
                    text("SELECT register_number FROM client WHERE register_number LIKE :p"),
                    {"p": f"{PREFIX}-%"},
                ).scalars()
            )
            integrity = "ok"
            if url.startswith("sqlite"):
                integrity = connection.execute(text("PRAGMA integrity_check")).scalar()
            return registers, violations(connection), integrity
    finally:
        engine.dispose()


def stop(server: Any) -> None:
    """End a server subprocess started here, if it still runs."""
    if server is not None and server.poll() is None:
        server.kill()
    if server is not None:
        server.wait(timeout=30)


def test_sigkill_during_saves_loses_no_acknowledged_write(crash_database: str, tmp_path: Path) -> None:
    """Killed mid-stream and restarted: intact, every acknowledged client stored, rules kept, login works."""
    url = crash_database
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "crash-test",
    }
    port = free_port()
    log = tmp_path / "server.log"
    acknowledged: list[str] = []
    lock = threading.Lock()
    server = restarted = None
    try:
        server = start_server(env, port, log)
        writers = [
            threading.Thread(target=write_clients, args=(port, number, acknowledged, lock))
            for number in range(1, WRITERS + 1)
        ]
        for writer in writers:
            writer.start()
        give_up = time.monotonic() + 60
        while len(acknowledged) < KILL_AFTER and time.monotonic() < give_up and server.poll() is None:
            time.sleep(0.005)
        # No warning, no cleanup: the process dies with saves in flight, like a pulled plug.
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
        for writer in writers:
            writer.join(timeout=60)
        assert len(acknowledged) >= KILL_AFTER, log.read_text(errors="replace")[-3000:]

        restarted = start_server(env, port, log)
        registers, broken, integrity = stored_state(url)
        assert integrity == "ok"
        assert sorted(set(acknowledged) - registers) == [], "acknowledged saves lost in the crash"
        # Besides the acknowledged saves, at most the ones in flight at the kill (one per writer).
        assert len(registers - set(acknowledged)) <= WRITERS
        assert broken == []

        browser = Browser(port, Recorder(), "after-crash")
        try:
            assert browser.login("petugas-crash", TEST_PASSWORD)
            page = browser.get(f"/admin/client/?search={acknowledged[-1]}")
            assert page is not None and page.status == 200 and acknowledged[-1] in page.text
        finally:
            browser.close()
    finally:
        stop(server)
        stop(restarted)
