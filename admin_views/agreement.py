"""The agreement (Nota Kesepakatan): the current one and those kept from before."""

from flask_babel import lazy_gettext as _l

from admin_views.base import SecureModelView
from admin_views.labels import labels
from models import PAPER_SIZES


class AgreementView(SecureModelView):
    """Agreement records; marking one current retires the previous (the model does it)."""

    choice_columns = {"paper": PAPER_SIZES}
    column_list = (
        "title",
        "is_current",
        "ceremony_date",
        "venue",
        "paper",
        "originals",
        "meterai_required",
        "text_final",
        "annex_final",
    )
    column_sortable_list = ("title", "ceremony_date", "is_current")
    column_default_sort = ("id", True)
    column_searchable_list = ("title", "venue")
    column_filters = ("is_current", "ceremony_date")
    form_columns = (
        "title",
        "subject",
        "is_current",
        "ceremony_date",
        "ceremony_time",
        "venue",
        "paper",
        "meterai_required",
        "meterai_count",
        "originals",
        "text_final",
        "annex_final",
        "numbers_reserved",
        "attendance_ready",
        "attendance_blank_rows",
        "press_plan_ok",
        "notes",
    )
    column_details_list = form_columns + ("created_at", "updated_at")
    column_export_list = form_columns
    column_labels = labels(
        title=_l("Judul"),
        subject=_l("Tentang"),
        is_current=_l("Berlaku saat ini"),
        ceremony_date=_l("Tanggal penandatanganan"),
        ceremony_time=_l("Jam penandatanganan"),
        venue=_l("Tempat"),
        paper=_l("Ukuran kertas"),
        meterai_required=_l("Perlu meterai"),
        meterai_count=_l("Jumlah meterai"),
        originals=_l("Jumlah rangkap asli"),
        text_final=_l("Naskah final"),
        annex_final=_l("Lampiran final"),
        numbers_reserved=_l("Nomor sudah dipesan"),
        attendance_ready=_l("Daftar hadir siap"),
        attendance_blank_rows=_l("Baris kosong daftar hadir"),
        press_plan_ok=_l("Rencana publikasi tanpa wajah klien"),
    )
    column_descriptions = {
        "subject": _l(
            "Dicetak sebagai \u201cTENTANG\u201d di kepala lampiran, misalnya \u201cPembimbingan Kemasyarakatan\u201d."
        ),
        "attendance_blank_rows": _l(
            "Baris bernomor tanpa nama di akhir daftar hadir, untuk tamu tak terdaftar (0\u201360)."
        ),
    }
