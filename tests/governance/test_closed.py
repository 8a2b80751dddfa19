"""Closed means closed: an abandoned or retired project is read-only until an admin reopens it
by a forced, audited move; it is still shown everywhere."""

from __future__ import annotations

import pytest

from bot.roles import change_role
from governance.replies import Tone
from tests.conftest import say, snapshot

WRITES = [
    'criteria churn-model add "precision >= 0.9"',
    'criteria churn-model change 1 "AUC >= 0.85" reason:"new baseline"',
    "criteria churn-model met 1",
    "cost churn-model monthly:9000",
    "edit churn-model risk:high",
    'edit churn-model name:"Churn Two"',
    "member churn-model add @dan role:ml",
    "member churn-model remove @carol role:ml",
    "ready churn-model data-access done",
    "ready churn-model data-access owner:@carol",
    "checkin churn-model blocked",
    "review churn-model done",
    "schedule churn-model review 14",
    "sponsor churn-model @dan",
    'abandon churn-model reason:"again"',
]
READS = ["status churn-model", "history churn-model", "criteria churn-model", "cost churn-model",
         "member churn-model", "ready churn-model", "portfolio abandoned"]  # fmt: skip


@pytest.fixture
async def closed(mlgov):
    """churn-model, owned by alice, carol as ml, abandoned in idea; root is an admin."""
    await change_role(mlgov, "console", "", "root", "admin", grant_it=True)
    for line in (
        'new Churn Model risk:low objective:"less churn"',
        'criteria churn-model add "AUC >= 0.8"',
        "member churn-model add @carol role:ml",
        'abandon churn-model reason:"the data never came"',
    ):
        assert (await say(mlgov, "alice", line)).tone == Tone.OK, line
    return "churn-model"


@pytest.mark.parametrize("line", WRITES)
@pytest.mark.parametrize("who", ["alice", "root"])
async def test_every_change_to_a_closed_project_is_refused_in_one_line(mlgov, engine, closed,
                                                                       who, line):  # fmt: skip
    before = await snapshot(engine)
    reply = await say(mlgov, who, line)
    assert reply.tone == Tone.ERROR
    assert reply.text.startswith("churn-model is abandoned: it is closed"), reply.text
    assert "force" in reply.text and "\n" not in reply.text
    assert await snapshot(engine) == before


@pytest.mark.parametrize("line", READS)
async def test_a_closed_project_is_still_shown(mlgov, closed, line):
    reply = await say(mlgov, "alice", line)
    assert reply.tone != Tone.ERROR, reply.text


async def test_only_an_admin_reopens_it_by_a_forced_audited_move(mlgov, closed):
    refused = await say(mlgov, "alice", 'advance churn-model to idea force reason:"data came"')
    assert refused.tone == Tone.ERROR
    reopened = await say(mlgov, "root", 'advance churn-model to idea force reason:"data came"')
    assert reopened.tone == Tone.OK, reopened.text
    assert (await say(mlgov, "alice", 'criteria churn-model add "recall >= 0.7"')).tone == Tone.OK
    history = await say(mlgov, "alice", "history churn-model")
    shown = " ".join(row.text + " " + (row.detail or "") for row in history.rows)
    assert "forced abandoned → idea: data came" in shown
