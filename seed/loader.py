"""Read the seed CSV files and upsert them through the models, so the domain rules apply to them too."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, Double, Integer, Time, select
from sqlalchemy.orm import Session

from models import Agency, Agreement, Client, Commitment, DomainError, HourLog, Placement

SEED_DIR = Path(__file__).resolve().parent
TRUE_WORDS = {"ya", "y", "1", "true", "benar"}
FALSE_WORDS = {"tidak", "t", "0", "false", "salah", ""}


class SeedError(Exception):
    """A seed row that cannot be stored: names the file, the line and the reason."""


def load_seed(session: Session, directory: Path = SEED_DIR, demo: bool = True) -> dict[str, int]:
    """Upsert the reference data (and the demo data); return how many rows each file holds.

    Nothing is committed here: the caller commits, or rolls back on `SeedError`.
    """
    loaders = [
        ("agencies.csv", _agency),
        ("commitments.csv", _commitment),
        ("agreement.csv", _agreement),
    ]
    if demo:
        loaders += [
            ("demo_clients.csv", _client),
            ("demo_placements.csv", _placement),
            ("demo_hour_logs.csv", _hour_log),
        ]
    counts = {}
    for filename, upsert in loaders:
        counts[filename] = 0
        for line, row in _rows(directory / filename):
            try:
                upsert(session, row)
                session.flush()
            except (DomainError, LookupError, ValueError) as error:
                raise SeedError(f"{filename} baris {line}: {error}") from error
            counts[filename] += 1
    return counts


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            yield reader.line_num, {key: (value or "").strip() for key, value in row.items()}


def _convert(model: type, name: str, text: str) -> Any:
    """Turn a CSV cell into the column's Python type ('ya' → True, '2026-03-02' → a date)."""
    column_type = model.__table__.columns[name].type
    if isinstance(column_type, Boolean):
        lowered = text.lower()
        if lowered in TRUE_WORDS:
            return True
        if lowered in FALSE_WORDS:
            return False
        raise ValueError(f"{name}: '{text}' bukan ya/tidak")
    if text == "":
        return None
    if isinstance(column_type, Date):
        return date.fromisoformat(text)
    if isinstance(column_type, Time):
        return time.fromisoformat(text)
    if isinstance(column_type, Integer):
        return int(text)
    if isinstance(column_type, Double):
        return float(text)
    return text


def _assign(obj: Any, row: dict[str, str], skip: tuple[str, ...] = ()) -> None:
    """Set every column the row names; unchanged values stay untouched (no new version)."""
    model = type(obj)
    for name, text in row.items():
        if name in skip or name not in model.__table__.columns:
            continue
        value = _convert(model, name, text)
        if getattr(obj, name) != value:
            setattr(obj, name, value)


def _find_or_new(session: Session, model: type, **key: Any) -> Any:
    obj = session.scalar(select(model).filter_by(**key))
    if obj is None:
        obj = model(**key)
        session.add(obj)
    return obj


def _agency_by_acronym(session: Session, acronym: str) -> Agency:
    agency = session.scalar(select(Agency).where(Agency.acronym == acronym))
    if agency is None:
        raise LookupError(f"instansi '{acronym}' tidak ada di agencies.csv")
    return agency


def _client_by_register(session: Session, register_number: str) -> Client:
    client = session.scalar(select(Client).where(Client.register_number == register_number))
    if client is None:
        raise LookupError(f"klien '{register_number}' tidak ada di demo_clients.csv")
    return client


def _agency(session: Session, row: dict[str, str]) -> None:
    agency = _find_or_new(session, Agency, acronym=row["acronym"])
    _assign(agency, row, skip=("acronym",))


def _commitment(session: Session, row: dict[str, str]) -> None:
    agency = _agency_by_acronym(session, row["agency_acronym"])
    commitment = session.scalar(
        select(Commitment).where(Commitment.agency_id == agency.id, Commitment.activity == row["activity"])
    )
    if commitment is None:
        commitment = Commitment(agency=agency, activity=row["activity"])
        session.add(commitment)
    _assign(commitment, row, skip=("activity",))


def _agreement(session: Session, row: dict[str, str]) -> None:
    agreement = _find_or_new(session, Agreement, title=row["title"])
    _assign(agreement, row, skip=("title",))


def _client(session: Session, row: dict[str, str]) -> None:
    client = _find_or_new(session, Client, register_number=row["register_number"])
    _assign(client, row, skip=("register_number",))


def _placement(session: Session, row: dict[str, str]) -> None:
    client = _client_by_register(session, row["register_number"])
    agency = _agency_by_acronym(session, row["agency_acronym"])
    commitment = session.scalar(
        select(Commitment).where(
            Commitment.agency_id == agency.id, Commitment.activity == row["commitment_activity"]
        )
    )
    if commitment is None:
        raise LookupError(f"rencana kerja '{row['commitment_activity']}' milik {agency.acronym} tidak ada")
    start = date.fromisoformat(row["start_date"])
    placement = session.scalar(
        select(Placement).where(Placement.client_id == client.id, Placement.start_date == start)
    )
    if placement is None:
        placement = Placement(client=client, start_date=start)
        session.add(placement)
    if placement.agency is not agency:
        placement.agency = agency
    if placement.commitment is not commitment:
        placement.commitment = commitment
    _assign(placement, row, skip=("start_date",))


def _hour_log(session: Session, row: dict[str, str]) -> None:
    client = _client_by_register(session, row["register_number"])
    start = date.fromisoformat(row["placement_start_date"])
    placement = session.scalar(
        select(Placement).where(Placement.client_id == client.id, Placement.start_date == start)
    )
    if placement is None:
        raise LookupError(f"penempatan {client.register_number} mulai {start} tidak ada")
    work_date = date.fromisoformat(row["work_date"])
    log = session.scalar(
        select(HourLog).where(HourLog.placement_id == placement.id, HourLog.work_date == work_date)
    )
    if log is None:
        log = HourLog(placement=placement, work_date=work_date)
        session.add(log)
    _assign(log, row, skip=("work_date",))
