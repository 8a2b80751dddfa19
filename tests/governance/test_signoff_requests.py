"""Asking a signer, and a signer saying no: `ready <p> <key> request @u` sends that person a
message with Approve and Reject; `ready <p> <key> reject reason:"…"` records the refusal and
tells the owner. Status and `ready` show who signed, when and the evidence, what is asked of
whom, the latest refusal, and items of a later gate already signed ("ahead").
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.roles import change_role
from governance import commands as c
from governance import wire
from governance.grammar import read
from governance.presses import ALREADY
from governance.replies import Reply, Tone
from governance.rhythm import inbox
from governance.service import Mlgov
from governance.spoken import said
from tests.conftest import console, say, snapshot

LINK = "https://wiki.example.com/ethics/churn-model"
HANDLES = ("alice", "bob", "carol", "ivan", "dave", "erin", "root")
ETHICS_SIGNERS = "someone with the org role ethics who is not the owner or sponsor"


async def _setup(mlgov: Mlgov, phase: str) -> None:
    """churn-model, high risk: owned by alice, sponsor bob, carol ml, ivan it, dave an end
    user; root is an admin and erin holds the org role ethics."""
    await change_role(mlgov, "console", "", "root", "admin", grant_it=True)
    await change_role(mlgov, "console", "", "erin", "ethics", grant_it=True)
    for line in (
        'new Churn Model sponsor:@bob budget:50k risk:high objective:"less churn"',
        "member churn-model add @carol role:ml",
        "member churn-model add @ivan role:it",
        "member churn-model add @dave role:enduser",
    ):
        assert (await say(mlgov, "alice", line)).tone == Tone.OK, line
    reply = await say(mlgov, "root", f'advance churn-model to {phase} force reason:"pilot"')
    assert reply.tone == Tone.OK, reply.text
    for handle in HANDLES:  # what the set-up told them (a sponsor named, a forced move)
        await messages_for(mlgov, handle)


@pytest.fixture
async def project(mlgov):
    await _setup(mlgov, "deployment")
    return "churn-model"


async def messages_for(mlgov: Mlgov, handle: str) -> list[Reply]:
    """What waits in a console person's inbox (their working hours included)."""
    return await inbox.take(mlgov.uow(), handle, mlgov.clock.now() + timedelta(days=4))


async def refused(mlgov: Mlgov, engine, who: str, line: str) -> str:  # noqa: ANN001
    before = await snapshot(engine)
    reply = await say(mlgov, who, line)
    assert reply.tone == Tone.ERROR, reply.text
    assert "\n" not in reply.text
    assert await snapshot(engine) == before
    return reply.text


async def asked(mlgov: Mlgov) -> Reply:
    """alice asks erin to sign `ethics`; erin's one message."""
    reply = await say(mlgov, "alice", "ready churn-model ethics request @erin")
    assert (reply.tone, reply.text) == (
        Tone.OK,
        "Asked erin to sign `ethics` on Churn Model; they get a message with Approve and Reject.",
    )
    [message] = await messages_for(mlgov, "erin")
    return message


def _button(message: Reply, label: str):  # noqa: ANN202
    return next(a for a in message.actions if a.label == label)


def _row(reply: Reply, key: str):  # noqa: ANN202
    return next(r for r in reply.rows if f" {key} — " in r.text)


async def test_a_request_reaches_the_signer_once_with_approve_and_reject(mlgov, project):
    message = await asked(mlgov)
    assert message.text == "alice asks you to sign `ethics` (ethics review) on Churn Model."
    assert [a.label for a in message.actions] == ["Approve", "Reject", "Status"]
    approve, reject = _button(message, "Approve"), _button(message, "Reject")
    assert approve.command == c.CheckOff("churn-model", "ethics")
    assert approve.note_prompt == "Link to the ethics review (https://…)"
    assert reject.command == c.RefuseSignoff("churn-model", "ethics")
    assert reject.note_prompt == "Why not?"
    assert await messages_for(mlgov, "erin") == []  # once
    assert await messages_for(mlgov, "alice") == []  # the asker has the answer
    again = await say(mlgov, "alice", "ready churn-model ethics request @erin")
    assert again.text == "erin was already asked to sign `ethics` on 2026-03-02; nothing changed."
    assert await messages_for(mlgov, "erin") == []


async def test_an_item_without_evidence_is_approved_without_a_note(mlgov, project):
    assert (await say(mlgov, "carol", "ready churn-model it-acceptance request @ivan")).tone == (
        Tone.OK
    )
    [message] = await messages_for(mlgov, "ivan")
    assert _button(message, "Approve").note_prompt is None
    reply = await mlgov.press(_button(message, "Approve").command, console("ivan"), on="m1")
    assert reply.text == "`it-acceptance` is done for Churn Model."


async def test_approve_with_the_evidence_signs_as_the_signer(mlgov, project):
    approve = _button(await asked(mlgov), "Approve")
    bare = await mlgov.press(approve.command, console("erin"), on="m1")
    assert (bare.tone, bare.text.split(":")[0]) == (Tone.ERROR, "`ethics` needs evidence")
    reply = await mlgov.press(approve.command, console("erin"), on="m1", note=LINK)
    assert (reply.tone, reply.text) == (Tone.OK, "`ethics` is done for Churn Model.")
    [signed] = await messages_for(mlgov, "alice")  # whoever asked hears it, once
    assert signed.text == "erin signed `ethics` on Churn Model."
    # Pressed by anyone else, it is their signature, and refused.
    stolen = await mlgov.press(approve.command, console("alice"), on="m1", note=LINK)
    assert stolen.tone == Tone.ERROR
    assert await messages_for(mlgov, "alice") == []
    status = await say(mlgov, "dave", "status churn-model")
    assert _row(status, "ethics").text.startswith("✅ ethics")
    assert _row(status, "ethics").detail == f"signed by erin, 2026-03-02, {LINK}"
    history = await say(mlgov, "dave", "history churn-model")
    assert history.rows[-2].text.endswith("alice · ethics sign-off asked of erin")
    assert history.rows[-1].text.endswith(f"erin · ethics done ({LINK})")


async def test_reject_with_a_reason_records_it_and_tells_the_owner_once(mlgov, project):
    reject = _button(await asked(mlgov), "Reject")
    reply = await mlgov.press(reject.command, console("erin"), on="m1", note="no DPIA yet")
    assert (reply.tone, reply.text) == (
        Tone.OK,
        "You refused `ethics` on Churn Model; alice is told.",
    )
    assert (await mlgov.press(reject.command, console("erin"), on="m1", note="x")).text == ALREADY
    [told] = await messages_for(mlgov, "alice")
    assert told.text == "erin refused `ethics` on churn-model: no DPIA yet"
    assert told.context == (
        f"`ethics` is signed by {ETHICS_SIGNERS} — ask one with "
        "`ready churn-model ethics request @u`."
    )
    assert [(a.label, a.command) for a in told.actions] == [("Status", c.Status("churn-model"))]
    assert await messages_for(mlgov, "alice") == []
    assert await messages_for(mlgov, "erin") == []  # the refuser is not told
    status = await say(mlgov, "dave", "status churn-model")
    assert _row(status, "ethics").detail == "refused by erin on 2026-03-02: no DPIA yet"
    history = await say(mlgov, "dave", "history churn-model")
    assert history.rows[-1].text.endswith("erin · ethics refused: no DPIA yet")
    # Typed, it is the same; asked again afterwards, the request shows with the refusal.
    typed = await say(mlgov, "erin", 'ready churn-model ethics reject reason:"still none"')
    assert typed.tone == Tone.OK
    [again] = await messages_for(mlgov, "alice")
    assert again.text == "erin refused `ethics` on churn-model: still none"
    await say(mlgov, "carol", "ready churn-model ethics request @erin")
    ready = await say(mlgov, "dave", "ready churn-model")
    assert _row(ready, "ethics").detail == (
        "asked of erin on 2026-03-02 by carol; refused by erin on 2026-03-02: still none"
    )


async def test_a_rejection_needs_a_reason(mlgov, engine, project):
    reject = _button(await asked(mlgov), "Reject")
    before = await snapshot(engine)
    reply = await mlgov.press(reject.command, console("erin"), on="m1")
    assert (reply.tone, reply.text) == (
        Tone.ERROR,
        'Say why you refuse `ethics`: `ready churn-model ethics reject reason:"…"`.',
    )
    assert await snapshot(engine) == before
    text = await refused(mlgov, engine, "erin", "ready churn-model ethics reject")
    assert text == 'Say why you refuse `ethics`: `ready churn-model ethics reject reason:"…"`.'


async def test_only_a_signer_refuses(mlgov, engine, project):
    for who in ("alice", "dave", "root", "ivan"):
        text = await refused(mlgov, engine, who, 'ready churn-model ethics reject reason:"no"')
        assert text == (
            f"Only someone who may sign `ethics` on churn-model can refuse it: {ETHICS_SIGNERS}."
        ), who


async def test_a_request_to_someone_who_may_not_sign_names_who_may(mlgov, engine, project):
    for whom in ("dave", "ivan", "alice", "zed"):  # zed: never seen before
        text = await refused(mlgov, engine, "alice", f"ready churn-model ethics request @{whom}")
        assert text == (
            f"{whom} may not sign `ethics` on churn-model: it is signed by {ETHICS_SIGNERS}."
        )
    text = await refused(mlgov, engine, "carol", "ready churn-model it-acceptance request @alice")
    assert text == (
        "alice may not sign `it-acceptance` on churn-model: it is signed by a member with role "
        "it who is not the owner."
    )


async def test_what_cannot_be_asked_for(mlgov, engine, project):
    assert await refused(mlgov, engine, "alice", "ready churn-model nosuch request @erin") == (
        "`nosuch` is not a readiness item. Items you check off: alerting, compliance, "
        "data-access, decommission-plan, ethics, it-acceptance, monitoring, on-call, packaging, "
        "pipeline-owner, rollback, security, sla."
    )
    assert (
        await refused(mlgov, engine, "alice", "ready churn-model sponsor-acceptance request @bob")
    ).startswith("`sponsor-acceptance` (sponsor acceptance) is checked by the bot")
    assert await refused(mlgov, engine, "mallory", "ready churn-model ethics request @erin") == (
        "Only members of churn-model or an admin can ask for a sign-off."
    )
    assert await refused(
        mlgov, engine, "ivan", "ready churn-model it-acceptance request @ivan"
    ) == ("You may sign `it-acceptance` yourself: `ready churn-model it-acceptance done`.")
    assert (await say(mlgov, "ivan", "ready churn-model it-acceptance done")).tone == Tone.OK
    assert await refused(
        mlgov, engine, "alice", "ready churn-model it-acceptance request @ivan"
    ) == ("`it-acceptance` on churn-model was signed on 2026-03-02; there is nothing to ask.")
    assert await refused(
        mlgov, engine, "ivan", 'ready churn-model it-acceptance reject reason:"x"'
    ) == ("`it-acceptance` on churn-model was signed on 2026-03-02; there is nothing to refuse.")
    # An admin who is not a member may ask.
    assert (await say(mlgov, "root", "ready churn-model ethics request @erin")).tone == Tone.OK
    await say(mlgov, "root", 'abandon churn-model reason:"stopped"')
    text = await refused(mlgov, engine, "alice", "ready churn-model security request @erin")
    assert text.startswith("churn-model is abandoned: it is closed")


async def test_status_shows_signer_date_evidence_owner_and_request(mlgov, project):
    await say(mlgov, "erin", f"ready churn-model ethics done evidence:{LINK}")
    await say(mlgov, "alice", "ready churn-model monitoring owner:@ivan")
    await say(mlgov, "alice", "ready churn-model it-acceptance request @ivan")
    status = await say(mlgov, "dave", "status churn-model")
    assert _row(status, "ethics").detail == f"signed by erin, 2026-03-02, {LINK}"
    assert _row(status, "monitoring").detail == "owner ivan"
    assert _row(status, "it-acceptance").detail == "asked of ivan on 2026-03-02 by alice"
    assert _row(status, "security").detail is None
    # An open item that needs evidence asks for it when its Done button is pressed.
    [done] = _row(status, "security").actions
    assert done.note_prompt == "Link to the security review (https://…)"
    ready = await say(mlgov, "dave", "ready churn-model")
    assert _row(ready, "ethics").detail == f"signed by erin, 2026-03-02, {LINK}"


async def test_items_of_a_later_gate_signed_early_show_as_ahead(mlgov):
    await _setup(mlgov, "development")
    reply = await say(mlgov, "ivan", "ready churn-model it-acceptance done")
    assert reply.tone == Tone.OK, reply.text
    for answer in (
        await say(mlgov, "dave", "status churn-model"),
        await say(mlgov, "dave", "ready churn-model"),
    ):
        ahead = [r for r in answer.rows if r.text.startswith("Ahead")]
        assert [(r.text, r.detail) for r in ahead] == [
            ("Ahead: it-acceptance ✓ — IT acceptance (gate to production)",
             "signed by ivan, 2026-03-02"),
        ]  # fmt: skip
    # Once that gate is the current one, the item is shown there, done.
    await say(mlgov, "root", 'advance churn-model to deployment force reason:"pilot"')
    status = await say(mlgov, "dave", "status churn-model")
    assert not [r for r in status.rows if r.text.startswith("Ahead")]
    assert _row(status, "it-acceptance").text.startswith("✅")


@pytest.mark.parametrize(
    "line",
    [
        "ready churn-model ethics request @erin",
        'ready churn-model ethics reject reason:"no DPIA yet"',
        "ready churn-model ethics reject",
    ],
)
def test_the_forms_go_through_a_button_and_are_said_back(line):
    command = read(line)
    assert wire.loads(wire.dumps(command)) == command
    assert read(said(command)) == command


def test_refuse_is_reject_and_the_reason_may_be_quoted_text():
    assert read('ready churn-model ethics refuse "no DPIA"') == c.RefuseSignoff(
        "churn-model", "ethics", "no DPIA"
    )
