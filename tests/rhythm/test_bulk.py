"""Many rows in one statement, each only once; many ids in one condition."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import StatementError
from sqlmodel import col, select

from bot.db import create_engine
from governance.commands import RecordCheckin
from governance.phases import CheckinStatus
from governance.replies import Action, Reply
from governance.rhythm.bulk import CHUNK, among, insert_new
from governance.rhythm.outbox import Outgoing, enqueue
from governance.rhythm.payload import load
from governance.rhythm.store import recipients
from governance.sending import Recipient
from governance.tables import Delivery, Identity, Person

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _rows(n: int, prefix: str = "k") -> list[dict]:
    return [
        {"key": f"{prefix}:{i}", "platform": "slack", "tenant": "T0", "kind": "person",
         "target_id": f"U{i:06d}", "payload": '{"text":"hi \\"you\\" — ✓"}',
         "status": "pending", "attempts": 0, "due_at": NOW, "created_at": NOW}
        for i in range(n)
    ]  # fmt: skip


async def test_more_rows_than_a_statement_has_parameters_go_in_once(mlgov):
    # 12,000 rows × 10 columns is past PostgreSQL's 65,535 parameters a statement.
    async with mlgov.uow() as uow:
        assert await insert_new(uow.session, Delivery, _rows(12_000), ["key"]) == 12_000
        await uow.commit()
    async with mlgov.uow() as uow:
        again = _rows(12_000)[-2:] + _rows(3, prefix="new")
        assert await insert_new(uow.session, Delivery, again, ["key"]) == 3
        await uow.commit()
    async with mlgov.uow() as uow:
        rows = (
            await uow.session.exec(
                select(
                    Delivery.key, Delivery.target_id, Delivery.due_at, Delivery.payload
                ).order_by(col(Delivery.id))
            )
        ).all()
    assert len(rows) == 12_003
    assert tuple(rows[0]) == ("k:0", "U000000", NOW, '{"text":"hi \\"you\\" — ✓"}')
    assert rows[-1][0] == "new:2"


async def test_a_naive_time_is_refused_and_nothing_is_written(mlgov):
    rows = _rows(3)
    rows[1]["due_at"] = datetime(2026, 3, 2, 9, 30)  # no zone: always a bug here
    async with mlgov.uow() as uow:
        with pytest.raises((ValueError, StatementError)):
            await insert_new(uow.session, Delivery, rows, ["key"])
    async with mlgov.uow() as uow:
        assert (await uow.session.exec(select(Delivery.id))).all() == []


async def test_times_keep_their_instant_whatever_zone_they_came_in(mlgov):
    from zoneinfo import ZoneInfo

    rows = _rows(1)
    rows[0]["due_at"] = datetime(2026, 3, 2, 10, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    async with mlgov.uow() as uow:
        await insert_new(uow.session, Delivery, rows, ["key"])
        await uow.commit()
    async with mlgov.uow() as uow:
        (due,) = (await uow.session.exec(select(Delivery.due_at))).all()
    assert due == NOW and due.utcoffset() == timedelta(0)


async def test_one_reply_for_many_recipients_is_stored_whole_for_each(mlgov):
    reply = Reply(
        "How is it going?",
        title="Check-in",
        actions=[Action("On track", RecordCheckin("x", CheckinStatus.ON_TRACK), "primary", "Any?")],
    )
    items = [
        Outgoing(f"p:{i}", Recipient("slack", "T0", "person", f"U{i}"), reply) for i in range(3)
    ]
    async with mlgov.uow() as uow:
        assert await enqueue(uow.session, items, NOW) == 3
        await uow.commit()
    async with mlgov.uow() as uow:
        payloads = (await uow.session.exec(select(Delivery.payload))).all()
    assert [load(p) for p in payloads] == [reply, reply, reply]


async def test_recipients_of_more_people_than_one_in_clause_holds(mlgov):
    n = CHUNK * 2 + 7
    async with mlgov.uow() as uow:
        people = [Person(display_name=f"p{i}", tz="UTC", created_at=NOW) for i in range(n)]
        uow.session.add_all(people)
        await uow.session.flush()
        for person in people:
            uow.session.add(Identity(person_id=person.id, platform="console", tenant="",
                                     external_id=person.display_name))  # fmt: skip
            if person.id % 2:  # Slack wins over the console where both are known
                uow.session.add(Identity(person_id=person.id, platform="slack", tenant="T0",
                                         external_id=f"U{person.id}"))  # fmt: skip
        await uow.commit()
        ids = [p.id for p in people]
    async with mlgov.uow() as uow:
        found = await recipients(uow.session, set(ids))
    assert len(found) == n
    assert {r.platform for i, r in found.items() if i % 2} == {"slack"}
    assert {r.platform for i, r in found.items() if not i % 2} == {"console"}


async def test_among_is_one_condition_per_statement(database_url):
    engine = create_engine(database_url)
    try:
        conditions = among(engine.dialect, col(Delivery.id), list(range(CHUNK * 2 + 1)))
        expected = 1 if engine.dialect.name == "postgresql" else 3
        assert len(conditions) == expected
        assert among(engine.dialect, col(Delivery.id), []) == []
    finally:
        await engine.dispose()
