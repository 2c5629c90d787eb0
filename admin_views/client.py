"""Clients (klien pemasyarakatan): specific personal data; ended by status, never deleted once placed."""

from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

import access
import audit
import rules
from admin_views.base import SecureModelView
from admin_views.labels import labels
from admin_views.tables import small_table
from indonesian import format_hours, long_date
from models import (
    CLIENT_CATEGORIES,
    CLIENT_STATUSES,
    LEGAL_BASES,
    PLACEMENT_KINDS,
    PLACEMENT_STATUSES,
    SEXES,
    Client,
    Placement,
)


class ClientView(SecureModelView):
    """Client files; the model refuses deleting a client who has placements.

    An agency head sees only clients placed with their agency, children masked (access.py).
    """

    choice_columns = {
        "sex": SEXES,
        "category": CLIENT_CATEGORIES,
        "legal_basis": LEGAL_BASES,
        "status": CLIENT_STATUSES,
    }
    column_list = (
        "register_number",
        "full_name",
        "category",
        "sex",
        "legal_basis",
        "status",
        "pk_name",
    )
    column_sortable_list = ("register_number", "full_name", "category", "status", "legal_basis")
    column_default_sort = ("register_number", False)
    column_searchable_list = ("register_number", "full_name", "nik")
    column_filters = ("category", "status", "legal_basis", "sex")
    form_columns = (
        "register_number",
        "full_name",
        "nik",
        "birth_date",
        "sex",
        "address",
        "parent_names",
        "category",
        "offence",
        "offence_date",
        "legal_basis",
        "ruling_ref",
        "ruling_date",
        "litmas_ref",
        "pk_name",
        "pk_nip",
        "status",
        "consent_recorded",
        "notes",
    )
    # People type NIKs in groups ("3310 0117 0590 0001"); keep the digits before the length check.
    form_args = {"nik": {"filters": [lambda value: rules.digits_only(value) if value else value]}}
    # Room for the groups and separators people type ("3310 0117 0590 0001" is 19 characters);
    # the 16 digits are checked after the filter above. The browser's cut at 16 would lose digits.
    form_widget_args = {"nik": {"maxlength": 24, "inputmode": "numeric"}}
    column_details_list = form_columns + ("placements", "created_at", "updated_at")
    column_export_list = form_columns
    column_labels = labels(
        register_number=_l("No. register"),
        full_name=_l("Nama lengkap"),
        nik=_l("NIK"),
        birth_date=_l("Tanggal lahir"),
        sex=_l("Jenis kelamin"),
        address=_l("Alamat"),
        parent_names=_l("Nama orang tua / wali"),
        category=_l("Kategori"),
        offence=_l("Tindak pidana"),
        offence_date=_l("Tanggal tindak pidana"),
        legal_basis=_l("Dasar hukum / program"),
        ruling_ref=_l("Nomor putusan / penetapan"),
        ruling_date=_l("Tanggal putusan"),
        litmas_ref=_l("Nomor Litmas"),
        pk_name=_l("Pembimbing Kemasyarakatan (PK)"),
        pk_nip=_l("NIP PK"),
        consent_recorded=_l("Persetujuan tercatat"),
        placements=_l("Penempatan"),
    )
    column_formatters_detail = {"placements": lambda view, context, model, name: placements_table(model)}
    column_descriptions = {
        "nik": _l("16 digit; kosongkan bila klien belum memiliki NIK."),
        "category": rules.child_age_help(),
        "consent_recorded": _l("Untuk anak: persetujuan orang tua atau wali."),
        "status": _l("Klien yang sudah ditempatkan diakhiri dengan status, bukan dihapus."),
    }

    def render(self, template: str, **kwargs: Any) -> Any:
        """Hook for Flask-Admin: who opened a client's file is on the audit trail (once an hour each)."""
        model = kwargs.get("model")
        if template == self.details_template and model is not None:
            audit.record_read("view_client", "Client", model.id, model.register_number)
        return super().render(template, **kwargs)


def placements_table(client: Client) -> Markup:
    """The client's placements the viewer may see, newest first, each linked to its page."""
    placements = access.visible(Placement).filter(Placement.client_id == client.id)
    return small_table(
        (_l("Instansi"), _l("Jenis"), _l("Masa"), _l("Jam putusan"), _l("Jam terpenuhi"), _l("Status")),
        (
            (
                Markup('<a href="{}">{}</a>').format(
                    url_for("placement.details_view", id=placement.id), placement.agency
                ),
                PLACEMENT_KINDS.get(placement.kind, placement.kind),
                f"{long_date(placement.start_date)} – {long_date(placement.end_date)}",
                placement.hours_ordered if placement.hours_ordered is not None else "–",
                format_hours(placement.hours_credited or 0),
                PLACEMENT_STATUSES.get(placement.status, placement.status),
            )
            for placement in placements.order_by(Placement.start_date.desc(), Placement.id.desc())
        ),
        _l("Belum ada penempatan."),
    )
