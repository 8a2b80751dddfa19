"""The clock inside `mlgov serve` (planning and sending), unless MLGOV_SCHEDULER=off."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from bot.settings import Settings
from governance.service import Mlgov


def attach_scheduler(app: web.Application, mlgov: Mlgov, settings: Settings) -> str:
    if not settings.scheduler:
        return "Scheduler: off (MLGOV_SCHEDULER=off; run `mlgov worker` for the rhythm)"

    async def running(_: web.Application) -> AsyncIterator[None]:
        from bot.rhythm import start_rhythm

        jobs = start_rhythm(mlgov, settings)
        yield
        await jobs.stop()

    app.cleanup_ctx.append(running)
    return "Scheduler: planning once a minute, sending every few seconds"
