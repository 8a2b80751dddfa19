"""Every crash found so far on the input side, each a refusal now: one clear line, no
traceback, nothing changed, and the conversation goes on."""

from __future__ import annotations

import pytest

from governance.replies import Tone
from tests.conftest import say, snapshot

CRASHES = [
    # Zone names used to be opened as files: a region is a directory, a long name too long.
    ("tz America", "`America` is a region, not a time zone; name a zone in it, like America/New_York."),
    ("tz Europe", "`Europe` is a region, not a time zone; name a zone in it, like Europe/Berlin."),
    ("tz europe/", "`europe/` is a region, not a time zone"),
    ("tz " + "a" * 300, "is not a time zone I know"),
    ("tz Europe/" + "b" * 300, "is not a time zone I know"),
    ("tz " + "/".join(["a" * 250] * 3), "is not a time zone I know"),
    # Half of a surrogate pair (a broken emoji) cannot be stored or shown.
    ("status \ud800", "That command holds a broken character (half an emoji?); type it again."),
    ("new Fraud \udfff model", "holds a broken character"),
    ("checkin p on-track 😀\ud83d", "holds a broken character"),
    # A person's id is 200 characters at most: PostgreSQL refused a longer one mid-command.
    ("member p add @" + "a" * 201, "That mention is too long"),
    ("new X sponsor:<@U" + "1" * 250 + ">", "That mention is too long"),
    ("new X sponsor:<@U1|" + "B" * 250 + ">", "That mention is too long"),
    # "²" is a digit to str.isdigit() but not to int().
    ("criteria p met ²", "`²` is not a criterion number"),
    ("schedule p review ³", "`³` is not a number of days"),
    ("cost p access:¹²", "`access:¹²` is not a number of users"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "expected"), CRASHES, ids=[repr(c[0][:30]) for c in CRASHES])
async def test_a_crash_is_now_one_clear_refusal(mlgov, engine, line, expected):
    await say(mlgov, "alice", "new P")
    before = await snapshot(engine)
    reply = await say(mlgov, "alice", line)
    assert reply.tone == Tone.ERROR
    assert expected in reply.text
    assert "\n" not in reply.text and len(reply.text) < 400
    assert "went wrong" not in reply.text
    assert await snapshot(engine) == before
    assert (await say(mlgov, "alice", "status p")).tone == Tone.INFO  # still talking


async def test_a_mention_of_200_characters_is_a_person(mlgov):
    await say(mlgov, "alice", "new P")
    reply = await say(mlgov, "alice", "member p add @" + "a" * 200 + " role:it")
    assert reply.tone == Tone.OK, reply.text


async def test_a_zone_is_stored_as_the_database_spells_it(mlgov):
    reply = await say(mlgov, "alice", "tz europe/berlin")
    assert reply.text.startswith("Your time zone is now Europe/Berlin")
    assert (await say(mlgov, "alice", "tz")).text.startswith("Your time zone is Europe/Berlin.")
