"""Driving the rhythm with an injected clock: no sleeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from governance.rhythm.store import plan_and_queue
from governance.tables import CheckinRound, Delivery
from tests.conftest import say


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
    await say(mlgov, "ber", "member churn-model add @nyc role:ml")
    await say(mlgov, "ber", "member churn-model add @kol role:it")
    return Rhythm(mlgov)
