"""The clerk's everyday work on every model screen: add, change, read, delete and export records.

Each test drives the admin as the clerk does in the browser (forms read from the rendered page) and
checks what the clerk would notice: the redirect after saving, the row in the database, the
Indonesian labels and dates on the page, and the rows in the exported files.
"""

from __future__ import annotations

import csv
import html as html_lib
import io
import re
from datetime import date, time
from html.parser import HTMLParser
from typing import Any

import pytest
from factories import (
    make_agency,
    make_agreement,
    make_child,
    make_client,
    make_commitment,
    make_log,
    make_placement,
)
from openpyxl import load_workbook
from sqlalchemy import select

from models import Agency, Agreement, Client, Commitment, HourLog, Placement, db

ENDPOINTS = ("agency", "commitment", "client", "placement", "hourlog", "agreement")
MODELS = {
    "agency": Agency,
    "commitment": Commitment,
    "client": Client,
    "placement": Placement,
    "hourlog": HourLog,
    "agreement": Agreement,
}


# --- helpers ---------------------------------------------------------------------------------------


class _FormReader(HTMLParser):
    """Collects what a browser would submit from each <form> of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: (value if value is not None else "") for key, value in attrs}
        if tag == "form":
            self._form = {"attrs": a, "fields": {}}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        fields = self._form["fields"]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields[name] = a.get("value") or "on"
                return
            fields[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                fields[self._select] = value
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None and self._form is not None:
                self._form["fields"][self._select] = self._select_first
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self._form is not None:
            self._form["fields"][self._textarea] += data


def admin_form(page: str) -> dict[str, str]:
    """The fields the model form of an admin create/edit page would submit, as rendered."""
    reader = _FormReader()
    reader.feed(page)
    forms = [form for form in reader.forms if "admin-form" in form["attrs"].get("class", "")]
    assert forms, "no admin form on the page"
    fields = dict(forms[0]["fields"])
    # A textarea's first newline is not part of its value (HTML parsing rule).
    return {name: value[1:] if value.startswith("\n") else value for name, value in fields.items()}


def inline_template_fields(page: str, inline: str) -> set[str]:
    """Field names of the 'add a row' template of an inline form (the JS prefixes them with inline-N-)."""
    match = re.search(r'<div class="inline-field-template d-none">(.*?)</div>\s*</div>', page, re.S)
    assert match, f"no inline template for {inline}"
    return set(re.findall(r'name="([^"]+)"', html_lib.unescape(match.group(1)))) - {"csrf_token"}


def cells(page: str, column: str) -> list[str]:
    """The texts of one column of a list page, top to bottom."""
    return [
        " ".join(re.sub(r"<[^>]+>", " ", cell).split())
        for cell in re.findall(rf'<td class="col-{re.escape(column)}">(.*?)</td>', page, re.S)
    ]


def text_of(page: str) -> str:
    """The visible text of a page, whitespace collapsed."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def csv_rows(data: bytes) -> list[list[str]]:
    """An exported CSV as rows of cells (the BOM some spreadsheet programs need is dropped)."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def one(model: Any, **where: Any) -> Any:
    """The single row of `model` matching `where`, or None, read fresh from the database."""
    db.session.expire_all()
    return db.session.scalars(select(model).filter_by(**where)).one_or_none()


# --- create ----------------------------------------------------------------------------------------


def _new_agency() -> tuple[dict[str, str], dict[str, Any]]:
    data = {
        "name": "Dinas Perpustakaan dan Kearsipan",
        "acronym": "DISPUSIP",
        "kind": "opd",
        "delegation_basis": "none",
        "head_name": "Dra. Sri Lestari, M.Si.",
        "signs_agreement": "y",
        "phone": "(0272) 321046",
    }
    expected = {
        "name": "Dinas Perpustakaan dan Kearsipan",
        "acronym": "DISPUSIP",
        "kind": "opd",
        "head_name": "Dra. Sri Lestari, M.Si.",
        "signs_agreement": True,
        "phone": "(0272) 321046",
    }
    return data, expected


def _new_commitment() -> tuple[dict[str, str], dict[str, Any]]:
    host = make_agency(name="Dinas Lingkungan Hidup", acronym="DLH")
    data = {
        "agency": str(host.id),
        "area": "kerja_sosial",
        "activity": "Kebersihan Taman Lampion dan alun-alun",
        "capacity": "4",
        "status": "agreed",
        "agreed_date": "2026-02-10",
        "pic_name": "Suparno",
    }
    expected = {
        "agency_id": host.id,
        "area": "kerja_sosial",
        "activity": "Kebersihan Taman Lampion dan alun-alun",
        "capacity": 4,
        "status": "agreed",
        "agreed_date": date(2026, 2, 10),
        "pic_name": "Suparno",
    }
    return data, expected


def _new_client() -> tuple[dict[str, str], dict[str, Any]]:
    data = {
        "register_number": "PK-D-2026-077",
        "full_name": "Wahyu Hidayat",
        "birth_date": "1988-04-12",
        "sex": "L",
        "category": "dewasa",
        "offence": "Penadahan",
        "offence_date": "2025-12-01",
        "legal_basis": "pidana_kerja_sosial",
        "status": "active",
        "pk_name": "Endah Pratiwi",
    }
    expected = {
        "register_number": "PK-D-2026-077",
        "full_name": "Wahyu Hidayat",
        "birth_date": date(1988, 4, 12),
        "category": "dewasa",
        "offence_date": date(2025, 12, 1),
        "legal_basis": "pidana_kerja_sosial",
        "pk_name": "Endah Pratiwi",
    }
    return data, expected


def _new_placement() -> tuple[dict[str, str], dict[str, Any]]:
    commitment = make_commitment(agency=make_agency())
    person = make_client(full_name="Wahyu Hidayat")
    data = {
        "client": str(person.id),
        "agency": str(commitment.agency.id),
        "commitment": str(commitment.id),
        "kind": "kerja_sosial",
        "site": "Taman Lampion Klaten",
        "host_supervisor": "Suparno",
        "start_date": "2026-03-02",
        "end_date": "2026-08-31",
        "hours_ordered": "60",
        "status": "active",
    }
    expected = {
        "client_id": person.id,
        "agency_id": commitment.agency.id,
        "commitment_id": commitment.id,
        "kind": "kerja_sosial",
        "site": "Taman Lampion Klaten",
        "start_date": date(2026, 3, 2),
        "hours_ordered": 60,
    }
    return data, expected


def _new_hourlog() -> tuple[dict[str, str], dict[str, Any]]:
    work = make_placement()
    data = {
        "placement": str(work.id),
        "work_date": "2026-03-04",
        "hours": "3.5",
        "activity": "Menyapu halaman kantor",
        "verified_by": "Suparno",
    }
    expected = {
        "placement_id": work.id,
        "work_date": date(2026, 3, 4),
        "hours": 3.5,
        "activity": "Menyapu halaman kantor",
        "verified_by": "Suparno",
    }
    return data, expected


def _new_agreement() -> tuple[dict[str, str], dict[str, Any]]:
    data = {
        "title": "Nota Kesepakatan Bapas Klaten dan Pemkab Klaten 2026",
        "is_current": "y",
        "ceremony_date": "2026-12-10",
        "ceremony_time": "09:30:00",
        "venue": "Pendopo Kabupaten Klaten",
        "paper": "f4",
        "meterai_count": "0",
        "originals": "2",
    }
    expected = {
        "title": "Nota Kesepakatan Bapas Klaten dan Pemkab Klaten 2026",
        "is_current": True,
        "ceremony_date": date(2026, 12, 10),
        "ceremony_time": time(9, 30),
        "venue": "Pendopo Kabupaten Klaten",
        "paper": "f4",
        "originals": 2,
    }
    return data, expected


NEW_RECORDS = {
    "agency": _new_agency,
    "commitment": _new_commitment,
    "client": _new_client,
    "placement": _new_placement,
    "hourlog": _new_hourlog,
    "agreement": _new_agreement,
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_clerk_creates_a_record_through_the_form(app, clerk, endpoint):
    """Saving the 'Tambah' form redirects and the new record is stored with what the clerk typed."""
    with app.app_context():
        data, expected = NEW_RECORDS[endpoint]()
        before = db.session.query(MODELS[endpoint]).count()

    assert clerk.get(f"/admin/{endpoint}/new/").status_code == 200
    response = clerk.post(f"/admin/{endpoint}/new/", data=data)

    assert response.status_code == 302, text_of(response.get_data(as_text=True))[-600:]
    with app.app_context():
        assert db.session.query(MODELS[endpoint]).count() == before + 1
        stored = db.session.scalars(
            select(MODELS[endpoint]).order_by(MODELS[endpoint].id.desc()).limit(1)
        ).one()
        assert {name: getattr(stored, name) for name in expected} == expected
        assert stored.version == 1


def test_hour_log_form_offers_an_hours_field(app, clerk):
    """The journal form has a 'Jam' input, so the clerk can type the hours worked that day."""
    with app.app_context():
        make_placement()
    page = clerk.get("/admin/hourlog/new/").get_data(as_text=True)
    assert "hours" in admin_form(page)
    assert re.search(r'<label for="hours"[^>]*>\s*Jam\b', page)


def test_agency_saved_in_code_gets_the_column_defaults(app):
    """An agency stored with only its name and acronym gets kind 'opd' and no delegation, as the schema says."""
    with app.app_context():
        db.session.add(Agency(name="Dinas Komunikasi dan Informatika", acronym="DISKOMINFO"))
        db.session.commit()
        stored = one(Agency, acronym="DISKOMINFO")
        assert (stored.kind, stored.delegation_basis) == ("opd", "none")


# --- edit --------------------------------------------------------------------------------------------


def _existing(endpoint: str) -> Any:
    if endpoint == "agency":
        return make_agency(name="Dinas Sosial", acronym="DINSOS")
    if endpoint == "commitment":
        return make_commitment(
            agency=make_agency(), activity="Pendampingan bantuan sosial", area="bantuan_sosial"
        )
    if endpoint == "client":
        return make_client(full_name="Sutrisno Wibowo", pk_name="Endah Pratiwi")
    if endpoint == "placement":
        return make_placement(site="Taman Lampion Klaten")
    if endpoint == "hourlog":
        return make_log(make_placement(), activity="Menyapu halaman", verified_by="Suparno")
    return make_agreement(venue="Ruang Rapat Bapas Klaten")


# endpoint → (form field, new value typed, model attribute, value stored)
EDITS = {
    "agency": ("head_name", "Drs. Bambang Sutopo", "head_name", "Drs. Bambang Sutopo"),
    "commitment": ("capacity", "7", "capacity", 7),
    "client": ("pk_name", "Siti Rahayu", "pk_name", "Siti Rahayu"),
    "placement": ("site", "Pasar Gede Klaten", "site", "Pasar Gede Klaten"),
    "hourlog": ("activity", "Mengecat pagar taman", "activity", "Mengecat pagar taman"),
    "agreement": ("venue", "Pendopo Kabupaten Klaten", "venue", "Pendopo Kabupaten Klaten"),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_clerk_edits_a_record_and_the_version_goes_up(app, clerk, endpoint):
    """Changing one field on the 'Ubah' form stores the new value and bumps the record's version."""
    with app.app_context():
        record = _existing(endpoint)
        record_id, version = record.id, record.version
    field, typed, attribute, stored_value = EDITS[endpoint]

    page = clerk.get(f"/admin/{endpoint}/edit/?id={record_id}")
    assert page.status_code == 200
    data = admin_form(page.get_data(as_text=True))
    assert field in data
    data[field] = typed
    response = clerk.post(f"/admin/{endpoint}/edit/?id={record_id}", data=data)

    assert response.status_code == 302, text_of(response.get_data(as_text=True))[-600:]
    with app.app_context():
        stored = one(MODELS[endpoint], id=record_id)
        assert getattr(stored, attribute) == stored_value
        assert stored.version == version + 1


def test_resaving_an_unchanged_hour_log_keeps_its_hours(app, clerk):
    """Opening a journal day and saving it without changes keeps the hours worked."""
    with app.app_context():
        log = make_log(make_placement(), hours=4.0, activity="Menyapu halaman")
        log_id = log.id
    data = admin_form(clerk.get(f"/admin/hourlog/edit/?id={log_id}").get_data(as_text=True))
    data["activity"] = "Menyapu halaman dan selokan"
    assert clerk.post(f"/admin/hourlog/edit/?id={log_id}", data=data).status_code == 302
    with app.app_context():
        assert one(HourLog, id=log_id).hours == 4.0


# --- details -----------------------------------------------------------------------------------------

# endpoint → texts the details page shows (labels in Indonesian, values as people read them)
DETAILS = {
    "agency": ["Nama instansi", "Dinas Sosial", "Singkatan", "DINSOS", "Jenis", "Perangkat daerah (OPD)"],
    "commitment": ["Bentuk dukungan", "Pendampingan bantuan sosial", "Bidang", "Bantuan sosial"],
    "client": ["Nama lengkap", "Sutrisno Wibowo", "Tanggal lahir", "17 Mei 1990", "Kategori", "Dewasa"],
    "placement": ["Lokasi", "Taman Lampion Klaten", "Tanggal mulai", "2 Maret 2026", "Jam putusan", "60"],
    "hourlog": [
        "Tanggal kerja",
        "3 Maret 2026",
        "Kegiatan",
        "Menyapu halaman",
        "Diverifikasi oleh",
        "Suparno",
    ],
    "agreement": ["Tempat", "Ruang Rapat Bapas Klaten", "Ukuran kertas", "F4 (215 × 330 mm)"],
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_details_page_shows_the_values_with_indonesian_labels(app, clerk, endpoint):
    """'Lihat data' shows each stored value next to its Indonesian label."""
    with app.app_context():
        record_id = _existing(endpoint).id

    response = clerk.get(f"/admin/{endpoint}/details/?id={record_id}")

    assert response.status_code == 200
    page = text_of(response.get_data(as_text=True))
    for expected in DETAILS[endpoint]:
        assert expected in page


# --- delete ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_clerk_deletes_an_unreferenced_record(app, clerk, endpoint):
    """'Hapus' on a record nothing refers to removes it and says so."""
    with app.app_context():
        record_id = _existing(endpoint).id

    response = clerk.post(f"/admin/{endpoint}/delete/", data={"id": record_id}, follow_redirects=True)

    assert response.status_code == 200
    assert "1 data berhasil dihapus." in text_of(response.get_data(as_text=True))
    with app.app_context():
        assert one(MODELS[endpoint], id=record_id) is None


# --- export ------------------------------------------------------------------------------------------

# endpoint → (first header labels of the export, a cell of the exported record)
EXPORTS = {
    "agency": (["Nama instansi", "Singkatan", "Jenis"], "DINSOS"),
    "commitment": (["Instansi", "Bidang", "Bentuk dukungan"], "Pendampingan bantuan sosial"),
    "client": (["No. register", "Nama lengkap", "NIK"], "Sutrisno Wibowo"),
    "placement": (["Klien", "Instansi", "Jenis", "Tanggal mulai"], "2 Maret 2026"),
    "hourlog": (["Penempatan", "Tanggal kerja", "Jam", "Kegiatan"], "Menyapu halaman"),
    "agreement": (
        ["Judul", "Tentang", "Berlaku saat ini", "Tanggal penandatanganan"],
        "Ruang Rapat Bapas Klaten",
    ),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_csv_export_has_indonesian_headers_and_the_rows(app, clerk, endpoint):
    """'Ekspor CSV' downloads a file whose header row is in Indonesian and which holds every record."""
    with app.app_context():
        _existing(endpoint)
        if endpoint == "agency":
            make_agency(name="Dinas Pertanian", acronym="DISTAN")
        else:
            _existing(endpoint)
    headers, cell = EXPORTS[endpoint]

    response = clerk.get(f"/admin/{endpoint}/export/csv/")

    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    rows = csv_rows(response.data)
    assert rows[0][: len(headers)] == headers
    assert len(rows) == 3
    assert any(cell in row for row in rows[1:])


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_xlsx_export_opens_in_a_spreadsheet_with_the_rows(app, clerk, endpoint):
    """'Ekspor XLSX' downloads a workbook that opens and holds the header and every record."""
    with app.app_context():
        _existing(endpoint)
    headers, cell = EXPORTS[endpoint]

    response = clerk.get(f"/admin/{endpoint}/export/xlsx/")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
    rows = [[value for value in row] for row in sheet.iter_rows(values_only=True)]
    assert list(rows[0][: len(headers)]) == headers
    assert len(rows) == 2
    assert cell in rows[1]


# --- placement specifics -----------------------------------------------------------------------------


def test_placement_edit_page_shows_hours_credited_and_remaining(app, clerk):
    """The placement form shows ordered, credited and remaining hours above the fields."""
    with app.app_context():
        work = make_placement(hours_ordered=60)
        make_log(work, work_date=date(2026, 3, 3), hours=4.0)
        make_log(work, work_date=date(2026, 3, 4), hours=3.5)
        work_id = work.id

    page = clerk.get(f"/admin/placement/edit/?id={work_id}").get_data(as_text=True)

    box = re.search(r'<div class="alert alert-info" id="placement-hours">(.*?)</div>', page, re.S)
    assert box, "no div#placement-hours on the edit page"
    assert text_of(box.group(1)) == "Jam putusan: 60 · Jam terpenuhi: 7,5 · Sisa jam: 52,5"


def test_placement_details_page_lists_the_hour_log(app, clerk):
    """The placement's details page shows its journal: each day, hours, activity and verifier."""
    with app.app_context():
        work = make_placement()
        make_log(
            work, work_date=date(2026, 3, 3), hours=4.0, activity="Menyapu halaman", verified_by="Suparno"
        )
        make_log(
            work, work_date=date(2026, 3, 5), hours=2.5, activity="Mengecat pagar", verified_by="Suparno"
        )
        work_id = work.id

    page = text_of(clerk.get(f"/admin/placement/details/?id={work_id}").get_data(as_text=True))

    assert "Jurnal kerja Tanggal kerja Jam Kegiatan Diverifikasi oleh" in page
    assert "3 Maret 2026 4 Menyapu halaman Suparno" in page
    assert "5 Maret 2026 2,5 Mengecat pagar Suparno" in page
    assert "Jam terpenuhi 6,5" in page
    assert "Sisa jam 53,5" in page


def test_placement_details_without_journal_says_so(app, clerk):
    """A placement with no journal yet says 'Belum ada jurnal.' on its details page."""
    with app.app_context():
        work_id = make_placement().id
    page = text_of(clerk.get(f"/admin/placement/details/?id={work_id}").get_data(as_text=True))
    assert "Jurnal kerja Belum ada jurnal." in page


def test_clerk_creates_a_placement_with_an_inline_hour_log(app, clerk):
    """Adding a journal row on the new-placement form stores the placement and its first day's hours."""
    with app.app_context():
        commitment = make_commitment(agency=make_agency())
        person = make_client()
        ids = {"client": person.id, "agency": commitment.agency.id, "commitment": commitment.id}

    page = clerk.get("/admin/placement/new/").get_data(as_text=True)
    inline = inline_template_fields(page, "hour_logs")
    assert {"work_date", "hours", "activity"} <= inline, f"journal row offers only {sorted(inline)}"
    data = admin_form(page)
    data.update(
        client=str(ids["client"]),
        agency=str(ids["agency"]),
        commitment=str(ids["commitment"]),
        kind="kerja_sosial",
        start_date="2026-03-02",
        end_date="2026-08-31",
        hours_ordered="60",
        status="active",
    )
    row = {"work_date": "2026-03-03", "hours": "4", "activity": "Menyapu halaman", "verified_by": "Suparno"}
    data.update({f"hour_logs-0-{name}": value for name, value in row.items() if name in inline})

    response = clerk.post("/admin/placement/new/", data=data)

    assert response.status_code == 302, text_of(response.get_data(as_text=True))[-600:]
    with app.app_context():
        stored = one(Placement, client_id=ids["client"])
        assert stored is not None
        assert [(log.work_date, log.hours, log.activity) for log in stored.hour_logs] == [
            (date(2026, 3, 3), 4.0, "Menyapu halaman")
        ]


def test_placement_list_shows_dates_in_indonesian(app, clerk):
    """Start and end dates in the placement list read '2 Maret 2026', not 2026-03-02."""
    with app.app_context():
        make_placement(start_date=date(2026, 3, 2), end_date=date(2026, 8, 31))

    page = clerk.get("/admin/placement/").get_data(as_text=True)

    assert cells(page, "start_date") == ["2 Maret 2026"]
    assert cells(page, "end_date") == ["31 Agustus 2026"]
    assert "2026-03-02" not in page


def test_hour_log_and_client_lists_show_dates_in_indonesian(app, clerk):
    """Dates in other lists and details read the Indonesian way too (Januari, Desember)."""
    with app.app_context():
        make_log(make_placement(), work_date=date(2026, 3, 9))
        person_id = make_child(birth_date=date(2010, 12, 1), offence_date=date(2026, 1, 20)).id

    assert cells(clerk.get("/admin/hourlog/").get_data(as_text=True), "work_date") == ["9 Maret 2026"]
    details = text_of(clerk.get(f"/admin/client/details/?id={person_id}").get_data(as_text=True))
    assert "Tanggal lahir 1 Desember 2010" in details
    assert "Tanggal tindak pidana 20 Januari 2026" in details


# --- dashboard ---------------------------------------------------------------------------------------


def test_dashboard_shows_the_counts_of_the_klaten_seed(seeded, clerk):
    """The home screen shows 23 agencies and 54 work-plan lines (the Bapas's 4, the OPD's 50)."""
    with seeded.app_context():
        expected = {
            "Instansi": db.session.query(Agency).count(),
            "Rencana kerja": db.session.query(Commitment).count(),
            "Klien aktif": db.session.query(Client).filter_by(status="active").count(),
            "Penempatan direncanakan/berjalan": db.session.query(Placement)
            .filter(Placement.status.in_(("planned", "active")))
            .count(),
        }
    assert expected["Instansi"] == 23
    assert expected["Rencana kerja"] == 54

    response = clerk.get("/admin/")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    figures = {
        label.strip(): int(value)
        for value, label in re.findall(
            r'<div class="display-4" data-figure="\w+">(\d+)</div><div>([^<]+)</div>', page
        )
    }
    for label, count in expected.items():
        assert figures[label] == count, label


def test_dashboard_counts_follow_new_records(app, clerk):
    """Adding an agency shows up on the home screen's count."""
    page = clerk.get("/admin/").get_data(as_text=True)
    assert '<div class="display-4" data-figure="agencies">0</div><div>Instansi</div>' in page
    with app.app_context():
        make_agency()
    page = clerk.get("/admin/").get_data(as_text=True)
    assert '<div class="display-4" data-figure="agencies">1</div><div>Instansi</div>' in page
