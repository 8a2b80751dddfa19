"""When the check-in window closes the linked channel hears; managers get a weekly digest."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.roles import change_role
from governance.context import Conversation
from governance.rhythm.payload import load
from governance.tables import Delivery
from tests.conftest import console, say
from tests.rhythm.conftest import utc


async def _payloads(mlgov, prefix: str) -> list[tuple[str, str]]:  # noqa: ANN001
    async with mlgov.uow() as uow:
        rows = await uow.session.exec(select(Delivery.key, Delivery.target_id, Delivery.payload))
        return [(t, load(p).text) for k, t, p in rows if k.startswith(prefix)]


async def test_the_linked_channel_gets_the_weeks_summary_once(team, mlgov):
    reports = Conversation("slack", "T0TEST", "C0REPORTS", "ml-reports")
    await mlgov.handle("link churn-model", console("ber"), reports)
    monday = utc(2026, 3, 2)
    await team.run(monday, monday + timedelta(hours=9), timedelta(minutes=30))
    mlgov.clock.set(monday + timedelta(hours=9))
    await say(mlgov, "ber", "checkin churn-model on-track")
    await say(mlgov, "nyc", "help")
    await team.run(monday + timedelta(hours=9), monday + timedelta(hours=40), timedelta(minutes=30))
    summaries = await _payloads(mlgov, "summary:")
    assert summaries == [
        ("C0REPORTS", "Check-ins for Churn Model this week: 1 on-track, 2 missed.")
    ]


async def test_managers_get_a_weekly_digest_at_nine_their_time(team, mlgov):
    await say(mlgov, "boss", "tz America/New_York")
    await change_role(mlgov, "console", "", "boss", "manager", grant_it=True)
    monday = utc(2026, 3, 2)
    await team.run(
        monday + timedelta(hours=13), monday + timedelta(hours=16), timedelta(minutes=30)
    )
    digests = await _payloads(mlgov, "digest:")
    assert digests == [("boss", "1 active project: 0 red, 0 amber, 1 green.")]
    async with mlgov.uow() as uow:
        (key,) = [
            k for k in await uow.session.exec(select(Delivery.key)) if k.startswith("digest:")
        ]
    assert key.endswith(":2026-W10")


async def test_a_manager_named_during_the_window_still_gets_the_digest(team, mlgov):
    await say(mlgov, "boss", "tz Europe/Berlin")
    await say(mlgov, "vp", "tz Europe/Berlin")
    await change_role(mlgov, "console", "", "boss", "manager", grant_it=True)
    monday = utc(2026, 3, 2)
    await team.tick(monday + timedelta(hours=8, minutes=1))  # 09:01 in Berlin
    await team.tick(monday + timedelta(hours=8, minutes=2))  # boss's digest is queued
    await change_role(mlgov, "console", "", "vp", "manager", grant_it=True)
    await team.tick(monday + timedelta(hours=9))
    digests = await _payloads(mlgov, "digest:")
    assert sorted(who for who, _ in digests) == ["boss", "vp"]


def test_the_digest_names_ten_of_each_list_and_counts_the_rest():
    from governance.phases import Health, Phase
    from governance.phases import Standing as Status
    from governance.portfolio import Summary
    from governance.rhythm.digest import weekly_digest

    now = utc(2026, 3, 2, 9)
    red = [
        Summary(f"r{i}", f"R{i}", Phase.DEVELOPMENT, Status.EXPLORING, Health.RED,
                ("review overdue",), "ann", "bob", None, None, False)
        for i in range(25)
    ]  # fmt: skip
    digest = weekly_digest(red, now)
    assert digest.text == "25 active projects: 25 red, 0 amber, 0 green."
    assert [r.text for r in digest.rows][:2] == ["🔴 R0 (`r0`)", "🔴 R1 (`r1`)"]
    assert len(digest.rows) == 11
    assert (digest.rows[-1].text, digest.rows[-1].detail) == (
        "… and 15 more red projects",
        "say `portfolio health:red`",
    )
