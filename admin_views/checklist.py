"""The signing checklist at /admin/checklist/, and its three printed documents (PDF)."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, request, url_for
from flask_admin import BaseView, expose

import audit
import checklist as checklist_data
from admin_views.base import AccessMixin
from admin_views.viewer import role_of_current_user
from indonesian import date_in_words
from models import COMMITMENT_AREAS, db, today_wib
from printing import PAPER_SIZES, render_pdf

# Document → (file name offered to the browser, label in each page's footer).
DOCUMENTS = {
    "checklist.pdf": ("daftar-periksa-penandatanganan.pdf", "Daftar periksa penandatanganan ·"),
    "annex.pdf": ("lampiran-rencana-kerja.pdf", "Lampiran Nota Kesepakatan ·"),
    "attendance.pdf": ("daftar-hadir.pdf", "Daftar hadir ·"),
}


class ChecklistView(AccessMixin, BaseView):
    """Party by party, what is still missing before the ceremony; clerk and heads may print it."""

    read_roles = ("clerk", "head")

    @expose("/")
    def index(self) -> Any:
        """Hook for Flask-Admin: the checklist screen."""
        data = checklist_data.build_checklist(db.session)
        return self.render(
            "admin/checklist.html",
            checklist=data,
            items=checklist_data.PARTY_ITEMS,
            fix_url=self.fix_url,
            papers=PAPER_SIZES,
        )

    def fix_url(self, party: checklist_data.PartyRow, item: checklist_data.Item) -> str:
        """Where a missing item is put right: the agency's form, or its commitments."""
        if item.key == "commitment":
            return url_for("commitment.index_view", flt0_agency_acronym_equals=party.agency.acronym)
        endpoint = "agency.edit_view" if role_of_current_user() == "clerk" else "agency.details_view"
        return url_for(endpoint, id=party.agency.id)

    @expose("/<document>")
    def document(self, document: str) -> Response:
        """Hook for Flask-Admin: one of the three PDFs, on the paper asked for (?paper=a4|f4)."""
        if document not in DOCUMENTS:
            abort(404)
        data = checklist_data.build_checklist(db.session)
        agreement = data.agreement
        paper = request.args.get("paper") or (agreement.paper if agreement else "a4")
        if paper not in PAPER_SIZES:
            abort(400)
        filename, footer = DOCUMENTS[document]
        pdf = render_pdf(
            document.replace(".pdf", ".html"), paper, footer=footer, **self.context(document, data)
        )
        audit.record(
            "print",
            object_type="Agreement",
            object_id=agreement.id if agreement else None,
            summary=f"{document} ({paper.upper()})",
        )
        return Response(
            pdf,
            mimetype="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{filename}"'},
        )

    def context(self, document: str, data: checklist_data.Checklist) -> dict[str, Any]:
        """What each document's template needs."""
        agreement = data.agreement
        signing = data.signing_parties
        if document == "checklist.pdf":
            bapas = next((party for party in signing if party.agency.kind == "bapas"), None)
            return {
                "checklist": data,
                "items": checklist_data.PARTY_ITEMS,
                "ceremony_words": date_in_words(agreement.ceremony_date)
                if agreement and agreement.ceremony_date
                else "",
                "printed_on": today_wib(),
                "witness_name": bapas.representative if bapas else "",
                "witness_title": bapas.title if bapas else "",
                "witness_nip": (bapas.agency.signatory_nip or bapas.agency.head_nip) if bapas else "",
            }
        if document == "annex.pdf":
            return {
                "agreement": agreement,
                "signing": signing,
                "groups": checklist_data.annex_groups(data),
                "areas": COMMITMENT_AREAS,
            }
        rows = []
        for party in data.parties:
            name, title = checklist_data.attendee_of(party.agency)
            rows.append({"agency": party.agency, "name": name, "title": title})
        weekday = (
            date_in_words(agreement.ceremony_date).split(",")[0]
            if agreement and agreement.ceremony_date
            else ""
        )
        return {"agreement": agreement, "rows": rows, "weekday": weekday}
