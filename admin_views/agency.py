"""Agencies: the Bapas, the Pemkab and the 21 OPD, with their signatories and checklist ticks."""

from flask_babel import lazy_gettext as _l

from admin_views.base import SecureModelView
from admin_views.labels import labels
from models import AGENCY_KINDS, DELEGATION_BASES


class AgencyView(SecureModelView):
    """Agency master data; deleting one that others refer to is refused by the model."""

    choice_columns = {"kind": AGENCY_KINDS, "delegation_basis": DELEGATION_BASES}
    column_list = (
        "acronym",
        "name",
        "kind",
        "signs_agreement",
        "head_name",
        "signatory_name",
        "document_number",
        "attendance_confirmed",
    )
    column_sortable_list = ("acronym", "name", "kind")
    column_default_sort = "acronym"
    column_searchable_list = ("acronym", "name", "head_name", "signatory_name")
    column_filters = ("kind", "signs_agreement", "paraf_done", "stamp_ready", "attendance_confirmed")
    form_columns = (
        "name",
        "acronym",
        "kind",
        "signs_agreement",
        "address",
        "phone",
        "email",
        "head_name",
        "head_title",
        "head_nip",
        "head_rank",
        "signatory_name",
        "signatory_title",
        "signatory_nip",
        "signatory_rank",
        "delegation_basis",
        "delegation_number",
        "delegation_date",
        "delegation_via_title",
        "document_number",
        "attendee_name",
        "attendee_title",
        "paraf_done",
        "stamp_ready",
        "attendance_confirmed",
        "pic_name",
        "pic_contact",
        "notes",
    )
    column_details_list = form_columns + ("created_at", "updated_at")
    column_export_list = form_columns
    column_labels = labels(
        name=_l("Nama instansi"),
        acronym=_l("Singkatan"),
        kind=_l("Jenis"),
        signs_agreement=_l("Penanda tangan nota"),
        address=_l("Alamat"),
        phone=_l("Telepon"),
        email=_l("Email"),
        head_name=_l("Nama kepala"),
        head_title=_l("Jabatan kepala"),
        head_nip=_l("NIP kepala"),
        head_rank=_l("Pangkat/golongan kepala"),
        signatory_name=_l("Nama penanda tangan"),
        signatory_title=_l("Jabatan penanda tangan"),
        signatory_nip=_l("NIP penanda tangan"),
        signatory_rank=_l("Pangkat/golongan penanda tangan"),
        delegation_basis=_l("Dasar pelimpahan"),
        delegation_number=_l("Nomor surat pelimpahan"),
        delegation_date=_l("Tanggal surat pelimpahan"),
        delegation_via_title=_l("Jabatan penerima pelimpahan (u.b.)"),
        document_number=_l("Nomor dokumen pihak"),
        attendee_name=_l("Nama perwakilan hadir"),
        attendee_title=_l("Jabatan perwakilan hadir"),
        paraf_done=_l("Paraf setiap halaman"),
        stamp_ready=_l("Cap dinas siap"),
        attendance_confirmed=_l("Kehadiran dikonfirmasi"),
        pic_name=_l("PIC tindak lanjut"),
        pic_contact=_l("Kontak PIC tindak lanjut"),
    )
    column_descriptions = {
        "signatory_name": _l("Kosongkan bila kepala instansi menandatangani sendiri."),
        "head_nip": _l("18 digit; boleh ditulis dengan spasi."),
        "head_rank": _l("Dicetak di bawah nama, misalnya “Pembina Utama Muda (IV/c)”."),
        "delegation_via_title": _l(
            "Isi hanya bila penanda tangan menandatangani u.b. (untuk beliau) pejabat yang menerima "
            "pelimpahan a.n., misalnya “Sekretaris Daerah”."
        ),
        "document_number": _l("Nomor nota kesepakatan dari register instansi ini."),
    }
