"""Only the workspaces (and Enterprise Grid organisations) mlgov is configured for may talk to
it: a correctly signed request from any other gets a refusal and changes nothing."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from aiohttp import web

from adapters.slack.workspaces import REFUSAL, Named, allowed
from bot.server import build_app
from bot.settings import Settings
from tests.conftest import say, snapshot
from tests.slack.conftest import SECRET, SlackServer, payload
from tests.slack.fake_slack import FakeSlack

SETTLE = 0.3  # long enough for work (wrongly) started by a refused request to show


def others(slack: SlackServer) -> list[str]:
    """Every call to Slack but auth.test (Web API methods and response URLs)."""
    return [c.method for c in slack.fake.calls if c.method != "auth.test"]


@asynccontextmanager
async def serving(mlgov, **settings: Any) -> AsyncIterator[SlackServer]:  # noqa: ANN001
    fake = await FakeSlack().start()
    app, _ = build_app(mlgov, Settings(database_url="unused", slack_bot_token="xoxb-test",
                                       slack_signing_secret=SECRET,
                                       slack_api_url=f"{fake.url}/api/", **settings))  # fmt: skip
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        async with aiohttp.ClientSession() as session:
            yield SlackServer(fake, f"http://127.0.0.1:{port}", session)
    finally:
        await runner.cleanup()
        await fake.stop()


async def command(slack: SlackServer, text: str, team: str, enterprise: str | None = None):  # noqa: ANN201
    form = payload("slash_command")
    form.update(text=text, team_id=team, response_url=slack.response_url(),
                trigger_id=slack.trigger_id())  # fmt: skip
    if enterprise:
        form["enterprise_id"] = enterprise
    body = urlencode(form)
    headers = slack.signed_headers(body, "application/x-www-form-urlencoded")
    async with slack.session.post(f"{slack.url}/slack/events", data=body.encode(),
                                  headers=headers) as response:  # fmt: skip
        return response.status, await response.text()


async def event(slack: SlackServer, text: str, team: str) -> tuple[int, str]:
    body = payload("app_mention")
    body["team_id"] = body["authorizations"][0]["team_id"] = team
    body["event"]["text"] = f"<@U0BOT> {text}"
    raw = json.dumps(body)
    async with slack.session.post(f"{slack.url}/slack/events", data=raw.encode(),
                                  headers=slack.signed_headers(raw, "application/json")) as r:  # fmt: skip
        return r.status, await r.text()


async def press(slack: SlackServer, text: str, team: str, user_team: str) -> tuple[int, str]:
    body = slack.press(text, user="U0ALICE")
    body["team"]["id"], body["user"]["team_id"] = team, user_team
    form = urlencode({"payload": json.dumps(body)})
    async with slack.session.post(f"{slack.url}/slack/events", data=form.encode(),
                                  headers=slack.signed_headers(form, "application/x-www-form-urlencoded")) as r:  # fmt: skip
        return r.status, await r.text()


@pytest.fixture
async def quiet(slack, mlgov, engine):
    await say(mlgov, "alice", "new Churn Model")
    return await snapshot(engine)


@pytest.mark.parametrize(
    ("send", "answer"),
    [
        (lambda s: command(s, "new Stranger Model", "T0OTHER"), REFUSAL),
        (lambda s: event(s, "new Stranger Model", "T0OTHER"), ""),
        (lambda s: press(s, "new Stranger Model", "T0OTHER", "T0OTHER"), REFUSAL),
        # A person from another organisation, in a channel shared with ours.
        (lambda s: press(s, "new Stranger Model", "T0TEST", "T0OTHER"), REFUSAL),
    ],
    ids=["command", "event", "press", "shared-channel-press"],
)
async def test_another_workspace_is_refused_and_nothing_changes(slack, engine, quiet, send, answer):
    assert await send(slack) == (200, answer)
    await asyncio.sleep(SETTLE)
    assert others(slack) == []  # no Web API call, nothing posted to its response_url
    assert await snapshot(engine) == quiet


async def test_by_default_the_bot_tokens_workspace_is_allowed(slack, engine):
    assert await command(slack, "new Churn Model", "T0TEST") == (200, "")
    (answer,) = await slack.said(1)
    assert answer["text"] == "Created Churn Model (`churn-model`) in idea."


async def test_the_allow_list_replaces_the_default(mlgov, engine):
    async with serving(mlgov, slack_team_ids=frozenset({"T0OTHER"})) as slack:
        before = await snapshot(engine)
        assert await command(slack, "new Churn Model", "T0TEST") == (200, REFUSAL)
        await asyncio.sleep(SETTLE)
        assert others(slack) == []
        assert await snapshot(engine) == before
        assert await command(slack, "new Churn Model", "T0OTHER") == (200, "")
        (answer,) = await slack.said(1)
        assert answer["text"] == "Created Churn Model (`churn-model`) in idea."


async def test_an_allowed_organisation_allows_its_workspaces(mlgov, engine):
    async with serving(mlgov, slack_enterprise_ids=frozenset({"E0GRID"})) as slack:
        before = await snapshot(engine)
        assert await command(slack, "new Churn Model", "T0OTHER", "E0ELSE") == (200, REFUSAL)
        assert await command(slack, "new Churn Model", "T0TEST") == (200, REFUSAL)
        await asyncio.sleep(SETTLE)
        assert others(slack) == []
        assert await snapshot(engine) == before
        assert await command(slack, "new Churn Model", "T0OTHER", "E0GRID") == (200, "")
        (answer,) = await slack.said(1)
        assert answer["text"] == "Created Churn Model (`churn-model`) in idea."


def test_the_rule():
    teams, grids = frozenset({"T1"}), frozenset({"E1"})
    assert allowed(Named(frozenset({"T1"}), frozenset()), teams, frozenset())
    assert allowed(Named(frozenset({"T9"}), frozenset({"E1"})), teams, grids)
    assert not allowed(Named(frozenset({"T1", "T9"}), frozenset()), teams, grids)
    assert not allowed(Named(frozenset({"T1"}), frozenset({"E1", "E9"})), teams - teams, grids)
    assert not allowed(Named(frozenset(), frozenset()), teams, grids)  # names nobody


async def test_over_socket_mode_another_workspace_is_refused(mlgov, engine):
    fake = await FakeSlack().start()
    settings = Settings(database_url="unused", slack_bot_token="xoxb-test",
                        slack_app_token="xapp-test", slack_api_url=f"{fake.url}/api/")  # fmt: skip
    app, _ = build_app(mlgov, settings)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        before = await snapshot(engine)
        socket = await fake.connected()
        form = payload("slash_command")
        form.update(text="new Churn Model", team_id="T0OTHER",
                    response_url=f"{fake.url}/response/1")  # fmt: skip
        await socket.send_json({"envelope_id": "env-1", "type": "slash_commands",
                                "accepts_response_payload": True, "payload": form})  # fmt: skip
        (ack,) = await fake.wait_for("socket_ack")
        assert ack.params == {"envelope_id": "env-1", "payload": {"text": REFUSAL}}
        await asyncio.sleep(SETTLE)
        connecting = ("auth.test", "apps.connections.open")
        assert [c.method for c in fake.calls if c.method not in connecting] == ["socket_ack"]
        assert await snapshot(engine) == before
    finally:
        await runner.cleanup()
        await fake.stop()
