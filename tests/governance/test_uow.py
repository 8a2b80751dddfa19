"""The unit of work rolls back unless committed."""

from __future__ import annotations

import pytest
from sqlmodel import select

from governance.tables import Person
from governance.uow import UnitOfWork, session_factory
from tests.conftest import T0


async def _names(engine) -> list[str]:  # noqa: ANN001
    async with UnitOfWork(session_factory(engine)) as uow:
        return list(await uow.session.exec(select(Person.display_name)))


async def test_commit_keeps_the_change(engine):
    async with UnitOfWork(session_factory(engine)) as uow:
        uow.session.add(Person(display_name="kept", created_at=T0))
        await uow.commit()
    assert await _names(engine) == ["kept"]


async def test_leaving_without_commit_rolls_back(engine):
    async with UnitOfWork(session_factory(engine)) as uow:
        uow.session.add(Person(display_name="dropped", created_at=T0))
        await uow.session.flush()
    assert await _names(engine) == []


async def test_an_error_rolls_back(engine):
    with pytest.raises(RuntimeError):
        async with UnitOfWork(session_factory(engine)) as uow:
            uow.session.add(Person(display_name="dropped", created_at=T0))
            await uow.session.flush()
            raise RuntimeError("boom")
    assert await _names(engine) == []


async def test_naive_datetimes_are_refused(engine):
    from datetime import datetime

    with pytest.raises(Exception, match="naive datetime"):
        async with UnitOfWork(session_factory(engine)) as uow:
            uow.session.add(Person(display_name="x", created_at=datetime(2026, 1, 1)))
            await uow.session.flush()
    assert await _names(engine) == []
