"""Migration 0006: earlier project names, and console handles put in lower case."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from bot.db import create_engine, downgrade, upgrade
from tests.conftest import scratch_database

PEOPLE = [
    "INSERT INTO person (id, display_name, tz, created_at) VALUES "
    "(1, 'Alice', 'UTC', '2026-03-02 09:00:00'), (2, 'Bob', 'UTC', '2026-03-02 09:00:00'), "
    "(3, 'bob', 'UTC', '2026-03-02 09:00:00'), (4, 'Ulla', 'UTC', '2026-03-02 09:00:00'), "
    "(5, 'Slack', 'UTC', '2026-03-02 09:00:00')",
    "INSERT INTO identity (person_id, platform, tenant, external_id) VALUES "
    "(1, 'console', '', 'Alice'), (2, 'console', '', 'Bob'), (3, 'console', '', 'bob'), "
    "(4, 'console', '', 'ÜLLA'), (5, 'slack', 'T0', 'U0SLACK')",
]


async def _check(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine, "0005")
        async with engine.begin() as conn:
            for statement in PEOPLE:
                await conn.execute(text(statement))
        await upgrade(engine)
        async with engine.connect() as conn:
            ids = (
                await conn.execute(
                    text("SELECT person_id, external_id FROM identity ORDER BY person_id")
                )
            ).all()
            columns = await conn.run_sync(
                lambda sync: {c["name"] for c in inspect(sync).get_columns("earliername")}
            )
        # Lower case, in any script; a spelling someone else holds is left as it was.
        assert ids == [(1, "alice"), (2, "Bob"), (3, "bob"), (4, "ülla"), (5, "U0SLACK")]
        assert columns == {"id", "project_id", "name", "key", "until"}
        await downgrade(engine, "0005")
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda sync: set(inspect(sync).get_table_names()))
        assert "earliername" not in tables
    finally:
        await engine.dispose()


async def test_0006_on_sqlite(tmp_path):
    await _check(f"sqlite:///{tmp_path / 'm.db'}")


@pytest.mark.postgres
async def test_0006_on_postgres(postgres_server):
    with scratch_database(postgres_server, "mlgov_0006") as url:
        await _check(url)
