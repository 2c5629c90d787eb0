"""Serialising the writers whose rules read other records (DESIGN.md §4, under concurrency).

A rule like "hours credited never exceed hours ordered" reads the journal, then the flush writes a
row: two clerks saving at once would each read the old total and both be accepted. So a write that
checks such a rule first takes a lock, in the same transaction that writes, and only then reads:

- SQLite allows one writer at a time. `BEGIN IMMEDIATE` takes the database's write lock before the
  rules read anything; a second writer waits (the busy timeout) and then reads what the first wrote.
  Readers never wait: only writing transactions take it.
- PostgreSQL and MariaDB lock the parent rows the rules read with SELECT … FOR UPDATE: the placement
  for its journal, the commitment for its capacity, the client for its status and category. Rows are
  locked in one order (table by table, ids ascending), so two writers never wait on each other in a
  circle. MariaDB runs READ COMMITTED (config.py), so a read after the lock sees the last commit.

Nothing here knows the models: `models.lock_for_rules()` says which rows to lock.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Column, inspect, select
from sqlalchemy.orm import Session


def begin_write(session: Session) -> None:
    """On SQLite, turn this transaction into a write transaction now (no-op elsewhere, or if writing)."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    dbapi_connection = connection.connection.dbapi_connection
    if not dbapi_connection.in_transaction:
        dbapi_connection.execute("BEGIN IMMEDIATE")


def lock_and_refresh(session: Session, records: Iterable[Any]) -> None:
    """Lock the stored rows of `records` (in the order given), re-reading those this session has not edited.

    The re-read matters on every database: a record loaded before the lock may have been changed by
    the writer we waited for. A record whose own columns this session edits is only locked: if
    someone else changed it meanwhile, its version check refuses the save instead of overwriting.
    """
    for record in records:
        state = inspect(record)
        if not state.persistent:
            continue
        edited = any(state.attrs[column.key].history.has_changes() for column in state.mapper.column_attrs)
        if edited:
            model = state.mapper.class_
            session.execute(select(model.id).where(model.id == record.id).with_for_update())
        else:
            session.refresh(record, attribute_names=_stored_columns(state), with_for_update=True)


def _stored_columns(state: Any) -> list[str]:
    """The attributes of a record that are plain columns of its own table (no computed ones)."""
    table = state.mapper.local_table
    return [
        attribute.key
        for attribute in state.mapper.column_attrs
        if all(isinstance(column, Column) and column.table is table for column in attribute.columns)
    ]
