"""Record ids as a browser or a forged request sends them: a number in range, or no record at all.

Every primary key is a 64-bit integer on every backend; a larger number, or text, names no record
and must not reach the database driver (SQLite raises OverflowError, PostgreSQL a DataError).
"""

from __future__ import annotations

from typing import Any

MAX_KEY = 2**63 - 1


def record_key(value: Any) -> int | None:
    """A record id from a URL or a form, or None when it cannot be one (not a number, out of range)."""
    try:
        key = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return key if 0 < key <= MAX_KEY else None
