"""The per-user allowance of prints and exports (DOCUMENT_RATE_LIMIT): refused in Indonesian, per user."""

from __future__ import annotations

import pytest
from conftest import TEST_PASSWORD, app_with, make_user, test_config
from factories import make_agency, make_agreement
from sqlalchemy import func, select

from app import create_app
from config import SettingError
from document_allowance import limit_in_words
from models import AuditEntry, db


@pytest.fixture
def limited_app(database_url, tmp_path):
    """The app with rate limits on and two prints or exports a minute per user."""
    with app_with(
        database_url, str(tmp_path), RATELIMIT_ENABLED=True, DOCUMENT_RATE_LIMIT="2 per minute"
    ) as application:
        yield application


def logged_in(app, username, role="clerk", agency_id=None):
    make_user(app, username, role, agency_id)
    browser = app.test_client()
    assert browser.post("/login", data={"username": username, "password": TEST_PASSWORD}).status_code == 302
    return browser


def audit_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEntry))


def test_a_head_over_the_allowance_gets_a_429_in_indonesian_and_others_still_print(limited_app):
    with limited_app.app_context():
        make_agreement()
        agency_id = make_agency(acronym="DINSOS").id
    head = logged_in(limited_app, "kadinsos", "head", agency_id)
    clerk = logged_in(limited_app, "operator")
    assert head.get("/admin/checklist/annex.pdf").status_code == 200
    assert head.get("/admin/checklist/checklist.pdf").status_code == 200
    before = audit_count(limited_app)

    refused = head.get("/admin/checklist/attendance.pdf")

    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and refused.mimetype == "text/html"
    assert "Batas cetak dan ekspor untuk akun Anda tercapai (2 per menit)" in page
    assert "Coba lagi dalam" in page and "detik" in page
    assert audit_count(limited_app) == before  # a refused print is not a print
    # The allowance is the head's own: the clerk, from the same address, still prints and exports.
    assert clerk.get("/admin/checklist/attendance.pdf").status_code == 200
    assert clerk.get("/admin/agency/export/csv/").status_code == 200


def test_exports_count_into_the_same_allowance(limited_app):
    clerk = logged_in(limited_app, "operator")
    with limited_app.app_context():
        make_agency()
    assert clerk.get("/admin/agency/export/csv/").status_code == 200
    assert clerk.get("/admin/agency/export/xlsx/").status_code == 200
    refused = clerk.get("/admin/agency/export/csv/")
    assert refused.status_code == 429
    assert "Batas cetak dan ekspor" in refused.get_data(as_text=True)
    # Reading lists and pages is not limited.
    assert clerk.get("/admin/agency/").status_code == 200


def test_a_bad_allowance_setting_stops_the_start_naming_it(database_url, tmp_path):
    with pytest.raises(SettingError, match="DOCUMENT_RATE_LIMIT"):
        create_app(test_config(database_url, str(tmp_path), DOCUMENT_RATE_LIMIT="banyak"))


def test_the_limit_is_said_in_indonesian():
    assert limit_in_words("20 per minute") == "20 per menit"
    assert limit_in_words("100 per hour") == "100 per jam"
    assert limit_in_words("5 per 10 seconds") == "5 per 10 detik"
