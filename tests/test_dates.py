"""Dates as people type them: every format the clerk uses means the same day, on every date field,
and a year nobody means (1, 3000) is refused at its field with nothing saved."""

from __future__ import annotations

import re
from datetime import date

import pytest
from factories import make_placement
from test_rules import GOOD_FORMS, accept_create, refuse_create, world  # noqa: F401 (world is a fixture)

from admin_views.typed_fields import parse_date
from models import Client, HourLog, Placement, db

SAME_DAY = (
    "24-11-2026",
    "24/11/2026",
    "24.11.2026",
    "2026-11-24",
    "24 November 2026",
    "24 nov 2026",
    " 24 - 11 - 2026 ",
)


@pytest.mark.parametrize("typed", SAME_DAY)
def test_every_usual_way_of_writing_a_date_means_the_same_day(typed):
    assert parse_date(typed) == date(2026, 11, 24)


@pytest.mark.parametrize("typed", ["3 Agustus 2010", "3 Agt 2010", "3 August 2010", "03-08-2010", "3/8/2010"])
def test_indonesian_and_english_month_names_and_short_forms(typed):
    assert parse_date(typed) == date(2010, 8, 3)


@pytest.mark.parametrize(
    "typed", ["31-02-2026", "24-11-26", "0001-12-22x", "besok", "24 Bulan 2026", "2026/11/24", ""]
)
def test_what_is_not_a_date_is_not_guessed(typed):
    assert parse_date(typed) is None


# Every date column of every form, with its year checked on the server whatever the browser sent.
DATE_COLUMNS = [
    ("agency", "delegation_date"),
    ("commitment", "start_date"),
    ("commitment", "end_date"),
    ("commitment", "agreed_date"),
    ("client", "birth_date"),
    ("client", "offence_date"),
    ("client", "ruling_date"),
    ("placement", "start_date"),
    ("placement", "end_date"),
    ("hourlog", "work_date"),
    ("agreement", "ceremony_date"),
]


@pytest.mark.parametrize("year", ["0001", "3000"])
@pytest.mark.parametrize(("endpoint", "column"), DATE_COLUMNS)
def test_a_year_nobody_means_is_refused_at_its_field(app, clerk, world, endpoint, column, year):  # noqa: F811
    model, good_form = GOOD_FORMS[endpoint]
    data = {**good_form(world), column: f"01-01-{year}"}
    response = refuse_create(app, clerk, endpoint, model, data, "Tanggal harus antara tahun 1900 dan 2100.")
    field = re.search(rf'id="{column}".*?</div>\s*</div>', response.get_data(as_text=True), re.S)
    assert field and "Tanggal harus antara tahun 1900 dan 2100." in field.group(0), "not at its field"


def test_a_mistyped_date_is_refused_with_an_example(app, clerk, world):  # noqa: F811
    model, good_form = GOOD_FORMS["placement"]
    data = {**good_form(world), "start_date": "2 Maretz 2026"}
    refuse_create(
        app,
        clerk,
        "placement",
        model,
        data,
        "Tanggal tidak valid. Tulis mis. 24-11-2026 atau 24 November 2026.",
    )


def test_typed_dates_are_stored_as_the_day_meant(app, clerk, world):  # noqa: F811
    """A client, a placement and a journal day typed in three different ways hold the intended days."""
    _, client_form = GOOD_FORMS["client"]
    accept_create(
        app,
        clerk,
        "client",
        Client,
        {
            **client_form(world),
            "birth_date": "17/05/1990",
            "offence_date": "20 Januari 2026",
            "ruling_date": "2026-02-10",
        },
    )
    _, placement_form = GOOD_FORMS["placement"]
    accept_create(
        app,
        clerk,
        "placement",
        Placement,
        {**placement_form(world), "start_date": "2 Maret 2026", "end_date": "31.08.2026"},
    )
    _, log_form = GOOD_FORMS["hourlog"]
    accept_create(app, clerk, "hourlog", HourLog, {**log_form(world), "work_date": "3-3-2026"})
    with app.app_context():
        client = (
            db.session.query(Client).filter_by(register_number=client_form(world)["register_number"]).one()
        )
        assert (client.birth_date, client.offence_date, client.ruling_date) == (
            date(1990, 5, 17),
            date(2026, 1, 20),
            date(2026, 2, 10),
        )
        placement = db.session.query(Placement).order_by(Placement.id.desc()).first()
        assert (placement.start_date, placement.end_date) == (date(2026, 3, 2), date(2026, 8, 31))
        assert db.session.query(HourLog.work_date).scalar() == date(2026, 3, 3)


def test_an_edit_form_shows_a_stored_date_as_people_write_it(app, clerk):
    with app.app_context():
        placement_id = make_placement(start_date=date(2026, 3, 2)).id
    page = clerk.get(f"/admin/placement/edit/?id={placement_id}").get_data(as_text=True)
    assert re.search(
        r'name="start_date"[^>]*value="02-03-2026"|value="02-03-2026"[^>]*name="start_date"', page
    )
    assert 'data-role="datepicker"' not in page


def test_a_list_filter_takes_a_typed_date(app, clerk):
    with app.app_context():
        make_placement(start_date=date(2026, 3, 2))
        make_placement(start_date=date(2026, 4, 6), end_date=date(2026, 9, 30))
    listing = clerk.get("/admin/placement/").get_data(as_text=True)
    argument = re.search(r'"(tanggal_mulai_[a-z_]*)"', listing) or re.search(
        r"flt\d+_(tanggal_mulai_\w+?)=", listing
    )
    page = clerk.get("/admin/placement/?flt0_tanggal_mulai_equals=2 Maret 2026").get_data(as_text=True)
    assert "Daftar (1)" in page, argument
