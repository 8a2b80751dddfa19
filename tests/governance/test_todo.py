"""`todo`: what waits on the speaker, each line with the button that does it, and nothing
of anyone else's nor of a closed project."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.roles import change_role
from governance import commands as c
from governance.phases import CheckinStatus
from governance.replies import Reply, Tone
from governance.states import RoundState
from governance.tables import CheckinRound, Identity, Membership, Project, ReadinessItem
from tests.conftest import T0, console, say, snapshot


async def person_id(mlgov, handle: str) -> int:
    async with mlgov.uow() as uow:
        found = (
            await uow.session.exec(
                select(Identity.person_id).where(
                    Identity.platform == "console", Identity.external_id == handle
                )
            )
        ).one()
        return found


async def project_id(mlgov, slug: str) -> int:
    async with mlgov.uow() as uow:
        found = (await uow.session.exec(select(Project.id).where(Project.slug == slug))).one()
        assert found is not None
        return found


async def add_rows(mlgov, *rows) -> None:
    async with mlgov.uow() as uow:
        for row in rows:
            uow.session.add(row)
        await uow.commit()


async def owes(mlgov, slug: str, bob: int, alice: int) -> None:
    """Bob: a check-in round open now, a sign-off asked of him, an item he owns."""
    pid = await project_id(mlgov, slug)
    await add_rows(
        mlgov,
        CheckinRound(project_id=pid, person_id=bob, slot_at=T0 - timedelta(minutes=30),
                     closes_at=T0 + timedelta(hours=23, minutes=30), state=RoundState.OPEN),
        ReadinessItem(project_id=pid, key="data-access", requested_of=bob, requested_by=alice,
                      requested_at=T0),
        ReadinessItem(project_id=pid, key="monitoring", owner_id=bob),
    )  # fmt: skip


async def sponsor_said_yes(mlgov, slug: str, bob: int, days_ago: int) -> None:
    async with mlgov.uow() as uow:
        project = (await uow.session.exec(select(Project).where(Project.slug == slug))).one()
        project.sponsorship_renewed_at = T0 - timedelta(days=days_ago)
        sponsoring = (
            await uow.session.exec(
                select(Membership).where(
                    Membership.project_id == project.id,
                    Membership.person_id == bob,
                    Membership.role == "sponsor",
                )
            )
        ).one()
        sponsoring.confirmed_at = T0 - timedelta(days=days_ago)
        uow.session.add_all([project, sponsoring])
        await uow.commit()


@pytest.fixture
async def world(mlgov):
    """Bob sponsors churn-model (alice owns it; its criteria not yet confirmed in
    experimentation; a check-in, a sign-off and an item wait on him there); his
    sponsorship of steady-model is due to be reconfirmed; he is asked to sponsor
    fresh-model; old-model is abandoned, and whatever he had there waits on nobody."""
    await change_role(mlgov, "console", "", "root", "admin", grant_it=True)
    for who, line in (
        ("alice", 'new Churn Model sponsor:@bob budget:50k risk:high objective:"less churn"'),
        ("alice", 'criteria churn-model add "AUC >= 0.8"'),
        ("alice", "member churn-model add @bob role:it"),  # so he may sign data-access
        ("root", 'advance churn-model to experimentation force reason:"a test"'),
        ("alice", "new Steady Model sponsor:@bob"),
        ("alice", "new Fresh Model sponsor:@bob"),
        ("alice", 'criteria fresh-model add "Recall >= 0.5"'),
        ("root", 'advance fresh-model to experimentation force reason:"a test"'),
        ("alice", "new Old Model sponsor:@bob"),
        ("alice", 'criteria old-model add "Recall >= 0.5"'),
        ("root", 'advance old-model to experimentation force reason:"a test"'),
    ):
        assert (await say(mlgov, who, line)).tone == Tone.OK, line
    bob, alice = await person_id(mlgov, "bob"), await person_id(mlgov, "alice")
    await sponsor_said_yes(mlgov, "churn-model", bob, 1)
    await sponsor_said_yes(mlgov, "steady-model", bob, 91)
    await sponsor_said_yes(mlgov, "old-model", bob, 91)
    await owes(mlgov, "churn-model", bob, alice)
    await owes(mlgov, "old-model", bob, alice)
    assert (await say(mlgov, "alice", 'abandon old-model reason:"no signal"')).tone == Tone.OK
    return bob


def lines(reply: Reply) -> list[str]:
    return [row.text for row in reply.rows]


def buttons(reply: Reply) -> dict[str, list[tuple[str, c.Command]]]:
    return {row.text: [(a.label, a.command) for a in row.actions] for row in reply.rows}


async def test_todo_lists_what_waits_on_the_speaker_with_the_button_that_does_it(mlgov, world):
    reply = await say(mlgov, "bob", "todo")
    assert reply.tone != Tone.ERROR
    assert reply.text == "6 things wait on you."
    assert buttons(reply) == {
        "⬜ Check in on Churn Model (`churn-model`)": [
            ("On track", c.RecordCheckin("churn-model", CheckinStatus.ON_TRACK)),
            ("At risk", c.RecordCheckin("churn-model", CheckinStatus.AT_RISK)),
            ("Blocked", c.RecordCheckin("churn-model", CheckinStatus.BLOCKED)),
        ],
        "⬜ Sign off data access agreed (`data-access`) on Churn Model (`churn-model`)": [
            ("Sign off", c.CheckOff("churn-model", "data-access")),
        ],
        "⬜ monitoring in place (`monitoring`) on Churn Model (`churn-model`) — you own it": [
            ("Done", c.CheckOff("churn-model", "monitoring")),
        ],
        "⬜ Confirm you sponsor Fresh Model (`fresh-model`)": [
            ("Confirm", c.ConfirmSponsorship("fresh-model")),
        ],
        "⬜ Reconfirm your sponsorship of Steady Model (`steady-model`)": [
            ("Reconfirm", c.ConfirmSponsorship("steady-model")),
        ],
        "⬜ Confirm the criteria of Churn Model (`churn-model`)": [
            ("Confirm criteria", c.ConfirmCriteria("churn-model")),
        ],
    }
    # In that order: check-ins, sign-offs asked, items owned, sponsorships, criteria.
    assert list(buttons(reply)) == lines(reply)
    details = {row.text: row.detail or "" for row in reply.rows}
    assert details[lines(reply)[1]] == (
        "asked by alice on 2026-03-02 · or say: ready churn-model data-access done"
    )
    # An item of a later gate may be prepared early: it says so.
    assert details[lines(reply)[2]] == (
        "ahead: needed to leave deployment · or say: ready churn-model monitoring done"
    )
    assert "open until Tuesday 2026-03-03 08:30 (UTC)" in details[lines(reply)[0]]
    assert "due since 2026-03-01" in details[lines(reply)[4]]
    assert "not yet confirmed in experimentation" in details[lines(reply)[5]]
    # The console shows no buttons: each line says what to type instead.
    assert 'or say: checkin churn-model on-track|at-risk|blocked "note"' in details[lines(reply)[0]]


async def test_nothing_of_a_closed_project_waits(mlgov, world):
    reply = await say(mlgov, "bob", "todo")
    assert not [line for line in lines(reply) if "old-model" in line]


async def test_another_person_sees_nothing_of_theirs(mlgov, world):
    for who in ("alice", "carol"):
        reply = await say(mlgov, who, "todo")
        assert reply.text == "Nothing waits on you. 🎉", who
        assert reply.rows == []


async def test_doing_a_thing_takes_it_off_the_list(mlgov, world):
    before = lines(await say(mlgov, "bob", "todo"))
    for line in ("checkin churn-model on-track", "criteria churn-model confirm",
                 "sponsor steady-model confirm"):  # fmt: skip
        said = await say(mlgov, "bob", line)
        assert said.tone == Tone.OK, (line, said.text)
    after = lines(await say(mlgov, "bob", "todo"))
    assert [line for line in before if line not in after] == [
        "⬜ Check in on Churn Model (`churn-model`)",
        "⬜ Reconfirm your sponsorship of Steady Model (`steady-model`)",
        "⬜ Confirm the criteria of Churn Model (`churn-model`)",
    ]


async def test_pressed_buttons_do_it_and_criteria_follow_a_sponsors_yes(mlgov, world):
    async def press(label: str, slug: str) -> list[str]:
        reply = await say(mlgov, "bob", "todo")
        (action,) = [
            a for row in reply.rows for a in row.actions
            if a.label == label and getattr(a.command, "project", None) == slug
        ]  # fmt: skip
        done = await mlgov.press(action.command, console("bob"), on=f"{label}:{slug}")
        assert done.tone == Tone.OK, done.text
        return lines(await say(mlgov, "bob", "todo"))

    fresh_criteria = "⬜ Confirm the criteria of Fresh Model (`fresh-model`)"
    # Asked to sponsor, not yet said yes: the criteria wait until they have.
    assert fresh_criteria not in lines(await say(mlgov, "bob", "todo"))
    after = await press("Confirm", "fresh-model")
    assert "⬜ Confirm you sponsor Fresh Model (`fresh-model`)" not in after
    assert fresh_criteria in after
    assert fresh_criteria not in await press("Confirm criteria", "fresh-model")


async def test_a_sign_off_refused_waits_no_more(mlgov, world):
    sign = "⬜ Sign off data access agreed (`data-access`) on Churn Model (`churn-model`)"
    assert sign in lines(await say(mlgov, "bob", "todo"))
    said = await say(mlgov, "bob", 'ready churn-model data-access reject reason:"no DPA yet"')
    assert said.tone == Tone.OK, said.text
    assert sign not in lines(await say(mlgov, "bob", "todo"))


CHURN_CRITERIA = "⬜ Confirm the criteria of Churn Model (`churn-model`)"


def detail_of(reply: Reply, text: str) -> str | None:
    return next((row.detail for row in reply.rows if row.text == text), None)


async def test_a_criterion_changed_after_confirming_asks_the_sponsor_again(mlgov, world):
    assert (await say(mlgov, "bob", "criteria churn-model confirm")).tone == Tone.OK
    assert CHURN_CRITERIA not in lines(await say(mlgov, "bob", "todo"))
    changed = await say(mlgov, "alice", 'criteria churn-model change 1 "AUC >= 0.85" reason:"x"')
    assert changed.tone == Tone.OK, changed.text
    again = await say(mlgov, "bob", "todo")
    assert "voided: criterion 1 changed" in (detail_of(again, CHURN_CRITERIA) or "")
    # Whether they stand is the gate's own check: status says the same.
    status = await say(mlgov, "bob", "status churn-model")
    assert "criteria-confirmed" in " ".join(row.text for row in status.rows)


async def test_past_the_gate_that_needs_them_only_a_voided_confirmation_waits(mlgov, world):
    for who, line in (
        ("root", 'advance churn-model to development force reason:"a test"'),
        ("alice", 'criteria churn-model add "Latency < 50ms"'),
    ):
        assert (await say(mlgov, who, line)).tone == Tone.OK, line
    assert CHURN_CRITERIA not in lines(await say(mlgov, "bob", "todo"))
    assert (await say(mlgov, "bob", "criteria churn-model confirm")).tone == Tone.OK
    assert (await say(mlgov, "alice", 'criteria churn-model add "Recall > 0.6"')).tone == Tone.OK
    reply = await say(mlgov, "bob", "todo")
    assert "3 criteria, voided: criterion 3 added" in (detail_of(reply, CHURN_CRITERIA) or "")


async def test_an_item_of_a_gate_already_passed_waits_on_nobody(mlgov, world):
    bob = world
    pid = await project_id(mlgov, "churn-model")
    # `sponsor` is derived, and the idea gate is behind churn-model: neither is a to-do.
    await add_rows(mlgov, ReadinessItem(project_id=pid, key="sponsor", owner_id=bob))
    assert not [line for line in lines(await say(mlgov, "bob", "todo")) if "`sponsor`" in line]


async def test_an_item_needing_evidence_asks_for_it(mlgov, world):
    bob = world
    pid = await project_id(mlgov, "churn-model")
    await add_rows(mlgov, ReadinessItem(project_id=pid, key="ethics", requested_of=bob))
    reply = await say(mlgov, "bob", "todo")
    (row,) = [row for row in reply.rows if "`ethics`" in row.text]
    (action,) = row.actions
    assert action.command == c.CheckOff("churn-model", "ethics")
    assert action.note_prompt and "https://" in action.note_prompt
    assert "evidence:<https link>" in (row.detail or "")


async def test_todo_takes_no_words_and_changes_nothing(mlgov, engine, world):
    before = await snapshot(engine)
    for line in ("todo churn-model", "todo me:@bob"):
        reply = await say(mlgov, "bob", line)
        assert reply.tone == Tone.ERROR, line
        assert "Usage: `todo`" in reply.text
    await say(mlgov, "bob", "todo")
    assert await snapshot(engine) == before


@pytest.mark.parametrize(
    "question", ["what do I owe?", "What's on my plate?", "what waits on me", "whats on my todo"]
)
async def test_plain_questions_ask_for_the_todo(mlgov, world, question):
    reply = await say(mlgov, "bob", question)
    assert reply.text == "6 things wait on you.", question


async def test_the_home_starts_with_the_todo(mlgov, world):
    reply = await mlgov.home(console("bob"))
    assert reply.text.startswith("6 things wait on you.")
    assert lines(reply)[:6] == lines(await say(mlgov, "bob", "todo"))
    assert lines(reply)[6].startswith("Churn Model (`churn-model`)")


async def test_an_empty_home_says_nothing_waits(mlgov):
    await say(mlgov, "alice", "new Churn Model")
    reply = await mlgov.home(console("alice"))
    assert reply.text == "Nothing waits on you. 🎉 You are on 1 project."
    assert lines(reply)[0].startswith("Churn Model (`churn-model`)")
