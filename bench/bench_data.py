"""The benchmark's database: N clients, about 3N placements and their hour logs, valid by construction.

`build(n)` runs inside an application context on an empty database whose schema the migrations built:

1. The Klaten reference data through `seed.load_seed(demo=False)` (agencies, the work plan, the
   agreement), 24 more agreed work-plan lines (one "lokasi kerja sosial" per OPD and three job-training
   lines, each with the largest capacity a clerk may type, rules.CAPACITY_MAX) and two logins, a
   clerk and the head of Dinas Sosial: all of it through the models, so every rule runs on its flush.
2. The clients, placements and hour logs are drawn at random (a fixed seed) to pass the rules:
   Indonesian names, a Klaten NIK (3310, the kecamatan, the birth date, +40 for women) that matches
   the birth date and sex, a register number unique per year, the child/adult category from the age
   at the offence (rules.CHILD_AGE), a legal basis of that category; placements with an OPD under one
   of its agreed lines, the kind fitting the category, the ordered hours, the period and the journal
   within rules.SENTENCES (daily cap, working days, total ≤ ordered), open placements only for active
   clients and never past a line's capacity; about 45 % of the placements running.
   Each row is checked when drawn with the pure checks of rules.py the models call (NIK format and
   match, age and category, sentence category, hours range and period, daily cap, working days,
   half hours, dates not in the future and in order, the journal's total); a row that fails is drawn
   again.
   Dates are drawn around today (WIB), so the statuses fit the day the database is built.
3. The first ORM_CLIENTS (1,000) clients, with their placements and hour logs, are saved through the
   ORM, so the application's own `before_flush` guard (models.enforce_domain_rules) accepts the
   generator's rows as a clerk's save; the rest are inserted with SQLAlchemy Core `insert()` in
   batches (the unique register numbers and NIKs and the foreign keys are the database's to refuse).
4. Afterwards: tests/invariants.py `violations()` over the whole database (every cross-row rule:
   capacity, hours credited, agency of the line, active client, sentence bounds, journal days) must
   find nothing, and `rule_errors()` (the guard's check) and `rule_warnings()` of a random sample of
   SAMPLE (1,000) stored clients, placements and hour logs each must be empty.

The audit trail holds only the ORM part's entries: Core inserts bypass the flush hooks.
"""

from __future__ import annotations

import math
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from common import add_user  # noqa: E402
from sqlalchemy import func, insert, select, text  # noqa: E402

import rules  # noqa: E402
from extensions import db  # noqa: E402
from models import (  # noqa: E402
    CLIENT_STATUSES,
    LEGAL_BASES,
    OPEN_PLACEMENT_STATUSES,
    Agency,
    Client,
    Commitment,
    HourLog,
    Placement,
    today_wib,
    utcnow,
)
from seed import load_seed  # noqa: E402

# Bump when the data drawn changes: a cached database of another version is rebuilt.
GENERATOR_VERSION = 1
SEED = 2026
CLERK = "bench-clerk"
HEAD = "bench-head"
HEAD_AGENCY = "DINSOS-P3AKB"
# The surname about 1 % of clients carry, and no other name contains: the "1 % search".
SEARCH_SURNAME = "Hadiwijaya"
SEARCH_SHARE = 0.01
ORM_CLIENTS = 1000
SAMPLE = 1000
CHUNK = 2000

# Klaten's kecamatan in the order of their code (NIK digits 5–6): 3310 01 Prambanan … 3310 26 Klaten Utara.
KECAMATAN = (
    "Prambanan", "Gantiwarno", "Wedi", "Bayat", "Cawas", "Trucuk", "Kalikotes", "Kebonarum", "Jogonalan",
    "Manisrenggo", "Karangnongko", "Ngawen", "Ceper", "Pedan", "Karangdowo", "Juwiring", "Wonosari",
    "Delanggu", "Polanharjo", "Karanganom", "Tulung", "Jatinom", "Kemalang", "Klaten Selatan",
    "Klaten Tengah", "Klaten Utara",
)  # fmt: skip
DUKUH = (
    "Sidorejo", "Karangasem", "Gondangan", "Ngrundul", "Tegalrejo", "Sumberejo", "Kauman", "Krajan",
    "Ngemplak", "Jetis", "Ngaran", "Bendo", "Plosorejo", "Kadirejo", "Tambakan", "Gumulan", "Mlese",
    "Tlogo", "Pakahan", "Jambakan", "Banyuaeng", "Growong", "Kepanjen", "Dukuhan",
)  # fmt: skip
MEN = (
    "Agus", "Budi", "Joko", "Slamet", "Sugeng", "Bambang", "Heru", "Eko", "Dwi", "Tri", "Wahyu", "Rudi",
    "Andi", "Fajar", "Rizky", "Yoga", "Dimas", "Bayu", "Arif", "Hendra", "Teguh", "Priyo", "Sutrisno",
    "Suparman", "Mulyono", "Gunawan", "Imam", "Ahmad", "Muhammad", "Yusuf", "Ilham", "Aditya", "Galih",
    "Anton", "Rahmat", "Iwan", "Didik", "Sigit", "Wawan", "Yanto", "Supri", "Kukuh", "Danang", "Bagus",
    "Ari", "Doni", "Aris", "Rendi", "Feri", "Bima", "Satria", "Reza", "Angga", "Nanang", "Tomi",
)  # fmt: skip
WOMEN = (
    "Siti", "Sri", "Dewi", "Rina", "Endang", "Putri", "Ayu", "Nur", "Dian", "Ratna", "Indah", "Fitri",
    "Yuni", "Eka", "Wulan", "Anisa", "Rahma", "Novi", "Kartika", "Sekar", "Retno", "Sulastri", "Tutik",
    "Umi", "Yati", "Nanik", "Lina", "Maya", "Intan", "Citra", "Desi", "Puji", "Rini", "Rosita", "Tika",
)  # fmt: skip
SURNAMES_MEN = (
    "Pratama", "Saputra", "Nugroho", "Wibowo", "Santoso", "Susanto", "Setiawan", "Kurniawan", "Hidayat",
    "Prasetyo", "Purnomo", "Wijaya", "Hartono", "Suryanto", "Utomo", "Handoko", "Gunadi", "Kusuma",
    "Ramadhan", "Firmansyah", "Syahputra", "Hakim", "Maulana", "Aditama", "Widodo", "Sutanto",
    "Riyadi", "Mulyadi", "Haryanto", "Supriyadi", "Wicaksono", "Nugraha", "Permana", "Darmawan",
)  # fmt: skip
PEOPLE = MEN + WOMEN
SURNAMES_WOMEN = (
    "Lestari", "Rahayu", "Wulandari", "Handayani", "Sari", "Astuti", "Puspitasari", "Permatasari",
    "Safitri", "Maharani", "Anggraini", "Fitriani", "Kurniasih", "Susilowati", "Wahyuni", "Rahmawati",
    "Setyaningsih", "Purwanti", "Kusumawati", "Ningsih",
)  # fmt: skip
OFFENCES_ADULT = (
    "Pencurian ringan (Pasal 478 KUHP)", "Penganiayaan ringan (Pasal 471 KUHP)",
    "Penggelapan (Pasal 486 KUHP)", "Penipuan (Pasal 492 KUHP)", "Penadahan (Pasal 591 KUHP)",
    "Perusakan barang (Pasal 521 KUHP)", "Perjudian (Pasal 426 KUHP)",
    "Kelalaian lalu lintas yang mengakibatkan luka (Pasal 310 UU 22/2009)",
)  # fmt: skip
OFFENCES_CHILD = (
    "Pencurian (Pasal 476 KUHP)", "Penganiayaan (Pasal 466 KUHP)", "Pengeroyokan (Pasal 262 KUHP)",
    "Perusakan barang (Pasal 521 KUHP)", "Kelalaian lalu lintas (Pasal 310 UU 22/2009)",
)  # fmt: skip
# Legal bases of each category, with weights; the sentence served under each (None: services only).
BASES = {
    "dewasa": (
        ("pidana_kerja_sosial", 55), ("pembebasan_bersyarat", 14), ("asimilasi", 9),
        ("pidana_pengawasan", 10), ("cuti_bersyarat", 5), ("restorative_justice", 7),
    ),
    "anak": (
        ("pidana_pelayanan_masyarakat", 35), ("diversi", 25), ("pidana_pelatihan_kerja", 25),
        ("pidana_pengawasan", 10), ("restorative_justice", 5),
    ),
}  # fmt: skip
SENTENCE_OF_BASIS = {
    "pidana_kerja_sosial": "kerja_sosial",
    "pidana_pelayanan_masyarakat": "pelayanan_masyarakat",
    "diversi": "pelayanan_masyarakat",
    "pidana_pelatihan_kerja": "pelatihan_kerja",
}
HOURS_ORDERED = {
    "kerja_sosial": (8, 16, 24, 40, 40, 60, 60, 80, 80, 100, 120, 120, 160, 200, 240),
    "pelayanan_masyarakat": (7, 14, 20, 30, 30, 40, 40, 60, 60, 80, 100, 120),
    "pelatihan_kerja": (None, None, 60, 90, 120, 120, 180),
}
# How long each kind may run, in days, for the drawing (the rules check the real bounds).
LONGEST_DAYS = {"kerja_sosial": 170, "pelayanan_masyarakat": 240, "pelatihan_kerja": 330}
# Days of the week a client works (0 = Monday); weekends only where the kind allows them.
PATTERNS = ((0, 1, 2, 3, 4), (0, 2, 4), (1, 3), (0, 1, 2, 3, 4, 5), (5,), (5, 6))
SITES = {
    "kerja_sosial": ("Taman kota", "Kantor kelurahan", "Pasar daerah", "Terminal", "Kantor kecamatan",
                     "Gedung pertemuan", "Ruang terbuka hijau", "Halaman kantor dinas"),
    "pelatihan_kerja": ("Balai latihan kerja", "Bengkel binaan", "Balai benih", "Rumah produksi UMKM"),
    "bantuan_sosial": ("Kantor dinas", "Posko layanan terpadu"),
    "layanan": ("Kantor layanan", "Puskesmas", "PKBM", "Kantor desa", "Aula dinas"),
}  # fmt: skip
ACTIVITIES = {
    "kerja_sosial": ("Membersihkan area taman", "Menyapu dan mengangkut sampah", "Merapikan tanaman",
                     "Membersihkan saluran air", "Mengecat pagar dan bangku", "Membantu layanan arsip"),
    "pelayanan_masyarakat": ("Membantu petugas perpustakaan", "Membersihkan halaman kantor",
                             "Membantu layanan tamu", "Menata ruang baca"),
    "pelatihan_kerja": ("Praktik las dasar", "Praktik menjahit", "Praktik budidaya ikan",
                        "Teori keselamatan kerja", "Praktik servis sepeda motor"),
}  # fmt: skip
SUPERVISOR_ROLES = ("koordinator lapangan", "kepala seksi", "staf pelaksana", "pengelola lokasi")
PK_NAMES = (
    "Rina Puspitasari", "Dimas Prasetyo", "Agus Santoso", "Sri Handayani", "Bambang Wicaksono",
    "Dewi Kusumawati", "Heru Nugroho", "Yuni Astuti", "Teguh Riyadi", "Kartika Permatasari",
    "Wahyu Setiawan", "Endang Rahayu", "Arif Hidayat", "Ratna Sari", "Fajar Kurniawan", "Indah Lestari",
)  # fmt: skip
EXTRA_LINES = (
    ("kerja_sosial", "Lokasi kerja sosial dan pelayanan masyarakat bagi klien di unit kerja {acronym}"),
)
EXTRA_TRAINING = ("DISPERINAKER", "DINKOP-UKM", "DISTAN")


def check_texts() -> None:
    """Every fixed text the rows are built from passes the models' text check (no control character)."""
    pools = [KECAMATAN, DUKUH, MEN, WOMEN, SURNAMES_MEN, SURNAMES_WOMEN, OFFENCES_ADULT, OFFENCES_CHILD]
    pools += [*SITES.values(), *ACTIVITIES.values(), SUPERVISOR_ROLES, PK_NAMES]
    for pool in pools:
        for value in pool:
            assert rules.text_error(value) is None and rules.trim_text(value) == value, value
    names = [*MEN, *WOMEN, *SURNAMES_MEN, *SURNAMES_WOMEN, *PK_NAMES]
    assert not any(SEARCH_SURNAME.lower() in name.lower() for name in names)


def weighted(rng: random.Random, pairs: tuple[tuple[Any, int], ...]) -> Any:
    """One value of (value, weight) pairs."""
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def days(n: int) -> timedelta:
    """`n` days."""
    return timedelta(days=n)


class Rejected(Exception):
    """A drawn row broke a rule: it is drawn again."""


def require(condition: Any, what: str) -> None:
    """Reject the drawn row unless `condition` holds."""
    if not condition:
        raise Rejected(what)


# ---------------------------------------------------------------------------------------------
# The fixed part, through the models
# ---------------------------------------------------------------------------------------------


def reference_data() -> None:
    """The seed's agencies, work plan and agreement, the extra work-plan lines and the two logins."""
    load_seed(db.session, demo=False)
    db.session.commit()
    opds = db.session.scalars(select(Agency).where(Agency.kind == "opd").order_by(Agency.id)).all()
    for agency in opds:
        for area, activity in EXTRA_LINES:
            add_line(agency, area, activity.format(acronym=agency.acronym))
        if agency.acronym in EXTRA_TRAINING:
            add_line(
                agency, "pelatihan_kerja", f"Pelatihan kerja berbasis kompetensi bagi klien, {agency.acronym}"
            )
    db.session.commit()
    head_agency = db.session.scalar(select(Agency).where(Agency.acronym == HEAD_AGENCY))
    add_user(CLERK)
    add_user(HEAD, "head", head_agency.id)


def add_line(agency: Agency, area: str, activity: str) -> None:
    """One agreed work-plan line of 2026 with the largest capacity allowed."""
    db.session.add(
        Commitment(
            agency=agency,
            area=area,
            activity=activity,
            indicator="Klien yang dirujuk Bapas ditempatkan paling lambat 5 hari kerja; rekap bulanan ke Bapas",
            capacity=rules.CAPACITY_MAX,
            start_date=date(2026, 1, 2),
            end_date=date(2026, 12, 31),
            period_text="Januari–Desember 2026",
            pic_name="Kepala Subbagian Umum dan Kepegawaian",
            status="agreed",
            agreed_date=date(2025, 9, 23),
        )
    )


# ---------------------------------------------------------------------------------------------
# Drawing the rows
# ---------------------------------------------------------------------------------------------


class Line:
    """A work-plan line placements may go under: its agency, area, capacity and open places taken."""

    def __init__(self, row: Any) -> None:
        self.id = row.id
        self.agency_id = row.agency_id
        self.acronym = row.acronym
        self.area = row.area
        self.capacity = row.capacity
        self.open = 0

    def has_room(self) -> bool:
        """True when one more planned or running placement fits."""
        return self.capacity is None or self.open < self.capacity


class Generator:
    """Draws clients with their placements and journals; ids are given here, in insertion order."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.today = today_wib()
        self.now = utcnow()
        self.next_id = {"client": 1, "placement": 1, "hour_log": 1}
        self.register_numbers: Counter[tuple[str, int]] = Counter()
        self.nik_serials: Counter[str] = Counter()
        self.rejected: Counter[str] = Counter()
        self.caps = {kind: sentence.current_daily_cap() for kind, sentence in rules.SENTENCES.items()}
        rows = db.session.execute(
            select(Commitment.id, Commitment.agency_id, Commitment.area, Commitment.capacity, Agency.acronym)
            .join(Agency, Agency.id == Commitment.agency_id)
            .where(Agency.kind == "opd", Commitment.status.in_(("agreed", "active")))
            .order_by(Commitment.id)
        ).all()
        self.lines = [Line(row) for row in rows]
        by_area: dict[str, list[Line]] = defaultdict(list)
        for line in self.lines:
            by_area[line.area].append(line)
        services = [
            *by_area["adminduk"],
            *by_area["kesehatan"],
            *by_area["pendidikan"],
            *by_area["pembinaan"],
        ]
        self.pools = {
            "kerja_sosial": by_area["kerja_sosial"],
            "pelayanan_masyarakat": by_area["kerja_sosial"],
            "pelatihan_kerja": by_area["pelatihan_kerja"],
            "bantuan_sosial": by_area["bantuan_sosial"],
            "layanan": services,
            "layanan_dewasa": services + by_area["pelatihan_kerja"],
        }
        self.pks = [(name, self.nip(rng_index)) for rng_index, name in enumerate(PK_NAMES)]

    def nip(self, index: int) -> str:
        """A valid NIP: birth date, appointment year and month, sex digit, serial."""
        rng = self.rng
        born = date(1975 + rng.randrange(20), 1 + rng.randrange(12), 1 + rng.randrange(28))
        value = f"{born:%Y%m%d}{born.year + 25 + rng.randrange(5)}{1 + rng.randrange(12):02d}{1 + index % 2}{index + 1:03d}"
        assert rules.nip_error(value) is None, value
        return value

    def take_id(self, table: str) -> int:
        """The next id of `table`."""
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    # --- one client and everything of theirs ---------------------------------------------------

    def client_bundle(self) -> tuple[dict[str, Any], list[tuple[dict[str, Any], list[dict[str, Any]]]]]:
        """A client row and their placements, each with its hour logs; drawn again until valid."""
        while True:
            try:
                return self._client_bundle()
            except Rejected as rejection:
                self.rejected[str(rejection)] += 1

    def _client_bundle(self) -> tuple[dict[str, Any], list[tuple[dict[str, Any], list[dict[str, Any]]]]]:
        rng = self.rng
        category = "anak" if rng.random() < 0.25 else "dewasa"
        basis = weighted(rng, BASES[category])
        active = rng.random() < 0.62
        count = rng.choice((1, 2, 3, 3, 4, 5))
        main = SENTENCE_OF_BASIS.get(basis)
        kinds = []
        for index in range(count):
            if main and (index == 0 or rng.random() < 0.25):
                kinds.append(main)
            elif rng.random() < 0.75:
                kinds.append("layanan")
            else:
                kinds.append("bantuan_sosial")
        placements = []
        taken: list[Line] = []
        try:
            for kind in kinds:
                status = self.placement_status(active)
                line = self.pick_line(kind, category, status in OPEN_PLACEMENT_STATUSES)
                if line is None:  # every line of this kind is full: the placement has ended instead
                    status = "completed"
                    line = self.pick_line(kind, category, False)
                require(line is not None, "no work-plan line for the kind")
                if status in OPEN_PLACEMENT_STATUSES:
                    line.open += 1
                    taken.append(line)
                placements.append(self.placement(kind, status, line, category))
            client = self.client(category, basis, active, placements)
        except Rejected:
            for line in taken:
                line.open -= 1
            raise
        client_id = self.take_id("client")
        client["id"] = client_id
        bundle = []
        for placement, logs in placements:
            placement["id"] = self.take_id("placement")
            placement["client_id"] = client_id
            for log in logs:
                log["id"] = self.take_id("hour_log")
                log["placement_id"] = placement["id"]
            bundle.append((placement, logs))
        return client, bundle

    def placement_status(self, client_active: bool) -> str:
        """About 45 % running overall: an active client's placements are mostly open."""
        rng = self.rng
        if client_active and rng.random() < 0.8:
            return "active" if rng.random() < 0.9 else "planned"
        return "completed" if rng.random() < 0.86 else "terminated"

    def pick_line(self, kind: str, category: str, opening: bool) -> Line | None:
        """A line for the kind, with room when the placement is open; None when none has room."""
        pool = self.pools["layanan_dewasa" if kind == "layanan" and category == "dewasa" else kind]
        line = self.rng.choice(pool)
        if not opening or line.has_room():
            return line
        roomy = [other for other in pool if other.has_room()]
        return self.rng.choice(roomy) if roomy else None

    # --- placements ------------------------------------------------------------------------------

    def placement(
        self, kind: str, status: str, line: Line, category: str
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """A placement row (without ids) and its journal, checked against the rules."""
        rng = self.rng
        sentence = rules.sentence_for(kind)
        if sentence is None:
            start, end = self.service_period(status)
            hours_ordered, logs = None, []
        else:
            hours_ordered = rng.choice(HOURS_ORDERED[kind])
            start, end, journal = self.sentence_period(kind, status, hours_ordered)
            logs = [
                {
                    "work_date": day,
                    "hours": hours,
                    "activity": rng.choice(ACTIVITIES[kind]),
                    "verified_by": None,
                    "created_at": self.now,
                    "updated_at": self.now,
                    "version": 1,
                }
                for day, hours in journal
            ]
        site_kind = kind if kind in SITES else "kerja_sosial"
        kecamatan = rng.choice(KECAMATAN)
        supervisor = (
            f"{rng.choice(PEOPLE)} {rng.choice(SURNAMES_MEN)} ({rng.choice(SUPERVISOR_ROLES)} {line.acronym})"
        )
        for log in logs:
            log["verified_by"] = supervisor
        row = {
            "agency_id": line.agency_id,
            "commitment_id": line.id,
            "kind": kind,
            "site": f"{rng.choice(SITES[site_kind])}, Kec. {kecamatan}",
            "host_supervisor": supervisor,
            "start_date": start,
            "end_date": end,
            "hours_ordered": hours_ordered,
            "status": status,
            "notes": None,
            "created_at": self.now,
            "updated_at": self.now,
            "version": 1,
        }
        self.check_placement(row, logs, category)
        return row, logs

    def service_period(self, status: str) -> tuple[date, date]:
        """Start and end of a service or social-assistance placement, by its status."""
        rng, today = self.rng, self.today
        length = days(14 + rng.randrange(250))
        if status == "planned":
            start = today + days(1 + rng.randrange(60))
        elif status == "active":
            start = today - days(rng.randrange(length.days))
        else:
            start = today - length - days(1 + rng.randrange(1000))
        return start, start + length

    def sentence_period(
        self, kind: str, status: str, hours_ordered: int | None
    ) -> tuple[date, date, list[tuple[date, float]]]:
        """Start, end and the journal (day, hours) of a placement whose hours the law counts."""
        rng, today = self.rng, self.today
        sentence = rules.SENTENCES[kind]
        cap = self.caps[kind]
        target = hours_ordered or rng.choice((60, 90, 120, 180))
        steps = [step for step in (2, 2.5, 3, 4, 5, 6, 8) if step <= cap]
        hours = rng.choice(steps)
        patterns = [
            pattern
            for pattern in PATTERNS
            if not (sentence.working_days_only and max(pattern) > 4)
            and math.ceil(target / hours) * 7 / len(pattern) + 14 <= LONGEST_DAYS[kind]
        ]
        if not patterns:
            hours, patterns = max(steps), [PATTERNS[0]]
        pattern = rng.choice(patterns)
        # Laid out from a provisional start, then moved by whole weeks (the weekdays stay).
        start = today - days(2000)
        start += days((pattern[0] - start.weekday()) % 7)
        sessions = []
        day, left = start, float(target)
        while left > 0:
            if day.weekday() in pattern:
                worked = min(hours, left)
                sessions.append((day, worked))
                left -= worked
            day += days(1)
        last = sessions[-1][0]
        if status == "planned":
            end = last + days(7 + rng.randrange(30))
            shift = (today + days(1 + rng.randrange(60)) - start).days // 7 + 1
            journal: list[tuple[date, float]] = []
        elif status == "active":
            end = last + days(7 + rng.randrange(30))
            elapsed = rng.randrange(max((end - start).days - 7, 1))
            shift = (today - days(elapsed) - start).days // 7
            journal = sessions
        elif status == "completed":
            end = last + days(rng.randrange(15))
            shift = (today - days(1 + rng.randrange(1000)) - end).days // 7
            journal = sessions
        else:  # terminated part-way
            done = rng.randrange(len(sessions))
            journal = sessions[:done]
            end = (journal[-1][0] if journal else start) + days(1 + rng.randrange(30))
            shift = (today - days(1 + rng.randrange(1000)) - end).days // 7
        moved = days(7 * shift)
        start, end = start + moved, end + moved
        if sentence.months and sentence.months[1] is not None:  # a longest period
            end = min(end, rules.add_months(start, sentence.months[1]))
        if sentence.months and sentence.months[0] is not None:  # a shortest period (job training)
            end = max(end, rules.add_months(start, sentence.months[0]))
        journal = [(day + moved, worked) for day, worked in journal]
        if status == "active":
            journal = [(day, worked) for day, worked in journal if day < today]
        return start, end, journal

    def check_placement(self, row: dict[str, Any], logs: list[dict[str, Any]], category: str) -> None:
        """The rules of a placement and its journal that need no other record (models.Placement, HourLog)."""
        start, end, kind, status = row["start_date"], row["end_date"], row["kind"], row["status"]
        require(start <= end, "end before start")
        for value in (start, end):
            require(rules.date_range_error(value) is None, "implausible date")
        if status in ("completed", "terminated"):
            require(end < self.today, "ended in the future")
        elif status == "active":
            require(start <= self.today <= end, "running outside its period")
        else:
            require(start > self.today, "planned in the past")
        sentence = rules.sentence_for(kind)
        if sentence is None:
            require(not logs, "journal of a service")
            return
        require(sentence.category_error(category) is None, "sentence category")
        require(sentence.hours_error(row["hours_ordered"]) is None, "hours ordered")
        require(sentence.period_error(start, end) is None, "sentence period")
        seen = set()
        total = 0.0
        for log in logs:
            day, hours = log["work_date"], log["hours"]
            require(day not in seen, "journal day twice")
            seen.add(day)
            require(hours > 0 and not (hours * 2) % 1, "half hours")
            require(day <= self.today, "journal day in the future")
            require(start <= day <= end, "journal day outside the placement")
            require(rules.journal_hours_error(hours) is None, "more hours than a day")
            require(sentence.daily_hours_error(hours) is None, "daily cap")
            require(sentence.work_day_error(day) is None, "working days only")
            total += hours
        if row["hours_ordered"] is not None:
            require(total <= row["hours_ordered"], "journal over the hours ordered")

    # --- the client ---------------------------------------------------------------------------

    def client(
        self,
        category: str,
        basis: str,
        active: bool,
        placements: list[tuple[dict[str, Any], list[dict[str, Any]]]],
    ) -> dict[str, Any]:
        """The client row of these placements: dates before the first, status fitting them, a NIK."""
        rng, today = self.rng, self.today
        first = min(row["start_date"] for row, _ in placements)
        ruling = min(first - days(7 + rng.randrange(60)), today - days(1 + rng.randrange(30)))
        offence = ruling - days(30 + rng.randrange(210))
        if category == "anak":
            age = rng.choice((12, 13, 14, 14, 15, 15, 16, 16, 16, 17, 17, 17))
        else:
            age = 18 + min(int(rng.expovariate(1 / 12)), 62)
        born = rules.add_months(offence, -12 * age) - days(1 + rng.randrange(364))
        sex = "P" if rng.random() < 0.12 else "L"
        if sex == "L":
            given, surnames = rng.choice(MEN), SURNAMES_MEN
        else:
            given, surnames = rng.choice(WOMEN), SURNAMES_WOMEN
        surname = SEARCH_SURNAME if rng.random() < SEARCH_SHARE else rng.choice(surnames)
        name = f"{given} {rng.choice(surnames)} {surname}" if rng.random() < 0.3 else f"{given} {surname}"
        if active or any(row["status"] in OPEN_PLACEMENT_STATUSES for row, _ in placements):
            status = "active"
        else:
            status = weighted(rng, (("completed", 80), ("revoked", 8), ("transferred", 7), ("active", 5)))
        code = 1 + rng.randrange(len(KECAMATAN))
        nik = None if rng.random() < 0.05 else self.nik(code, born, sex)
        letter = "A" if category == "anak" else "D"
        self.register_numbers[(letter, ruling.year)] += 1
        register = f"{letter}-{ruling.year}-{self.register_numbers[(letter, ruling.year)]:05d}"
        number = 1 + rng.randrange(400)
        if basis == "diversi":
            ruling_ref = f"Penetapan Diversi PN Klaten No. {number}/Pen.Div/{ruling.year}/PN Kln"
        elif category == "anak":
            ruling_ref = f"Putusan PN Klaten No. {number}/Pid.Sus-Anak/{ruling.year}/PN Kln"
        else:
            ruling_ref = f"Putusan PN Klaten No. {number}/Pid.B/{ruling.year}/PN Kln"
        pk_name, pk_nip = rng.choice(self.pks)
        father, mother = rng.choice(MEN), rng.choice(WOMEN)
        row = {
            "register_number": register,
            "full_name": name,
            "nik": nik,
            "birth_date": born,
            "sex": sex,
            "address": f"Dk. {rng.choice(DUKUH)} RT {1 + rng.randrange(9):02d}/RW {1 + rng.randrange(12):02d}, "
            f"Kec. {KECAMATAN[code - 1]}, Klaten",
            "parent_names": f"Bapak {father} / Ibu {mother}" if category == "anak" else None,
            "category": category,
            "offence": rng.choice(OFFENCES_CHILD if category == "anak" else OFFENCES_ADULT),
            "offence_date": offence,
            "legal_basis": basis,
            "ruling_ref": ruling_ref,
            "ruling_date": ruling,
            "litmas_ref": f"Litmas No. W13.PAS.PAS12-PK.01.05-{1 + rng.randrange(9999):04d}",
            "pk_name": pk_name,
            "pk_nip": pk_nip,
            "status": status,
            "consent_recorded": category == "anak" or rng.random() < 0.7,
            "notes": None,
            "created_at": self.now,
            "updated_at": self.now,
            "version": 1,
        }
        self.check_client(row, placements)
        if nik:
            self.nik_serials[nik[:12]] += 1  # only once the client is kept
        return row

    def nik(self, code: int, born: date, sex: str) -> str:
        """A Klaten NIK: 33 10 (province, regency), kecamatan, birth date (+40 for women), a serial."""
        day = born.day + (40 if sex == "P" else 0)
        prefix = f"3310{code:02d}{day:02d}{born:%m%y}"
        return f"{prefix}{self.nik_serials[prefix] + 1:04d}"

    def check_client(self, row: dict[str, Any], placements: list[tuple[dict[str, Any], Any]]) -> None:
        """The rules of models.Client that need no other record, and its placements' status rule."""
        today = self.today
        born, offence, ruling = row["birth_date"], row["offence_date"], row["ruling_date"]
        if row["nik"]:
            require(rules.nik_error(row["nik"]) is None, "NIK format")
            require(rules.nik_mismatch(row["nik"], born, row["sex"]) is None, "NIK mismatch")
        require(born <= today and offence <= today and ruling <= today, "future date")
        require(offence <= ruling, "ruling before the offence")
        require(born <= offence, "offence before birth")
        for value in (born, offence, ruling):
            require(rules.date_range_error(value) is None, "implausible date")
        age = rules.age_on(born, offence)
        require(rules.CHILD_AGE.too_young_error(age) is None, "too young")
        require(rules.CHILD_AGE.too_old_error(age) is None, "too old")
        require(rules.CHILD_AGE.category_error(age, row["category"]) is None, "category")
        require(row["legal_basis"] in LEGAL_BASES and row["status"] in CLIENT_STATUSES, "choices")
        if row["status"] != "active":
            require(
                not any(placement["status"] in OPEN_PLACEMENT_STATUSES for placement, _ in placements),
                "open placement of a client who is not active",
            )


# ---------------------------------------------------------------------------------------------
# Storing and checking
# ---------------------------------------------------------------------------------------------


def store_with_models(bundles: list[tuple[dict[str, Any], list[Any]]]) -> None:
    """Save clients with their placements and journals through the ORM: the rule guard runs on each flush."""
    agencies = {agency.id: agency for agency in db.session.scalars(select(Agency))}
    lines = {line.id: line for line in db.session.scalars(select(Commitment))}
    plain = ("created_at", "updated_at", "version")
    for client_row, placements in bundles:
        client = Client(**{key: value for key, value in client_row.items() if key not in plain})
        db.session.add(client)
        for row, logs in placements:
            fields = {
                key: value
                for key, value in row.items()
                if key not in (*plain, "client_id", "agency_id", "commitment_id")
            }
            placement = Placement(
                client=client,
                agency=agencies[row["agency_id"]],
                commitment=lines[row["commitment_id"]],
                **fields,
            )
            db.session.add(placement)
            for log in logs:
                fields = {key: value for key, value in log.items() if key not in (*plain, "placement_id")}
                db.session.add(HourLog(placement=placement, **fields))
        db.session.commit()  # models.enforce_domain_rules checks every new row here


def store_with_core(bundles: list[tuple[dict[str, Any], list[Any]]]) -> None:
    """Insert clients, placements and journals with Core executemany, in one transaction."""
    clients = [client for client, _ in bundles]
    placements = [row for _, rows in bundles for row, _ in rows]
    logs = [log for _, rows in bundles for _, journal in rows for log in journal]
    with db.engine.begin() as connection:
        connection.execute(insert(Client.__table__), clients)
        connection.execute(insert(Placement.__table__), placements)
        if logs:
            connection.execute(insert(HourLog.__table__), logs)


def after_bulk_load() -> None:
    """PostgreSQL: move the id sequences past the ids given, and gather the planner's statistics."""
    if db.engine.dialect.name != "postgresql":
        return
    with db.engine.begin() as connection:
        for table in ("client", "placement", "hour_log", "audit_entry"):
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                )
            )
        connection.execute(text("ANALYZE"))


def sample_errors(sample: int, rng: random.Random) -> list[str]:
    """`rule_errors()` and `rule_warnings()` of random stored clients, placements and hour logs."""
    problems = []
    for model in (Client, Placement, HourLog):
        largest = db.session.scalar(select(func.max(model.id))) or 0
        ids = rng.sample(range(1, largest + 1), min(sample, largest))
        with db.session.no_autoflush:
            for record in db.session.scalars(select(model).where(model.id.in_(ids))).all():
                errors = record.rule_errors()
                warnings = record.rule_warnings()
                if errors or warnings:
                    problems.append(
                        f"{model.__name__} {record.id}: {[str(m) for m in errors.values()]} "
                        f"{[str(w) for w in warnings]}"
                    )
        db.session.rollback()
    return problems


def build(clients: int, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Fill the empty database (schema built) with `clients` clients; returns counts and timings."""
    from invariants import violations

    check_texts()
    started = time.perf_counter()
    reference_data()
    generator = Generator()
    orm_count = min(ORM_CLIENTS, clients)
    bundles = [generator.client_bundle() for _ in range(orm_count)]
    store_with_models(bundles)
    orm_seconds = time.perf_counter() - started
    log(
        f"  {orm_count} clients with their placements and journals saved through the models ({orm_seconds:.0f} s)"
    )
    done = orm_count
    while done < clients:
        size = min(CHUNK, clients - done)
        store_with_core([generator.client_bundle() for _ in range(size)])
        done += size
        if done % (CHUNK * 10) == 0 or done == clients:
            log(f"  {done} clients inserted ({time.perf_counter() - started:.0f} s)")
    after_bulk_load()
    loaded = time.perf_counter()
    with db.engine.connect() as connection:
        broken = violations(connection)
    checked = time.perf_counter()
    log(f"  tests/invariants.py over the whole database: {len(broken)} violations ({checked - loaded:.0f} s)")
    problems = sample_errors(SAMPLE, random.Random(SEED + 1))
    log(
        f"  rule_errors()/rule_warnings() of {SAMPLE} random clients, placements and hour logs each: "
        f"{len(problems)} problems ({time.perf_counter() - checked:.0f} s)"
    )
    if broken or problems:
        raise SystemExit("the benchmark data breaks the rules:\n" + "\n".join((broken + problems)[:20]))
    counts = {
        name: db.session.scalar(select(func.count()).select_from(model))
        for name, model in (
            ("clients", Client),
            ("placements", Placement),
            ("hour_logs", HourLog),
            ("commitments", Commitment),
            ("agencies", Agency),
        )
    }
    counts["active_placements"] = db.session.scalar(
        select(func.count()).select_from(Placement).where(Placement.status == "active")
    )
    return {
        "counts": counts,
        "load_seconds": round(loaded - started, 1),
        "check_seconds": round(time.perf_counter() - loaded, 1),
        "redrawn": dict(generator.rejected),
        "built_at": datetime.now().isoformat(timespec="seconds"),
        "generator": GENERATOR_VERSION,
    }
