"""Optimistic locking: a save based on an old version is refused, and the newer data stays."""

from __future__ import annotations

import re
from datetime import date

from conftest import TEST_PASSWORD, make_user
from factories import make_agency, make_log, make_placement
from sqlalchemy import func, select

from models import Agency, HourLog, Placement, db

STALE = "Data ini telah diubah oleh pengguna lain sejak Anda membukanya"


def clerk_browser(app, username: str):
    make_user(app, username)
    browser = app.test_client()
    browser.post("/login", data={"username": username, "password": TEST_PASSWORD})
    return browser


def form_fields(page: str) -> dict[str, str]:
    """The values an edit form would send back as the browser shows it (inputs and selects)."""
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        # The selected option, whatever the order of its attributes (data-agency="…" selected value="…").
        chosen = re.search(r'<option(?=[^>]*\sselected[\s>])[^>]*value="([^"]*)"', body)
        if chosen:
            fields[name] = chosen.group(1)
    fields.pop("csrf_token", None)
    return fields


def test_second_save_from_an_old_form_is_refused_and_the_first_survives(app):
    """Two clerks open the same agency; the second save is refused, naming who changed what."""
    with app.app_context():
        agency_id = make_agency(name="Dinas Sosial", acronym="DINSOS", head_name="Lama").id
    siti, budi = clerk_browser(app, "siti"), clerk_browser(app, "budi")
    url = f"/admin/agency/edit/?id={agency_id}"
    sitis_form = form_fields(siti.get(url).get_data(as_text=True))
    budis_form = form_fields(budi.get(url).get_data(as_text=True))
    assert sitis_form["version_seen"] == budis_form["version_seen"] == "1"

    assert siti.post(url, data={**sitis_form, "head_name": "Siti Rahayu"}).status_code == 302
    refused = budi.post(url, data={**budis_form, "head_name": "Budi Santoso"})

    assert refused.status_code == 200
    page = refused.get_data(as_text=True)
    assert STALE in page
    assert "siti mengubah Nama kepala: Lama → Siti Rahayu" in page
    with app.app_context():
        agency = db.session.get(Agency, agency_id)
        assert agency.head_name == "Siti Rahayu" and agency.version == 2


def test_saving_again_after_the_warning_replaces_knowingly(app):
    """After reading the warning, saving the form again does replace the newer value."""
    with app.app_context():
        agency_id = make_agency(name="Dinas Sosial", acronym="DINSOS", head_name="Lama").id
    siti, budi = clerk_browser(app, "siti"), clerk_browser(app, "budi")
    url = f"/admin/agency/edit/?id={agency_id}"
    budis_form = form_fields(budi.get(url).get_data(as_text=True))
    siti.post(url, data={**form_fields(siti.get(url).get_data(as_text=True)), "head_name": "Siti Rahayu"})
    warned = budi.post(url, data={**budis_form, "head_name": "Budi Santoso"}).get_data(as_text=True)
    again = form_fields(warned)
    assert again["version_seen"] == "2"
    assert budi.post(url, data={**again, "head_name": "Budi Santoso"}).status_code == 302
    with app.app_context():
        assert db.session.get(Agency, agency_id).head_name == "Budi Santoso"


def test_a_stale_placement_edit_keeps_the_newer_hours(app):
    """The same holds for a placement: the hours saved first stay."""
    with app.app_context():
        placement = make_placement(hours_ordered=60)
        placement_id = placement.id
    siti, budi = clerk_browser(app, "siti"), clerk_browser(app, "budi")
    url = f"/admin/placement/edit/?id={placement_id}"
    sitis_form = form_fields(siti.get(url).get_data(as_text=True))
    budis_form = form_fields(budi.get(url).get_data(as_text=True))
    assert siti.post(url, data={**sitis_form, "hours_ordered": "80"}).status_code == 302
    refused = budi.post(url, data={**budis_form, "hours_ordered": "100"})
    assert STALE in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Placement, placement_id).hours_ordered == 80


# --- a placement form and its journal rows, edited elsewhere meanwhile ----------------------------


def placement_with_a_journal_day(app) -> tuple[int, int]:
    """A placement with one journal day: 3 March 2026, 4 hours."""
    with app.app_context():
        placement = make_placement(hours_ordered=60)
        log = make_log(placement, work_date=date(2026, 3, 3), hours=4.0)
        return placement.id, log.id


def test_a_stale_placement_form_does_not_put_back_a_changed_journal_day(app):
    """Siti opens the placement; Budi changes its 3 March day to 6 hours; Siti's save is refused."""
    placement_id, log_id = placement_with_a_journal_day(app)
    siti, budi = clerk_browser(app, "siti"), clerk_browser(app, "budi")
    url = f"/admin/placement/edit/?id={placement_id}"
    sitis_form = form_fields(siti.get(url).get_data(as_text=True))
    assert sitis_form["hour_logs-0-version_seen"] == "1"

    log_url = f"/admin/hourlog/edit/?id={log_id}"
    budis_form = form_fields(budi.get(log_url).get_data(as_text=True))
    assert budi.post(log_url, data={**budis_form, "hours": "6"}).status_code == 302

    refused = siti.post(url, data={**sitis_form, "notes": "Catatan Siti"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "Jurnal 3 Maret 2026 telah diubah oleh pengguna lain sejak Anda membukanya." in page
    assert "budi mengubah Jam: 4.0 → 6.0" in page
    assert "Catatan Siti" in page  # what Siti typed is still in her form
    with app.app_context():
        assert db.session.get(HourLog, log_id).hours == 6.0
        assert db.session.get(Placement, placement_id).notes is None

    again = form_fields(page)
    assert again["hour_logs-0-version_seen"] == "2"
    assert siti.post(url, data={**again, "notes": "Catatan Siti"}).status_code == 302
    with app.app_context():
        assert db.session.get(Placement, placement_id).notes == "Catatan Siti"


def test_a_stale_placement_form_does_not_bring_back_a_deleted_journal_day(app):
    """Siti opens the placement; Budi deletes its 3 March day; Siti's save is refused, the day stays gone."""
    placement_id, log_id = placement_with_a_journal_day(app)
    siti, budi = clerk_browser(app, "siti"), clerk_browser(app, "budi")
    url = f"/admin/placement/edit/?id={placement_id}"
    sitis_form = form_fields(siti.get(url).get_data(as_text=True))
    assert budi.post("/admin/hourlog/delete/", data={"id": str(log_id)}).status_code == 302

    refused = siti.post(url, data={**sitis_form, "notes": "Catatan Siti"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "Jurnal 3 Maret 2026 telah dihapus oleh budi sejak Anda membuka formulir ini" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(HourLog)) == 0
        assert db.session.get(Placement, placement_id).notes is None
