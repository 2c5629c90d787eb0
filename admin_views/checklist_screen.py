"""The signing checklist screen at /admin/checklist/, and the download of its three PDFs.

This view only serves: the checklist and the documents are built in `documents.py`, who may open
them is decided in `access.py`. The clerk's "perbaiki" links open the record to fix and come back
here after saving (Flask-Admin's `url` argument); a reader sees the marks without links, and a head
finds their own agency's row marked.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, request, url_for
from flask_admin import BaseView, expose
from flask_login import current_user

import access
import audit
import documents
from admin_views.base import AccessMixin
from document_allowance import spend_document_allowance
from extensions import db
from models import PAGE_SIZES_MM


class ChecklistScreen(AccessMixin, BaseView):
    """Party by party, what is still missing before the ceremony; clerk and heads may print it."""

    @expose("/")
    def index(self) -> Any:
        """Hook for Flask-Admin: the checklist screen."""
        checklist = documents.build_checklist(db.session)
        return self.render(
            "admin/checklist.html",
            checklist=checklist,
            items=documents.PARTY_ITEMS,
            fix_url=self.fix_url,
            agreement_fix_url=self.agreement_fix_url(checklist),
            may_fix=access.may("write", "agency"),
            own_agency_id=own_agency_id(),
            papers=PAGE_SIZES_MM,
        )

    def fix_url(self, party: documents.PartyRow, item: documents.Item) -> str | None:
        """Where the clerk puts a missing item right, or None for a reader, who may change nothing.

        The agency's form comes back here after saving; an agreed work-plan line is found in the
        agency's commitments.
        """
        if item.key == "commitment":
            if not access.may("write", "commitment"):
                return None
            return url_for("commitment.index_view", flt0_agency_acronym_equals=party.agency.acronym)
        if not access.may("write", "agency"):
            return None
        return url_for("agency.edit_view", id=party.agency.id, url=url_for(".index"))

    def agreement_fix_url(self, checklist: documents.Checklist) -> str | None:
        """Where the clerk completes the agreement (or records it), back here after saving; None for a reader."""
        if not access.may("write", "agreement"):
            return None
        back = url_for(".index")
        if checklist.agreement is None:
            return url_for("agreement.create_view", url=back)
        return url_for("agreement.edit_view", id=checklist.agreement.id, url=back)

    @expose("/<document>")
    def document(self, document: str) -> Response:
        """Hook for Flask-Admin: one of the three PDFs, on the paper asked for (?paper=a4|f4)."""
        if document not in documents.DOCUMENTS:
            abort(404)
        paper = request.args.get("paper")
        if paper and paper not in PAGE_SIZES_MM:
            abort(400)
        spend_document_allowance()
        printed = documents.print_document(db.session, document, paper)
        audit.record_read(
            "print",
            "Agreement",
            printed.agreement.id if printed.agreement else None,
            f"{document} ({printed.paper.upper()})",
        )
        return Response(
            printed.pdf,
            mimetype="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{printed.filename}"'},
        )


def own_agency_id() -> int | None:
    """The agency of a logged-in head, whose row the checklist marks; None for the clerk."""
    if not current_user.is_authenticated or current_user.role != "head":
        return None
    return current_user.agency_id
