"""A project accepted, advanced, forced or abandoned: everyone concerned is told, once, and
the linked channel too; abandoning in production needs a decommission plan or an admin; on
Slack and Teams a destructive command asks for a button press first; a phase reached by
force is marked wherever the phase is shown."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, select

from bot.roles import change_role
from governance import commands as c
from governance import wire
from governance.context import Actor, Conversation
from governance.intake import Received
from governance.phases import Phase
from governance.portfolio import summaries
from governance.replies import Reply, Tone
from governance.rhythm.digest import weekly_digest
from governance.rhythm.payload import load
from governance.service import Mlgov
from governance.tables import Delivery, Project
from tests.conftest import T0, console, say, snapshot

REPORTS = Conversation("slack", "T0TEST", "C0REPORTS", "ml-reports")
TODAY = T0.date().isoformat()


async def _project(mlgov: Mlgov) -> None:
    """churn-model in idea, its gate open to experimentation: alice owns it, bob sponsors it
    (and said yes), carol is ml, ivan it; root is an admin; #ml-reports is linked."""
    await change_role(mlgov, "console", "", "root", "admin", grant_it=True)
    for who, line in (
        ("alice", 'new Churn Model sponsor:@bob budget:50k risk:low objective:"less churn"'),
        ("alice", 'criteria churn-model add "AUC above 0.8"'),
        ("alice", "cost churn-model monthly:1000"),
        ("alice", "member churn-model add @carol role:ml"),
        ("alice", "member churn-model add @ivan role:it"),
        ("bob", "sponsor churn-model confirm"),
    ):
        reply = await say(mlgov, who, line)
        assert reply.tone == Tone.OK, (line, reply.text)
    linked = await mlgov.handle("link churn-model", console("alice"), REPORTS)
    assert linked.tone == Tone.OK, linked.text


@pytest.fixture
async def project(mlgov):
    await _project(mlgov)


async def queued(mlgov: Mlgov, kind: str) -> list[tuple[str, Reply]]:
    """(recipient, message) of every message queued about an event of ``kind``."""
    async with mlgov.uow() as uow:
        rows = await uow.session.exec(
            select(Delivery.key, Delivery.target_id, Delivery.payload).order_by(col(Delivery.id))
        )
        return sorted(
            ((t, load(p)) for k, t, p in rows if k.startswith(f"{kind}:")), key=lambda r: r[0]
        )


async def told(mlgov: Mlgov, kind: str) -> list[tuple[str, str]]:
    """(recipient, text) of every message queued about an event of ``kind``."""
    return [(who, message.text) for who, message in await queued(mlgov, kind)]


async def test_an_advance_reaches_every_member_and_the_channel_once(mlgov, project):
    reply = await say(mlgov, "alice", "advance churn-model")
    assert reply.text == "Churn Model moved from idea to experimentation.", reply.text
    text = "alice moved Churn Model from idea to experimentation."
    assert await told(mlgov, "phase.changed") == [
        ("C0REPORTS", text), ("bob", text), ("carol", text), ("ivan", text),
    ]  # fmt: skip  # alice said it: she has the answer
    message = dict(await queued(mlgov, "phase.changed"))["carol"]
    assert [(a.label, a.command) for a in message.actions] == [("Status", c.Status("churn-model"))]


async def test_a_member_hears_in_working_hours_the_channel_at_once(mlgov, clock, project):
    await say(mlgov, "carol", "tz Asia/Tokyo")  # 18:00 there: after work
    await say(mlgov, "alice", "advance churn-model")
    async with mlgov.uow() as uow:
        due = dict(
            (
                await uow.session.exec(
                    select(Delivery.target_id, Delivery.due_at).where(
                        col(Delivery.key).startswith("phase.changed:")
                    )
                )
            ).all()
        )
    assert due["C0REPORTS"] == T0
    assert due["carol"] > T0 + timedelta(hours=12)  # the next morning in Tokyo


async def test_acceptance_reaches_the_owners_and_the_channel(mlgov, project):
    await say(mlgov, "root", 'advance churn-model to development force reason:"pilot"')
    await say(mlgov, "alice", "member churn-model add @dana role:owner")
    await say(mlgov, "alice", "criteria churn-model met 1")  # accept needs every one met
    reply = await say(mlgov, "bob", "accept churn-model")
    assert reply.tone == Tone.OK, reply.text
    text = (
        "bob accepted Churn Model: it is done — not in production until it passes the "
        "production gate."
    )
    assert await told(mlgov, "project.accepted") == [
        ("C0REPORTS", text), ("alice", text), ("dana", text),
    ]  # fmt: skip


async def test_abandoning_tells_members_and_channel_why(mlgov, project):
    reply = await say(mlgov, "alice", 'abandon churn-model reason:"the data never came"')
    assert reply.tone == Tone.OK, reply.text
    text = "alice abandoned Churn Model in idea. Nothing on it changes any more."
    assert await told(mlgov, "phase.changed") == [
        ("C0REPORTS", text), ("bob", text), ("carol", text), ("ivan", text),
    ]  # fmt: skip
    assert {m.context for _, m in await queued(mlgov, "phase.changed")} == {
        "Why: the data never came"
    }


async def test_a_forced_move_tells_everyone_who_forced_it_and_why(mlgov, project):
    reply = await say(mlgov, "root", 'advance churn-model to production force reason:"pilot"')
    assert reply.tone == Tone.OK, reply.text
    text = "root forced Churn Model from idea to production, past its gate. It is in production."
    members = [("C0REPORTS", text), ("alice", text), ("bob", text), ("carol", text),
               ("ivan", text)]  # fmt: skip
    assert await told(mlgov, "phase.forced") == members
    assert {m.context for _, m in await queued(mlgov, "phase.forced")} == {"Why: pilot"}


async def test_a_retried_delivery_tells_nobody_twice(mlgov, project):
    asked = Received(key="slack:command:T0TEST:1", actor=console("alice"), conversation=None,
                     answer_to={"via": "respond", "user": "alice"}, line="advance churn-model")  # fmt: skip
    row = await mlgov.receive(asked)
    assert row is not None
    assert await mlgov.receive(asked) is None  # the platform's retry: the same delivery
    first = (await mlgov.carry_out(row)).reply
    again = (await mlgov.carry_out(row)).reply  # a second process finishing it
    assert first.text == again.text == "Churn Model moved from idea to experimentation."
    assert len(await told(mlgov, "phase.changed")) == 4


async def test_the_same_button_pressed_twice_tells_once(mlgov, project):
    await say(mlgov, "root", 'advance churn-model to development force reason:"pilot"')
    await say(mlgov, "alice", "criteria churn-model met 1")  # accept needs every one met
    bob = console("bob")
    await mlgov.press(c.Accept("churn-model"), bob, on="msg-1")
    again = await mlgov.press(c.Accept("churn-model"), bob, on="msg-1")
    assert again.tone != Tone.ERROR
    assert len(await told(mlgov, "project.accepted")) == 2  # alice and the channel


async def test_a_refusal_tells_nobody(mlgov, engine, project):
    before = await snapshot(engine)
    reply = await say(mlgov, "carol", "advance churn-model")
    assert reply.tone == Tone.ERROR
    assert await snapshot(engine) == before


# Abandoning a project in production


async def _in_production(mlgov: Mlgov) -> None:
    reply = await say(mlgov, "root", 'advance churn-model to production force reason:"pilot"')
    assert reply.tone == Tone.OK, reply.text


async def test_abandoning_in_production_needs_the_decommission_plan(mlgov, engine, project):
    await _in_production(mlgov)
    before = await snapshot(engine)
    reply = await say(mlgov, "alice", 'abandon churn-model reason:"replaced"')
    assert (reply.tone, reply.text) == (
        Tone.ERROR,
        "churn-model is in production: abandoning it needs the `decommission-plan` done first "
        "(`ready churn-model decommission-plan done`), or an admin.",
    )
    assert await snapshot(engine) == before
    done = await say(mlgov, "alice", "ready churn-model decommission-plan done")
    assert done.tone == Tone.OK, done.text
    reply = await say(mlgov, "alice", 'abandon churn-model reason:"replaced"')
    assert reply.text == "Churn Model abandoned in production. Reason kept: replaced"


async def test_an_admin_abandons_in_production_without_the_plan(mlgov, project):
    await _in_production(mlgov)
    reply = await say(mlgov, "root", 'abandon churn-model reason:"switched off in the outage"')
    assert reply.text == (
        "Churn Model abandoned in production. Reason kept: switched off in the outage"
    )


# On Slack and Teams a destructive command asks first

TEAM = {"slack": "T0TEST", "teams": "tenant-1"}


def _actor(platform: str, user: str) -> Actor:
    return Actor(platform, TEAM[platform], user, display_name=user.lower())


async def _chat_project(mlgov: Mlgov, platform: str) -> Actor:
    alice = _actor(platform, "ALICE")
    assert (await mlgov.handle("new Churn Model", alice)).tone == Tone.OK
    linked = await mlgov.handle(
        "link churn-model", alice, Conversation(platform, TEAM[platform], "C0REPORTS", "ml-reports")
    )
    assert linked.tone == Tone.OK, linked.text
    return alice


async def _phase(mlgov: Mlgov) -> str:
    async with mlgov.uow() as uow:
        return (await uow.session.exec(select(Project.phase))).one()


@pytest.mark.parametrize("platform", ["slack", "teams"])
async def test_abandon_asks_first_and_changes_nothing_until_pressed(mlgov, engine, platform):
    alice = await _chat_project(mlgov, platform)
    before = await snapshot(engine)
    ask = await mlgov.handle('abandon "Churn Model" reason:"no signal"', alice)
    assert ask.tone != Tone.ERROR and ask.query
    assert (
        ask.text
        == "Abandon churn-model? It becomes read-only; its members and #ml-reports are told."
    )
    (button,) = ask.actions
    assert (button.label, button.style) == ("Abandon", "danger")
    assert button.command == c.Abandon("churn-model", "no signal", confirmed=True)
    assert await snapshot(engine) == before  # no change, no audit event
    assert await _phase(mlgov) == "idea"
    done = await mlgov.press(button.command, alice, on="msg-1")
    assert done.text == "Churn Model abandoned in idea. Reason kept: no signal"
    assert await _phase(mlgov) == "abandoned"
    assert [who for who, _ in await told(mlgov, "phase.changed")] == ["C0REPORTS"]


async def test_the_confirming_button_is_refused_to_whoever_may_not(mlgov, engine):
    alice = await _chat_project(mlgov, "slack")
    ask = await mlgov.handle('abandon churn-model reason:"no signal"', alice)
    mallory = _actor("slack", "MALLORY")
    await mlgov.handle("help", mallory)
    before = await snapshot(engine)
    refused = await mlgov.press(ask.actions[0].command, mallory, on="msg-1")
    assert refused.tone == Tone.ERROR
    assert refused.text.startswith("Only the owner of churn-model or an admin can abandon it")
    assert await snapshot(engine) == before


async def test_a_refused_abandon_is_refused_before_it_asks(mlgov):
    await _chat_project(mlgov, "slack")
    reply = await mlgov.handle('abandon churn-model reason:"mine now"', _actor("slack", "EVE"))
    assert reply.tone == Tone.ERROR and not reply.actions


async def test_a_forced_move_on_slack_asks_the_admin_first(mlgov, engine):
    await _chat_project(mlgov, "slack")
    await change_role(mlgov, "slack", "T0TEST", "ROOT", "admin", grant_it=True)
    root = _actor("slack", "ROOT")
    await mlgov.handle("help", root)
    before = await snapshot(engine)
    ask = await mlgov.handle('advance churn-model to production force reason:"pilot"', root)
    assert ask.text == (
        "Force churn-model from idea to production, past its gate? It is shown as forced "
        "wherever its phase is shown; its members and #ml-reports are told."
    )
    assert ask.context == "Why: pilot · Nothing changes until you press Force."
    (button,) = ask.actions
    assert button.style == "danger"
    assert button.command == c.Advance(
        "churn-model", to=Phase.PRODUCTION, force=True, reason="pilot", confirmed=True
    )
    assert await snapshot(engine) == before
    done = await mlgov.press(button.command, root, on="msg-1")
    assert done.text == "Churn Model forced from idea to production. It is in production."
    assert await _phase(mlgov) == "production"


async def test_a_normal_advance_on_slack_does_not_ask(mlgov):
    alice = await _chat_project(mlgov, "slack")
    reply = await mlgov.handle("advance churn-model to experimentation", alice)
    assert reply.tone == Tone.ERROR and "cannot leave idea yet" in reply.text  # its gate


async def test_on_the_console_a_typed_abandon_acts_at_once(mlgov, project):
    reply = await say(mlgov, "alice", 'abandon churn-model reason:"no signal"')
    assert reply.text == "Churn Model abandoned in idea. Reason kept: no signal"


async def test_a_reason_too_long_for_a_button_is_refused_on_slack_only(mlgov, engine):
    alice = await _chat_project(mlgov, "slack")
    before = await snapshot(engine)
    long = "x" * 901
    reply = await mlgov.handle(f'abandon churn-model reason:"{long}"', alice)
    assert (reply.tone, reply.text) == (
        Tone.ERROR,
        "Changing churn-model this way is confirmed with a button, and a button carries a "
        "reason of at most 900 characters (this one has 901): say "
        '`abandon churn-model reason:"…"` again with a shorter reason, or a link to where the '
        "rest is written.",
    )
    assert await snapshot(engine) == before
    ok = await mlgov.handle(f'abandon churn-model reason:"{"x" * 900}"', alice)
    assert ok.actions and ok.actions[0].command.confirmed  # type: ignore[union-attr]


def test_the_confirmation_travels_on_the_wire():
    for command in (
        c.Abandon("churn-model", "no signal", confirmed=True),
        c.Advance("churn-model", Phase.PRODUCTION, force=True, reason="x", confirmed=True),
    ):
        assert wire.loads(wire.dumps(command)) == command
        assert wire.encode(command)["confirmed"] is True
    assert "confirmed" not in wire.encode(c.Abandon("churn-model", "typed"))


# A phase reached by force is marked wherever the phase is shown


async def _forced(mlgov: Mlgov) -> None:
    reply = await say(mlgov, "root", 'advance churn-model to development force reason:"pilot"')
    assert reply.tone == Tone.OK, reply.text


async def test_status_shows_who_forced_the_phase_and_why(mlgov, project):
    await _forced(mlgov)
    status = await say(mlgov, "carol", "status churn-model")
    phase = next(f.value for f in status.fields if f.label == "Phase")
    assert phase == f"development (for 0 days) — forced by root on {TODAY}: pilot"


async def test_a_normal_move_is_not_marked(mlgov, project):
    await say(mlgov, "alice", "advance churn-model")
    status = await say(mlgov, "carol", "status churn-model")
    assert next(f.value for f in status.fields if f.label == "Phase") == (
        "experimentation (for 0 days)"
    )
    portfolio = await say(mlgov, "carol", "portfolio")
    assert "forced" not in portfolio.rows[0].text


async def test_a_reopened_project_shows_it_was_forced(mlgov, project):
    await say(mlgov, "alice", 'abandon churn-model reason:"no data"')
    reopened = await say(mlgov, "root", 'advance churn-model to idea force reason:"data came"')
    assert reopened.tone == Tone.OK, reopened.text
    assert dict(await told(mlgov, "phase.forced"))["alice"] == (
        "root forced Churn Model open again: from abandoned to idea."
    )
    status = await say(mlgov, "carol", "status churn-model")
    assert next(f.value for f in status.fields if f.label == "Phase").endswith(
        f"— forced by root on {TODAY}: data came"
    )


async def test_the_portfolio_marks_a_forced_phase(mlgov, project):
    await say(mlgov, "alice", "new Fraud Model")
    await _forced(mlgov)
    portfolio = await say(mlgov, "carol", "portfolio")
    rows = {row.text.split(" (`")[0][2:]: row for row in portfolio.rows}
    assert "⚠ forced" in rows["Churn Model"].text
    assert "(`churn-model`) — development ⚠ forced · " in rows["Churn Model"].text
    assert rows["Churn Model"].detail.endswith(f"forced by root on {TODAY}: pilot")  # type: ignore[union-attr]
    assert "forced" not in rows["Fraud Model"].text
    assert ("Phase reached by force", "1") in [(f.label, f.value) for f in portfolio.fields]


async def test_the_digest_marks_a_forced_phase(mlgov, project):
    await _forced(mlgov)
    async with mlgov.uow() as uow:
        found = await summaries(uow.session, mlgov.policy, mlgov.clock.now())
    digest = weekly_digest(found, mlgov.clock.now())
    forced = [row for row in digest.rows if "forced" in row.text]
    assert [(row.text, row.detail) for row in forced] == [
        ("⚠ forced into development: Churn Model (`churn-model`)",
         f"forced by root on {TODAY}: pilot"),
    ]  # fmt: skip
    assert ("Phase reached by force", "1") in [(f.label, f.value) for f in digest.fields]
