"""The choices of the relationship dropdowns in the forms, each through `access` like every reader."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_

import access
import rules
from models import Agency, Client, Commitment, Placement


def agencies_by_acronym() -> Any:
    """Agencies, in the order people look for them."""
    return access.visible(Agency).order_by(Agency.acronym)


def clients_by_register() -> Any:
    """Clients by register number."""
    return access.visible(Client).order_by(Client.register_number)


def commitments_by_agency() -> Any:
    """Work-plan lines grouped by their agency."""
    return access.visible(Commitment).join(Commitment.agency).order_by(Agency.acronym, Commitment.id)


def placements_taking_hours(also: int | None = None) -> Any:
    """Running placements whose hours the law counts, newest first (and placement `also`, if given)."""
    wanted = and_(Placement.status == "active", Placement.kind.in_(tuple(rules.SENTENCES)))
    if also is not None:
        wanted = or_(wanted, Placement.id == also)
    return access.visible(Placement).filter(wanted).order_by(Placement.start_date.desc(), Placement.id.desc())
