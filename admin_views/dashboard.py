"""The home screen (/admin/): what the office has on record, at a glance."""

from __future__ import annotations

from typing import Any

from flask_admin import expose
from sqlalchemy import func, select

import access
from admin_views.base import SecureIndexView
from extensions import db
from models import OPEN_PLACEMENT_STATUSES, Agency, Agreement, Client, Commitment, Placement


class DashboardView(SecureIndexView):
    """Counts of agencies, work-plan lines, clients and placements, and the current agreement."""

    @expose("/")
    def index(self) -> Any:
        """Hook for Flask-Admin: the dashboard page; each figure counts only rows the viewer may see."""

        def count(model: type, *conditions: Any) -> int:
            query = select(func.count()).select_from(model).where(*conditions)
            return db.session.scalar(access.scoped(query, model))

        figures = {
            "agencies": count(Agency),
            "commitments": count(Commitment),
            "agreed_commitments": count(Commitment, Commitment.status.in_(("agreed", "active"))),
            "active_clients": count(Client, Client.status == "active"),
            "open_placements": count(Placement, Placement.status.in_(OPEN_PLACEMENT_STATUSES)),
        }
        agreement = db.session.scalar(select(Agreement).where(Agreement.is_current.is_(True)))
        return self.render("admin/dashboard.html", figures=figures, agreement=agreement)
