"""Governance events told through the outbox: once per event and person, in working hours
unless urgent, after time away, never to the speaker; linked channels at once."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import col, select

from governance import notices
from governance.replies import Reply
from governance.sending import Recipient
from governance.tables import AwaySpan, ChannelLink, Delivery, Person, Project
from governance.uow import session_factory
from tests.conftest import T0, say

SATURDAY_NIGHT = datetime(2026, 11, 28, 23, 0, tzinfo=UTC)


async def _people(session, *specs: tuple[str, str]) -> list[int]:
    ids = []
    for handle, tz in specs:
        person = (await session.exec(select(Person).where(Person.display_name == handle))).one()
        person.tz = tz
        session.add(person)
        ids.append(person.id)
    await session.flush()
    return ids


async def _deliveries(session) -> list[Delivery]:
    return list(await session.exec(select(Delivery).order_by(col(Delivery.id))))


async def test_each_person_once_per_key_in_their_working_hours(mlgov, engine):
    for who in ("bob", "carol"):
        await say(mlgov, who, "tz")  # first contact makes the person and their identity
    async with session_factory(engine)() as session:
        bob, carol = await _people(session, ("bob", "Europe/Berlin"), ("carol", "America/New_York"))
        reply = Reply(text="criteria changed")
        assert await notices.tell(session, [bob, carol, bob], "criteria.changed:7", reply,
                                  SATURDAY_NIGHT) == 2  # fmt: skip
        assert await notices.tell(session, [bob, carol], "criteria.changed:7", reply,
                                  SATURDAY_NIGHT) == 0  # fmt: skip
        await session.commit()
        sent = await _deliveries(session)
    assert [(d.key, d.target_id) for d in sent] == [
        (f"criteria.changed:7:{bob}", "bob"), (f"criteria.changed:7:{carol}", "carol"),
    ]  # fmt: skip
    # Monday 09:00 where each of them is.
    assert sent[0].due_at == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    assert sent[1].due_at == datetime(2026, 11, 30, 14, 0, tzinfo=UTC)


async def test_urgent_is_now_and_time_away_delays_the_rest(mlgov, engine):
    await say(mlgov, "bob", "tz")
    async with session_factory(engine)() as session:
        [bob] = await _people(session, ("bob", "UTC"))
        session.add(
            AwaySpan(person_id=bob, first_day=date(2026, 11, 30), last_day=date(2026, 12, 4))
        )
        await session.flush()
        await notices.tell(session, [bob], "a", Reply(text="x"), SATURDAY_NIGHT, urgent=True)
        await notices.tell(session, [bob], "b", Reply(text="y"), SATURDAY_NIGHT)
        await session.commit()
        urgent, later = await _deliveries(session)
    assert urgent.due_at == SATURDAY_NIGHT
    assert later.due_at == datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


async def test_linked_channels_hear_at_once_and_once(mlgov, engine):
    await say(mlgov, "alice", "new Churn Model")
    async with session_factory(engine)() as session:
        project_id = (await session.exec(select(Project.id))).one()
        session.add(ChannelLink(project_id=project_id, platform="slack", tenant="T1",
                                channel_id="C1", linked_at=T0))  # fmt: skip
        await session.flush()
        for _ in range(2):
            await notices.tell_channels(session, project_id, "phase.changed:3", Reply(text="moved"),
                                        SATURDAY_NIGHT)  # fmt: skip
        await session.commit()
        [sent] = await _deliveries(session)
    assert (sent.platform, sent.kind, sent.target_id, sent.due_at) == (
        "slack", "channel", "C1", SATURDAY_NIGHT,
    )  # fmt: skip


async def test_the_channel_the_command_was_said_in_is_not_told_again(mlgov, engine):
    await say(mlgov, "alice", "new Churn Model")
    async with session_factory(engine)() as session:
        project_id = (await session.exec(select(Project.id))).one()
        for channel in ("C1", "C2"):
            session.add(ChannelLink(project_id=project_id, platform="slack", tenant="T1",
                                    channel_id=channel, linked_at=T0))  # fmt: skip
        await session.flush()
        here = Recipient("slack", "T1", "channel", "C1")
        await notices.tell_channels(session, project_id, "phase.changed:4", Reply(text="moved"),
                                    SATURDAY_NIGHT, said_in=here)  # fmt: skip
        await session.commit()
        [sent] = await _deliveries(session)
    assert sent.target_id == "C2"
