"""The joint work plan: what each agency commits (the annex of the agreement)."""

from flask_babel import lazy_gettext as _l

from admin_views.base import SecureModelView
from admin_views.labels import labels
from admin_views.pickers import agencies_by_acronym
from models import COMMITMENT_AREAS, COMMITMENT_STATUSES


class CommitmentView(SecureModelView):
    """Commitments of the work plan; one with placements cannot be deleted."""

    choice_columns = {"area": COMMITMENT_AREAS, "status": COMMITMENT_STATUSES}
    column_list = ("agency", "area", "activity", "capacity", "status", "agreed_date", "pic_name")
    column_sortable_list = (
        ("agency", "agency.acronym"),
        "area",
        "status",
        "agreed_date",
        "capacity",
    )
    column_default_sort = [("agency.acronym", False), ("id", False)]
    column_searchable_list = ("activity", "indicator", "pic_name")
    column_filters = ("agency.acronym", "area", "status", "agreed_date")
    form_columns = (
        "agency",
        "area",
        "activity",
        "indicator",
        "capacity",
        "start_date",
        "end_date",
        "period_text",
        "pic_name",
        "pic_contact",
        "status",
        "agreed_date",
    )
    form_args = {"agency": {"query_factory": agencies_by_acronym}}
    column_details_list = form_columns + ("created_at", "updated_at")
    column_export_list = form_columns
    column_labels = labels(
        area=_l("Bidang"),
        activity=_l("Bentuk dukungan"),
        indicator=_l("Indikator / target"),
        capacity=_l("Kapasitas (klien)"),
        period_text=_l("Jadwal"),
        agreed_date=_l("Tanggal disepakati"),
    )
    column_descriptions = {
        "capacity": _l("Berapa klien sekaligus; kosongkan bila tidak dibatasi."),
        "period_text": _l("Mis. 'Setiap hari kerja' atau 'Januari–Desember 2026'."),
    }
