"""Records that others still refer to cannot be deleted, whichever way the clerk tries.

The single delete button, the bulk 'Hapus' action and code using the ORM directly are all refused
with a message naming what still refers to the record, and the database is left as it was.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from conftest import TEST_PASSWORD
from factories import make_agency, make_agreement, make_client, make_commitment, make_log, make_placement
from sqlalchemy import func, select

from models import Agency, Agreement, Client, Commitment, DomainError, HourLog, Placement, User, db


@dataclass
class Referenced:
    """A record that others refer to, and the refusal the clerk should read."""

    model: Any
    id: int
    message: str


def head_account(username: str, agency: Agency) -> User:
    """An agency head's login, linked to `agency`."""
    user = User(username=username, role="head", agency=agency)
    user.set_password(TEST_PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user


def flashes(page: str) -> list[str]:
    """The texts of the flashed alerts on a page."""
    return [
        " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", alert)).replace("×", " ").split())
        for alert in re.findall(r'<div class="alert[^"]*"[^>]*>(.*?)</div>', page, re.S)
    ]


def snapshot() -> dict[str, Any]:
    """Every row count and every version, to tell that nothing changed."""
    db.session.expire_all()
    state: dict[str, Any] = {}
    for model in (Agency, Commitment, Client, Placement, HourLog, User):
        state[model.__name__] = sorted(db.session.execute(select(model.id, model.version)).all())
    return state


# --- the referenced records ----------------------------------------------------------------------


def agency_with_commitments() -> Referenced:
    host = make_agency(acronym="DLH", name="Dinas Lingkungan Hidup")
    make_commitment(agency=host)
    make_commitment(agency=host)
    return Referenced(Agency, host.id, "DLH tidak dapat dihapus: masih dirujuk oleh 2 rencana kerja.")


def agency_with_users() -> Referenced:
    host = make_agency(acronym="DINSOS", name="Dinas Sosial")
    head_account("kepala-dinsos", host)
    return Referenced(Agency, host.id, "DINSOS tidak dapat dihapus: masih dirujuk oleh 1 akun pengguna.")


def agency_with_everything() -> Referenced:
    host = make_agency(acronym="DISNAKER", name="Dinas Tenaga Kerja")
    first = make_commitment(agency=host)
    make_commitment(agency=host)
    make_placement(commitment=first)
    make_placement(commitment=first)
    head_account("kepala-disnaker", host)
    return Referenced(
        Agency,
        host.id,
        "DISNAKER tidak dapat dihapus: masih dirujuk oleh 2 rencana kerja, 2 penempatan, 1 akun pengguna.",
    )


def commitment_with_placements() -> Referenced:
    host = make_agency(acronym="DPUPR", name="Dinas Pekerjaan Umum dan Penataan Ruang")
    commitment = make_commitment(agency=host, activity="Perawatan taman kota")
    make_placement(commitment=commitment)
    return Referenced(
        Commitment,
        commitment.id,
        "DPUPR: Perawatan taman kota tidak dapat dihapus: masih dirujuk oleh 1 penempatan.",
    )


def client_with_placements() -> Referenced:
    person = make_client(register_number="PK-D-2026-011", full_name="Sutrisno Wibowo")
    make_placement(client=person, status="completed")
    make_placement(client=person, start_date=date(2026, 9, 1), end_date=date(2026, 12, 31))
    return Referenced(
        Client,
        person.id,
        "PK-D-2026-011 — Sutrisno Wibowo tidak dapat dihapus: masih dirujuk oleh 2 penempatan.",
    )


def placement_with_hour_logs() -> Referenced:
    person = make_client(register_number="PK-D-2026-012")
    work = make_placement(
        client=person, agency=make_agency(acronym="DISPORA", name="Dinas Pemuda dan Olahraga")
    )
    make_log(work, work_date=date(2026, 3, 3))
    make_log(work, work_date=date(2026, 3, 4))
    return Referenced(
        Placement,
        work.id,
        "PK-D-2026-012 · DISPORA · 2 Maret 2026 tidak dapat dihapus: masih dirujuk oleh 2 jurnal kerja.",
    )


REFERENCED: dict[str, tuple[str, Callable[[], Referenced]]] = {
    "agency-with-commitments": ("agency", agency_with_commitments),
    "agency-with-users": ("agency", agency_with_users),
    "agency-with-commitments-placements-users": ("agency", agency_with_everything),
    "commitment-with-placements": ("commitment", commitment_with_placements),
    "client-with-placements": ("client", client_with_placements),
    "placement-with-hour-logs": ("placement", placement_with_hour_logs),
}


def post_delete(browser: Any, endpoint: str, record_id: int, via: str) -> Any:
    """Delete through the row's trash button ('single') or the 'Pilih → Hapus' bulk action."""
    if via == "single":
        return browser.post(f"/admin/{endpoint}/delete/", data={"id": record_id}, follow_redirects=True)
    return browser.post(
        f"/admin/{endpoint}/action/",
        data={"action": "delete", "rowid": [str(record_id)]},
        follow_redirects=True,
    )


# --- through the admin -----------------------------------------------------------------------------


@pytest.mark.parametrize("via", ["single", "bulk"])
@pytest.mark.parametrize("case", list(REFERENCED))
def test_deleting_a_referenced_record_is_refused_with_the_reason(app, clerk, case, via):
    """Deleting a record others refer to shows 'tidak dapat dihapus: masih dirujuk oleh …' and keeps everything."""
    endpoint, build = REFERENCED[case]
    with app.app_context():
        record = build()
        before = snapshot()

    response = post_delete(clerk, endpoint, record.id, via)

    assert response.status_code == 200
    messages = flashes(response.get_data(as_text=True))
    assert record.message in messages
    assert not any(re.match(r"[1-9]\d* data berhasil dihapus", message) for message in messages)
    with app.app_context():
        assert db.session.get(record.model, record.id) is not None
        assert snapshot() == before


@pytest.mark.parametrize("case", list(REFERENCED))
def test_orm_delete_of_a_referenced_record_raises_and_changes_nothing(app, case):
    """Code that deletes a referenced record gets DomainError with the reason; after rollback all is intact."""
    with app.app_context():
        record = REFERENCED[case][1]()
        before = snapshot()

        db.session.delete(db.session.get(record.model, record.id))
        with pytest.raises(DomainError) as refused:
            db.session.commit()
        db.session.rollback()

        assert str(refused.value) == record.message
        assert snapshot() == before


def test_refused_bulk_delete_shows_no_success_message(app, clerk):
    """A bulk delete that was refused does not also show a green 'data berhasil dihapus' banner."""
    with app.app_context():
        record = agency_with_commitments()

    page = post_delete(clerk, "agency", record.id, "bulk").get_data(as_text=True)

    assert record.message in flashes(page)
    assert "alert-success" not in page, flashes(page)


def test_bulk_delete_of_mixed_rows_removes_only_the_free_ones(app, clerk):
    """Selecting a used and an unused agency deletes the unused one and names why the other stays."""
    with app.app_context():
        used = agency_with_commitments()
        free_id = make_agency(acronym="BAPPEDA", name="Bappeda").id
        commitments = db.session.scalar(select(func.count()).select_from(Commitment))

    response = clerk.post(
        "/admin/agency/action/",
        data={"action": "delete", "rowid": [str(used.id), str(free_id)]},
        follow_redirects=True,
    )

    assert used.message in flashes(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(Agency, used.id) is not None
        assert db.session.get(Agency, free_id) is None
        assert db.session.scalar(select(func.count()).select_from(Commitment)) == commitments


# --- unreferenced records delete fine --------------------------------------------------------------


def _free(endpoint: str) -> tuple[Any, int]:
    if endpoint == "agency":
        return Agency, make_agency().id
    if endpoint == "commitment":
        return Commitment, make_commitment(agency=make_agency()).id
    if endpoint == "client":
        return Client, make_client().id
    if endpoint == "placement":
        return Placement, make_placement().id
    if endpoint == "hourlog":
        return HourLog, make_log(make_placement()).id
    return Agreement, make_agreement().id


@pytest.mark.parametrize("endpoint", ["agency", "commitment", "client", "placement", "hourlog", "agreement"])
def test_bulk_delete_of_an_unreferenced_record_works(app, clerk, endpoint):
    """Selecting a record nothing refers to and choosing 'Hapus' removes it with a success message."""
    with app.app_context():
        model, record_id = _free(endpoint)
        others = snapshot()

    response = post_delete(clerk, endpoint, record_id, "bulk")

    assert response.status_code == 200
    assert "1 data berhasil dihapus." in flashes(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(model, record_id) is None
        if model is Placement or model is HourLog:
            # The placement's own client, agency and commitment stay.
            assert len(snapshot()["Client"]) == len(others["Client"])
            assert len(snapshot()["Agency"]) == len(others["Agency"])


def test_bulk_delete_of_several_records_reports_the_count_in_indonesian(app, clerk):
    """Deleting three selected agencies at once says '3 data berhasil dihapus.' in Indonesian."""
    with app.app_context():
        ids = [str(make_agency().id) for _ in range(3)]

    response = clerk.post(
        "/admin/agency/action/", data={"action": "delete", "rowid": ids}, follow_redirects=True
    )

    messages = flashes(response.get_data(as_text=True))
    assert "3 data berhasil dihapus." in messages, messages
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Agency)) == 0


def test_deleting_the_hour_logs_frees_the_placement_for_deletion(app, clerk):
    """Once its journal days are deleted, a placement can be deleted too."""
    with app.app_context():
        record = placement_with_hour_logs()
        log_ids = [log_id for (log_id,) in db.session.execute(select(HourLog.id)).all()]

    refused = post_delete(clerk, "placement", record.id, "single")
    assert record.message in flashes(refused.get_data(as_text=True))
    for log_id in log_ids:
        post_delete(clerk, "hourlog", log_id, "single")
    done = post_delete(clerk, "placement", record.id, "single")

    assert "1 data berhasil dihapus." in flashes(done.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(Placement, record.id) is None


@pytest.mark.parametrize(
    ("endpoint", "make", "named"),
    (
        (
            "agency",
            lambda: make_agency(name="Dinas Sosial", acronym="DINSOS"),
            "instansi “Dinas Sosial (DINSOS)”",
        ),
        (
            "client",
            lambda: make_client(full_name="Sutrisno Wibowo", register_number="D-2026-9"),
            "klien “D-2026-9 — Sutrisno Wibowo”",
        ),
        (
            "hourlog",
            lambda: make_log(make_placement(), work_date=date(2026, 3, 3), hours=2.5),
            "jurnal kerja “3 Maret 2026: 2,5 jam”",
        ),
    ),
)
def test_the_delete_question_names_the_record(app, clerk, endpoint, make, named):
    """The trash button asks about this record by name, not 'this record'."""
    with app.app_context():
        make()
    page = html_lib.unescape(clerk.get(f"/admin/{endpoint}/").get_data(as_text=True))
    questions = re.findall(r'data-confirm="([^"]*)"', page)
    assert f"Hapus {named}? Data yang dihapus tidak dapat dikembalikan." in questions, questions
