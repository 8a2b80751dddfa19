"""A channel the bot may not post in: its reports fail for good, and whoever linked it to
the project hears once what to do. "Share" there tells the presser instead
(tests/slack/test_presses.py)."""

from __future__ import annotations

from sqlmodel import col, select

from adapters.slack.client import web_client
from adapters.slack.sender import SlackSender
from governance.replies import Reply
from governance.rhythm.dispatcher import dispatch_due
from governance.rhythm.outbox import Outgoing, enqueue
from governance.sending import Recipient
from governance.tables import Delivery

SECRET_CHANNEL = Recipient("slack", "T0TEST", "channel", "C0SECRET")


async def _summary(mlgov, week: int) -> None:  # noqa: ANN001
    async with mlgov.uow() as uow:
        item = Outgoing(f"summary:1:2026-W{week:02d}:C0SECRET", SECRET_CHANNEL,
                        Reply(text="Check-ins for Churn Model this week: 3 on-track."))  # fmt: skip
        await enqueue(uow.session, [item], mlgov.clock.now())
        await uow.commit()


async def test_the_person_who_linked_a_channel_mlgov_is_not_in_hears_once(slack, mlgov):
    await slack.ask("new Churn Model")  # Alice owns it
    await slack.ask("member churn-model add <@U0CAROL> role:ml")
    linked = await slack.ask("link churn-model", user="U0CAROL", channel="C0SECRET")
    assert linked["text"] == "This channel now receives Churn Model's reports."
    slack.fake.channel_errors["C0SECRET"] = "channel_not_found"
    sender = SlackSender(web_client("xoxb-test", f"{slack.fake.url}/api/",
                                    retry_rate_limits=False))  # fmt: skip
    for week in (10, 11):
        await _summary(mlgov, week)
        done = await dispatch_due(mlgov.uow(), {"slack": sender}, mlgov.clock, "w1")
        assert (done.failed, done.retried) == (1, 0)  # not retried: it cannot succeed
        assert done.sent == (1 if week == 10 else 0)  # the notice, the first time only
    told = [
        c.params for c in slack.fake.of("chat.postMessage") if c.params["channel"] != "C0SECRET"
    ]
    assert [t["channel"] for t in told] == ["U0CAROL"]  # who linked it, not the owner
    assert told[0]["text"] == (
        "I can't post Churn Model's reports in #ml-projects: it is private and mlgov is not "
        "in it, or it no longer exists; invite mlgov with `/invite @mlgov`."
    )
    context = told[0]["blocks"][-1]["elements"][0]["text"]
    assert context == "Or say `link churn-model` in the channel that should receive them."
    async with mlgov.uow() as uow:
        rows = list(await uow.session.exec(
            select(Delivery.status, Delivery.last_error).where(
                col(Delivery.key).startswith("summary:")).order_by(col(Delivery.id))))  # fmt: skip
    assert [status for status, _ in rows] == ["failed", "failed"]
    assert rows[0][1].startswith("no channel: it is private and mlgov is not in it")


async def test_a_person_mlgov_cannot_write_to_is_not_a_channel_to_unlink(slack, mlgov):
    await slack.ask("new Churn Model")
    await slack.ask("link churn-model", channel="C0SECRET")
    slack.fake.errors["chat.postMessage"] = "channel_not_found"  # a DM to someone gone
    sender = SlackSender(web_client("xoxb-test", f"{slack.fake.url}/api/",
                                    retry_rate_limits=False))  # fmt: skip
    async with mlgov.uow() as uow:
        person = Recipient("slack", "T0TEST", "person", "U0GONE")
        await enqueue(uow.session, [Outgoing("prompt:x", person, Reply(text="Hi"))],
                      mlgov.clock.now())  # fmt: skip
        await uow.commit()
    done = await dispatch_due(mlgov.uow(), {"slack": sender}, mlgov.clock, "w1")
    assert done.failed == 1
    async with mlgov.uow() as uow:
        keys = list(await uow.session.exec(select(Delivery.key)))
    assert keys == ["prompt:x"]  # nobody is told about a channel
