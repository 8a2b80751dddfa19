"""UTC columns: any aware moment goes in, the same moment comes out, marked UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError

from governance.tables import Delivery

KOLKATA = datetime(2026, 3, 29, 2, 30, tzinfo=ZoneInfo("Asia/Kolkata"))


def _delivery(at: datetime) -> Delivery:
    return Delivery(key="k", platform="console", kind="person", target_id="alice",
                    payload="{}", due_at=at, created_at=at)  # fmt: skip


async def test_a_moment_comes_back_the_same_and_in_utc(mlgov):
    async with mlgov.uow() as uow:
        uow.session.add(_delivery(KOLKATA))
        await uow.commit()
    async with mlgov.uow() as uow:
        db = await uow.session.connection()
        (due,) = (await db.execute(select(Delivery.due_at))).one()
        (row,) = await uow.session.exec(select(Delivery))  # type: ignore[call-overload]
        loaded = row[0].due_at
    for value in (due, loaded):
        assert value == KOLKATA
        assert value.tzinfo is UTC


async def test_a_naive_moment_is_refused(mlgov):
    with pytest.raises(StatementError, match="naive datetime"):
        async with mlgov.uow() as uow:
            uow.session.add(_delivery(datetime(2026, 3, 29, 2, 30)))
            await uow.commit()
