"""Who is looking: the current user's role, the agency their view is scoped to, and masking.

Every permission decision of the admin asks these three questions, so they live in one place
(DESIGN.md §5): a clerk sees everything; the Bapas head reads everything, unmasked; any other
agency head reads only their agency's placements, hour logs and clients, with children masked.
"""

from __future__ import annotations

from flask import has_request_context
from flask_login import current_user

from models import Agency, db


def role_of_current_user() -> str | None:
    """The role of the logged-in user, or None outside a request or when anonymous."""
    if not has_request_context() or not current_user.is_authenticated:
        return None
    return current_user.role


def _is_bapas_head() -> bool:
    agency = db.session.get(Agency, current_user.agency_id) if current_user.agency_id else None
    return agency is not None and agency.kind == "bapas"


def scoped_agency_id() -> int | None:
    """The agency a head's client data is limited to; None when the user may read all of it."""
    if role_of_current_user() != "head" or _is_bapas_head():
        return None
    # A head without an agency cannot exist (the model refuses it); -1 matches no row if it did.
    return current_user.agency_id or -1


def viewer_masks_children() -> bool:
    """True when children's identities must be hidden from the current user."""
    return role_of_current_user() == "head" and not _is_bapas_head()
