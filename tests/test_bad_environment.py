"""A bad environment is explained in Indonesian, at the start and on every request (issue "Hardened", 2 and 4).

The database unreachable, read-only, corrupt, truncated or full; the instance folder not writable;
a database server that accepts connections and never answers; the disk nearly full for `/healthz`;
waitress behind a proxy (serve.py). SQLite files are damaged copies of one migrated database, so
these tests run the same whatever TEST_DATABASE_URL names.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import flask
import pytest
import waitress
from conftest import test_config
from flask_migrate import upgrade
from sqlalchemy.exc import OperationalError
from waitress import wasyncore

from app import create_app
from environment import StartupError
from extensions import db
from serve import server_options

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = (
    "Internal Server Error",
    "Service Unavailable",
    "Traceback",
    "sqlite3",
    "OperationalError",
    "SELECT",
)
CLOSED_PORT = "postgresql+psycopg://bapas@127.0.0.1:1/bapas"
FAILED_LOGIN = {"username": "tidak-ada", "password": "salah-sekali-123"}


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file with the schema, checkpointed (no -wal beside it), for tests to copy and damage."""
    folder = tmp_path_factory.mktemp("migrated")
    path = folder / "bapas.sqlite"
    application = create_app(test_config(f"sqlite:///{path}", str(folder / "instance")))
    with application.app_context():
        upgrade()
        db.engine.dispose()
    return path


def sqlite_copy(source: Path, folder: Path) -> Path:
    """A private copy of the migrated database."""
    target = folder / "salinan.sqlite"
    shutil.copy(source, target)
    return target


def read_only(path: Path) -> str:
    """The copy opened read-only, as a file the server's user may not write behaves (the tests run as root)."""
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def corrupt(path: Path) -> str:
    """The copy overwritten with bytes that are no database."""
    path.write_bytes(os.urandom(path.stat().st_size))
    return f"sqlite:///{path}"


def truncated(path: Path) -> str:
    """The copy cut to a third, as a copy interrupted half-way leaves it."""
    os.truncate(path, path.stat().st_size // 3)
    return f"sqlite:///{path}"


BadDatabase = namedtuple("BadDatabase", "make kind title")
BAD_DATABASES = {
    "read-only": BadDatabase(read_only, "read_only", "Basis data hanya bisa dibaca"),
    "corrupt": BadDatabase(corrupt, "corrupt", "Basis data rusak"),
    "truncated": BadDatabase(truncated, "corrupt", "Basis data rusak"),
    "closed port": BadDatabase(lambda path: CLOSED_PORT, "unreachable", "Basis data tidak dapat dihubungi"),
}


def assert_explained(response, status: int, title: str) -> None:
    """The page is the app's Indonesian page with `title`, and nothing of the driver or the framework."""
    page = response.get_data(as_text=True)
    assert response.status_code == status, page
    assert '<html lang="id">' in page and title in page and "Kembali ke beranda" in page
    assert [word for word in ENGLISH if word in page] == []


@pytest.mark.parametrize("name", BAD_DATABASES)
def test_a_bad_database_is_explained_on_the_login_and_by_healthz(migrated_sqlite, tmp_path, name):
    """A failed login writes to the audit trail: each bad database gives its 503 page, and /healthz its name."""
    bad = BAD_DATABASES[name]
    application = create_app(
        test_config(bad.make(sqlite_copy(migrated_sqlite, tmp_path)), str(tmp_path / "instance"))
    )
    client = application.test_client()
    assert_explained(client.post("/login", data=FAILED_LOGIN), 503, bad.title)
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.get_json()["database"] == bad.kind and bad.title in health.get_json()["message"]
    assert client.get("/login").status_code == 200  # the form itself needs no database


def test_a_full_database_is_explained_while_the_clerk_works(migrated_sqlite, tmp_path):
    """SQLite's page limit stands for a full disk: failed logins fill the audit trail until a write fails."""
    url = f"sqlite:///{sqlite_copy(migrated_sqlite, tmp_path)}"
    application = create_app(test_config(url, str(tmp_path / "instance")))
    with application.app_context():
        pages = db.session.connection().exec_driver_sql("PRAGMA page_count").scalar()
        db.session.remove()
        db.engine.dispose()

        from sqlalchemy import event

        @event.listens_for(db.engine, "connect")
        def no_more_pages(dbapi_connection, record):
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    client = application.test_client()
    for _attempt in range(500):
        response = client.post("/login", data=FAILED_LOGIN)
        if response.status_code != 401:
            break
    assert_explained(response, 503, "Disk penuh")


def test_a_nearly_full_disk_makes_healthz_answer_503(client, monkeypatch):
    """Below HEALTH_MIN_FREE_MB free beside the data, the monitor is told before the first failed save."""
    real_usage = shutil.disk_usage
    monkeypatch.setattr(
        "environment.shutil.disk_usage",
        lambda path: real_usage(path)._replace(free=50 * 1024 * 1024),
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["disk"] == "low" and response.get_json()["free_mb"] == 50
    assert "Disk penuh" in response.get_json()["message"]


def test_a_database_error_in_an_admin_screen_reaches_the_503_page(app):
    """Flask-Admin would flash the driver's English text; a database the server cannot use is raised instead."""
    error = OperationalError("INSERT ...", {}, Exception("attempt to write a readonly database"))
    with app.test_request_context():
        view = next(view for view in app.extensions["admin"][0]._views if hasattr(view, "model"))
        with pytest.raises(OperationalError):
            try:
                raise error
            except OperationalError as raised:
                view.handle_view_exception(raised)


def test_a_request_too_large_is_explained(client):
    """A body over MAX_CONTENT_LENGTH gets the Indonesian 413 page."""
    response = client.post("/login", data={"username": "x" * (3 * 1024 * 1024), "password": "y"})
    assert_explained(response, 413, "Kiriman terlalu besar")


def run(arguments: list[str], **environment: str) -> subprocess.CompletedProcess:
    """Run a command in the project folder as an administrator would, with `environment` added."""
    return subprocess.run(
        arguments,
        cwd=ROOT,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


FLASK = [str(ROOT / ".venv" / "bin" / "flask"), "--app", "app"]
COMMANDS = {
    "db upgrade": [*FLASK, "db", "upgrade"],
    "seed": [*FLASK, "seed", "--if-empty"],
    "backup": [*FLASK, "backup"],  # the target is added per test
    "serve.py": [sys.executable, "serve.py", "--port", "0"],
}


def assert_one_indonesian_line(result: subprocess.CompletedProcess, words: str) -> None:
    """Exit code 1 and a single line naming the problem; no traceback, no English prefix."""
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_an_instance_folder_that_cannot_be_made_stops_the_start_in_one_line(tmp_path, command):
    """INSTANCE_PATH under a file (as root, a folder's permissions would not stop the write)."""
    (tmp_path / "berkas.txt").write_text("bukan folder")
    arguments = COMMANDS[command] + ([str(tmp_path / "cadangan.sqlite")] if command == "backup" else [])
    result = run(arguments, INSTANCE_PATH=str(tmp_path / "berkas.txt" / "instance"), DATABASE_URL="")
    assert_one_indonesian_line(result, "folder instance")


def test_an_instance_folder_that_refuses_writes_stops_the_start(tmp_path, monkeypatch):
    """A folder that exists but takes no file: the start says so, naming INSTANCE_PATH."""

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("environment.tempfile.TemporaryFile", refuse)
    with pytest.raises(StartupError) as refused:
        create_app(test_config("sqlite://", str(tmp_path)))
    assert "tidak berhak menulis" in refused.value.message and "INSTANCE_PATH" in refused.value.message


@pytest.mark.parametrize("command", ("db upgrade", "seed", "backup"))
@pytest.mark.parametrize("name", ("corrupt", "closed port"))
def test_a_command_on_a_bad_database_ends_in_one_line(migrated_sqlite, tmp_path, command, name):
    """`flask db upgrade`, `flask seed` and `flask backup` name the database's problem, no traceback."""
    bad = BAD_DATABASES[name]
    url = bad.make(sqlite_copy(migrated_sqlite, tmp_path))
    arguments = COMMANDS[command] + ([str(tmp_path / "cadangan.sqlite")] if command == "backup" else [])
    result = run(arguments, INSTANCE_PATH=str(tmp_path / "instance"), DATABASE_URL=url)
    if command == "backup" and name == "closed port":
        # PostgreSQL is backed up with pg_dump: the command says how, without touching the database.
        assert result.returncode == 1 and "pg_dump" in result.stderr and "Traceback" not in result.stderr
        return
    assert_one_indonesian_line(result, bad.title)


class HungDatabase:
    """A server on 127.0.0.1 that accepts every connection and never sends a byte, as a stuck database."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self) -> None:
        """Keep each connection open and silent until close()."""
        while True:
            try:
                connection, _address = self.listener.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self) -> None:
        """Stop listening and drop every connection."""
        self.listener.close()
        for connection in self.connections:
            connection.close()


class Served:
    """The app behind waitress with serve.py's options (8 threads), on a free port, in a thread."""

    def __init__(self, application) -> None:
        self.server = waitress.create_server(
            application, host="127.0.0.1", port=0, **server_options(application)
        )
        self.port = self.server.effective_port
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()

    def close(self) -> None:
        """Stop the workers, then the loop: a worker left running would wake the loop by writing b"x"
        to a closed pipe whose descriptor another test's subprocess may already reuse.

        The sockets are closed by the loop's own thread, between two selects (a thunk on waitress's
        trigger): closed from here, the loop could be inside select() on them and fail with EBADF.
        With its map empty, the loop ends.
        """
        self.server.task_dispatcher.shutdown()
        self.server.trigger.pull_trigger(lambda: wasyncore.close_all(self.server._map))
        self.thread.join(timeout=5)
        assert not self.thread.is_alive(), "waitress's loop did not stop"


def request(
    port: int, method: str, path: str, body: str = "", headers: dict | None = None, timeout: float = 30
):
    """One HTTP request to the served app: (status, text)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


@pytest.mark.parametrize(
    "url",
    (
        "postgresql+psycopg://bapas@127.0.0.1:{port}/bapas",
        "mysql+pymysql://bapas@127.0.0.1:{port}/bapas?charset=utf8mb4",
    ),
    ids=("postgresql", "mariadb"),
)
def test_a_hung_database_answers_503_within_5_seconds_and_the_server_keeps_serving(tmp_path, url):
    """The requirement: 503 within 5 s; 10 such requests at once do not stop the login form or a style sheet."""
    hung = HungDatabase()
    application = create_app(test_config(url.format(port=hung.port), str(tmp_path / "instance")))
    served = Served(application)
    port = served.port
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    body = "username=tidak-ada&password=salah-sekali-123"
    try:
        started = time.monotonic()
        status, page = request(port, "POST", "/login", body, form)
        elapsed = time.monotonic() - started
        assert status == 503 and "Basis data tidak dapat dihubungi" in page
        assert elapsed < 5, f"{elapsed:.1f} s"

        with ThreadPoolExecutor(max_workers=10) as pool:
            stuck = [pool.submit(request, port, "POST", "/login", body, form) for _ in range(10)]
            stuck.append(pool.submit(request, port, "GET", "/healthz"))
            time.sleep(0.5)  # the ten now hold the 8 threads
            assert request(port, "GET", "/login")[0] == 200
            assert request(port, "GET", "/static/admin.css")[0] == 200
            assert [future.result()[0] for future in stuck] == [503] * 11
    finally:
        served.close()
        hung.close()


@pytest.mark.parametrize(("trusted_proxy", "seen"), (("127.0.0.1", "203.0.113.7"), ("10.9.9.9", "127.0.0.1")))
def test_serve_trusts_the_forwarded_address_of_the_proxy_only(database_url, tmp_path, trusted_proxy, seen):
    """With PROXY_COUNT=1 the app sees the client behind TRUSTED_PROXY; a header from another peer is dropped."""
    application = create_app(
        test_config(database_url, str(tmp_path / "instance"), PROXY_COUNT=1, TRUSTED_PROXY=trusted_proxy)
    )
    application.add_url_rule("/__alamat", "alamat", lambda: flask.request.remote_addr)
    served = Served(application)
    try:
        status, text = request(served.port, "GET", "/__alamat", headers={"X-Forwarded-For": "203.0.113.7"})
    finally:
        served.close()
    assert (status, text) == (200, seen)
