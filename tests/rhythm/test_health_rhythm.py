"""Health from the rhythm's own records: missed rounds, read by status and the portfolio alike;
the weekly digest names late and over-budget projects with the health reasons."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.roles import change_role
from governance.rhythm.payload import load
from governance.tables import Delivery
from tests.conftest import say
from tests.rhythm.conftest import utc


async def _health(mlgov) -> tuple[str, str]:  # noqa: ANN001
    """(status's Health field, the portfolio row's mark and detail)."""
    status = await say(mlgov, "spo", "status churn-model")
    shown = next(f.value for f in status.fields if f.label == "Health")
    row = (await say(mlgov, "spo", "portfolio")).rows[0]
    return shown, f"{row.text.split()[0]} {row.detail}"


async def test_one_missed_check_in_is_amber_two_in_a_row_red(team, mlgov):
    monday = utc(2026, 3, 2)
    await team.run(monday, monday + timedelta(hours=33))  # ber and kol miss week 1
    status, row = await _health(mlgov)
    assert status == "🟠 amber — check-in missed"
    assert row.startswith("🟠 ") and row.endswith("check-in missed")
    week2 = monday + timedelta(days=7)
    await team.run(week2, week2 + timedelta(hours=33))
    status, row = await _health(mlgov)
    assert status == "🔴 red — 2 check-ins missed in a row"
    assert row.startswith("🔴 ") and row.endswith("2 check-ins missed in a row")
    # An answer in the next round breaks the streak.
    week3 = monday + timedelta(days=14)
    await team.run(week3, week3 + timedelta(hours=15))  # every slot of the week has come
    mlgov.clock.set(week3 + timedelta(hours=15))
    for who in ("ber", "kol", "nyc"):
        await say(mlgov, who, "checkin churn-model on-track")
    assert (await _health(mlgov))[0] == "🟢 green"


async def test_the_digest_lists_late_and_over_budget_projects(team, mlgov):
    await say(mlgov, "ber", "edit churn-model target:2026-02-25 budget:100k")
    await say(mlgov, "ber", "cost churn-model monthly:5000 fte:0.5")  # 60k + 60k a year
    await say(mlgov, "boss", "tz America/New_York")
    await change_role(mlgov, "console", "", "boss", "manager", grant_it=True)
    monday = utc(2026, 3, 2)
    await team.run(
        monday + timedelta(hours=13), monday + timedelta(hours=16), timedelta(minutes=30)
    )
    async with mlgov.uow() as uow:
        rows = await uow.session.exec(select(Delivery.key, Delivery.payload))
        (digest,) = [load(p) for k, p in rows if k.startswith("digest:")]
    line = next(r for r in digest.rows if r.text.startswith("Off plan:"))
    assert (line.text, line.detail) == (
        "Off plan: Churn Model (`churn-model`)",
        "5 days past target, yearly cost 20% over budget",
    )
