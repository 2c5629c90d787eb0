"""The signing checklist screen at /admin/checklist/, and the download of its three PDFs.

This view only serves: the checklist and the documents are built in `documents.py`, who may open
them is decided in `access.py`.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, request, url_for
from flask_admin import BaseView, expose

import access
import audit
import documents
from admin_views.base import AccessMixin
from extensions import db
from printing import PAGE_SIZES_MM


class ChecklistScreen(AccessMixin, BaseView):
    """Party by party, what is still missing before the ceremony; clerk and heads may print it."""

    @expose("/")
    def index(self) -> Any:
        """Hook for Flask-Admin: the checklist screen."""
        return self.render(
            "admin/checklist.html",
            checklist=documents.build_checklist(db.session),
            items=documents.PARTY_ITEMS,
            fix_url=self.fix_url,
            papers=PAGE_SIZES_MM,
            agreement_endpoint="agreement.edit_view"
            if access.may("write", "agreement")
            else "agreement.details_view",
        )

    def fix_url(self, party: documents.PartyRow, item: documents.Item) -> str:
        """Where a missing item is put right: the agency's form (or page), or its commitments."""
        if item.key == "commitment":
            return url_for("commitment.index_view", flt0_agency_acronym_equals=party.agency.acronym)
        endpoint = "agency.edit_view" if access.may("write", "agency") else "agency.details_view"
        return url_for(endpoint, id=party.agency.id)

    @expose("/<document>")
    def document(self, document: str) -> Response:
        """Hook for Flask-Admin: one of the three PDFs, on the paper asked for (?paper=a4|f4)."""
        if document not in documents.DOCUMENTS:
            abort(404)
        paper = request.args.get("paper")
        if paper and paper not in PAGE_SIZES_MM:
            abort(400)
        printed = documents.print_document(db.session, document, paper)
        audit.record(
            "print",
            object_type="Agreement",
            object_id=printed.agreement.id if printed.agreement else None,
            summary=f"{document} ({printed.paper.upper()})",
        )
        return Response(
            printed.pdf,
            mimetype="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{printed.filename}"'},
        )
