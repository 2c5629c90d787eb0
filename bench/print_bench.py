"""How long each printed document of the Klaten seed takes: median of several renders, and its queries.

    .venv/bin/python bench/print_bench.py [--runs 7] [--paper a4|f4]

It builds a throw-away SQLite database with the seed data, logs in as a clerk and fetches each PDF
through the application, as the clerk's browser would. Nothing here is a test: it prints numbers.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

from common import add_user, bench_app, logged_in
from sqlalchemy import event

from extensions import db
from seed import load_seed

DOCUMENTS = ("checklist.pdf", "annex.pdf", "attendance.pdf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--paper", choices=("a4", "f4"), default="f4")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        app = bench_app(folder)
        with app.app_context():
            load_seed(db.session)
            add_user("bench")
            engine = db.engine
        browser = logged_in(app, "bench")

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
