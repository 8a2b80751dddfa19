"""Sponsorship is consent: a named sponsor is asked, counts once they say yes, may say no,
is told when replaced; and the owner never sponsors the same project."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import create_engine
from bot.roles import change_role
from governance import commands as c
from governance.context import Actor
from governance.parser import Mention
from governance.presses import ALREADY
from governance.replies import Reply, Tone
from governance.rhythm.payload import load
from governance.service import Mlgov
from governance.tables import Delivery
from tests.conftest import say, snapshot
from tests.governance.test_races import _race

BOB = Actor("console", "", "bob", "bob")
ALICE = Actor("console", "", "alice", "alice")
SLUG = "churn-model"
WHY = "a sponsor is someone else who answers for it."


async def inbox(engine: AsyncEngine, handle: str) -> list[Reply]:
    """Everything queued for a console person, in order, delivered or not."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(Delivery.payload)
            .where(Delivery.platform == "console", Delivery.target_id == handle)
            .order_by(Delivery.id)
        )
        return [load(payload) for (payload,) in rows]


async def ready_but_sponsor(mlgov: Mlgov, sponsor: str | None = "@bob") -> None:
    """churn-model in idea, owned by alice, every idea item done but the sponsor's yes."""
    named = f" sponsor:{sponsor}" if sponsor else ""
    for line in (
        f'new Churn Model{named} budget:50k risk:low objective:"less churn"',
        f'criteria {SLUG} add "AUC >= 0.8"',
        f"cost {SLUG} monthly:5000",
    ):
        reply = await say(mlgov, "alice", line)
        assert reply.tone == Tone.OK, (line, reply.text)


def field(reply: Reply, label: str) -> str:
    return next(f.value for f in reply.fields if f.label == label)


async def test_the_named_sponsor_is_asked_once_and_counts_once_they_confirm(mlgov, engine):
    await ready_but_sponsor(mlgov, sponsor=None)
    named = await say(mlgov, "alice", f"sponsor {SLUG} @bob")
    assert named.tone == Tone.OK
    assert named.text == (
        "bob is asked to sponsor Churn Model and counts as its sponsor once they confirm."
    )
    (request,) = await inbox(engine, "bob")
    assert request.text == (
        "alice asks you to sponsor Churn Model (budget 50,000, objective “less churn”)."
    )
    assert [(a.label, a.command, a.note_prompt) for a in request.actions] == [
        ("Confirm", c.ConfirmSponsorship(SLUG), None),
        ("Decline", c.DeclineSponsorship(SLUG), "Why not? (optional)"),
    ]
    # Named again before answering: nothing is asked twice.
    again = await say(mlgov, "alice", f"sponsor {SLUG} @bob")
    assert again.text == "bob is already asked to sponsor Churn Model and counts once they confirm."
    assert len(await inbox(engine, "bob")) == 1

    status = await say(mlgov, "anyone", f"status {SLUG}")
    assert field(status, "Sponsor") == "bob (asked, not yet confirmed)"
    closed = await say(mlgov, "alice", f"advance {SLUG}")
    assert closed.tone == Tone.ERROR
    assert "1 open — sponsor (bob has not confirmed yet)." in closed.text
    status = await say(mlgov, "anyone", f"status {SLUG}")
    (row,) = [r for r in status.rows if r.text.startswith("⬜ sponsor")]
    assert row.detail == "bob has not confirmed yet"

    yes = await mlgov.press(request.actions[0].command, BOB, on="dm-1")
    assert yes.tone == Tone.OK and yes.text.startswith("You sponsor Churn Model.")
    assert (await mlgov.press(request.actions[0].command, BOB, on="dm-1")).text == ALREADY
    (told,) = await inbox(engine, "alice")
    assert told.text == "bob agreed to sponsor Churn Model."
    assert field(await say(mlgov, "anyone", f"status {SLUG}"), "Sponsor") == "bob"
    assert (await say(mlgov, "alice", f"advance {SLUG}")).tone == Tone.OK


async def test_new_with_a_sponsor_asks_them_and_the_gate_waits(mlgov, engine):
    await ready_but_sponsor(mlgov)
    (request,) = await inbox(engine, "bob")
    assert request.text.startswith("alice asks you to sponsor Churn Model")
    closed = await say(mlgov, "alice", f"advance {SLUG}")
    assert closed.tone == Tone.ERROR and "sponsor" in closed.text
    assert (await say(mlgov, "bob", f"sponsor {SLUG} confirm")).tone == Tone.OK
    assert (await say(mlgov, "alice", f"advance {SLUG}")).tone == Tone.OK


async def test_new_says_the_sponsor_is_asked(mlgov):
    reply = await say(mlgov, "alice", "new Churn Model sponsor:@bob")
    assert field(reply, "Sponsor") == "bob (asked, not yet confirmed)"
    assert reply.context.startswith("bob is asked to sponsor it and counts once they confirm.")


async def test_declined_by_the_button_with_a_note_the_owner_hears_why(mlgov, engine):
    await ready_but_sponsor(mlgov)
    (request,) = await inbox(engine, "bob")
    decline = request.actions[1].command
    no = await mlgov.press(decline, BOB, on="dm-1", note="no budget this year")
    assert no.text == "You declined to sponsor Churn Model; its owners are told."
    (told,) = await inbox(engine, "alice")
    assert told.text == (
        "bob declined to sponsor Churn Model. Reason: no budget this year. "
        f"Ask someone else with `sponsor {SLUG} @name`."
    )
    assert field(await say(mlgov, "x", f"status {SLUG}"), "Sponsor") == "none"
    history = await say(mlgov, "x", f"history {SLUG}")
    assert history.rows[-1].text.endswith("bob · declined to sponsor: no budget this year")
    # The request is spent: a later Confirm finds no seat.
    late = await mlgov.press(request.actions[0].command, BOB, on="dm-1")
    assert late.text == f"Only the sponsor of {SLUG} can confirm its sponsorship."


async def test_a_confirmed_sponsor_may_step_down_with_a_typed_reason(mlgov, engine):
    await ready_but_sponsor(mlgov)
    await say(mlgov, "bob", f"sponsor {SLUG} confirm")
    reply = await say(mlgov, "bob", f'sponsor {SLUG} decline reason:"moved to another unit"')
    assert reply.text == "You no longer sponsor Churn Model; its owners are told."
    assert (await inbox(engine, "alice"))[-1].text.startswith(
        "bob declined to sponsor Churn Model. Reason: moved to another unit."
    )
    closed = await say(mlgov, "alice", f"advance {SLUG}")
    assert closed.tone == Tone.ERROR and "sponsor" in closed.text


async def test_only_the_named_sponsor_declines(mlgov, engine):
    await ready_but_sponsor(mlgov)
    before = await snapshot(engine)
    reply = await say(mlgov, "alice", f"sponsor {SLUG} decline")
    assert reply.text == (
        f"Only the sponsor of {SLUG} can decline its sponsorship (you are owner)."
    )
    assert await snapshot(engine) == before


@pytest.fixture
async def mara_owns(mlgov):
    """churn-model owned by alice and mara, bob asked to sponsor it."""
    await say(mlgov, "alice", "new Churn Model sponsor:@bob")
    await say(mlgov, "alice", f"member {SLUG} add @mara role:owner")


OWNER_NEVER_SPONSORS = [
    ("alice", "new Other Model sponsor:@alice",
     f"You would own other-model, so you cannot also sponsor it: {WHY}"),
    ("carol", "new Other Model owner:@mara sponsor:@mara",
     f"mara would own other-model, so they cannot also sponsor it: {WHY}"),
    ("alice", f"sponsor {SLUG} @alice", f"You own {SLUG}, so you cannot also sponsor it: {WHY}"),
    ("alice", f"sponsor {SLUG} @mara", f"mara owns {SLUG}, so they cannot also sponsor it: {WHY}"),
    ("alice", f"member {SLUG} add @mara role:sponsor",
     f"mara owns {SLUG}, so they cannot also sponsor it: {WHY}"),
    ("alice", f"member {SLUG} add @bob role:owner",
     f"bob sponsors {SLUG}, so they cannot also own it: {WHY}"),
]  # fmt: skip


@pytest.mark.parametrize(("who", "line", "expected"), OWNER_NEVER_SPONSORS)
async def test_the_owner_never_sponsors_the_same_project(
    mlgov, engine, mara_owns, who, line, expected
):
    before = await snapshot(engine)
    reply = await say(mlgov, who, line)
    assert reply.tone == Tone.ERROR
    assert reply.text == expected
    assert await snapshot(engine) == before


async def test_a_confirmed_sponsor_cannot_be_made_owner_either(mlgov, engine):
    await ready_but_sponsor(mlgov)
    await say(mlgov, "bob", f"sponsor {SLUG} confirm")
    reply = await say(mlgov, "alice", f"member {SLUG} add @bob role:owner")
    assert reply.text == f"bob sponsors {SLUG}, so they cannot also own it: {WHY}"


async def test_member_add_role_sponsor_asks_like_sponsor_does(mlgov, engine):
    await ready_but_sponsor(mlgov, sponsor=None)
    added = await say(mlgov, "alice", f"member {SLUG} add @bob role:sponsor")
    assert added.text == (
        "bob is asked to sponsor Churn Model and counts as its sponsor once they confirm."
    )
    (request,) = await inbox(engine, "bob")
    assert request.text.startswith("alice asks you to sponsor Churn Model")
    assert (await say(mlgov, "alice", f"advance {SLUG}")).tone == Tone.ERROR
    await mlgov.press(request.actions[0].command, BOB, on="dm-1")
    assert (await say(mlgov, "alice", f"advance {SLUG}")).tone == Tone.OK


async def test_replacing_a_confirmed_sponsor_tells_them_once(mlgov, engine):
    await ready_but_sponsor(mlgov)
    await say(mlgov, "bob", f"sponsor {SLUG} confirm")
    replace = c.NameSponsor(SLUG, Mention("carol"))
    first = await mlgov.press(replace, ALICE, on="msg-1")
    assert first.text.startswith("carol is asked to sponsor Churn Model")
    assert (await mlgov.press(replace, ALICE, on="msg-1")).text == ALREADY
    typed = await say(mlgov, "alice", f"sponsor {SLUG} @carol")
    assert typed.text.startswith("carol is already asked")
    told = [r.text for r in await inbox(engine, "bob")]
    assert told[1:] == [
        "alice named carol sponsor of Churn Model in your place: you no longer sponsor it."
    ]
    assert len(await inbox(engine, "carol")) == 1
    # An unconfirmed sponsor replaced is not told anything: they never said yes.
    await say(mlgov, "alice", f"sponsor {SLUG} @dan")
    assert len(await inbox(engine, "carol")) == 1


@pytest.fixture
async def twins(database_url, clock):
    engines = [create_engine(database_url) for _ in range(2)]
    yield [Mlgov(e, clock=clock) for e in engines]
    for engine in engines:
        await engine.dispose()


async def test_two_replacements_at_the_same_instant_tell_the_old_sponsor_once(
    mlgov, engine, twins, database_url
):
    await ready_but_sponsor(mlgov)
    await say(mlgov, "bob", f"sponsor {SLUG} confirm")
    line = f"sponsor {SLUG} @carol"
    results = await _race(database_url, SLUG, (twins[0], line, ALICE), (twins[1], line, ALICE))
    # One names carol; the other finds her named (or the project changed under it).
    texts = sorted(r.text for r in results)
    assert texts[1].startswith("carol is asked to sponsor Churn Model"), texts
    assert texts[0].startswith(("carol is already asked", f"{SLUG} changed a moment ago")), texts
    assert [r.text for r in await inbox(engine, "bob")][1:] == [
        "alice named carol sponsor of Churn Model in your place: you no longer sponsor it."
    ]
    assert len(await inbox(engine, "carol")) == 1


SPONSOR_ONLY = [
    (f"accept {SLUG}", "accept it"),
    (f'criteria {SLUG} waive 1 reason:"superseded"', "waive criteria"),
    (f"criteria {SLUG} confirm", "confirm its criteria"),
]


@pytest.mark.parametrize(("line", "doing"), SPONSOR_ONLY)
async def test_an_unconfirmed_sponsor_is_told_to_confirm_first(mlgov, engine, line, doing):
    await ready_but_sponsor(mlgov)
    before = await snapshot(engine)
    reply = await say(mlgov, "bob", line)
    assert reply.tone == Tone.ERROR
    assert reply.text.startswith(
        f"You are asked to sponsor {SLUG} and have not said yes yet: say "
        f"`sponsor {SLUG} confirm` first, then "
    )
    assert doing in reply.text
    assert await snapshot(engine) == before


async def test_naming_yourself_is_saying_yes(mlgov, engine):
    await change_role(mlgov, "console", "", "root", "admin", grant_it=True)
    await ready_but_sponsor(mlgov, sponsor=None)
    reply = await say(mlgov, "root", f"sponsor {SLUG} @root")
    assert reply.text == "root sponsors Churn Model."
    assert await inbox(engine, "root") == []
    assert (await say(mlgov, "alice", f"advance {SLUG}")).tone == Tone.OK


async def test_reconfirmation_falls_due_from_the_yes(mlgov, clock):
    await ready_but_sponsor(mlgov)
    clock.advance(days=60)  # asked, not answered: no clock runs, nothing lapses
    status = await say(mlgov, "x", f"status {SLUG}")
    assert "lapsed" not in field(status, "Health")
    confirmed = await say(mlgov, "bob", f"sponsor {SLUG} confirm")
    assert confirmed.text == "You sponsor Churn Model. Reconfirmation falls due 2026-07-30."
    clock.advance(days=90 + 14 - 1)
    assert "lapsed" not in field(await say(mlgov, "x", f"status {SLUG}"), "Health")
    clock.advance(days=2)
    assert "sponsorship lapsed" in field(await say(mlgov, "x", f"status {SLUG}"), "Health")
