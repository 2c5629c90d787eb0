"""The Klaten seed: 23 agencies, a realistic work plan, the agreement and fictional demo clients."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest
from sqlalchemy import func, select

from models import (
    PLACEMENT_KINDS,
    PLACEMENT_STATUSES,
    Agency,
    Agreement,
    Client,
    Commitment,
    HourLog,
    Placement,
    db,
)
from seed import SEED_DIR, SeedError, load_seed

TABLES = (Agency, Commitment, Agreement, Client, Placement, HourLog)


def snapshot() -> dict[str, list[tuple]]:
    """Every row's id and version, per table: equal snapshots mean nothing was written."""
    return {
        model.__tablename__: sorted(db.session.execute(select(model.id, model.version)).all())
        for model in TABLES
    }


def test_seed_has_the_bapas_the_pemkab_and_21_opd(seeded):
    """23 agencies: the Bapas and the Pemkab sign, and the 21 OPD take part."""
    with seeded.app_context():
        agencies = db.session.scalars(select(Agency)).all()
        kinds = Counter(agency.kind for agency in agencies)
        assert len(agencies) == 23
        assert kinds == {"opd": 21, "bapas": 1, "pemda": 1}
        signers = {agency.acronym for agency in agencies if agency.signs_agreement}
        assert signers == {"BAPAS", "PEMKAB"}
        bapas = db.session.scalar(select(Agency).where(Agency.acronym == "BAPAS"))
        assert bapas.head_name == "Enggelina Hukubun"
        pemkab = db.session.scalar(select(Agency).where(Agency.acronym == "PEMKAB"))
        assert pemkab.signatory_title == "Bupati Klaten"


def test_every_opd_commits_two_to_four_lines_with_one_agreed(seeded):
    """Each OPD has 2–4 commitments in the work plan, at least one agreed or running."""
    with seeded.app_context():
        for agency in db.session.scalars(select(Agency).where(Agency.kind == "opd")):
            statuses = [commitment.status for commitment in agency.commitments]
            assert 2 <= len(statuses) <= 4, agency.acronym
            assert {"agreed", "active"} & set(statuses), agency.acronym


def test_the_agreement_is_the_nota_kesepakatan(seeded):
    """The current agreement carries the title of the Klaten Nota Kesepakatan."""
    with seeded.app_context():
        agreement = db.session.scalar(select(Agreement).where(Agreement.is_current.is_(True)))
        assert agreement.title == ("Nota Kesepakatan Sinergi dan Kolaborasi Pembimbingan Kemasyarakatan")


def test_demo_data_shows_every_placement_kind_and_status(seeded):
    """The demo placements cover every kind and every status, children and adults, with journals."""
    with seeded.app_context():
        placements = db.session.scalars(select(Placement)).all()
        assert {placement.kind for placement in placements} == set(PLACEMENT_KINDS)
        assert {placement.status for placement in placements} == set(PLACEMENT_STATUSES)
        categories = {client.category for client in db.session.scalars(select(Client))}
        assert categories == {"anak", "dewasa"}
        assert db.session.scalar(select(func.count()).select_from(HourLog)) > 0
        completed = [p for p in placements if p.status == "completed" and p.kind == "kerja_sosial"]
        assert completed and all(p.hours_credited == p.hours_ordered for p in completed)


def test_seed_twice_leaves_the_same_rows(seeded):
    """Running the seed again adds nothing and changes nothing (same ids, same versions)."""
    with seeded.app_context():
        before = snapshot()
        load_seed(db.session)
        db.session.commit()
        assert snapshot() == before


def test_seed_updates_a_corrected_reference_row(seeded, tmp_path):
    """A corrected CSV row updates the stored agency instead of adding one."""
    folder = tmp_path / "seed"
    shutil.copytree(SEED_DIR, folder)
    path = folder / "agencies.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "BAPAS,Balai Pemasyarakatan Klaten,", "BAPAS,Balai Pemasyarakatan Kelas II Klaten,"
        ),
        encoding="utf-8",
    )
    with seeded.app_context():
        load_seed(db.session, directory=folder)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Agency)) == 23
        bapas = db.session.scalar(select(Agency).where(Agency.acronym == "BAPAS"))
        assert bapas.name == "Balai Pemasyarakatan Kelas II Klaten"
        assert bapas.version == 2


@pytest.mark.parametrize(
    "filename, old, new, message",
    [
        (
            "demo_placements.csv",
            "kerja_sosial,Alun-alun Klaten dan taman kota sekitarnya,Suparno (koordinator petugas taman DLH),2026-09-07,2026-12-31,120",
            "kerja_sosial,Alun-alun Klaten dan taman kota sekitarnya,Suparno (koordinator petugas taman DLH),2026-09-07,2026-12-31,300",
            "Jam putusan untuk jenis ini harus 8 sampai 240 jam.",
        ),
        ("demo_clients.csv", "3310252105100003", "3310259905100003", "Digit 7–8 NIK"),
        (
            "agencies.csv",
            "BAPAS,Balai Pemasyarakatan Klaten,bapas",
            "BAPAS,Balai Pemasyarakatan Klaten,balai",
            "Pilihan tidak valid.",
        ),
    ],
)
def test_seed_refuses_a_row_that_breaks_a_rule(app, tmp_path, filename, old, new, message):
    """A bad row in a seed file stops the seed with its file, line and rule; nothing is stored."""
    folder = tmp_path / "seed"
    shutil.copytree(SEED_DIR, folder)
    path = folder / filename
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    with app.app_context():
        with pytest.raises(SeedError) as refused:
            load_seed(db.session, directory=folder)
        db.session.rollback()
        assert filename in str(refused.value) and "baris" in str(refused.value)
        assert message in str(refused.value)
        assert db.session.scalar(select(func.count()).select_from(Agency)) == 0


def test_demo_people_are_marked_fictional_in_the_seed_readme():
    """The seed README tells the clerk that the demo clients are fictional."""
    readme = (SEED_DIR / "README.md").read_text(encoding="utf-8").lower()
    assert "fiktif" in readme
