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
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

import rules
from indonesian import date_in_words, grouped_nip, ordinal
from models import COMMITMENT_AREAS, PAGE_SIZES_MM, Agency, Agreement, Commitment, today_wib

if TYPE_CHECKING:
    from printing import PageFurniture

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


def agreed_commitments(agency: Agency) -> list[Commitment]:
    """The commitments of `agency` that the annex lists (agreed, running or done), in entry order."""
    return sorted((c for c in agency.commitments if c.status in ANNEX_STATUSES), key=lambda c: c.id)


@dataclass
class AnnexGroup:
    """One agency's table in the annex, numbered through the whole annex ("5." and its lines "5.1" …)."""

    number: int
    agency: Agency
    commitments: list[Commitment]


@dataclass
class AnnexSection:
    """A signing party's part of the work plan: its own commitments, and for the Pemkab those of its OPD."""

    label: str
    party: Agency | None
    groups: list[AnnexGroup]


def annex_sections(checklist: Checklist) -> list[AnnexSection]:
    """The annex's sections: one per signing party (PIHAK KESATU, the Bapas; PIHAK KEDUA, the Pemkab …).

    A party's own commitments come first in its section; the OPD (who do not sign) are listed under
    the first signing Pemda, or, when none signs, in a last section of their own. Parties with
    nothing agreed are left out; groups are numbered through the whole annex.
    """
    signing = checklist.signing_parties
    others = [party.agency for party in checklist.parties if not party.agency.signs_agreement]
    host = next((party.agency for party in signing if party.agency.kind == "pemda"), None)
    planned: list[tuple[str, Agency | None, list[Agency]]] = []
    for number, party in enumerate(signing, 1):
        members = [party.agency] + (others if party.agency is host else [])
        planned.append((f"PIHAK {ordinal(number).upper()}", party.agency, members))
    if host is None and others:
        planned.append(("PERANGKAT DAERAH", None, others))
    sections, number = [], 0
    for label, party, members in planned:
        groups = []
        for agency in members:
            commitments = agreed_commitments(agency)
            if commitments:
                number += 1
                groups.append(AnnexGroup(number, agency, commitments))
        if groups:
            sections.append(AnnexSection(label, party, groups))
    return sections


@dataclass(frozen=True)
class SignatureBlock:
    """What a signing party's signature block prints, top to bottom.

    `titles` are the lines above the space to sign: the position, or with a delegation
    "a.n. BUPATI KLATEN" / "SEKRETARIS DAERAH" (and "u.b." / the signatory's own position).
    `nip` is None when the signatory has none (an elected Bupati); "" when one is due but not recorded,
    so a dotted line is left to write it in.
    """

    label: str
    titles: list[str]
    name: str
    rank: str
    nip: str | None


def signature_titles(agency: Agency) -> list[str]:
    """The lines above a signature, from the party's delegation (Permendagri tata naskah dinas usage)."""
    head = (agency.head_title or agency.name).upper()
    own = (agency.signatory_title or agency.head_title or agency.name).upper()
    basis = agency.delegation_basis
    if agency.signatory_is_head or basis == "none":
        return [f"{own},"]
    if basis in ("plt", "plh"):
        return [f"{basis.capitalize()}. {head},"]
    # A letter of authority (surat kuasa or surat tugas): "atas nama" the head, and "untuk beliau"
    # when the signatory signs for the official who received the delegation.
    if agency.delegation_via_title:
        return [f"a.n. {head}", agency.delegation_via_title.upper(), "u.b.", f"{own},"]
    return [f"a.n. {head}", f"{own},"]


def signature_block(label: str, party: PartyRow) -> SignatureBlock:
    """The signature block of one signing party."""
    agency = party.agency
    by_head = agency.signatory_is_head
    rank = (agency.head_rank if by_head else agency.signatory_rank) or ""
    nip = (agency.head_nip if by_head else agency.signatory_nip) or (agency.signatory_nip or agency.head_nip)
    if nip:
        printed_nip: str | None = grouped_nip(nip)
    else:
        printed_nip = "" if represented_by_civil_servant(agency) else None
    return SignatureBlock(label, signature_titles(agency), party.representative, rank, printed_nip)


# ---------------------------------------------------------------------------------------------
# The printed documents
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """One printable document: its template (None: laid out by annex_layout.py), the file name offered,
    the label in each page's footer."""

    template: str | None
    filename: str
    footer: str


DOCUMENTS = {
    "checklist.pdf": Document(
        "checklist.html", "daftar-periksa-penandatanganan.pdf", "Daftar periksa penandatanganan ·"
    ),
    "annex.pdf": Document(None, "lampiran-rencana-kerja.pdf", "Lampiran Nota Kesepakatan ·"),
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
    context = document_context(name, checklist)
    # The PDF libraries are imported when the first document is printed, not when the app starts:
    # an office PC's server holds about 25 MB less until then.
    from annex_layout import annex_story
    from printing import render_flowables, render_pdf

    furniture = page_furniture(document, context)
    if document.template is None:
        pdf = render_flowables(
            lambda width: annex_story(context, width), paper, furniture, title="Lampiran Nota Kesepakatan"
        )
    else:
        pdf = render_pdf(document.template, paper, furniture, **context)
    return PrintedDocument(name, paper, document.filename, pdf, checklist.agreement)


def page_furniture(document: Document, context: dict[str, Any]) -> PageFurniture:
    """What each page of `document` carries besides its text.

    Every page of the annex is initialled by each signing party (DOMAIN.md §7.3 "paraf setiap
    halaman"), so each page has a box per party; a table that runs on names its agency again.
    """
    from printing import PageFurniture

    if document.template is not None:
        return PageFurniture(document.footer)
    parties = [
        block.label.removeprefix("PIHAK ").capitalize()
        for line in context["signature_lines"]
        for block in line
    ]
    headings = [
        f"{group.number}. {group.agency.name}" for section in context["sections"] for group in section.groups
    ]
    return PageFurniture(document.footer, tuple(parties), tuple(headings))


# Signatures side by side on one line of the annex: two fit any paper with room for a long title.
SIGNATURES_PER_LINE = 2


def signature_lines(signing: list[PartyRow]) -> list[list[SignatureBlock]]:
    """The annex's signature blocks: each party with its "PIHAK KESATU" label, two to a line.

    However many parties sign, each keeps a column wide enough for a name, a title and a NIP;
    more parties make more lines, never narrower columns.
    """
    labelled = [
        signature_block(f"PIHAK {ordinal(number).upper()}", party) for number, party in enumerate(signing, 1)
    ]
    return [
        labelled[start : start + SIGNATURES_PER_LINE]
        for start in range(0, len(labelled), SIGNATURES_PER_LINE)
    ]


def document_context(name: str, checklist: Checklist) -> dict[str, Any]:
    """What each document's template needs."""
    agreement = checklist.agreement
    signing = checklist.signing_parties
    if name == "checklist.pdf":
        return {
            "checklist": checklist,
            "items": PARTY_ITEMS,
            "ceremony_words": date_in_words(agreement.ceremony_date)
            if agreement and agreement.ceremony_date
            else "",
            "printed_on": today_wib(),
            "witness": witness_of(signing),
        }
    if name == "annex.pdf":
        return {
            "agreement": agreement,
            "signing": signing,
            "signature_lines": signature_lines(signing),
            "sections": annex_sections(checklist),
            "areas": COMMITMENT_AREAS,
        }
    return attendance_context(checklist)


def attendee_titles(agency: Agency, title: str) -> str:
    """The position line of the daftar hadir: the title, and the agency when the title does not name it."""
    if not title:
        return agency.name
    if agency.name.casefold() in title.casefold():
        return title
    return f"{title}, {agency.name}"


def witness_of(signing: list[PartyRow]) -> SignatureBlock | None:
    """Who signs "Mengetahui" under the checklist and the daftar hadir: the Bapas, which hosts them."""
    bapas = next((party for party in signing if party.agency.kind == "bapas"), None)
    return signature_block("", bapas) if bapas else None


def attendance_context(checklist: Checklist) -> dict[str, Any]:
    """The daftar hadir: the event, one row per party's attendee, blank rows, and the closing block."""
    agreement = checklist.agreement
    rows = []
    for party in checklist.parties:
        attendee, title = attendee_of(party.agency)
        rows.append({"name": attendee, "position": attendee_titles(party.agency, title)})
    blank = agreement.attendance_blank_rows if agreement else 5
    rows += [{"name": "", "position": ""} for _ in range(blank)]
    weekday = (
        date_in_words(agreement.ceremony_date).split(",")[0] if agreement and agreement.ceremony_date else ""
    )
    return {
        "agreement": agreement,
        "rows": rows,
        "weekday": weekday,
        "witness": witness_of(checklist.signing_parties),
    }
