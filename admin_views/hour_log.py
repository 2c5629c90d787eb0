"""Hour logs (jurnal kerja sosial): one row per day worked, also editable inline on a placement."""

from flask_babel import lazy_gettext as _l
from wtforms import FloatField

import rules
from admin_views.base import SecureModelView
from admin_views.labels import labels
from admin_views.pickers import placements_newest_first


class HourLogView(SecureModelView):
    """The journal across all placements, for checking and correcting single days."""

    column_list = ("placement", "work_date", "hours", "activity", "verified_by")
    column_sortable_list = ("work_date", "hours")
    column_default_sort = ("work_date", True)
    column_searchable_list = ("activity", "verified_by")
    column_filters = ("work_date", "placement.kind")
    form_columns = ("placement", "work_date", "hours", "activity", "verified_by")
    # SQLAlchemy 2.1's Double is no Numeric, so Flask-Admin would silently leave the field out.
    form_overrides = {"hours": FloatField}
    form_args = {"placement": {"query_factory": placements_newest_first}}
    column_details_list = form_columns + ("created_at", "updated_at")
    column_export_list = form_columns
    column_labels = labels(
        work_date=_l("Tanggal kerja"),
        hours=_l("Jam"),
        activity=_l("Kegiatan"),
        verified_by=_l("Diverifikasi oleh"),
        **{"placement.kind": _l("Jenis penempatan")},
    )
    column_descriptions = {"hours": rules.daily_cap_help()}
