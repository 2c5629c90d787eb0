"""The data of the agreement back-office (DESIGN.md §3) and the domain rules that hold for every writer.

Each model declares its rules in `rule_errors()` (a field name → a message in Indonesian) and, where
records refer to it, `delete_blockers()`. The legal bounds they check are data in `rules.py`. A
`before_flush` hook (`register_rule_guard()`, called by `create_app`) runs them for every write, whoever
writes (an admin form, the seed, the CLI), so a bad value never reaches the database; the admin views
call the same methods first to show each message at its field.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any, ClassVar

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    event,
    func,
    inspect,
    select,
)
from sqlalchemy.orm import (
    Mapped,
    Session,
    column_property,
    declared_attr,
    mapped_column,
    object_session,
    relationship,
)
from werkzeug.security import check_password_hash, generate_password_hash

import locking
import rules
from extensions import db
from indonesian import format_hours, long_date

WIB = timezone(timedelta(hours=7), "WIB")


def utcnow() -> datetime:
    """Naive UTC now: every backend stores it the same way; screens convert to WIB."""
    return datetime.now(UTC).replace(tzinfo=None)


def today_wib() -> date:
    """Today in Klaten (WIB has no daylight saving, so a fixed offset is exact)."""
    return datetime.now(WIB).date()


# ---------------------------------------------------------------------------------------------
# Choices: stored as short codes, shown with Indonesian labels.
# ---------------------------------------------------------------------------------------------

AGENCY_KINDS = {
    "bapas": _l("Bapas"),
    "pemda": _l("Pemerintah daerah"),
    "opd": _l("Perangkat daerah (OPD)"),
    "other": _l("Lainnya"),
}
DELEGATION_BASES = {
    "none": _l("Tidak ada (kepala sendiri)"),
    "plt": _l("Plt (pelaksana tugas)"),
    "plh": _l("Plh (pelaksana harian)"),
    "surat_kuasa": _l("Surat kuasa"),
    "surat_tugas": _l("Surat tugas"),
}
COMMITMENT_AREAS = {
    "kerja_sosial": _l("Lokasi kerja sosial"),
    "bantuan_sosial": _l("Bantuan sosial"),
    "pelatihan_kerja": _l("Pelatihan kerja"),
    "pendidikan": _l("Pendidikan"),
    "kesehatan": _l("Kesehatan"),
    "adminduk": _l("Administrasi kependudukan"),
    "pembinaan": _l("Pembinaan"),
    "lainnya": _l("Lainnya"),
}
COMMITMENT_STATUSES = {
    "draft": _l("Draf"),
    "agreed": _l("Disepakati"),
    "active": _l("Berjalan"),
    "done": _l("Selesai"),
    "dropped": _l("Dibatalkan"),
}
SEXES = {"L": _l("Laki-laki"), "P": _l("Perempuan")}
CLIENT_CATEGORIES = {"anak": _l("Anak"), "dewasa": _l("Dewasa")}
LEGAL_BASES = {
    "diversi": _l("Diversi"),
    "pidana_pelayanan_masyarakat": _l("Pidana pelayanan masyarakat (anak)"),
    "pidana_pelatihan_kerja": _l("Pidana pelatihan kerja (anak)"),
    "pidana_pengawasan": _l("Pidana pengawasan"),
    "pidana_kerja_sosial": _l("Pidana kerja sosial"),
    "pembebasan_bersyarat": _l("Pembebasan bersyarat"),
    "cuti_bersyarat": _l("Cuti bersyarat"),
    "cuti_menjelang_bebas": _l("Cuti menjelang bebas"),
    "asimilasi": _l("Asimilasi"),
    "restorative_justice": _l("Keadilan restoratif"),
    "lainnya": _l("Lainnya"),
}
CLIENT_STATUSES = {
    "active": _l("Aktif"),
    "completed": _l("Selesai"),
    "revoked": _l("Dicabut"),
    "transferred": _l("Dipindahkan"),
}
PLACEMENT_KINDS = {
    "kerja_sosial": _l("Kerja sosial (dewasa)"),
    "pelayanan_masyarakat": _l("Pelayanan masyarakat (anak)"),
    "pelatihan_kerja": _l("Pelatihan kerja (anak)"),
    "bantuan_sosial": _l("Bantuan sosial"),
    "layanan": _l("Layanan"),
}
PLACEMENT_STATUSES = {
    "planned": _l("Direncanakan"),
    "active": _l("Berjalan"),
    "completed": _l("Selesai"),
    "terminated": _l("Dihentikan"),
}
PAPER_SIZES = {"a4": _l("A4 (210 × 297 mm)"), "f4": _l("F4 (215 × 330 mm)")}
# The same sizes in millimetres, for the printed documents (DESIGN.md §1: A4, or the F4 folio many
# offices use).
PAGE_SIZES_MM = {"a4": (210, 297), "f4": (215, 330)}
ROLES = {"clerk": _l("Operator"), "head": _l("Kepala instansi")}
# The records the audit trail names, by their class name as it stores them.
RECORD_TYPES = {
    "Agency": _l("Instansi"),
    "Commitment": _l("Rencana kerja"),
    "Client": _l("Klien"),
    "Placement": _l("Penempatan"),
    "HourLog": _l("Jurnal kerja"),
    "Agreement": _l("Nota kesepakatan"),
    "User": _l("Pengguna"),
}
AUDIT_ACTIONS = {
    "create": _l("Tambah"),
    "update": _l("Ubah"),
    "delete": _l("Hapus"),
    "login": _l("Masuk"),
    "login_failed": _l("Gagal masuk"),
    "logout": _l("Keluar"),
    "export": _l("Ekspor"),
    "print": _l("Cetak"),
    "view_client": _l("Lihat berkas klien"),
}

# Placements that occupy a commitment's capacity and need an active client.
OPEN_PLACEMENT_STATUSES = ("planned", "active")


class DomainError(ValueError):
    """A write refused by a domain rule; `errors` maps each field name (or '_') to its message."""

    def __init__(self, errors: dict[str, Any]):
        self.errors = errors
        super().__init__(" ".join(str(message) for message in errors.values()))


# ---------------------------------------------------------------------------------------------
# Mixins
# ---------------------------------------------------------------------------------------------


class Tracked:
    """Created/updated timestamps and a version column that SQLAlchemy checks on every UPDATE.

    A save based on an older version matches no row and fails instead of overwriting newer data.
    """

    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}


class Ruled:
    """Rules shared by every model: normalised text, required fields, allowed codes, unique values.

    Subclasses list their fields in the class attributes below and add their own checks in
    `extra_errors()`; `rule_errors()` is what writers call.
    """

    required_fields: ClassVar[tuple[str, ...]] = ()
    choice_fields: ClassVar[dict[str, dict[str, Any]]] = {}
    unique_fields: ClassVar[tuple[str, ...]] = ()
    nip_fields: ClassVar[tuple[str, ...]] = ()

    def normalise(self) -> None:
        """Trim text, store empty text as NULL, and fill unset required columns with their default.

        Column defaults only apply at INSERT; the rules run before it, so they must see them too.
        """
        for column in self.__table__.columns:  # type: ignore[attr-defined]
            default = column.default
            if (
                not column.nullable
                and default is not None
                and default.is_scalar
                and getattr(self, column.key, None) is None
            ):
                setattr(self, column.key, default.arg)
            if isinstance(column.type, (String, Text)):
                value = getattr(self, column.key, None)
                if isinstance(value, str):
                    value = rules.trim_text(value)
                    setattr(self, column.key, value if value or not column.nullable else None)
        for name in self.nip_fields:
            value = getattr(self, name)
            if value:
                setattr(self, name, rules.digits_only(value))

    def rule_errors(self) -> dict[str, Any]:
        """Hook for writers: every broken rule of this record, keyed by field name."""
        self.normalise()
        errors: dict[str, Any] = {}
        for name in self.required_fields:
            if getattr(self, name) in (None, ""):
                errors[name] = _l("Wajib diisi.")
        for name, choices in self.choice_fields.items():
            value = getattr(self, name)
            if value is not None and value not in choices:
                errors.setdefault(name, _l("Pilihan tidak valid."))
        for name in self.unique_fields:
            if name not in errors and self._is_taken(name):
                errors[name] = _l("Nilai ini sudah dipakai oleh data lain.")
        for name in self.nip_fields:
            value = getattr(self, name)
            if value and name not in errors:
                message = rules.nip_error(value)
                if message:
                    errors[name] = message
        for name, message in self._plausibility_errors().items():
            errors.setdefault(name, message)
        for name, message in self.extra_errors().items():
            errors.setdefault(name, message)
        return errors

    def extra_errors(self) -> dict[str, Any]:
        """Hook for a model's own cross-field rules."""
        return {}

    def _plausibility_errors(self) -> dict[str, Any]:
        """No control character in any text, no date outside the years anyone could mean."""
        errors: dict[str, Any] = {}
        for column in self.__table__.columns:  # type: ignore[attr-defined]
            value = getattr(self, column.key, None)
            if isinstance(value, str):
                message = rules.text_error(value, multiline=isinstance(column.type, Text))
            elif isinstance(value, date) and not isinstance(value, datetime):
                message = rules.date_range_error(value)
            else:
                message = None
            if message:
                errors[column.key] = message
        return errors

    def rule_warnings(self) -> list[Any]:
        """Hook for problems worth a warning that must not block the save."""
        return []

    def delete_blockers(self) -> list[Any]:
        """Hook: what still refers to this record; a non-empty list refuses the delete."""
        return []

    def _is_taken(self, name: str) -> bool:
        value = getattr(self, name)
        session = object_session(self)
        if value is None or session is None:
            return False
        model = type(self)
        column = getattr(model, name)
        # Case-insensitive, as MariaDB's default collation already is: "dlh" is taken by "DLH".
        if isinstance(value, str):
            query = select(model.id).where(func.lower(column) == value.lower())
        else:
            query = select(model.id).where(column == value)
        if self.id is not None:  # type: ignore[attr-defined]
            query = query.where(model.id != self.id)  # type: ignore[attr-defined]
        with session.no_autoflush:
            if session.execute(query.limit(1)).first() is not None:
                return True

        # Two new records in one flush are not in the database yet.
        def same(other_value: Any) -> bool:
            if isinstance(value, str) and isinstance(other_value, str):
                return other_value.lower() == value.lower()
            return other_value == value

        return any(
            type(other) is model and other is not self and same(getattr(other, name)) for other in session.new
        )


def _count_blocker(count: int, label: Any) -> list[Any]:
    return [_l("%(count)d %(what)s", count=count, what=label)] if count else []


def rows_as_written(
    session: Session, model: type, parent_key: str, parent: Any, columns: tuple[str, ...]
) -> list[Any]:
    """The rows of `model` whose `parent_key` relation is `parent`, as this session will leave them.

    Stored rows are read now from the database (after `lock_for_rules`, the latest committed ones)
    as plain rows with `id` and `columns`; this session's own pending additions, changes and
    deletions take their place as the objects themselves. Rules that add up a journal or count a
    capacity read this, never an in-memory collection loaded earlier.
    """
    foreign_key = getattr(model, f"{parent_key}_id")
    pending = [obj for obj in (*session.new, *session.dirty, *session.deleted) if isinstance(obj, model)]
    superseded = {obj.id for obj in pending if obj.id is not None}
    stored: list[Any] = []
    if parent.id is not None:
        with session.no_autoflush:
            query = select(model.id, *(getattr(model, name) for name in columns)).where(
                foreign_key == parent.id
            )
            stored = [row for row in session.execute(query) if row.id not in superseded]
    with session.no_autoflush:
        mine = [obj for obj in pending if obj not in session.deleted and _refers_to(obj, parent_key, parent)]
    return stored + mine


def _refers_to(obj: Any, key: str, parent: Any) -> bool:
    related = getattr(obj, key)
    if related is not None:
        return related is parent
    return parent.id is not None and getattr(obj, f"{key}_id") == parent.id


def is_stored_row(row: Any) -> bool:
    """True for a row `rows_as_written` read from the database, False for this session's own object."""
    return hasattr(row, "_mapping")


def _related_id(row: Any, key: str) -> Any:
    """A related record's id, from a stored row or a pending object (whose relation may be newer)."""
    if is_stored_row(row):
        return getattr(row, f"{key}_id")
    related = getattr(row, key)
    return related.id if related is not None else getattr(row, f"{key}_id")


# ---------------------------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------------------------


class Agency(Tracked, Ruled, db.Model):
    """A party of the agreement: the Bapas, the Pemkab (signing through the Bupati) or an OPD."""

    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    acronym: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="opd", index=True)
    signs_agreement: Mapped[bool] = mapped_column(Boolean, default=False)
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(120))
    head_name: Mapped[str | None] = mapped_column(String(120))
    head_title: Mapped[str | None] = mapped_column(String(250))
    head_nip: Mapped[str | None] = mapped_column(String(24))
    head_rank: Mapped[str | None] = mapped_column(String(120))
    signatory_name: Mapped[str | None] = mapped_column(String(120))
    signatory_title: Mapped[str | None] = mapped_column(String(250))
    signatory_nip: Mapped[str | None] = mapped_column(String(24))
    signatory_rank: Mapped[str | None] = mapped_column(String(120))
    delegation_basis: Mapped[str] = mapped_column(String(20), default="none")
    delegation_number: Mapped[str | None] = mapped_column(String(120))
    delegation_date: Mapped[date | None] = mapped_column(Date)
    # The official in between when the signatory signs "u.b." (for him) for a deputy acting "a.n.".
    delegation_via_title: Mapped[str | None] = mapped_column(String(250))
    document_number: Mapped[str | None] = mapped_column(String(120))
    attendee_name: Mapped[str | None] = mapped_column(String(120))
    attendee_title: Mapped[str | None] = mapped_column(String(250))
    paraf_done: Mapped[bool] = mapped_column(Boolean, default=False)
    stamp_ready: Mapped[bool] = mapped_column(Boolean, default=False)
    attendance_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    pic_name: Mapped[str | None] = mapped_column(String(120))
    pic_contact: Mapped[str | None] = mapped_column(String(120))
    notes: Mapped[str | None] = mapped_column(Text)

    # passive_deletes="all": never null out children's keys; the database's RESTRICT decides.
    commitments: Mapped[list[Commitment]] = relationship(back_populates="agency", passive_deletes="all")
    placements: Mapped[list[Placement]] = relationship(back_populates="agency", passive_deletes="all")
    users: Mapped[list[User]] = relationship(back_populates="agency", passive_deletes="all")

    required_fields = ("name", "acronym", "kind", "delegation_basis")
    choice_fields = {"kind": AGENCY_KINDS, "delegation_basis": DELEGATION_BASES}
    unique_fields = ("name", "acronym")
    nip_fields = ("head_nip", "signatory_nip")

    def __str__(self) -> str:
        return self.acronym or self.name or ""

    @property
    def signatory_is_head(self) -> bool:
        """True when the head signs in person (or no separate signatory is named)."""
        return (
            not self.signatory_name
            or (self.signatory_name or "").casefold() == (self.head_name or "").casefold()
        )

    def extra_errors(self) -> dict[str, Any]:
        """A signatory other than the head needs a delegation; a letter needs its number and date."""
        errors: dict[str, Any] = {}
        if not self.signatory_is_head and self.delegation_basis == "none":
            errors["delegation_basis"] = _l(
                "Penanda tangan bukan kepala instansi: pilih dasar pelimpahan (Plt, Plh, surat kuasa atau surat tugas)."
            )
        if self.delegation_basis in ("surat_kuasa", "surat_tugas"):
            if not self.delegation_number:
                errors["delegation_number"] = _l("Nomor surat pelimpahan wajib diisi.")
            if not self.delegation_date:
                errors["delegation_date"] = _l("Tanggal surat pelimpahan wajib diisi.")
        return errors

    def delete_blockers(self) -> list[Any]:
        """Commitments, placements and user accounts keep an agency alive."""
        session = object_session(self)
        if session is None or self.id is None:
            return []
        counts = {
            model: session.scalar(select(func.count()).select_from(model).where(column == self.id))
            for model, column in (
                (Commitment, Commitment.agency_id),
                (Placement, Placement.agency_id),
                (User, User.agency_id),
            )
        }
        return (
            _count_blocker(counts[Commitment], _l("rencana kerja"))
            + _count_blocker(counts[Placement], _l("penempatan"))
            + _count_blocker(counts[User], _l("akun pengguna"))
        )


class Commitment(Tracked, Ruled, db.Model):
    """One line of the joint work plan (the annex): what one agency commits."""

    __tablename__ = "commitment"
    __table_args__ = (UniqueConstraint("agency_id", "activity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="RESTRICT"), index=True)
    area: Mapped[str] = mapped_column(String(20), index=True)
    activity: Mapped[str] = mapped_column(String(300))
    indicator: Mapped[str | None] = mapped_column(Text)
    capacity: Mapped[int | None] = mapped_column(Integer)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    period_text: Mapped[str | None] = mapped_column(String(120))
    pic_name: Mapped[str | None] = mapped_column(String(120))
    pic_contact: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    agreed_date: Mapped[date | None] = mapped_column(Date)

    agency: Mapped[Agency] = relationship(back_populates="commitments", lazy="joined")
    placements: Mapped[list[Placement]] = relationship(back_populates="commitment", passive_deletes="all")

    required_fields = ("agency", "area", "activity", "status")
    choice_fields = {"area": COMMITMENT_AREAS, "status": COMMITMENT_STATUSES}

    def __str__(self) -> str:
        agency = self.agency.acronym if self.agency else "?"
        return f"{agency}: {self.activity}"

    def extra_errors(self) -> dict[str, Any]:
        """Dates in order, a positive capacity, an indicator that fits its cell, one activity text per agency."""
        errors: dict[str, Any] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _l("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = _l("Kapasitas minimal 1 klien (kosongkan bila tidak dibatasi).")
        elif self.capacity is not None and self.capacity > rules.CAPACITY_MAX:
            errors["capacity"] = _l(
                "Kapasitas paling banyak %(most)s klien.", most=f"{rules.CAPACITY_MAX:,}".replace(",", ".")
            )
        if self.indicator and len(self.indicator) > rules.INDICATOR_MAX_LENGTH:
            errors["indicator"] = _l(
                "Indikator paling panjang %(most)d karakter (sekarang %(length)d); ringkas isinya.",
                most=rules.INDICATOR_MAX_LENGTH,
                length=len(self.indicator),
            )
        if self.agency is not None and self.activity and self._activity_taken():
            errors["activity"] = _l("Instansi ini sudah memiliki rencana kerja dengan kegiatan yang sama.")
        for name, message in self._placement_errors().items():
            errors.setdefault(name, message)
        return errors

    def _placement_errors(self) -> dict[str, Any]:
        """The placements made under this line of the work plan must still fit it after the change."""
        session = object_session(self)
        if session is None or self.id is None:
            return {}
        placements = rows_as_written(session, Placement, "commitment", self, ("status", "agency_id"))
        agency_id = self.agency.id if self.agency is not None else self.agency_id
        elsewhere = [row for row in placements if _related_id(row, "agency") != agency_id]
        open_count = sum(1 for row in placements if row.status in OPEN_PLACEMENT_STATUSES)
        errors: dict[str, Any] = {}
        if elsewhere:
            errors["agency"] = _l(
                "%(count)d penempatan memakai rencana kerja ini di instansinya; instansi tidak dapat diganti.",
                count=len(elsewhere),
            )
        if self.capacity is not None and open_count > self.capacity:
            errors["capacity"] = _l(
                "%(count)d penempatan aktif memakai rencana kerja ini; kapasitas tidak boleh kurang dari %(count)d.",
                count=open_count,
            )
        if self.status == "dropped" and open_count:
            errors["status"] = _l(
                "%(count)d penempatan aktif memakai rencana kerja ini; akhiri penempatannya sebelum membatalkan.",
                count=open_count,
            )
        return errors

    def _activity_taken(self) -> bool:
        session = object_session(self)
        if session is None or self.agency.id is None:
            return False
        query = select(Commitment.id).where(
            Commitment.agency_id == self.agency.id, Commitment.activity == self.activity
        )
        if self.id is not None:
            query = query.where(Commitment.id != self.id)
        with session.no_autoflush:
            return session.execute(query.limit(1)).first() is not None

    def delete_blockers(self) -> list[Any]:
        """Placements made under a commitment keep it alive."""
        session = object_session(self)
        if session is None or self.id is None:
            return []
        count = session.scalar(
            select(func.count()).select_from(Placement).where(Placement.commitment_id == self.id)
        )
        return _count_blocker(count, _l("penempatan"))


class Client(Tracked, Ruled, db.Model):
    """A Bapas client (klien pemasyarakatan), child or adult: specific personal data under UU PDP."""

    __tablename__ = "client"

    id: Mapped[int] = mapped_column(primary_key=True)
    register_number: Mapped[str] = mapped_column(String(40), unique=True)
    full_name: Mapped[str] = mapped_column(String(120), index=True)
    nik: Mapped[str | None] = mapped_column(String(16), unique=True)
    birth_date: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1))
    address: Mapped[str | None] = mapped_column(String(300))
    parent_names: Mapped[str | None] = mapped_column(String(250))
    category: Mapped[str] = mapped_column(String(10), index=True)
    offence: Mapped[str] = mapped_column(String(250))
    offence_date: Mapped[date] = mapped_column(Date)
    legal_basis: Mapped[str] = mapped_column(String(40), index=True)
    ruling_ref: Mapped[str | None] = mapped_column(String(200))
    ruling_date: Mapped[date | None] = mapped_column(Date)
    litmas_ref: Mapped[str | None] = mapped_column(String(200))
    pk_name: Mapped[str | None] = mapped_column(String(120))
    pk_nip: Mapped[str | None] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(12), default="active", index=True)
    consent_recorded: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)

    placements: Mapped[list[Placement]] = relationship(back_populates="client", passive_deletes="all")

    required_fields = (
        "register_number",
        "full_name",
        "birth_date",
        "sex",
        "category",
        "offence",
        "offence_date",
        "legal_basis",
        "status",
    )
    choice_fields = {
        "sex": SEXES,
        "category": CLIENT_CATEGORIES,
        "legal_basis": LEGAL_BASES,
        "status": CLIENT_STATUSES,
    }
    unique_fields = ("register_number", "nik")
    nip_fields = ("pk_nip",)

    def __str__(self) -> str:
        return f"{self.register_number} — {self.full_name}"

    def normalise(self) -> None:
        """NIKs are typed with spaces; keep digits only."""
        super().normalise()
        if self.nik:
            self.nik = rules.digits_only(self.nik)

    def extra_errors(self) -> dict[str, Any]:
        """NIK format, dates in order, and the child/adult label from the age at the offence."""
        errors: dict[str, Any] = {}
        if self.nik:
            message = rules.nik_error(self.nik)
            if message:
                errors["nik"] = message
        if self.birth_date and self.birth_date > today_wib():
            errors["birth_date"] = _l("Tanggal lahir tidak boleh di masa depan.")
        if self.offence_date and self.offence_date > today_wib():
            errors["offence_date"] = _l("Tanggal tindak pidana tidak boleh di masa depan.")
        if self.ruling_date and self.ruling_date > today_wib():
            errors["ruling_date"] = _l("Tanggal putusan tidak boleh di masa depan.")
        if self.ruling_date and self.offence_date and self.ruling_date < self.offence_date:
            errors["ruling_date"] = _l("Tanggal putusan tidak boleh sebelum tanggal tindak pidana.")
        if self.birth_date and self.offence_date and "offence_date" not in errors:
            errors.update(self._category_errors())
        for name, message in self._placement_errors().items():
            errors.setdefault(name, message)
        return errors

    def _placement_errors(self) -> dict[str, Any]:
        """The client's placements must still fit after the change: an open one needs an active client,
        and each kind is for one category (rules.SENTENCES)."""
        session = object_session(self)
        if session is None or self.id is None:
            return {}
        placements = rows_as_written(session, Placement, "client", self, ("status", "kind"))
        errors: dict[str, Any] = {}
        open_count = sum(1 for row in placements if row.status in OPEN_PLACEMENT_STATUSES)
        if self.status != "active" and open_count:
            errors["status"] = _l(
                "Klien masih memiliki %(count)d penempatan direncanakan atau berjalan; akhiri penempatannya dulu.",
                count=open_count,
            )
        for kind in sorted({row.kind for row in placements}):
            sentence = rules.sentence_for(kind)
            if sentence is not None and sentence.category_error(self.category):
                count = sum(1 for row in placements if row.kind == kind)
                errors.setdefault(
                    "category",
                    _l(
                        "Klien memiliki %(count)d penempatan %(kind)s, yang hanya untuk klien %(category)s.",
                        count=count,
                        kind=sentence.label,
                        category=sentence.category,
                    ),
                )
        return errors

    def _category_errors(self) -> dict[str, Any]:
        """The child/adult label from the age at the offence (rules.CHILD_AGE); the label then stays."""
        if self.offence_date < self.birth_date:
            return {"offence_date": _l("Tanggal tindak pidana tidak boleh sebelum tanggal lahir.")}
        age = rules.age_on(self.birth_date, self.offence_date)
        implausible = rules.CHILD_AGE.too_young_error(age) or rules.CHILD_AGE.too_old_error(age)
        if implausible:
            return {"birth_date": implausible}
        wrong_category = rules.CHILD_AGE.category_error(age, self.category)
        return {"category": wrong_category} if wrong_category else {}

    def rule_warnings(self) -> list[Any]:
        """A NIK that disagrees with the birth date or sex is flagged, never refused."""
        if not self.nik:
            return []
        message = rules.nik_mismatch(self.nik, self.birth_date, self.sex)
        return [message] if message else []

    def delete_blockers(self) -> list[Any]:
        """A client with placements is ended by status, never deleted."""
        session = object_session(self)
        if session is None or self.id is None:
            return []
        count = session.scalar(
            select(func.count()).select_from(Placement).where(Placement.client_id == self.id)
        )
        return _count_blocker(count, _l("penempatan"))


class Placement(Tracked, Ruled, db.Model):
    """A client placed with a host agency under one of its commitments, for bounded hours."""

    __tablename__ = "placement"
    # The list's default order (newest start first) within a status filter or a head's agency: the
    # database reads the first page off the index instead of sorting every matching placement. And
    # the open placements per work-plan line (the placement form's places left), counted off an
    # index alone: 25 ms instead of 240 over 300,000 placements.
    __table_args__ = (
        Index("ix_placement_status_start_date", "status", "start_date"),
        Index("ix_placement_agency_id_start_date", "agency_id", "start_date"),
        Index("ix_placement_status_commitment_id", "status", "commitment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="RESTRICT"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="RESTRICT"), index=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(24), index=True)
    site: Mapped[str | None] = mapped_column(String(250))
    host_supervisor: Mapped[str | None] = mapped_column(String(120))
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date] = mapped_column(Date, index=True)
    hours_ordered: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default="planned", index=True)
    notes: Mapped[str | None] = mapped_column(Text)

    client: Mapped[Client] = relationship(back_populates="placements", lazy="joined")
    agency: Mapped[Agency] = relationship(back_populates="placements", lazy="joined")
    commitment: Mapped[Commitment] = relationship(back_populates="placements", lazy="joined")
    hour_logs: Mapped[list[HourLog]] = relationship(
        back_populates="placement",
        cascade="all, delete-orphan",
        order_by="HourLog.work_date",
    )

    required_fields = ("client", "agency", "commitment", "kind", "start_date", "end_date", "status")
    choice_fields = {"kind": PLACEMENT_KINDS, "status": PLACEMENT_STATUSES}

    def __str__(self) -> str:
        client = self.client.register_number if self.client else "?"
        agency = self.agency.acronym if self.agency else "?"
        start = long_date(self.start_date) if self.start_date else ""
        return f"{client} · {agency} · {start}"

    def journal(self) -> list[Any]:
        """The hour logs as this session will leave them: stored rows read now, and pending objects."""
        session = object_session(self)
        if session is None:
            return list(self.hour_logs)
        return rows_as_written(session, HourLog, "placement", self, ("work_date", "hours"))

    def day_errors(self, work_date: date, hours: float) -> dict[str, Any]:
        """What one journal day must meet in this placement: inside its dates, under its daily cap."""
        errors: dict[str, Any] = {}
        if self.start_date and self.end_date and not (self.start_date <= work_date <= self.end_date):
            errors["work_date"] = _l(
                "Tanggal kerja harus dalam masa penempatan (%(start)s – %(end)s).",
                start=long_date(self.start_date),
                end=long_date(self.end_date),
            )
        sentence = rules.sentence_for(self.kind)
        too_many = rules.journal_hours_error(hours) or (sentence and sentence.daily_hours_error(hours))
        wrong_day = sentence and sentence.work_day_error(work_date)
        if wrong_day:
            errors.setdefault("work_date", wrong_day)
        if too_many:
            errors["hours"] = too_many
        return errors

    @property
    def takes_hours(self) -> bool:
        """True for a running placement of a kind whose hours the law counts (rules.SENTENCES)."""
        return self.status == "active" and rules.sentence_for(self.kind) is not None

    def next_journal_day(self) -> date:
        """The day a clerk most likely logs next: the working day after the last one logged, or the start."""
        days = [row.work_date for row in self.journal() if row.work_date]
        day = rules.next_working_day(max(days)) if days else self.start_date
        if not rules.is_working_day(day):
            day = rules.next_working_day(day)
        return day

    @property
    def hours_remaining(self) -> float | None:
        """Hours still to serve, or None when no hours were ordered."""
        if self.hours_ordered is None:
            return None
        return max(self.hours_ordered - float(self.hours_credited or 0), 0.0)

    def extra_errors(self) -> dict[str, Any]:
        """Every rule of DESIGN.md §4 that a placement must meet."""
        errors: dict[str, Any] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _l("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        if self.hours_ordered is not None and self.hours_ordered < 1:
            errors["hours_ordered"] = _l("Jam putusan minimal 1 jam.")
        if self.client is not None:
            errors.update(self._client_errors())
        if self.commitment is not None and self.agency is not None:
            errors.update(self._commitment_errors())
        for name, message in self._kind_errors().items():
            errors.setdefault(name, message)
        for name, message in self._journal_errors().items():
            errors.setdefault(name, message)
        return errors

    def _journal_errors(self) -> dict[str, Any]:
        """The stored journal must still fit after a change of hours, dates or kind.

        Rows this session adds or changes are checked as hour logs of their own.
        """
        journal = self.journal()
        errors: dict[str, Any] = {}
        logged = float(sum(row.hours or 0 for row in journal))
        if self.hours_ordered is not None and logged > self.hours_ordered:
            errors["hours_ordered"] = _l(
                "Jam yang sudah tercatat (%(logged)s) melebihi jam putusan.", logged=format_hours(logged)
            )
        for row in filter(is_stored_row, journal):
            for message in self.day_errors(row.work_date, row.hours).values():
                errors[f"_journal_{row.id}"] = _l(
                    "Jurnal %(day)s: %(message)s", day=long_date(row.work_date), message=message
                )
                break
        return errors

    def delete_blockers(self) -> list[Any]:
        """A placement with a journal keeps its history; end it by status instead."""
        session = object_session(self)
        if session is None or self.id is None:
            return []
        count = session.scalar(
            select(func.count()).select_from(HourLog).where(HourLog.placement_id == self.id)
        )
        return _count_blocker(count, _l("jurnal kerja"))

    def _client_errors(self) -> dict[str, Any]:
        if self.status in OPEN_PLACEMENT_STATUSES and self.client.status != "active":
            return {"client": _l("Klien tidak berstatus aktif; penempatan baru tidak dapat dibuat.")}
        return {}

    def _commitment_errors(self) -> dict[str, Any]:
        commitment = self.commitment
        if commitment.agency is not self.agency:
            return {
                "commitment": _l(
                    "Rencana kerja ini milik %(owner)s, bukan instansi penempatan %(host)s.",
                    owner=commitment.agency,
                    host=self.agency,
                )
            }
        if commitment.status == "dropped":
            return {"commitment": _l("Rencana kerja ini sudah dibatalkan.")}
        if (
            self.status in OPEN_PLACEMENT_STATUSES
            and commitment.capacity is not None
            and len(self._other_open_placements(commitment)) >= commitment.capacity
        ):
            return {
                "commitment": _l(
                    "Kapasitas rencana kerja ini sudah penuh (%(capacity)d klien).",
                    capacity=commitment.capacity,
                )
            }
        return {}

    def _other_open_placements(self, commitment: Commitment) -> list[Any]:
        """The other planned or running placements under `commitment`, as this session will leave them."""
        session = object_session(self) or object_session(commitment)
        if session is None:
            rows: list[Any] = list(commitment.placements)
        else:
            rows = rows_as_written(session, Placement, "commitment", commitment, ("status",))
        return [
            row
            for row in rows
            if row is not self
            and not (self.id is not None and getattr(row, "id", None) == self.id)
            and row.status in OPEN_PLACEMENT_STATUSES
        ]

    def _kind_errors(self) -> dict[str, Any]:
        """The legal bounds of the kind (rules.SENTENCES): who may serve it, how many hours, how long."""
        sentence = rules.sentence_for(self.kind)
        if sentence is None:
            return {}
        errors = {
            "kind": sentence.category_error(self.client.category if self.client is not None else None),
            "hours_ordered": sentence.hours_error(self.hours_ordered),
        }
        if self.start_date and self.end_date:
            errors["end_date"] = sentence.period_error(self.start_date, self.end_date)
        return {name: message for name, message in errors.items() if message}


class HourLog(Tracked, Ruled, db.Model):
    """One day worked in a placement (jurnal kerja sosial)."""

    __tablename__ = "hour_log"
    __table_args__ = (UniqueConstraint("placement_id", "work_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placement.id", ondelete="RESTRICT"), index=True)
    work_date: Mapped[date] = mapped_column(Date, index=True)
    hours: Mapped[float] = mapped_column(Double)
    activity: Mapped[str | None] = mapped_column(String(300))
    verified_by: Mapped[str | None] = mapped_column(String(120))

    placement: Mapped[Placement] = relationship(back_populates="hour_logs", lazy="joined")

    required_fields = ("placement", "work_date", "hours")

    def __str__(self) -> str:
        day = long_date(self.work_date) if self.work_date else ""
        return f"{day}: {format_hours(self.hours)} jam"

    def extra_errors(self) -> dict[str, Any]:
        """Hours in half-hour steps, inside the placement, within the daily caps and the order."""
        errors: dict[str, Any] = {}
        if self.hours is not None and (self.hours <= 0 or (self.hours * 2) % 1):
            errors["hours"] = _l("Jam kerja harus lebih dari 0, dalam kelipatan setengah jam.")
        if self.work_date and self.work_date > today_wib():
            errors["work_date"] = _l("Tanggal kerja tidak boleh di masa depan.")
        placement = self.placement
        if placement is None or self.work_date is None or self.hours is None:
            return errors
        day = placement.day_errors(self.work_date, self.hours)
        if "work_date" in day:
            errors.setdefault("work_date", day["work_date"])
        others = [
            row
            for row in placement.journal()
            if row is not self and not (self.id is not None and getattr(row, "id", None) == self.id)
        ]
        if any(row.work_date == self.work_date for row in others):
            errors.setdefault("work_date", _l("Tanggal ini sudah tercatat di jurnal penempatan ini."))
        if "hours" not in errors and "hours" in day:
            errors["hours"] = day["hours"]
        if "hours" not in errors and (over := self.total_error(others)):
            errors["hours"] = over
        return errors

    def total_error(self, others: list[Any] | None = None) -> Any:
        """The message when this day takes the journal over the ordered hours, else None.

        A placement whose ordered hours were lowered says so once at its own field; its edit form
        leaves this per-day message out (PlacementView.related_errors).
        """
        placement = self.placement
        if placement is None or placement.hours_ordered is None or self.hours is None:
            return None
        if others is None:
            others = [row for row in placement.journal() if row is not self]
        total = sum(row.hours or 0 for row in others) + self.hours
        if total <= placement.hours_ordered:
            return None
        return _l(
            "Total jam tercatat (%(total)s) melebihi jam putusan (%(ordered)d).",
            total=format_hours(total),
            ordered=placement.hours_ordered,
        )


class Agreement(Tracked, Ruled, db.Model):
    """The Nota Kesepakatan: one current record, older ones kept; the ceremony and its checklist."""

    __tablename__ = "agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(250), unique=True)
    # "TENTANG …" in the annex's identification block: what the agreement is about.
    subject: Mapped[str | None] = mapped_column(String(250))
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    ceremony_date: Mapped[date | None] = mapped_column(Date)
    ceremony_time: Mapped[time | None] = mapped_column(Time)
    venue: Mapped[str | None] = mapped_column(String(250))
    paper: Mapped[str] = mapped_column(String(2), default="f4")
    meterai_required: Mapped[bool] = mapped_column(Boolean, default=False)
    meterai_count: Mapped[int] = mapped_column(Integer, default=0)
    originals: Mapped[int] = mapped_column(Integer, default=2)
    # Empty numbered rows at the end of the daftar hadir, for attendees nobody planned.
    attendance_blank_rows: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    text_final: Mapped[bool] = mapped_column(Boolean, default=False)
    annex_final: Mapped[bool] = mapped_column(Boolean, default=False)
    numbers_reserved: Mapped[bool] = mapped_column(Boolean, default=False)
    attendance_ready: Mapped[bool] = mapped_column(Boolean, default=False)
    press_plan_ok: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)

    required_fields = ("title", "paper")
    choice_fields = {"paper": PAPER_SIZES}
    unique_fields = ("title",)

    def __str__(self) -> str:
        return self.title or ""

    def extra_errors(self) -> dict[str, Any]:
        """Counts that a printed agreement needs to make sense."""
        errors: dict[str, Any] = {}
        if self.originals is None or self.originals < 1:
            errors["originals"] = _l("Jumlah rangkap asli minimal 1.")
        elif self.originals > rules.ORIGINALS_MAX:
            errors["originals"] = _l("Jumlah rangkap asli paling banyak %(most)d.", most=rules.ORIGINALS_MAX)
        if self.meterai_count is None or self.meterai_count < 0:
            errors["meterai_count"] = _l("Jumlah meterai tidak boleh negatif.")
        elif self.meterai_count > rules.METERAI_MAX:
            errors["meterai_count"] = _l("Jumlah meterai paling banyak %(most)d.", most=rules.METERAI_MAX)
        blank = self.attendance_blank_rows
        if blank is None or not 0 <= blank <= rules.ATTENDANCE_BLANK_ROWS_MAX:
            errors["attendance_blank_rows"] = _l(
                "Baris kosong daftar hadir antara 0 dan %(most)d.", most=rules.ATTENDANCE_BLANK_ROWS_MAX
            )
        elif self.meterai_required and self.meterai_count < 1:
            errors["meterai_count"] = _l("Meterai diperlukan: isi jumlahnya (minimal 1).")
        return errors


class User(Tracked, Ruled, db.Model):
    """A login: the clerk (every record) or an agency head (read-only, scoped to one agency)."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str | None] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10), default="clerk")
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="RESTRICT"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Counts up whenever every session of this user must end (logout, a new password, deactivation);
    # a session that carries an older number is refused (auth.py).
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    agency: Mapped[Agency | None] = relationship(back_populates="users", lazy="joined")

    required_fields = ("username", "password_hash", "role")
    choice_fields = {"role": ROLES}
    unique_fields = ("username",)

    def __str__(self) -> str:
        return self.username or ""

    def extra_errors(self) -> dict[str, Any]:
        """A head reads one agency's data, so a head account needs an agency that exists."""
        if self.role == "head" and self._stored_agency() is None:
            return {"agency": _l("Akun kepala instansi wajib terhubung ke satu instansi.")}
        return {}

    def _stored_agency(self) -> Agency | None:
        """The agency as it will be saved: the relation if set or cleared, else the one the id names."""
        if self.agency is not None or inspect(self).attrs.agency.history.has_changes():
            return self.agency
        session = object_session(self)
        if self.agency_id is None or session is None:
            return None
        with session.no_autoflush:
            return session.get(Agency, self.agency_id)

    def delete_blockers(self) -> list[Any]:
        """An account named in the audit trail stays; deactivate it instead."""
        session = object_session(self)
        if session is None or self.id is None:
            return []
        count = session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.user_id == self.id)
        )
        return _count_blocker(count, _l("catatan audit"))

    def set_password(self, password: str) -> None:
        """Store a salted hash; the method is a setting so tests can hash quickly."""
        method = "scrypt"
        if has_app_context():
            method = current_app.config.get("PASSWORD_HASH_METHOD", method)
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        """True when `password` matches the stored hash."""
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    # Flask-Login's user protocol.
    @property
    def is_active(self) -> bool:
        return bool(self.active)

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)


class LoginThrottle(db.Model):
    """Failed logins against one account from one client address, and how long that address waits.

    Another address is never delayed by it, so nobody can lock the clerk out from elsewhere (auth.py).
    """

    __tablename__ = "login_throttle"
    __table_args__ = (UniqueConstraint("user_id", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(45))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime)


class AuditEntry(db.Model):
    """One line of the append-only audit trail: who did or saw what, when, from where."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="RESTRICT"), index=True)
    username: Mapped[str | None] = mapped_column(String(60))
    ip_address: Mapped[str | None] = mapped_column(String(45))
    action: Mapped[str] = mapped_column(String(16), index=True)
    object_type: Mapped[str | None] = mapped_column(String(40), index=True)
    object_id: Mapped[str | None] = mapped_column(String(40))
    summary: Mapped[str | None] = mapped_column(Text)
    changes: Mapped[str | None] = mapped_column(Text)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or '-'} {self.action}"


# Hours credited, computed by the database in the same SELECT as the placement (no extra query).
Placement.hours_credited = column_property(
    select(func.coalesce(func.sum(HourLog.hours), 0.0))
    .where(HourLog.placement_id == Placement.id)
    .correlate_except(HourLog)
    .scalar_subquery()
)


# Until when the latest login delay of an account lasts, from whichever address (the users' list).
User.login_delayed_until = column_property(
    select(func.max(LoginThrottle.blocked_until))
    .where(LoginThrottle.user_id == User.id)
    .correlate_except(LoginThrottle)
    .scalar_subquery()
)


# ---------------------------------------------------------------------------------------------
# The one place every write passes
# ---------------------------------------------------------------------------------------------


def register_rule_guard() -> None:
    """Run `enforce_domain_rules` before every flush of every session (called once by `create_app`)."""
    if not event.contains(Session, "before_flush", enforce_domain_rules):
        event.listen(Session, "before_flush", enforce_domain_rules)


def lock_for_rules(session: Session) -> None:
    """Before rules that read other records: lock those records so no other writer changes them meanwhile.

    Which records: a placement for its journal, a commitment for its capacity, a client for its status
    and category, for every pending hour log, placement, commitment and client of this session
    (locking.py says how, per database). Writers that touch none of these take no lock.
    """
    clients: dict[int, Client] = {}
    commitments: dict[int, Commitment] = {}
    placements: dict[int, Placement] = {}
    with session.no_autoflush:
        for obj in (*session.new, *session.dirty, *session.deleted):
            if isinstance(obj, HourLog) and obj.placement is not None:
                placements[id(obj.placement)] = obj.placement
            elif isinstance(obj, Placement):
                placements[id(obj)] = obj
                if obj.client is not None:
                    clients[id(obj.client)] = obj.client
                if obj.commitment is not None:
                    commitments[id(obj.commitment)] = obj.commitment
            elif isinstance(obj, Commitment):
                commitments[id(obj)] = obj
            elif isinstance(obj, Client):
                clients[id(obj)] = obj
        if not (clients or commitments or placements):
            return
        locking.begin_write(session)
        for group in (clients, commitments, placements):
            locking.lock_and_refresh(session, sorted(group.values(), key=lambda record: record.id or 0))


def enforce_domain_rules(session: Session, flush_context: Any, instances: Any) -> None:
    """Hook for SQLAlchemy: refuse a flush that breaks a rule or deletes what others need, whoever writes.

    The records the rules read are locked first (`lock_for_rules`), in the transaction that writes.
    """
    lock_for_rules(session)
    with session.no_autoflush:
        for obj in list(session.deleted):
            if isinstance(obj, Ruled):
                blockers = obj.delete_blockers()
                if blockers:
                    raise DomainError({"_": delete_refusal(obj, blockers)})
        changed = [
            obj
            for obj in list(session.new) + list(session.dirty)
            if isinstance(obj, Ruled) and obj not in session.deleted
        ]
        for obj in changed:
            if obj in session.new or session.is_modified(obj):
                errors = obj.rule_errors()
                if errors:
                    raise DomainError(errors)
        _keep_one_current_agreement(session)


def delete_refusal(obj: Any, blockers: list[Any]) -> Any:
    """'Agency DLH tidak dapat dihapus: masih dirujuk oleh 3 rencana kerja, 1 penempatan.'"""
    return _l(
        "%(record)s tidak dapat dihapus: masih dirujuk oleh %(what)s.",
        record=obj,
        what=", ".join(str(blocker) for blocker in blockers),
    )


def _keep_one_current_agreement(session: Session) -> None:
    """Marking an agreement current retires the previous one; older agreements are kept."""
    marked = [
        obj
        for obj in list(session.new) + list(session.dirty)
        if isinstance(obj, Agreement) and obj.is_current
    ]
    if not marked:
        return
    keep = marked[-1]
    for other in marked[:-1]:
        other.is_current = False
    query = select(Agreement).where(Agreement.is_current.is_(True))
    if keep.id is not None:
        query = query.where(Agreement.id != keep.id)
    for other in session.scalars(query):
        if other is not keep:
            other.is_current = False
