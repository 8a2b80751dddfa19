"""Who may do what: each refusal is one clear line and changes nothing."""

from __future__ import annotations

import pytest

from bot.roles import change_role
from governance.replies import Tone
from tests.conftest import say, snapshot


@pytest.fixture
async def project(mlgov):
    """churn-model, owned by alice, sponsored by bob, with carol as ml; in development."""
    await change_role(mlgov, "console", "", "root", "admin", grant_it=True)
    for line in (
        'new Churn Model sponsor:@bob budget:50k risk:low objective:"less churn"',
        'criteria churn-model add "AUC >= 0.8"',
        "cost churn-model monthly:5000",
        "member churn-model add @carol role:ml",
    ):
        assert (await say(mlgov, "alice", line)).tone == Tone.OK, line
    assert (await say(mlgov, "bob", "sponsor churn-model confirm")).tone == Tone.OK
    assert (await say(mlgov, "alice", "advance churn-model")).tone == Tone.OK
    return "churn-model"


REFUSALS = [
    ("mallory", "advance churn-model", "Only the owner of churn-model or an admin can advance it."),
    ("carol", "advance churn-model", "Only the owner of churn-model or an admin can advance it (you are ml)."),
    ("alice", "accept churn-model", "Only the sponsor of churn-model can accept it (you are owner)."),
    ("root", "accept churn-model", "Only the sponsor of churn-model can accept it."),
    ("alice", 'advance churn-model to production force reason:"we must"', "Only an admin can force churn-model to another phase."),
    ("bob", 'advance churn-model force reason:"why not"', "Only an admin can force churn-model to another phase."),
    ("mallory", "checkin churn-model on-track", "Only members of churn-model can check in."),
    ("root", "checkin churn-model on-track", "can check in."),
    ("mallory", "sponsor churn-model confirm", "Only the sponsor of churn-model can confirm its sponsorship."),
    ("carol", "member churn-model add @mallory role:owner", "Only the owner of churn-model or an admin can change its members (you are ml)."),
    ("mallory", 'criteria churn-model add "mine"', "can add criteria."),
    ("carol", 'criteria churn-model waive 1 reason:"meh"', "Only the sponsor of churn-model (bob) can waive criteria (you are ml)."),
    ("alice", 'criteria churn-model waive 1 reason:"meh"', "Only the sponsor of churn-model (bob) can waive criteria (you are owner)."),
    ("root", 'criteria churn-model waive 1 reason:"meh"', "Only the sponsor of churn-model (bob) can waive criteria."),
    ("alice", "criteria churn-model confirm", "Only the sponsor of churn-model (bob) can confirm its criteria (you are owner)."),
    ("mallory", 'abandon churn-model reason:"spite"', "Only the owner of churn-model or an admin can abandon it."),
    ("mallory", "ready churn-model data-access done", "`data-access` on churn-model is signed by the owner or a member with role it — ask one with `ready churn-model data-access request @u`."),
    ("carol", "ready churn-model data-access done", "`data-access` on churn-model is signed by the owner or a member with role it"),
    ("root", "ready churn-model data-access done", "`data-access` on churn-model is signed by the owner or a member with role it"),
    ("carol", "ready churn-model data-access owner:@carol", "Only the owner of churn-model or an admin can name who owns a readiness item (you are ml)."),
    ("mallory", "schedule churn-model review 14", "can change its schedule."),
    ("mallory", "edit churn-model risk:high", "Only the owner of churn-model or an admin can edit it."),
]  # fmt: skip


@pytest.mark.parametrize(("who", "line", "expected"), REFUSALS)
async def test_refusal_is_one_line_and_changes_nothing(mlgov, engine, project, who, line, expected):
    before = await snapshot(engine)
    reply = await say(mlgov, who, line)
    assert reply.tone == Tone.ERROR
    assert "\n" not in reply.text
    assert expected in reply.text
    assert await snapshot(engine) == before


async def test_admin_may_force_and_it_is_audited(mlgov, project):
    reply = await say(mlgov, "root", 'advance churn-model to production force reason:"pilot"')
    assert reply.tone == Tone.OK
    assert "forced from experimentation to production" in reply.text
    history = await say(mlgov, "anyone", "history churn-model")
    assert history.rows[-1].text.endswith("root · forced experimentation → production: pilot")


async def test_anyone_may_read(mlgov, project):
    for line in ("status churn-model", "portfolio", "history churn-model", "criteria churn-model"):
        reply = await say(mlgov, "stranger", line)
        assert reply.tone == Tone.INFO, (line, reply.text)


async def test_owner_or_admin_advances(mlgov, project, clock):
    await say(mlgov, "alice", "ready churn-model data-access done")
    await say(mlgov, "alice", "review churn-model done")
    await say(mlgov, "bob", "criteria churn-model confirm")
    await say(mlgov, "alice", "cost churn-model monthly:5500")
    reply = await say(mlgov, "root", "advance churn-model")
    assert reply.tone == Tone.OK and "to development" in reply.text
