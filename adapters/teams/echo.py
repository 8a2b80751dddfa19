"""A bare echo bot on the same adapter: the baseline the Teams turn benchmark compares with."""

from __future__ import annotations

from aiohttp import web
from botbuilder.core import ActivityHandler, MessageFactory, TurnContext

from adapters.teams.http import MESSAGES_PATH, build_adapter
from bot.settings import Settings


class EchoBot(ActivityHandler):
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(MessageFactory.text(turn_context.activity.text or ""))


def echo_app() -> web.Application:
    """An aiohttp app answering POST /api/messages with an echo, auth off."""
    adapter, bot = build_adapter(Settings(database_url="unused")), EchoBot()

    async def messages(request: web.Request) -> web.StreamResponse:
        return await adapter.process(request, bot) or web.Response(status=201)

    app = web.Application()
    app.router.add_post(MESSAGES_PATH, messages)
    return app
