"""The choices of the relationship pickers in the forms, each through `access` like every reader.

Short lists (agencies, the work plan) are dropdowns filled when the form is drawn. Clients and
placements grow without bound, so their pickers are searched on the server as the clerk types
(Flask-Admin's `form_ajax_refs` and its /ajax/lookup/ endpoint): the form's size does not depend on
how many there are. A search picker offers only what `access.visible()` shows, is searched as
`access.search_condition()` allows (a masked viewer never finds a child by name or NIK) and labels
each row as `access` names it; only a viewer who may write the screen reaches the lookup at all
(admin_views/base.py).

The work-plan dropdown names each line's agency in `data-agency` and the places it has left;
static/admin.js shows only the chosen agency's lines. The model still refuses another agency's line,
a dropped one or a full one (Placement._commitment_errors), whoever posts the form.
"""

from __future__ import annotations

import copy
from typing import Any

from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_admin.contrib.sqla.fields import QuerySelectField
from flask_admin.model.fields import AjaxSelectField
from flask_admin.model.widgets import AjaxSelect2Widget
from flask_babel import gettext
from sqlalchemy import and_, func, or_, select
from wtforms.fields.choices import Choice
from wtforms.validators import StopValidation

import access
import rules
from admin_views.keys import record_key
from extensions import db
from models import OPEN_PLACEMENT_STATUSES, Agency, Client, Commitment, Placement

# Rows a search returns at most at once; select2 asks for 10 and pages on (flask_admin form.js).
MAX_RESULTS = 20
# Characters typed before the first search: one letter would match most of the register.
MIN_TYPED = 2


# ---------------------------------------------------------------------------------------------
# Dropdowns
# ---------------------------------------------------------------------------------------------


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


def places_taken(leaving_out: int | None = None) -> dict[int, int]:
    """Open placements per work-plan line, in one query; placement `leaving_out` (the one edited) not counted.

    Counted over every agency's placements, unscoped: a line's capacity is shared by all of them,
    and only the clerk, who reads everything, opens the placement form.
    """
    query = (
        select(Placement.commitment_id, func.count())
        .where(Placement.status.in_(OPEN_PLACEMENT_STATUSES))
        .group_by(Placement.commitment_id)
    )
    if leaving_out is not None:
        query = query.where(Placement.id != leaving_out)
    with db.session.no_autoflush:
        return {commitment_id: count for commitment_id, count in db.session.execute(query)}


def work_plan_label(commitment: Commitment, taken: int) -> str:
    """'DLH: Kebersihan taman (sisa 3 dari 5 tempat)': a line and what it can still take."""
    line = str(commitment)
    if commitment.status == "dropped":
        return gettext("%(line)s (dibatalkan)", line=line)
    if commitment.capacity is None:
        return gettext("%(line)s (kapasitas tidak dibatasi)", line=line)
    left = commitment.capacity - taken
    if left <= 0:
        return gettext("%(line)s (penuh: %(capacity)d klien)", line=line, capacity=commitment.capacity)
    return gettext(
        "%(line)s (sisa %(left)d dari %(capacity)d tempat)",
        line=line,
        left=left,
        capacity=commitment.capacity,
    )


class WorkPlanField(QuerySelectField):
    """The work-plan dropdown: each line names its agency (data-agency) and the places it has left.

    Every line stays a valid choice on the server, so a line that does not fit is refused by the
    model with its own message at the field, not with "Pilihan tidak valid".
    """

    # The placement being edited: its own place in its line is not counted as taken.
    editing_placement_id: int | None = None

    def iter_choices(self) -> Any:
        """Hook for WTForms: the options, each carrying its agency for static/admin.js."""
        if self.allow_blank:
            yield Choice("__None", self.blank_text, self.data is None, {})
        taken = places_taken(self.editing_placement_id)
        for pk, commitment in self._get_object_list():
            yield Choice(
                pk,
                work_plan_label(commitment, taken.get(commitment.id, 0)),
                commitment == self.data,
                {"data-agency": str(commitment.agency_id)},
            )


# ---------------------------------------------------------------------------------------------
# Search pickers
# ---------------------------------------------------------------------------------------------


class SearchPicker(QueryAjaxModelLoader):
    """Finds the rows of one picker by search: only visible rows, searched and labelled as `access` allows.

    Subclasses say which rows the picker offers (`offered`), how a word matches (`matching`) and
    how a row is named (`label`).
    """

    def __init__(self, name: str, model: type, fields: tuple[str, ...], **options: Any) -> None:
        options.setdefault("minimum_input_length", MIN_TYPED)
        super().__init__(name, db, model, fields=fields, **options)
        self.field_names = fields

    def offered(self) -> Any:
        """The rows the picker may offer, as a query through `access`: by default every visible row."""
        return access.visible(self.model)

    def matching(self, word: str) -> Any:
        """The SQL condition of one typed word."""
        return access.search_condition(self.model, self.field_names, word)

    def label(self, row: Any) -> str:
        """How the picker names a row."""
        return str(row)

    def get_query(self) -> Any:
        """Hook for Flask-Admin: never the whole table, only what this picker offers the viewer."""
        return self.offered()

    def get_one(self, pk: Any) -> Any:
        """Hook for Flask-Admin: the posted id, if the picker would offer it; None otherwise."""
        key = record_key(pk)
        if key is None:
            return None
        # No autoflush: the record being saved must not reach the database while we look.
        with db.session.no_autoflush:
            return self.get_query().filter(self.model.id == key).one_or_none()

    def format(self, model: Any) -> tuple[Any, str] | None:
        """Hook for Flask-Admin: (id, label) for select2, the label as the viewer may read it."""
        return None if model is None else (model.id, self.label(model))

    def get_list(
        self, term: str | None, offset: int | None = 0, limit: int | None = MAX_RESULTS
    ) -> list[Any]:
        """Hook for Flask-Admin: the rows matching every typed word, one page at a time.

        Nothing for an empty search (select2 asks only after MIN_TYPED characters; a forged
        request gets no dump), and never more than MAX_RESULTS rows per request.
        """
        words = (term or "").split()
        if not words:
            return []
        query = self.get_query()
        for word in words:
            query = query.filter(self.matching(word))
        limit = min(max(limit or MAX_RESULTS, 1), MAX_RESULTS)
        return query.offset(max(offset or 0, 0)).limit(limit).all()


class ClientPicker(SearchPicker):
    """Clients by full name, register number or NIK; a masked viewer finds a child by register number only."""

    def __init__(self, name: str = "client") -> None:
        super().__init__(name, Client, ("full_name", "register_number", "nik"))

    def offered(self) -> Any:
        return clients_by_register()

    def label(self, row: Any) -> str:
        return access.client_label(row)


class PlacementPicker(SearchPicker):
    """Placements that take hours, by their client's name or register number, or by site.

    `including(id)` also offers one more placement: an old journal day keeps its ended placement.
    """

    # A placement offered besides the running ones (the edited day's own).
    also: int | None = None

    def __init__(self, name: str = "placement") -> None:
        super().__init__(name, Placement, ("site",))

    def including(self, placement_id: int | None) -> PlacementPicker:
        """This picker, also offering placement `placement_id` (for one form only)."""
        picker = copy.copy(self)
        picker.also = placement_id
        return picker

    def offered(self) -> Any:
        return placements_taking_hours(also=self.also)

    def matching(self, word: str) -> Any:
        # The client's name as `access` lets the viewer search it (a child's by register number only).
        clients = select(Client.id).where(
            access.search_condition(Client, ("full_name", "register_number"), word)
        )
        return or_(super().matching(word), Placement.client_id.in_(clients))

    def label(self, row: Any) -> str:
        return access.placement_label(row)


class PickerWidget(AjaxSelect2Widget):
    """Flask-Admin's search box, empty reading "— pilih —" like the dropdowns."""

    def __call__(self, field: Any, **kwargs: Any) -> Any:
        if getattr(field, "allow_blank", False) and getattr(field, "blank_text", ""):
            kwargs.setdefault("data-placeholder", str(field.blank_text))
        return super().__call__(field, **kwargs)


class PickerField(AjaxSelectField):
    """A record chosen by search. An id the picker would not offer is refused, not taken or ignored."""

    widget = PickerWidget()

    def pre_validate(self, form: Any) -> None:
        """Hook for WTForms: an id posted but not offered (out of scope, ended, forged) is no choice."""
        posted = self._formdata
        if self.data is None and posted not in (None, "", "__None"):
            raise StopValidation(self.gettext("Not a valid choice"))
        super().pre_validate(form)
