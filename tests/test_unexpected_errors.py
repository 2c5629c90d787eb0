"""An error nobody foresaw while saving: logged with its traceback, explained in Indonesian, form kept."""

from __future__ import annotations

import logging

import pytest
from conftest import TEST_PASSWORD, app_with, make_user
from sqlalchemy import func, select

from admin_views.agency import AgencyView
from models import Agency, db


@pytest.fixture
def production_app(database_url, tmp_path):
    """The app as an office runs it: Flask-Admin's errors are handled, not raised into the test."""
    with app_with(database_url, str(tmp_path), FLASK_ADMIN_RAISE_ON_VIEW_EXCEPTION=False) as application:
        yield application


def test_an_unexpected_error_while_saving_shows_no_raw_text_and_keeps_the_form(
    production_app, monkeypatch, caplog
):
    def broken(self, form, model, is_created):
        raise RuntimeError('INSERT INTO agency (name) VALUES ("rahasia")')

    monkeypatch.setattr(AgencyView, "on_model_change", broken)
    make_user(production_app, "operator")
    browser = production_app.test_client()
    browser.post("/login", data={"username": "operator", "password": TEST_PASSWORD})

    with caplog.at_level(logging.ERROR):
        response = browser.post(
            "/admin/agency/new/",
            data={"name": "Dinas Perpustakaan dan Kearsipan", "acronym": "DISPUSIP", "kind": "opd"},
            follow_redirects=True,
        )

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Data tidak dapat disimpan karena kesalahan di server; isian Anda masih ada di formulir." in page
    assert "INSERT" not in page and "rahasia" not in page and "Failed to create" not in page
    assert 'value="Dinas Perpustakaan dan Kearsipan"' in page  # what the clerk typed is still there
    assert any(record.exc_info and "rahasia" in str(record.exc_info[1]) for record in caplog.records)
    with production_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Agency)) == 0
