"""Fixtures: an app on a clean database for every test, clients logged in by role, a query counter.

The database is SQLite in a temporary folder unless `TEST_DATABASE_URL` names another one
(.ci/run points it at PostgreSQL and MariaDB). The schema is built once per run by the migrations,
and every test starts with empty tables.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from invariants import violations
from sqlalchemy import MetaData, event

from app import create_app
from extensions import limiter
from models import User, db
from seed import load_seed

TEST_PASSWORD = "kata-sandi-uji-123"


def test_config(database_url: str, instance_path: str, **extra: Any) -> dict[str, Any]:
    """Settings every test app shares: fast password hashes, CSRF off unless a test turns it on."""
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": instance_path,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        # The login rate limit is tested on its own; elsewhere it would trip over many logins.
        "RATELIMIT_ENABLED": False,
        # An unexpected error in a view fails the test instead of becoming a flashed message.
        "FLASK_ADMIN_RAISE_ON_VIEW_EXCEPTION": True,
        **extra,
    }


# Test modules import this helper; it is not a test itself.
test_config.__test__ = False  # type: ignore[attr-defined]


def drop_everything() -> None:
    """Drop every table of the test database, including ones this code no longer knows."""
    metadata = MetaData()
    metadata.reflect(bind=db.engine)
    metadata.drop_all(bind=db.engine)


def empty_tables() -> None:
    """Delete all rows, children before parents, so the next test starts clean."""
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


@contextmanager
def app_with(database_url: str, instance_path: str, **settings: Any) -> Iterator[Flask]:
    """An app whose test settings a test changes (a rate limit on, CSRF checked, …), on the shared
    test database; rate-limit counts start at zero, and its rows are deleted afterwards."""
    application = create_app(test_config(database_url, instance_path, **settings))
    limiter.reset()
    try:
        yield application
    finally:
        limiter.reset()
        with application.app_context():
            db.session.remove()
            empty_tables()
            db.engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The test database, its schema built by the migrations (which this also tests)."""
    url = os.environ.get("TEST_DATABASE_URL") or (
        "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")
    )
    app = create_app(test_config(url, str(tmp_path_factory.mktemp("instance"))))
    with app.app_context():
        drop_everything()
        upgrade()
        db.engine.dispose()
    return url


@pytest.fixture
def app(database_url: str, tmp_path: Any) -> Iterator[Flask]:
    """A fresh application on empty tables; afterwards no stored record may break a rule (invariants.py)."""
    application = create_app(test_config(database_url, str(tmp_path / "instance")))
    with application.app_context():
        empty_tables()
    yield application
    with application.app_context():
        db.session.remove()
        with db.engine.connect() as connection:
            broken = violations(connection)
        empty_tables()
        db.engine.dispose()
    assert broken == [], "the test left records that break DESIGN.md §4"


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """An anonymous browser."""
    return app.test_client()


@pytest.fixture
def seeded(app: Flask) -> Flask:
    """The app with the Klaten reference data and the demo clients loaded."""
    with app.app_context():
        load_seed(db.session)
        db.session.commit()
    return app


def make_user(app: Flask, username: str, role: str = "clerk", agency: Any = None) -> None:
    """Store a user with the shared test password."""
    with app.app_context():
        user = User(username=username, role=role, agency_id=getattr(agency, "id", agency))
        user.set_password(TEST_PASSWORD)
        db.session.add(user)
        db.session.commit()


@pytest.fixture
def login_as(app: Flask):
    """`login_as("clerk")` returns a test client logged in with a new account of that role."""

    def login(role: str = "clerk", agency: Any = None) -> FlaskClient:
        username = f"{role}-{os.urandom(3).hex()}"
        make_user(app, username, role, agency)
        browser = app.test_client()
        response = browser.post("/login", data={"username": username, "password": TEST_PASSWORD})
        assert response.status_code == 302, response.data
        return browser

    return login


@pytest.fixture
def clerk(login_as) -> FlaskClient:
    """A browser logged in as the clerk."""
    return login_as("clerk")


class QueryCounter:
    """Counts SQL statements sent to the database while active."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Flask):
    """`with count_queries() as counter:` counts the statements of the block."""
    from contextlib import contextmanager

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return counting


# --- how many browser tests ran ------------------------------------------------------------------

BROWSER_OUTCOMES: dict[str, str] = {}


def pytest_collection_finish(session: pytest.Session) -> None:
    """Hook for pytest: every selected test driving Chromium (it asks for the `browser` fixture) is counted."""
    for item in session.items:
        if "browser" in getattr(item, "fixturenames", ()):
            BROWSER_OUTCOMES[item.nodeid] = "not run"


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Hook for pytest: remember each browser test's outcome (a failed setup or teardown counts as failed)."""
    if report.nodeid not in BROWSER_OUTCOMES or BROWSER_OUTCOMES[report.nodeid] == "failed":
        return
    if report.when == "call" or report.outcome != "passed":
        BROWSER_OUTCOMES[report.nodeid] = report.outcome


# How many inputs the property-based tests (test_fuzz.py) tried, by kind; "_…" keys are their own.
FUZZ_INPUTS: dict[str, int] = {}


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Hook for pytest: say how many browser tests passed, so CI shows they ran and were not skipped,
    and how many inputs the property-based tests tried."""
    tried = {kind: count for kind, count in FUZZ_INPUTS.items() if not kind.startswith("_")}
    if tried:
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(tried.items()))
        terminalreporter.write_line(
            f"Property-based tests (Hypothesis): {sum(tried.values())} inputs tried ({kinds})"
        )
    if not BROWSER_OUTCOMES:
        return
    counts: dict[str, int] = {}
    for outcome in BROWSER_OUTCOMES.values():
        counts[outcome] = counts.get(outcome, 0) + 1
    summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(counts.items()))
    terminalreporter.write_line(f"Browser tests (Chromium): {summary}")
