"""The home screen (/admin/): an agency head's own agency first, then what the office has on record.

An agency head (a viewer whose client data is limited to one agency, `access.current_viewer()`)
opens on their agency: its work-plan lines with the room left in each, its open placements (a child
named by initials, as everywhere else they read) and its items of the signing checklist. The clerk
opens on what the signing checklist still lacks. Everyone then sees the office's figures, each
counting only the rows the viewer may see. The page costs the same few queries however many
placements the agency has.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_admin import expose
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

import access
import documents
from admin_views.base import SecureIndexView
from extensions import db
from models import (
    COMMITMENT_AREAS,
    COMMITMENT_STATUSES,
    OPEN_PLACEMENT_STATUSES,
    PLACEMENT_KINDS,
    PLACEMENT_STATUSES,
    Agency,
    Agreement,
    Client,
    Commitment,
    Placement,
)

# The most open placements a head's home lists; the placement list holds the rest.
HOME_PLACEMENTS = 25


@dataclass(frozen=True)
class ClerkToDo:
    """What the signing checklist still lacks, for the clerk who completes it."""

    parties_not_ready: int
    parties: int
    agreement_items_missing: int

    def __bool__(self) -> bool:
        """True when something is left to do, so the template shows the notice only then."""
        return bool(self.parties_not_ready or self.agreement_items_missing)


@dataclass(frozen=True)
class WorkPlanLine:
    """One commitment of the agency and how many open placements use it now."""

    commitment: Commitment
    used: int

    @property
    def left(self) -> int | None:
        """Places still free, or None when the line has no capacity limit."""
        capacity = self.commitment.capacity
        return None if capacity is None else max(capacity - self.used, 0)


@dataclass(frozen=True)
class AgencyHome:
    """What an agency head reads first: their agency's work plan, open placements and checklist items."""

    agency: Agency
    lines: list[WorkPlanLine]
    placements: list[Placement]
    open_count: int
    party: documents.PartyRow

    @property
    def checklist_items(self) -> list[documents.Item]:
        """The agency's checklist items that apply to it (a head need not read 'not applicable')."""
        return [item for item in self.party.items if item.state != documents.NOT_APPLICABLE]

    @property
    def missing_items(self) -> list[documents.Item]:
        """The items still to be completed before the agency is ready to sign."""
        return [item for item in self.party.items if item.missing]


def agency_home(agency_id: int) -> AgencyHome | None:
    """The agency part of a head's home, in four queries whatever the number of lines or placements."""
    agency = db.session.scalar(
        select(Agency).options(selectinload(Agency.commitments)).where(Agency.id == agency_id)
    )
    if agency is None:
        return None
    open_here = (Placement.agency_id == agency.id, Placement.status.in_(OPEN_PLACEMENT_STATUSES))
    used_query = (
        select(Placement.commitment_id, func.count()).where(*open_here).group_by(Placement.commitment_id)
    )
    used = dict(db.session.execute(access.scoped(used_query, Placement)).all())
    lines = [
        WorkPlanLine(commitment, used.get(commitment.id, 0))
        for commitment in sorted(agency.commitments, key=lambda c: (c.status == "dropped", c.id))
    ]
    # Client, agency and commitment are joined and the hours credited computed in the same SELECT.
    placements_query = (
        select(Placement)
        .where(*open_here)
        .order_by(Placement.start_date, Placement.id)
        .limit(HOME_PLACEMENTS)
    )
    placements = list(db.session.scalars(access.scoped(placements_query, Placement)).all())
    # A placement's commitment belongs to its agency (a rule of the model), so the lines count them all.
    return AgencyHome(agency, lines, placements, sum(used.values()), documents.party_row(agency))


def clerk_todo() -> ClerkToDo:
    """How many parties and agreement items the checklist still marks missing (three queries)."""
    checklist = documents.build_checklist(db.session)
    return ClerkToDo(
        parties_not_ready=len(checklist.parties) - checklist.ready_count,
        parties=len(checklist.parties),
        agreement_items_missing=sum(1 for item in checklist.agreement_items if item.missing),
    )


class DashboardView(SecureIndexView):
    """An agency head's own agency, then counts of agencies, work-plan lines, clients and placements."""

    @expose("/")
    def index(self) -> Any:
        """Hook for Flask-Admin: the dashboard page; each figure counts only rows the viewer may see."""

        def count(model: type, *conditions: Any) -> int:
            query = select(func.count()).select_from(model).where(*conditions)
            return db.session.scalar(access.scoped(query, model))

        scope = access.current_viewer().scope_agency_id
        home = agency_home(scope) if scope is not None and scope > 0 else None
        # Only whoever may complete the checklist is told what it lacks.
        todo = clerk_todo() if home is None and access.may("write", "agency") else None
        figures = {
            "agencies": count(Agency),
            "commitments": count(Commitment),
            "agreed_commitments": count(Commitment, Commitment.status.in_(("agreed", "active"))),
            "active_clients": count(Client, Client.status == "active"),
            "open_placements": count(Placement, Placement.status.in_(OPEN_PLACEMENT_STATUSES)),
        }
        agreement = db.session.scalar(select(Agreement).where(Agreement.is_current.is_(True)))
        return self.render(
            "admin/dashboard.html",
            figures=figures,
            agreement=agreement,
            home=home,
            todo=todo,
            client_label=access.client_label,
            areas=COMMITMENT_AREAS,
            commitment_statuses=COMMITMENT_STATUSES,
            kinds=PLACEMENT_KINDS,
            placement_statuses=PLACEMENT_STATUSES,
        )
