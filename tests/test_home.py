"""The home screen: an agency head reads their own agency first; the Bapas head and the clerk the figures.

A small world: the Bapas, Dinas Sosial and DLH. Dinas Sosial has two work-plan lines, a child and an
adult placed under one of them (and a finished placement); DLH one line and one adult. The Dinas
Sosial head's home must show Dinas Sosial's lines, open placements (the child by initials) and
checklist items, nothing of DLH, and cost the same queries for one placement as for ten.
"""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import pytest
from factories import make_agency, make_child, make_client, make_commitment, make_log, make_placement

from models import db

CHILD = {"full_name": "Bima Saputra", "register_number": "A-2026-201"}
ADULT = {"full_name": "Sutrisno Wibowo", "register_number": "D-2026-201"}
DONE_ADULT = {"full_name": "Agus Santoso", "register_number": "D-2026-202"}
OTHER_ADULT = {"full_name": "Hendro Prasetyo", "register_number": "D-2026-203"}


@pytest.fixture
def world(app):
    """Three agencies, Dinas Sosial's two lines and placements, DLH's line and placement."""
    with app.app_context():
        bapas = make_agency(name="Balai Pemasyarakatan Klaten", acronym="BAPAS", kind="bapas")
        dinsos = make_agency(
            name="Dinas Sosial P3AKB",
            acronym="DINSOS",
            head_name="Kepala Dinsos",
            head_title="Kepala Dinas Sosial P3AKB",
            paraf_done=True,
        )
        dlh = make_agency(name="Dinas Lingkungan Hidup", acronym="DLH")
        site = make_commitment(agency=dinsos, activity="Kerja sosial di panti wreda", capacity=5)
        counselling = make_commitment(
            agency=dinsos, area="pembinaan", activity="Konseling keluarga klien", capacity=None
        )
        child = make_placement(
            client=make_child(**CHILD), commitment=site, kind="pelayanan_masyarakat", hours_ordered=40
        )
        adult = make_placement(client=make_client(**ADULT), commitment=site, hours_ordered=60)
        make_log(adult, hours=6.0)
        done = make_placement(
            client=make_client(**DONE_ADULT), commitment=site, hours_ordered=8, status="completed"
        )
        make_log(done, hours=8.0)
        dlh_line = make_commitment(agency=dlh, activity="Kebersihan taman kota DLH")
        other = make_placement(client=make_client(**OTHER_ADULT), commitment=dlh_line)
        return SimpleNamespace(
            bapas=bapas.id,
            dinsos=dinsos.id,
            dlh=dlh.id,
            site=site.id,
            counselling=counselling.id,
            dlh_line=dlh_line.id,
            child=child.id,
            adult=adult.id,
            done=done.id,
            other=other.id,
        )


def text_of(page: str) -> str:
    """What a person reads: tags dropped, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def section(page: str) -> str:
    """The agency part of the home page ('' when there is none)."""
    match = re.search(r'<section id="agency-home".*?</section>', page, re.S)
    return match.group(0) if match else ""


def test_head_home_starts_with_their_agency_work_plan(app, world, login_as):
    """The Dinas Sosial head reads their agency's name and lines with capacity, used and left, not DLH's."""
    page = login_as("head", agency=world.dinsos).get("/admin/").get_data(as_text=True)
    home = section(page)
    assert home and page.index(home) < page.index('data-figure="agencies"')
    assert "Dinas Sosial P3AKB" in home and f'href="/admin/agency/details/?id={world.dinsos}"' in home
    site = re.search(rf'<tr data-commitment="{world.site}">.*?</tr>', home, re.S).group(0)
    assert "Kerja sosial di panti wreda" in site and "Disepakati" in site
    assert 'data-used="2"' in site and 'data-left="3"' in site  # capacity 5, the completed one is free
    assert f'href="/admin/commitment/details/?id={world.site}"' in site
    counselling = re.search(rf'<tr data-commitment="{world.counselling}">.*?</tr>', home, re.S).group(0)
    assert "tanpa batas" in counselling and 'data-used="0"' in counselling
    assert "Kebersihan taman kota DLH" not in page and "Dinas Lingkungan Hidup" not in page


def test_head_home_lists_open_placements_child_masked(app, world, login_as):
    """Open placements only, with dates and hours; the child by initials, never by name; no DLH placement."""
    page = login_as("head", agency=world.dinsos).get("/admin/").get_data(as_text=True)
    placements = re.search(r'id="agency-placements".*?</table>', page, re.S).group(0)
    shown = {int(i) for i in re.findall(r'<tr data-placement="(\d+)">', placements)}
    assert shown == {world.child, world.adult}
    assert f'href="/admin/placement/details/?id={world.child}"' in placements
    child = text_of(re.search(rf'<tr data-placement="{world.child}">.*?</tr>', placements, re.S).group(0))
    assert "B. S. (A-2026-201)" in child and "Pelayanan masyarakat (anak)" in child
    assert "2 Maret 2026" in child and "31 Agustus 2026" in child and "0 / 40" in child
    adult = text_of(re.search(rf'<tr data-placement="{world.adult}">.*?</tr>', placements, re.S).group(0))
    assert ADULT["full_name"] in adult and "6 / 60" in adult and "54" in adult
    assert CHILD["full_name"] not in page
    for hidden in (DONE_ADULT["full_name"], OTHER_ADULT["full_name"], OTHER_ADULT["register_number"]):
        assert hidden not in page, hidden
    assert f"/admin/placement/details/?id={world.other}" not in page
    assert "/edit/" not in page and "/new/" not in page


def test_head_home_shows_their_checklist_items_without_fix_links(app, world, login_as):
    """The agency's checklist items with ✓ and ✗ and what is missing; no 'perbaiki', no form."""
    page = login_as("head", agency=world.dinsos).get("/admin/").get_data(as_text=True)
    checklist = re.search(r'id="agency-checklist".*?</ul>', page, re.S).group(0)
    states = dict(re.findall(r'<li data-item="(\w+)" data-state="(\w+)">', checklist))
    assert states["signatory"] == "done" and states["paraf"] == "done"
    assert states["stamp"] == "missing" and states["pic"] == "missing"
    assert "delegation" not in states  # not applicable: the head signs
    assert "✓" in checklist and "✗" in checklist
    assert "Belum siap" in page and "Cap dinas siap" in text_of(checklist)
    assert "perbaiki" not in page.lower() and "/admin/agency/edit/" not in page
    assert 'href="/admin/checklist/#instansi-anda"' in section(page)


def test_head_home_says_when_there_is_nothing_yet(app, world, login_as):
    """An agency without lines or placements reads 'Belum ada …' in Indonesian."""
    page = login_as("head", agency=world.dlh).get("/admin/").get_data(as_text=True)
    assert "Kebersihan taman kota DLH" in page
    with app.app_context():
        empty = make_agency(name="Dinas Perpustakaan", acronym="DISPUS").id
    page = login_as("head", agency=empty).get("/admin/").get_data(as_text=True)
    home = text_of(section(page))
    assert "Dinas Perpustakaan" in home
    assert "Belum ada rencana kerja untuk instansi ini." in home
    assert "Belum ada penempatan yang direncanakan atau berjalan di instansi ini." in home


@pytest.mark.parametrize("role", ["head_bapas", "clerk"])
def test_bapas_head_and_clerk_see_the_office_figures(app, world, login_as, role):
    """No agency part for the Bapas head or the clerk; the figures count every agency's rows."""
    browser = login_as("head", agency=world.bapas) if role == "head_bapas" else login_as("clerk")
    page = browser.get("/admin/").get_data(as_text=True)
    assert section(page) == ""
    assert 'data-figure="agencies">3<' in page
    assert 'data-figure="commitments">3<' in page
    assert 'data-figure="active_clients">4<' in page
    assert 'data-figure="open_placements">3<' in page
    # Only the clerk, who completes the checklist, is told what it still lacks.
    assert ('id="clerk-todo"' in page) == (role == "clerk")


def test_the_clerk_is_told_what_the_checklist_lacks(app, world, clerk):
    """'Perlu ditindaklanjuti: 3 dari 3 pihak belum siap …' with a link to the checklist; gone once all is done."""
    page = clerk.get("/admin/").get_data(as_text=True)
    todo = text_of(
        re.search(r'<div class="alert alert-warning" id="clerk-todo">.*?</div>', page, re.S).group(0)
    )
    assert "Perlu ditindaklanjuti: 3 dari 3 pihak belum siap ditandatangani" in todo
    assert "1 butir kelengkapan nota kesepakatan belum lengkap" in todo  # no agreement on record yet
    assert 'href="/admin/checklist/"' in page


def test_head_home_costs_the_same_queries_for_one_placement_as_for_ten(app, login_as, count_queries):
    """Eager loads and one aggregate: ten placements (children among them) cost no more than one."""
    with app.app_context():
        agency = make_agency(name="Dinas Uji Beban", acronym="DUB")
        line = make_commitment(agency=agency, capacity=None)
        first = make_placement(client=make_client(), commitment=line)
        make_log(first, hours=4.0)
        agency_id, line_id = agency.id, line.id
    browser = login_as("head", agency=agency_id)
    browser.get("/admin/")  # anything done once per process is out of the way

    def home_queries() -> tuple[int, str]:
        with count_queries() as counter:
            page = browser.get("/admin/").get_data(as_text=True)
        return counter.count, page

    with_one, page = home_queries()
    assert len(re.findall(r'<tr data-placement="\d+">', page)) == 1

    from models import Commitment

    with app.app_context():
        line = db.session.get(Commitment, line_id)
        for n in range(9):
            if n % 2:
                client = make_child(full_name=f"Anak Uji {n}")
                placement = make_placement(
                    client=client, commitment=line, kind="pelayanan_masyarakat", hours_ordered=40
                )
                make_log(placement, hours=2.0, work_date=date(2026, 3, 4))
            else:
                placement = make_placement(client=make_client(full_name=f"Dewasa Uji {n}"), commitment=line)
                make_log(placement, hours=4.0)
    with_ten, page = home_queries()
    assert len(re.findall(r'<tr data-placement="\d+">', page)) == 10
    assert "Anak Uji" not in page and "Dewasa Uji 0" in page
    assert with_ten == with_one
    # The user, the agency and its lines, the lines' use, the placements, five figures, the agreement.
    assert with_one <= 11
