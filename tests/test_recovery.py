"""Finishing what was acknowledged and not answered: carried out once, answered where the
person asked while Slack's response URL lives, by direct message after that."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from adapters.slack.answering import RESPOND, SlackAnswerer, answer_to
from adapters.slack.client import web_client
from bot.recovery import recover
from governance.context import Actor, Conversation
from governance.intake import Received
from governance.tables import Event, Inbound
from tests.slack.fake_slack import FakeSlack

ALICE = Actor("slack", "T0TEST", "U0ALICE")


@pytest.fixture
async def fake():
    fake = await FakeSlack().start()
    yield fake
    await fake.stop()


def _asked(fake: FakeSlack, line: str, n: int = 1) -> Received:
    url = f"{fake.url}/response/{n}"
    return Received(key=f"slack:command:T0TEST:{n}", actor=ALICE,
                    conversation=Conversation("slack", "T0TEST", "C0GENERAL"),
                    answer_to=answer_to(RESPOND, "U0ALICE", "C0GENERAL", url), line=line)  # fmt: skip


async def _events(mlgov) -> int:  # noqa: ANN001
    async with mlgov.uow() as uow:
        return (await uow.session.exec(select(func.count()).select_from(Event))).one()


async def test_left_for_half_an_hour_it_is_carried_out_and_answered_by_dm(mlgov, clock, fake):
    answerers = {"slack": SlackAnswerer(web_client("xoxb-test", f"{fake.url}/api/"))}
    await mlgov.receive(_asked(fake, "new Churn Model"))
    assert await recover(mlgov, answerers) == 0  # its own process still holds it
    clock.advance(minutes=31)
    assert await recover(mlgov, answerers) == 1
    (dm,) = fake.of("chat.postMessage")
    assert dm.params["channel"] == "U0ALICE"
    assert dm.params["text"] == "Created Churn Model (`churn-model`) in idea."
    assert "You asked: new Churn Model" in str(dm.params["blocks"])
    assert fake.of("response_url") == []  # expired: not used
    assert await recover(mlgov, answerers) == 0  # answered once
    async with mlgov.uow() as uow:
        assert (await uow.session.exec(select(Inbound.state))).all() == ["answered"]


async def test_carried_out_but_unanswered_is_answered_without_doing_it_again(mlgov, clock, fake):
    answerers = {"slack": SlackAnswerer(web_client("xoxb-test", f"{fake.url}/api/"))}
    row = await mlgov.receive(_asked(fake, "new Churn Model"))
    assert row is not None
    first = (await mlgov.carry_out(row)).reply  # the process died before it could answer
    events = await _events(mlgov)
    clock.advance(minutes=3)
    assert await recover(mlgov, answerers) == 1
    (answer,) = fake.of("response_url")
    assert answer.params["text"] == first.text
    assert await _events(mlgov) == events


async def test_an_answer_slack_refused_is_tried_again_later(mlgov, clock, fake):
    answerers = {"slack": SlackAnswerer(web_client("xoxb-test", f"{fake.url}/api/"))}
    await mlgov.receive(_asked(fake, "status nowhere"))
    clock.advance(minutes=31)  # by DM, and Slack fails the first time
    fake.errors["chat.postMessage"] = "internal_error"
    assert await recover(mlgov, answerers) == 0
    del fake.errors["chat.postMessage"]
    assert await recover(mlgov, answerers) == 0  # the lease has not run out yet
    clock.advance(minutes=3)
    assert await recover(mlgov, answerers) == 1
    # Two tries reached Slack (the fake records the refused one too); one was taken.
    assert [c.params["text"] for c in fake.of("chat.postMessage")] == [
        "No project called “nowhere”. Say `portfolio` to list them."
    ] * 2
    assert await recover(mlgov, answerers) == 0
