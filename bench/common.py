"""What the benchmarks share: a throw-away application on SQLite, and a logged-in browser."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from extensions import db  # noqa: E402
from models import User  # noqa: E402

PASSWORD = "bench-password-1"


def bench_app(folder: str, **settings: Any) -> Flask:
    """The application on a new SQLite database in `folder`, its schema built by the migrations."""
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite",
            "INSTANCE_PATH": folder,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            **settings,
        }
    )
    with app.app_context():
        upgrade()
    return app


def add_user(username: str, role: str = "clerk", agency_id: int | None = None) -> None:
    """Store a login with the bench password (inside an app context)."""
    user = User(username=username, role=role, agency_id=agency_id)
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()


def logged_in(app: Flask, username: str) -> FlaskClient:
    """A browser logged in as `username`."""
    browser = app.test_client()
    response = browser.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return browser
