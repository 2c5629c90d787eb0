"""The form pickers: clients and placements are searched, never listed; the work plan follows the agency.

- The placement and journal forms weigh the same and cost the same queries with 100 or 5,000 clients
  (placements): the pickers ask the server as the clerk types.
- The search finds a client by name, register number or NIK for the clerk, only among the rows the
  viewer may see; a masked viewer finds a child by register number only; a head is refused (403).
- The work-plan options carry their agency for static/admin.js and the places left; the server
  still refuses another agency's line at the field.
- Saving through the pickers' posted ids works, and an id the picker would not offer is refused.
"""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
from factories import insert_clients, make_agency, make_child, make_client, make_commitment, make_placement
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

import access
from models import Client, HourLog, Placement, db

PLACEMENT_FORM = "/admin/placement/new/"
JOURNAL_FORM = "/admin/hourlog/new/"
# What differs between two renderings of the same form: the CSRF token (also inside the escaped
# template of a new journal row) and the CSP nonce.
CSRF_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
NONCE = re.compile(r'nonce="[^"]*"')


# --- helpers -------------------------------------------------------------------------------------


def steady(page: str) -> str:
    """The page without its random parts: each CSRF token and the CSP nonce blanked."""
    for match in CSRF_TOKEN.finditer(page):
        page = page.replace(match.group(1) or match.group(2), "")
    return NONCE.sub('nonce=""', page)


def weigh(browser: FlaskClient, count_queries: Any, url: str) -> tuple[str, int]:
    """The form's HTML (random parts removed) and how many SQL statements it took."""
    with count_queries() as counter:
        response = browser.get(url)
    assert response.status_code == 200
    return steady(response.get_data(as_text=True)), counter.count


def insert_placements(app: Flask, commitment_id: int, agency_id: int, first: int, last: int) -> None:
    """A running 60-hour kerja sosial for each client D-9000-<n>, n in [first, last), in one statement."""
    with app.app_context():
        clients = db.session.execute(
            select(Client.id).where(
                Client.register_number.between(f"D-9000-{first:05d}", f"D-9000-{last - 1:05d}")
            )
        ).scalars()
        rows = [
            {
                "client_id": client_id,
                "agency_id": agency_id,
                "commitment_id": commitment_id,
                "kind": "kerja_sosial",
                "site": f"Lokasi {client_id}",
                "start_date": date(2026, 3, 2),
                "end_date": date(2026, 8, 31),
                "hours_ordered": 60,
                "status": "active",
            }
            for client_id in clients
        ]
        with db.engine.begin() as connection:
            connection.execute(Placement.__table__.insert(), rows)


def lookup(browser: FlaskClient, view: str, name: str, term: str) -> Any:
    """The picker's answer for `term`: the response (JSON [[id, label], …] when allowed)."""
    return browser.get(f"/admin/{view}/ajax/lookup/", query_string={"name": name, "query": term})


def found(browser: FlaskClient, view: str, name: str, term: str) -> dict[int, str]:
    """What the picker offers for `term`, id → label."""
    response = lookup(browser, view, name, term)
    assert response.status_code == 200, response.status_code
    return {row_id: label for row_id, label in response.get_json()}


def field_errors(page: str, name: str) -> list[str]:
    """The messages shown under field `name`."""
    groups = re.split(r'<div class="form-group', page)
    group = next(chunk for chunk in groups if f'name="{name}"' in chunk)
    feedback = re.search(r'class="invalid-feedback">(.*?)</div>', group, re.S)
    return (
        [html.unescape(item).strip() for item in re.findall(r"<li>(.*?)</li>", feedback.group(1), re.S)]
        if feedback
        else []
    )


def count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


# --- (a) the forms do not grow with the register -------------------------------------------------


def test_the_placement_form_weighs_the_same_with_100_or_5000_clients(app, clerk, count_queries):
    with app.app_context():
        make_commitment()
    insert_clients(app, 0, 100)
    clerk.get(PLACEMENT_FORM)  # warm-up: the first request of a session loads what later ones reuse
    small, small_queries = weigh(clerk, count_queries, PLACEMENT_FORM)
    insert_clients(app, 100, 5000)
    assert count(app, Client) == 5000
    large, large_queries = weigh(clerk, count_queries, PLACEMENT_FORM)
    assert len(large) == len(small)
    assert large == small
    assert large_queries == small_queries
    assert "Klien Massal" not in large and "D-9000-" not in large


def test_the_journal_form_weighs_the_same_with_100_or_5000_placements(app, clerk, count_queries):
    with app.app_context():
        commitment = make_commitment(capacity=None)
        ids = (commitment.id, commitment.agency_id)
    insert_clients(app, 0, 5000)
    insert_placements(app, *ids, 0, 100)
    clerk.get(JOURNAL_FORM)
    small, small_queries = weigh(clerk, count_queries, JOURNAL_FORM)
    insert_placements(app, *ids, 100, 5000)
    assert count(app, Placement) == 5000
    large, large_queries = weigh(clerk, count_queries, JOURNAL_FORM)
    assert len(large) == len(small)
    assert large == small
    assert large_queries == small_queries
    assert "Klien Massal" not in large


def test_a_search_returns_one_page_whatever_is_asked(app, clerk):
    insert_clients(app, 0, 300)
    response = clerk.get(
        "/admin/placement/ajax/lookup/", query_string={"name": "client", "query": "Massal", "limit": "100000"}
    )
    assert len(response.get_json()) == 20
    assert found(clerk, "placement", "client", "") == {}  # nothing is listed without a search


# --- (b) who finds what ------------------------------------------------------------------------------


@pytest.fixture
def people(app: Flask) -> dict[str, Any]:
    """An adult and a child placed with Dinas Sosial, an adult and a child placed with DLH."""
    with app.app_context():
        dinsos, dlh = make_agency(acronym="DINSOS"), make_agency(acronym="DLH")
        here = make_commitment(agency=dinsos, capacity=None)
        there = make_commitment(agency=dlh, capacity=None)
        adult = make_client(full_name="Sutrisno Wibowo", register_number="D-2026-501", nik="3310251705900001")
        child = make_child(full_name="Bima Saputra", register_number="A-2026-501", nik="3310250308100001")
        other_adult = make_client(full_name="Hendro Prasetyo", register_number="D-2026-502")
        other_child = make_child(full_name="Citra Lestari", register_number="A-2026-502", sex="P")
        make_placement(client=adult, commitment=here, site="Taman Kota")
        child_placement = make_placement(
            client=child, commitment=here, kind="pelayanan_masyarakat", hours_ordered=60, site="Panti Asuhan"
        )
        make_placement(client=other_adult, commitment=there, site="Pasar Gede")
        make_placement(client=other_child, commitment=there, kind="pelayanan_masyarakat", hours_ordered=60)
        return {
            "dinsos": dinsos.id,
            "dlh": dlh.id,
            "adult": adult.id,
            "child": child.id,
            "other_adult": other_adult.id,
            "other_child": other_child.id,
            "child_placement": child_placement.id,
        }


def test_the_clerk_finds_a_client_by_name_register_number_or_nik(app, clerk, people):
    for term in ("Sutrisno", "sutrisno wibowo", "D-2026-501", "3310251705900001"):
        assert found(clerk, "placement", "client", term) == {
            people["adult"]: "D-2026-501 — Sutrisno Wibowo"
        }, term
    for term in ("Bima", "A-2026-501", "3310250308100001"):
        assert list(found(clerk, "placement", "client", term)) == [people["child"]], term
    assert found(clerk, "placement", "client", "Tidak Ada") == {}


def test_the_journal_picker_finds_a_placement_by_client_register_number_or_site(app, clerk, people):
    for term in ("Bima", "A-2026-501", "Panti"):
        offered = found(clerk, "hourlog", "placement", term)
        assert list(offered) == [people["child_placement"]], term
        assert "A-2026-501 — Bima Saputra" in offered[people["child_placement"]]


@pytest.mark.parametrize("head", ["head_opd", "head_bapas"])
def test_a_head_is_refused_the_lookups(app, login_as, people, head):
    """Lookups serve forms; a head may write no form, so even a forged request gets 403."""
    browser = login_as("head", people["dinsos"] if head == "head_opd" else make_bapas(app))
    assert lookup(browser, "placement", "client", "Sutrisno").status_code == 403
    assert lookup(browser, "hourlog", "placement", "Taman").status_code == 403


def make_bapas(app: Flask) -> int:
    with app.app_context():
        return make_agency(name="Bapas Kelas II Klaten", acronym="BAPAS", kind="bapas").id


def test_a_masked_viewer_finds_only_their_rows_and_a_child_by_register_number_only(
    app, clerk, people, monkeypatch
):
    """With the policy swapped so the clerk reads like the Dinas Sosial head (access.viewer_for)."""
    as_dinsos_head = access.Viewer(role="clerk", scope_agency_id=people["dinsos"], masks_children=True)
    monkeypatch.setattr(access, "viewer_for", lambda user: as_dinsos_head)
    # Only their agency's clients.
    assert found(clerk, "placement", "client", "2026-50") == {
        people["adult"]: "D-2026-501 — Sutrisno Wibowo",
        people["child"]: "B. S. (A-2026-501)",
    }
    assert found(clerk, "placement", "client", "Hendro") == {}
    # Their child: by register number, named by initials; never by name or NIK.
    for term in ("Bima", "Saputra", "3310250308100001", "B. S."):
        assert found(clerk, "placement", "client", term) == {}, term
        assert found(clerk, "hourlog", "placement", term) == {}, term
    assert found(clerk, "placement", "client", "A-2026-501") == {people["child"]: "B. S. (A-2026-501)"}
    offered = found(clerk, "hourlog", "placement", "A-2026-501")
    assert list(offered) == [people["child_placement"]] and "Bima" not in offered[people["child_placement"]]
    # An adult of theirs by name and NIK, as before.
    assert list(found(clerk, "placement", "client", "3310251705900001")) == [people["adult"]]


def test_the_search_condition_hides_a_childs_name_and_nik_from_a_masked_viewer(app, people, monkeypatch):
    """The rule the pickers reuse (access.search_condition), checked without the endpoint."""
    from admin_views.pickers import ClientPicker, PlacementPicker

    masked = access.Viewer(role="head", scope_agency_id=None, masks_children=True)
    monkeypatch.setattr(access, "viewer_for", lambda user: masked)
    with app.test_request_context():
        clients, placements = ClientPicker(), PlacementPicker()
        assert [row.id for row in clients.get_list("Bima")] == []
        assert [row.id for row in clients.get_list("3310250308100001")] == []
        assert [row.id for row in clients.get_list("A-2026-501")] == [people["child"]]
        assert [row.id for row in clients.get_list("Sutrisno")] == [people["adult"]]
        assert [row.id for row in placements.get_list("Bima")] == []
        assert [row.id for row in placements.get_list("A-2026-501")] == [people["child_placement"]]


# --- (c) the work plan follows the agency ----------------------------------------------------------


def work_plan_options(page: str) -> list[tuple[str, str | None, str]]:
    """The work-plan options: (value, data-agency, label)."""
    select_html = re.search(r'<select[^>]*name="commitment"[^>]*>(.*?)</select>', page, re.S).group(1)
    options = []
    for attributes, label in re.findall(r"<option([^>]*)>([^<]*)</option>", select_html):
        value = re.search(r'value="([^"]*)"', attributes).group(1)
        agency = re.search(r'data-agency="([^"]*)"', attributes)
        options.append((value, agency.group(1) if agency else None, html.unescape(label)))
    return options


def test_each_work_plan_option_names_its_agency_and_the_places_left(app, clerk):
    with app.app_context():
        dinsos, dlh = make_agency(acronym="DINSOS"), make_agency(acronym="DLH")
        roomy = make_commitment(agency=dinsos, activity="Taman kota", capacity=5)
        full = make_commitment(agency=dinsos, activity="Panti", capacity=1)
        open_ended = make_commitment(agency=dlh, activity="Pasar", capacity=None)
        make_placement(commitment=roomy)
        make_placement(commitment=roomy, status="completed")  # no longer takes a place
        make_placement(commitment=full)
        ids = {"dinsos": str(dinsos.id), "dlh": str(dlh.id)}
        lines = (str(roomy.id), str(full.id), str(open_ended.id))
    page = clerk.get(PLACEMENT_FORM).get_data(as_text=True)
    assert work_plan_options(page) == [
        ("__None", None, "— pilih —"),
        (lines[0], ids["dinsos"], "DINSOS: Taman kota (sisa 4 dari 5 tempat)"),
        (lines[1], ids["dinsos"], "DINSOS: Panti (penuh: 1 klien)"),
        (lines[2], ids["dlh"], "DLH: Pasar (kapasitas tidak dibatasi)"),
    ]
    # The script that narrows the options is served and reads that attribute.
    assert re.search(r'<select[^>]*id="agency"', page)
    assert 'src="/static/admin.js"' in page
    with clerk.get("/static/admin.js") as response:
        script = response.get_data(as_text=True)
    assert "data-agency" in script and "select#commitment" in script and "select#agency" in script


def test_editing_a_placement_does_not_count_its_own_place_as_taken(app, clerk):
    with app.app_context():
        line = make_commitment(activity="Panti", capacity=1)
        placement_id = make_placement(commitment=line).id
        acronym = line.agency.acronym
    page = clerk.get(f"/admin/placement/edit/?id={placement_id}").get_data(as_text=True)
    assert [label for _, _, label in work_plan_options(page)][1] == f"{acronym}: Panti (sisa 1 dari 1 tempat)"


def test_another_agencys_work_plan_is_still_refused_at_the_field(app, clerk):
    with app.app_context():
        host, other = make_agency(acronym="HOST"), make_agency(acronym="LAIN")
        make_commitment(agency=host)
        theirs = make_commitment(agency=other)
        client = make_client()
        data = placement_data(client.id, host.id, theirs.id)
    response = clerk.post(PLACEMENT_FORM, data=data)
    assert response.status_code == 200
    assert field_errors(response.get_data(as_text=True), "commitment") == [
        "Rencana kerja ini milik LAIN, bukan instansi penempatan HOST."
    ]
    assert count(app, Placement) == 0


# --- (d) saving through the pickers ------------------------------------------------------------------


def placement_data(client_id: int, agency_id: int, commitment_id: int, **changes: str) -> dict[str, str]:
    """A placement form as the browser posts it: the pickers send the chosen ids."""
    data = {
        "client": str(client_id),
        "agency": str(agency_id),
        "commitment": str(commitment_id),
        "kind": "kerja_sosial",
        "start_date": "02-03-2026",
        "end_date": "31-08-2026",
        "hours_ordered": "60",
        "status": "active",
    }
    return {**data, **changes}


def test_a_placement_is_saved_through_the_client_picker(app, clerk):
    with app.app_context():
        line = make_commitment()
        client = make_client(full_name="Sutrisno Wibowo")
        data = placement_data(client.id, line.agency_id, line.id)
        client_id = client.id
    response = clerk.post(PLACEMENT_FORM, data=data)
    assert response.status_code == 302, field_errors(response.get_data(as_text=True), "client")
    with app.app_context():
        stored = db.session.scalar(select(Placement))
        assert (stored.client_id, stored.commitment_id) == (client_id, int(data["commitment"]))
    edit = clerk.get(f"/admin/placement/edit/?id={stored.id}").get_data(as_text=True)
    picker = re.search(r'<input[^>]*name="client"[^>]*>', edit).group(0)
    assert f'value="{client_id}"' in picker and "Sutrisno Wibowo" in html.unescape(picker)


@pytest.mark.parametrize("posted", ["999999", "abc"])
def test_a_client_the_picker_would_not_offer_is_refused(app, clerk, posted):
    with app.app_context():
        line = make_commitment()
        data = placement_data(0, line.agency_id, line.id, client=posted)
    response = clerk.post(PLACEMENT_FORM, data=data)
    assert response.status_code == 200
    assert field_errors(response.get_data(as_text=True), "client") == ["Pilihan tidak valid"]
    assert count(app, Placement) == 0


def test_an_unchosen_client_is_refused(app, clerk):
    with app.app_context():
        line = make_commitment()
        data = placement_data(0, line.agency_id, line.id, client="")
    response = clerk.post(PLACEMENT_FORM, data=data)
    assert field_errors(response.get_data(as_text=True), "client") == ["Kolom ini wajib diisi."]
    assert count(app, Placement) == 0


def test_a_journal_day_is_saved_through_the_placement_picker(app, clerk):
    with app.app_context():
        placement_id = make_placement(site="Taman Kota").id
    data = {"placement": str(placement_id), "work_date": "03-03-2026", "hours": "4"}
    response = clerk.post(JOURNAL_FORM, data=data)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.execute(select(HourLog.placement_id, HourLog.hours)).one() == (placement_id, 4.0)


def test_a_new_day_for_an_ended_placement_is_refused(app, clerk):
    """Only running placements are offered for a new day; a posted ended one is no valid choice."""
    with app.app_context():
        placement_id = make_placement(status="completed").id
    data = {"placement": str(placement_id), "work_date": "03-03-2026", "hours": "4"}
    response = clerk.post(JOURNAL_FORM, data=data)
    assert response.status_code == 200
    assert field_errors(response.get_data(as_text=True), "placement") == ["Pilihan tidak valid"]
    assert count(app, HourLog) == 0


# --- select2 in Indonesian -------------------------------------------------------------------------


def test_select2_speaks_indonesian(app, clerk):
    page = clerk.get(PLACEMENT_FORM).get_data(as_text=True)
    scripts = re.findall(r'<script[^>]*src="([^"?]*)', page)
    assert scripts.index("/static/select2_locale_id.js") > scripts.index(
        "/admin/static/vendor/select2/select2.min.js"
    )
    assert scripts.index("/static/select2_locale_id.js") < scripts.index("/admin/static/admin/js/form.js")
    with clerk.get("/static/select2_locale_id.js") as locale:
        assert locale.status_code == 200 and "javascript" in locale.mimetype
        text = locale.get_data(as_text=True)
    for message in ("Tidak ada yang cocok", "Mencari…", "karakter lagi", "Memuat hasil lainnya…"):
        assert message in text
    picker = re.search(r'<input[^>]*name="client"[^>]*>', page).group(0)
    assert 'data-placeholder="— pilih —"' in picker
