"""A client's page shows their placements with hours and status, linked, as far as the viewer may see."""

from __future__ import annotations

import re
from datetime import date

from factories import make_agency, make_child, make_commitment, make_log, make_placement

from models import db


def words(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_the_clerk_sees_every_placement_of_a_client_with_hours_and_status(app, clerk):
    with app.app_context():
        child = make_child()
        dinsos, dlh = make_agency(acronym="DINSOS"), make_agency(acronym="DLH")
        service = make_placement(
            client=child,
            kind="pelayanan_masyarakat",
            hours_ordered=40,
            commitment=make_commitment(agency=dinsos),
        )
        make_log(service, work_date=date(2026, 3, 3), hours=2.5)
        make_placement(
            client=child,
            kind="pelayanan_masyarakat",
            hours_ordered=20,
            status="completed",
            commitment=make_commitment(agency=dlh),
        )
        child_id, service_id = child.id, service.id
    page = clerk.get(f"/admin/client/details/?id={child_id}").get_data(as_text=True)
    text = words(page)
    assert "DINSOS Pelayanan masyarakat (anak) 2 Maret 2026 – 31 Agustus 2026 40 2,5 Berjalan" in text
    assert "DLH Pelayanan masyarakat (anak)" in text and "Selesai" in text
    assert f'href="/admin/placement/details/?id={service_id}"' in page


def test_a_head_sees_only_their_agencys_placements_of_a_child_and_no_identity(app, login_as):
    with app.app_context():
        child = make_child(full_name="Bima Saputra")
        dinsos, dlh = make_agency(acronym="DINSOS"), make_agency(acronym="DLH")
        make_placement(
            client=child,
            kind="pelayanan_masyarakat",
            hours_ordered=40,
            commitment=make_commitment(agency=dinsos),
        )
        make_placement(
            client=child,
            kind="pelayanan_masyarakat",
            hours_ordered=20,
            commitment=make_commitment(agency=dlh),
        )
        child_id, dinsos_id = child.id, dinsos.id
        db.session.remove()
    head = login_as("head", dinsos_id)
    text = words(head.get(f"/admin/client/details/?id={child_id}").get_data(as_text=True))
    assert "DINSOS Pelayanan masyarakat (anak)" in text
    assert "DLH" not in text and "Bima" not in text and "B. S." in text


def test_a_client_without_placements_says_so(app, clerk):
    with app.app_context():
        child_id = make_child().id
    assert "Belum ada penempatan." in clerk.get(f"/admin/client/details/?id={child_id}").get_data(
        as_text=True
    )
