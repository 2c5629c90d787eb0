"""The rules hold from the other side too: editing a commitment, a client or a placement re-checks what
depends on it; and input no real record can carry is refused (DESIGN.md §4, plausibility).

Each refusal shows its message as the clerk reads it and changes nothing in the database.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from factories import make_agency, make_child, make_client, make_commitment, make_log, make_placement
from sqlalchemy import select
from test_rules import client_form as new_client_form
from test_rules import edit, log_form, placement_edit_form, refuse_create, refused, rows, shown

from models import Agency, Client, Commitment, DomainError, HourLog, Placement, User, db


def snapshot(app, model: type, record_id: int) -> dict[str, Any]:
    """Every column of one stored record, to compare before and after a refused save."""
    with app.app_context():
        record = db.session.get(model, record_id)
        return {column.key: getattr(record, column.key) for column in model.__table__.columns}


def commitment_form(commitment: Commitment, **changes: Any) -> dict[str, str]:
    data = {
        "agency": commitment.agency_id,
        "area": commitment.area,
        "activity": commitment.activity,
        "capacity": commitment.capacity if commitment.capacity is not None else "",
        "status": commitment.status,
    }
    return {name: str(value) for name, value in {**data, **changes}.items()}


def client_form(client: Client, **changes: Any) -> dict[str, str]:
    """The client's edit form as stored: its required fields."""
    data = {name: getattr(client, name) for name in Client.required_fields}
    return {name: str(value) for name, value in {**data, **changes}.items()}


def refuse_edit(app, clerk, endpoint: str, model: type, record_id: int, data: dict, message: str) -> None:
    """POST an edit form that must be refused with `message` and leave the record as it was."""
    before = snapshot(app, model, record_id)
    refused(edit(clerk, endpoint, record_id, data), message)
    assert snapshot(app, model, record_id) == before


# =================================================================================================
# A commitment's placements
# =================================================================================================


@pytest.fixture
def busy_site(app) -> dict[str, Any]:
    """A work-plan line with room for 5 and two running placements under it."""
    with app.app_context():
        site = make_commitment(capacity=5)
        for _ in range(2):
            make_placement(commitment=site)
        return {"id": site.id, "form": commitment_form(site), "other_agency": make_agency().id}


def test_moving_a_commitment_with_placements_to_another_agency_is_refused(app, clerk, busy_site):
    data = {**busy_site["form"], "agency": str(busy_site["other_agency"])}
    message = "2 penempatan memakai rencana kerja ini di instansinya; instansi tidak dapat diganti."
    refuse_edit(app, clerk, "commitment", Commitment, busy_site["id"], data, message)


def test_lowering_a_capacity_below_the_running_placements_is_refused(app, clerk, busy_site):
    data = {**busy_site["form"], "capacity": "1"}
    message = "2 penempatan aktif memakai rencana kerja ini; kapasitas tidak boleh kurang dari 2."
    refuse_edit(app, clerk, "commitment", Commitment, busy_site["id"], data, message)


def test_lowering_a_capacity_to_the_running_placements_is_accepted(app, clerk, busy_site):
    response = edit(clerk, "commitment", busy_site["id"], {**busy_site["form"], "capacity": "2"})
    assert response.status_code == 302, shown(response)


def test_dropping_a_commitment_with_running_placements_is_refused(app, clerk, busy_site):
    data = {**busy_site["form"], "status": "dropped"}
    message = "2 penempatan aktif memakai rencana kerja ini; akhiri penempatannya sebelum membatalkan."
    refuse_edit(app, clerk, "commitment", Commitment, busy_site["id"], data, message)


def test_dropping_a_commitment_whose_placements_are_completed_is_accepted(app, clerk):
    with app.app_context():
        site = make_commitment(capacity=5)
        make_placement(commitment=site, status="completed")
        site_id, form = site.id, commitment_form(site)
    assert edit(clerk, "commitment", site_id, {**form, "status": "dropped"}).status_code == 302


# =================================================================================================
# A client's placements
# =================================================================================================


@pytest.fixture
def placed_adult(app) -> dict[str, Any]:
    """An adult serving kerja sosial."""
    with app.app_context():
        client = make_client()
        make_placement(client=client)
        return {"id": client.id, "form": client_form(client)}


def test_ending_a_client_with_a_running_placement_is_refused(app, clerk, placed_adult):
    data = {**placed_adult["form"], "status": "completed"}
    message = "Klien masih memiliki 1 penempatan direncanakan atau berjalan; akhiri penempatannya dulu."
    refuse_edit(app, clerk, "client", Client, placed_adult["id"], data, message)


def test_an_adult_on_kerja_sosial_cannot_become_a_child(app, clerk, placed_adult):
    data = {
        **placed_adult["form"],
        "category": "anak",
        "birth_date": "2010-08-03",
        "legal_basis": "pidana_pelayanan_masyarakat",
    }
    message = "Klien memiliki 1 penempatan Kerja sosial (dewasa), yang hanya untuk klien dewasa."
    refuse_edit(app, clerk, "client", Client, placed_adult["id"], data, message)


# =================================================================================================
# A placement's journal
# =================================================================================================


def test_narrowing_a_placement_so_a_journal_day_falls_outside_is_refused(app, clerk):
    with app.app_context():
        placement = make_placement()
        make_log(placement, work_date=date(2026, 3, 3), hours=4.0)
        placement_id = placement.id
    data = placement_edit_form(app, placement_id, start_date="2026-03-10")
    message = (
        "Jurnal 3 Maret 2026: Tanggal kerja harus dalam masa penempatan (10 Maret 2026 – 31 Agustus 2026)."
    )
    refuse_edit(app, clerk, "placement", Placement, placement_id, data, message)


def test_a_new_kind_must_fit_the_journal_already_kept(app, clerk):
    """A child's social assistance with a 5-hour day cannot become pelayanan masyarakat (3 a day)."""
    with app.app_context():
        placement = make_placement(
            client=make_child(),
            kind="bantuan_sosial",
            hours_ordered=None,
            commitment=make_commitment(capacity=None),
        )
        make_log(placement, work_date=date(2026, 3, 3), hours=5.0)
        placement_id = placement.id
    data = placement_edit_form(app, placement_id, kind="pelayanan_masyarakat", hours_ordered="40")
    message = "Jurnal 3 Maret 2026: Paling banyak 3 jam sehari untuk Pelayanan masyarakat (anak)."
    refuse_edit(app, clerk, "placement", Placement, placement_id, data, message)


# =================================================================================================
# Plausibility: what no law says but no real record can be
# =================================================================================================


@pytest.fixture
def service(app) -> int:
    """An adult's 'layanan' placement: no legal daily cap."""
    with app.app_context():
        return make_placement(
            kind="layanan", hours_ordered=None, commitment=make_commitment(capacity=None)
        ).id


@pytest.mark.parametrize("hours", ["25", "1000000000000000"])
def test_no_journal_day_has_more_hours_than_a_day(app, clerk, service, hours):
    """Logged from the placement ("Catat jurnal"), as a service placement's days are."""
    response = clerk.post(f"/admin/hourlog/new/?placement={service}", data=log_form(service, hours=hours))
    refused(response, "Jam kerja paling banyak 24 jam sehari.")
    assert rows(app, HourLog) == 0


def test_a_24_hour_day_of_service_is_accepted(app, clerk, service):
    response = clerk.post(f"/admin/hourlog/new/?placement={service}", data=log_form(service, hours="24"))
    assert response.status_code == 302, shown(response)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"full_name": "\u200b"}, "Wajib diisi."),
        ({"full_name": " \ufeff\u200b "}, "Wajib diisi."),
        (
            {"offence": "Pencurian\x1bringan"},
            "Teks berisi karakter kontrol yang tidak diizinkan; ketik ulang isinya.",
        ),
        ({"birth_date": "1899-12-31"}, "Tanggal harus antara tahun 1900 dan 2100."),
        (
            {"birth_date": "1900-01-01"},
            "Umur saat tindak pidana 126 tahun: periksa tanggal lahir (paling tua 100 tahun).",
        ),
        (
            {"birth_date": "1921-01-01"},
            "Umur saat tindak pidana 105 tahun: periksa tanggal lahir (paling tua 100 tahun).",
        ),
        ({"ruling_date": "9999-12-31"}, "Tanggal harus antara tahun 1900 dan 2100."),
        ({"ruling_date": "2099-12-31"}, "Tanggal putusan tidak boleh di masa depan."),
    ],
)
def test_implausible_client_input_is_refused(app, clerk, changes, message):
    refuse_create(app, clerk, "client", Client, new_client_form(**changes), message)


def test_a_note_may_have_several_lines(app, clerk):
    with app.app_context():
        agency = make_agency()
        data = {"name": agency.name, "acronym": agency.acronym, "kind": "opd", "delegation_basis": "none"}
        agency_id = agency.id
    response = edit(clerk, "agency", agency_id, {**data, "notes": "Baris satu\r\nBaris dua\tdengan tab"})
    assert response.status_code == 302, shown(response)


@pytest.mark.parametrize("agency", ["__None", "999999"])
def test_a_head_account_needs_an_existing_agency(app, clerk, agency):
    data = {"username": "kepala-tanpa-instansi", "role": "head", "agency": agency, "active": "y"}
    response = clerk.post("/admin/user/new/", data={**data, "new_password": "kata-sandi-kuat-789"})
    assert response.status_code == 200
    assert rows(app, User) == 1  # the clerk only


def test_a_head_account_needs_an_existing_agency_from_any_writer(app):
    with app.app_context():
        user = User(username="kepala-hilang", role="head", agency_id=999999)
        user.set_password("kata-sandi-kuat-789")
        db.session.add(user)
        with pytest.raises(DomainError) as refusal:
            db.session.flush()
        db.session.rollback()
    assert str(refusal.value.errors["agency"]) == "Akun kepala instansi wajib terhubung ke satu instansi."


def test_clearing_a_heads_agency_is_refused(app, clerk):
    with app.app_context():
        agency = make_agency()
        user = User(username="kepala-dinas", role="head", agency=agency)
        user.set_password("kata-sandi-kuat-789")
        db.session.add(user)
        db.session.commit()
        user_id = user.id
    data = {"username": "kepala-dinas", "role": "head", "agency": "__None", "active": "y"}
    refused(edit(clerk, "user", user_id, data), "Akun kepala instansi wajib terhubung ke satu instansi.")
    with app.app_context():
        assert db.session.get(User, user_id).agency_id is not None
        assert db.session.get(Agency, db.session.get(User, user_id).agency_id) is not None


def test_lowering_ordered_hours_below_the_journal_says_so_once(app, clerk):
    """Six logged days and 'Jam putusan' lowered below them: one message at the field, one banner."""
    with app.app_context():
        placement = make_placement(kind="kerja_sosial", hours_ordered=40)
        days = [date(2026, 3, day) for day in (2, 3, 4, 5, 6, 9)]
        for day in days:
            make_log(placement, work_date=day, hours=3.0)
        logs = db.session.scalars(select(HourLog).order_by(HourLog.work_date)).all()
        journal_rows = {
            f"hour_logs-{index}-{name}": str(value)
            for index, log in enumerate(logs)
            for name, value in (
                ("id", log.id),
                ("work_date", log.work_date.isoformat()),
                ("hours", "3"),
                ("version_seen", log.version),
            )
        }
        placement_id = placement.id
    data = {**placement_edit_form(app, placement_id, hours_ordered="10"), **journal_rows}
    before = snapshot(app, Placement, placement_id)
    response = edit(clerk, "placement", placement_id, data)
    messages = shown(response)
    assert messages == [
        "Data belum disimpan: periksa isian yang ditandai.",
        "Jam yang sudah tercatat (18) melebihi jam putusan.",
    ], messages
    assert snapshot(app, Placement, placement_id) == before
