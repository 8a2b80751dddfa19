"""Latency of a `status` turn through /api/messages, against a bare echo bot.

Both bots run behind the same CloudAdapter route on aiohttp (auth off, as in local
development), answering to a local fake Bot Framework connector; a turn's POST returns
once the reply has been sent. mlgov has 1,000 projects in SQLite.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

import aiohttp
from aiohttp import web

from adapters.teams.echo import echo_app
from adapters.teams.http import mount
from bench.seed import seed
from bench.serving import listen, percentile_ms
from bot.db import create_engine, upgrade
from bot.server import MLGOV_KEY
from bot.settings import Settings
from governance.clock import FixedClock
from governance.service import Mlgov
from tests.conftest import T0
from tests.teams.conftest import activity
from tests.teams.fake_connector import FakeConnector


async def _load(url: str, service_url: str, clients: int, requests: int) -> list[float]:
    body = activity("personal_message", service_url, text="status project-00042")
    latencies: list[float] = []
    counter = iter(range(requests))

    async def client(session: aiohttp.ClientSession) -> None:
        for n in counter:
            turn = {**body, "id": f"bench-{clients}-{n}"}  # each activity its own, as in Teams
            start = time.perf_counter()
            async with session.post(f"{url}/api/messages", json=turn) as response:
                await response.read()
                assert response.status in (200, 201), response.status
            latencies.append(time.perf_counter() - start)

    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(client(session) for _ in range(clients)))
    return latencies


async def main(quick: bool = False) -> str:
    plan = {1: 100 if quick else 400, 10: 200 if quick else 800}
    connector = await FakeConnector().start()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        await upgrade(engine)
        await seed(engine, 1000, T0)
        mlgov = Mlgov(engine, clock=FixedClock(T0))
        app = web.Application()
        app[MLGOV_KEY] = mlgov
        mount(app, mlgov, Settings(database_url="unused", teams_auth=False))  # local, no auth
        servers = [await listen(app), await listen(echo_app())]
        try:
            for clients, count in plan.items():
                ours = await _load(servers[0][1], connector.url, clients, count)
                bare = await _load(servers[1][1], connector.url, clients, count)
                rows.append((clients, count, ours, bare))
        finally:
            for runner, _ in servers:
                await runner.cleanup()
            await engine.dispose()
            await connector.stop()
    lines = [
        "## Teams turn (`bench/teams_turn.py`)",
        "",
        "A `status project-00042` message through `POST /api/messages` (CloudAdapter, the "
        "activity handler, the core, an Adaptive Card sent to a local fake connector) with "
        "1,000 projects in SQLite, against a bare echo bot on the same adapter and server "
        "stack in the same run. The POST returns once the reply has been sent. Each message is "
        "written to the database before it is worked on and marked answered after its card "
        "is sent (two writes the echo bot does not make).",
        "",
        "| clients | turns | mlgov p50 (ms) | mlgov p99 (ms) | echo p50 (ms) | echo p99 (ms) "
        "| p50 ratio |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for clients, count, ours, bare in rows:
        lines.append(
            f"| {clients} | {count} | {percentile_ms(ours, 50):.1f} | {percentile_ms(ours, 99):.1f} "
            f"| {percentile_ms(bare, 50):.1f} | {percentile_ms(bare, 99):.1f} "
            f"| {percentile_ms(ours, 50) / percentile_ms(bare, 50):.2f}× |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(asyncio.run(main(quick="--quick" in sys.argv)))
