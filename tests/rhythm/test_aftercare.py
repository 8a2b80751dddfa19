"""After go-live: re-attestations every 90 days (lapsing after 14, told to managers once),
a cost revision and the LoB's word on the objective each quarter — each asked once, in the
recipient's working hours."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.roles import change_role
from governance.replies import Tone
from governance.rhythm.payload import load
from governance.tables import Attestation, Delivery, Event, OutcomeAnswer
from tests.conftest import say
from tests.rhythm.conftest import utc

LIVE = utc(2026, 3, 3, 10)  # a Tuesday; 90 days on is Monday 1 June, 10:00 UTC
HALF_HOUR = timedelta(minutes=30)


async def _payloads(mlgov, prefix: str) -> list[tuple[str, object]]:  # noqa: ANN001
    async with mlgov.uow() as uow:
        rows = await uow.session.exec(select(Delivery.key, Delivery.payload))
        return [(k, load(p)) for k, p in rows if k.startswith(prefix)]


async def _keep_reviewed(mlgov, until) -> None:  # noqa: ANN001
    """Phase reviews kept current, so only what comes after go-live speaks."""
    at = LIVE + timedelta(hours=1)
    while at < until:
        mlgov.clock.set(at)
        assert (await say(mlgov, "ber", "review churn-model done")).tone == Tone.OK
        at += timedelta(days=14)


@pytest.fixture
async def live(team, mlgov):  # noqa: ANN001
    await change_role(mlgov, "console", "", "root", "admin", grant_it=True)
    await change_role(mlgov, "console", "", "boss", "manager", grant_it=True)  # boss: UTC
    mlgov.clock.set(LIVE - timedelta(hours=1))
    await say(mlgov, "ber", "member churn-model add @lena role:lob")
    await say(mlgov, "ber", "ready churn-model monitoring owner:@kol")
    mlgov.clock.set(LIVE)
    moved = await say(mlgov, "root", 'advance churn-model to production force reason:"pilot"')
    assert moved.tone == Tone.OK, moved.text
    return team


async def test_reattestation_asked_once_answered_or_lapsed_and_managers_told_once(live, mlgov):
    due = LIVE + timedelta(days=90)
    await _keep_reviewed(mlgov, due + timedelta(days=20))
    await live.run(due - timedelta(hours=2), due - HALF_HOUR, HALF_HOUR)
    assert await live.deliveries("attest:") == []
    await live.run(due, due + timedelta(hours=12), HALF_HOUR)
    await live.run(due + timedelta(hours=12), due + timedelta(hours=24), HALF_HOUR)  # again
    told = sorted((k.split(":")[2], who) for k, who in await live.deliveries("attest:"))
    assert told == [("alerting", "ber"), ("monitoring", "kol"), ("on-call", "ber"),
                    ("rollback", "ber"), ("sla", "ber")]  # fmt: skip
    ((_, prompt),) = await _payloads(mlgov, "attest:1:monitoring:")
    assert prompt.text == "Is `monitoring` on Churn Model still true?"
    assert [a.label for a in prompt.actions] == ["Still true", "Changed"]
    assert prompt.actions[1].note_prompt == "What changed?"
    # Answers are recorded and audited; a change is told to the project's owners.
    mlgov.clock.set(due + timedelta(days=2))
    answered = await say(mlgov, "kol", 'attest churn-model monitoring changed "now Grafana"')
    assert answered.tone == Tone.OK, answered.text
    assert (await say(mlgov, "ber", "attest churn-model alerting still")).tone == Tone.OK
    refused = await say(mlgov, "nyc", "attest churn-model sla still")
    assert refused.tone == Tone.ERROR and refused.text.startswith("Only the owner of churn-model")
    ((_, changed),) = await _payloads(mlgov, "attest-changed:")
    assert [who for _, who in await live.deliveries("attest-changed:")] == ["ber"]
    assert changed.text == "kol says `monitoring` on Churn Model has changed: now Grafana"
    async with mlgov.uow() as uow:
        rows = {(a.key, a.cycle, a.answer) for a in await uow.session.exec(select(Attestation))}
        kinds = [e.kind for e in await uow.session.exec(select(Event)) if e.kind == "attest"]
    assert rows == {("monitoring", 1, "changed"), ("alerting", 1, "still")}
    assert len(kinds) == 2
    # 14 days after the prompt the rest lapse (Monday 15 June, 10:00 UTC): the manager hears
    # it the next working morning, once.
    await live.run(due + timedelta(days=14), due + timedelta(days=16), HALF_HOUR)
    told = [(k.rsplit(":", 1)[1], who) for k, who in await live.deliveries("attention:")]
    assert told == [("2026-06-16", "boss")]
    ((_, attention),) = await _payloads(mlgov, "attention:")
    assert attention.text == (
        "Needs your attention since the last working morning: 3 re-attestations lapsed."
    )
    assert sorted(r.text for r in attention.rows) == ["Churn Model"] * 3
    assert sorted(r.detail.split("`")[1] for r in attention.rows) == ["on-call", "rollback", "sla"]
    # Not asked again until the next cycle.
    assert len(await live.deliveries("attest:")) == 5


async def test_quarterly_cost_revision_and_outcome_asked_once_each_quarter(live, mlgov):
    first = LIVE + timedelta(days=91)  # Tuesday 2 June, 10:00 UTC
    await live.run(first - HALF_HOUR, first + timedelta(hours=14), HALF_HOUR)
    await live.run(first + timedelta(days=1), first + timedelta(days=1, hours=6), HALF_HOUR)
    assert [who for _, who in await live.deliveries("cost-due:")] == ["ber"]
    assert [who for _, who in await live.deliveries("outcome-due:")] == ["lena"]
    ((_, cost),) = await _payloads(mlgov, "cost-due:")
    assert cost.text == "Please revise the cost of ownership of Churn Model (never revised)."
    assert "cost churn-model monthly:<amount>" in cost.context
    ((_, asked),) = await _payloads(mlgov, "outcome-due:")
    assert [a.label for a in asked.actions] == ["Yes", "Partly", "No"]
    assert all(a.note_prompt for a in asked.actions)
    mlgov.clock.set(first + timedelta(days=2))
    assert (await say(mlgov, "ber", "cost churn-model monthly:1200")).tone == Tone.OK
    said = await say(mlgov, "lena", 'outcome churn-model partly "churn down 3%, not 5%"')
    assert said.tone == Tone.OK, said.text
    refused = await say(mlgov, "ber", "outcome churn-model yes")
    assert refused.tone == Tone.ERROR and "lob" in refused.text
    status = await say(mlgov, "ber", "status churn-model")
    fields = {f.label: f.value for f in status.fields}
    assert fields["Delivers its objective"] == "partly — “churn down 3%, not 5%” (lena, 2026-06-04)"
    async with mlgov.uow() as uow:
        answers = [(o.quarter, o.answer) for o in await uow.session.exec(select(OutcomeAnswer))]
    assert answers == [(1, "partly")]
    # The next quarter asks again, once each.
    second = LIVE + timedelta(days=182)  # Tuesday 1 September
    await live.run(second - HALF_HOUR, second + timedelta(hours=14), HALF_HOUR)
    await live.run(second + timedelta(hours=14), second + timedelta(hours=30), HALF_HOUR)
    assert [k.split(":")[2] for k, _ in await live.deliveries("cost-due:")] == ["1", "2"]
    assert [k.split(":")[2] for k, _ in await live.deliveries("outcome-due:")] == ["1", "2"]
    _, again = (await _payloads(mlgov, "cost-due:"))[1]
    assert again.text == (
        "Please revise the cost of ownership of Churn Model (last revised 2026-06-04)."
    )


async def test_nothing_asked_before_go_live_or_of_a_project_not_in_production(team, mlgov):
    await team.run(LIVE + timedelta(days=90), LIVE + timedelta(days=91), timedelta(hours=1))
    for prefix in ("attest:", "cost-due:", "outcome-due:"):
        assert await team.deliveries(prefix) == []
    mlgov.clock.set(LIVE)
    refused = await say(mlgov, "ber", "attest churn-model sla still")
    assert refused.tone == Tone.ERROR and "not in production" in refused.text


async def test_health_reattestation_input_due_then_lapsed_and_cleared_by_answers(live, mlgov):
    from governance.rhythm.aftercare_store import reattestations

    async def state(at):  # noqa: ANN001, ANN202
        async with mlgov.uow() as uow:
            return set((await reattestations(uow.session, mlgov.policy, at)).values())

    due = LIVE + timedelta(days=90)
    assert await state(due - timedelta(minutes=1)) == set()
    assert await state(due + timedelta(days=1)) == {"due"}
    assert await state(due + timedelta(days=14)) == {"lapsed"}
    mlgov.clock.set(due + timedelta(days=14))
    shown = {f.label: f.value for f in (await say(mlgov, "ber", "status churn-model")).fields}
    assert "re-attestation lapsed" in shown["Health"]
    listed = await say(mlgov, "ber", "portfolio")
    assert "re-attestation lapsed" in " ".join(f"{r.text} {r.detail}" for r in listed.rows)
    mlgov.clock.set(due + timedelta(days=15))
    for key in ("monitoring", "alerting", "on-call", "sla", "rollback"):
        said = await say(mlgov, "ber", f"attest churn-model {key} still")
        assert said.tone == Tone.OK, said.text
    assert await state(due + timedelta(days=15)) == set()
    assert await state(due + timedelta(days=90)) == {"due"}  # the next cycle asks again


def test_tick_asks_the_reattestation_once(tmp_path):
    """`mlgov tick --now` at the 90th day in production queues the prompts, once."""
    from datetime import UTC, datetime

    from governance.rhythm.occurrences import working_moment
    from tests.console.test_processes import chat
    from tests.rhythm.test_cli import _mlgov

    db = tmp_path / "m.db"
    assert chat(db, "alice", "new Churn Model\n").returncode == 0
    assert _mlgov(db, "role", "grant", "root", "admin").returncode == 0
    started = datetime.now(UTC)
    moved = chat(db, "root", 'advance churn-model to production force reason:"pilot"\n')
    assert "forced" in moved.stdout, moved.stdout
    at = working_moment(started + timedelta(days=90, minutes=1), "UTC", ()) + timedelta(minutes=1)
    first = _mlgov(db, "tick", "--now", at.isoformat())
    assert first.returncode == 0, first.stderr
    listed = _mlgov(db, "deliveries", "--last", "0").stdout
    keys = [line.split("\t")[3] for line in listed.splitlines() if "\tattest:" in line]
    assert sorted(k.split(":")[2] for k in keys) == [
        "alerting", "monitoring", "on-call", "rollback", "sla"
    ]  # fmt: skip
    again = _mlgov(db, "tick", "--now", (at + timedelta(minutes=5)).isoformat())
    assert "0 message(s) queued" in again.stdout, again.stdout
