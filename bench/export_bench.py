"""How long an agency head's CSV export takes: median of several exports of N placements, and its queries.

    .venv/bin/python bench/export_bench.py [--placements 5000] [--runs 9]

It builds a throw-away SQLite database with the Klaten reference data and N clients (half of them
children) placed with Dinas Sosial, through the models and their rules, then logs in as the Dinas
Sosial head (who sees children masked) and as the clerk, and fetches the placement and client CSV
exports as their browsers would. Nothing here is a test: it prints numbers.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date

from common import add_user, bench_app, logged_in
from sqlalchemy import event, select

from extensions import db
from models import Agency, Client, Commitment, Placement
from seed import load_seed

AGENCY = "DINSOS-P3AKB"
EXPORTS = ("/admin/placement/export/csv/", "/admin/client/export/csv/")


def build(placements: int) -> None:
    """The reference data, `placements` clients each placed once with Dinas Sosial, and two logins."""
    load_seed(db.session, demo=False)
    agency = db.session.scalar(select(Agency).where(Agency.acronym == AGENCY))
    adults = Commitment(agency=agency, area="kerja_sosial", activity="Bench: kerja sosial", status="agreed")
    children = Commitment(agency=agency, area="pembinaan", activity="Bench: pelayanan", status="agreed")
    db.session.add_all([adults, children])
    for n in range(placements):
        child = n % 2 == 0
        client = Client(
            register_number=f"{'A' if child else 'D'}-BENCH-{n:06d}",
            full_name=f"Klien Uji {n}",
            birth_date=date(2010, 5, 17) if child else date(1990, 5, 17),
            sex="L",
            category="anak" if child else "dewasa",
            offence="Pencurian ringan",
            offence_date=date(2026, 1, 20),
            legal_basis="pidana_pelayanan_masyarakat" if child else "pidana_kerja_sosial",
            ruling_ref=f"12/Pid.Sus-Anak/2026/PN Kln-{n}",
            status="active",
        )
        db.session.add(
            Placement(
                client=client,
                agency=agency,
                commitment=children if child else adults,
                kind="pelayanan_masyarakat" if child else "kerja_sosial",
                site="Panti Sosial",
                start_date=date(2026, 3, 2),
                end_date=date(2026, 8, 31),
                hours_ordered=60,
                status="active",
            )
        )
        if n % 500 == 499:
            db.session.commit()
    db.session.commit()
    add_user("bench-head", "head", agency.id)
    add_user("bench-clerk")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--placements", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        app = bench_app(folder, EXPORT_MAX_ROWS=args.placements)
        with app.app_context():
            build(args.placements)
            engine = db.engine
        statements: list[str] = []
        event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        print(
            f"{args.placements} placements with {AGENCY}, half of them children; median of {args.runs} runs"
        )
        print(f"{'who':<6} {'export':<30} {'median':>9} {'min':>9} {'queries':>8} {'rows':>6}")
        for who in ("bench-head", "bench-clerk"):
            browser = logged_in(app, who)
            for url in EXPORTS:
                browser.get(url).get_data()  # warm-up
                timings = []
                for _ in range(args.runs):
                    statements.clear()
                    start = time.perf_counter()
                    response = browser.get(url)
                    body = response.get_data(as_text=True)  # the CSV is streamed: read it all
                    timings.append(time.perf_counter() - start)
                    assert response.status_code == 200, response.status_code
                rows = body.count("\n") - 1
                print(
                    f"{who.split('-')[1]:<6} {url:<30} {statistics.median(timings) * 1000:>7.0f}ms"
                    f" {min(timings) * 1000:>7.0f}ms {len(statements):>8} {rows:>6}"
                )
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
