"""The audit trail screen: read-only for everyone, newest first, with readable diffs."""

from __future__ import annotations

import json
from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from admin_views.base import SecureModelView
from admin_views.labels import labels
from indonesian import format_hours
from models import AUDIT_ACTIONS, RECORD_TYPES


def changes_table(view: Any, context: Any, model: Any, name: str) -> Markup:
    """'field: before → after' rows, or the stored values of a created or deleted record."""
    data = json.loads(model.changes or "{}")
    fields = data.get("fields", {})
    if not fields:
        return Markup("")
    rows = []
    for field, value in fields.items():
        if isinstance(value, list) and len(value) == 2 and model.action == "update":
            before, after = value
            cell = f"{escape(_shown(before))} → {escape(_shown(after))}"
        else:
            cell = str(escape(_shown(value)))
        rows.append(f"<tr><th>{escape(field_label(view, model.object_type, field))}</th><td>{cell}</td></tr>")
    return Markup('<table class="table table-sm mb-0"><tbody>' + "".join(rows) + "</tbody></table>")


def update_diff(view: Any, context: Any, model: Any, name: str) -> Markup:
    """In the list, only an update's before → after; created and deleted values are on details."""
    return changes_table(view, context, model, name) if model.action == "update" else Markup("")


def changes_text(view: Any, context: Any, model: Any, name: str) -> str:
    """The same diff as plain text, for exports."""
    data = json.loads(model.changes or "{}")
    parts = []
    for field, value in data.get("fields", {}).items():
        label = field_label(view, model.object_type, field)
        if isinstance(value, list) and len(value) == 2 and model.action == "update":
            parts.append(f"{label}: {_shown(value[0])} → {_shown(value[1])}")
        else:
            parts.append(f"{label}: {_shown(value)}")
    return "; ".join(parts)


def field_label(view: Any, object_type: str | None, field: str) -> str:
    """A stored field name as the record's own form labels it ('head_name' → 'Nama kepala')."""
    for other in view.admin._views:
        model = getattr(other, "model", None)
        if model is not None and model.__name__ == object_type:
            return str(other.get_column_name(field))
    return field


def _shown(value: Any) -> str:
    """A stored value as the forms show it: 'Ya'/'Tidak', and numbers with a decimal comma (4 → 3,5)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(_l("Ya") if value else _l("Tidak"))
    if isinstance(value, float):
        return format_hours(value)
    return str(value)


class AuditView(SecureModelView):
    """Who did or saw what: no one may add, change or delete an entry here (or anywhere)."""

    choice_columns = {"action": AUDIT_ACTIONS, "object_type": RECORD_TYPES}
    column_list = ("at", "username", "ip_address", "action", "object_type", "object_id", "summary", "changes")
    column_details_list = column_list
    column_export_list = column_list
    column_default_sort = ("id", True)
    column_sortable_list = ("at", "username", "action", "object_type")
    column_searchable_list = ("username", "summary", "object_id")
    column_filters = ("username", "action", "object_type", "object_id", "at")
    column_formatters = {"changes": update_diff}
    column_formatters_detail = {"changes": changes_table}
    column_formatters_export = {"changes": changes_text}
    column_labels = labels(
        at=_l("Waktu"),
        username=_l("Pengguna"),
        ip_address=_l("Alamat IP"),
        action=_l("Tindakan"),
        object_type=_l("Jenis data"),
        object_id=_l("ID data"),
        summary=_l("Ringkasan"),
        changes=_l("Perubahan"),
    )
    # An entry has no version and never changes: no form, no delete action.
    action_disallowed_list = ("delete",)

    def is_action_allowed(self, name: str) -> bool:
        """Hook for Flask-Admin: no bulk action on the trail."""
        return False
