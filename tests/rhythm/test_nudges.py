"""Phase-review and sponsorship nudges: who hears, when, and only once."""

from __future__ import annotations

from datetime import timedelta

from bot.roles import change_role
from tests.conftest import say
from tests.rhythm.conftest import utc

CREATED = utc(2026, 2, 20, 12)


async def test_review_due_tells_owner_and_sponsor_then_overdue_tells_managers(team, mlgov):
    await change_role(mlgov, "console", "", "boss", "manager", grant_it=True)
    due = CREATED + timedelta(days=28)
    await team.tick(due - timedelta(hours=1))
    assert await team.deliveries("review-") == []
    await team.tick(due + timedelta(minutes=1))
    await team.tick(due + timedelta(hours=2))  # again: nothing new
    assert sorted(who for _, who in await team.deliveries("review-due:")) == ["ber", "spo"]
    assert await team.deliveries("review-overdue:") == []
    await team.tick(due + timedelta(days=7, minutes=1))
    assert [who for _, who in await team.deliveries("review-overdue:")] == ["boss"]
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
    await team.tick(due + timedelta(days=14, minutes=1))
    assert sorted(who for _, who in await team.deliveries("sponsorship-lapsed:")) == ["ber", "boss"]
    mlgov.clock.set(due + timedelta(days=15))
    await say(mlgov, "spo", "sponsor churn-model confirm")
    await team.tick(due + timedelta(days=15, minutes=1))
    assert len(await team.deliveries("sponsorship-")) == 3  # nothing new after reconfirming


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
