"""Acknowledged means kept: a Slack command that got its 200 is carried out and answered
even when the server is stopped (SIGTERM) or killed (SIGKILL) right after the ack."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator

import aiohttp
import pytest
from sqlmodel import col, select

from governance.tables import Event, Inbound, Project
from tests.served import serving
from tests.slack.conftest import SlackServer
from tests.slack.fake_slack import FakeSlack


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack().start()
    yield fake
    await fake.stop()


async def _projects(mlgov) -> list[str]:  # noqa: ANN001
    async with mlgov.uow() as uow:
        return sorted(await uow.session.exec(select(Project.name)))


async def _created_events(mlgov) -> list[str]:  # noqa: ANN001
    async with mlgov.uow() as uow:
        return sorted(
            await uow.session.exec(select(Event.summary).where(Event.kind == "project.created"))
        )


async def test_sigterm_right_after_the_acks_loses_none_of_them(database_url, fake, mlgov):
    fake.hold = {"users.info": 1.5, "response_url": 1.5}  # answers still in flight at SIGTERM
    async with serving(database_url, fake) as served, aiohttp.ClientSession() as session:
        slack = SlackServer(fake, served.url, session)
        for n in range(5):
            response = await slack.command(f"new Project {n}")
            assert response.status == 200
        served.proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(served.proc.wait(), 30) == 0
    assert await _projects(mlgov) == [f"Project {n}" for n in range(5)]
    answers = sorted(c.params["text"] for c in fake.of("response_url"))
    assert answers == [f"Created Project {n} (`project-{n}`) in idea." for n in range(5)]


async def test_sigkill_after_the_ack_is_finished_by_the_next_process(database_url, fake, mlgov):
    async with serving(database_url, fake) as first, aiohttp.ClientSession() as session:
        slack = SlackServer(fake, first.url, session)
        # One command is carried out, and its answer is on its way when the process dies…
        fake.hold = {"response_url": 60}
        assert (await slack.command("new Answered Late")).status == 200
        await fake.wait_for("response_url:arrived", 1)
        # …another was acknowledged and is still looking up who asked.
        fake.hold = {"users.info": 60, "response_url": 60}
        assert (await slack.command("new Never Started", user="U0CAROL")).status == 200
        await fake.wait_for("users.info", 2)
        first.proc.kill()
        await first.proc.wait()
    assert await _projects(mlgov) == ["Answered Late"]
    fake.hold = {}
    async with serving(database_url, fake):
        answers = await fake.wait_for("response_url", 2, within=30)
        for _ in range(100):  # …and marks them answered
            async with mlgov.uow() as uow:
                states = list(
                    await uow.session.exec(select(Inbound.state).order_by(col(Inbound.id)))
                )
            if states == ["answered", "answered"]:
                break
            await asyncio.sleep(0.1)
    assert states == ["answered", "answered"]
    texts = sorted(c.params["text"] for c in answers)
    assert texts == [
        "Created Answered Late (`answered-late`) in idea.",
        "Created Never Started (`never-started`) in idea.",
    ]
    assert [c.path for c in answers] != [answers[0].path] * 2  # each to its own response URL
    assert await _created_events(mlgov) == [  # each carried out once
        "created Answered Late (answered-late) in idea",
        "created Never Started (never-started) in idea",
    ]
