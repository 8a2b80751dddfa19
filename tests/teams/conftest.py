"""The real server with the Teams adapter, and a fake Bot Framework connector."""

from __future__ import annotations

import json
from copy import deepcopy
from itertools import count
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from adapters.teams.http import mount
from bot.server import MLGOV_KEY
from bot.settings import Settings
from tests.teams.fake_connector import FakeConnector

PAYLOADS = Path(__file__).parent / "payloads"


_IDS = count(1)


def activity(name: str, service_url: str, **changes: Any) -> dict[str, Any]:
    body = json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))
    body["serviceUrl"] = service_url
    body["id"] = f"{body.get('id', 'activity')}-{next(_IDS)}"  # each activity has its own id
    body.update(changes)
    return deepcopy(body)


class TeamsServer:
    def __init__(self, connector: FakeConnector, url: str, session: aiohttp.ClientSession):
        self.connector = connector
        self.url = url
        self.session = session
        self.count = 0

    async def post(self, body: dict[str, Any], headers: dict[str, str] | None = None) -> int:
        async with self.session.post(f"{self.url}/api/messages", json=body,
                                     headers=headers or {}) as response:  # fmt: skip
            await response.read()
            return response.status

    async def say(self, text: str, user: str = "alice", **changes: Any) -> dict[str, Any]:
        """A personal message from a known user, and the card the bot answered with."""
        names = {"alice": ("29:1alice", "Alice Owner", "aad-alice"),
                 "bob": ("29:1bob", "Bob Sponsor", "aad-bob"),
                 "carol": ("29:1carol", "Carol ML", "aad-carol"),
                 "ivan": ("29:1ivan", "Ivan IT", "aad-ivan")}  # fmt: skip
        uid, name, aad = names[user]
        body = activity("personal_message", self.connector.url, text=text,
                        **{"from": {"id": uid, "name": name, "aadObjectId": aad}}, **changes)  # fmt: skip
        body["conversation"]["id"] = f"a:1personal-{user}"
        status = await self.post(body)
        assert status in (200, 201), status
        self.count += 1
        return card_of((await self.connector.wait_for(self.count))[-1].activity)

    async def submit(self, value: dict[str, Any], user: str = "carol", reply_to: str = "1") -> dict:
        body = activity("action_submit", self.connector.url, value=value, replyToId=reply_to)
        if user != "carol":
            body["from"] = {"id": f"29:1{user}", "name": user, "aadObjectId": f"aad-{user}"}
        assert await self.post(body) in (200, 201)
        self.count += 1
        return card_of((await self.connector.wait_for(self.count))[-1].activity)


def card_of(sent: dict[str, Any]) -> dict[str, Any]:
    (attachment,) = sent["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    return attachment["content"]


def card_text(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


def headline(card: dict[str, Any]) -> str:
    blocks = [b for b in card["body"] if b["type"] == "TextBlock"]
    return blocks[1]["text"] if blocks[0].get("weight") == "Bolder" else blocks[0]["text"]


async def start_server(mlgov, settings: Settings, openid_url: str | None = None,  # noqa: ANN001, ANN201
                       *, loopback_service_urls: bool = False):  # fmt: skip
    app = web.Application()
    app[MLGOV_KEY] = mlgov
    line = mount(app, mlgov, settings, openid_url, loopback_service_urls=loopback_service_urls)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}", line  # type: ignore[union-attr]


@pytest.fixture
async def teams(mlgov):
    connector = await FakeConnector().start()
    # Authentication off (local development): the connector is on this machine.
    settings = Settings(database_url="unused", teams_auth=False)
    runner, url, line = await start_server(mlgov, settings)
    assert line.startswith("Teams: /api/messages with auth OFF (MLGOV_TEAMS_AUTH=off)")
    async with aiohttp.ClientSession() as session:
        yield TeamsServer(connector, url, session)
    await runner.cleanup()
    await connector.stop()
