"""The audit trail: one entry per audited action, with who, from where and what changed; immutable."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest
from conftest import TEST_PASSWORD, make_user
from factories import make_agency, make_child, make_placement
from sqlalchemy import delete, func, select, update

from models import AuditEntry, DomainError, db


def entries(app, **where) -> list[AuditEntry]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEntry).filter_by(**where).order_by(AuditEntry.id)).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def count_entries(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEntry))


def logged_in(app, username: str = "operator"):
    make_user(app, username)
    browser = app.test_client()
    browser.post("/login", data={"username": username, "password": TEST_PASSWORD})
    return browser


def test_create_update_delete_each_write_one_entry_with_the_diff(app):
    """Creating, editing and deleting an agency leaves three entries by the clerk, with the values."""
    browser = logged_in(app)
    start = count_entries(app)
    browser.post(
        "/admin/agency/new/",
        data={"name": "Dinas Uji", "acronym": "UJI", "kind": "opd", "delegation_basis": "none"},
    )
    [created] = entries(app, action="create", object_type="Agency")
    assert created.username == "operator" and created.ip_address == "127.0.0.1"
    assert json.loads(created.changes)["fields"]["name"] == "Dinas Uji"
    edit = browser.get(f"/admin/agency/edit/?id={created.object_id}").get_data(as_text=True)
    assert 'name="version_seen"' in edit
    browser.post(
        f"/admin/agency/edit/?id={created.object_id}",
        data={
            "name": "Dinas Uji Baru",
            "acronym": "UJI",
            "kind": "opd",
            "delegation_basis": "none",
            "version_seen": "1",
        },
    )
    [updated] = entries(app, action="update", object_type="Agency")
    assert json.loads(updated.changes)["fields"] == {"name": ["Dinas Uji", "Dinas Uji Baru"]}
    assert updated.user_id is not None and updated.summary == "UJI"
    browser.post("/admin/agency/delete/", data={"id": created.object_id})
    [deleted] = entries(app, action="delete", object_type="Agency")
    assert json.loads(deleted.changes)["fields"]["name"] == "Dinas Uji Baru"
    assert count_entries(app) == start + 3


def test_login_failure_and_logout_are_recorded(app):
    """A failed login, a login and a logout each leave exactly one entry."""
    make_user(app, "operator")
    browser = app.test_client()
    browser.post("/login", data={"username": "operator", "password": "salah-salah-1"})
    browser.post("/login", data={"username": "operator", "password": TEST_PASSWORD})
    browser.post("/logout")
    actions = [
        (e.action, e.username) for e in entries(app) if e.action in ("login", "login_failed", "logout")
    ]
    assert actions == [("login_failed", "operator"), ("login", "operator"), ("logout", "operator")]


def test_an_export_is_recorded_with_its_row_count(app):
    """Exporting the agency list records which list and how many rows."""
    browser = logged_in(app)
    with app.app_context():
        make_agency()
        make_agency()
    browser.get("/admin/agency/export/csv/")
    [export] = entries(app, action="export")
    assert export.object_type == "Agency" and export.summary == "Instansi: 2 baris"


def test_opening_a_clients_file_is_recorded_once_per_user_file_and_hour(app, monkeypatch):
    """Who opened whose file, and when: reloading it in the same hour adds no line; the next hour,
    another user or another file does."""
    import audit

    clock = {"now": datetime(2026, 11, 24, 2, 5)}
    monkeypatch.setattr(audit, "utcnow", lambda: clock["now"])
    clerk = logged_in(app)
    second_clerk = logged_in(app, "operator2")
    with app.app_context():
        child_id, other_child_id = make_child().id, make_child().id
    for _ in range(3):
        assert clerk.get(f"/admin/client/details/?id={child_id}").status_code == 200
    clock["now"] = datetime(2026, 11, 24, 2, 59)
    clerk.get(f"/admin/client/details/?id={child_id}")
    clerk.get(f"/admin/client/details/?id={other_child_id}")
    second_clerk.get(f"/admin/client/details/?id={child_id}")
    clock["now"] = datetime(2026, 11, 24, 3, 0)
    clerk.get(f"/admin/client/details/?id={child_id}")
    views = entries(app, action="view_client")
    assert [(v.username, v.object_id, v.at) for v in views] == [
        ("operator", str(child_id), datetime(2026, 11, 24, 2, 5)),
        ("operator", str(other_child_id), datetime(2026, 11, 24, 2, 59)),
        ("operator2", str(child_id), datetime(2026, 11, 24, 2, 59)),
        ("operator", str(child_id), datetime(2026, 11, 24, 3, 0)),
    ]


def test_a_password_change_is_recorded_without_the_hash(app):
    """Changing a password leaves an entry that says so, without any hash."""
    browser = logged_in(app)
    browser.post(
        "/change-password",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": "Sawah-Hijau-Klaten-27",
            "confirm_password": "Sawah-Hijau-Klaten-27",
        },
    )
    [change] = entries(app, action="update", object_type="User")
    assert json.loads(change.changes)["fields"] == {"password_hash": ["(diubah)", "(diubah)"]}


def test_writes_from_the_command_line_are_recorded_too(app):
    """The seed and other commands leave entries marked as the command line."""
    with app.app_context():
        make_placement()
    made = entries(app, action="create")
    assert {entry.object_type for entry in made} == {"Agency", "Commitment", "Client", "Placement"}
    assert {entry.username for entry in made} == {"(baris perintah)"}


def test_entries_cannot_be_changed_or_deleted_through_the_orm(app):
    """Editing, deleting or bulk-changing an entry is refused; the entry stays as written."""
    make_user(app, "operator")
    with app.app_context():
        entry_id = db.session.scalar(select(AuditEntry.id))
        attempts = [
            lambda: setattr(db.session.get(AuditEntry, entry_id), "summary", "dipalsukan"),
            lambda: db.session.delete(db.session.get(AuditEntry, entry_id)),
        ]
        for attempt in attempts:
            attempt()
            with pytest.raises(DomainError):
                db.session.commit()
            db.session.rollback()
        for statement in (delete(AuditEntry), update(AuditEntry).values(summary="dipalsukan")):
            with pytest.raises(DomainError):
                db.session.execute(statement)
            db.session.rollback()
        assert db.session.get(AuditEntry, entry_id).summary == "operator"


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/admin/audit/new/"),
        ("POST", "/admin/audit/new/"),
        ("GET", "/admin/audit/edit/?id={id}"),
        ("POST", "/admin/audit/edit/?id={id}"),
        ("POST", "/admin/audit/delete/"),
        ("POST", "/admin/audit/action/"),
        ("POST", "/admin/audit/ajax/update/"),
    ],
)
def test_no_route_changes_an_entry(app, method, path):
    """Every write path of the audit screen answers 403 even for the clerk; nothing changes."""
    browser = logged_in(app)
    with app.app_context():
        entry_id = db.session.scalar(select(AuditEntry.id))
    before = [(e.id, e.summary, e.changes) for e in entries(app)]
    response = browser.open(
        path.format(id=entry_id),
        method=method,
        data={"id": str(entry_id), "rowid": str(entry_id), "action": "delete", "summary": "x"},
    )
    assert response.status_code == 403
    after = [(e.id, e.summary, e.changes) for e in entries(app)]
    assert after[: len(before)] == before


def test_audit_screen_lists_newest_first_with_filters_and_diffs(app):
    """The clerk reads the trail newest first, filters it by action and reads a diff."""
    browser = logged_in(app)
    with app.app_context():
        agency = make_agency(name="Dinas Lama", acronym="LAMA")
        agency.name = "Dinas Baru"
        db.session.commit()
    page = browser.get("/admin/audit/").get_data(as_text=True)
    shown_ids = [int(i) for i in re.findall(r"/admin/audit/details/\?id=(\d+)", page)]
    assert shown_ids == sorted(set(shown_ids), reverse=True) and len(shown_ids) >= 3
    assert "Jejak audit" in page and "WIB" in page
    update_only = browser.get("/admin/audit/", query_string={"flt0_action_equals": "update"})
    assert "Dinas Baru" in update_only.get_data(as_text=True)
    [changed] = entries(app, action="update")
    details = browser.get(f"/admin/audit/details/?id={changed.id}").get_data(as_text=True)
    assert "Dinas Lama → Dinas Baru" in details


@pytest.mark.parametrize("role", ["head"])
def test_heads_cannot_read_the_trail(app, role):
    """The audit screen is the clerk's only."""
    with app.app_context():
        agency_id = make_agency().id
    make_user(app, "kepala", role, agency_id)
    browser = app.test_client()
    browser.post("/login", data={"username": "kepala", "password": TEST_PASSWORD})
    assert browser.get("/admin/audit/").status_code == 403


def test_the_trail_names_records_and_fields_as_the_forms_do(app, clerk):
    """'Instansi' and 'Nama kepala', not 'Agency' and 'head_name', on the screen and in the export."""
    from factories import make_agency

    with app.app_context():
        agency_id = make_agency(name="Dinas Sosial", acronym="DINSOS", head_name="Lama").id
    data = {"name": "Dinas Sosial", "acronym": "DINSOS", "kind": "opd", "delegation_basis": "none"}
    assert (
        clerk.post(f"/admin/agency/edit/?id={agency_id}", data={**data, "head_name": "Baru"}).status_code
        == 302
    )
    page = clerk.get("/admin/audit/").get_data(as_text=True)
    assert "Nama kepala" in page and "head_name" not in page
    assert ">Instansi<" in page.replace("\n", "").replace(" ", "") or "Instansi" in page
    assert ">Agency<" not in page
    export = clerk.get("/admin/audit/export/csv/").get_data(as_text=True)
    assert "Nama kepala: Lama → Baru" in export and "Instansi" in export


def test_yes_no_columns_say_ya_or_tidak(app, clerk):
    """A boolean cell is titled 'Ya' or 'Tidak' for the mouse and read out the same, never 'true'."""
    from factories import make_agency

    with app.app_context():
        make_agency(attendance_confirmed=True)
    page = clerk.get("/admin/agency/").get_data(as_text=True)
    assert 'title="Ya"' in page and 'title="Tidak"' in page
    assert ": true" not in page and ": false" not in page


def test_the_trail_shows_hours_and_ticks_as_the_forms_do(app, clerk):
    """A journal day changed from 4 to 3,5 hours reads '4 → 3,5', and a tick 'Tidak → Ya', never '4.0' or 'True'."""
    from factories import make_log, make_placement

    from models import Agency

    with app.app_context():
        log = make_log(make_placement(), hours=4.0)
        log.hours = 3.5
        agency = db.session.get(Agency, log.placement.agency_id)
        agency.paraf_done = True
        db.session.commit()
    [hours_changed] = [entry for entry in entries(app, action="update") if entry.object_type == "HourLog"]
    [tick_changed] = [entry for entry in entries(app, action="update") if entry.object_type == "Agency"]
    hours_page = clerk.get(f"/admin/audit/details/?id={hours_changed.id}").get_data(as_text=True)
    assert "4 → 3,5" in hours_page and "4.0" not in hours_page
    tick_page = clerk.get(f"/admin/audit/details/?id={tick_changed.id}").get_data(as_text=True)
    assert "Tidak → Ya" in tick_page and "True" not in tick_page
