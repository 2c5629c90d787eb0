"""The application factory, its configuration, the SQLite settings and the health check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import test_config
from sqlalchemy import text

from app import create_app
from models import db

REPO = Path(__file__).resolve().parent.parent


def test_importing_the_app_starts_nothing():
    """Importing app.py builds no application and opens no database (the factory does)."""
    code = "import app, flask; assert not flask.has_app_context(); print(hasattr(app, 'create_app'))"
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "True"
    assert "app = create_app" not in (REPO / "app.py").read_text()


def test_the_pdf_libraries_are_loaded_by_the_first_print_not_by_the_start(tmp_path):
    """A started app with its lists served holds no PDF library (about 25 MB); the first print loads them."""
    code = f"""
import sys
sys.path.insert(0, "bench")
from common import add_user, bench_app, logged_in
app = bench_app({str(tmp_path)!r})
with app.app_context():
    add_user("b")
browser = logged_in(app, "b")
heavy = ("xhtml2pdf", "reportlab", "pypdf")
assert browser.get("/admin/placement/").status_code == 200
assert browser.get("/admin/checklist/").status_code == 200
print(sorted(name for name in heavy if name in sys.modules))
assert browser.get("/admin/checklist/annex.pdf").status_code == 200
print(sorted(name for name in heavy if name in sys.modules))
"""
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert output.stdout.split("\n")[:2] == ["[]", "['pypdf', 'reportlab', 'xhtml2pdf']"]


def test_secret_key_is_generated_once_in_the_instance_folder(database_url, tmp_path):
    """Without SECRET_KEY the app makes one in the instance folder and keeps it across restarts."""
    config = test_config(database_url, str(tmp_path))
    del config["SECRET_KEY"]
    first = create_app(dict(config))
    second = create_app(dict(config))
    key_file = tmp_path / "secret_key"
    assert key_file.exists()
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text().strip()
    assert len(first.config["SECRET_KEY"]) >= 32
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_database_url_defaults_to_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    """With no DATABASE_URL the data lives in a SQLite file in the instance folder."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/bapas.sqlite"


def test_database_url_comes_from_the_environment(tmp_path, monkeypatch):
    """DATABASE_URL in the environment chooses the database."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/other.sqlite")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/other.sqlite"


def test_sqlite_connections_enforce_foreign_keys_wal_and_busy_timeout(tmp_path):
    """Every SQLite connection has foreign keys on, WAL journaling and a busy timeout."""
    app = create_app(test_config(f"sqlite:///{tmp_path}/p.sqlite", str(tmp_path)))
    with app.app_context():
        pragmas = {
            name: db.session.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("foreign_keys", "journal_mode", "busy_timeout")
        }
        db.engine.dispose()
    assert pragmas == {"foreign_keys": 1, "journal_mode": "wal", "busy_timeout": 5000}


def test_healthz_answers_200_when_the_database_is_reachable(client):
    """A monitor sees 200 and 'ok' while the database takes a write and the disk has room."""
    response = client.get("/healthz")
    assert response.status_code == 200
    report = response.get_json()
    assert {key: report[key] for key in ("status", "database", "disk")} == {
        "status": "ok",
        "database": "ok",
        "disk": "ok",
    }


def test_healthz_answers_503_when_the_database_is_not_reachable(tmp_path):
    """A monitor sees 503 when the database cannot be opened."""
    app = create_app(test_config("sqlite:////nonexistent-folder/x/db.sqlite", str(tmp_path)))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_root_leads_to_the_admin(client):
    """Opening the site's root goes to the back-office."""
    response = client.get("/")
    assert response.status_code == 302
    assert response.location.endswith("/admin/")
