"""How long each printed document of the Klaten seed takes: median of several renders, and its queries.

    .venv/bin/python bench/print_bench.py [--runs 7] [--paper a4|f4]

It builds a throw-away SQLite database with the seed data, logs in as a clerk and fetches each PDF
through the application, as the clerk's browser would. Nothing here is a test: it prints numbers.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event  # noqa: E402

from app import create_app  # noqa: E402
from extensions import db  # noqa: E402
from models import User  # noqa: E402
from seed import load_seed  # noqa: E402

DOCUMENTS = ("checklist.pdf", "annex.pdf", "attendance.pdf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--paper", choices=("a4", "f4"), default="f4")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite",
                "INSTANCE_PATH": folder,
                "SECRET_KEY": "bench",
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
                "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            }
        )
        with app.app_context():
            upgrade()
            load_seed(db.session)
            user = User(username="bench", role="clerk")
            user.set_password("bench-password-1")
            db.session.add(user)
            db.session.commit()
            engine = db.engine
        browser = app.test_client()
        browser.post("/login", data={"username": "bench", "password": "bench-password-1"})

        statements: list[str] = []
        event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        print(
            f"{'document':<16} {'paper':<5} {'median':>9} {'min':>9} {'max':>9} {'queries':>8} {'pages':>6}"
        )
        for document in DOCUMENTS:
            url = f"/admin/checklist/{document}?paper={args.paper}"
            browser.get(url)  # warm-up: fonts and templates load once per process
            timings, queries = [], 0
            for _ in range(args.runs):
                statements.clear()
                start = time.perf_counter()
                response = browser.get(url)
                timings.append(time.perf_counter() - start)
                queries = len(statements)
                assert response.status_code == 200, response.status_code
            pages = response.data.count(b"/Type /Page\n") or response.data.count(b"/Type /Page")
            print(
                f"{document:<16} {args.paper:<5} {statistics.median(timings) * 1000:>7.0f}ms"
                f" {min(timings) * 1000:>7.0f}ms {max(timings) * 1000:>7.0f}ms {queries:>8} {pages:>6}"
            )
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
