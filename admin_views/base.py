"""The one base view that enforces access on every endpoint, and owns rule messages and safe exports.

Every model view inherits from `SecureModelView` and declares only its columns and forms. Who may
open, write or export a screen, which rows a viewer sees and what of a child is masked are decided in
`access.py`; this view asks it on the server for every endpoint Flask-Admin exposes (list, count,
details, edit, delete, bulk actions, search, sort, export), never only by hiding buttons (DESIGN.md §5).
"""

from __future__ import annotations

import csv
import re
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    flash,
    has_request_context,
    redirect,
    request,
    url_for,
)
from flask_admin import AdminIndexView
from flask_admin import babel as admin_babel
from flask_admin.actions import action
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla.fields import QuerySelectField
from flask_admin.contrib.sqla.tools import get_query_for_ids
from flask_admin.form import BaseForm, Select2Field
from flask_admin.model import typefmt
from flask_admin.model.fields import AjaxSelectField
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_url
from markupsafe import Markup
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.utils import secure_filename
from wtforms import HiddenField, PasswordField, StringField
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, ValidationError

import access
import audit
from admin_views.keys import record_key
from admin_views.pickers import PickerField
from admin_views.typed_fields import TypedDateConverter, TypedDateFilterConverter
from document_allowance import spend_document_allowance
from environment import database_problem
from extensions import db
from indonesian import long_date
from models import WIB, DomainError, lock_for_rules

# Endpoints that change data or serve forms; a read-only user is refused with 403.
WRITE_ENDPOINTS = frozenset(
    {"create_view", "edit_view", "delete_view", "action_view", "ajax_update", "ajax_lookup"}
)
# The empty first option of a required dropdown.
CHOOSE = _l("— pilih —")
# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A list page beyond this is empty anyway; a bigger number would overflow the query's OFFSET.
MAX_PAGE = 10**6
# Words of a list search that are used: more would only slow the query (SQLite refuses very deep ones).
MAX_SEARCH_WORDS = 10
# Characters a spreadsheet file cannot hold (XLSX refuses control characters): written as \x1b instead.
ILLEGAL_IN_SPREADSHEET = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Rows a CSV export reads from the database at a time (their records are then let go).
EXPORT_BATCH_ROWS = 1000


class LineEcho:
    """A file for csv.writer that hands each written line back instead of storing it."""

    def write(self, line: str) -> str:
        return line


@dataclass(frozen=True)
class ExportStop:
    """The last row of an export that stopped before the end of the list: what it says."""

    note: str


class AdminFormTranslations:
    """WTForms messages ("This field is required.") from our `admin` catalog, in Indonesian.

    Flask-Admin looks them up in WTForms' own catalogs, which have no Indonesian; we ship them
    in translations/id/LC_MESSAGES/admin.po instead.
    """

    def gettext(self, string: str) -> str:
        return admin_babel.domain.get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return admin_babel.domain.get_translations().ungettext(singular, plural, n)


class AdminForm(BaseForm):
    """Base of every admin form: Indonesian validation messages. CSRF is checked app-wide."""

    class Meta:
        _translations = AdminFormTranslations()

        def get_translations(self, form: Any) -> AdminFormTranslations:
            return self._translations

    def process(self, formdata: Any = None, obj: Any = None, data: Any = None, **kwargs: Any) -> None:
        """Hook for WTForms: a file sent where a field expects text is read as nothing.

        No admin form takes files; Flask-Admin merges request.files into the form data, and a text
        field would fail on a file object instead of saying the field is empty.
        """
        if formdata is not None and any(isinstance(value, FileStorage) for value in formdata.values()):
            formdata = MultiDict(
                (name, value)
                for name, value in formdata.items(multi=True)
                if not isinstance(value, FileStorage)
            )
        super().process(formdata, obj, data=data, **kwargs)


def is_required_choice_without_default(unbound: UnboundField) -> bool:
    """A dropdown the clerk must fill whose column has no default (client, agency, category…)."""
    return (
        issubclass(unbound.field_class, (QuerySelectField, Select2Field, AjaxSelectField))
        and not unbound.kwargs.get("allow_blank")
        and "default" not in unbound.kwargs
    )


def strip_text(value: Any) -> Any:
    """Leading and trailing spaces are never meant; people paste them."""
    return value.strip() if isinstance(value, str) else value


def guard_formula(value: Any) -> Any:
    """Prefix a text cell that a spreadsheet would execute with a quote (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def format_datetime_wib(view: Any, value: datetime, name: Any = None) -> str:
    """Stored timestamps are UTC; people read WIB."""
    local = value.replace(tzinfo=UTC).astimezone(WIB)
    return f"{long_date(local.date())} {local:%H:%M} WIB"


def format_date_id(view: Any, value: date, name: Any = None) -> str:
    """'23 September 2025'."""
    return long_date(value)


def format_bool(view: Any, value: bool, name: Any = None) -> str:
    """'Ya' / 'Tidak' in exports, where the list's check-mark icons cannot go."""
    return gettext("Ya") if value else gettext("Tidak")


def format_bool_icon(view: Any, value: bool, name: Any = None) -> Markup:
    """A tick or a dash, titled and read out as 'Ya' / 'Tidak' (not 'name: true')."""
    word = gettext("Ya") if value else gettext("Tidak")
    icon = "fa-check-circle" if value else "fa-minus-circle"
    return Markup(
        '<span class="fa {}" title="{}" aria-hidden="true"></span><span class="sr-only">{}</span>'
    ).format(icon, word, word)


# datetime before date: a datetime is also a date, and the first matching type wins.
LIST_FORMATTERS = {
    **typefmt.BASE_FORMATTERS,
    bool: format_bool_icon,
    datetime: format_datetime_wib,
    date: format_date_id,
}
EXPORT_FORMATTERS = {
    **typefmt.EXPORT_FORMATTERS,
    bool: format_bool,
    datetime: format_datetime_wib,
    date: format_date_id,
}


class FormConverter(TypedDateConverter):
    """Flask-Admin's form converter: typed dates, and a search picker for each relation in `form_ajax_refs`."""

    def _model_select_field(self, prop: Any, multiple: Any, remote_model: Any, **kwargs: Any) -> Any:
        """Hook for Flask-Admin: a searched relation becomes our PickerField ("— pilih —", forged ids refused)."""
        loader = getattr(self.view, "_form_ajax_refs", {}).get(prop.key)
        if loader is not None and not multiple:
            return PickerField(loader, **kwargs)
        return super()._model_select_field(prop, multiple, remote_model, **kwargs)


class AccessMixin:
    """Who may open a view (access.SCREENS): anonymous users go to the login page, others without rights get 403.

    A user whose password was set by the clerk is sent to change it before anything else.
    """

    def is_accessible(self) -> bool:
        """Hook for Flask-Admin: a logged-in user who may read this screen."""
        return access.may("read", self.endpoint)  # type: ignore[attr-defined]

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        """Hook for Flask-Admin: login page when anonymous, 403 otherwise."""
        if not current_user.is_authenticated:
            return redirect(login_url("auth.login", next_url=request.full_path.rstrip("?")))
        abort(403)

    @property
    def extra_js(self) -> list[str]:
        """Our own scripts on every admin page: select2's messages in Indonesian, then admin.js.

        Files, not inline scripts, so the CSP allows them; they load after select2 and before
        Flask-Admin's form.js sets the pickers up.
        """
        if not has_request_context():
            return []
        return [
            url_for("static", filename="select2_locale_id.js"),
            url_for("static", filename="calendar.js"),
            url_for("static", filename="admin.js"),
        ]

    def _handle_view(self, name: str, **kwargs: Any) -> Any:
        """Hook for Flask-Admin: a forced password change comes before every admin page."""
        if current_user.is_authenticated and current_user.must_change_password:
            return redirect(url_for("auth.change_password"))
        return super()._handle_view(name, **kwargs)  # type: ignore[misc]


class SecureIndexView(AccessMixin, AdminIndexView):
    """The dashboard at /admin/: behind the login like every other screen."""


class SecureModelView(AccessMixin, ModelView):
    """Base of every model view: permissions, scope and masking from `access`, rule messages, safe export.

    `can_create`, `can_edit`, `can_delete` and `can_export` follow from access.SCREENS per request,
    so a read-only user gets the endpoint refused, not just the button hidden.
    """

    form_base_class = AdminForm
    # Dates and times are typed as text and parsed on the server (admin_views/typed_fields.py);
    # relations listed in `form_ajax_refs` are searched, not listed (admin_views/pickers.py).
    model_form_converter = FormConverter
    filter_converter = TypedDateFilterConverter()
    form_excluded_columns = ("created_at", "updated_at", "version")
    column_exclude_list = ("created_at", "updated_at", "version")
    column_details_exclude_list = ("version",)
    column_export_exclude_list = ("version",)
    column_type_formatters = LIST_FORMATTERS
    column_type_formatters_detail = LIST_FORMATTERS
    column_type_formatters_export = EXPORT_FORMATTERS
    export_types = ["csv", "xlsx"]
    can_view_details = True
    page_size = 20
    can_set_page_size = True
    # Readable filter URLs (flt0_status_equals=active) that a clerk can bookmark.
    named_filter_urls = True
    page_size_options = (20, 50, 100)
    column_default_sort = ("id", True)
    # Flask-Admin's list with labelled checkboxes, help links and pager (templates/admin/model/app_list.html).
    list_template = "admin/model/app_list.html"
    # Text columns to search; subclasses list their own.
    column_searchable_list: tuple[str, ...] = ()
    # Code → label maps of the model's choice columns, shown and offered with Indonesian labels.
    choice_columns: dict[str, dict[str, Any]] = {}

    def __init__(self, model: Any, db: Any, **kwargs: Any) -> None:
        self.column_choices = {
            name: [(code, label) for code, label in choices.items()]
            for name, choices in self.choice_columns.items()
        }
        self.form_choices = {
            name: [(code, label) for code, label in choices.items()]
            for name, choices in self.choice_columns.items()
        }
        super().__init__(model, db, **kwargs)

    def scaffold_form(self) -> Any:
        """Hook for Flask-Admin: every text field is trimmed before it is validated.

        So " DLH" is the same acronym as "DLH" for the uniqueness check, on every database.
        """
        form_class = super().scaffold_form()
        for unbound in vars(form_class).values():
            if (
                isinstance(unbound, UnboundField)
                and issubclass(unbound.field_class, StringField)
                and not issubclass(unbound.field_class, PasswordField)
            ):
                unbound.kwargs["filters"] = [strip_text, *unbound.kwargs.get("filters", ())]
            elif isinstance(unbound, UnboundField) and is_required_choice_without_default(unbound):
                # No first option chosen for the clerk: an unchosen dropdown is refused, not guessed.
                unbound.kwargs["allow_blank"] = True
                unbound.kwargs["blank_text"] = CHOOSE
                unbound.kwargs["validators"] = [*unbound.kwargs.get("validators", ()), DataRequired()]
        # The version the user started editing from, to refuse a save over someone else's change.
        form_class.version_seen = HiddenField()
        return form_class

    def edit_form(self, obj: Any = None) -> Any:
        """Hook for Flask-Admin: the edit form remembers the version it was opened at."""
        form = super().edit_form(obj)
        if obj is not None and not form.version_seen.data:
            form.version_seen.data = obj.version
        return form

    def row_label(self, record: Any) -> str:
        """How a list row's checkbox names its record for a screen reader; children masked as everywhere."""
        return access.record_label(record)

    def delete_question(self, record: Any) -> str:
        """The question before a row's delete button acts, naming the record it deletes."""
        return gettext(
            "Hapus %(type)s \u201c%(record)s\u201d? Data yang dihapus tidak dapat dikembalikan.",
            type=str(self.name).lower(),
            record=access.record_label(record),
        )

    # --- permissions, per request -------------------------------------------------------------

    def _may(self, action: str) -> bool:
        # Flask-Admin reads some flags at start-up, outside any request: answer True there and
        # decide for real per request.
        if not has_request_context():
            return True
        return access.may(action, self.endpoint)

    @property
    def can_create(self) -> bool:  # type: ignore[override]
        return self._may("write")

    @property
    def can_edit(self) -> bool:  # type: ignore[override]
        return self._may("write")

    @property
    def can_delete(self) -> bool:  # type: ignore[override]
        return self._may("write")

    @property
    def can_export(self) -> bool:  # type: ignore[override]
        return self._may("export")

    @property
    def export_max_rows(self) -> int:  # type: ignore[override]
        from flask import current_app

        return int(current_app.config.get("EXPORT_MAX_ROWS", 5000)) if has_request_context() else 5000

    def _handle_view(self, name: str, **kwargs: Any) -> Any:
        """Hook for Flask-Admin: refuse every write endpoint with 403 for a read-only user."""
        response = super()._handle_view(name, **kwargs)
        if response is not None:
            return response
        if name in WRITE_ENDPOINTS and not self.can_edit:
            abort(403)
        if name == "export":
            if not self.can_export:
                abort(403)
            spend_document_allowance()
        return None

    # --- row scope and child mask, as access.py decides them ----------------------------------------

    def get_query(self) -> Any:
        """Hook for Flask-Admin: the list, export and bulk actions see only the viewer's rows."""
        return access.scoped(super().get_query(), self.model)

    def get_count_query(self) -> Any:
        """Hook for Flask-Admin: the count matches the scoped list.

        Counted with COUNT(*), not Flask-Admin's count('*'), which is sent as count(?) with a bound
        '*' and misses SQLite's fast count: 13 ms against 1.5 ms over 300,000 placements.
        """
        return access.scoped(db.session.query(func.count()).select_from(self.model), self.model)

    def _get_list_value(
        self,
        context: Any,
        model: Any,
        name: str,
        column_formatters: Any,
        column_type_formatters: Any,
    ) -> Any:
        """Hook for Flask-Admin (list, details and export all pass here): apply the child mask.

        An empty choice column (a failed login's record type) comes back from Flask-Admin as None,
        which the page would print as "None": it is shown empty.
        """
        mask = access.child_mask(self.model)
        if mask is not None:
            masked = mask(model, name)
            if masked is not None:
                return masked
        value = super()._get_list_value(context, model, name, column_formatters, column_type_formatters)
        return "" if value is None else value

    def get_list(
        self,
        page: Any,
        sort_column: Any,
        sort_desc: Any,
        search: Any,
        filters: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        """Hook for Flask-Admin: a sort or a filter on a field the viewer may not read is ignored."""
        if not access.may_sort_or_filter(self.model, sort_column):
            sort_column = None
        if filters:
            filters = [active for active in filters if self._filter_allowed(active[0])]
        return super().get_list(page, sort_column, sort_desc, search, filters, *args, **kwargs)

    def is_sortable(self, name: str) -> bool:
        """Hook for Flask-Admin: no sort link on a column the viewer may not sort by."""
        return super().is_sortable(name) and access.may_sort_or_filter(self.model, name)

    def scaffold_filters(self, name: Any) -> Any:
        """Hook for Flask-Admin: each filter remembers the field it filters, for `access`."""
        filters = super().scaffold_filters(name)
        for scaffolded in filters or ():
            scaffolded.field_name = name if isinstance(name, str) else getattr(name, "key", None)
        return filters

    def _filter_allowed(self, index: int) -> bool:
        scaffolded = self._filters[index] if self._filters and 0 <= index < len(self._filters) else None
        return scaffolded is not None and access.may_sort_or_filter(
            self.model, getattr(scaffolded, "field_name", None)
        )

    def _get_filter_groups(self) -> Any:
        """Hook for Flask-Admin: the filter menu offers only filters the viewer may use."""
        groups = super()._get_filter_groups()
        if not groups:
            return groups
        kept = {
            key: [item for item in items if self._filter_allowed(item["index"])]
            for key, items in groups.items()
        }
        return OrderedDict((key, items) for key, items in kept.items() if items)

    def _apply_search(self, query: Any, count_query: Any, joins: Any, count_joins: Any, search: str) -> Any:
        """Hook for Flask-Admin: each word must match a searchable field the viewer may read.

        Through relations (a placement's client) as EXISTS, so no join can repeat or drop a row.
        """
        words = search.split()
        if len(words) > MAX_SEARCH_WORDS:
            flash(
                gettext("Pencarian memakai %(count)d kata pertama saja.", count=MAX_SEARCH_WORDS), "warning"
            )
        for word in words[:MAX_SEARCH_WORDS]:
            condition = access.search_condition(self.model, tuple(self.column_searchable_list), word)
            query = query.filter(condition)
            if count_query is not None:
                count_query = count_query.filter(condition)
        return query, count_query, joins, count_joins

    def get_one(self, id: Any) -> Any:
        """Hook for Flask-Admin: details, edit and delete find only scoped rows (no id, no record)."""
        key = record_key(id)
        if key is None:
            return None
        return self.get_query().filter(self.model.id == key).one_or_none()

    def _get_list_extra_args(self) -> Any:
        """Hook for Flask-Admin: a page number past any list is the last possible page, not an overflow."""
        view_args = super()._get_list_extra_args()
        view_args.page = min(max(view_args.page or 0, 0), MAX_PAGE)
        return view_args

    # --- domain rules shown at the fields --------------------------------------------------------

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        """Hook for Flask-Admin: refuse a stale save, then check the rules, each message at its field."""
        if not is_created:
            refuse_stale_save(form, model)
        # Lock what the rules read before they read it: a clerk saving at the same moment waits,
        # and the loser of a race sees the same message at the field as a later save would.
        lock_for_rules(db.session)
        with db.session.no_autoflush:
            errors = model.rule_errors()
            errors.update(self.related_errors(model, errors))
        if errors:
            attach_errors(form, errors)
            raise ValidationError(gettext("Data belum disimpan: periksa isian yang ditandai."))

    def related_errors(self, model: Any, own_errors: dict[str, Any]) -> dict[str, Any]:
        """Hook: rule messages of records edited inline with this one (`own_errors`: the record's own)."""
        return {}

    def after_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        """Hook for Flask-Admin: show warnings that did not block the save."""
        for warning in model.rule_warnings():
            flash(str(warning), "warning")

    def handle_view_exception(self, exc: Exception) -> bool:
        """Hook for Flask-Admin: explain a refused write in Indonesian instead of a stack trace."""
        if database_problem(exc) is not None:
            # A database the server cannot use is no refused value: the 503 page explains it, where
            # Flask-Admin would flash the driver's English text.
            raise exc
        if isinstance(exc, DomainError):
            for message in exc.errors.values():
                flash(str(message), "error")
            return True
        if isinstance(exc, StaleDataError):
            flash(
                gettext(
                    "Data ini telah diubah oleh pengguna lain sejak Anda membukanya. "
                    "Muat ulang halaman untuk melihat data terbaru."
                ),
                "error",
            )
            return True
        if isinstance(exc, IntegrityError):
            flash(
                gettext(
                    "Data tidak dapat disimpan: bertentangan dengan data lain "
                    "(nilai ganda atau masih dirujuk data lain)."
                ),
                "error",
            )
            return True
        if super().handle_view_exception(exc):  # a WTForms ValidationError, or raised in tests
            return True
        # Anything else is our fault, not the clerk's: logged with its traceback, and a message in
        # Indonesian instead of Flask-Admin's "Failed to create record." with the raw exception text
        # (which on PostgreSQL held the SQL statement). The form stays filled in.
        current_app.logger.exception("Unexpected error while saving in %s", self.endpoint)
        flash(
            gettext(
                "Data tidak dapat disimpan karena kesalahan di server; isian Anda masih ada di formulir. "
                "Coba lagi; bila berulang, hubungi operator Bapas."
            ),
            "error",
        )
        return True

    # --- exports ---------------------------------------------------------------------------------

    def _export_data(self) -> Any:
        """Hook for Flask-Admin (the XLSX export): the first EXPORT_MAX_ROWS rows, the audit entry, and
        a last row saying where the file stopped when the list is longer."""
        count, query, limit = self.export_query()
        rows: list[Any] = query.all()
        self.audit_export(len(rows), count)
        if limit and count > limit:
            rows.append(ExportStop(self.export_stop_note(limit, count)))
        return count, rows

    def export_query(self) -> tuple[int, Any, int]:
        """The list as the user sees it (scope, search, filters, order) up to EXPORT_MAX_ROWS rows (0: all),
        the list's row count, and that limit."""
        view_args = self._get_list_extra_args()
        sort = self._get_column_by_idx(view_args.sort)
        limit = self.export_max_rows
        count, query = self.get_list(
            0,
            sort[0] if sort else None,
            view_args.sort_desc,
            view_args.search,
            view_args.filters,
            execute=False,
            page_size=limit,
        )
        return count, query, limit

    def audit_export(self, written: int, count: int) -> None:
        """Every export is on the audit trail: which list, how many rows, and of how many."""
        total = "" if written == count else f" dari {count}"
        audit.record(
            "export", object_type=self.model.__name__, summary=f"{self.name}: {written} baris{total}"
        )

    def export_stop_note(self, limit: int, count: int) -> str:
        """The last row of an export that stopped at `limit` rows of `count`."""
        return gettext(
            "Ekspor berhenti pada %(limit)s dari %(count)s baris; saring daftar untuk mengekspor sisanya.",
            limit=f"{limit:,}".replace(",", "."),
            count=f"{count:,}".replace(",", "."),
        )

    def _export_csv(self, return_url: Any) -> Any:
        """Hook for Flask-Admin: the list as CSV, read from the database in batches of 1,000 rows.

        Only one batch of records is in memory at a time, and the whole file is written before the
        response starts: a streamed response that a client never reads would hold its database
        connection until the process collects it. Like the XLSX it stops at EXPORT_MAX_ROWS, and then
        says so in its last line, as the export menu does beforehand.
        """
        count, query, limit = self.export_query()
        stops = bool(limit) and count > limit  # EXPORT_MAX_ROWS = 0: no limit
        columns = self._export_columns
        writer = csv.writer(LineEcho())
        lines = [writer.writerow([str(title) for _, title in columns])]
        for record in query.yield_per(EXPORT_BATCH_ROWS):
            lines.append(writer.writerow([str(self.get_export_value(record, name)) for name, _ in columns]))
        if stops:
            lines.append(writer.writerow([self.export_stop_note(limit, count)]))
        self.audit_export(len(lines) - 1 - stops, count)
        return Response(
            lines,
            headers={
                "Content-Disposition": f"attachment;filename={secure_filename(self.get_export_name('csv'))}"
            },
            mimetype="text/csv",
        )

    def get_export_name(self, export_type: str = "csv") -> str:
        """Hook for Flask-Admin: the file is named by the time in Klaten, not the server's clock (UTC)."""
        return f"{self.name}_{datetime.now(WIB):%Y-%m-%d_%H-%M-%S}_WIB.{export_type}"

    def get_export_value(self, model: Any, name: Any) -> Any:
        """Hook for Flask-Admin: no exported cell can run as a spreadsheet formula."""
        if isinstance(model, ExportStop):
            return model.note if name == self._export_columns[0][0] else ""
        value = super().get_export_value(model, name)
        if value is not None and not isinstance(value, (str, int, float)):
            value = str(value)
        if isinstance(value, str):
            value = ILLEGAL_IN_SPREADSHEET.sub(lambda found: f"\\x{ord(found.group()):02x}", value)
        return guard_formula(value)

    @action(
        "delete",
        _l("Hapus"),
        _l("Yakin ingin menghapus data yang dipilih?"),
    )
    def action_delete(self, ids: Any) -> None:
        """Bulk delete of the scoped rows, each through `delete_model` so refusals are explained.

        Ids arrive as text; psycopg 3 refuses comparing them to an integer key, so cast them.
        Flask-Admin's own version flashes "0 records deleted" beside a refusal; this one only
        reports what was really deleted.
        """
        keys = [record_key(i) for i in ids]
        if None in keys:
            flash(gettext("Pilihan tidak valid: tidak ada yang dihapus."), "error")
            return
        query = get_query_for_ids(self.get_query(), self.model, keys)
        deleted = sum(1 for record in query.all() if self.delete_model(record))
        if deleted:
            flash(
                admin_babel.ngettext(
                    "Record was successfully deleted.",
                    "%(count)s records were successfully deleted.",
                    deleted,
                    count=deleted,
                ),
                "success",
            )


def attach_errors(form: Any, errors: dict[str, Any]) -> None:
    """Show each message under its field; messages with no field of their own are flashed."""
    for name, message in errors.items():
        field = form._fields.get(name) if hasattr(form, "_fields") else None
        if field is not None:
            field.errors = list(field.errors) + [str(message)]
        else:
            flash(str(message), "error")


def refuse_stale_save(form: Any, model: Any) -> None:
    """Refuse a save based on an older version, saying who changed what since; keep the newer data.

    The form then carries the current version, so saving again knowingly replaces the newer data.
    """
    seen = form.version_seen.data if hasattr(form, "version_seen") else None
    if not seen or not str(seen).isdigit() or int(seen) == model.version:
        return
    form.version_seen.data = model.version
    message = gettext(
        "Data ini telah diubah oleh pengguna lain sejak Anda membukanya; perubahan Anda belum disimpan "
        "dan data terbaru tetap tersimpan."
    )
    raise ValidationError(
        message
        + describe_changes(type(model).__name__, model.id, int(seen), getattr(form, "_fields", {}))
        + " "
        + gettext("Periksa isian Anda, lalu simpan lagi bila memang ingin menimpanya.")
    )


def describe_changes(object_type: str, object_id: Any, seen: int, fields: Any) -> str:
    """' operator2 mengubah Jam: 4 → 6.': who changed which field of a record since version `seen`."""
    # No autoflush: the user's unsaved values must not reach the database while we look.
    with db.session.no_autoflush:
        changes = audit.changes_since(object_type, object_id, seen)
    described = []
    for change in changes:
        for name, (before, after) in change["fields"].items():
            label = fields[name].label.text if name in fields else name
            described.append(
                gettext(
                    "%(user)s mengubah %(field)s: %(before)s → %(after)s",
                    user=change["username"],
                    field=label,
                    before=before if before not in (None, "") else "–",
                    after=after if after not in (None, "") else "–",
                )
            )
    return " " + "; ".join(described) + "." if described else ""
