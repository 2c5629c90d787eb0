"""Optimistic locking: a save based on an old version is refused, and the newer data stays."""

from __future__ import annotations

import re

from conftest import TEST_PASSWORD, make_user
from factories import make_agency, make_placement

from models import Agency, Placement, db

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
        chosen = re.search(r'<option selected value="([^"]*)"|<option[^>]*value="([^"]*)"[^>]*selected', body)
        if chosen:
            fields[name] = chosen.group(1) or chosen.group(2)
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
