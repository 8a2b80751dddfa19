"""The clock inside `mlgov serve`: one rhythm pass a minute, unless MLGOV_SCHEDULER=off."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.settings import Settings
from governance.service import Mlgov


def attach_scheduler(app: web.Application, mlgov: Mlgov, settings: Settings) -> str:
    if not settings.scheduler:
        return "Scheduler: off (MLGOV_SCHEDULER=off; run `mlgov worker` for the rhythm)"

    async def running(_: web.Application) -> AsyncIterator[None]:
        from bot.worker import pass_logged

        scheduler = AsyncIOScheduler(timezone=UTC)
        scheduler.add_job(pass_logged, "interval", minutes=1, args=[mlgov, settings],
                          next_run_time=datetime.now(UTC), coalesce=True, max_instances=1)  # fmt: skip
        scheduler.start()
        yield
        scheduler.shutdown(wait=False)

    app.cleanup_ctx.append(running)
    return "Scheduler: one rhythm pass a minute"
