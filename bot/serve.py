"""`mlgov serve`: the one HTTP server, until SIGINT or SIGTERM.

On SIGTERM the server stops accepting, lets every request and every acknowledged answer
still in flight finish (up to ``GRACE_SECONDS``), then stops the clock and the database.
What a harder stop (SIGKILL) interrupts, the next process finishes (bot/recovery.py).
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator

from aiohttp import web

from bot.app import open_mlgov
from bot.server import build_app, with_scheduler
from bot.settings import Settings

log = logging.getLogger("mlgov.serve")
GRACE_SECONDS = 25.0


async def start(settings: Settings, host: str | None = None) -> tuple[web.AppRunner, list[str]]:
    """Open the core, build the app and listen; the caller stops the runner."""
    mlgov = await open_mlgov(settings)
    app, lines = build_app(mlgov, settings)
    lines.append(with_scheduler(app, mlgov, settings))

    async def recovering(_: web.Application) -> AsyncIterator[None]:
        from bot.recovery import start_recovery

        recovery = start_recovery(mlgov, settings)
        yield
        await recovery.stop()

    async def close_database(_: web.Application) -> None:
        await mlgov.close()

    app.cleanup_ctx.append(recovering)
    app.on_cleanup.append(close_database)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=GRACE_SECONDS)
    await runner.setup()
    await web.TCPSite(runner, host or settings.host, settings.port).start()
    return runner, lines


async def serve(settings: Settings) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    runner, lines = await start(settings)
    for line in lines:
        print(line, flush=True)
    print(f"mlgov: listening on port {settings.port}", flush=True)
    try:
        await stop.wait()
    finally:
        log.info("stopping: finishing the requests in flight")
        await runner.cleanup()
    return 0
