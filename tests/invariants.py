"""The rules of DESIGN.md §4 read back from the database with plain SQL: every stored violation.

The application checks its rules before it writes; this reads what was written, without the models,
so a rule that held for each save but not for the records together (two clerks at once, an edit on
the other side) shows up here. `conftest.py` runs it after every test that used a database.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text

import rules

OPEN = "('planned', 'active')"

# Each query returns the ids of the rows that break the rule named by its key.
QUERIES = {
    "hours credited exceed the hours ordered": """
        SELECT p.id FROM placement p JOIN hour_log h ON h.placement_id = p.id
        WHERE p.hours_ordered IS NOT NULL
        GROUP BY p.id, p.hours_ordered HAVING SUM(h.hours) > p.hours_ordered""",
    "open placements exceed the capacity": f"""
        SELECT c.id FROM commitment c JOIN placement p ON p.commitment_id = c.id
        WHERE c.capacity IS NOT NULL AND p.status IN {OPEN}
        GROUP BY c.id, c.capacity HAVING COUNT(*) > c.capacity""",
    "placement under another agency's commitment": """
        SELECT p.id FROM placement p JOIN commitment c ON c.id = p.commitment_id
        WHERE c.agency_id <> p.agency_id""",
    "open placement of a client who is not active": f"""
        SELECT p.id FROM placement p JOIN client k ON k.id = p.client_id
        WHERE p.status IN {OPEN} AND k.status <> 'active'""",
    "open placement under a dropped commitment": f"""
        SELECT p.id FROM placement p JOIN commitment c ON c.id = p.commitment_id
        WHERE p.status IN {OPEN} AND c.status = 'dropped'""",
    "placement ends before it starts": "SELECT id FROM placement WHERE end_date < start_date",
    "journal day outside its placement": """
        SELECT h.id FROM hour_log h JOIN placement p ON p.id = h.placement_id
        WHERE h.work_date < p.start_date OR h.work_date > p.end_date""",
    "journal day of no hours or more than a day has": f"""
        SELECT id FROM hour_log WHERE hours <= 0 OR hours > {rules.MAX_HOURS_A_DAY}""",
    "head account without an existing agency": """
        SELECT u.id FROM app_user u LEFT JOIN agency a ON a.id = u.agency_id
        WHERE u.role = 'head' AND a.id IS NULL""",
}


def violations(connection: Any) -> list[str]:
    """Every broken rule in the database `connection` reads, as 'rule: ids'."""
    found = {name: [row[0] for row in connection.execute(text(query))] for name, query in QUERIES.items()}
    for kind, sentence in rules.SENTENCES.items():
        found.update(_sentence_violations(connection, kind, sentence))
    return [f"{name}: {sorted(ids)}" for name, ids in found.items() if ids]


def _sentence_violations(connection: Any, kind: str, sentence: rules.Sentence) -> dict[str, list[int]]:
    """The legal bounds of one kind (rules.SENTENCES) over its placements and their journals."""
    placements = connection.execute(
        text(
            "SELECT p.id, p.hours_ordered, p.start_date, p.end_date, k.category FROM placement p "
            "JOIN client k ON k.id = p.client_id WHERE p.kind = :kind"
        ),
        {"kind": kind},
    ).all()
    days = connection.execute(
        text(
            "SELECT h.id, h.work_date, h.hours FROM hour_log h "
            "JOIN placement p ON p.id = h.placement_id WHERE p.kind = :kind"
        ),
        {"kind": kind},
    ).all()
    found: dict[str, list[int]] = {
        f"{kind} for a client of the other category": [
            row.id for row in placements if row.category != sentence.category
        ],
        f"{kind} outside its hours range": [
            row.id
            for row in placements
            if sentence.hours
            and (row.hours_ordered is None or not sentence.hours[0] <= row.hours_ordered <= sentence.hours[1])
        ],
        f"{kind} outside its period": [
            row.id for row in placements if sentence.period_error(_day(row.start_date), _day(row.end_date))
        ],
        f"{kind} journal day over the daily cap": [
            row.id for row in days if sentence.daily_cap is not None and row.hours > sentence.daily_cap
        ],
        f"{kind} journal day on a weekend": [
            row.id
            for row in days
            if sentence.working_days_only and not rules.is_working_day(_day(row.work_date))
        ],
    }
    return found


def _day(value: Any) -> date:
    """A DATE column as a date, whichever way the driver returns it (SQLite gives text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
