"""The models' metadata is exactly the schema the Alembic migrations create: a table or
column only registered through some unrelated import (or missing a migration) would make
autogenerate propose dropping it, or a fresh database lack it."""

from __future__ import annotations

import warnings

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

import service.models
from service.models import Base


def test_metadata_equals_the_migrated_schema(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn, warnings.catch_warnings():
            # SQLite cannot reflect the expression index on lower(name); PostgreSQL compares it.
            warnings.simplefilter("ignore")
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_name": _not_the_fts_index}
            )
            diffs = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert diffs == []


def _not_the_fts_index(name: str | None, type_: str, parent: object) -> bool:
    # SQLite's claim text search is an FTS5 virtual table and its shadow tables (migration
    # 0007): the database's own index, like PostgreSQL's GIN index, not a model table.
    return not (type_ == "table" and name is not None and name.startswith("claims_text_fts"))


def test_importing_the_package_registers_every_table() -> None:
    tables = set(Base.metadata.tables)
    exported = {
        getattr(service.models, name).__tablename__
        for name in service.models.__all__
        if hasattr(getattr(service.models, name), "__tablename__")
    }
    assert tables == exported
    assert {"learned_reliability", "learned_dependence", "notification_outbox"} <= tables
