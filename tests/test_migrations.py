"""The migrations build exactly the schema the models describe, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from models import db


def test_migrated_schema_matches_the_models(app):
    """`flask db upgrade` (run by the fixtures) leaves nothing for autogenerate to add."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "render_as_batch": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_every_table_is_built_by_the_migrations(app):
    """Every model's table exists, plus Alembic's version table."""
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert {
        "agency",
        "commitment",
        "client",
        "placement",
        "hour_log",
        "agreement",
        "app_user",
        "audit_entry",
        "alembic_version",
    } <= tables
