"""Valid records for tests, with defaults a test overrides only where it matters."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from models import Agency, Agreement, Client, Commitment, HourLog, Placement, db

_counter = {"n": 0}
# Factory register numbers start here (D-2026-10001, ...): five digits, so they never meet the
# three-digit numbers tests type by hand ("D-2026-900"), however many records a run makes.
FACTORY_NUMBERS = 10_000


def _next() -> int:
    """A number no earlier call in this run returned: unique names and numbers across tests."""
    _counter["n"] += 1
    return _counter["n"]


def make_agency(**fields: Any) -> Agency:
    n = _next()
    values = {"name": f"Dinas Uji {n}", "acronym": f"DU{n}", "kind": "opd"}
    values.update(fields)
    agency = Agency(**values)
    db.session.add(agency)
    db.session.commit()
    return agency


def make_commitment(agency: Agency | None = None, **fields: Any) -> Commitment:
    values = {
        "agency": agency or make_agency(),
        "area": "kerja_sosial",
        "activity": f"Lokasi kerja sosial {_next()}",
        "status": "agreed",
        "capacity": 5,
    }
    values.update(fields)
    commitment = Commitment(**values)
    db.session.add(commitment)
    db.session.commit()
    return commitment


def make_client(**fields: Any) -> Client:
    """An adult client (35 at the offence) unless told otherwise."""
    values = {
        "register_number": f"D-2026-{FACTORY_NUMBERS + _next()}",
        "full_name": "Sutrisno Wibowo",
        "birth_date": date(1990, 5, 17),
        "sex": "L",
        "category": "dewasa",
        "offence": "Pencurian ringan",
        "offence_date": date(2026, 1, 20),
        "legal_basis": "pidana_kerja_sosial",
        "status": "active",
    }
    values.update(fields)
    client = Client(**values)
    db.session.add(client)
    db.session.commit()
    return client


def make_child(**fields: Any) -> Client:
    """A child client: 15 at the offence."""
    values = {
        "register_number": f"A-2026-{FACTORY_NUMBERS + _next()}",
        "full_name": "Bima Saputra",
        "birth_date": date(2010, 8, 3),
        "category": "anak",
        "legal_basis": "pidana_pelayanan_masyarakat",
        "parent_names": "Bapak Slamet / Ibu Wartini",
    }
    values.update(fields)
    return make_client(**values)


def build_placement(**fields: Any) -> Placement:
    """An unsaved adult kerja sosial placement of 60 hours from 2 March to 31 August 2026."""
    commitment = fields.pop("commitment", None) or make_commitment(agency=fields.get("agency"))
    values = {
        "client": fields.pop("client", None) or make_client(),
        "agency": commitment.agency,
        "commitment": commitment,
        "kind": "kerja_sosial",
        "start_date": date(2026, 3, 2),
        "end_date": date(2026, 8, 31),
        "hours_ordered": 60,
        "status": "active",
    }
    values.update(fields)
    return Placement(**values)


def make_placement(**fields: Any) -> Placement:
    """The same placement, stored."""
    placement = build_placement(**fields)
    db.session.add(placement)
    db.session.commit()
    return placement


def make_log(placement: Placement, **fields: Any) -> HourLog:
    values = {"placement": placement, "work_date": date(2026, 3, 3), "hours": 4.0}
    values.update(fields)
    log = HourLog(**values)
    db.session.add(log)
    db.session.commit()
    return log


def make_agreement(**fields: Any) -> Agreement:
    values = {"title": f"Nota Kesepakatan Uji {_next()}", "paper": "f4", "originals": 2}
    values.update(fields)
    agreement = Agreement(**values)
    db.session.add(agreement)
    db.session.commit()
    return agreement


def make_small_office() -> SimpleNamespace:
    """A small, realistic office for the screen-wide tests (accessibility, language).

    The Bapas and the Dinas Sosial, both signing; two work-plan lines of the Dinas Sosial; an adult
    and a child client, each placed there with three journal days; the current agreement. Returns
    the ids of what a test visits.
    """
    bapas = make_agency(
        name="Balai Pemasyarakatan Kelas II Klaten",
        acronym="BAPAS",
        kind="bapas",
        signs_agreement=True,
        head_name="Dwi Hartono",
        head_title="Kepala Balai Pemasyarakatan Kelas II Klaten",
        address="Jl. Pemuda Nomor 1, Klaten",
    )
    dinsos = make_agency(
        name="Dinas Sosial P3AKB Kabupaten Klaten",
        acronym="DINSOS",
        signs_agreement=True,
        head_name="Sri Wahyuni",
        head_title="Kepala Dinas Sosial P3AKB",
        phone="0272 321000",
    )
    adult_line = make_commitment(agency=dinsos, activity="Kebersihan panti sosial")
    child_line = make_commitment(agency=dinsos, activity="Pelayanan di perpustakaan panti")
    adult = make_client(full_name="Sutrisno Wibowo", register_number="D-2026-201")
    child = make_child(full_name="Bima Saputra", register_number="A-2026-201")
    adult_placement = make_placement(client=adult, commitment=adult_line, site="Panti Wredha Klaten")
    child_placement = make_placement(
        client=child, commitment=child_line, kind="pelayanan_masyarakat", hours_ordered=40
    )
    logs = [
        make_log(placement, work_date=date(2026, 3, day), hours=hours, activity="Menyapu halaman")
        for placement, hours in ((adult_placement, 4.0), (child_placement, 2.0))
        for day in (3, 4, 5)
    ]
    agreement = make_agreement(
        title="Nota Kesepakatan Bapas Klaten dan Pemkab Klaten 2026",
        ceremony_date=date(2026, 12, 10),
        venue="Pendopo Kabupaten Klaten",
    )
    return SimpleNamespace(
        bapas=bapas.id,
        dinsos=dinsos.id,
        commitment=adult_line.id,
        adult=adult.id,
        child=child.id,
        placement=adult_placement.id,
        child_placement=child_placement.id,
        hourlog=logs[0].id,
        agreement=agreement.id,
    )


def insert_clients(app: Any, first: int, last: int) -> None:
    """Adult clients D-9000-<n> for n in [first, last), inserted in one statement (no ORM, no audit)."""
    rows = [
        {
            "register_number": f"D-9000-{n:05d}",
            "full_name": f"Klien Massal {n}",
            "birth_date": date(1990, 5, 17),
            "sex": "L",
            "category": "dewasa",
            "offence": "Pencurian ringan",
            "offence_date": date(2026, 1, 20),
            "legal_basis": "pidana_kerja_sosial",
            "status": "active",
        }
        for n in range(first, last)
    ]
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(Client.__table__.insert(), rows)
