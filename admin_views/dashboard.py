"""The home screen (/admin/): what the office has on record, at a glance."""

from __future__ import annotations

from flask_admin import expose
from sqlalchemy import func, select

from admin_views.base import SecureIndexView
from models import Agency, Agreement, Client, Commitment, Placement, db


class DashboardView(SecureIndexView):
    """Counts of agencies, work-plan lines, clients and placements, and the current agreement."""

    @expose("/")
    def index(self):
        """Hook for Flask-Admin: the dashboard page."""

        def count(model, *conditions):
            return db.session.scalar(select(func.count()).select_from(model).where(*conditions))

        figures = {
            "agencies": count(Agency),
            "commitments": count(Commitment),
            "agreed_commitments": count(Commitment, Commitment.status.in_(("agreed", "active"))),
            "active_clients": count(Client, Client.status == "active"),
            "open_placements": count(Placement, Placement.status.in_(("planned", "active"))),
        }
        agreement = db.session.scalar(select(Agreement).where(Agreement.is_current.is_(True)))
        return self.render("admin/dashboard.html", figures=figures, agreement=agreement)
