"""Small truths: what a reply says agrees with itself and with the rest of the bot."""

from __future__ import annotations

import pytest

from governance.replies import Tone
from governance.views.costs import drift, revisions
from tests.conftest import console, say, snapshot


@pytest.fixture
async def churn(mlgov):
    await say(mlgov, "alice", "new Churn Model sponsor:@bob budget:60k")


async def test_each_revision_line_agrees_with_the_summarys_drift(mlgov, clock, churn):
    await say(mlgov, "alice", "cost churn-model monthly:4000 storage:1TB")
    clock.advance(days=7)
    await say(mlgov, "alice", "cost churn-model monthly:5000 storage:1TB")
    clock.advance(days=7)
    reply = await say(mlgov, "alice", "cost churn-model monthly:6000 storage:2TB")
    fields = {f.label: f.value for f in reply.fields}
    assert fields["Monthly cost"] == "6,000 (+50% since first estimate)"
    assert fields["Storage"] == "2 TB (+100% since first estimate)"
    first, second, latest = (row.detail for row in reply.rows)
    assert first == "monthly cost 4,000, storage 1 TB"
    assert second == "monthly cost 5,000 (+25% since first estimate), storage 1 TB (no drift)"
    assert (
        latest
        == "monthly cost 6,000 (+50% since first estimate), storage 2 TB (+100% since first estimate)"
    )
    status = await say(mlgov, "bob", "status churn-model")
    assert ("Cost", "6,000/month (+50% since first estimate)") in [
        (f.label, f.value) for f in status.fields
    ]


def test_a_drift_that_rounds_to_nothing_is_no_drift():
    assert drift(1000, 1004) == " (no drift)"
    assert drift(1000, 1005) == " (no drift)"  # 0.5% rounds to 0: never "+0%"
    assert drift(1000, 1006) == " (+1% since first estimate)"
    assert drift(1000, 994) == " (-1% since first estimate)"


async def test_one_revision_two_revisions(mlgov, churn):
    assert revisions(1) == "1 revision" and revisions(2) == "2 revisions"
    first = await say(mlgov, "alice", "cost churn-model monthly:4000")
    assert first.text == "Cost estimate of Churn Model revised: 1 revision."
    shown = await say(mlgov, "bob", "cost churn-model")
    assert shown.text == "Cost of ownership of Churn Model: 1 revision."
    await say(mlgov, "alice", "cost churn-model monthly:4500")
    shown = await say(mlgov, "bob", "cost churn-model")
    assert shown.text == "Cost of ownership of Churn Model: 2 revisions."
    assert "(s)" not in shown.text


async def test_tz_alone_shows_the_time_zone(mlgov, engine):
    await say(mlgov, "alice", "tz Europe/Berlin")
    before = await snapshot(engine)
    reply = await say(mlgov, "alice", "tz")
    assert reply.tone == Tone.INFO
    assert reply.text == (
        "Your time zone is Europe/Berlin. Change it with `tz <IANA zone>`, like `tz Europe/Berlin`."
    )
    assert await snapshot(engine) == before


async def test_away_alone_shows_the_away_dates(mlgov, engine):
    reply = await say(mlgov, "alice", "away")
    assert reply.text.startswith("You have no away dates")
    await say(mlgov, "alice", "away 2026-03-10 2026-03-12")
    await say(mlgov, "alice", "away 2026-04-01 2026-04-03")
    before = await snapshot(engine)
    reply = await say(mlgov, "alice", "away")
    assert reply.tone == Tone.INFO
    assert reply.text == (
        "No prompts to you from 2026-03-10 to 2026-03-12; 2026-04-01 to 2026-04-03. "
        "Say `away clear` to end that."
    )
    assert await snapshot(engine) == before


async def test_member_alone_lists_members_and_roles(mlgov, engine, churn):
    await say(mlgov, "alice", "member churn-model add @carol role:it")
    await say(mlgov, "alice", "member churn-model add @bob role:lob")
    before = await snapshot(engine)
    reply = await say(mlgov, "carol", "member churn-model")
    assert reply.tone == Tone.INFO, reply.text
    assert reply.text == "Churn Model has 3 members."
    assert [(row.text, row.detail) for row in reply.rows] == [
        ("alice", "owner"),
        ("bob", "sponsor, lob"),
        ("carol", "it"),
    ]
    assert await snapshot(engine) == before


async def test_link_in_the_console_says_where_it_works(mlgov, engine, churn):
    before = await snapshot(engine)
    reply = await mlgov.handle("link churn-model", console("alice"))
    assert reply.tone == Tone.ERROR
    assert reply.text == (
        "The console has no channels: say `link churn-model` in the Slack or Teams channel "
        "that should receive its reports."
    )
    assert await snapshot(engine) == before
