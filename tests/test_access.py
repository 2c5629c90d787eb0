"""Who may do what (DESIGN.md §5), walked endpoint by endpoint for every role, on the server.

A small world: the Bapas, Dinas Sosial and DLH; a child and an adult placed with each of the two
OPD. The Dinas Sosial head must read the work plan, only Dinas Sosial's placements, hour logs and
clients, never a child's identity, and change nothing; the Bapas head reads everything unmasked.
"""

from __future__ import annotations

import io
import re
from datetime import date
from types import SimpleNamespace

import pytest
from conftest import TEST_PASSWORD, make_user
from factories import make_agency, make_agreement, make_commitment, make_log, make_placement
from test_lists import filter_arg, filter_groups

from models import Client, User, db

ROLES = ("anonymous", "clerk", "head_opd", "head_bapas")
VIEWS = ("agency", "commitment", "client", "placement", "hourlog", "agreement", "user")
# Views whose rows an OPD head sees only for their own agency.
SCOPED_VIEWS = ("client", "placement", "hourlog")

# (name, method, url template); {in} is a row the OPD head may see, {out} one they may not.
ENDPOINTS = (
    ("list", "GET", "/admin/{view}/"),
    ("details_in", "GET", "/admin/{view}/details/?id={in}"),
    ("details_out", "GET", "/admin/{view}/details/?id={out}"),
    ("export", "GET", "/admin/{view}/export/csv/"),
    ("search", "GET", "/admin/{view}/?search=a"),
    ("new_form", "GET", "/admin/{view}/new/"),
    ("edit_form_in", "GET", "/admin/{view}/edit/?id={in}"),
    ("edit_form_out", "GET", "/admin/{view}/edit/?id={out}"),
    ("ajax_lookup", "GET", "/admin/{view}/ajax/lookup/?name=client&query=a"),
    ("create", "POST", "/admin/{view}/new/"),
    ("edit", "POST", "/admin/{view}/edit/?id={in}"),
    ("edit_out", "POST", "/admin/{view}/edit/?id={out}"),
    ("delete", "POST", "/admin/{view}/delete/"),
    ("delete_out", "POST", "/admin/{view}/delete/"),
    ("action", "POST", "/admin/{view}/action/"),
    ("ajax_update", "POST", "/admin/{view}/ajax/update/"),
)
READS = ("list", "details_in", "details_out", "export", "search")

CHILD_IN = {
    "full_name": "Bima Saputra",
    "register_number": "A-2026-101",
    "nik": "3310250308100001",
    "birth_date": date(2010, 8, 3),
    "sex": "L",
    "address": "Jl. Mawar Nomor 7, Klaten Tengah",
    "parent_names": "Bapak Slamet Riyadi / Ibu Wartini",
    "offence": "Pencurian sepeda motor milik tetangga",
    "ruling_ref": "12/Pid.Sus-Anak/2026/PN Kln",
    "ruling_date": date(2026, 2, 10),
    "litmas_ref": "W13.PAS.PAS18-PK.01.05-117",
}
CHILD_OUT = {
    "full_name": "Citra Lestari",
    "register_number": "A-2026-102",
    "nik": "3310106011090002",
    "birth_date": date(2009, 11, 20),
    "sex": "P",
    "address": "Jl. Melati Nomor 3, Klaten Selatan",
    "parent_names": "Bapak Joko Susilo / Ibu Sri Hartati",
}
ADULT_IN = {"full_name": "Sutrisno Wibowo", "register_number": "D-2026-101"}
ADULT_OUT = {"full_name": "Hendro Prasetyo", "register_number": "D-2026-102"}

# Nothing of these may reach the Dinas Sosial head, on any page or export.
HIDDEN_FROM_OPD_HEAD = (
    CHILD_IN["full_name"],
    CHILD_IN["nik"],
    CHILD_IN["address"],
    CHILD_IN["parent_names"],
    CHILD_IN["offence"],
    CHILD_IN["ruling_ref"],
    CHILD_IN["litmas_ref"],
    "10 Februari 2026",
    "3 Agustus 2010",
    CHILD_OUT["full_name"],
    CHILD_OUT["register_number"],
    CHILD_OUT["nik"],
    CHILD_OUT["address"],
    CHILD_OUT["parent_names"],
    "20 November 2009",
    ADULT_OUT["full_name"],
    ADULT_OUT["register_number"],
)


def _child(**fields):
    values = {
        "category": "anak",
        "offence": "Pencurian ringan",
        "offence_date": date(2026, 1, 20),
        "legal_basis": "pidana_pelayanan_masyarakat",
        "status": "active",
        **fields,
    }
    client = Client(**values)
    db.session.add(client)
    db.session.commit()
    return client


def _adult(**fields):
    values = {
        "birth_date": date(1990, 5, 17),
        "sex": "L",
        "category": "dewasa",
        "offence": "Perjudian",
        "offence_date": date(2026, 1, 20),
        "legal_basis": "pidana_kerja_sosial",
        "status": "active",
        **fields,
    }
    client = Client(**values)
    db.session.add(client)
    db.session.commit()
    return client


@pytest.fixture
def world(app):
    """The two OPD, their placements and logs, the agreement and one account per role."""
    with app.app_context():
        bapas = make_agency(name="Balai Pemasyarakatan Klaten", acronym="BAPAS", kind="bapas")
        dinsos = make_agency(name="Dinas Sosial P3AKB", acronym="DINSOS")
        dlh = make_agency(name="Dinas Lingkungan Hidup", acronym="DLH")
        placements = {}
        for key, agency, person, kind, hours in (
            ("child_in", dinsos, _child(**CHILD_IN), "pelayanan_masyarakat", 40),
            ("adult_in", dinsos, _adult(**ADULT_IN), "kerja_sosial", 60),
            ("child_out", dlh, _child(**CHILD_OUT), "pelayanan_masyarakat", 40),
            ("adult_out", dlh, _adult(**ADULT_OUT), "kerja_sosial", 60),
        ):
            commitment = make_commitment(agency=agency, activity=f"Lokasi {key}")
            placement = make_placement(client=person, commitment=commitment, kind=kind, hours_ordered=hours)
            log = make_log(placement, hours=2.0)
            placements[key] = SimpleNamespace(
                id=placement.id, client_id=person.id, commitment_id=commitment.id, log_id=log.id
            )
        agreement = make_agreement()
        ids = SimpleNamespace(
            bapas=bapas.id, dinsos=dinsos.id, dlh=dlh.id, agreement=agreement.id, **placements
        )
    make_user(app, "clerk")
    make_user(app, "head_opd", "head", ids.dinsos)
    make_user(app, "head_bapas", "head", ids.bapas)
    with app.app_context():
        users = {user.username: user.id for user in db.session.query(User)}
    ids.users = users
    return ids


def row_ids(world, view: str) -> tuple[int, int]:
    """(a row the Dinas Sosial head may see, one they may not) for `view`."""
    return {
        "agency": (world.dinsos, world.dlh),
        "commitment": (world.child_in.commitment_id, world.child_out.commitment_id),
        "client": (world.child_in.client_id, world.child_out.client_id),
        "placement": (world.child_in.id, world.child_out.id),
        "hourlog": (world.child_in.log_id, world.child_out.log_id),
        "agreement": (world.agreement, world.agreement),
        "user": (world.users["head_opd"], world.users["clerk"]),
    }[view]


def browser_for(app, role: str):
    browser = app.test_client()
    if role != "anonymous":
        response = browser.post("/login", data={"username": role, "password": TEST_PASSWORD})
        assert response.status_code == 302
    return browser


def expected_status(role: str, view: str, endpoint: str) -> int:
    """The status DESIGN.md §5 asks for."""
    if role == "anonymous":
        return 302  # to the login page
    if role != "clerk" and (view == "user" or endpoint not in READS):
        return 403
    if role == "head_opd" and endpoint == "details_out" and view in SCOPED_VIEWS:
        return 302  # "record does not exist", back to the list
    if role == "clerk":
        return {
            "create": 200,  # an empty form comes back with its messages
            "edit": 200,
            "edit_out": 200,
            "delete": 302,
            "delete_out": 302,
            "action": 302,
            # The placement form searches its clients; no other view has a "client" search picker.
            "ajax_lookup": 200 if view == "placement" else 404,
            "ajax_update": 404,  # nor inline list editing
        }.get(endpoint, 200)
    return 200


def request_data(endpoint: str, inside: int, outside: int) -> dict[str, str]:
    """The form data a browser would send to `endpoint`."""
    if endpoint in ("delete", "delete_out"):
        return {"id": str(inside if endpoint == "delete" else outside)}
    if endpoint == "action":
        return {"action": "delete", "rowid": str(inside)}
    if endpoint == "ajax_update":
        return {"list_form_pk": str(inside), "status": "completed"}
    return {}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("role", ROLES)
def test_every_endpoint_answers_each_role_as_designed(app, world, role, view):
    """Each role gets the designed status on every endpoint; the OPD head never sees hidden data.

    The endpoints run in ENDPOINTS order (reads first, deletes last) in one browser session.
    """
    inside, outside = row_ids(world, view)
    browser = browser_for(app, role)
    problems = []
    for endpoint, method, url in ENDPOINTS:
        path = url.format(view=view, **{"in": inside, "out": outside})
        response = browser.open(path, method=method, data=request_data(endpoint, inside, outside))
        wanted = expected_status(role, view, endpoint)
        if response.status_code != wanted:
            problems.append(f"{method} {path}: {response.status_code}, expected {wanted}")
        if role == "anonymous" and not response.location.startswith("/login?next="):
            problems.append(f"{method} {path}: redirected to {response.location}")
        if role == "head_opd":
            body = response.get_data(as_text=True)
            problems += [
                f"{method} {path}: shows {hidden!r}" for hidden in HIDDEN_FROM_OPD_HEAD if hidden in body
            ]
    assert problems == []


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_dashboard_answers_each_role(app, world, role, method):
    """The dashboard opens for every logged-in role, sends the anonymous to the login, takes no POST."""
    response = browser_for(app, role).open("/admin/", method=method)
    if method == "POST":
        assert response.status_code == 405
    elif role == "anonymous":
        assert response.status_code == 302 and response.location.startswith("/login?next=")
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("role", ["head_opd", "head_bapas"])
def test_read_only_roles_change_nothing(app, world, role):
    """After every write attempt by a head, the records are exactly as before."""
    from sqlalchemy import select

    from models import Agency, Agreement, Commitment, HourLog, Placement

    def snapshot():
        with app.app_context():
            return {
                model.__tablename__: sorted(db.session.execute(select(model.id, model.version)).all())
                for model in (Agency, Commitment, Client, Placement, HourLog, Agreement, User)
            }

    before = snapshot()
    browser = browser_for(app, role)
    for view in VIEWS:
        inside, outside = row_ids(world, view)
        for target in (inside, outside):
            browser.post(f"/admin/{view}/new/", data={"name": "X", "acronym": "X"})
            browser.post(f"/admin/{view}/edit/?id={target}", data={"name": "X"})
            browser.post(f"/admin/{view}/delete/", data={"id": str(target)})
            browser.post(f"/admin/{view}/action/", data={"action": "delete", "rowid": str(target)})
    after = snapshot()
    before.pop("app_user"), after.pop("app_user")  # the login itself records last_login_at
    assert after == before


def test_opd_head_lists_only_their_agency_with_children_masked(app, world):
    """The Dinas Sosial head's lists hold only Dinas Sosial rows; the child reads 'B. S. (A-2026-101)'."""
    browser = browser_for(app, "head_opd")
    placements = browser.get("/admin/placement/").get_data(as_text=True)
    assert "B. S. (A-2026-101)" in placements and "D-2026-101" in placements
    assert "Daftar (2)" in placements and "DLH" not in placements
    clients = browser.get("/admin/client/").get_data(as_text=True)
    assert "B. S. (A-2026-101)" in clients and ADULT_IN["full_name"] in clients
    assert "Daftar (2)" in clients
    details = browser.get(f"/admin/client/details/?id={world.child_in.client_id}").get_data(as_text=True)
    assert "(dirahasiakan)" in details and CHILD_IN["nik"] not in details
    logs = browser.get("/admin/hourlog/").get_data(as_text=True)
    assert "Daftar (2)" in logs


@pytest.mark.parametrize("view", ("placement", "hourlog"))
def test_placement_and_journal_lists_find_a_client_as_the_viewer_may(app, world, view):
    """By name, NIK or register number for the clerk; a head finds their child by register number only."""
    clerk, head = browser_for(app, "clerk"), browser_for(app, "head_opd")
    for term in ("Bima Saputra", CHILD_IN["nik"], "A-2026-101"):
        page = clerk.get(f"/admin/{view}/", query_string={"search": term}).get_data(as_text=True)
        assert "Daftar (1)" in page and "A-2026-101" in page, (view, term)
    for term in ("Bima", "Saputra", CHILD_IN["nik"][:8]):
        page = head.get(f"/admin/{view}/", query_string={"search": term}).get_data(as_text=True)
        assert "A-2026-101" not in page and "Daftar (" not in page, (view, term)
    page = head.get(f"/admin/{view}/", query_string={"search": "A-2026-101"}).get_data(as_text=True)
    assert "Daftar (1)" in page and "A-2026-101" in page and "Bima" not in page
    adult = head.get(f"/admin/{view}/", query_string={"search": "Sutrisno"}).get_data(as_text=True)
    assert "Daftar (1)" in adult


@pytest.mark.parametrize("view", ("placement", "hourlog"))
def test_a_head_is_offered_no_filter_by_a_childs_name_or_nik_and_a_forged_one_is_ignored(app, world, view):
    """'Nama klien' and 'NIK klien' are filters for the clerk only; the register number is for both."""
    clerk, head = browser_for(app, "clerk"), browser_for(app, "head_opd")
    clerk_page = clerk.get(f"/admin/{view}/").get_data(as_text=True)
    head_page = head.get(f"/admin/{view}/").get_data(as_text=True)
    assert {"Nama klien", "NIK klien", "No. register klien"} <= set(filter_groups(clerk_page))
    assert "No. register klien" in filter_groups(head_page)
    assert not {"Nama klien", "NIK klien"} & set(filter_groups(head_page))
    by_name = filter_arg(clerk_page, "Nama klien", "mengandung")
    found = clerk.get(f"/admin/{view}/", query_string={by_name: "Bima"}).get_data(as_text=True)
    assert "Daftar (1)" in found
    forged = head.get(f"/admin/{view}/", query_string={by_name: "Bima"}).get_data(as_text=True)
    # Ignored, not applied: the head's list is whole (their child and their adult), so nothing is confirmed.
    assert "Daftar (2)" in forged


def test_opd_head_cannot_confirm_a_child_by_searching_or_sorting(app, world):
    """Searching a child's name or NIK finds nothing; sorting by name does not follow hidden names."""
    browser = browser_for(app, "head_opd")
    for term in ("Bima", "Saputra", CHILD_IN["nik"][:8]):
        page = browser.get("/admin/client/", query_string={"search": term}).get_data(as_text=True)
        assert "A-2026-101" not in page, term
    by_register = browser.get("/admin/client/", query_string={"search": "A-2026-101"}).get_data(as_text=True)
    assert "B. S. (A-2026-101)" in by_register
    adult = browser.get("/admin/client/", query_string={"search": "Sutrisno"}).get_data(as_text=True)
    assert ADULT_IN["full_name"] in adult
    # Sorting by name is neither offered nor obeyed: the order stays the default one whatever is asked.
    sortable = re.compile(r"<a [^>]*>\s*Nama lengkap")
    assert not sortable.search(browser.get("/admin/client/").get_data(as_text=True))
    assert sortable.search(browser_for(app, "clerk").get("/admin/client/").get_data(as_text=True))
    name_column = 1
    ascending = browser.get(f"/admin/client/?sort={name_column}").get_data(as_text=True)
    descending = browser.get(f"/admin/client/?sort={name_column}&desc=1").get_data(as_text=True)
    assert ascending.index("A-2026-101") < ascending.index("D-2026-101")
    assert descending.index("A-2026-101") < descending.index("D-2026-101")


def test_opd_head_export_is_scoped_and_masked(app, world):
    """The Dinas Sosial head's CSV of clients has their two clients, the child masked."""
    browser = browser_for(app, "head_opd")
    csv_text = browser.get("/admin/client/export/csv/").get_data(as_text=True)
    assert "B. S. (A-2026-101)" in csv_text and ADULT_IN["full_name"] in csv_text
    assert len(csv_text.strip().splitlines()) == 3
    for hidden in HIDDEN_FROM_OPD_HEAD:
        assert hidden not in csv_text


def test_bapas_head_reads_everything_unmasked(app, world):
    """The Bapas head sees every placement and every child's full identity, read-only."""
    browser = browser_for(app, "head_bapas")
    placements = browser.get("/admin/placement/").get_data(as_text=True)
    assert "Daftar (4)" in placements
    details = browser.get(f"/admin/client/details/?id={world.child_out.client_id}").get_data(as_text=True)
    assert CHILD_OUT["full_name"] in details and CHILD_OUT["nik"] in details
    assert 'href="/admin/client/new/' not in placements


def test_heads_see_no_write_buttons(app, world):
    """A head's list pages offer no create, edit or delete controls."""
    browser = browser_for(app, "head_opd")
    for view in ("agency", "commitment", "client", "placement", "hourlog", "agreement"):
        page = browser.get(f"/admin/{view}/").get_data(as_text=True)
        assert f'href="/admin/{view}/new/' not in page, view
        assert f"/admin/{view}/edit/" not in page, view
        assert f'action="/admin/{view}/delete/"' not in page, view


def test_opd_head_dashboard_counts_only_their_clients(app, world):
    """The dashboard's client figures count the head's own agency only; no user menu for heads."""
    page = browser_for(app, "head_opd").get("/admin/").get_data(as_text=True)
    clerk_page = browser_for(app, "clerk").get("/admin/").get_data(as_text=True)
    assert 'data-figure="active_clients">2<' in page
    assert 'data-figure="active_clients">4<' in clerk_page
    assert 'data-figure="open_placements">2<' in page
    assert "/admin/user/" not in page and "/admin/user/" in clerk_page


# =================================================================================================
# A child's court file (DOMAIN.md §11.10–11): an OPD sees only what the placement needs
# =================================================================================================

COURT_FILE = (
    CHILD_IN["offence"],
    CHILD_IN["ruling_ref"],
    CHILD_IN["litmas_ref"],
    "Catatan rahasia placement",
)


def readable_text(response) -> str:
    """What a person could read in a response: the page, the CSV, every XLSX cell, the PDF's text."""
    kind = response.mimetype
    if kind == "application/pdf":
        from pypdf import PdfReader

        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    if "spreadsheet" in kind or "excel" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(response.data))
        return " ".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return response.get_data(as_text=True)


def every_path_a_head_can_open(world) -> list[str]:
    """Lists, details, search, sort, filters, exports (CSV and XLSX), dashboard, checklist and PDFs."""
    child = world.child_in
    paths = ["/admin/", "/admin/checklist/"]
    for view, row in (("client", child.client_id), ("placement", child.id), ("hourlog", child.log_id)):
        paths += [
            f"/admin/{view}/",
            f"/admin/{view}/details/?id={row}",
            f"/admin/{view}/?search=sepeda",
            f"/admin/{view}/?search=Pid.Sus",
            f"/admin/{view}/export/csv/",
            f"/admin/{view}/export/xlsx/",
        ]
    paths += [f"/admin/client/?sort={column}" for column in range(5)]
    paths += ["/admin/client/?flt0_dasar_hukum_program_equals=pidana_pelayanan_masyarakat"]
    paths += [f"/admin/checklist/{document}" for document in ("checklist.pdf", "annex.pdf", "attendance.pdf")]
    return paths


@pytest.fixture
def court_file(app, world):
    """The Dinas Sosial child's placement carries a note only the Bapas should read."""
    from models import Placement

    with app.app_context():
        db.session.get(Placement, world.child_in.id).notes = COURT_FILE[3]
        db.session.commit()
    return world


def test_opd_head_finds_no_part_of_a_childs_court_file_anywhere(app, court_file):
    """The Dinas Sosial head reads neither the child's offence, ruling, Litmas nor notes, on any path."""
    browser = browser_for(app, "head_opd")
    problems = []
    for path in every_path_a_head_can_open(court_file):
        response = browser.get(path)
        if response.status_code != 200:
            problems.append(f"{path}: {response.status_code}")
        text = readable_text(response)
        problems += [f"{path}: shows {secret!r}" for secret in COURT_FILE if secret in text]
    assert problems == []
    details = browser.get(f"/admin/client/details/?id={court_file.child_in.client_id}").get_data(as_text=True)
    assert "B. S. (A-2026-101)" in details and "(dirahasiakan)" in details


def test_opd_head_still_reads_what_the_placement_needs(app, court_file):
    """Of the child the head reads initials, register number, schedule, hours and the PK; of an adult, all."""
    from models import Client as ClientModel

    with app.app_context():
        child = db.session.get(ClientModel, court_file.child_in.client_id)
        child.pk_name = "Rina Wulandari, S.Sos."
        db.session.commit()
    browser = browser_for(app, "head_opd")
    client = browser.get(f"/admin/client/details/?id={court_file.child_in.client_id}").get_data(as_text=True)
    assert "A-2026-101" in client and "Rina Wulandari, S.Sos." in client
    page = browser.get(f"/admin/placement/details/?id={court_file.child_in.id}").get_data(as_text=True)
    placement = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    for needed in (
        "B. S. (A-2026-101)",
        "2 Maret 2026",
        "31 Agustus 2026",
        "Jam putusan 40",
        "Jam terpenuhi 2",
    ):
        assert needed in placement, needed
    adult = browser.get(f"/admin/client/details/?id={court_file.adult_in.client_id}").get_data(as_text=True)
    assert ADULT_IN["full_name"] in adult and "Perjudian" in adult


def test_opd_head_cannot_filter_children_by_a_hidden_field(app, court_file):
    """Filters on fields hidden for children are not offered to the head, and ignored when sent."""
    browser = browser_for(app, "head_opd")
    page = browser.get("/admin/client/").get_data(as_text=True)
    assert "jenis_kelamin_equals" not in page and "dasar_hukum_program_equals" not in page
    assert "kategori_equals" in page  # a shown field can still be filtered
    filtered = browser.get("/admin/client/?flt0_jenis_kelamin_equals=P").get_data(as_text=True)
    assert "Daftar (2)" in filtered  # ignored: the girl-or-not question stays unanswered
    clerk = browser_for(app, "clerk")
    assert "jenis_kelamin_equals" in clerk.get("/admin/client/").get_data(as_text=True)
    clerk_page = clerk.get("/admin/client/?flt0_jenis_kelamin_equals=P").get_data(as_text=True)
    assert "Daftar (1)" in clerk_page  # Citra, the one girl, for the clerk


def test_bapas_head_and_clerk_read_the_whole_court_file(app, court_file):
    """The mask is for other agencies only: the Bapas head and the clerk read the child's file in full."""
    for role in ("head_bapas", "clerk"):
        page = browser_for(app, role).get(f"/admin/client/details/?id={court_file.child_in.client_id}")
        text = page.get_data(as_text=True)
        for detail in COURT_FILE[:3]:
            assert detail in text, (role, detail)


# =================================================================================================
# Every reader goes through access.py: swap its policy and every path follows
# =================================================================================================


def test_every_reader_follows_the_policy_in_access(app, court_file, monkeypatch):
    """With the policy swapped so the clerk reads like the DLH head, lists, details, search, exports,
    the dashboard and the form pickers all show DLH's rows only, children masked; with a policy that
    knows no such role, every screen and PDF is refused."""
    import access

    clerk = browser_for(app, "clerk")
    before = clerk.get("/admin/placement/").get_data(as_text=True)
    assert "Daftar (4)" in before and "Citra Lestari" in before

    as_dlh_head = access.Viewer(role="clerk", scope_agency_id=court_file.dlh, masks_children=True)
    monkeypatch.setattr(access, "viewer_for", lambda user: as_dlh_head)
    child_out = f"C. L. ({CHILD_OUT['register_number']})"

    placements = clerk.get("/admin/placement/").get_data(as_text=True)
    assert "Daftar (2)" in placements and child_out in placements and "Citra Lestari" not in placements
    assert clerk.get(f"/admin/client/details/?id={court_file.child_in.client_id}").status_code == 302
    details = clerk.get(f"/admin/client/details/?id={court_file.child_out.client_id}").get_data(as_text=True)
    assert child_out in details and CHILD_OUT["nik"] not in details
    assert "C. L." not in clerk.get("/admin/client/?search=Citra").get_data(as_text=True)
    export = clerk.get("/admin/client/export/csv/").get_data(as_text=True)
    assert child_out in export and ADULT_OUT["full_name"] in export and ADULT_IN["full_name"] not in export
    dashboard = clerk.get("/admin/").get_data(as_text=True)
    assert 'data-figure="active_clients">2<' in dashboard and 'data-figure="open_placements">2<' in dashboard

    def picker(view: str, name: str, term: str) -> str:
        """What a form's search picker offers for `term`, as text."""
        query = {"name": name, "query": term}
        return clerk.get(f"/admin/{view}/ajax/lookup/", query_string=query).get_data(as_text=True)

    clients = picker("placement", "client", "2026-10")
    assert child_out in clients and ADULT_OUT["register_number"] in clients
    assert CHILD_IN["register_number"] not in clients and "Citra Lestari" not in clients
    assert (
        picker("placement", "client", "Citra") == "[]"
        and picker("placement", "client", CHILD_OUT["nik"]) == "[]"
    )
    placements = picker("hourlog", "placement", "2026-10")
    assert CHILD_OUT["register_number"] in placements and CHILD_IN["register_number"] not in placements

    monkeypatch.setattr(access, "viewer_for", lambda user: access.Viewer("visitor", -1, True))
    for path in ("/admin/", "/admin/agency/", "/admin/checklist/", "/admin/checklist/annex.pdf"):
        assert clerk.get(path).status_code == 403, path
