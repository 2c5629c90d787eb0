"""The screens speak Bahasa Indonesia: our catalog is compiled, Flask-Admin and WTForms use it."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from sqlalchemy import func, select

from models import Agency, db

CATALOG = Path(__file__).resolve().parent.parent / "translations" / "id" / "LC_MESSAGES"


def test_compiled_catalog_matches_its_source():
    """admin.mo holds exactly the translations of admin.po (recompile after editing the .po)."""
    with (CATALOG / "admin.po").open("rb") as handle:
        source = read_po(handle)
    compiled = read_mo(io.BytesIO((CATALOG / "admin.mo").read_bytes()))

    # Plural entries have tuple ids and strings; lists would not compare as dict keys.
    def pairs(catalog):
        return {
            (tuple(m.id) if isinstance(m.id, (list, tuple)) else m.id): (
                tuple(m.string) if isinstance(m.string, (list, tuple)) else m.string
            )
            for m in catalog
            if m.id
        }

    expected = pairs(source)
    actual = pairs(compiled)
    assert actual == expected
    assert all(source_text for source_text in expected.values())


def test_admin_screens_are_in_indonesian(clerk):
    """The list page shows Flask-Admin's own words in Indonesian (Daftar, Tambah, Ekspor, Cari)."""
    page = clerk.get("/admin/agency/").get_data(as_text=True)
    for word in ("Daftar", "Tambah", "Ekspor", "Cari"):
        assert word in page
    assert ">List<" not in page and ">Create<" not in page


def test_required_field_message_is_in_indonesian(app, clerk):
    """Leaving a required field empty says 'Kolom ini wajib diisi.' and stores nothing."""
    response = clerk.post(
        "/admin/agency/new/", data={"name": "", "acronym": "", "kind": "opd", "delegation_basis": "none"}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Kolom ini wajib diisi." in page
    assert "This field is required." not in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Agency)) == 0


def test_a_malformed_date_is_refused_in_indonesian(app, clerk):
    """A date the clerk mistypes is refused with 'Tanggal tidak valid.'."""
    response = clerk.post(
        "/admin/agency/new/",
        data={
            "name": "Dinas Uji",
            "acronym": "UJI",
            "kind": "opd",
            "delegation_basis": "surat_kuasa",
            "delegation_date": "31-02-2026",
        },
    )
    assert response.status_code == 200
    assert "Tanggal tidak valid." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Agency)) == 0
