"""Weekly check-ins in each member's own zone, across both daylight-saving changes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import say
from tests.rhythm.conftest import Rhythm, utc


def slots(deliveries: list[tuple[str, str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, who in deliveries:
        found.setdefault(who, []).append(key.rsplit(":", 3)[-3][-2:] + ":" + key.rsplit(":", 3)[-2])
    return found


async def test_monday_0930_local_for_everyone_across_dst(team):
    # Four Mondays: before any change, after the US change (Mar 8), after Europe's (Mar 29),
    # and in autumn between Europe's (Oct 25) and the US's (Nov 1) return.
    for monday in (utc(2026, 3, 2), utc(2026, 3, 9), utc(2026, 3, 30), utc(2026, 10, 26)):
        await team.run(monday - timedelta(hours=1), monday + timedelta(hours=23))
    prompts = [key.split(":", 3)[3] for key, _ in await team.deliveries("prompt:")]
    by_who = {}
    for key, who in await team.deliveries("prompt:"):
        by_who.setdefault(who, []).append(key.split(":", 3)[3])
    assert by_who["ber"] == ["2026-03-02T08:30:00+00:00", "2026-03-09T08:30:00+00:00",
                             "2026-03-30T07:30:00+00:00", "2026-10-26T08:30:00+00:00"]  # fmt: skip
    assert by_who["nyc"] == ["2026-03-02T14:30:00+00:00", "2026-03-09T13:30:00+00:00",
                             "2026-03-30T13:30:00+00:00", "2026-10-26T13:30:00+00:00"]  # fmt: skip
    assert by_who["kol"] == ["2026-03-02T04:00:00+00:00", "2026-03-09T04:00:00+00:00",
                             "2026-03-30T04:00:00+00:00", "2026-10-26T04:00:00+00:00"]  # fmt: skip
    assert "spo" not in by_who  # sponsors are nudged, not prompted
    assert len(prompts) == 12


async def test_away_dates_and_weekends_are_respected(team, mlgov):
    await say(mlgov, "nyc", "away 2026-03-02 2026-03-06")
    await team.run(utc(2026, 3, 2), utc(2026, 3, 3))
    assert {who for _, who in await team.deliveries("prompt:")} == {"ber", "kol"}
    await say(mlgov, "ber", "schedule churn-model checkin weekly saturday 10:00")
    await team.run(utc(2026, 3, 7), utc(2026, 3, 8, 23))
    assert len(await team.deliveries("prompt:")) == 2  # nothing on a Saturday


async def test_a_tick_twice_for_the_same_time_queues_nothing_new(team):
    at = utc(2026, 3, 2, 8, 31)
    first = await team.tick(at)
    second = await team.tick(at)
    # Berlin's 08:30 and Kolkata's 04:00 UTC rounds open with prompts; New York's last
    # slot was last week, before anyone ticked: recorded as skipped, not sent.
    assert first == (3, 2)
    assert second == (0, 0)  # and no reminder a minute after a late prompt


async def test_after_two_hours_down_the_prompt_goes_once(team):
    await team.tick(utc(2026, 3, 2, 10, 30))  # Berlin's 08:30 UTC slot was 2 h ago
    assert [who for _, who in await team.deliveries("prompt:")] == ["ber"]
    await team.tick(utc(2026, 3, 2, 10, 31))
    assert [who for _, who in await team.deliveries("prompt:")] == ["ber"]


async def test_after_three_days_down_stale_prompts_are_skipped(team):
    await team.tick(utc(2026, 3, 5, 12))
    assert await team.deliveries("prompt:") == []
    states = {(who, state) for who, _, state in await team.rounds()}
    assert states == {("ber", "skipped"), ("nyc", "skipped"), ("kol", "skipped")}


async def test_reminder_then_missed_then_the_owner_is_told(team, mlgov):
    start = utc(2026, 3, 2)
    await team.run(start, start + timedelta(hours=33))
    reminders = [who for _, who in await team.deliveries("reminder:")]
    assert sorted(reminders) == ["ber", "kol", "nyc"]
    await say(mlgov, "kol", "checkin churn-model on-track")  # too late: window closed
    rounds = {who: state for who, _, state in await team.rounds()}
    assert rounds == {"ber": "missed", "kol": "missed", "nyc": "open"}
    week2 = start + timedelta(days=7)
    await say(mlgov, "kol", "help")
    await team.run(week2, week2 + timedelta(hours=33))
    told = await team.deliveries("missed-twice:")
    assert sorted(who for _, who in told) == ["ber", "ber"]  # the owner, about ber and kol
    # Kolkata's window closes at 04:00 UTC: the Berlin owner hears at 09:00 Berlin time.
    from sqlmodel import select

    from governance.tables import Delivery

    async with mlgov.uow() as uow:
        held = sorted(
            (await uow.session.exec(
                select(Delivery.due_at).where(Delivery.key.startswith("missed-twice:"))  # type: ignore[attr-defined]
            )).all()
        )  # fmt: skip
    assert held[0] == utc(2026, 3, 10, 8)


async def test_an_answer_closes_the_round_and_stops_the_reminder(team, mlgov):
    await team.tick(utc(2026, 3, 2, 8, 31))
    mlgov.clock.set(utc(2026, 3, 2, 9))
    await say(mlgov, "ber", 'checkin churn-model at-risk "data late"')
    await team.run(utc(2026, 3, 2, 9), utc(2026, 3, 3, 12), timedelta(hours=1))
    assert "ber" not in [who for _, who in await team.deliveries("reminder:")]
    assert ("ber", utc(2026, 3, 2, 8, 30), "answered") in await team.rounds()


async def test_blocked_twice_tells_the_sponsor(team, mlgov):
    for week in (0, 7):
        monday = utc(2026, 3, 2) + timedelta(days=week)
        await team.tick(monday + timedelta(hours=8, minutes=31))
        mlgov.clock.set(monday + timedelta(hours=9))
        await say(mlgov, "ber", 'checkin churn-model blocked "no GPU quota"')
    told = await team.deliveries("blocked-twice:")
    assert [who for _, who in told] == ["spo"]


@pytest.fixture
async def biweekly(mlgov, clock):
    """Two biweekly projects in Berlin, started a week apart; cat is on Alpha's team."""
    clock.set(utc(2026, 2, 20, 12))  # the week of Monday 16 February
    for who in ("ann", "bob", "cat"):
        await say(mlgov, who, "tz Europe/Berlin")
    await say(mlgov, "ann", "new Alpha")
    await say(mlgov, "ann", "schedule alpha checkin biweekly monday 09:30")
    await say(mlgov, "ann", "member alpha add @cat role:ml")
    clock.set(utc(2026, 2, 27, 12))  # the week of Monday 23 February
    await say(mlgov, "bob", "new Beta")
    await say(mlgov, "bob", "schedule beta checkin biweekly monday 09:30")
    return Rhythm(mlgov)


async def test_biweekly_projects_started_a_week_apart_keep_their_own_weeks(biweekly):
    for day in (2, 9, 16, 23):
        await biweekly.tick(utc(2026, 3, day, 8, 31))  # all in one pass each Monday
    weeks: dict[str, list[str]] = {}
    for key, who in await biweekly.deliveries("prompt:"):
        weeks.setdefault(who, []).append(key.split(":", 3)[3][:10])
    assert weeks == {
        "ann": ["2026-03-02", "2026-03-16"],
        "cat": ["2026-03-02", "2026-03-16"],
        "bob": ["2026-03-09", "2026-03-23"],
    }


async def test_two_biweekly_misses_in_a_row_tell_the_owner(biweekly):
    for day in (2, 16):
        await biweekly.tick(utc(2026, 3, day, 8, 31))
        await biweekly.tick(utc(2026, 3, day + 1, 9, 30))  # an hour after the window closed
    told = [who for _, who in await biweekly.deliveries("missed-twice:")]
    assert told.count("ann") == 2  # about cat, and about ann herself


async def test_a_round_left_open_by_a_month_down_is_closed_as_missed(team):
    await team.tick(utc(2026, 3, 2, 8, 31))
    await team.tick(utc(2026, 3, 30, 12))  # four weeks of silence
    states = {(who, slot.date().isoformat(), state) for who, slot, state in await team.rounds()}
    assert ("ber", "2026-03-02", "missed") in states
    assert ("kol", "2026-03-02", "missed") in states
