"""User accounts, kept by the clerk: create heads, deactivate them, reset a password.

Deactivating an account or setting its password ends every session of that user (auth.py's session
epoch); a reset also lifts the login delays of the account from every address.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import g
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import PasswordField
from wtforms.validators import ValidationError

from admin_views.base import SecureModelView, attach_errors, format_datetime_wib
from admin_views.labels import labels
from admin_views.pickers import agencies_by_acronym
from auth import clear_throttles, end_every_session, keep_this_session
from models import ROLES, utcnow
from passwords import password_problems


def _delayed_until(view: Any, context: Any, model: Any, name: str) -> str:
    """Until when logins to the account are delayed from some address, while they are."""
    until: datetime | None = model.login_delayed_until
    return format_datetime_wib(view, until) if until is not None and until > utcnow() else ""


class UserView(SecureModelView):
    """Accounts; the password is typed here only to set or reset it, and is never shown."""

    choice_columns = {"role": ROLES}
    column_list = (
        "username",
        "full_name",
        "role",
        "agency",
        "active",
        "must_change_password",
        "last_login_at",
        "login_delayed_until",
    )
    column_sortable_list = ("username", "full_name", "role", "last_login_at")
    column_default_sort = ("username", False)
    column_searchable_list = ("username", "full_name")
    column_filters = ("role", "active", "agency.acronym")
    column_details_list = column_list + ("created_at", "updated_at")
    column_export_list = column_list
    column_formatters = {"login_delayed_until": _delayed_until}
    column_formatters_export = column_formatters
    form_columns = ("username", "full_name", "role", "agency", "active", "new_password")
    form_extra_fields = {
        "new_password": PasswordField(
            _l("Kata sandi baru"),
            description=_l(
                "Wajib untuk akun baru. Isi hanya untuk mengatur ulang; pengguna wajib menggantinya saat masuk."
            ),
        )
    }
    form_args = {"agency": {"query_factory": agencies_by_acronym}}
    column_labels = labels(
        username=_l("Nama pengguna"),
        full_name=_l("Nama lengkap"),
        role=_l("Peran"),
        active=_l("Aktif"),
        must_change_password=_l("Wajib ganti kata sandi"),
        last_login_at=_l("Terakhir masuk"),
        login_delayed_until=_l("Masuk ditunda sampai"),
    )
    column_descriptions = {
        "agency": _l("Wajib untuk kepala instansi: ia hanya melihat data instansi ini."),
        "active": _l("Nonaktifkan akun yang tidak dipakai lagi; riwayatnya tetap tersimpan."),
        "login_delayed_until": _l(
            "Setelah beberapa kata sandi salah dari satu alamat, alamat itu menunggu sebentar sebelum "
            "mencoba lagi; alamat lain tidak. Mengatur ulang kata sandi menghapus penundaan ini."
        ),
    }

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        """Hook for Flask-Admin: apply the password policy and guard the clerk's own account."""
        errors: dict[str, Any] = {}
        password = form.new_password.data or ""
        if is_created and not password:
            errors["new_password"] = _l("Wajib diisi.")
        elif password:
            problems = password_problems(password, model.username or "")
            if problems:
                errors["new_password"] = " ".join(str(problem) for problem in problems)
        if not is_created and model.id == current_user.id:
            if not model.active:
                errors["active"] = _l("Anda tidak dapat menonaktifkan akun Anda sendiri.")
            if model.role != "clerk":
                errors["role"] = _l("Anda tidak dapat mengubah peran akun Anda sendiri.")
        if errors:
            attach_errors(form, errors)
            raise ValidationError(gettext("Data belum disimpan: periksa isian yang ditandai."))
        if password:
            model.set_password(password)
            # A password the clerk chose is known to two people: the user replaces it at login.
            model.must_change_password = True
        super().on_model_change(form, model, is_created)
        if not is_created and (password or not model.active):
            # Whoever held a session of this account (or its old password) is out from now on.
            end_every_session(model.id)
            g.own_sessions_ended = model.id == current_user.id
        if not is_created and password:
            clear_throttles(model.id)

    def after_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        """Hook for Flask-Admin: the clerk who reset their own password stays logged in here."""
        super().after_model_change(form, model, is_created)
        if g.pop("own_sessions_ended", False):
            keep_this_session(model.id)

    def on_model_delete(self, model: Any) -> None:
        """Hook for Flask-Admin: the clerk cannot delete the account they are using."""
        if model.id == current_user.id:
            raise ValidationError(gettext("Anda tidak dapat menghapus akun Anda sendiri."))
