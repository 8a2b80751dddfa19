"""Health and delivery are derived from state and the clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from bot.roles import change_role
from governance.derived import CostFigures, HealthInputs, yearly_cost
from governance.derived import health as derive_health
from governance.policy import load_policy
from governance.replies import Tone
from tests.conftest import console, say


def field(reply, label):  # noqa: ANN001, ANN201
    return next(f.value for f in reply.fields if f.label == label)


@pytest.fixture
async def project(mlgov):
    await say(mlgov, "alice", "new Churn Model sponsor:@bob")
    await say(mlgov, "bob", "sponsor churn-model confirm")
    await say(mlgov, "alice", "member churn-model add @carol role:ml")


async def health(mlgov) -> str:  # noqa: ANN001
    return field(await say(mlgov, "dave", "status churn-model"), "Health")


async def test_review_due_then_overdue(mlgov, clock, project):
    clock.advance(days=27)
    assert await health(mlgov) == "🟢 green"
    clock.advance(days=1)
    assert await health(mlgov) == "🟠 amber — review due"
    clock.advance(days=7)
    assert await health(mlgov) == "🔴 red — review overdue by 7 days"
    await say(mlgov, "alice", "review churn-model done")
    assert await health(mlgov) == "🟢 green"


async def test_a_shorter_review_interval_from_schedule(mlgov, clock, project):
    await say(mlgov, "alice", "schedule churn-model review 7")
    clock.advance(days=7)
    assert await health(mlgov) == "🟠 amber — review due"


async def test_sponsorship_lapses_after_90_plus_14_days(mlgov, clock, project):
    for days in (20, 20, 20, 20, 10):  # keep reviews current: only sponsorship may lapse
        clock.advance(days=days)
        await say(mlgov, "alice", "review churn-model done")
    assert await health(mlgov) == "🟢 green"  # day 90: reconfirmation due, not lapsed
    clock.advance(days=14)
    await say(mlgov, "alice", "review churn-model done")
    assert await health(mlgov) == "🔴 red — sponsorship lapsed"
    await say(mlgov, "bob", "sponsor churn-model confirm")
    assert await health(mlgov) == "🟢 green"


async def test_checkins_drive_health(mlgov, project):
    await say(mlgov, "carol", 'checkin churn-model at-risk "data late"')
    assert await health(mlgov) == "🟠 amber — at risk"
    await say(mlgov, "carol", 'checkin churn-model blocked "no access"')
    assert await health(mlgov) == "🔴 red — blocked"
    portfolio = await say(mlgov, "dave", "portfolio health:red")
    assert [row.text.split(" — ")[0] for row in portfolio.rows] == [
        "🔴 Churn Model (`churn-model`)"
    ]
    await say(mlgov, "carol", "checkin churn-model on-track")
    assert await health(mlgov) == "🟢 green"


async def test_criteria_change_reopens_a_met_criterion(mlgov, project):
    await say(mlgov, "alice", 'criteria churn-model add "AUC >= 0.8"')
    await say(mlgov, "carol", "criteria churn-model met 1")
    reply = await say(mlgov, "alice", 'criteria churn-model change 1 "AUC >= 0.85" reason:"harder"')
    assert "It was met; it is open again." in reply.text
    shown = await say(mlgov, "dave", "criteria churn-model")
    assert [(r.text, r.detail) for r in shown.rows] == [("1. AUC >= 0.85", "open")]
    waived = await say(mlgov, "bob", 'criteria churn-model waive 1 reason:"superseded"')
    assert waived.text == "Criterion 1 of Churn Model waived: AUC >= 0.85"


# --- The rules on the pure function, with a fixed `now` -------------------------------------

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
POLICY = load_policy()


def inputs(**changes) -> HealthInputs:  # noqa: ANN003
    """A project in development for a day, with a confirmed sponsor: green."""
    base = {
        "phase": "development",
        "phase_entered_at": NOW - timedelta(days=1),
        "has_sponsor": True,
        "sponsor_confirmed": True,
    }
    return HealthInputs(**(base | changes))


def rule(**changes) -> tuple[str, list[str]]:  # noqa: ANN003
    level, reasons = derive_health(inputs(**changes), POLICY, NOW)
    return level.value, reasons


def test_green_when_nothing_applies():
    assert rule() == ("green", [])


def test_no_sponsor_past_idea_is_red_but_not_in_idea():
    assert rule(has_sponsor=False, sponsor_confirmed=False) == ("red", ["no sponsor"])
    assert rule(phase="idea", has_sponsor=False, sponsor_confirmed=False) == ("green", [])


def test_a_sponsor_not_yet_confirmed_is_amber():
    assert rule(sponsor_confirmed=False) == ("amber", ["sponsor not confirmed"])


def test_a_members_blocked_is_not_hidden_by_a_teammates_on_track():
    # Each member's latest check-in: one blocked, one later at risk (on track is not listed).
    assert rule(latest_checkins=("blocked",)) == ("red", ["blocked"])
    assert rule(latest_checkins=("at-risk", "blocked")) == ("red", ["blocked", "at risk"])
    assert rule(latest_checkins=("at-risk",)) == ("amber", ["at risk"])


def test_missed_check_ins():
    assert rule(missed_in_a_row=1) == ("amber", ["check-in missed"])
    assert rule(missed_in_a_row=2) == ("red", ["2 check-ins missed in a row"])


def test_review_due_and_overdue_by_seven_days():
    entered = NOW - timedelta(days=28)
    assert rule(phase_entered_at=entered) == ("amber", ["review due"])
    entered = NOW - timedelta(days=35)
    assert rule(phase_entered_at=entered) == ("red", ["review overdue by 7 days"])


def test_done_not_live_over_30_then_90_days():
    assert rule(accepted_at=NOW - timedelta(days=30)) == ("green", [])
    assert rule(accepted_at=NOW - timedelta(days=31)) == ("amber", ["done, not live for 31 days"])
    assert rule(accepted_at=NOW - timedelta(days=91)) == ("red", ["done, not live for 91 days"])
    # In production it is live: no longer "done, not live".
    assert rule(phase="production", accepted_at=NOW - timedelta(days=200)) == ("green", [])


def test_re_attestation_due_and_lapsed():
    assert rule(reattestation="due") == ("amber", ["re-attestation due"])
    assert rule(reattestation="lapsed") == ("red", ["re-attestation lapsed"])


def test_target_date_passed_while_not_in_production():
    assert rule(target_date=date(2026, 6, 1)) == ("green", [])
    assert rule(target_date=date(2026, 4, 17)) == ("amber", ["45 days past target"])
    assert rule(phase="production", target_date=date(2026, 4, 17)) == ("green", [])


def test_yearly_cost_over_budget():
    budget = Decimal(150000)
    assert rule(yearly_cost=Decimal(150000), budget=budget) == ("green", [])
    assert rule(yearly_cost=Decimal(186000), budget=budget) == (
        "amber",
        ["yearly cost 24% over budget"],
    )
    assert rule(yearly_cost=Decimal(186000)) == ("green", [])  # no budget: nothing to compare


def test_yearly_cost_counts_people_and_operating_effort():
    figures = CostFigures(monthly=Decimal(1000), fte=1.0, ops_hours_month=45)
    # 12 × 1,000 + 1 × 120,000 + 12 × 45 × 100
    assert yearly_cost(figures, POLICY) == Decimal(186000)
    assert yearly_cost(CostFigures(), POLICY) is None


def test_every_reason_is_shown_red_first():
    level, reasons = rule(
        sponsor_confirmed=False, latest_checkins=("blocked",), missed_in_a_row=1,
        reattestation="lapsed", target_date=date(2026, 5, 31),
    )  # fmt: skip
    assert (level, reasons) == (
        "red",
        ["blocked", "re-attestation lapsed", "sponsor not confirmed", "check-in missed",
         "1 day past target"],
    )  # fmt: skip


def test_closed_projects_are_not_judged():
    assert rule(phase="abandoned", has_sponsor=False, latest_checkins=("blocked",)) == ("green", [])


# --- Through the service: status and portfolio tell the same story -------------------------


async def agreed(mlgov, slug: str = "churn-model") -> str:  # noqa: ANN001
    """The health status shows, after checking the portfolio's row says the same."""
    shown = await health(mlgov)
    level, _, reasons = shown.partition(" — ")
    row = next(r for r in (await say(mlgov, "dave", "portfolio")).rows if f"(`{slug}`)" in r.text)
    assert row.text.startswith(level.split()[0] + " "), (shown, row.text)
    assert "; ".join(reasons.split(", ")) in (row.detail or ""), (shown, row.detail)
    return shown


async def test_a_teammates_later_on_track_does_not_hide_a_blocked(mlgov, clock, project):
    await say(mlgov, "alice", "member churn-model add @erin role:ml")
    await say(mlgov, "carol", 'checkin churn-model blocked "no access"')
    clock.advance(hours=1)
    await say(mlgov, "erin", "checkin churn-model on-track")
    assert await agreed(mlgov) == "🔴 red — blocked"
    await say(mlgov, "carol", "checkin churn-model on-track")
    assert await agreed(mlgov) == "🟢 green"


async def test_sponsor_asked_is_amber_until_confirmed(mlgov):
    await say(mlgov, "alice", "new Churn Model sponsor:@bob")
    assert await agreed(mlgov) == "🟠 amber — sponsor not confirmed"
    await say(mlgov, "bob", "sponsor churn-model confirm")
    assert await agreed(mlgov) == "🟢 green"


async def test_target_date_overrun_in_status_and_portfolio(mlgov, clock, project):
    reply = await say(mlgov, "alice", "edit churn-model target:2026-03-20")
    assert reply.text == "Churn Model: target 2026-03-20."
    status = await say(mlgov, "dave", "status churn-model")
    assert field(status, "Target") == "2026-03-20"
    clock.advance(days=20)  # T0 is 2026-03-02: two days past the target
    await say(mlgov, "alice", "review churn-model done")
    assert await agreed(mlgov) == "🟠 amber — 2 days past target"
    status = await say(mlgov, "dave", "status churn-model")
    assert field(status, "Target") == "2026-03-20 — 2 days late"


async def test_new_takes_a_target_and_refuses_a_bad_date(mlgov):
    await say(mlgov, "alice", "new Churn Model target:2026-06-30")
    status = await say(mlgov, "dave", "status churn-model")
    assert field(status, "Target") == "2026-06-30"
    bad = await say(mlgov, "alice", "edit churn-model target:30/06/2026")
    assert bad.text.startswith("`target:30/06/2026` is not a date; write it as YYYY-MM-DD.")


async def test_yearly_cost_with_people_and_effort_against_the_budget(mlgov, project):
    await say(mlgov, "alice", "edit churn-model budget:150k")
    reply = await say(mlgov, "carol", "cost churn-model monthly:1000 fte:1 ops:45/month")
    shown = {f.label: f.value for f in reply.fields}
    assert shown["People"] == "1 FTE (no drift)"
    assert shown["Operating effort"] == "45 hours/month (no drift)"
    assert shown["Yearly cost"] == "186,000 of budget 150,000 — 24% over"
    status = await say(mlgov, "dave", "status churn-model")
    assert field(status, "Yearly cost") == "186,000 of budget 150,000 — 24% over"
    assert await agreed(mlgov) == "🟠 amber — yearly cost 24% over budget"
    bad = await say(mlgov, "carol", "cost churn-model fte:lots")
    assert bad.text.startswith("`fte:lots` is not a number of FTE; like fte:1.5.")


async def test_no_sponsor_past_idea_is_red(mlgov):
    await say(mlgov, "alice", "new Churn Model budget:10k")
    assert await agreed(mlgov) == "🟢 green"  # in idea a sponsor is still being found
    await change_role(mlgov, "console", "", "root", "admin", grant_it=True)
    moved = await say(mlgov, "root", 'advance churn-model force reason:"pilot"')
    assert moved.tone == Tone.OK, moved.text
    assert await agreed(mlgov) == "🔴 red — no sponsor"


async def test_app_home_names_red_projects_with_their_reasons(mlgov, project):
    await change_role(mlgov, "console", "", "dave", "manager", grant_it=True)
    await say(mlgov, "carol", 'checkin churn-model blocked "no access"')
    home = await mlgov.home(console("dave"))
    assert next(f.value for f in home.fields if f.label == "Red") == "churn-model (blocked)"
