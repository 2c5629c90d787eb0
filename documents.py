"""The signing checklist (DOMAIN.md §7.3) and the three printed documents, built from the records.

One row per party, signing parties first, then every OPD; each item is done, missing, or not
applicable to that party. The same structure feeds the checklist screen and the three PDFs: the
checklist, the annex (Lampiran) and the attendance list (daftar hadir). Nothing here needs a request:
`print_document()` renders a PDF from a database session and an app context, so a screen, a command
or a frozen snapshot can use it; `admin_views/checklist_screen.py` only serves what this builds.
The documents name agencies and officials, never a client.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

import rules
from indonesian import date_in_words, ordinal
from models import COMMITMENT_AREAS, Agency, Agreement, Commitment, today_wib
from printing import PAGE_SIZES_MM, render_pdf

DONE, MISSING, NOT_APPLICABLE = "done", "missing", "n/a"
ANNEX_STATUSES = ("agreed", "active", "done")

PARTY_ITEMS = (
    ("signatory", _l("Penanda tangan (nama dan jabatan)")),
    ("nip", _l("NIP valid")),
    ("delegation", _l("Surat pelimpahan (nomor dan tanggal)")),
    ("document_number", _l("Nomor dokumen pihak")),
    ("paraf", _l("Paraf setiap halaman")),
    ("stamp", _l("Cap dinas siap")),
    ("attendance", _l("Kehadiran dikonfirmasi")),
    ("commitment", _l("Rencana kerja disepakati di lampiran")),
    ("pic", _l("PIC tindak lanjut")),
)


@dataclass
class Item:
    """One tick of the checklist."""

    key: str
    label: Any
    state: str

    @property
    def missing(self) -> bool:
        return self.state == MISSING


@dataclass
class PartyRow:
    """A party's line: who represents it and each of its items."""

    agency: Agency
    representative: str
    title: str
    items: list[Item] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not any(item.missing for item in self.items)


@dataclass
class Checklist:
    """The whole checklist of the current agreement."""

    agreement: Agreement | None
    agreement_items: list[Item]
    parties: list[PartyRow]

    @property
    def ready_count(self) -> int:
        return sum(1 for party in self.parties if party.ready)

    @property
    def signing_parties(self) -> list[PartyRow]:
        return [party for party in self.parties if party.agency.signs_agreement]


def state(applies: bool, done: bool) -> str:
    if not applies:
        return NOT_APPLICABLE
    return DONE if done else MISSING


def representative_of(agency: Agency) -> tuple[str, str]:
    """Who stands for the party: the signatory, else the head (name, title); may be blank."""
    name = agency.signatory_name or agency.head_name or ""
    title = agency.signatory_title or agency.head_title or ""
    return name, title


def attendee_of(agency: Agency) -> tuple[str, str]:
    """Who attends the ceremony for the party: the named attendee, else its representative."""
    if agency.attendee_name:
        return agency.attendee_name, agency.attendee_title or ""
    return representative_of(agency)


def represented_by_civil_servant(agency: Agency) -> bool:
    """Whether the party's representative is a civil servant (PNS), who signs with a NIP.

    The heads of the Bapas and of every OPD are; the Bupati is elected and has none, but the Sekda
    or another official signing on the Bupati's behalf does. Another kind of party (a foundation,
    say) needs a NIP only if one is recorded.
    """
    if agency.kind in ("bapas", "opd"):
        return True
    return agency.kind == "pemda" and not agency.signatory_is_head


def party_row(agency: Agency) -> PartyRow:
    """Every item of one party, from its record and its commitments."""
    name, title = representative_of(agency)
    nips = [nip for nip in (agency.head_nip, agency.signatory_nip) if nip]
    delegated = not agency.signatory_is_head
    delegation_done = agency.delegation_basis in ("plt", "plh") or bool(
        agency.delegation_number and agency.delegation_date
    )
    agreed = [c for c in agency.commitments if c.status in ANNEX_STATUSES]
    commits = agency.kind == "opd" or bool(agency.commitments)
    states = {
        "signatory": state(True, bool(name and title)),
        "nip": state(
            bool(nips) or represented_by_civil_servant(agency),
            bool(nips) and all(rules.nip_error(nip) is None for nip in nips),
        ),
        "delegation": state(delegated, delegated and delegation_done),
        "document_number": state(agency.signs_agreement, bool(agency.document_number)),
        "paraf": state(True, agency.paraf_done),
        "stamp": state(True, agency.stamp_ready),
        "attendance": state(True, agency.attendance_confirmed),
        "commitment": state(commits, bool(agreed)),
        "pic": state(True, bool(agency.pic_name)),
    }
    items = [Item(key, label, states[key]) for key, label in PARTY_ITEMS]
    return PartyRow(agency, name, title, items)


def agreement_items(agreement: Agreement | None, parties: list[PartyRow]) -> list[Item]:
    """The whole-agreement items (DOMAIN.md §7.3 A)."""
    if agreement is None:
        return [Item("agreement", _l("Data nota kesepakatan"), MISSING)]
    signing = [party for party in parties if party.agency.signs_agreement]
    return [
        Item(
            "ceremony",
            _l("Tanggal dan tempat penandatanganan"),
            state(True, bool(agreement.ceremony_date and agreement.venue)),
        ),
        Item("text_final", _l("Naskah final"), state(True, agreement.text_final)),
        Item("annex_final", _l("Lampiran rencana kerja final"), state(True, agreement.annex_final)),
        Item(
            "numbers_reserved",
            _l("Nomor dokumen dipesan setiap pihak"),
            state(
                True,
                agreement.numbers_reserved and all(p.agency.document_number for p in signing),
            ),
        ),
        Item(
            "originals",
            _l("Rangkap asli sebanyak pihak penanda tangan"),
            state(True, agreement.originals >= max(len(signing), 1)),
        ),
        Item(
            "meterai",
            _l("Keputusan meterai tercatat"),
            state(True, not agreement.meterai_required or agreement.meterai_count >= 1),
        ),
        Item("attendance_ready", _l("Daftar hadir siap"), state(True, agreement.attendance_ready)),
        Item("press_plan", _l("Rencana publikasi tanpa wajah klien"), state(True, agreement.press_plan_ok)),
    ]


def current_agreement(session: Session) -> Agreement | None:
    """The agreement being prepared (the one marked current), or None."""
    return session.scalar(select(Agreement).where(Agreement.is_current.is_(True)))


def build_checklist(session: Session) -> Checklist:
    """The checklist of the current agreement, in two queries."""
    agencies = session.scalars(
        select(Agency)
        .options(selectinload(Agency.commitments))
        .order_by(Agency.signs_agreement.desc(), Agency.kind, Agency.name)
    ).all()
    # Signing parties first: the Bapas, then the Pemkab; then the OPD by name.
    order = {"bapas": 0, "pemda": 1}
    agencies = sorted(agencies, key=lambda a: (not a.signs_agreement, order.get(a.kind, 2), a.name))
    parties = [party_row(agency) for agency in agencies]
    agreement = current_agreement(session)
    return Checklist(agreement, agreement_items(agreement, parties), parties)


def annex_groups(checklist: Checklist) -> list[tuple[Agency, list[Commitment]]]:
    """The annex: each party with its agreed commitments, in checklist order, empty ones left out."""
    groups = []
    for party in checklist.parties:
        commitments = sorted(
            (c for c in party.agency.commitments if c.status in ANNEX_STATUSES), key=lambda c: c.id
        )
        if commitments:
            groups.append((party.agency, commitments))
    return groups


# ---------------------------------------------------------------------------------------------
# The printed documents
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """One printable document: its template, the file name offered, the label in each page's footer."""

    template: str
    filename: str
    footer: str


DOCUMENTS = {
    "checklist.pdf": Document(
        "checklist.html", "daftar-periksa-penandatanganan.pdf", "Daftar periksa penandatanganan ·"
    ),
    "annex.pdf": Document("annex.html", "lampiran-rencana-kerja.pdf", "Lampiran Nota Kesepakatan ·"),
    "attendance.pdf": Document("attendance.html", "daftar-hadir.pdf", "Daftar hadir ·"),
}


@dataclass(frozen=True)
class PrintedDocument:
    """A rendered PDF and what a caller needs to serve or record it."""

    name: str
    paper: str
    filename: str
    pdf: bytes
    agreement: Agreement | None


def paper_of(checklist: Checklist, asked: str | None) -> str:
    """The paper asked for, else the agreement's, else A4; a ValueError for an unknown size."""
    paper = asked or (checklist.agreement.paper if checklist.agreement else "a4")
    if paper not in PAGE_SIZES_MM:
        raise ValueError(paper)
    return paper


def print_document(session: Session, name: str, paper: str | None = None) -> PrintedDocument:
    """Render the document `name` ("annex.pdf", …) of the current agreement on `paper` (A4 or F4).

    Needs an app context (templates and fonts), not a request. A ValueError names an unknown
    document or paper.
    """
    if name not in DOCUMENTS:
        raise ValueError(name)
    document = DOCUMENTS[name]
    checklist = build_checklist(session)
    paper = paper_of(checklist, paper)
    pdf = render_pdf(document.template, paper, footer=document.footer, **document_context(name, checklist))
    return PrintedDocument(name, paper, document.filename, pdf, checklist.agreement)


# Signatures side by side on one line of the annex: two fit any paper with room for a long title.
SIGNATURES_PER_LINE = 2


def signature_lines(signing: list[PartyRow]) -> list[list[tuple[str, PartyRow]]]:
    """The annex's signature block: each party with its "PIHAK KESATU" label, two to a line.

    However many parties sign, each keeps a column wide enough for a name, a title and a NIP;
    more parties make more lines, never narrower columns.
    """
    labelled = [(f"PIHAK {ordinal(number).upper()}", party) for number, party in enumerate(signing, 1)]
    return [
        labelled[start : start + SIGNATURES_PER_LINE]
        for start in range(0, len(labelled), SIGNATURES_PER_LINE)
    ]


def document_context(name: str, checklist: Checklist) -> dict[str, Any]:
    """What each document's template needs."""
    agreement = checklist.agreement
    signing = checklist.signing_parties
    if name == "checklist.pdf":
        bapas = next((party for party in signing if party.agency.kind == "bapas"), None)
        return {
            "checklist": checklist,
            "items": PARTY_ITEMS,
            "ceremony_words": date_in_words(agreement.ceremony_date)
            if agreement and agreement.ceremony_date
            else "",
            "printed_on": today_wib(),
            "witness_name": bapas.representative if bapas else "",
            "witness_title": bapas.title if bapas else "",
            "witness_nip": (bapas.agency.signatory_nip or bapas.agency.head_nip) if bapas else "",
        }
    if name == "annex.pdf":
        return {
            "agreement": agreement,
            "signing": signing,
            "signature_lines": signature_lines(signing),
            "groups": annex_groups(checklist),
            "areas": COMMITMENT_AREAS,
        }
    rows = []
    for party in checklist.parties:
        attendee, title = attendee_of(party.agency)
        rows.append({"agency": party.agency, "name": attendee, "title": title})
    weekday = (
        date_in_words(agreement.ceremony_date).split(",")[0] if agreement and agreement.ceremony_date else ""
    )
    return {"agreement": agreement, "rows": rows, "weekday": weekday}
