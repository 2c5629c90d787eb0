"""The append-only audit trail, written from one place (DOMAIN.md §6: a record of processing).

Record changes come from flush hooks (`register_hooks()`, called by `create_app`): every create, update (each changed field, before → after) and
delete of a tracked record, whoever writes it. Logins, logouts, exports, prints and every opening of
a client's file are recorded by `record()` where they happen. Entries are never changed or deleted:
the ORM refuses it, and no screen or route offers it.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session

from extensions import db
from models import AuditEntry, DomainError, Tracked, utcnow

# Bookkeeping that changes on its own (a login touches these) and says nothing about the record.
IGNORED_FIELDS = {"created_at", "updated_at", "version", "last_login_at", "session_epoch"}
# Values never written into the trail, only the fact that they changed.
SECRET_FIELDS = {"password_hash"}
SECRET_MARK = "(diubah)"


def who() -> tuple[int | None, str, str | None]:
    """(user id, username, client address) of the current request; the command line otherwise."""
    if has_request_context():
        address = request.remote_addr
        if current_user and current_user.is_authenticated:
            return current_user.id, current_user.username, address
        return None, "-", address
    return None, "(baris perintah)", None


def plain(value: Any) -> Any:
    """A value as JSON can hold it: dates as ISO text, records by their label."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def entry_values(
    action: str,
    object_type: str | None = None,
    object_id: Any = None,
    summary: str | None = None,
    changes: dict[str, Any] | None = None,
    username: str | None = None,
    user_id: int | None = None,
) -> dict[str, Any]:
    """The column values of one audit entry, with who and from where filled in."""
    current_id, current_name, address = who()
    return {
        "at": utcnow(),
        "user_id": user_id or current_id,
        "username": username or current_name,
        "ip_address": address,
        "action": action,
        "object_type": object_type,
        "object_id": None if object_id is None else str(object_id),
        "summary": (summary or "")[:1000] or None,
        "changes": json.dumps(changes, ensure_ascii=False) if changes else None,
    }


def record(action: str, **details: Any) -> None:
    """Write one entry now, on its own connection and transaction.

    The request's session is left alone (committing it would expire the rows an export is still
    streaming). Callers record where the request has no write of its own pending.
    """
    values = entry_values(action, **details)
    with db.engine.begin() as connection:
        connection.execute(insert(AuditEntry.__table__).values(**values))


def record_read(action: str, object_type: str, object_id: Any, summary: str | None = None) -> None:
    """Record that the current user saw or printed something, once per user, object and clock hour.

    The summary is part of what is "the same": the annex in A4 and the checklist in F4 are two prints.

    Who saw a child's file is never lost: the first opening in each hour is written with its time
    and address. Reloading the same page in that hour adds nothing, so the trail stays readable and
    cannot be flooded by one user. (Two openings at the same instant may both be written; never none.)
    """
    user_id, _, _ = who()
    now = utcnow()
    hour_started = now.replace(minute=0, second=0, microsecond=0)
    seen = db.session.scalar(
        select(AuditEntry.id)
        .where(
            AuditEntry.user_id == user_id,
            AuditEntry.action == action,
            AuditEntry.object_type == object_type,
            AuditEntry.object_id == (None if object_id is None else str(object_id)),
            AuditEntry.summary == summary,
            AuditEntry.at >= hour_started,
        )
        .limit(1)
    )
    if seen is None:
        record(action, object_type=object_type, object_id=object_id, summary=summary)


def record_with(session: Any, action: str, **details: Any) -> None:
    """Add one entry to `session`'s transaction: it is written when, and only if, the caller commits.

    For a request that writes anyway (a login counts its attempt): one connection, one commit.
    """
    session.execute(insert(AuditEntry.__table__).values(**entry_values(action, **details)))


def field_changes(obj: Any, stored: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for each column of `obj` changed in this flush.

    `stored` holds the database values of columns that were set while expired (no old value loaded).
    """
    changes: dict[str, list[Any]] = {}
    state = inspect(obj)
    for column in state.mapper.column_attrs:
        key = column.key
        if key in IGNORED_FIELDS or key not in obj.__table__.columns:
            continue
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        before = history.deleted[0] if history.deleted else stored.get(key)
        after = history.added[0] if history.added else None
        if before == after:
            continue
        if key in SECRET_FIELDS:
            changes[key] = [SECRET_MARK, SECRET_MARK]
        else:
            changes[key] = [plain(before), plain(after)]
    return changes


def snapshot(obj: Any) -> dict[str, Any]:
    """Every column of a record about to be deleted: what was lost."""
    return {
        column.key: plain(getattr(obj, column.key))
        for column in obj.__table__.columns
        if column.key not in IGNORED_FIELDS | SECRET_FIELDS
    }


def register_hooks() -> None:
    """Attach the trail's hooks to every database session, in this order (called once by `create_app`)."""
    for name, hook in (
        ("before_flush", refuse_changes_to_the_trail),
        ("before_flush", remember_stored_values),
        ("do_orm_execute", refuse_bulk_changes_to_the_trail),
        ("after_flush", write_change_entries),
    ):
        if not event.contains(Session, name, hook):
            event.listen(Session, name, hook)


def refuse_changes_to_the_trail(session: Session, flush_context: Any, instances: Any) -> None:
    """Hook for SQLAlchemy: an audit entry, once written, is never updated or deleted."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise DomainError({"_": "Catatan audit tidak dapat diubah atau dihapus."})


def remember_stored_values(session: Session, flush_context: Any, instances: Any) -> None:
    """Hook for SQLAlchemy: read the old value of columns set while expired, for the 'before' side."""
    remembered = session.info["audit_stored"] = {}
    with session.no_autoflush:
        for obj in session.dirty:
            if not isinstance(obj, Tracked) or obj.id is None:
                continue
            state = inspect(obj)
            unknown = [
                attr.key
                for attr in state.mapper.column_attrs
                if attr.key not in IGNORED_FIELDS
                and state.attrs[attr.key].history.added
                and not state.attrs[attr.key].history.deleted
            ]
            if unknown:
                table = obj.__table__
                row = (
                    session.connection()
                    .execute(select(*(table.c[key] for key in unknown)).where(table.c.id == obj.id))
                    .first()
                )
                if row is not None:
                    remembered[id(obj)] = dict(zip(unknown, row, strict=True))


def refuse_bulk_changes_to_the_trail(orm_execute_state: Any) -> None:
    """Hook for SQLAlchemy: neither may a bulk UPDATE or DELETE statement touch the trail."""
    if orm_execute_state.is_update or orm_execute_state.is_delete:
        mapper = orm_execute_state.bind_mapper
        if mapper is not None and mapper.class_ is AuditEntry:
            raise DomainError({"_": "Catatan audit tidak dapat diubah atau dihapus."})


def write_change_entries(session: Session, flush_context: Any) -> None:
    """Hook for SQLAlchemy: one entry per created, changed or deleted record of this flush, in its transaction."""
    rows = []
    for obj in session.new:
        if isinstance(obj, Tracked):
            rows.append(
                entry_values(
                    "create",
                    type(obj).__name__,
                    obj.id,
                    str(obj),
                    {"fields": snapshot(obj), "version": obj.version},
                )
            )
    stored = session.info.pop("audit_stored", {})
    for obj in session.dirty:
        if isinstance(obj, Tracked) and obj not in session.deleted:
            changes = field_changes(obj, stored.get(id(obj), {}))
            if changes:
                rows.append(
                    entry_values(
                        "update",
                        type(obj).__name__,
                        obj.id,
                        str(obj),
                        {"fields": changes, "version": obj.version},
                    )
                )
    for obj in session.deleted:
        if isinstance(obj, Tracked):
            rows.append(
                entry_values("delete", type(obj).__name__, obj.id, str(obj), {"fields": snapshot(obj)})
            )
    if rows:
        session.connection().execute(insert(AuditEntry.__table__), rows)


def changes_since(object_type: str, object_id: Any, version: int) -> list[dict[str, Any]]:
    """The updates of one record after `version`, oldest first: what another user changed."""
    entries = db.session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.object_type == object_type,
            AuditEntry.object_id == str(object_id),
            AuditEntry.action == "update",
        )
        .order_by(AuditEntry.id)
    )
    newer = []
    for entry in entries:
        data = json.loads(entry.changes or "{}")
        if data.get("version", 0) > version:
            newer.append({"username": entry.username, "at": entry.at, "fields": data.get("fields", {})})
    return newer


def deleted_by(object_type: str, object_id: Any) -> str | None:
    """Who deleted a record, from the trail; None when the trail has no deletion of it."""
    return db.session.scalar(
        select(AuditEntry.username)
        .where(
            AuditEntry.object_type == object_type,
            AuditEntry.object_id == str(object_id),
            AuditEntry.action == "delete",
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
