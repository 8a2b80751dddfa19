"""`mlgov serve`: the one HTTP server, until SIGINT or SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import signal

from aiohttp import web

from bot.app import open_mlgov
from bot.server import build_app, with_scheduler
from bot.settings import Settings

log = logging.getLogger("mlgov.serve")


async def start(settings: Settings, host: str | None = None) -> tuple[web.AppRunner, list[str]]:
    """Open the core, build the app and listen; the caller stops the runner."""
    mlgov = await open_mlgov(settings)
    app, lines = build_app(mlgov, settings)
    lines.append(with_scheduler(app, mlgov, settings))

    async def close_database(_: web.Application) -> None:
        await mlgov.engine.dispose()

    app.on_cleanup.append(close_database)
    runner = web.AppRunner(app, access_log=None)
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
        await runner.cleanup()
    return 0
