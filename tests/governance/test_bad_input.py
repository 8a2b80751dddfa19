"""Bad input gets one clear line, no traceback, and the database is unchanged."""

from __future__ import annotations

import pytest

from governance import verbs
from governance.commands import Status
from governance.replies import Tone
from tests.conftest import say, snapshot

BAD = [
    ("frobnicate churn-model", "I don't know the command `frobnicate`."),
    ("statsu churn-model", "Did you mean `status`?"),
    ("status", "Which project?"),
    ("status nope", "No project called “nope”."),
    ("status churn-modle", "Did you mean `churn-model`?"),
    ("advance", "Which project?"),
    ("advance churn-model to nowhere", "`nowhere` is not a phase"),
    ("advance churn-model to", "Missing the phase to move to."),
    ("cost churn-model ingest:abc", "`ingest:abc` is not a size"),
    ("cost churn-model monthly:lots", "`monthly:lots` is not an amount"),
    ("cost churn-model access:-3", "`access:-3` is not a number of users"),
    ("new", "Give the project a name."),
    ("new 🚀🚀", "needs at least one letter or digit"),
    ("new Churn Model", "There is already a project `churn-model`"),
    ("new X budget:abc", "`budget:abc` is not an amount"),
    ("new X risk:extreme", "`risk:extreme` is not a risk tier"),
    ("new X budget:1 budget:2", "`budget:` is given twice."),
    ("new X owner:bob", "`owner:` takes a person"),
    ('criteria churn-model change 99 "t" reason:"r"', "has no criterion 99"),
    ('criteria churn-model change 1 "t"', "A change needs a reason"),
    ("criteria churn-model waive 1", "A waiver needs a reason"),
    ("criteria churn-model met one", "`one` is not a criterion number"),
    ("criteria churn-model dance", "`dance` is not something criteria can do."),
    ('abandon churn-model', "Say why"),
    ("ready churn-model sponsor done", "is checked by the bot"),
    ("ready churn-model teleport done", "`teleport` is not a readiness item."),
    ("member churn-model add bob", "Missing the person"),
    ("member churn-model add @bob role:boss", "`role:boss` is not a project role"),
    ("member churn-model invite @bob", "Say `add` or `remove`, or nothing to list the members."),
    ("checkin churn-model great", "Say how it is going"),
    ("schedule churn-model checkin daily mon 09:00", "Say `weekly` or `biweekly`."),
    ("schedule churn-model checkin weekly funday 09:00", "`funday` is not a day of the week"),
    ("schedule churn-model checkin weekly mon 25:00", "`25:00` is not a time of day"),
    ("schedule churn-model review 0", "`0` is not a number of days"),
    ("tz Mars/Olympus_Mons", "`Mars/Olympus_Mons` is not a time zone"),
    ("tz ../../etc/passwd", "is not a time zone"),
    ("away 2026-13-01 2026-12-01", "`2026-13-01` is not a date"),
    ("away 2026-12-10 2026-12-01", "The last day comes before the first."),
    ("away 2020-01-01 2020-01-05", "Those dates are in the past"),
    ('advance churn-model force reason:"x', "A quote is not closed"),
    ('new "unbalanced', "A quote is not closed"),
    ("status churn-model extra words", "I don't understand `extra words` here."),
    ("portfolio health:purple", "`health:purple` is not a health"),
    ("portfolio phase:limbo", "`limbo` is not a phase"),
    ("status '; DROP TABLE project; --", "A quote is not closed"),
    ("status x'; DROP TABLE project; --", "I don't understand `DROP TABLE project; --` here."),
    ('status "; DROP TABLE project; --"', "No project called “; DROP TABLE project; --”."),
    ("status $(rm -rf /)", "I don't understand"),
    ("status `reboot`", "No project called"),
    ("status x\x00y", "control characters"),
    ("status \x1b[31mred", "control characters"),
    ("status مشروع‏", "No project called"),
    ("status 数据项目", "No project called “数据项目”."),
    ("status <@U123|bob>", "is a person; name the project first."),
    ("accept churn-model", "Only the sponsor"),
    ("advance " + "x" * 20_000, "characters long; the limit is 4,000."),
    ("", "Say a command"),
    ("@bob", "I don't know the command `@bob`."),
    ('"status" churn-model', "Start with a command word"),
]  # fmt: skip

LEAKS = ("Traceback", "sqlalchemy", "psycopg", "sqlite3", ".py", "Error(", "Exception")


@pytest.fixture
async def project(mlgov):
    await say(mlgov, "alice", "new Churn Model sponsor:@bob")
    await say(mlgov, "alice", 'criteria churn-model add "AUC >= 0.8"')


@pytest.mark.parametrize(("line", "expected"), BAD, ids=[repr(b[0][:40]) for b in BAD])
async def test_bad_input_is_one_clear_line(mlgov, engine, project, line, expected):
    before = await snapshot(engine)
    reply = await say(mlgov, "alice", line)
    assert reply.tone == Tone.ERROR
    assert "\n" not in reply.text
    assert expected in reply.text
    assert not any(leak in reply.text for leak in LEAKS), reply.text
    assert await snapshot(engine) == before


async def test_an_unexpected_failure_rolls_back_and_says_so(mlgov, engine, project, monkeypatch):
    async def broken(ctx, cmd):
        ctx.audit("boom", "half a change")
        await ctx.session.flush()
        raise RuntimeError("disk on fire at /srv/secret.py")

    monkeypatch.setitem(verbs.ROUTES, Status, verbs.on(Status, broken))
    before = await snapshot(engine)
    reply = await say(mlgov, "newcomer", "status churn-model")
    assert reply.tone == Tone.ERROR
    assert reply.text.startswith("Something went wrong on my side and nothing was changed (ref ")
    assert "secret" not in reply.text and "fire" not in reply.text
    # Not even the first-contact person record survives the rollback.
    assert await snapshot(engine) == before


async def test_first_contact_from_two_requests_at_once(mlgov, engine):
    import asyncio

    from tests.conftest import table_counts

    replies = await asyncio.gather(*(say(mlgov, "newcomer", "portfolio") for _ in range(5)))
    assert all(r.tone == Tone.INFO for r in replies), [r.text for r in replies]
    assert (await table_counts(engine))["identity"] == 1


async def test_mention_markup_with_spaces_is_one_person(mlgov):
    from tests.conftest import say

    reply = await say(mlgov, "alice", "new Churn Model sponsor:<@aad-bob|Bob Sponsor> budget:5k")
    assert reply.tone == Tone.OK, reply.text
    assert ("Sponsor", "Bob Sponsor (asked, not yet confirmed)") in [
        (f.label, f.value) for f in reply.fields
    ]
