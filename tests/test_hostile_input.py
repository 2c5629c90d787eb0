"""Requests a browser, a scanner or a careless link can send are answered, never with a server error.

Each case is one that answered 500 before: numbers past the database's integer range, ids that are
no numbers, a file where text was expected, a search of thousands of words, a line break in a
redirect target, a control character in stored text that an XLSX export must still carry. Each gets a
page in Indonesian, and the database is left as it was.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from conftest import TEST_PASSWORD, make_user
from factories import make_agency
from openpyxl import load_workbook
from sqlalchemy import func, insert, select, update

from models import Agency, AuditEntry, db

TOO_BIG = str(2**63)


@pytest.fixture
def served(app):
    """Server errors answered as a user would see them (not raised into the test)."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


@pytest.fixture
def agency_id(served) -> int:
    with served.app_context():
        return make_agency(name="Dinas Sosial", acronym="DINSOS").id


def agencies(app) -> list[tuple[Any, ...]]:
    """Every stored agency, to compare before and after a refused request."""
    with app.app_context():
        return [tuple(row) for row in db.session.execute(select(Agency.id, Agency.name, Agency.version))]


def text_of(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    (
        f"/admin/agency/details/?id={TOO_BIG}",
        f"/admin/agency/edit/?id={TOO_BIG}",
        "/admin/agency/details/?id=99999999999999999999",
        "/admin/agency/details/?id=abc",
    ),
)
def test_an_id_that_names_no_record_says_so(served, clerk, agency_id, path):
    """An id past the integer range or not a number is a record that does not exist."""
    response = clerk.get(path, follow_redirects=True)
    assert response.status_code == 200
    assert "Data tidak ditemukan." in text_of(response)


@pytest.mark.parametrize("page", (TOO_BIG, "-1", "abc"))
def test_a_page_past_any_list_shows_the_list(served, clerk, agency_id, page):
    response = clerk.get("/admin/agency/", query_string={"page": page})
    assert response.status_code == 200
    assert "Instansi" in text_of(response)


@pytest.mark.parametrize("operation", ("equals", "greater_than", "smaller_than"))
@pytest.mark.parametrize("day", ("01-01-0001", "31-12-9999"))
def test_a_filter_date_no_record_can_carry_is_refused_and_the_list_shown(served, clerk, operation, day):
    """Year 1 or 9999 on the audit trail's time filter overflowed turning the day into WIB bounds."""
    response = clerk.get(f"/admin/audit/?flt0_waktu_{operation}={day}")
    assert response.status_code == 200
    assert f"Nilai filter tidak valid: {day}" in text_of(response)
    assert "Jejak audit" in text_of(response)


def test_a_search_of_thousands_of_words_uses_the_first_ten(served, clerk, agency_id):
    words = " ".join(["Dinas"] + ["kata"] * 2500)
    response = clerk.get("/admin/agency/", query_string={"search": words})
    assert response.status_code == 200
    assert "Pencarian memakai 10 kata pertama saja." in text_of(response)


@pytest.mark.parametrize("rowid", ("abc", TOO_BIG, ""))
def test_a_bulk_delete_of_ids_that_are_no_ids_deletes_nothing(served, clerk, agency_id, rowid):
    before = agencies(served)
    response = clerk.post(
        "/admin/agency/action/", data={"action": "delete", "rowid": [str(agency_id), rowid]}
    )
    assert response.status_code == 302
    assert "Pilihan tidak valid: tidak ada yang dihapus." in text_of(clerk.get(response.location))
    assert agencies(served) == before


def test_a_single_delete_of_an_id_past_the_range_deletes_nothing(served, clerk, agency_id):
    before = agencies(served)
    response = clerk.post("/admin/agency/delete/", data={"id": TOO_BIG}, follow_redirects=True)
    assert response.status_code == 200 and "Data tidak ditemukan." in text_of(response)
    assert agencies(served) == before


def test_a_file_sent_where_text_is_expected_is_an_empty_field(served, clerk):
    response = clerk.post(
        "/admin/agency/new/",
        data={"name": (io.BytesIO(b"bukan nama"), "nama.txt"), "acronym": "BARU", "kind": "opd"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "Kolom ini wajib diisi." in text_of(response)
    with served.app_context():
        assert db.session.scalar(select(func.count()).select_from(Agency)) == 0


@pytest.mark.parametrize("target", ("/\r\n//evil.example", "/admin/\nx", "/admin/%0d%0aSet-Cookie:x=1"))
def test_a_login_with_a_line_break_in_next_is_refused(served, target):
    make_user(served, "petugas")
    browser = served.test_client()
    response = browser.post(
        "/login",
        query_string={"next": target.replace("%0d%0a", "\r\n")},
        data={"username": "petugas", "password": TEST_PASSWORD},
    )
    assert response.status_code == 400
    page = text_of(response)
    assert '<html lang="id">' in page and "Permintaan tidak valid" in page
    assert "evil" not in response.headers.get("Location", "")
    assert browser.get("/admin/").status_code == 302  # not logged in: the request changed nothing


def test_a_return_address_with_a_line_break_is_refused(served, clerk, agency_id):
    response = clerk.get(f"/admin/agency/details/?id={agency_id}&url=%2Fadmin%2Fclient%2F%0Ax")
    assert response.status_code == 400
    assert "Permintaan tidak valid" in text_of(response)
    before = agencies(served)
    deleted = clerk.post("/admin/agency/delete/", data={"id": str(agency_id), "url": "/admin/\r\nx"})
    assert deleted.status_code == 400
    assert agencies(served) == before


@pytest.mark.parametrize("endpoint", ("agency", "audit"))
def test_a_control_character_in_stored_text_still_exports_to_xlsx(served, clerk, endpoint):
    """Text holding ESC, stored before the forms refused it (or by another program), exports as 'a\\x1bb':
    the agency list and the audit trail, whose entries can never be corrected, stay exportable."""
    with served.app_context():
        make_agency(name="Dinas Sosial", acronym="DINSOS")
        # Past the rules on purpose: the forms and the ORM refuse control characters today.
        db.session.execute(update(Agency).values(name="Dinas\x1bSosial"))
        db.session.execute(insert(AuditEntry).values(action="export", summary="Dinas\x1bSosial"))
        db.session.commit()
    response = clerk.get(f"/admin/{endpoint}/export/xlsx/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert any("Dinas\\x1bSosial" in cell for cell in cells), cells


@pytest.mark.parametrize(
    ("method", "path", "data"),
    (
        ("GET", "/admin/agency/?search=a%00b", None),
        ("GET", "/admin/placement/?search=%00", None),
        ("GET", "/admin/agency/?flt0_name_contains=%00", None),
        ("POST", "/admin/agency/new/", {"name": "Dinas\x00Sosial", "acronym": "NUL", "kind": "opd"}),
        # A control character a person can paste (ESC) gets its message at the field instead
        # (test_rules_both_sides.py); a NUL byte comes only from a program.
        ("POST", "/admin/client/new/", {"full_name": "Sutrisno\x00Wibowo", "register_number": "D-1"}),
        ("POST", "/login", {"username": "petugas\x00", "password": "salah-salah-1"}),
    ),
)
def test_a_nul_byte_anywhere_is_refused(served, clerk, method, path, data):
    """No keyboard types a NUL byte; PostgreSQL cannot even compare text holding one."""
    before = agencies(served)
    response = clerk.open(path, method=method, data=data)
    assert response.status_code == 400
    assert "Permintaan tidak valid" in text_of(response)
    assert agencies(served) == before
