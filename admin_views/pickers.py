"""The choices of the relationship dropdowns in the forms, each through `access` like every reader."""

from __future__ import annotations

from typing import Any

import access
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


def placements_newest_first() -> Any:
    """Placements, newest first."""
    return access.visible(Placement).order_by(Placement.start_date.desc(), Placement.id.desc())
