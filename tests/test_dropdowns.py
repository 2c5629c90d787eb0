"""Required dropdowns start on "— pilih —": nothing is chosen for the clerk, and an unchosen one is refused."""

from __future__ import annotations

import html
import re

import pytest
from factories import make_commitment
from test_rules import client_form, refuse_create

from models import Client, Placement


def selected(page: str, name: str) -> str:
    """The label of the option a select shows when the page opens (a search picker: its placeholder)."""
    picker = re.search(rf'<input[^>]*data-role="select2-ajax"[^>]*name="{name}"[^>]*>', page)
    if picker:
        assert "value=" not in picker.group(0), name  # nothing chosen
        return html.unescape(re.search(r'data-placeholder="([^"]*)"', picker.group(0)).group(1))
    body = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert body, name
    chosen = re.search(r"<option[^>]*selected[^>]*>([^<]*)</option>", body.group(1))
    first = re.search(r"<option[^>]*>([^<]*)</option>", body.group(1))
    return (chosen or first).group(1).strip()


@pytest.mark.parametrize(
    ("endpoint", "name"),
    [
        ("placement", "client"),
        ("placement", "agency"),
        ("placement", "commitment"),
        ("placement", "kind"),
        ("client", "sex"),
        ("client", "category"),
        ("client", "legal_basis"),
        ("hourlog", "placement"),
        ("commitment", "agency"),
        ("commitment", "area"),
    ],
)
def test_a_required_dropdown_without_a_default_starts_unchosen(app, clerk, endpoint, name):
    with app.app_context():
        make_commitment()
    assert selected(clerk.get(f"/admin/{endpoint}/new/").get_data(as_text=True), name) == "— pilih —"


@pytest.mark.parametrize(
    ("endpoint", "name", "label"), [("placement", "status", "Direncanakan"), ("client", "status", "Aktif")]
)
def test_a_dropdown_with_a_usual_value_starts_on_it(app, clerk, endpoint, name, label):
    assert selected(clerk.get(f"/admin/{endpoint}/new/").get_data(as_text=True), name) == label


def test_an_unchosen_category_is_refused_and_nothing_is_saved(app, clerk):
    refuse_create(app, clerk, "client", Client, client_form(category=""), "Kolom ini wajib diisi.")


def test_an_unchosen_client_is_refused_and_nothing_is_saved(app, clerk):
    with app.app_context():
        commitment = make_commitment()
        data = {
            "client": "__None",
            "agency": str(commitment.agency_id),
            "commitment": str(commitment.id),
            "kind": "kerja_sosial",
            "start_date": "02-03-2026",
            "end_date": "31-08-2026",
            "hours_ordered": "60",
            "status": "active",
        }
    refuse_create(app, clerk, "placement", Placement, data, "Kolom ini wajib diisi.")
