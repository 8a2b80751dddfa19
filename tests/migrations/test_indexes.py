"""On PostgreSQL, the hot reads go through indexes that hold only the rows they want.

The outbox and the rounds keep their whole history; claiming a batch and planning must
not read it. Each test captures the statement the code really sends and asks PostgreSQL
how it would run it, with sequential scans priced out (a test table is small enough that
the planner would otherwise scan it whatever the indexes).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import event

from bot.db import create_engine, upgrade
from governance.clock import FixedClock
from governance.policy import load_policy
from governance.rhythm.outbox import claim
from governance.rhythm.store import load
from governance.service import Mlgov
from tests.conftest import scratch_database

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
pytestmark = pytest.mark.postgres


@pytest.fixture
async def mlgov(postgres_server):
    with scratch_database(postgres_server, "mlgov_idx") as url:
        engine = create_engine(url)
        await upgrade(engine)
        yield Mlgov(engine, clock=FixedClock(NOW), policy=load_policy())
        await engine.dispose()


async def _plan_of(mlgov: Mlgov, run, wanted: str) -> str:  # noqa: ANN001
    """EXPLAIN of the statement containing ``wanted`` that ``run(session)`` sends."""
    sent: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, many):  # noqa: ANN001, ARG001
        if wanted in statement:
            sent.append((statement, parameters))

    event.listen(mlgov.engine.sync_engine, "before_cursor_execute", record)
    try:
        async with mlgov.uow() as uow:
            await run(uow.session)
            (statement, parameters), *_ = sent
            db = await uow.session.connection()
            raw = (await db.get_raw_connection()).driver_connection
            await raw.execute("SET LOCAL enable_seqscan = off")
            cursor = await raw.execute("EXPLAIN " + statement, parameters)
            return "\n".join(row[0] for row in await cursor.fetchall())
    finally:
        event.remove(mlgov.engine.sync_engine, "before_cursor_execute", record)


async def test_claiming_reads_only_the_waiting_deliveries(mlgov):
    plan = await _plan_of(
        mlgov, lambda session: claim(session, "w1", NOW, ["slack"]), "FOR UPDATE SKIP LOCKED"
    )
    assert "ix_delivery_waiting" in plan, plan


async def test_planning_reads_recent_and_open_rounds_by_index(mlgov):
    plan = await _plan_of(mlgov, lambda session: load(session, NOW), "FROM checkinround")
    assert "ix_checkinround_slot_at" in plan, plan
    assert "ix_checkinround_open" in plan, plan


async def test_rounds_leave_room_for_their_reminder(mlgov):
    async with mlgov.engine.connect() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        cursor = await raw.execute("SELECT reloptions FROM pg_class WHERE relname = 'checkinround'")
        (options,) = await cursor.fetchone()
    assert options == ["fillfactor=50"]
