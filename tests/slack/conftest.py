"""A real mlgov server (aiohttp + bolt) wired to a fake Slack Web API, both on free ports."""

from __future__ import annotations

import json
import time
from copy import deepcopy
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from adapters.slack.blocks import value
from bot.server import build_app
from bot.settings import Settings
from governance.commands import Command
from governance.grammar import read
from tests.slack.fake_slack import FakeSlack

SECRET = "test-signing-secret"
PAYLOADS = Path(__file__).parent / "payloads"


def button_value(command: str | Command, ask: str | None = None) -> str:
    """What the bot puts in a button for ``command`` (a value taken from a message as is)."""
    if isinstance(command, str) and command.startswith("{"):
        return command
    return value(read(command) if isinstance(command, str) else command, ask=ask)


def payload(name: str) -> dict[str, Any]:
    return json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))


class SlackServer:
    def __init__(self, fake: FakeSlack, url: str, session: aiohttp.ClientSession) -> None:
        self.fake = fake
        self.url = url
        self.session = session
        self.responses = 0
        self.triggers = 0

    def signed_headers(self, body: str, content_type: str, *, secret: str = SECRET,
                       age: int = 0, extra: dict[str, str] | None = None) -> dict[str, str]:  # fmt: skip
        timestamp = str(int(time.time()) - age)
        signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
        return {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature,
            **(extra or {}),
        }

    async def post(self, body: str, content_type: str, **kwargs: Any) -> aiohttp.ClientResponse:
        headers = kwargs.pop("headers", None) or self.signed_headers(body, content_type, **kwargs)
        async with self.session.post(
            f"{self.url}/slack/events", data=body.encode(), headers=headers
        ) as r:
            await r.read()
            return r

    def response_url(self) -> str:
        self.responses += 1
        return f"{self.fake.url}/response/{self.responses}"

    def trigger_id(self) -> str:
        """Slack gives every command, press and submission a trigger id of its own."""
        self.triggers += 1
        return f"13345224609.738474920.{self.triggers:031x}"

    async def command(self, text: str, user: str = "U0ALICE", channel: str = "C0GENERAL",
                      **kwargs: Any) -> aiohttp.ClientResponse:  # fmt: skip
        form = payload("slash_command")
        form.update(text=text, user_id=user, channel_id=channel, response_url=self.response_url(),
                    trigger_id=self.trigger_id())  # fmt: skip
        return await self.post(urlencode(form), "application/x-www-form-urlencoded", **kwargs)

    async def ask(self, text: str, **kwargs: Any) -> dict[str, Any]:
        """A slash command and, once it has come, its answer (commands in order)."""
        await self.command(text, **kwargs)
        return (await self.said(self.responses))[-1]

    async def event(self, body: dict[str, Any], **kwargs: Any) -> aiohttp.ClientResponse:
        return await self.post(json.dumps(body), "application/json", **kwargs)

    async def interact(self, body: dict[str, Any], **kwargs: Any) -> aiohttp.ClientResponse:
        form = urlencode({"payload": json.dumps(body)})
        return await self.post(form, "application/x-www-form-urlencoded", **kwargs)

    def press(self, command: str | Command, user: str = "U0CAROL",
              message_ts: str = "1700000200.000300",
              action_id: str = "mlgov_run:0") -> dict[str, Any]:  # fmt: skip
        """A button press carrying ``command`` as the bot's buttons do (chat words are read
        here, by the test, into the command a real button would carry)."""
        body = deepcopy(payload("block_actions"))
        body["user"]["id"] = user
        body["container"]["message_ts"] = message_ts
        body["response_url"] = self.response_url()
        body["trigger_id"] = self.trigger_id()
        body["actions"][0].update(value=button_value(command), action_id=action_id)
        return body

    async def said(self, count: int) -> list[dict[str, Any]]:
        """The first ``count`` answers sent back to Slack users (response URLs and posts)."""
        calls = await self.fake.wait_for("response_url", count)
        return [c.params for c in calls[:count]]


async def slack_server(mlgov) -> SlackServer:  # noqa: ANN001
    """A real server (aiohttp + bolt) on ``mlgov``, talking to a fake Slack; ``close()`` it."""
    fake = await FakeSlack().start()
    settings = Settings(
        database_url="unused",
        slack_bot_token="xoxb-test",
        slack_signing_secret=SECRET,
        slack_api_url=f"{fake.url}/api/",
    )
    app, lines = build_app(mlgov, settings)
    assert lines[0] == "Slack: HTTP at /slack/events"
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    server = SlackServer(fake, f"http://127.0.0.1:{port}", aiohttp.ClientSession())

    async def close() -> None:
        await server.session.close()
        await runner.cleanup()
        await fake.stop()

    server.close = close  # type: ignore[method-assign]
    return server


@pytest.fixture
async def slack(mlgov):
    server = await slack_server(mlgov)
    yield server
    await server.close()
