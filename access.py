"""Who may see what (DESIGN.md §5), in one place: every reader of the data asks here.

- `current_viewer()`: who is looking, decided once per request: role, agency scope, child masking.
- `SCREENS`: which roles may read, write and export each screen; `may()` answers.
- `OWNED_ROWS`: how each model's rows belong to an agency; `scoped()` and `visible()` narrow a query
  to the rows the viewer may see.
- `CHILD_ROWS`: how a row concerns a child and which of its fields a masked viewer is shown
  (DOMAIN.md §11.10–11: an agency sees only what the placement needs); `child_mask()` gives that mask
  for one request, `may_sort_or_filter()` and `search_condition()` keep a sort, a filter or a search from revealing what
  the mask hides.

The clerk reads and writes everything. The Bapas head reads everything, unmasked. Any other agency
head reads the work plan and the agreement whole, and only their own agency's placements, hour logs
and clients; of a child they see the initials and register number, the placement's schedule and
hours, and the supervising PK, nothing else. Outside a request (the command line, a document built by
a script) nothing is scoped or masked: that caller is the office itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import and_, not_, or_, select
from sqlalchemy.orm import MANYTOONE

from extensions import db
from models import Agency, Client, HourLog, Placement

# What a masked viewer reads in place of a field of a child's record.
HIDDEN = _l("(dirahasiakan)")


# ---------------------------------------------------------------------------------------------
# Who is looking
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """Who is looking: their role, the agency their client data is limited to, whether children are masked.

    `role` is "clerk" or "head", None when nobody is logged in, "office" outside a request.
    `scope_agency_id` is None when every agency's rows may be read; -1 matches no row.
    """

    role: str | None
    scope_agency_id: int | None
    masks_children: bool


NOBODY = Viewer(role=None, scope_agency_id=-1, masks_children=True)
OFFICE = Viewer(role="office", scope_agency_id=None, masks_children=False)
CLERK_VIEWER = Viewer(role="clerk", scope_agency_id=None, masks_children=False)
BAPAS_HEAD_VIEWER = Viewer(role="head", scope_agency_id=None, masks_children=False)


def viewer_for(user: Any) -> Viewer:
    """The policy of DESIGN.md §5: what a logged-in user may read of the client data."""
    if user is None or not user.is_authenticated:
        return NOBODY
    if user.role == "clerk":
        return CLERK_VIEWER
    if user.role == "head":
        if user.agency is not None and user.agency.kind == "bapas":
            return BAPAS_HEAD_VIEWER
        # A head without an agency cannot be saved; if one existed, -1 would show them no row.
        return Viewer(role="head", scope_agency_id=user.agency_id or -1, masks_children=True)
    return NOBODY


def current_viewer() -> Viewer:
    """The viewer of this request, computed once (and again only if the logged-in user changes)."""
    if not has_request_context():
        return OFFICE
    user = current_user._get_current_object()
    cached = g.get("access_viewer")
    if cached is None or cached[0] is not user:
        cached = g.access_viewer = (user, viewer_for(user))
        g.access_masks = {}
    return cached[1]


# ---------------------------------------------------------------------------------------------
# Screens: who may read, write and export
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Permissions:
    """The roles that may read, write and export one screen."""

    read: frozenset[str]
    write: frozenset[str] = frozenset()
    export: frozenset[str] = frozenset()


CLERK = frozenset({"clerk"})
STAFF = frozenset({"clerk", "head"})
RECORDS = Permissions(read=STAFF, write=CLERK, export=STAFF)

# Keyed by the admin endpoint. A screen not listed here is closed to everyone.
SCREENS: dict[str, Permissions] = {
    "admin": Permissions(read=STAFF),  # the dashboard
    "checklist": Permissions(read=STAFF),  # the signing checklist and its three PDFs
    "agency": RECORDS,
    "commitment": RECORDS,
    "agreement": RECORDS,
    "client": RECORDS,
    "placement": RECORDS,
    "hourlog": RECORDS,
    "user": Permissions(read=CLERK, write=CLERK, export=CLERK),
    "audit": Permissions(read=CLERK, export=CLERK),  # nobody writes the trail
}


def may(action: str, screen: str, viewer: Viewer | None = None) -> bool:
    """True when the viewer may `action` ("read", "write" or "export") on `screen`."""
    permissions = SCREENS.get(screen)
    if permissions is None:
        return False
    return (viewer or current_viewer()).role in getattr(permissions, action)


# ---------------------------------------------------------------------------------------------
# Rows: which agency a row belongs to
# ---------------------------------------------------------------------------------------------

# Model → the SQL condition keeping one agency's rows. Models not listed (agencies, the work plan,
# the agreement) are read whole by everyone who may open their screen.
OWNED_ROWS: dict[type, Callable[[int], Any]] = {
    Placement: lambda agency_id: Placement.agency_id == agency_id,
    HourLog: lambda agency_id: HourLog.placement_id.in_(
        select(Placement.id).where(Placement.agency_id == agency_id)
    ),
    Client: lambda agency_id: Client.id.in_(
        select(Placement.client_id).where(Placement.agency_id == agency_id)
    ),
}


def row_condition(model: type, viewer: Viewer | None = None) -> Any:
    """The SQL condition keeping the rows of `model` the viewer may see, or None for all of them."""
    viewer = viewer or current_viewer()
    owned = OWNED_ROWS.get(model)
    if owned is None or viewer.scope_agency_id is None:
        return None
    return owned(viewer.scope_agency_id)


def scoped(query: Any, model: type, viewer: Viewer | None = None) -> Any:
    """`query` (an ORM Query or a select) narrowed to the rows of `model` the viewer may see."""
    condition = row_condition(model, viewer)
    return query if condition is None else query.filter(condition)


def visible(model: type) -> Any:
    """The rows of `model` the current viewer may see, as a query (pickers, counts, lists)."""
    return scoped(db.session.query(model), model)


# ---------------------------------------------------------------------------------------------
# Children: what a masked viewer is shown
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChildRows:
    """How one model's rows concern a child, and which of their fields a masked viewer is shown.

    Fields in `shown` appear as stored; fields in `naming` name the child and appear as initials and
    register number; every other field, including any added later, reads "(dirahasiakan)".
    """

    child_of: Callable[[Any], Client | None]
    is_child: Callable[[], Any]
    shown: frozenset[str]
    naming: frozenset[str] = frozenset()


def _child(client: Client | None) -> Client | None:
    return client if client is not None and client.category == "anak" else None


CHILD_ROWS: dict[type, ChildRows] = {
    Client: ChildRows(
        child_of=_child,
        is_child=lambda: Client.category == "anak",
        shown=frozenset(
            {
                "register_number",
                "category",
                "status",
                "pk_name",
                "pk_nip",
                "placements",
                "created_at",
                "updated_at",
            }
        ),
        naming=frozenset({"full_name"}),
    ),
    Placement: ChildRows(
        child_of=lambda placement: _child(placement.client),
        is_child=lambda: Placement.client_id.in_(select(Client.id).where(Client.category == "anak")),
        shown=frozenset(
            {
                "agency",
                "commitment",
                "kind",
                "site",
                "host_supervisor",
                "start_date",
                "end_date",
                "hours_ordered",
                "hours_credited",
                "hours_remaining",
                "status",
                "hour_logs",
                "created_at",
                "updated_at",
            }
        ),
        naming=frozenset({"client"}),
    ),
    HourLog: ChildRows(
        child_of=lambda log: _child(log.placement.client) if log.placement is not None else None,
        is_child=lambda: HourLog.placement_id.in_(
            select(Placement.id).join(Placement.client).where(Client.category == "anak")
        ),
        shown=frozenset(
            {"placement", "work_date", "hours", "activity", "verified_by", "created_at", "updated_at"}
        ),
    ),
}

# A row and a field name → what a masked viewer reads instead, or None to show the stored value.
Mask = Callable[[Any, str], Any]


def child_name(client: Client) -> str:
    """'B. S. (A-2026-001)' for Bima Saputra: how a child is named to a masked viewer."""
    initials = " ".join(f"{part[0].upper()}." for part in (client.full_name or "").split())
    return f"{initials} ({client.register_number})"


def child_mask(model: type) -> Mask | None:
    """The mask of `model`'s rows for this request, or None when nothing of them is masked.

    Decided once per request and model, so a list or an export asks per row only whether the
    row is a child's.
    """
    viewer = current_viewer()
    masks = g.access_masks if has_request_context() else {}
    if model not in masks:
        masks[model] = _mask_of(CHILD_ROWS.get(model)) if viewer.masks_children else None
    return masks[model]


def _mask_of(rows: ChildRows | None) -> Mask | None:
    if rows is None:
        return None

    def mask(row: Any, field: str) -> Any:
        if field in rows.shown:
            return None
        child = rows.child_of(row)
        if child is None:
            return None
        return child_name(child) if field in rows.naming else HIDDEN

    return mask


def client_label(client: Client) -> str:
    """A client as a picker or a heading names them: a child by initials to a masked viewer."""
    mask = child_mask(Client)
    named = mask(client, "full_name") if mask is not None else None
    return str(named if named is not None else client)


def placement_label(placement: Placement) -> str:
    """A placement as a picker names it, searchable by client, register number and site."""
    parts = [client_label(placement.client), str(placement.agency or ""), placement.site or ""]
    return " · ".join(part for part in parts if part)


def record_label(record: Any) -> str:
    """Any record as a message names it, children masked as everywhere else."""
    if isinstance(record, Client):
        return client_label(record)
    if isinstance(record, Placement):
        return placement_label(record)
    if isinstance(record, Agency):
        return f"{record.name} ({record.acronym})" if record.acronym else str(record.name or "")
    return str(record)


def shown_as_stored(model: type, path: str | None) -> bool:
    """Whether a masked viewer reads field `path` of `model`'s rows as stored, on a child's row too.

    A dotted path follows relations: "agency.acronym" of a placement is shown (agencies hold no
    child data), "client.register_number" is shown (a masked child is named by it), and
    "client.full_name" or "placement.client.nik" are not.
    """
    if path is None:
        return True
    rows = CHILD_ROWS.get(model)
    if rows is None:
        return True
    first, _, rest = path.partition(".")
    if not rest:
        return first in rows.shown
    if first not in rows.shown and first not in rows.naming:
        return False
    related = getattr(model, first).property.mapper.class_
    return shown_as_stored(related, rest)


def may_sort_or_filter(model: type, field: str | None) -> bool:
    """A masked viewer may sort and filter only by fields shown as stored: anything else would leak them."""
    if not current_viewer().masks_children:
        return True
    return shown_as_stored(model, field)


def _matches(model: type, path: str, like: str) -> Any:
    """`path` of `model` (dotted through relations) contains `like`; no join, so no row repeats.

    Across a many-to-one relation (a placement's client) as `client_id IN (SELECT id FROM client
    WHERE …)`: the matching clients are found once, where a correlated EXISTS looked one up for each
    of 300,000 placements (1.8 s on SQLite). Other relations as EXISTS.
    """
    first, _, rest = path.partition(".")
    attribute = getattr(model, first)
    if not rest:
        return attribute.ilike(like)
    relation = attribute.property
    related = relation.mapper.class_
    if relation.direction is MANYTOONE and len(relation.local_columns) == 1:
        [local] = relation.local_columns
        [remote] = [right for left, right in relation.local_remote_pairs if left is local]
        return getattr(model, local.key).in_(select(remote).where(_matches(related, rest, like)))
    return attribute.has(_matches(related, rest, like))


def search_condition(model: type, fields: tuple[str, ...], word: str) -> Any:
    """One search word over `fields` (dotted through relations allowed), as the viewer may search them.

    A masked viewer matches a child's rows only on fields shown as stored: otherwise typing a name
    and seeing a masked row appear would confirm who the child is.
    """
    like = f"%{word}%"
    rows = CHILD_ROWS.get(model)
    if rows is None or not current_viewer().masks_children:
        return or_(*(_matches(model, name, like) for name in fields))
    conditions = [_matches(model, name, like) for name in fields if shown_as_stored(model, name)]
    hidden = [_matches(model, name, like) for name in fields if not shown_as_stored(model, name)]
    if hidden:
        conditions.append(and_(not_(rows.is_child()), or_(*hidden)))
    return or_(*conditions)
