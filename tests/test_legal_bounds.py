"""Each legal bound is one line of data in rules.py: change it there and every writer, help text and
message follows (the models, the forms, the messages), with nothing restated elsewhere."""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from factories import build_placement, make_child, make_client, make_commitment, make_placement
from test_rules import child_form, child_placement_form, log_form, refuse_create

import rules
from models import Client, DomainError, HourLog, Placement, db

ROOT = Path(__file__).resolve().parent.parent
# What only rules.py may say: the citations of the bounds and the bounds written as ranges.
LEGAL_WORDS = re.compile(r"KUHP|SPPA|58/2022|Pasal \d|\b\d+\s*[–-]\s*\d+\s*(jam|bulan|tahun)")


def page_text(response) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, whitespace squeezed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


@pytest.fixture
def site(app) -> SimpleNamespace:
    """A host agency's open-ended site, a child and an adult, as form data needs them."""
    with app.app_context():
        commitment = make_commitment(capacity=None)
        return SimpleNamespace(
            host=commitment.agency.id, site=commitment.id, child=make_child().id, adult=make_client().id
        )


def replace_sentence(monkeypatch, kind: str, **bounds) -> None:
    monkeypatch.setitem(rules.SENTENCES, kind, dataclasses.replace(rules.SENTENCES[kind], **bounds))


def test_changing_an_hours_range_moves_the_model_check_the_help_and_the_message(
    app, clerk, site, monkeypatch
):
    """Pelayanan masyarakat 7–100 instead of 7–120: 110 hours are refused everywhere, saying 100."""
    replace_sentence(monkeypatch, "pelayanan_masyarakat", hours=(7, 100))
    message = "Jam putusan untuk jenis ini harus 7 sampai 100 jam."

    help_text = page_text(clerk.get("/admin/placement/new/"))
    assert "Pelayanan masyarakat (anak) 7–100 jam" in help_text
    assert "7–120" not in help_text

    data = child_placement_form(site, "pelayanan_masyarakat", hours_ordered="110")
    refuse_create(app, clerk, "placement", Placement, data, message)

    with app.app_context():
        child = db.session.get(Client, site.child)
        db.session.add(build_placement(client=child, kind="pelayanan_masyarakat", hours_ordered=110))
        with pytest.raises(DomainError) as refusal:
            db.session.flush()
        db.session.rollback()
    assert str(refusal.value.errors["hours_ordered"]) == message


def test_changing_a_daily_cap_moves_the_journal_check_and_its_help(app, clerk, monkeypatch):
    """Kerja sosial capped at 6 hours a day: a 7-hour day is refused saying 6, the help says 6."""
    replace_sentence(monkeypatch, "kerja_sosial", daily_cap=6)
    with app.app_context():
        placement = make_placement().id
    help_text = page_text(clerk.get("/admin/hourlog/new/"))
    assert "Kerja sosial (dewasa) 6 jam" in help_text
    message = "Paling banyak 6 jam sehari untuk Kerja sosial (dewasa)."
    refuse_create(app, clerk, "hourlog", HourLog, log_form(placement, hours="7"), message)


def test_changing_a_period_moves_the_length_check(app, monkeypatch):
    """Kerja sosial within 4 months instead of 6: an end after 4 months is refused, naming the last day."""
    replace_sentence(monkeypatch, "kerja_sosial", months=(None, 4))
    with app.app_context():
        db.session.add(build_placement(end_date=date(2026, 7, 31)))
        with pytest.raises(DomainError) as refusal:
            db.session.flush()
        db.session.rollback()
    assert str(refusal.value.errors["end_date"]) == (
        "Kerja sosial harus selesai paling lama 4 bulan sejak mulai (paling lambat 2 Juli 2026)."
    )


def test_changing_the_child_age_moves_the_client_check_and_its_help(app, clerk, monkeypatch):
    """A child from 14 instead of 12: a 13-year-old is refused saying 14, and the help says 14."""
    monkeypatch.setattr(rules, "CHILD_AGE", dataclasses.replace(rules.CHILD_AGE, youngest=14))
    assert "Anak: umur 14 sampai di bawah 18 tahun" in page_text(clerk.get("/admin/client/new/"))
    message = "Umur saat tindak pidana 13 tahun: anak di bawah 14 tahun tidak diproses sebagai klien."
    refuse_create(app, clerk, "client", Client, child_form(birth_date="2012-08-03"), message)


def test_the_help_texts_read_the_bounds_of_the_law(clerk):
    """As shipped, the forms tell the clerk the bounds before they type."""
    placement_help = page_text(clerk.get("/admin/placement/new/"))
    for bound in (
        "Kerja sosial (dewasa) 8–240 jam",
        "Pelayanan masyarakat (anak) 7–120 jam",
        "kosongkan untuk Pelatihan kerja (anak), Bantuan sosial, Layanan.",
        "Kerja sosial (dewasa): 8–240 jam, paling banyak 8 jam sehari, paling lama 6 bulan (KUHP Pasal 85)",
        "Pelatihan kerja (anak): paling banyak 3 jam per hari kerja, 3–12 bulan (PP 58/2022 Pasal 19)",
    ):
        assert bound in placement_help, bound
    log_help = page_text(clerk.get("/admin/hourlog/new/"))
    assert (
        "Paling banyak sehari: Kerja sosial (dewasa) 8 jam; Pelayanan masyarakat (anak) 3 jam; "
        "Pelatihan kerja (anak) 3 jam, hanya hari kerja." in log_help
    )


def test_no_module_but_rules_states_a_legal_bound():
    """The models, views, config and templates cite no law and write no bound: rules.py does."""
    sources = [ROOT / "models.py", ROOT / "config.py", *(ROOT / "admin_views").glob("*.py")]
    sources += (ROOT / "templates").rglob("*.html")
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sources
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if LEGAL_WORDS.search(line)
    ]
    assert found == []
    assert LEGAL_WORDS.search((ROOT / "rules.py").read_text(encoding="utf-8"))
