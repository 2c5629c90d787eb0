"""How long each printed document of the Klaten seed takes: median of several renders, and its queries.

    .venv/bin/python bench/print_bench.py [--runs 7] [--paper a4|f4] [--lines N]

It builds a throw-away SQLite database with the seed data, logs in as a clerk and fetches each PDF
through the application, as the clerk's browser would. With --lines N it first adds agreed work-plan
lines, spread over the OPD, until the annex holds N of them (the seed has 46), and times the annex
alone: its lines, pages, size and median render time (3 runs unless --runs says otherwise).
Nothing here is a test: it prints numbers.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from datetime import date

from common import add_user, bench_app, logged_in
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import event, select

from documents import annex_sections, build_checklist
from extensions import db
from models import Agency, Commitment
from seed import load_seed

DOCUMENTS = ("checklist.pdf", "annex.pdf", "attendance.pdf")

# What the added work-plan lines are made of: an activity of the kind the seed holds, in one of
# Klaten's 26 kecamatan; the kecamatan and a "gelombang" number keep each activity unique per agency.
ACTIVITIES = (
    ("kerja_sosial", "Penyediaan lokasi kerja sosial kebersihan fasilitas umum dan ruang terbuka hijau"),
    ("kerja_sosial", "Pendampingan klien dewasa dalam kerja sosial di kantor pelayanan"),
    ("pelatihan_kerja", "Pelatihan keterampilan kerja berbasis kompetensi bagi klien usia produktif"),
    ("pelatihan_kerja", "Magang kerja dan fasilitasi sertifikasi kompetensi bagi klien"),
    ("pendidikan", "Fasilitasi pendidikan kesetaraan Paket A, B dan C bagi klien putus sekolah"),
    ("kesehatan", "Pemeriksaan kesehatan dan skrining penyalahgunaan NAPZA bagi klien"),
    ("adminduk", "Layanan jemput bola perekaman KTP-el dan penerbitan Kartu Keluarga bagi klien"),
    ("bantuan_sosial", "Fasilitasi pendaftaran keluarga klien dalam Data Terpadu Kesejahteraan Sosial"),
    ("pembinaan", "Penyuluhan hukum dan pembinaan kesadaran berbangsa bagi klien dan keluarganya"),
    ("lainnya", "Koordinasi dan pelaporan pelaksanaan rencana kerja bersama kepada Bapas Klaten"),
)
INDICATORS = (
    "Tersedia {n} lokasi kerja sosial; {m} klien/tahun; daftar hadir direkap dan dikirim ke Bapas tiap bulan",
    "{n} angkatan pelatihan/tahun, masing-masing {m} peserta; sertifikat diterbitkan bagi peserta yang lulus",
    "Seluruh klien yang dirujuk Bapas dilayani paling lambat {n} hari kerja; rekap {m} kali/tahun",
    "Laporan pelaksanaan {n} kali/tahun disampaikan kepada Bapas Klaten dan Bagian Pemerintahan Setda",
)
PERIODS = ("Januari–Desember 2026", "Semester I dan II 2026", "Februari–November 2026", "Setiap hari kerja")
PICS = (
    "Kepala Bidang Pelayanan",
    "Kepala Seksi Rehabilitasi Sosial",
    "Sekretaris Dinas",
    "Kepala Subbagian Umum dan Kepegawaian",
)
KECAMATAN = (
    "Bayat", "Cawas", "Trucuk", "Kalikotes", "Kebonarum", "Jogonalan", "Gantiwarno", "Wedi", "Prambanan",
    "Manisrenggo", "Karangnongko", "Ngawen", "Ceper", "Pedan", "Karangdowo", "Juwiring", "Wonosari",
    "Delanggu", "Polanharjo", "Karanganom", "Tulung", "Jatinom", "Kemalang", "Klaten Selatan",
    "Klaten Tengah", "Klaten Utara",
)  # fmt: skip


def annex_lines() -> int:
    """How many work-plan lines the annex prints now."""
    sections = annex_sections(build_checklist(db.session))
    return sum(len(group.commitments) for section in sections for group in section.groups)


def add_work_plan_lines(lines: int) -> int:
    """Agreed commitments, round-robin over the OPD, until the annex holds `lines` lines; how many it holds."""
    missing = lines - annex_lines()
    agencies = db.session.scalars(select(Agency).where(Agency.kind == "opd").order_by(Agency.id)).all()
    for n in range(max(missing, 0)):
        agency = agencies[n % len(agencies)]
        k = n // len(agencies)  # this agency's k-th added line
        area, activity = ACTIVITIES[(n + k) % len(ACTIVITIES)]
        kecamatan, wave = KECAMATAN[k % len(KECAMATAN)], k // len(KECAMATAN) + 1
        db.session.add(
            Commitment(
                agency=agency,
                area=area,
                activity=f"{activity} di Kecamatan {kecamatan}, gelombang {wave}",
                indicator=INDICATORS[n % len(INDICATORS)].format(n=k % 4 + 2, m=(k * 7) % 40 + 5),
                capacity=(k % 20) + 1 if area == "kerja_sosial" else None,
                start_date=date(2026, 1, 2),
                end_date=date(2026, 12, 31),
                period_text=PERIODS[n % len(PERIODS)],
                pic_name=PICS[k % len(PICS)],
                status="agreed",
                agreed_date=date(2025, 9, 23),
            )
        )
    db.session.commit()  # the rules run on this flush (models.enforce_domain_rules)
    return annex_lines()


def time_annex(browser: FlaskClient, paper: str, runs: int) -> tuple[int, float, float]:
    """The annex's pages, size in KB and median render time in seconds."""
    url = f"/admin/checklist/annex.pdf?paper={paper}"
    browser.get(f"/admin/checklist/checklist.pdf?paper={paper}")  # warm-up: fonts and templates
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = browser.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    pages = len(PdfReader(io.BytesIO(response.data)).pages)
    return pages, len(response.data) / 1024, statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=None, help="renders per document (7; 3 with --lines)")
    parser.add_argument("--paper", choices=("a4", "f4"), default="f4")
    parser.add_argument("--lines", type=int, default=None, help="time the annex with N work-plan lines")
    args = parser.parse_args()
    runs = args.runs or (3 if args.lines else 7)

    with tempfile.TemporaryDirectory() as folder:
        app = bench_app(folder)
        with app.app_context():
            load_seed(db.session)
            add_user("bench")
            lines = add_work_plan_lines(args.lines) if args.lines else 0
            engine = db.engine
        browser = logged_in(app, "bench")

        if args.lines:
            pages, kilobytes, median = time_annex(browser, args.paper, runs)
            print(f"{'document':<16} {'paper':<5} {'lines':>6} {'pages':>6} {'size':>9} {'median':>9}")
            print(
                f"{'annex.pdf':<16} {args.paper:<5} {lines:>6} {pages:>6} {kilobytes:>6.0f} KB"
                f" {median * 1000:>7.0f}ms"
            )
            with app.app_context():
                db.engine.dispose()
            return

        statements: list[str] = []
        event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        print(
            f"{'document':<16} {'paper':<5} {'median':>9} {'min':>9} {'max':>9} {'queries':>8} {'pages':>6}"
        )
        for document in DOCUMENTS:
            url = f"/admin/checklist/{document}?paper={args.paper}"
            browser.get(url)  # warm-up: fonts and templates load once per process
            timings, queries = [], 0
            for _ in range(runs):
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
