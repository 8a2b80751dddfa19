"""Phase-review and sponsorship nudges: who hears, when, and only once."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.roles import change_role
from governance.commands import Status
from governance.rhythm.messages import attention
from governance.rhythm.payload import load
from governance.tables import Delivery
from tests.conftest import say
from tests.rhythm.conftest import utc

CREATED = utc(2026, 2, 20, 12)


async def _texts(mlgov, prefix: str) -> list[str]:  # noqa: ANN001
    async with mlgov.uow() as uow:
        rows = await uow.session.exec(select(Delivery.key, Delivery.payload))
        return [load(p).text for k, p in rows if k.startswith(prefix)]


async def test_review_due_tells_owner_and_sponsor_then_overdue_tells_managers(team, mlgov):
    await change_role(mlgov, "console", "", "boss", "manager", grant_it=True)  # boss: UTC
    due = CREATED + timedelta(days=28)  # Friday 20 March, 12:00 UTC
    await team.tick(due - timedelta(hours=1))
    assert await team.deliveries("review-") == []
    await team.tick(due + timedelta(minutes=1))
    await team.tick(due + timedelta(hours=2))  # again: nothing new
    assert sorted(who for _, who in await team.deliveries("review-due:")) == ["ber", "spo"]
    await team.tick(due + timedelta(days=7, minutes=1))  # 7 days overdue: Friday, 12:01
    assert await team.deliveries("attention:") == []  # managers hear the next working morning
    await team.run(utc(2026, 3, 30, 8), utc(2026, 3, 30, 18), timedelta(minutes=30))
    told = [(key.rsplit(":", 1)[1], who) for key, who in await team.deliveries("attention:")]
    assert told == [("2026-03-30", "boss")]  # once, on Monday morning
    (text,) = await _texts(mlgov, "attention:")
    assert text == (
        "Needs your attention since the last working morning: 1 phase review 7 days overdue."
    )
    # A review resets the clock: the next nudge is for the next due date.
    mlgov.clock.set(due + timedelta(days=8))
    await say(mlgov, "ber", "review churn-model done")
    await team.tick(due + timedelta(days=9))
    assert len(await team.deliveries("review-due:")) == 2


async def test_sponsorship_reconfirm_then_lapse(team, mlgov):
    await change_role(mlgov, "console", "", "boss", "manager", grant_it=True)
    due = CREATED + timedelta(days=90)
    for day in range(0, 91, 14):  # keep reviews current so only sponsorship speaks
        mlgov.clock.set(CREATED + timedelta(days=day, hours=1))
        await say(mlgov, "ber", "review churn-model done")
    await team.tick(due + timedelta(minutes=1))
    assert [who for _, who in await team.deliveries("sponsorship-due:")] == ["spo"]
    await team.tick(due + timedelta(days=14, minutes=1))  # Thursday 4 June, 12:01 UTC
    assert [who for _, who in await team.deliveries("sponsorship-lapsed:")] == ["ber"]
    await team.tick(utc(2026, 6, 5, 9, 1))  # the manager, the next working morning
    assert [who for _, who in await team.deliveries("attention:")] == ["boss"]
    (text,) = await _texts(mlgov, "attention:")
    assert text.endswith(": 1 sponsorship lapsed.")
    mlgov.clock.set(due + timedelta(days=15))
    await say(mlgov, "spo", "sponsor churn-model confirm")
    await team.tick(due + timedelta(days=15, minutes=1))
    assert len(await team.deliveries("sponsorship-")) == 2  # nothing new after reconfirming


async def test_a_weekend_nudge_waits_for_monday_morning_in_each_zone(team, mlgov):
    mlgov.clock.set(CREATED)
    await say(mlgov, "ber", "schedule churn-model review 8")  # due Saturday 28 Feb, 12:00 UTC
    await team.tick(utc(2026, 2, 28, 12, 1))
    assert await team.deliveries("review-due:") == []
    await team.tick(utc(2026, 3, 2, 8, 1))  # 09:01 in Berlin, 08:01 in London
    assert [who for _, who in await team.deliveries("review-due:")] == ["ber"]
    await team.tick(utc(2026, 3, 2, 9, 1))
    assert sorted(who for _, who in await team.deliveries("review-due:")) == ["ber", "spo"]


async def test_no_nudge_while_away(team, mlgov):
    mlgov.clock.set(CREATED)
    await say(mlgov, "spo", "away 2026-03-20 2026-03-31")
    due = CREATED + timedelta(days=28)  # Friday 20 March: the sponsor is away
    await team.run(due, due + timedelta(days=3), timedelta(hours=2))
    assert [who for _, who in await team.deliveries("review-due:")] == ["ber"]


def test_a_managers_message_names_fifteen_projects_and_counts_the_rest():
    overdue = [(f"P{i}", f"p{i}", CREATED) for i in range(20)]
    reply = attention(overdue, [("Q", "q")], 7)
    assert reply.text == (
        "Needs your attention since the last working morning: "
        "20 phase reviews 7 days overdue and 1 sponsorship lapsed."
    )
    assert [r.text for r in reply.rows] == [f"P{i}" for i in range(15)]
    assert reply.rows[0].actions[0].command == Status("p0")
    assert reply.context == "And 6 more: say `portfolio health:red`."
