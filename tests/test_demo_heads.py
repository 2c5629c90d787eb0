"""The demo Dinas Sosial head, on the real Klaten seed: only Dinsos placements, no child's name."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

from sqlalchemy import select

from models import Placement, db
from seed import SEED_DIR

VIEWS = ("agency", "commitment", "agreement", "client", "placement", "hourlog")


def demo_login(app, username: str):
    result = app.test_cli_runner().invoke(args=["demo-logins"])
    assert result.exit_code == 0, result.output
    logins = Path(app.instance_path, "demo-logins.txt").read_text(encoding="utf-8").splitlines()
    password = dict(line.split("\t")[:2] for line in logins)[username]
    browser = app.test_client()
    assert browser.post("/login", data={"username": username, "password": password}).status_code == 302
    return browser


def seed_children() -> list[dict[str, str]]:
    with (SEED_DIR / "demo_clients.csv").open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["category"] == "anak"]


def every_page(browser) -> dict[str, str]:
    """Every list, every details page linked from a list, and every CSV export."""
    pages = {}
    for view in VIEWS:
        listing = browser.get(f"/admin/{view}/?page_size=100").get_data(as_text=True)
        pages[f"/admin/{view}/"] = listing
        pages[f"/admin/{view}/export/csv/"] = browser.get(f"/admin/{view}/export/csv/").get_data(as_text=True)
        for link in sorted(set(re.findall(rf'href="(/admin/{view}/details/\?id=\d+)[^"]*"', listing))):
            pages[link] = browser.get(html.unescape(link)).get_data(as_text=True)
    pages["/admin/"] = browser.get("/admin/").get_data(as_text=True)
    return pages


def test_demo_dinsos_head_sees_only_dinsos_placements_and_no_child_name(seeded):
    """Every page the Dinsos head can reach lists Dinsos placements only and no child's identity."""
    browser = demo_login(seeded, "kadinsos")
    with seeded.app_context():
        dinsos = {
            placement.id
            for placement in db.session.scalars(select(Placement))
            if placement.agency.acronym == "DINSOS-P3AKB"
        }
        others = {placement.id for placement in db.session.scalars(select(Placement))} - dinsos
    assert dinsos and others
    pages = every_page(browser)
    shown = {int(i) for i in re.findall(r"/admin/placement/details/\?id=(\d+)", pages["/admin/placement/"])}
    assert shown == dinsos
    for path, body in pages.items():
        for child in seed_children():
            for hidden in (child["full_name"], child["address"], child["parent_names"]):
                assert hidden not in body, f"{hidden!r} on {path}"
            if child["nik"]:
                assert child["nik"] not in body, f"a child's NIK on {path}"


def test_demo_bapas_head_sees_all_placements(seeded):
    """The demo Bapas head lists every placement of the seed."""
    browser = demo_login(seeded, "kabapas")
    with seeded.app_context():
        total = len(db.session.scalars(select(Placement.id)).all())
    listing = browser.get("/admin/placement/").get_data(as_text=True)
    assert f"Daftar ({total})" in listing
