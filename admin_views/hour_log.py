"""Hour logs (jurnal kerja sosial): one row per day worked, also editable inline on a placement.

The quick way in is "Catat jurnal" on a placement: the form opens for that placement, shows its
hours, suggests the next working day, and after "Simpan dan Tambah Lagi" stays on it.
"""

from __future__ import annotations

from typing import Any

from flask import abort, has_request_context, request
from flask_babel import lazy_gettext as _l

import access
import rules
from admin_views.base import SecureModelView
from admin_views.labels import labels
from admin_views.pickers import PlacementPicker
from admin_views.typed_fields import HoursField
from extensions import db
from indonesian import format_hours
from models import Placement

# The query argument that fixes the placement of a new journal day: /admin/hourlog/new/?placement=3
FIXED_PLACEMENT = "placement"


def _hours(view: Any, context: Any, model: Any, name: str) -> str:
    return format_hours(getattr(model, name))


class HourLogView(SecureModelView):
    """The journal across all placements, for checking and correcting single days."""

    column_list = ("placement", "work_date", "hours", "activity", "verified_by")
    column_sortable_list = ("work_date", "hours")
    column_default_sort = ("work_date", True)
    # The client by name, register number or NIK; a masked viewer finds a child by register number only.
    column_searchable_list = (
        "placement.client.full_name",
        "placement.client.register_number",
        "placement.client.nik",
        "placement.site",
        "activity",
        "verified_by",
    )
    column_filters = (
        "placement.client.register_number",
        "placement.client.full_name",
        "placement.client.nik",
        "work_date",
        "placement.kind",
    )
    column_formatters = {"hours": _hours}
    column_formatters_detail = {"hours": _hours}
    form_columns = ("placement", "work_date", "hours", "activity", "verified_by")
    # Hours typed "7,5" or "7.5" (SQLAlchemy 2.1's Double is no Numeric: Flask-Admin would drop the field).
    form_overrides = {"hours": HoursField}
    # Placements are searched as the clerk types, among those taking hours (admin_views/pickers.py).
    form_ajax_refs = {"placement": PlacementPicker()}
    column_details_list = form_columns + ("created_at", "updated_at")
    column_export_list = form_columns
    column_labels = labels(
        work_date=_l("Tanggal kerja"),
        hours=_l("Jam"),
        activity=_l("Kegiatan"),
        verified_by=_l("Diverifikasi oleh"),
        **{
            "placement.kind": _l("Jenis penempatan"),
            "placement.site": _l("Lokasi"),
            "placement.client.register_number": _l("No. register klien"),
            "placement.client.full_name": _l("Nama klien"),
            "placement.client.nik": _l("NIK klien"),
        },
    )
    column_descriptions = {"hours": rules.daily_cap_help()}
    create_template = "admin/hourlog/create.html"

    def fixed_placement(self) -> Placement | None:
        """The placement named by ?placement=, if any; 404 when the viewer may not see it."""
        wanted = request.args.get(FIXED_PLACEMENT)
        if wanted is None:
            return None
        placement = None
        if wanted.isdigit():
            # No autoflush: on a save, the new day must not reach the database before it has its placement.
            with db.session.no_autoflush:
                placement = access.visible(Placement).filter(Placement.id == int(wanted)).one_or_none()
        if placement is None:
            abort(404)
        return placement

    def create_form(self, obj: Any = None) -> Any:
        """Hook for Flask-Admin: with a fixed placement, no placement picker and the next day suggested."""
        form = super().create_form(obj)
        placement = self.fixed_placement()
        if placement is not None:
            del form[FIXED_PLACEMENT]
            if request.method == "GET" and not form.work_date.data:
                form.work_date.data = placement.next_journal_day()
        return form

    def edit_form(self, obj: Any = None) -> Any:
        """Hook for Flask-Admin: an old day keeps its placement in the picker, even if it has ended."""
        form = super().edit_form(obj)
        if obj is not None:
            form.placement.loader = form.placement.loader.including(obj.placement_id)
        return form

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        """Hook for Flask-Admin: a day logged from "Catat jurnal" belongs to that placement."""
        placement = self.fixed_placement() if is_created else None
        if placement is not None:
            model.placement = placement
        super().on_model_change(form, model, is_created)

    def get_url(self, endpoint: str, **kwargs: Any) -> str:
        """Hook for Flask-Admin: "Simpan dan Tambah Lagi" on a fixed placement stays on that placement."""
        wanted = request.args.get(FIXED_PLACEMENT) if has_request_context() else None
        if endpoint == ".create_view" and wanted and FIXED_PLACEMENT not in kwargs:
            kwargs[FIXED_PLACEMENT] = wanted
        return super().get_url(endpoint, **kwargs)

    def render(self, template: str, **kwargs: Any) -> Any:
        """Hook for Flask-Admin: the create form shows the fixed placement and its hours."""
        if template == self.create_template:
            placement = self.fixed_placement()
            kwargs["fixed_placement"] = placement
            kwargs["fixed_placement_label"] = access.placement_label(placement) if placement else ""
        return super().render(template, **kwargs)
