"""Every domain rule of DESIGN.md §4, as the clerk meets it in the admin forms and as other writers do.

Each bad value is refused with its Indonesian message (the form is shown again) and the database
is left as it was; each good-path test shows the form data is right, so a refusal means the rule.
"""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import TEST_PASSWORD, make_user
from conftest import test_config as config_for_tests
from factories import (
    build_placement,
    make_agency,
    make_agreement,
    make_child,
    make_client,
    make_commitment,
    make_log,
    make_placement,
)
from flask import Flask
from flask.testing import FlaskClient
from identity_messages import (
    NIK_BIRTH_MISMATCH,
    NIK_DAY,
    NIK_LENGTH,
    NIK_MONTH,
    NIK_SEX_MISMATCH,
    NIP_DATE,
    NIP_LENGTH,
    NIP_SEX,
    VALID_NIP,
)
from sqlalchemy import func, select

from app import create_app
from models import (
    Agency,
    Agreement,
    Client,
    Commitment,
    DomainError,
    HourLog,
    Placement,
    db,
    today_wib,
)

# --- messages as the user reads them (models.py, rules.py, translations/id admin.po) -------------

TAKEN = "Nilai ini sudah dipakai oleh data lain."
FORM_TAKEN = TAKEN  # Flask-Admin's own Unique validator says the same (admin.po)
END_BEFORE_START = "Tanggal selesai tidak boleh sebelum tanggal mulai."
KS_ADULT_ONLY = "Kerja sosial (KUHP Pasal 85) hanya untuk klien dewasa."
KS_HOURS = "Jam putusan untuk jenis ini harus 8 sampai 240 jam."
KS_SIX_MONTHS = "Kerja sosial harus selesai paling lama 6 bulan sejak mulai (paling lambat 2 September 2026)."
KS_DAILY = "Paling banyak 8 jam sehari untuk Kerja sosial (dewasa)."
PM_CHILD_ONLY = "Pelayanan masyarakat (SPPA Pasal 76) hanya untuk klien anak."
PM_HOURS = "Jam putusan untuk jenis ini harus 7 sampai 120 jam."
PM_DAILY = "Paling banyak 3 jam sehari untuk Pelayanan masyarakat (anak)."
PK_CHILD_ONLY = "Pelatihan kerja (PP 58/2022 Pasal 19) hanya untuk klien anak."
PK_LENGTH = "Pelatihan kerja harus berlangsung 3 sampai 12 bulan."
PK_DAILY = "Paling banyak 3 jam sehari untuk Pelatihan kerja (anak)."
PK_WORKING_DAYS = "Pelatihan kerja hanya pada hari kerja (Senin–Jumat)."
CLIENT_NOT_ACTIVE = "Klien tidak berstatus aktif; penempatan baru tidak dapat dibuat."
DROPPED = "Rencana kerja ini sudah dibatalkan."
LOG_HOURS_STEP = "Jam kerja harus lebih dari 0, dalam kelipatan setengah jam."
LOG_FUTURE = "Tanggal kerja tidak boleh di masa depan."
LOG_OUTSIDE = "Tanggal kerja harus dalam masa penempatan (2 Maret 2026 – 31 Agustus 2026)."
LOG_DUPLICATE = "Tanggal ini sudah tercatat di jurnal penempatan ini."
NO_DELEGATION = (
    "Penanda tangan bukan kepala instansi: pilih dasar pelimpahan (Plt, Plh, surat kuasa atau surat tugas)."
)
DELEGATION_NUMBER = "Nomor surat pelimpahan wajib diisi."
DELEGATION_DATE = "Tanggal surat pelimpahan wajib diisi."
CAPACITY_MIN = "Kapasitas minimal 1 klien (kosongkan bila tidak dibatasi)."
SAME_ACTIVITY = "Instansi ini sudah memiliki rencana kerja dengan kegiatan yang sama."
ORIGINALS_MIN = "Jumlah rangkap asli minimal 1."
METERAI_NEEDED = "Meterai diperlukan: isi jumlahnya (minimal 1)."
METERAI_NEGATIVE = "Jumlah meterai tidak boleh negatif."

ADULT_NIK = "3310011705900001"  # born 17 May 1990, a man: make_client's defaults


# --- small helpers -------------------------------------------------------------------------------


FEEDBACK = re.compile(r'<div class="(?:invalid-feedback|alert alert-[^"]*)">(.*?)</div>', re.S)


def shown(response: Any) -> list[str]:
    """The messages a page shows (field errors and flashed alerts), as the user reads them."""
    blocks = FEEDBACK.findall(response.get_data(as_text=True))
    lines = "\n".join(re.sub(r"<[^>]+>", "\n", block) for block in blocks).splitlines()
    texts = (html.unescape(line).strip() for line in lines)
    return [text for text in texts if text not in ("", "×")]


def rows(app: Flask, model: type) -> int:
    """How many rows the table of `model` holds."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def stored(app: Flask, model: type, id: int, name: str) -> Any:
    """The value of one column as stored in the database."""
    with app.app_context():
        return getattr(db.session.get(model, id), name)


def refused(response: Any, message: str) -> None:
    """The form came back (200) showing `message`."""
    assert response.status_code == 200, response.status_code
    assert message in shown(response)


def refuse_create(app: Flask, browser: FlaskClient, endpoint: str, model: type, data: dict, message: str):
    """POST a create form that must be refused with `message` and store nothing."""
    before = rows(app, model)
    response = browser.post(f"/admin/{endpoint}/new/", data=data)
    refused(response, message)
    assert rows(app, model) == before
    return response


def accept_create(app: Flask, browser: FlaskClient, endpoint: str, model: type, data: dict):
    """POST a create form that must be saved (302) and add exactly one row."""
    before = rows(app, model)
    response = browser.post(f"/admin/{endpoint}/new/", data=data)
    assert response.status_code == 302, shown(response)
    assert rows(app, model) == before + 1
    return response


def edit(browser: FlaskClient, endpoint: str, id: int, data: dict):
    """POST the edit form of one record."""
    return browser.post(f"/admin/{endpoint}/edit/?id={id}", data=data)


def child_placement(kind: str, **fields: Any) -> Placement:
    """A child's placement of `kind` (60 hours, 2 March – 31 August 2026)."""
    return make_placement(client=make_child(), kind=kind, **fields)


# --- form data -----------------------------------------------------------------------------------


def agency_form(**changes: str) -> dict:
    return {
        "name": "Dinas Sosial Uji",
        "acronym": "DINSOS-U",
        "kind": "opd",
        "delegation_basis": "none",
        **changes,
    }


def commitment_form(agency_id: int, **changes: str) -> dict:
    data = {"agency": str(agency_id), "area": "kerja_sosial", "activity": "Kebersihan taman kota"}
    return {**data, "status": "agreed", **changes}


def client_form(**changes: str) -> dict:
    """An adult, 35 at the offence."""
    data = {
        "register_number": "D-2026-900",
        "full_name": "Sutrisno Wibowo",
        "birth_date": "1990-05-17",
        "sex": "L",
        "category": "dewasa",
        "offence": "Pencurian ringan",
        "offence_date": "2026-01-20",
        "legal_basis": "pidana_kerja_sosial",
        "status": "active",
    }
    return {**data, **changes}


def child_form(**changes: str) -> dict:
    """A child, 15 at the offence."""
    child = {"register_number": "A-2026-900", "birth_date": "2010-08-03", "category": "anak"}
    return client_form(**{**child, "legal_basis": "pidana_pelayanan_masyarakat", **changes})


def placement_form(world: SimpleNamespace, **changes: Any) -> dict:
    """The adult's kerja sosial of 60 hours, 2 March – 31 August 2026, at the host's site."""
    data = {
        "client": world.adult,
        "agency": world.host,
        "commitment": world.site,
        "kind": "kerja_sosial",
        "start_date": "2026-03-02",
        "end_date": "2026-08-31",
        "hours_ordered": "60",
        "status": "active",
    }
    return {name: str(value) for name, value in {**data, **changes}.items()}


def child_placement_form(world: SimpleNamespace, kind: str, **changes: Any) -> dict:
    return placement_form(world, client=world.child, kind=kind, **changes)


def log_form(placement_id: int, **changes: str) -> dict:
    return {"placement": str(placement_id), "work_date": "2026-03-03", "hours": "4", **changes}


def agreement_form(**changes: str) -> dict:
    data = {"title": "Nota Kesepakatan Bapas Klaten – Pemkab Klaten", "paper": "f4", "originals": "2"}
    return {**data, "meterai_count": "0", **changes}


def placement_edit_form(app: Flask, placement_id: int, **changes: Any) -> dict:
    """The placement's edit form as stored (its journal rows left out, so they stay as they are)."""
    with app.app_context():
        p = db.session.get(Placement, placement_id)
        data = {
            "client": p.client_id,
            "agency": p.agency_id,
            "commitment": p.commitment_id,
            "kind": p.kind,
            "start_date": p.start_date.isoformat(),
            "end_date": p.end_date.isoformat(),
            "hours_ordered": p.hours_ordered,
            "status": p.status,
        }
    return {name: str(value) for name, value in {**data, **changes}.items()}


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def world(app: Flask) -> SimpleNamespace:
    """Two agencies, an open-ended work plan of the host, an adult and a child, and one placement."""
    with app.app_context():
        host, other = make_agency(), make_agency()
        site = make_commitment(agency=host, capacity=None)
        adult, child = make_client(), make_child()
        placement = make_placement(client=make_client(), commitment=site)
        return SimpleNamespace(
            host=host.id,
            other=other.id,
            site=site.id,
            adult=adult.id,
            child=child.id,
            placement=placement.id,
        )


@pytest.fixture
def journal(app: Flask) -> SimpleNamespace:
    """An adult's kerja sosial of 60 hours with 24 hours logged (8 on 3, 4 and 5 March 2026)."""
    with app.app_context():
        placement = make_placement()
        for day in (3, 4, 5):
            make_log(placement, work_date=date(2026, 3, day), hours=8.0)
        return SimpleNamespace(placement=placement.id)


def placement_id(app: Flask, build=make_placement, *args: Any, **fields: Any) -> int:
    """Store a placement with a factory and return its id."""
    with app.app_context():
        return build(*args, **fields).id


# =================================================================================================
# Good paths: the form data below is right, so every refusal further down is the rule's doing.
# =================================================================================================


GOOD_FORMS = {
    "agency": (Agency, lambda w: agency_form()),
    "commitment": (Commitment, lambda w: commitment_form(w.host)),
    "client": (Client, lambda w: client_form(nik=ADULT_NIK, pk_nip=VALID_NIP)),
    "placement": (Placement, lambda w: placement_form(w)),
    "hourlog": (HourLog, lambda w: log_form(w.placement)),
    "agreement": (Agreement, lambda w: agreement_form()),
}


@pytest.mark.parametrize("endpoint", GOOD_FORMS)
def test_valid_record_is_saved_from_the_form(app, clerk, world, endpoint):
    """A clerk filling a form correctly gets the record saved and is sent on to the list."""
    model, data = GOOD_FORMS[endpoint]
    accept_create(app, clerk, endpoint, model, data(world))


def test_valid_hour_log_stores_the_hours_typed(app, clerk, world):
    """The hours a clerk types into the journal are the hours stored."""
    accept_create(app, clerk, "hourlog", HourLog, log_form(world.placement, hours="7.5"))
    with app.app_context():
        assert db.session.scalars(select(HourLog.hours)).all() == [7.5]


# =================================================================================================
# kerja_sosial (adult, KUHP Pasal 85)
# =================================================================================================


def test_kerja_sosial_for_a_child_is_refused(app, clerk, world):
    """Placing a child in kerja sosial is refused: it is an adult sentence."""
    data = child_placement_form(world, "kerja_sosial")
    refuse_create(app, clerk, "placement", Placement, data, KS_ADULT_ONLY)


@pytest.mark.parametrize("hours", ["7", "241", ""])
def test_kerja_sosial_hours_outside_8_to_240_are_refused(app, clerk, world, hours):
    """Kerja sosial of fewer than 8 or more than 240 hours (or none) is refused."""
    data = placement_form(world, hours_ordered=hours)
    refuse_create(app, clerk, "placement", Placement, data, KS_HOURS)


@pytest.mark.parametrize("hours", ["8", "240"])
def test_kerja_sosial_hours_at_the_bounds_are_accepted(app, clerk, world, hours):
    """Exactly 8 or exactly 240 hours of kerja sosial is saved."""
    accept_create(app, clerk, "placement", Placement, placement_form(world, hours_ordered=hours))


def test_kerja_sosial_ending_after_6_months_is_refused(app, clerk, world):
    """Kerja sosial ending a day after the 6-month limit is refused, naming the last allowed day."""
    data = placement_form(world, end_date="2026-09-03")
    refuse_create(app, clerk, "placement", Placement, data, KS_SIX_MONTHS)


def test_kerja_sosial_ending_on_the_last_allowed_day_is_accepted(app, clerk, world):
    """Kerja sosial ending exactly 6 months after it starts is saved."""
    accept_create(app, clerk, "placement", Placement, placement_form(world, end_date="2026-09-02"))


def test_kerja_sosial_log_over_8_hours_is_refused(app, clerk, world):
    """Logging more than 8 hours of kerja sosial in one day is refused."""
    refuse_create(app, clerk, "hourlog", HourLog, log_form(world.placement, hours="8.5"), KS_DAILY)


# =================================================================================================
# pelayanan_masyarakat (child, SPPA Pasal 76)
# =================================================================================================


def test_pelayanan_masyarakat_for_an_adult_is_refused(app, clerk, world):
    """Placing an adult in pelayanan masyarakat is refused: it is a child's sentence."""
    data = placement_form(world, kind="pelayanan_masyarakat")
    refuse_create(app, clerk, "placement", Placement, data, PM_CHILD_ONLY)


@pytest.mark.parametrize("hours", ["6", "121", ""])
def test_pelayanan_masyarakat_hours_outside_7_to_120_are_refused(app, clerk, world, hours):
    """Pelayanan masyarakat of fewer than 7 or more than 120 hours (or none) is refused."""
    data = child_placement_form(world, "pelayanan_masyarakat", hours_ordered=hours)
    refuse_create(app, clerk, "placement", Placement, data, PM_HOURS)


@pytest.mark.parametrize("hours", ["7", "120"])
def test_pelayanan_masyarakat_hours_at_the_bounds_are_accepted(app, clerk, world, hours):
    """Exactly 7 or exactly 120 hours of pelayanan masyarakat is saved."""
    data = child_placement_form(world, "pelayanan_masyarakat", hours_ordered=hours)
    accept_create(app, clerk, "placement", Placement, data)


def test_pelayanan_masyarakat_log_over_3_hours_is_refused(app, clerk):
    """Logging more than 3 hours of a child's pelayanan masyarakat in one day is refused."""
    placement = placement_id(app, child_placement, "pelayanan_masyarakat")
    refuse_create(app, clerk, "hourlog", HourLog, log_form(placement, hours="3.5"), PM_DAILY)


@pytest.fixture
def capped_app(app: Flask, database_url: str, tmp_path: Any):
    """A second app on the same (emptied) database with CHILD_SERVICE_DAILY_HOURS=2."""
    config = config_for_tests(database_url, str(tmp_path / "capped"), CHILD_SERVICE_DAILY_HOURS=2)
    capped = create_app(config)
    yield capped
    with capped.app_context():
        db.session.remove()
        db.engine.dispose()


def test_pelayanan_masyarakat_daily_cap_is_a_setting_in_the_form(capped_app):
    """With the daily cap set to 2 hours, the clerk's 2.5-hour log is refused naming 2 hours."""
    make_user(capped_app, "clerk-capped")
    browser = capped_app.test_client()
    login = browser.post("/login", data={"username": "clerk-capped", "password": TEST_PASSWORD})
    assert login.status_code == 302
    placement = placement_id(capped_app, child_placement, "pelayanan_masyarakat")
    message = "Paling banyak 2 jam sehari untuk Pelayanan masyarakat (anak)."
    refuse_create(capped_app, browser, "hourlog", HourLog, log_form(placement, hours="2.5"), message)


def test_pelayanan_masyarakat_daily_cap_is_a_setting_for_every_writer(capped_app):
    """With the daily cap set to 2 hours, a script's 2.5-hour log is refused and 2 hours is saved."""
    with capped_app.app_context():
        placement = child_placement("pelayanan_masyarakat")
        db.session.add(HourLog(placement=placement, work_date=date(2026, 3, 3), hours=2.5))
        with pytest.raises(DomainError) as refusal:
            db.session.commit()
        db.session.rollback()
        assert (
            str(refusal.value.errors["hours"])
            == "Paling banyak 2 jam sehari untuk Pelayanan masyarakat (anak)."
        )
        assert rows(capped_app, HourLog) == 0
        db.session.add(HourLog(placement=placement, work_date=date(2026, 3, 3), hours=2.0))
        db.session.commit()
    assert rows(capped_app, HourLog) == 1


# =================================================================================================
# pelatihan_kerja (child, PP 58/2022 Pasal 19)
# =================================================================================================


def test_pelatihan_kerja_for_an_adult_is_refused(app, clerk, world):
    """Placing an adult in pelatihan kerja is refused: it is a child's sentence."""
    data = placement_form(world, kind="pelatihan_kerja", hours_ordered="")
    refuse_create(app, clerk, "placement", Placement, data, PK_CHILD_ONLY)


@pytest.mark.parametrize(
    "end", ["2026-06-01", "2027-03-03"], ids=["3-months-less-a-day", "12-months-and-a-day"]
)
def test_pelatihan_kerja_shorter_than_3_or_longer_than_12_months_is_refused(app, clerk, world, end):
    """Pelatihan kerja shorter than 3 months or longer than 12 months is refused."""
    data = child_placement_form(world, "pelatihan_kerja", end_date=end, hours_ordered="")
    refuse_create(app, clerk, "placement", Placement, data, PK_LENGTH)


@pytest.mark.parametrize("end", ["2026-06-02", "2027-03-02"], ids=["3-months", "12-months"])
def test_pelatihan_kerja_of_3_or_12_months_is_accepted(app, clerk, world, end):
    """Pelatihan kerja of exactly 3 or exactly 12 months is saved."""
    data = child_placement_form(world, "pelatihan_kerja", end_date=end, hours_ordered="")
    accept_create(app, clerk, "placement", Placement, data)


def test_pelatihan_kerja_log_over_3_hours_is_refused(app, clerk):
    """Logging more than 3 hours of a child's job training in one day is refused."""
    placement = placement_id(app, child_placement, "pelatihan_kerja", hours_ordered=None)
    refuse_create(app, clerk, "hourlog", HourLog, log_form(placement, hours="3.5"), PK_DAILY)


@pytest.mark.parametrize("day", ["2026-03-07", "2026-03-08"], ids=["saturday", "sunday"])
def test_pelatihan_kerja_log_on_a_weekend_is_refused(app, clerk, day):
    """Logging job training on a Saturday or Sunday is refused: working days only."""
    placement = placement_id(app, child_placement, "pelatihan_kerja", hours_ordered=None)
    data = log_form(placement, work_date=day, hours="2")
    refuse_create(app, clerk, "hourlog", HourLog, data, PK_WORKING_DAYS)


# =================================================================================================
# Any placement
# =================================================================================================


def test_placement_ending_before_it_starts_is_refused(app, clerk, world):
    """A placement whose end date is before its start date is refused."""
    data = placement_form(world, start_date="2026-03-02", end_date="2026-03-01")
    refuse_create(app, clerk, "placement", Placement, data, END_BEFORE_START)


@pytest.mark.parametrize("status", ["completed", "revoked", "transferred"])
def test_placement_of_a_client_no_longer_active_is_refused(app, clerk, world, status):
    """A client who completed, was revoked or transferred cannot be placed again."""
    with app.app_context():
        client = make_client(status=status).id
    data = placement_form(world, client=client)
    refuse_create(app, clerk, "placement", Placement, data, CLIENT_NOT_ACTIVE)


def test_placement_under_another_agencys_work_plan_is_refused(app, clerk, world):
    """A work plan of another agency cannot host the placement; both agencies are named."""
    with app.app_context():
        other = db.session.get(Agency, world.other).acronym
        host = db.session.get(Agency, world.host).acronym
    data = placement_form(world, agency=world.other)
    message = f"Rencana kerja ini milik {host}, bukan instansi penempatan {other}."
    refuse_create(app, clerk, "placement", Placement, data, message)


def test_placement_beyond_the_work_plans_capacity_is_refused(app, clerk, world):
    """A work plan for 1 client that already has an active placement takes no second one."""
    with app.app_context():
        full = make_commitment(agency=db.session.get(Agency, world.host), capacity=1)
        make_placement(commitment=full)
        full_id = full.id
    data = placement_form(world, commitment=full_id)
    message = "Kapasitas rencana kerja ini sudah penuh (1 klien)."
    refuse_create(app, clerk, "placement", Placement, data, message)


def test_placement_in_a_freed_place_is_accepted(app, clerk, world):
    """Once the only placement of a 1-client work plan is completed, the next client fits."""
    with app.app_context():
        plan = make_commitment(agency=db.session.get(Agency, world.host), capacity=1)
        make_placement(commitment=plan, status="completed")
        plan_id = plan.id
    accept_create(app, clerk, "placement", Placement, placement_form(world, commitment=plan_id))


def test_editing_the_only_placement_of_a_full_work_plan_is_accepted(app, clerk, world):
    """A placement does not count against its own work plan's capacity when it is edited."""
    with app.app_context():
        plan = make_commitment(agency=db.session.get(Agency, world.host), capacity=1)
        placement = make_placement(commitment=plan).id
    data = placement_edit_form(app, placement, site="Taman Lampion Klaten")
    assert edit(clerk, "placement", placement, data).status_code == 302
    assert stored(app, Placement, placement, "site") == "Taman Lampion Klaten"


def test_placement_under_a_dropped_work_plan_is_refused(app, clerk, world):
    """A work plan that was dropped takes no placements."""
    with app.app_context():
        dropped = make_commitment(agency=db.session.get(Agency, world.host), status="dropped").id
    data = placement_form(world, commitment=dropped)
    refuse_create(app, clerk, "placement", Placement, data, DROPPED)


def test_log_exceeding_the_hours_ordered_is_refused(app, clerk):
    """A log that would take the total past the hours ordered is refused, showing both totals."""
    with app.app_context():
        placement = make_placement(hours_ordered=10)
        make_log(placement, hours=8.0)
        placement = placement.id
    data = log_form(placement, work_date="2026-03-04", hours="4")
    message = "Total jam tercatat (12) melebihi jam putusan (10)."
    refuse_create(app, clerk, "hourlog", HourLog, data, message)


def test_lowering_hours_ordered_below_the_logged_hours_is_refused(app, clerk, journal):
    """Editing a placement down to fewer hours than already logged is refused; the hours stay."""
    data = placement_edit_form(app, journal.placement, hours_ordered="20")
    refused(
        edit(clerk, "placement", journal.placement, data),
        "Jam yang sudah tercatat (24) melebihi jam putusan.",
    )
    assert stored(app, Placement, journal.placement, "hours_ordered") == 60


def test_lowering_hours_ordered_to_the_logged_hours_is_accepted(app, clerk, journal):
    """Editing a placement down to exactly the hours logged is saved."""
    data = placement_edit_form(app, journal.placement, hours_ordered="24")
    assert edit(clerk, "placement", journal.placement, data).status_code == 302
    assert stored(app, Placement, journal.placement, "hours_ordered") == 24
    assert rows(app, HourLog) == 3


@pytest.mark.parametrize("day", ["2026-03-01", "2026-09-01"], ids=["before-start", "after-end"])
def test_log_outside_the_placement_is_refused(app, clerk, world, day):
    """A day worked before the placement starts or after it ends is refused, naming the period."""
    refuse_create(app, clerk, "hourlog", HourLog, log_form(world.placement, work_date=day), LOG_OUTSIDE)


def test_log_in_the_future_is_refused(app, clerk):
    """A day not yet worked cannot be logged, even inside the placement."""
    today = today_wib()
    start, end = today - timedelta(days=30), today + timedelta(days=60)
    placement = placement_id(app, start_date=start, end_date=end)
    data = log_form(placement, work_date=(today + timedelta(days=1)).isoformat())
    refuse_create(app, clerk, "hourlog", HourLog, data, LOG_FUTURE)


def test_log_of_a_day_already_logged_is_refused(app, clerk, journal):
    """A second log for the same day of the same placement is refused."""
    data = log_form(journal.placement, work_date="2026-03-04", hours="1")
    refuse_create(app, clerk, "hourlog", HourLog, data, LOG_DUPLICATE)


@pytest.mark.parametrize("hours", ["0", "-1", "2.3", "0.25"])
def test_log_hours_not_positive_half_hours_are_refused(app, clerk, world, hours):
    """Hours of 0 or less, or not in half-hour steps, are refused."""
    data = log_form(world.placement, hours=hours)
    refuse_create(app, clerk, "hourlog", HourLog, data, LOG_HOURS_STEP)


def test_moving_a_placement_start_after_its_logs_is_refused(app, clerk, journal):
    """Moving a placement's start past days already logged is refused; the start stays."""
    data = placement_edit_form(app, journal.placement, start_date="2026-03-05")
    response = edit(clerk, "placement", journal.placement, data)
    refused(
        response,
        "Jurnal 3 Maret 2026: Tanggal kerja harus dalam masa penempatan (5 Maret 2026 – 31 Agustus 2026).",
    )
    assert stored(app, Placement, journal.placement, "start_date") == date(2026, 3, 2)


# =================================================================================================
# Inline hour logs on the placement edit form
# =================================================================================================


def inline_log(index: int, day: str, hours: str, id: int | str = "") -> dict:
    """The fields of one journal row under the placement form."""
    prefix = f"hour_logs-{index}-"
    return {prefix + "id": str(id), prefix + "work_date": day, prefix + "hours": hours}


@pytest.mark.parametrize(
    "logs, message",
    [
        (
            inline_log(0, "2026-03-10", "9"),
            "Jurnal 10 Maret 2026: Paling banyak 8 jam sehari untuk Kerja sosial (dewasa).",
        ),
        (
            inline_log(0, "2026-09-01", "4"),
            "Jurnal 1 September 2026: Tanggal kerja harus dalam masa penempatan "
            "(2 Maret 2026 – 31 Agustus 2026).",
        ),
        (
            {**inline_log(0, "2026-03-10", "4"), **inline_log(1, "2026-03-10", "2")},
            "Jurnal 10 Maret 2026: Tanggal ini sudah tercatat di jurnal penempatan ini.",
        ),
        (
            inline_log(0, "2026-03-10", "1.2"),
            "Jurnal 10 Maret 2026: Jam kerja harus lebih dari 0, dalam kelipatan setengah jam.",
        ),
    ],
    ids=["over-daily-cap", "outside-placement", "same-day-twice", "not-half-hours"],
)
def test_bad_inline_log_is_refused_naming_its_date(app, clerk, world, logs, message):
    """A bad journal row added under the placement is refused with its date; nothing is stored."""
    data = {**placement_edit_form(app, world.placement), **logs}
    refused(edit(clerk, "placement", world.placement, data), message)
    assert rows(app, HourLog) == 0


def test_bad_inline_edit_of_a_stored_log_is_refused(app, clerk, journal):
    """Raising a stored journal row past the daily cap is refused and the stored hours stay."""
    with app.app_context():
        log = db.session.scalars(select(HourLog).order_by(HourLog.work_date)).first()
        log_id = log.id
    data = {**placement_edit_form(app, journal.placement), **inline_log(0, "2026-03-03", "10", log_id)}
    message = "Jurnal 3 Maret 2026: Paling banyak 8 jam sehari untuk Kerja sosial (dewasa)."
    refused(edit(clerk, "placement", journal.placement, data), message)
    assert stored(app, HourLog, log_id, "hours") == 8.0


def test_good_inline_log_is_stored(app, clerk, world):
    """A correct journal row added under the placement is stored with its hours."""
    data = {**placement_edit_form(app, world.placement), **inline_log(0, "2026-03-10", "6.5")}
    assert edit(clerk, "placement", world.placement, data).status_code == 302
    with app.app_context():
        assert db.session.scalars(select(HourLog.hours)).all() == [6.5]


# =================================================================================================
# Client
# =================================================================================================


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {"category": "anak", "birth_date": "2008-01-20"},
            "Umur saat tindak pidana 18 tahun: kategori anak hanya untuk umur 12 sampai di bawah 18 tahun.",
        ),
        (
            {"category": "anak", "birth_date": "1990-05-17"},
            "Umur saat tindak pidana 35 tahun: kategori anak hanya untuk umur 12 sampai di bawah 18 tahun.",
        ),
        (
            {"category": "dewasa", "birth_date": "2008-01-21"},
            "Umur saat tindak pidana 17 tahun: kategori harus anak.",
        ),
        (
            {"category": "anak", "birth_date": "2014-01-21"},
            "Umur saat tindak pidana 11 tahun: anak di bawah 12 tahun tidak diproses sebagai klien.",
        ),
        ({"birth_date": "2026-01-21"}, "Tanggal tindak pidana tidak boleh sebelum tanggal lahir."),
    ],
    ids=["anak-turned-18", "anak-adult", "dewasa-aged-17", "aged-11", "offence-before-birth"],
)
def test_client_age_at_offence_must_fit_the_category(app, clerk, changes, message):
    """The child/adult label must fit the age on the offence date (SPPA: 12 to under 18)."""
    refuse_create(app, clerk, "client", Client, client_form(**changes), message)


@pytest.mark.parametrize(
    "birth", ["2008-01-21", "2014-01-20"], ids=["day-before-18th-birthday", "12th-birthday"]
)
def test_client_child_aged_12_to_17_is_accepted(app, clerk, birth):
    """A child aged 12 on the offence date, or 17 the day before turning 18, is saved as anak."""
    accept_create(app, clerk, "client", Client, child_form(birth_date=birth))


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {"birth_date": (today_wib() + timedelta(days=1)).isoformat()},
            "Tanggal lahir tidak boleh di masa depan.",
        ),
        (
            {"offence_date": (today_wib() + timedelta(days=1)).isoformat()},
            "Tanggal tindak pidana tidak boleh di masa depan.",
        ),
        ({"ruling_date": "2026-01-19"}, "Tanggal putusan tidak boleh sebelum tanggal tindak pidana."),
    ],
    ids=["born-tomorrow", "offence-tomorrow", "ruling-before-offence"],
)
def test_client_dates_out_of_order_are_refused(app, clerk, changes, message):
    """Birth or offence dates in the future, or a ruling before the offence, are refused."""
    refuse_create(app, clerk, "client", Client, client_form(**changes), message)


@pytest.mark.parametrize(
    "nik, message",
    [
        ("331001170590001", NIK_LENGTH),
        ("33100117059000AB", NIK_LENGTH),
        ("3310010005900001", NIK_DAY),
        ("3310013205900001", NIK_DAY),
        ("3310014005900001", NIK_DAY),
        ("3310017205900001", NIK_DAY),
        ("3310011700900001", NIK_MONTH),
        ("3310011713900001", NIK_MONTH),
    ],
    ids=["15-digits", "letters", "day-00", "day-32", "day-40", "day-72", "month-00", "month-13"],
)
def test_client_malformed_nik_is_refused(app, clerk, nik, message):
    """A NIK that cannot be one is refused with the rule it breaks."""
    refuse_create(app, clerk, "client", Client, client_form(nik=nik), message)


def test_client_nik_too_long_is_refused(app, clerk):
    """A 17-digit NIK is refused in Indonesian (the form's length check speaks first)."""
    data = client_form(nik=ADULT_NIK + "1")
    refuse_create(app, clerk, "client", Client, data, "Isian tidak boleh lebih dari 16 karakter.")


def test_client_nik_typed_with_spaces_is_stored_as_digits(app, clerk):
    """A NIK typed in groups ("3310 0117 0590 0001") is saved as its 16 digits."""
    form = clerk.get("/admin/client/new/").get_data(as_text=True)
    nik_input = re.search(r'<input[^>]*id="nik"[^>]*>', form).group(0)
    # The browser must not cut the grouped NIK (19 characters) at 16.
    assert int(re.search(r'maxlength="(\d+)"', nik_input).group(1)) >= len("3310 0117 0590 0001")
    accept_create(app, clerk, "client", Client, client_form(nik="3310 0117 0590 0001"))
    with app.app_context():
        assert db.session.scalars(select(Client.nik)).all() == [ADULT_NIK]


@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("nik", ADULT_NIK, FORM_TAKEN),
        ("register_number", "D-2026-001", FORM_TAKEN),
        ("register_number", " D-2026-001 ", TAKEN),
    ],
    ids=["nik", "register-number", "register-number-with-spaces"],
)
def test_client_duplicate_identity_is_refused(app, clerk, field, typed, message):
    """A NIK or register number already used by another client is refused."""
    with app.app_context():
        make_client(register_number="D-2026-001", nik=ADULT_NIK)
    data = client_form(**{"register_number": "D-2026-777", field: typed})
    refuse_create(app, clerk, "client", Client, data, message)


@pytest.mark.parametrize(
    "nip, message",
    [
        ("19860926201505100", NIP_LENGTH),
        ("1986092620150510AB", NIP_LENGTH),
        ("198613322015051001", NIP_DATE),
        ("198609262015053001", NIP_SEX),
    ],
    ids=["17-digits", "letters", "month-13", "sex-digit-3"],
)
def test_client_malformed_pk_nip_is_refused(app, clerk, nip, message):
    """The supervising PK's NIP must be a real civil-servant number."""
    refuse_create(app, clerk, "client", Client, client_form(pk_nip=nip), message)


@pytest.mark.parametrize(
    "changes, warning",
    [
        ({"nik": "3310011805900001"}, NIK_BIRTH_MISMATCH),
        ({"nik": ADULT_NIK, "sex": "P"}, NIK_SEX_MISMATCH),
    ],
    ids=["birth-date", "sex"],
)
def test_client_nik_disagreeing_with_birth_data_is_saved_with_a_warning(app, clerk, changes, warning):
    """A NIK that disagrees with the birth date or sex is saved, and the clerk is warned."""
    accept_create(app, clerk, "client", Client, client_form(**changes))
    assert warning in shown(clerk.get("/admin/client/"))


def test_client_category_change_that_breaks_the_age_rule_is_refused_on_edit(app, clerk):
    """Relabelling an adult as anak on the edit form is refused and the label stays."""
    with app.app_context():
        client = make_client().id
    data = client_form(register_number="D-2026-555", category="anak")
    message = "Umur saat tindak pidana 35 tahun: kategori anak hanya untuk umur 12 sampai di bawah 18 tahun."
    refused(edit(clerk, "client", client, data), message)
    assert stored(app, Client, client, "category") == "dewasa"


# =================================================================================================
# Agency
# =================================================================================================


@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("name", "Dinas Lingkungan Hidup", FORM_TAKEN),
        ("acronym", "DLH", FORM_TAKEN),
        ("name", "Dinas Lingkungan Hidup ", TAKEN),
        ("acronym", " DLH", TAKEN),
    ],
    ids=["name", "acronym", "name-with-space", "acronym-with-space"],
)
def test_agency_duplicate_name_or_acronym_is_refused(app, clerk, field, typed, message):
    """An agency name or acronym already used by another agency is refused."""
    with app.app_context():
        make_agency(name="Dinas Lingkungan Hidup", acronym="DLH")
    refuse_create(app, clerk, "agency", Agency, agency_form(**{field: typed}), message)


@pytest.mark.parametrize("field", ["head_nip", "signatory_nip"])
@pytest.mark.parametrize(
    "nip, message",
    [("1986092620150510", NIP_LENGTH), ("198602302015051001", NIP_DATE), ("198609262015050001", NIP_SEX)],
    ids=["16-digits", "30-february", "sex-digit-0"],
)
def test_agency_malformed_nip_is_refused(app, clerk, field, nip, message):
    """The head's and the signatory's NIPs must be real civil-servant numbers."""
    refuse_create(app, clerk, "agency", Agency, agency_form(**{field: nip}), message)


def test_agency_nip_typed_with_spaces_is_stored_as_digits(app, clerk):
    """A NIP typed in groups ("19860926 201505 1 001") is saved as its 18 digits."""
    accept_create(app, clerk, "agency", Agency, agency_form(head_nip="19860926 201505 1 001"))
    with app.app_context():
        assert db.session.scalars(select(Agency.head_nip)).all() == [VALID_NIP]


def test_agency_signatory_other_than_head_needs_a_delegation(app, clerk):
    """Someone other than the head signing, with no delegation basis, is refused."""
    data = agency_form(head_name="Drs. Sri Mulyani", signatory_name="Budi Santoso, S.H.")
    refuse_create(app, clerk, "agency", Agency, data, NO_DELEGATION)


@pytest.mark.parametrize(
    "changes",
    [
        {"signatory_name": "drs. sri mulyani"},
        {"signatory_name": "Budi Santoso, S.H.", "delegation_basis": "plt"},
        {"signatory_name": "Budi Santoso, S.H.", "delegation_basis": "plh"},
    ],
    ids=["head-signs", "plt", "plh"],
)
def test_agency_signatory_with_a_valid_basis_is_accepted(app, clerk, changes):
    """The head signing in person, or a Plt/Plh signing for the head, is saved."""
    accept_create(app, clerk, "agency", Agency, agency_form(head_name="Drs. Sri Mulyani", **changes))


@pytest.mark.parametrize("basis", ["surat_kuasa", "surat_tugas"])
@pytest.mark.parametrize(
    "changes, message",
    [
        ({"delegation_date": "2026-09-01"}, DELEGATION_NUMBER),
        ({"delegation_number": "800/123/2026"}, DELEGATION_DATE),
    ],
    ids=["no-number", "no-date"],
)
def test_agency_delegation_letter_needs_number_and_date(app, clerk, basis, changes, message):
    """A surat kuasa or surat tugas without its number or date is refused."""
    data = agency_form(
        head_name="Drs. Sri Mulyani", signatory_name="Budi Santoso", delegation_basis=basis, **changes
    )
    refuse_create(app, clerk, "agency", Agency, data, message)


def test_agency_signatory_change_without_delegation_is_refused_on_edit(app, clerk):
    """Naming a new signatory on the edit form without a delegation is refused; nothing changes."""
    with app.app_context():
        agency = make_agency(name="Dinas Sosial Uji", acronym="DINSOS-U", head_name="Drs. Sri Mulyani").id
    data = agency_form(head_name="Drs. Sri Mulyani", signatory_name="Budi Santoso")
    refused(edit(clerk, "agency", agency, data), NO_DELEGATION)
    assert stored(app, Agency, agency, "signatory_name") is None


# =================================================================================================
# Commitment (work plan)
# =================================================================================================


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"start_date": "2026-03-02", "end_date": "2026-03-01"}, END_BEFORE_START),
        ({"capacity": "0"}, CAPACITY_MIN),
        ({"capacity": "-1"}, CAPACITY_MIN),
        ({"capacity": "10001"}, "Kapasitas paling banyak 10.000 klien."),
        ({"capacity": "9" * 30}, "Kapasitas paling banyak 10.000 klien."),
        (
            {"indicator": "y" * 600},
            "Indikator paling panjang 500 karakter (sekarang 600); ringkas isinya.",
        ),
    ],
    ids=[
        "end-before-start",
        "capacity-0",
        "capacity-negative",
        "capacity-10001",
        "capacity-huge",
        "indicator-too-long",
    ],
)
def test_commitment_bad_dates_or_capacity_are_refused(app, clerk, world, changes, message):
    """A work plan ending before it starts or for fewer than 1 client is refused."""
    refuse_create(app, clerk, "commitment", Commitment, commitment_form(world.host, **changes), message)


def test_commitment_indicator_of_the_longest_printable_length_is_accepted(app, clerk, world):
    """500 characters of indicator fit the annex's cell; they are stored."""
    accept_create(app, clerk, "commitment", Commitment, commitment_form(world.host, indicator="y" * 500))


def test_commitment_same_activity_twice_for_one_agency_is_refused(app, clerk, world):
    """An agency cannot commit the same activity twice."""
    accept_create(app, clerk, "commitment", Commitment, commitment_form(world.host))
    refuse_create(app, clerk, "commitment", Commitment, commitment_form(world.host), SAME_ACTIVITY)


def test_commitment_same_activity_at_another_agency_is_accepted(app, clerk, world):
    """Two agencies may commit the same activity."""
    accept_create(app, clerk, "commitment", Commitment, commitment_form(world.host))
    accept_create(app, clerk, "commitment", Commitment, commitment_form(world.other))


def test_commitment_capacity_lowered_to_0_is_refused_on_edit(app, clerk, world):
    """Setting a work plan's capacity to 0 on the edit form is refused and the capacity stays."""
    with app.app_context():
        plan = make_commitment(agency=db.session.get(Agency, world.host), capacity=3)
        plan_id, activity = plan.id, plan.activity
    data = commitment_form(world.host, activity=activity, capacity="0")
    refused(edit(clerk, "commitment", plan_id, data), CAPACITY_MIN)
    assert stored(app, Commitment, plan_id, "capacity") == 3


# =================================================================================================
# Agreement
# =================================================================================================


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"originals": "0"}, ORIGINALS_MIN),
        ({"meterai_required": "y", "meterai_count": "0"}, METERAI_NEEDED),
        ({"meterai_count": "-1"}, METERAI_NEGATIVE),
        ({"originals": "101"}, "Jumlah rangkap asli paling banyak 100."),
        ({"meterai_count": "101"}, "Jumlah meterai paling banyak 100."),
        # Past what any database column holds: refused at the field, never a database error.
        ({"meterai_count": "9" * 30}, "Jumlah meterai paling banyak 100."),
        ({"attendance_blank_rows": "61"}, "Baris kosong daftar hadir antara 0 dan 60."),
        ({"attendance_blank_rows": "-1"}, "Baris kosong daftar hadir antara 0 dan 60."),
    ],
    ids=[
        "no-originals",
        "meterai-without-count",
        "negative-meterai",
        "originals-101",
        "meterai-101",
        "meterai-huge",
        "blank-rows-61",
        "blank-rows-negative",
    ],
)
def test_agreement_counts_that_cannot_be_printed_are_refused(app, clerk, changes, message):
    """No originals, meterai required but none counted, or a negative count is refused."""
    refuse_create(app, clerk, "agreement", Agreement, agreement_form(**changes), message)


def test_agreement_with_meterai_counted_is_accepted(app, clerk):
    """An agreement needing 2 meterai, with 2 counted, is saved."""
    data = agreement_form(meterai_required="y", meterai_count="2")
    accept_create(app, clerk, "agreement", Agreement, data)


def test_agreement_originals_lowered_to_0_is_refused_on_edit(app, clerk):
    """Editing an agreement down to no originals is refused; the stored count stays."""
    with app.app_context():
        agreement = make_agreement()
        agreement_id, title = agreement.id, agreement.title
    refused(edit(clerk, "agreement", agreement_id, agreement_form(title=title, originals="0")), ORIGINALS_MIN)
    assert stored(app, Agreement, agreement_id, "originals") == 2


# =================================================================================================
# The same rules for writers other than forms (seed, CLI, scripts): the before_flush hook
# =================================================================================================


def new_log(placement: Placement | None = None, **fields: Any) -> HourLog:
    """An unsaved 4-hour log on 3 March 2026 (in an adult kerja sosial placement by default)."""
    values = {"placement": placement or make_placement(), "work_date": date(2026, 3, 3), "hours": 4.0}
    return HourLog(**{**values, **fields})


def after(stored_first: Any, record: Any) -> Any:
    """`record`, built once `stored_first` (the record it collides with) is stored."""
    return record


def full_work_plan() -> Commitment:
    plan = make_commitment(capacity=1)
    make_placement(commitment=plan)
    return plan


def logged_placement() -> Placement:
    placement = make_placement(hours_ordered=10)
    make_log(placement, hours=8.0)
    return placement


def new_client(**fields: Any) -> Client:
    values = {
        "register_number": "D-2026-900",
        "full_name": "Sutrisno Wibowo",
        "birth_date": date(1990, 5, 17),
        "sex": "L",
        "category": "dewasa",
        "offence": "Pencurian ringan",
        "offence_date": date(2026, 1, 20),
        "legal_basis": "pidana_kerja_sosial",
        "status": "active",
    }
    return Client(**{**values, **fields})


def new_agency(**fields: Any) -> Agency:
    return Agency(
        **{"name": "Dinas Uji Skrip", "acronym": "DUS", "kind": "opd", "delegation_basis": "none", **fields}
    )


BAD_WRITES = {
    "kerja-sosial-child": (lambda: build_placement(client=make_child()), "kind"),
    "kerja-sosial-241-hours": (lambda: build_placement(hours_ordered=241), "hours_ordered"),
    "kerja-sosial-7-months": (lambda: build_placement(end_date=date(2026, 10, 2)), "end_date"),
    "pelayanan-masyarakat-adult": (lambda: build_placement(kind="pelayanan_masyarakat"), "kind"),
    "pelayanan-masyarakat-6-hours": (
        lambda: build_placement(client=make_child(), kind="pelayanan_masyarakat", hours_ordered=6),
        "hours_ordered",
    ),
    "pelatihan-kerja-2-months": (
        lambda: build_placement(client=make_child(), kind="pelatihan_kerja", end_date=date(2026, 5, 2)),
        "end_date",
    ),
    "end-before-start": (lambda: build_placement(end_date=date(2026, 3, 1)), "end_date"),
    "client-not-active": (lambda: build_placement(client=make_client(status="completed")), "client"),
    "other-agencys-plan": (
        lambda: build_placement(commitment=make_commitment(), agency=make_agency()),
        "commitment",
    ),
    "dropped-plan": (lambda: build_placement(commitment=make_commitment(status="dropped")), "commitment"),
    "full-plan": (lambda: build_placement(commitment=full_work_plan()), "commitment"),
    "log-over-8-hours": (lambda: new_log(hours=8.5), "hours"),
    "log-over-3-hours-child": (lambda: new_log(child_placement("pelayanan_masyarakat"), hours=3.5), "hours"),
    "log-training-saturday": (
        lambda: new_log(child_placement("pelatihan_kerja"), work_date=date(2026, 3, 7), hours=2.0),
        "work_date",
    ),
    "log-outside-placement": (lambda: new_log(work_date=date(2026, 9, 1)), "work_date"),
    "log-in-future": (
        lambda: new_log(
            make_placement(
                start_date=today_wib() - timedelta(days=30), end_date=today_wib() + timedelta(days=60)
            ),
            work_date=today_wib() + timedelta(days=1),
        ),
        "work_date",
    ),
    "log-same-day": (lambda: new_log(logged_placement(), work_date=date(2026, 3, 3), hours=1.0), "work_date"),
    "log-not-half-hours": (lambda: new_log(hours=2.3), "hours"),
    "log-zero-hours": (lambda: new_log(hours=0.0), "hours"),
    "log-exceeds-order": (
        lambda: new_log(logged_placement(), work_date=date(2026, 3, 4), hours=4.0),
        "hours",
    ),
    "client-anak-aged-18": (lambda: new_client(category="anak", birth_date=date(2008, 1, 20)), "category"),
    "client-dewasa-aged-17": (lambda: new_client(birth_date=date(2008, 1, 21)), "category"),
    "client-aged-11": (lambda: new_client(category="anak", birth_date=date(2014, 1, 21)), "birth_date"),
    "client-bad-nik": (lambda: new_client(nik="3310013205900001"), "nik"),
    "client-duplicate-nik": (lambda: after(make_client(nik=ADULT_NIK), new_client(nik=ADULT_NIK)), "nik"),
    "client-duplicate-register": (
        lambda: after(make_client(register_number="D-2026-900"), new_client()),
        "register_number",
    ),
    "client-bad-pk-nip": (lambda: new_client(pk_nip="198613322015051001"), "pk_nip"),
    "agency-no-delegation": (lambda: new_agency(signatory_name="Budi Santoso"), "delegation_basis"),
    "agency-bad-nip": (lambda: new_agency(signatory_nip="198609262015053001"), "signatory_nip"),
    "agency-duplicate-acronym": (lambda: after(make_agency(acronym="DUS"), new_agency()), "acronym"),
    "commitment-capacity-0": (
        lambda: Commitment(
            agency=make_agency(), area="kerja_sosial", activity="Taman", status="agreed", capacity=0
        ),
        "capacity",
    ),
    "agreement-no-originals": (
        lambda: Agreement(title="Nota Uji", paper="f4", meterai_count=0, originals=0),
        "originals",
    ),
}


@pytest.mark.parametrize("case", BAD_WRITES)
def test_other_writers_are_refused_by_the_same_rules(app, case):
    """A script or the seed writing a bad record gets the same refusal, and nothing is stored."""
    build, field = BAD_WRITES[case]
    with app.app_context():
        record = build()
        model = type(record)
        before = rows(app, model)
        db.session.add(record)
        with pytest.raises(DomainError) as refusal:
            db.session.commit()
        db.session.rollback()
        assert field in refusal.value.errors
        assert rows(app, model) == before


def test_other_writers_cannot_lower_hours_below_the_log(app, journal):
    """A script lowering the hours ordered below the hours logged is refused; the hours stay."""
    with app.app_context():
        db.session.get(Placement, journal.placement).hours_ordered = 20
        with pytest.raises(DomainError) as refusal:
            db.session.commit()
        db.session.rollback()
    assert "hours_ordered" in refusal.value.errors
    assert stored(app, Placement, journal.placement, "hours_ordered") == 60


@pytest.mark.parametrize(
    "build",
    [
        lambda: Agency(name="Dinas Uji Bawaan", acronym="DUB", kind="opd"),
        lambda: Agreement(title="Nota Uji Bawaan", paper="f4", originals=2),
        lambda: Commitment(agency=make_agency(), area="pendidikan", activity="Kejar paket"),
    ],
    ids=["agency-delegation-basis", "agreement-meterai-count", "commitment-status"],
)
def test_other_writers_get_the_column_defaults(app, build):
    """A script leaving out a field that has a default (delegation 'none', 0 meterai, 'draft') can save."""
    with app.app_context():
        db.session.add(build())
        db.session.commit()
