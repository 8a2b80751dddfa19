"""Acknowledged means kept on Teams: a message or card submission is carried out once and
answered, even when its answer cannot be sent at once or the process dies on the way."""

from __future__ import annotations

import asyncio
from contextlib import suppress

import aiohttp
from sqlmodel import func, select

from adapters.teams.answering import TeamsAnswerer
from adapters.teams.http import build_adapter
from bot.recovery import recover
from bot.settings import Settings
from governance import wire
from governance.commands import RecordCheckin
from governance.context import Actor
from governance.phases import CheckinStatus
from governance.tables import Checkin, Inbound, Project
from tests.served import serving
from tests.teams.conftest import activity, card_of, headline
from tests.teams.fake_connector import FakeConnector

ALICE = Actor("teams", "tenant-1", "aad-alice", display_name="Alice Owner")


async def _count(mlgov, table) -> int:  # noqa: ANN001
    async with mlgov.uow() as uow:
        return (await uow.session.exec(select(func.count()).select_from(table))).one()


async def test_an_answer_that_cannot_be_sent_is_sent_later_and_never_says_nothing_changed(
    teams, mlgov, clock
):
    teams.connector.failures = [500]  # the reply fails; an apology after it would go through
    body = activity("personal_message", teams.connector.url, text="new Churn Model")
    assert await teams.post(body) in (200, 201)
    assert await _count(mlgov, Project) == 1  # the change was made…
    assert teams.connector.sent == []  # …and nobody was told "nothing was changed"
    teams.connector.failures = []
    settings = Settings(database_url="unused", teams_auth=False, host="127.0.0.1")
    answerers = {"teams": TeamsAnswerer(build_adapter(settings), settings)}
    clock.advance(minutes=3)  # the turn's lease on it runs out
    assert await recover(mlgov, answerers) == 1
    (sent,) = await teams.connector.wait_for(1)
    assert headline(card_of(sent.activity)) == "Created Churn Model (**churn-model**) in idea."
    assert "You asked: new Churn Model" in str(card_of(sent.activity))
    assert await _count(mlgov, Project) == 1
    assert await recover(mlgov, answerers) == 0


async def test_a_card_submit_killed_mid_answer_is_answered_by_the_next_process(database_url, mlgov):
    await mlgov.handle("new Churn Model", ALICE)
    await mlgov.handle("member churn-model add <@aad-carol|Carol ML> role:ml", ALICE)
    connector = await FakeConnector(hold=60).start()
    try:
        submit = activity("action_submit", connector.url, value={
            "mlgov": wire.encode(RecordCheckin("churn-model", CheckinStatus.BLOCKED)),
            "noteInput": "note2", "note2": "no data",
        })  # fmt: skip
        async with serving(database_url, teams=True) as first, aiohttp.ClientSession() as s:
            posting = asyncio.ensure_future(s.post(f"{first.url}/api/messages", json=submit))
            for _ in range(600):  # the check-in is in; its card is on its way
                if connector.attempts:
                    break
                await asyncio.sleep(0.05)
            first.proc.kill()
            await first.proc.wait()
            with suppress(aiohttp.ClientError):
                await posting
        assert await _count(mlgov, Checkin) == 1
        connector.hold = 0
        async with serving(database_url, teams=True):
            (sent,) = await connector.wait_for(1, within=30)
            for _ in range(100):
                async with mlgov.uow() as uow:
                    state = (await uow.session.exec(select(Inbound.state))).one()
                if state == "answered":
                    break
                await asyncio.sleep(0.1)
        assert headline(card_of(sent.activity)) == "Checked in on Churn Model: blocked. Thank you."
        assert state == "answered"
        assert await _count(mlgov, Checkin) == 1  # carried out once
    finally:
        await connector.stop()
