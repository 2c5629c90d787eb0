"""Placements of clients with agencies, with the hour log edited inline and hours shown."""

from typing import Any

from flask import request, url_for
from flask_admin.model.form import InlineFormAdmin
from flask_admin.model.template import LinkRowAction
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select
from wtforms import HiddenField
from wtforms.validators import ValidationError

import access
import audit
import rules
from admin_views.base import SecureModelView, describe_changes
from admin_views.labels import labels
from admin_views.pickers import ClientPicker, WorkPlanField, agencies_by_acronym, commitments_by_agency
from admin_views.tables import small_table
from admin_views.typed_fields import HoursField
from extensions import db
from indonesian import format_hours, long_date
from models import PLACEMENT_KINDS, PLACEMENT_STATUSES, HourLog


class HourLogInline(InlineFormAdmin):
    """The journal rows under a placement's form, each remembering the version it was shown at."""

    form_columns = ("id", "work_date", "hours", "activity", "verified_by")
    form_label = _l("Jurnal kerja")
    # Hours typed "7,5" or "7.5" (SQLAlchemy 2.1's Double is no Numeric: Flask-Admin would drop the field).
    form_overrides = {"hours": HoursField}
    column_labels = {
        "work_date": _l("Tanggal kerja"),
        "hours": _l("Jam"),
        "activity": _l("Kegiatan"),
        "verified_by": _l("Diverifikasi oleh"),
    }

    def postprocess_form(self, form_class: Any) -> Any:
        """Hook for Flask-Admin: each row carries the version it was shown at (refuse_stale_journal)."""
        form_class.version_seen = HiddenField()
        return form_class


def _hours(view: Any, context: Any, model: Any, name: str) -> str:
    return format_hours(getattr(model, name))


class PlacementView(SecureModelView):
    """Placements; the model enforces the sentence bounds, capacity and agency match."""

    choice_columns = {"kind": PLACEMENT_KINDS, "status": PLACEMENT_STATUSES}
    column_list = (
        "client",
        "agency",
        "kind",
        "start_date",
        "end_date",
        "hours_ordered",
        "hours_credited",
        "hours_remaining",
        "status",
    )
    column_sortable_list = (
        ("client", "client.register_number"),
        ("agency", "agency.acronym"),
        "kind",
        "start_date",
        "end_date",
        "status",
    )
    column_default_sort = ("start_date", True)
    # The client by name, register number or NIK; a masked viewer finds a child by register number only.
    column_searchable_list = (
        "client.full_name",
        "client.register_number",
        "client.nik",
        "site",
        "host_supervisor",
    )
    column_filters = (
        "client.register_number",
        "client.full_name",
        "client.nik",
        "agency.acronym",
        "kind",
        "status",
        "start_date",
        "end_date",
    )
    column_formatters = {"hours_credited": _hours, "hours_remaining": _hours}
    column_formatters_export = {"hours_credited": _hours, "hours_remaining": _hours}
    form_columns = (
        "client",
        "agency",
        "commitment",
        "kind",
        "site",
        "host_supervisor",
        "start_date",
        "end_date",
        "hours_ordered",
        "status",
        "notes",
    )
    # Clients are searched as the clerk types; the form never lists them all (admin_views/pickers.py).
    form_ajax_refs = {"client": ClientPicker()}
    # The work plan's lines name their agency, so static/admin.js offers only the chosen agency's.
    form_overrides = {"commitment": WorkPlanField}
    form_args = {
        "agency": {"query_factory": agencies_by_acronym},
        "commitment": {"query_factory": commitments_by_agency},
    }
    inline_models = (HourLogInline(HourLog),)
    column_details_list = (
        "client",
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
        "notes",
        "hour_logs",
        "created_at",
        "updated_at",
    )
    column_export_list = column_list + ("commitment", "site", "host_supervisor")
    column_formatters_detail = {
        "hours_credited": _hours,
        "hours_remaining": _hours,
        "hour_logs": lambda view, context, model, name: journal_table(model),
    }
    column_labels = labels(
        kind=_l("Jenis"),
        site=_l("Lokasi"),
        host_supervisor=_l("Pembimbing di instansi"),
        hours_ordered=_l("Jam putusan"),
        hours_credited=_l("Jam terpenuhi"),
        hours_remaining=_l("Sisa jam"),
        hour_logs=_l("Jurnal kerja"),
    )
    column_descriptions = {
        "kind": rules.sentences_help(),
        "hours_ordered": rules.hours_ordered_help(PLACEMENT_KINDS),
        "commitment": _l("Harus rencana kerja milik instansi penempatan, dengan kapasitas tersisa."),
    }
    edit_template = "admin/placement/edit.html"
    details_template = "admin/placement/details.html"

    def get_list_row_actions(self) -> list[Any]:
        """Hook for Flask-Admin: the clerk logs a day straight from a placement's row."""
        actions = super().get_list_row_actions()
        if access.may("write", "hourlog"):
            actions.append(JournalRowAction())
        return actions

    def render(self, template: str, **kwargs: Any) -> Any:
        """Hook for Flask-Admin: the details page offers "Catat jurnal" to the clerk."""
        model = kwargs.get("model")
        if template == self.details_template and model is not None and access.may("write", "hourlog"):
            kwargs["journal_url"] = journal_url(model.id) if model.takes_hours else None
        return super().render(template, **kwargs)

    def edit_form(self, obj: Any = None) -> Any:
        """Hook for Flask-Admin: each journal row shown remembers the version it was shown at.

        The work-plan dropdown does not count the edited placement's own place as taken.
        """
        form = super().edit_form(obj)
        if obj is not None:
            form.commitment.editing_placement_id = obj.id
        if obj is not None and request.method == "GET":
            versions = {log.id: log.version for log in obj.hour_logs}
            for entry in form.hour_logs.entries:
                entry.form.version_seen.data = versions.get(_row_id(entry))
        return form

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        """Hook for Flask-Admin: refuse overwriting journal rows changed or deleted since the form opened."""
        if not is_created:
            refuse_stale_journal(form)
        super().on_model_change(form, model, is_created)

    def related_errors(self, model: Any, own_errors: dict[str, Any]) -> dict[str, Any]:
        """Hook: each journal row's broken rule, named by its date, flashed above the form.

        When the placement's own "Jam putusan" is below the journal, that one message says it:
        every day would otherwise repeat that the total is over.
        """
        errors: dict[str, Any] = {}
        total_said = "hours_ordered" in own_errors
        for index, log in enumerate(model.hour_logs):
            for name, message in log.rule_errors().items():
                if total_said and name == "hours" and str(message) == str(log.total_error() or ""):
                    continue
                day = long_date(log.work_date) if log.work_date else "?"
                errors[f"_journal_{index}_{len(errors)}"] = _l(
                    "Jurnal %(day)s: %(message)s", day=day, message=message
                )
        return errors


def journal_url(placement_id: Any) -> str:
    """Where "Catat jurnal" goes: the journal form with the placement fixed, then back to the placement."""
    return url_for(
        "hourlog.create_view",
        placement=placement_id,
        url=url_for("placement.details_view", id=placement_id),
    )


class JournalRowAction(LinkRowAction):
    """The "Catat jurnal" icon on the rows of placements whose hours are counted."""

    def __init__(self) -> None:
        super().__init__(
            "fa fa-clock-o", lambda action, row_id, row: journal_url(row_id), title=str(_l("Catat jurnal"))
        )

    def render(self, context: Any, row_id: str, row: Any) -> Any:
        """Hook for Flask-Admin: nothing on a row whose hours are not counted."""
        return super().render(context, row_id, row) if row.takes_hours else ""


def _row_id(entry: Any) -> int | None:
    value = entry.form.id.data
    return int(value) if value is not None and str(value).isdigit() else None


def refuse_stale_journal(form: Any) -> None:
    """Refuse a placement save whose journal rows were changed or deleted by someone else meanwhile.

    Otherwise the form would quietly put back the old hours, or bring a deleted day back under a
    new id. The rows then carry the current versions (a deleted one, no id), so saving again
    knowingly keeps what this clerk typed.
    """
    problems = []
    for entry in form.hour_logs.entries:
        row_id, seen = _row_id(entry), entry.form.version_seen.data
        if row_id is None or not seen or not str(seen).isdigit():
            continue
        # No autoflush: the rows this form changed must not reach the database while we look.
        with db.session.no_autoflush:
            stored = db.session.scalar(select(HourLog.version).where(HourLog.id == row_id))
            deleted_by = audit.deleted_by("HourLog", row_id) if stored is None else None
        day = long_date(entry.form.work_date.data) if entry.form.work_date.data else "?"
        if stored is None:
            problems.append(
                gettext(
                    "Jurnal %(day)s telah dihapus oleh %(user)s sejak Anda membuka formulir ini; "
                    "simpan lagi bila ingin mencatatnya kembali sebagai baris baru.",
                    day=day,
                    user=deleted_by or gettext("pengguna lain"),
                )
            )
            entry.form.id.data = None
            entry.form.version_seen.data = None
        elif stored != int(seen):
            changed = describe_changes("HourLog", row_id, int(seen), entry.form._fields)
            problems.append(
                gettext("Jurnal %(day)s telah diubah oleh pengguna lain sejak Anda membukanya.", day=day)
                + changed
            )
            entry.form.version_seen.data = stored
    if problems:
        raise ValidationError(
            gettext("Perubahan Anda belum disimpan dan data terbaru tetap tersimpan.")
            + " "
            + " ".join(problems)
            + " "
            + gettext("Periksa isian Anda, lalu simpan lagi bila memang ingin menimpanya.")
        )


def journal_table(placement: Any) -> Markup:
    """The hour log as a small table on the details page."""
    return small_table(
        (_l("Tanggal kerja"), _l("Jam"), _l("Kegiatan"), _l("Diverifikasi oleh")),
        (
            (long_date(log.work_date), format_hours(log.hours), log.activity or "", log.verified_by or "")
            for log in placement.hour_logs
        ),
        _l("Belum ada jurnal."),
    )
