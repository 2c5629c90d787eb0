"""The home screen (/admin/): what the office has on record, at a glance."""

from __future__ import annotations

from flask_admin import expose
from sqlalchemy import func, select

from admin_views.base import SecureIndexView
from admin_views.viewer import scoped_agency_id
from models import Agency, Agreement, Client, Commitment, Placement, db


class DashboardView(SecureIndexView):
    """Counts of agencies, work-plan lines, clients and placements, and the current agreement."""

    @expose("/")
    def index(self):
        """Hook for Flask-Admin: the dashboard page."""

        def count(model, *conditions):
            return db.session.scalar(select(func.count()).select_from(model).where(*conditions))

        # A head's client figures cover their own agency only, like every other screen.
        agency_id = scoped_agency_id()
        own_placements = [Placement.agency_id == agency_id] if agency_id is not None else []
        own_clients = (
            [Client.id.in_(select(Placement.client_id).where(Placement.agency_id == agency_id))]
            if agency_id is not None
            else []
        )
        figures = {
            "agencies": count(Agency),
            "commitments": count(Commitment),
            "agreed_commitments": count(Commitment, Commitment.status.in_(("agreed", "active"))),
            "active_clients": count(Client, Client.status == "active", *own_clients),
            "open_placements": count(Placement, Placement.status.in_(("planned", "active")), *own_placements),
        }
        agreement = db.session.scalar(select(Agreement).where(Agreement.is_current.is_(True)))
        return self.render("admin/dashboard.html", figures=figures, agreement=agreement)
