"""Logging hours in seconds: "Catat jurnal" from a placement, the next working day suggested, the
placement kept after "Simpan dan Tambah Lagi"; hours typed 7,5 or 7.5; the picker offers only what
can take hours."""

from __future__ import annotations

import re
from datetime import date

from factories import make_agency, make_child, make_commitment, make_log, make_placement
from sqlalchemy import select

from models import HourLog, db


def journal_form_of(page: str) -> str:
    """The create form's HTML."""
    match = re.search(r"<form[^>]*admin-form.*?</form>", page, re.S)
    assert match, "no form on the page"
    return match.group(0)


def value_of(form: str, name: str) -> str | None:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="{name}"', form)
    return (match.group(1) or match.group(2)) if match else None


def test_catat_jurnal_opens_the_form_for_that_placement_with_its_hours(app, clerk):
    with app.app_context():
        placement = make_placement(hours_ordered=60, site="Taman Kota", start_date=date(2026, 3, 2))
        make_log(placement, work_date=date(2026, 3, 6), hours=4.0)  # a Friday
        placement_id = placement.id
    page = clerk.get(f"/admin/hourlog/new/?placement={placement_id}").get_data(as_text=True)
    box = re.search(r'id="fixed-placement">(.*?)</div>\s*</div>', page, re.S) or re.search(
        r'id="fixed-placement">(.*?)</div>', page, re.S
    )
    assert box
    text = " ".join(re.sub(r"<[^>]+>", " ", box.group(1)).split())
    assert "Sutrisno Wibowo" in text and "Taman Kota" in text
    assert "Jam putusan: 60 · Jam terpenuhi: 4 · Sisa jam: 56" in " ".join(
        re.sub(r"<[^>]+>", " ", page).split()
    )
    form = journal_form_of(page)
    assert 'name="placement"' not in form  # no dropdown: the placement is fixed
    assert value_of(form, "work_date") == "09-03-2026"  # the Monday after the last day logged


def test_save_and_add_another_stays_on_the_placement_and_moves_to_the_next_working_day(app, clerk):
    with app.app_context():
        placement_id = make_placement(hours_ordered=60, start_date=date(2026, 3, 2)).id
    url = f"/admin/hourlog/new/?placement={placement_id}"
    first = clerk.get(url).get_data(as_text=True)
    assert value_of(journal_form_of(first), "work_date") == "02-03-2026"  # the start, a Monday
    saved = clerk.post(url, data={"work_date": "06-03-2026", "hours": "7,5", "_add_another": "1"})
    assert saved.status_code == 302 and f"placement={placement_id}" in saved.location
    again = clerk.get(saved.location).get_data(as_text=True)
    assert value_of(journal_form_of(again), "work_date") == "09-03-2026"
    with app.app_context():
        log = db.session.scalar(select(HourLog))
        assert (log.placement_id, log.work_date, log.hours) == (placement_id, date(2026, 3, 6), 7.5)


def test_hours_read_with_a_comma_or_a_point_and_show_with_a_comma(app, clerk):
    with app.app_context():
        placement_id = make_placement(hours_ordered=60).id
    url = f"/admin/hourlog/new/?placement={placement_id}"
    assert clerk.post(url, data={"work_date": "03-03-2026", "hours": "7,5"}).status_code == 302
    assert clerk.post(url, data={"work_date": "04-03-2026", "hours": "2.5"}).status_code == 302
    listing = " ".join(re.sub(r"<[^>]+>", " ", clerk.get("/admin/hourlog/").get_data(as_text=True)).split())
    assert " 7,5 " in listing and " 2,5 " in listing and "7.5" not in listing
    refused = clerk.post(url, data={"work_date": "05-03-2026", "hours": "tujuh"})
    assert "Jam tidak valid. Tulis angka, mis. 4 atau 7,5." in refused.get_data(as_text=True)


def test_catat_jurnal_is_offered_on_the_rows_and_page_of_placements_that_take_hours(app, clerk):
    with app.app_context():
        running = make_placement(status="active").id
        ended = make_placement(status="completed").id
    listing = clerk.get("/admin/placement/").get_data(as_text=True)
    assert f"/admin/hourlog/new/?placement={running}" in listing
    assert f"/admin/hourlog/new/?placement={ended}" not in listing
    details = clerk.get(f"/admin/placement/details/?id={running}").get_data(as_text=True)
    assert 'id="log-journal"' in details and f"placement={running}" in details


def test_heads_get_no_journal_action_and_no_form(app, login_as):
    with app.app_context():
        agency = make_agency()
        placement_id = make_placement(commitment=make_commitment(agency=agency)).id
        agency_id = agency.id
    head = login_as("head", agency_id)
    assert "/admin/hourlog/new/" not in head.get("/admin/placement/").get_data(as_text=True)
    assert 'id="log-journal"' not in head.get(f"/admin/placement/details/?id={placement_id}").get_data(
        as_text=True
    )
    assert head.get(f"/admin/hourlog/new/?placement={placement_id}").status_code == 403


def test_an_unknown_placement_is_not_found(app, clerk):
    assert clerk.get("/admin/hourlog/new/?placement=999999").status_code == 404
    assert clerk.get("/admin/hourlog/new/?placement=abc").status_code == 404


def lookup(browser, term: str) -> list[list]:
    """What the journal form's placement search offers for `term`: [id, label] pairs."""
    response = browser.get("/admin/hourlog/ajax/lookup/", query_string={"name": "placement", "query": term})
    assert response.status_code == 200
    return response.get_json()


def test_the_placement_picker_offers_only_running_placements_that_take_hours(app, clerk):
    with app.app_context():
        running = make_placement(site="Taman Kota")
        make_placement(status="completed", site="Pasar Lama")
        make_placement(client=make_child(full_name="Bima Saputra"), kind="bantuan_sosial", hours_ordered=None)
        running_id = running.id
    form = journal_form_of(clerk.get("/admin/hourlog/new/").get_data(as_text=True))
    assert "Taman Kota" not in form  # searched as the clerk types, never listed in the page
    found = lookup(clerk, "Taman")
    assert [row[0] for row in found] == [running_id] and "Taman Kota" in found[0][1]
    assert lookup(clerk, "Pasar") == [] and lookup(clerk, "Bima") == []


def test_an_old_day_keeps_its_ended_placement_in_the_picker(app, clerk):
    with app.app_context():
        placement = make_placement(status="active", site="Taman Kota")
        log = make_log(placement, work_date=date(2026, 3, 3))
        placement.status = "completed"
        db.session.commit()
        log_id, placement_id = log.id, placement.id
    page = clerk.get(f"/admin/hourlog/edit/?id={log_id}").get_data(as_text=True)
    picker = re.search(r'<input[^>]*name="placement"[^>]*>', page).group(0)
    assert f'value="{placement_id}"' in picker and "Taman Kota" in picker
    data = {"placement": str(placement_id), "work_date": "03-03-2026", "hours": "5", "version_seen": "1"}
    assert clerk.post(f"/admin/hourlog/edit/?id={log_id}", data=data).status_code == 302
    with app.app_context():
        assert db.session.get(HourLog, log_id).hours == 5.0
