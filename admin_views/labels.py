"""Indonesian column labels shared by several views (one wording for one field everywhere)."""

from flask_babel import lazy_gettext as _l

COMMON_LABELS = {
    "agency": _l("Instansi"),
    "client": _l("Klien"),
    "commitment": _l("Rencana kerja"),
    "placement": _l("Penempatan"),
    "status": _l("Status"),
    "start_date": _l("Tanggal mulai"),
    "end_date": _l("Tanggal selesai"),
    "notes": _l("Catatan"),
    "pic_name": _l("PIC"),
    "pic_contact": _l("Kontak PIC"),
    "created_at": _l("Dibuat"),
    "updated_at": _l("Diubah"),
    "agency.acronym": _l("Instansi"),
    "client.register_number": _l("No. register klien"),
    "client.full_name": _l("Nama klien"),
    "client.nik": _l("NIK klien"),
}


def labels(**extra):
    """The common labels plus a view's own."""
    return {**COMMON_LABELS, **extra}
