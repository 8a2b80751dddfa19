"""Health and delivery are derived from state and the clock."""

from __future__ import annotations

import pytest

from tests.conftest import say


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
