"""Criteria agreements hold: a criterion added or changed after the sponsor confirmed them
voids that confirmation (the gate item is open again, `advance` and status say why), the
sponsor and the line of business are told once with the old and new text; only the sponsor
confirms and waives; `accept` waits until every criterion is met or waived."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.roles import change_role
from governance import commands as c
from governance.context import Actor
from governance.intake import Received
from governance.replies import Reply, Tone
from governance.rhythm import inbox
from governance.rhythm.payload import load
from governance.service import Mlgov
from governance.tables import CriterionVersion, Delivery
from tests.conftest import T0, say, snapshot

SLUG = "churn-model"
BOB = Actor("console", "", "bob", "bob")
ALICE = Actor("console", "", "alice", "alice")
CHANGE = f'criteria {SLUG} change 2 "Recall >= 0.7" reason:"the holdout was too small"'
VOIDED = "criteria-confirmed (voided: criterion 2 changed after bob confirmed)"


async def ok(mlgov: Mlgov, who: str, line: str) -> Reply:
    reply = await say(mlgov, who, line)
    assert reply.tone == Tone.OK, (who, line, reply.text)
    return reply


async def refused(mlgov: Mlgov, engine: AsyncEngine, who: str, line: str) -> str:
    before = await snapshot(engine)
    reply = await say(mlgov, who, line)
    assert reply.tone == Tone.ERROR, (who, line, reply.text)
    assert "\n" not in reply.text
    assert await snapshot(engine) == before
    return reply.text


async def queued(engine: AsyncEngine, handle: str) -> list[Reply]:
    """Everything ever queued for a console person, delivered or not."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(Delivery.payload)
            .where(Delivery.platform == "console", Delivery.target_id == handle)
            .order_by(Delivery.id)
        )
        return [load(payload) for (payload,) in rows]


def about_criteria(replies: list[Reply]) -> list[Reply]:
    return [r for r in replies if "criteri" in (r.title or "").lower()]


async def ready_rows(mlgov: Mlgov) -> dict[str, str]:
    reply = await say(mlgov, "anyone", f"ready {SLUG}")
    return {row.text.split(" — ")[0][2:]: row.text[:1] for row in reply.rows}


@pytest.fixture
async def project(mlgov: Mlgov) -> str:
    """churn-model in experimentation: owned by alice, sponsored by bob (who said yes), carol
    ml, lena lob; two criteria, confirmed by nobody yet; root is an admin."""
    await change_role(mlgov, "console", "", "root", "admin", grant_it=True)
    for line in (
        'new Churn Model sponsor:@bob budget:50k risk:low objective:"less churn"',
        f'criteria {SLUG} add "AUC >= 0.8"',
        f'criteria {SLUG} add "Recall >= 0.6"',
        f"cost {SLUG} monthly:5000",
        f"member {SLUG} add @carol role:ml",
        f"member {SLUG} add @lena role:lob",
    ):
        await ok(mlgov, "alice", line)
    await say(mlgov, "bob", f"sponsor {SLUG} confirm")  # consent, where it is asked for
    await ok(mlgov, "root", f'advance {SLUG} to experimentation force reason:"set up"')
    # Everything else the gate to development asks for, so that only the criteria are left.
    await ok(mlgov, "alice", f"ready {SLUG} data-access done")
    await ok(mlgov, "alice", f"review {SLUG} done")
    await ok(mlgov, "alice", f"cost {SLUG} monthly:5500")
    return SLUG


async def test_a_change_after_the_sponsor_confirmed_voids_the_confirmation(mlgov, project):
    assert "confirmed" in (await ok(mlgov, "bob", f"criteria {SLUG} confirm")).text
    assert (await ready_rows(mlgov))["criteria-confirmed"] == "✅"

    changed = await ok(mlgov, "alice", CHANGE)
    assert "voids" in changed.text and "bob" in changed.text

    assert (await ready_rows(mlgov))["criteria-confirmed"] == "⬜"
    advance = await say(mlgov, "alice", f"advance {SLUG}")
    assert advance.tone == Tone.ERROR
    assert advance.text == (
        f"{SLUG} cannot leave experimentation yet: 1 open — {VOIDED}. See `ready {SLUG}`."
    )
    status = await say(mlgov, "anyone", f"status {SLUG}")
    assert (
        "Criteria confirmed by bob on 2026-03-02 — voided: criterion 2 changed on 2026-03-02"
        in [row.text for row in status.rows]
    )


async def test_an_added_criterion_voids_it_too(mlgov, project):
    await ok(mlgov, "bob", f"criteria {SLUG} confirm")
    await ok(mlgov, "carol", f'criteria {SLUG} add "Latency < 50ms"')
    advance = await say(mlgov, "alice", f"advance {SLUG}")
    assert "criteria-confirmed (voided: criterion 3 added after bob confirmed)" in advance.text


async def test_the_sponsor_and_the_lob_are_told_once_with_old_and_new_text(mlgov, engine, project):
    await ok(mlgov, "bob", f"criteria {SLUG} confirm")
    # The change comes in as a delivery the platform sends twice, carried out twice.
    received = Received(key="console:change:1", actor=ALICE, conversation=None, answer_to={},
                        line=CHANGE)  # fmt: skip
    row = await mlgov.receive(received)
    assert row is not None
    assert await mlgov.receive(received) is None  # the platform's retry
    first = await mlgov.carry_out(row)
    again = await mlgov.carry_out(row)
    assert first.reply.tone == Tone.OK and again.reply.text == first.reply.text
    async with mlgov.uow() as uow:
        versions = (await uow.session.exec(select(CriterionVersion.id))).all()
    assert len(versions) == 3  # two criteria, one change

    (to_bob,) = about_criteria(await queued(engine, "bob"))
    (to_lena,) = about_criteria(await queued(engine, "lena"))
    assert about_criteria(await queued(engine, "alice")) == []  # she made the change
    assert about_criteria(await queued(engine, "carol")) == []  # ml: not asked
    for told in (to_bob, to_lena):
        said = told.text + " ".join(f.value for f in told.fields)
        for words in ("Recall >= 0.6", "Recall >= 0.7", "the holdout was too small", "alice"):
            assert words in said, (words, said)
    assert [(a.label, a.command) for a in to_bob.actions] == [
        ("Confirm", c.ConfirmCriteria(SLUG)), ("Criteria", c.ShowCriteria(SLUG)),
    ]  # fmt: skip
    assert ("Criteria", c.ShowCriteria(SLUG)) in [(a.label, a.command) for a in to_lena.actions]

    # In working hours (a Monday at nine): the console inbox has it now, once.
    assert [r.title for r in about_criteria(await inbox.take(mlgov.uow(), "bob", T0))] == [
        to_bob.title
    ]
    assert about_criteria(await inbox.take(mlgov.uow(), "bob", T0)) == []


async def test_every_change_is_told_once_and_none_before_a_confirmation(mlgov, engine, project):
    await ok(mlgov, "alice", f'criteria {SLUG} add "Latency < 50ms"')
    assert about_criteria(await queued(engine, "bob")) == []  # nothing confirmed to void yet
    await ok(mlgov, "bob", f"criteria {SLUG} confirm")
    await ok(mlgov, "alice", CHANGE)
    await ok(mlgov, "alice", f'criteria {SLUG} add "Precision >= 0.5"')
    told = about_criteria(await queued(engine, "bob"))
    assert len(told) == 2
    assert told[1].title == "Criterion 4 added to Churn Model"
    assert [(f.label, f.value) for f in told[1].fields] == [("New", "Precision >= 0.5")]


async def test_confirming_again_by_the_button_restores_it(mlgov, project):
    await ok(mlgov, "bob", f"criteria {SLUG} confirm")
    await ok(mlgov, "alice", CHANGE)
    pressed = await mlgov.press(c.ConfirmCriteria(SLUG), BOB, on="notice-1")
    assert pressed.tone == Tone.OK, pressed.text
    assert (await ready_rows(mlgov))["criteria-confirmed"] == "✅"
    status = await say(mlgov, "anyone", f"status {SLUG}")
    rows = [row.text for row in status.rows]
    assert "Criteria confirmed by bob on 2026-03-02" in rows
    assert not any("voided" in row for row in rows)
    assert (await say(mlgov, "alice", f"advance {SLUG}")).tone == Tone.OK


@pytest.mark.parametrize(
    ("who", "line", "expected"),
    [
        ("alice", f"criteria {SLUG} confirm",
         f"Only the sponsor of {SLUG} (bob) can confirm its criteria (you are owner)."),
        ("lena", f"criteria {SLUG} confirm",
         f"Only the sponsor of {SLUG} (bob) can confirm its criteria (you are lob)."),
        ("root", f"criteria {SLUG} confirm",
         f"Only the sponsor of {SLUG} (bob) can confirm its criteria."),
        ("alice", f'criteria {SLUG} waive 1 reason:"not needed"',
         f"Only the sponsor of {SLUG} (bob) can waive criteria (you are owner)."),
        ("carol", f'criteria {SLUG} waive 1 reason:"meh"',
         f"Only the sponsor of {SLUG} (bob) can waive criteria (you are ml)."),
        ("root", f'criteria {SLUG} waive 1 reason:"admin"',
         f"Only the sponsor of {SLUG} (bob) can waive criteria."),
    ],
)  # fmt: skip
async def test_only_the_sponsor_confirms_and_waives(mlgov, engine, project, who, line, expected):
    assert await refused(mlgov, engine, who, line) == expected


async def test_members_mark_met_and_the_sponsor_waives(mlgov, project):
    await ok(mlgov, "carol", f"criteria {SLUG} met 1")
    await ok(mlgov, "bob", f'criteria {SLUG} waive 2 reason:"recall is not the goal"')


async def test_accept_waits_for_every_criterion(mlgov, engine, project):
    await ok(mlgov, "root", f'advance {SLUG} to development force reason:"built"')
    assert await refused(mlgov, engine, "bob", f"accept {SLUG}") == (
        f"{SLUG} cannot be accepted: criteria 1 (AUC >= 0.8) and 2 (Recall >= 0.6) are "
        f"neither met nor waived. Mark them met (`criteria {SLUG} met <n>`) or waive them "
        f'with a reason (`criteria {SLUG} waive <n> reason:"…"`).'
    )
    await ok(mlgov, "carol", f"criteria {SLUG} met 1")
    text = await refused(mlgov, engine, "bob", f"accept {SLUG}")
    assert text.startswith(f"{SLUG} cannot be accepted: criterion 2 (Recall >= 0.6) is neither")
    await ok(mlgov, "bob", f'criteria {SLUG} waive 2 reason:"recall is not the goal"')
    assert "accepted" in (await ok(mlgov, "bob", f"accept {SLUG}")).text


async def test_accept_without_criteria_is_refused(mlgov, engine):
    await change_role(mlgov, "console", "", "root", "admin", grant_it=True)
    await ok(mlgov, "alice", "new Churn Model sponsor:@bob")
    await say(mlgov, "bob", f"sponsor {SLUG} confirm")
    await ok(mlgov, "root", f'advance {SLUG} to development force reason:"no criteria"')
    assert await refused(mlgov, engine, "bob", f"accept {SLUG}") == (
        f"{SLUG} cannot be accepted: it has no evaluation criteria. Add them with "
        f'`criteria {SLUG} add "…"` and mark them met.'
    )
