"""The pages of the back-office at the size of a large office: median and p90 time and SQL queries per page.

    make bench                                  # 100,000 clients on SQLite
    make bench N=2000                           # a small run (or BENCH_CLIENTS=2000)
    make bench DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_db   # an empty database
    .venv/bin/python bench/bench.py --clients 2000 --runs 30 [--rebuild]

1. The database: N clients (default 100,000), about 3N placements with their hour logs, the Klaten
   reference data and a clerk and an agency head (bench/bench_data.py says how the rows are drawn
   and what checks they pass). It is built in a child process, whose time and peak memory are
   reported. On SQLite the built file is kept in bench/out/ (git-ignored), named by N, the migration
   head and the generator's version, and the next run copies it instead of building again (--rebuild
   builds anew). With DATABASE_URL the database must be empty (or hold this benchmark's data: of the
   same N it is reused, of another N dropped and rebuilt); PostgreSQL then gets ANALYZE after the load,
   as autovacuum would do. SQLite gets no ANALYZE: the application never runs it.
2. The measurement, in this process, with Flask's test client (no network): every page is requested
   3 times to warm up, then --runs times (default 30) timed from the request to the last byte of the
   body; a PDF or the export whose warm-up took over a second is timed --document-runs times
   (default 10). The SQL statements of each request are counted with an SQLAlchemy
   `before_cursor_execute` listener. The rate limits are off (bench/common.py), nothing else is
   changed: EXPORT_MAX_ROWS, page sizes and the rest are the application's defaults.
3. The table per page (median ms, p90 ms, queries, requests) with the machine and the database is
   printed and written to bench/RESULTS.md, one section per database kind (SQLite, PostgreSQL): a
   run replaces its own section and keeps the other, so the SQLite and PostgreSQL figures sit side by
   side. Peak RSS of the build and of the measurement are printed and written too.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import bench_data
from common import bench_app, logged_in
from load import percentile
from sqlalchemy import create_engine, event, func, inspect, select, text
from sqlalchemy.engine import make_url

from extensions import db
from models import Agency, Client, Commitment, HourLog, Placement

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
RESULTS = BENCH / "RESULTS.md"
DEFAULT_CLIENTS = 100_000
WARM_UP = 3


@dataclass
class Page:
    """One page to time: its label, who asks for it, the URL, and whether it is a document (PDF, export)."""

    label: str
    who: str
    url: str
    document: bool = False
    times_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    rows: int = 0


# ---------------------------------------------------------------------------------------------
# The database: built once, in a child process
# ---------------------------------------------------------------------------------------------


def migration_head() -> str:
    """The newest migration's revision, which names the cached database."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return ScriptDirectory.from_config(config).get_current_head() or "none"


def cache_name(clients: int) -> str:
    """The file name (without suffix) of the built database of `clients` clients."""
    return f"bench-{clients}-m{migration_head()}-g{bench_data.GENERATOR_VERSION}"


def run_build(clients: int, target: str, info: Path) -> None:
    """Build the database in a child process (its peak memory apart from the measurement's)."""
    command = [sys.executable, __file__, "--build-only", "--clients", str(clients), "--target", target]
    command += ["--info", str(info)]
    print(f"Building the database of {clients:,} clients (once; cached afterwards) ...", flush=True)
    subprocess.run(command, check=True)


def build_only(clients: int, target: str, info: Path) -> None:
    """The child: migrations, reference data and the drawn rows into `target`; `info` gets the figures."""
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="build-", dir=OUT))
    try:
        if "://" in target:
            drop_everything(target)
            app = bench_app(str(folder), DATABASE_URL=target)
        else:
            app = bench_app(str(folder))
        with app.app_context():
            details = bench_data.build(clients, log=lambda line: print(line, flush=True))
            db.session.remove()
            if db.engine.dialect.name == "sqlite":
                with db.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            db.engine.dispose()
        if "://" not in target:
            shutil.move(str(folder / "bench.sqlite"), target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    details["build_seconds"] = round(time.perf_counter() - started, 1)
    details["build_peak_rss_mb"] = round(peak_rss_mb(resource.RUSAGE_SELF))
    details["clients_asked"] = clients
    details["migration_head"] = migration_head()
    info.write_text(json.dumps(details, indent=2))
    print(
        f"Built in {details['build_seconds']:.0f} s, peak RSS {details['build_peak_rss_mb']} MB: "
        f"{details['counts']['clients']:,} clients, {details['counts']['placements']:,} placements, "
        f"{details['counts']['hour_logs']:,} hour logs",
        flush=True,
    )


def drop_everything(url: str) -> None:
    """Drop every table of the database `url` (a database of this benchmark's own, checked before)."""
    from sqlalchemy import MetaData

    engine = create_engine(url)
    try:
        metadata = MetaData()
        metadata.reflect(bind=engine)
        metadata.drop_all(bind=engine)
    finally:
        engine.dispose()


def server_state(url: str, clients: int, info: Path) -> str:
    """'ready' (this benchmark's data of this N), 'empty', 'other' (this benchmark's, another N) or 'foreign'."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
            if not tables:
                return "empty"
            if "app_user" not in tables or "client" not in tables:
                return "foreign"
            ours = connection.execute(
                text("SELECT 1 FROM app_user WHERE username = :name"), {"name": bench_data.CLERK}
            ).first()
            if ours is None:
                return "foreign"
            stored = connection.execute(text("SELECT COUNT(*) FROM client")).scalar()
    finally:
        engine.dispose()
    if info.exists():
        details = json.loads(info.read_text())
        if details.get("clients_asked") == clients and details["counts"]["clients"] == stored:
            return "ready"
    return "other"


def prepare(args: argparse.Namespace, url: str | None) -> tuple[Any, dict[str, Any], bool, Path]:
    """The app on the benchmark's database (built if needed); the build's figures; built now or not."""
    OUT.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="run-", dir=OUT))
    built_now = False
    if url is None:
        cache = OUT / f"{cache_name(args.clients)}.sqlite"
        info = cache.with_suffix(".json")
        if args.rebuild or not cache.exists() or not info.exists():
            cache.unlink(missing_ok=True)
            run_build(args.clients, str(cache), info)
            built_now = True
        else:
            print(f"Using the database built earlier: {cache.relative_to(ROOT)}")
        # A copy: the requests write (logins, the audit trail), the cached file stays as built.
        shutil.copyfile(cache, folder / "bench.sqlite")
        app = bench_app(str(folder))
    else:
        where = make_url(url)
        info = (
            OUT / f"{cache_name(args.clients)}-{where.get_backend_name()}-{where.host}-{where.database}.json"
        )
        state = server_state(url, args.clients, info)
        if state == "foreign":
            raise SystemExit(
                f"{where.render_as_string(hide_password=True)} holds other data: give an empty database."
            )
        if args.rebuild or state != "ready":
            run_build(args.clients, url, info)
            built_now = True
        else:
            print(f"Using the benchmark data already in {where.database}")
        app = bench_app(str(folder), DATABASE_URL=url)
    return app, json.loads(info.read_text()), built_now, folder


# ---------------------------------------------------------------------------------------------
# The pages and their timing
# ---------------------------------------------------------------------------------------------


def admin_view(app: Any, endpoint: str) -> Any:
    """The Flask-Admin view registered under `endpoint`."""
    for admin in app.extensions["admin"]:
        for view in admin._views:
            if view.endpoint == endpoint:
                return view
    raise LookupError(endpoint)


def status_filter_arg(app: Any) -> str:
    """The URL argument of the placement list's filter "status equals" (named_filter_urls)."""
    view = admin_view(app, "placement")
    for key, (_, flt) in view._filter_args.items():
        if getattr(flt, "field_name", None) == "status" and key.endswith("_equals"):
            return f"flt0_{key}"
    raise LookupError(f"no status filter among {sorted(view._filter_args)}")


def sort_index(app: Any, endpoint: str, column: str) -> int:
    """The `sort=` index of a list column."""
    names = [name for name, _ in admin_view(app, endpoint)._list_columns]
    return names.index(column)


def pages(app: Any) -> tuple[list[Page], dict[str, Any]]:
    """The pages to time, as the issue lists them, and what they were chosen from."""
    with app.app_context():
        # A running kerja sosial placement with a journal of at least 10 days: a typical placement page.
        placement = db.session.execute(
            select(Placement.id, Client.register_number)
            .join(Client, Client.id == Placement.client_id)
            .where(
                Placement.status == "active",
                Placement.kind == "kerja_sosial",
                select(func.count()).where(HourLog.placement_id == Placement.id).scalar_subquery() >= 10,
            )
            .order_by(Placement.id)
            .limit(1)
        ).one()
    status = status_filter_arg(app)
    by_name = sort_index(app, "client", "full_name")
    clerk, head = bench_data.CLERK, bench_data.HEAD
    chosen = {"placement_id": placement.id, "register_number": placement.register_number}
    return [
        Page("placement list, page 1", clerk, "/admin/placement/"),
        Page("placement list, page 1 (head)", head, "/admin/placement/"),
        Page("placement list, page 500", clerk, "/admin/placement/?page=499"),
        Page("placement list, status running", clerk, f"/admin/placement/?{status}=active"),
        Page(f"client search '{bench_data.SEARCH_SURNAME}' (~1 %)", clerk, f"/admin/client/?search={bench_data.SEARCH_SURNAME}"),
        Page("client list, name descending", clerk, f"/admin/client/?sort={by_name}&desc=1"),
        Page("placements, search a register number", clerk, f"/admin/placement/?search={placement.register_number}"),
        Page("placement details", clerk, f"/admin/placement/details/?id={placement.id}"),
        Page("placement form (new)", clerk, "/admin/placement/new/"),
        Page("dashboard", clerk, "/admin/"),
        Page("checklist", clerk, "/admin/checklist/"),
        Page("checklist.pdf", clerk, "/admin/checklist/checklist.pdf", document=True),
        Page("annex.pdf", clerk, "/admin/checklist/annex.pdf", document=True),
        Page("attendance.pdf", clerk, "/admin/checklist/attendance.pdf", document=True),
        Page("placement export CSV", clerk, "/admin/placement/export/csv/", document=True),
        Page("placement export CSV (head)", head, "/admin/placement/export/csv/", document=True),
    ], chosen  # fmt: skip


def measure(app: Any, todo: list[Page], runs: int, document_runs: int) -> None:
    """Warm up and time every page, counting its SQL statements; fills each Page's figures."""
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        statements.append(statement)

    browsers = {who: logged_in(app, who) for who in {page.who for page in todo}}
    event.listen(engine, "before_cursor_execute", count)
    try:
        for page in todo:
            browser = browsers[page.who]
            warm = []
            for _ in range(WARM_UP):
                warm.append(fetch(browser, page)[0])
            times = runs
            if page.document and statistics.median(warm) > 1000:
                times = document_runs
            for _ in range(times):
                statements.clear()
                elapsed, body = fetch(browser, page)
                page.times_ms.append(elapsed)
                page.queries.append(len(statements))
                page.rows = body.count(b"\n") - 1 if "/export/" in page.url else 0
            print(f"  {page.label:<44} {statistics.median(page.times_ms):>9.1f} ms", flush=True)
    finally:
        event.remove(engine, "before_cursor_execute", count)


def fetch(browser: Any, page: Page) -> tuple[float, bytes]:
    """One request, read to its last byte: (milliseconds, body); anything but 200 stops the run."""
    started = time.perf_counter()
    response = browser.get(page.url)
    body = response.get_data()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{page.label}: {page.url} answered {response.status_code}")
    return elapsed, body


# ---------------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------------


def peak_rss_mb(who: int) -> float:
    """Peak resident memory in MB (Linux reports kilobytes)."""
    return resource.getrusage(who).ru_maxrss / 1024


def machine() -> str:
    """CPU model, cores, memory, OS and Python."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = " ".join(line.split(":", 1)[1].split())
                break
        memory = next(
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f", {memory} GB RAM"
    except (OSError, StopIteration):
        ram = ""
    return (
        f"{cpu}, {os.cpu_count()} cores{ram}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}"
    )


def database(app: Any) -> tuple[str, str]:
    """(kind, description): 'sqlite' and its version, or 'postgresql' and the server's."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            return "sqlite", f"SQLite {sqlite3.sqlite_version} (one file, WAL, synchronous=NORMAL)"
        version = db.session.scalar(text("SHOW server_version"))
        where = db.engine.url
        return (
            db.engine.dialect.name,
            f"PostgreSQL {version} on {where.host}:{where.port or 5432} (psycopg 3)",
        )


def data_figures(app: Any) -> dict[str, int]:
    """What the database holds, and what the search and the head's scope match."""
    with app.app_context():

        def count(model: type, *where: Any) -> int:
            return db.session.scalar(select(func.count()).select_from(model).where(*where))

        head_agency = db.session.scalar(select(Agency.id).where(Agency.acronym == bench_data.HEAD_AGENCY))
        return {
            "clients": count(Client),
            "placements": count(Placement),
            "running": count(Placement, Placement.status == "active"),
            "hour_logs": count(HourLog),
            "commitments": count(Commitment),
            "opd": count(Agency, Agency.kind == "opd"),
            "search": count(Client, Client.full_name.ilike(f"%{bench_data.SEARCH_SURNAME}%")),
            "head": count(Placement, Placement.agency_id == head_agency),
        }


def queries_text(values: list[int]) -> str:
    """'7', or '7–9' when the requests of one page sent different numbers of statements."""
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}–{high}"


def ms(value: float) -> str:
    """Milliseconds: one decimal under 10, whole above."""
    return f"{value:.1f}" if value < 10 else f"{value:,.0f}"


def report(
    todo: list[Page],
    kind: str,
    engine_text: str,
    figures: dict[str, int],
    info: dict[str, Any],
    built_now: bool,
    chosen: dict[str, Any],
    rss: dict[str, float],
) -> str:
    """Print the table and return the same as a Markdown section."""
    build = f"built in {info['build_seconds']:.0f} s" + (
        "" if built_now else f" on {info['built_at'][:10]}, reused"
    )
    header = [
        f"Date: {datetime.now():%Y-%m-%d %H:%M}",
        f"Machine: {machine()}",
        f"Database: {engine_text}",
        f"Data: {figures['clients']:,} clients, {figures['placements']:,} placements "
        f"({figures['running'] / max(figures['placements'], 1):.0%} running), {figures['hour_logs']:,} hour logs, "
        f"{figures['commitments']} work-plan lines of {figures['opd']} OPD; {build} "
        f"(peak RSS of the build {info['build_peak_rss_mb']} MB)",
        f"Client search '{bench_data.SEARCH_SURNAME}' matches {figures['search']:,} clients "
        f"({figures['search'] / max(figures['clients'], 1):.1%}); placement search: register number "
        f"{chosen['register_number']}; details: placement {chosen['placement_id']}; the head is "
        f"{bench_data.HEAD_AGENCY}'s ({figures['head']:,} placements, children masked)",
        f"Each page: {WARM_UP} warm-up requests, then the requests counted below; "
        f"time from the request to the body's last byte (Flask test client); the exports hold "
        f"{' and '.join(f'{page.rows:,}' for page in todo if page.rows)} rows (EXPORT_MAX_ROWS caps them)",
    ]
    width = max(len(page.label) for page in todo)
    print()
    for line in header:
        print(line)
    print(f"\n{'page':<{width}}  {'median ms':>9}  {'p90 ms':>8}  {'queries':>7}  {'requests':>8}")
    rows = []
    for page in todo:
        median = statistics.median(page.times_ms)
        p90 = percentile(page.times_ms, 0.9)
        queries = queries_text(page.queries)
        print(f"{page.label:<{width}}  {ms(median):>9}  {ms(p90):>8}  {queries:>7}  {len(page.times_ms):>8}")
        rows.append(f"| {page.label} | {ms(median)} | {ms(p90)} | {queries} | {len(page.times_ms)} |")
    memory = f"Peak RSS: the build {info['build_peak_rss_mb']} MB, the measurement {rss['measure']:.0f} MB"
    print(f"\n{memory}")
    title = "SQLite" if kind == "sqlite" else "PostgreSQL"
    lines = [f"## {title}", "", *(f"- {line}" for line in header), f"- {memory}", ""]
    lines += ["| page | median ms | p90 ms | queries | requests |", "|---|---:|---:|---:|---:|", *rows]
    return "\n".join(lines) + "\n"


def write_results(kind: str, section: str) -> None:
    """Put `section` into bench/RESULTS.md in place of this database kind's, keeping the others."""
    intro = (
        "# Benchmark results\n\n"
        "Written by `make bench` (bench/bench.py; its docstring says what is built and measured). "
        "Each database kind has its own section; a run replaces its own and keeps the others. "
        "Times are milliseconds; queries are the SQL statements one request sends.\n"
    )
    sections: dict[str, str] = {}
    if RESULTS.exists():
        for name, body in re.findall(
            r"<!-- bench:(\w+) -->\n(.*?)<!-- /bench:\1 -->", RESULTS.read_text(), re.S
        ):
            sections[name] = body
    sections[kind] = section
    order = sorted(sections, key=lambda name: (name != "sqlite", name))
    parts = [intro] + [f"<!-- bench:{name} -->\n{sections[name]}<!-- /bench:{name} -->\n" for name in order]
    RESULTS.write_text("\n".join(parts))
    print(f"Written: {RESULTS.relative_to(ROOT)} ({'SQLite' if kind == 'sqlite' else 'PostgreSQL'} section)")


def default_clients() -> int:
    """N from BENCH_CLIENTS or N in the environment (make bench N=...), else 100,000."""
    for name in ("BENCH_CLIENTS", "N"):
        if os.environ.get(name):
            return int(os.environ[name])
    return DEFAULT_CLIENTS


def main() -> None:
    """Build (or reuse) the database, time the pages, print and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=default_clients(), help="N (default 100,000)")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page (30)")
    parser.add_argument(
        "--document-runs", type=int, default=10, help="timed requests of a PDF or export over 1 s (10)"
    )
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--target", help=argparse.SUPPRESS)
    parser.add_argument("--info", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_only:
        build_only(args.clients, args.target, args.info)
        return
    url = os.environ.get("DATABASE_URL") or None
    app, info, built_now, folder = prepare(args, url)
    try:
        kind, engine_text = database(app)
        figures = data_figures(app)
        todo, chosen = pages(app)
        print(f"Timing {len(todo)} pages ({WARM_UP} warm-up requests, then {args.runs} each) ...", flush=True)
        measure(app, todo, args.runs, args.document_runs)
        rss = {"measure": peak_rss_mb(resource.RUSAGE_SELF)}
        section = report(todo, kind, engine_text, figures, info, built_now, chosen, rss)
        write_results(kind, section)
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
