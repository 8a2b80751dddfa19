"""Driving the rhythm with an injected clock: no sleeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from bot.db import create_engine, upgrade
from governance.replies import Reply
from governance.rhythm.outbox import Outgoing, enqueue
from governance.rhythm.store import plan_and_queue
from governance.sending import Recipient
from governance.tables import CheckinRound, Delivery
from governance.uow import UnitOfWork, session_factory
from tests.conftest import say, scratch_database


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


class Rhythm:
    def __init__(self, mlgov) -> None:  # noqa: ANN001
        self.mlgov = mlgov

    async def tick(self, at: datetime) -> tuple[int, int]:
        self.mlgov.clock.set(at)
        async with self.mlgov.uow() as uow:
            result = await plan_and_queue(uow.session, self.mlgov.policy, at)
            await uow.commit()
        return result

    async def run(self, start: datetime, end: datetime, step: timedelta = timedelta(minutes=15)):
        at = start
        while at <= end:
            await self.tick(at)
            at += step

    async def deliveries(self, prefix: str = "") -> list[tuple[str, str]]:
        """(key, recipient handle) of every queued message whose key starts with ``prefix``."""
        async with self.mlgov.uow() as uow:
            rows = await uow.session.exec(
                select(Delivery.key, Delivery.target_id).order_by(col(Delivery.id))
            )
            return [(k, t) for k, t in rows if k.startswith(prefix)]

    async def rounds(self) -> list[tuple[str, datetime, str]]:
        from governance.tables import Person

        async with self.mlgov.uow() as uow:
            rows = await uow.session.exec(
                select(Person.display_name, CheckinRound.slot_at, CheckinRound.state)
                .join(Person, col(Person.id) == col(CheckinRound.person_id))
                .order_by(col(CheckinRound.slot_at), col(Person.display_name))
            )
            return list(rows)


@pytest.fixture
async def team(mlgov, clock):
    """A project whose team spans Berlin, New York and Kolkata; created before T0."""
    clock.set(utc(2026, 2, 20, 12))
    for who, zone in (("ber", "Europe/Berlin"), ("nyc", "America/New_York"),
                      ("kol", "Asia/Kolkata"), ("spo", "Europe/London")):  # fmt: skip
        await say(mlgov, who, f"tz {zone}")
    await say(mlgov, "ber", "new Churn Model sponsor:@spo")
    await say(mlgov, "spo", "sponsor churn-model confirm")  # a named sponsor counts once yes
    await say(mlgov, "ber", "member churn-model add @nyc role:ml")
    await say(mlgov, "ber", "member churn-model add @kol role:it")
    return Rhythm(mlgov)


@pytest.fixture
async def shared_database(postgres_server):
    """A PostgreSQL database of its own that several engines (or processes) share."""
    with scratch_database(postgres_server, "mlgov_workers") as url:
        engine = create_engine(url)
        await upgrade(engine)
        yield url, engine
        await engine.dispose()


async def queue_notes(engine, n: int, team: str = "T0TEST", now: datetime | None = None) -> None:  # noqa: ANN001
    """``n`` Slack messages to ``n`` people of ``team``, due a second ago."""
    now = now or datetime.now(UTC) - timedelta(seconds=1)
    async with UnitOfWork(session_factory(engine)) as uow:
        items = [Outgoing(f"load:{team}:{i}", Recipient("slack", team, "person", f"U{i:05d}"),
                          Reply(text=f"message {i}")) for i in range(n)]  # fmt: skip
        assert await enqueue(uow.session, items, now) == n
        await uow.commit()


async def deliveries_of(engine) -> list[Delivery]:  # noqa: ANN001
    async with UnitOfWork(session_factory(engine)) as uow:
        rows = list(await uow.session.exec(select(Delivery).order_by(col(Delivery.id))))
        await uow.commit()  # a rollback would expire them
        return rows
