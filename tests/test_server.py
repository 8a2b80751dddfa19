"""The one HTTP server: health and readiness probes, and `mlgov serve` start-up lines."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys

import aiohttp
from aiohttp import web

from bot.server import build_app
from bot.settings import Settings


async def _serve(app: web.Application):  # noqa: ANN202
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]


async def test_health_and_readiness(mlgov):
    app, _ = build_app(mlgov, Settings(database_url="unused"))
    runner, port = await _serve(app)
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/healthz") as r:
                assert (r.status, await r.json()) == (200, {"status": "ok"})
            async with session.get(f"http://127.0.0.1:{port}/readyz") as r:
                assert (r.status, await r.json()) == (200, {"status": "ready"})
    finally:
        await runner.cleanup()


async def test_readyz_says_when_the_database_is_gone(tmp_path):
    from bot.db import create_engine
    from governance.service import Mlgov

    missing = create_engine("postgresql://nobody@127.0.0.1:1/none")
    app, _ = build_app(Mlgov(missing), Settings(database_url="unused"))
    runner, port = await _serve(app)
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/readyz") as r:
                assert r.status == 503
                assert await r.json() == {"status": "database unavailable"}
    finally:
        await runner.cleanup()
        await missing.dispose()


PLATFORM_SETTINGS = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "MICROSOFT_APP_ID", "MLGOV_TEAMS_AUTH",
                     "MLGOV_TEAMS_TENANT_IDS", "MICROSOFT_APP_TENANT_ID")  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_mlgov_serve_starts_says_how_and_stops_on_sigterm(tmp_path):
    port = _free_port()
    env = {**os.environ, "MLGOV_DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}", "PORT": str(port),
           "MLGOV_SCHEDULER": "off"}  # fmt: skip
    for name in (*PLATFORM_SETTINGS, "HOST"):
        env.pop(name, None)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "serve", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        lines = [(await asyncio.wait_for(proc.stdout.readline(), 30)).decode().strip()
                 for _ in range(4)]  # fmt: skip
        assert lines[0] == "Slack: off (SLACK_BOT_TOKEN is not set)"
        assert lines[1] == "Teams: off (MICROSOFT_APP_ID is not set)"
        assert lines[2] == "Scheduler: off (MLGOV_SCHEDULER=off; run `mlgov worker` for the rhythm)"
        assert lines[3] == f"mlgov: listening on port {port}"
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/healthz") as r:
                assert r.status == 200
            # Not configured, not served: nobody can post activities to an open endpoint.
            async with session.post(f"http://127.0.0.1:{port}/api/messages", json={}) as r:
                assert r.status == 404
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc.wait(), 30) == 0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def test_serve_with_a_bad_setting_says_one_line(tmp_path):
    env = {**os.environ, "MLGOV_DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}",
           "SLACK_BOT_TOKEN": "xoxb-1"}  # fmt: skip
    env.pop("SLACK_SIGNING_SECRET", None)
    env.pop("SLACK_APP_TOKEN", None)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "serve", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 2
    assert err.decode().strip().splitlines() == [
        "mlgov: SLACK_SIGNING_SECRET is required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN "
        "for Socket Mode)"
    ]


async def test_teams_without_auth_says_so_loudly_and_listens_on_loopback_only(tmp_path):
    port = _free_port()
    env = {**os.environ, "MLGOV_DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}", "PORT": str(port),
           "MLGOV_SCHEDULER": "off"}  # fmt: skip
    for name in PLATFORM_SETTINGS:
        env.pop(name, None)
    env.update(MLGOV_TEAMS_AUTH="off", HOST="0.0.0.0")
    refused = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "serve", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await asyncio.wait_for(refused.communicate(), 30)
    assert refused.returncode == 2
    assert err.decode().strip().splitlines() == [
        "mlgov: MLGOV_TEAMS_AUTH=off serves Teams without authentication, so it listens on "
        "loopback only: set HOST=127.0.0.1 (not '0.0.0.0')"
    ]
    env["HOST"] = "127.0.0.1"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "serve", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        lines = [(await asyncio.wait_for(proc.stdout.readline(), 30)).decode().strip()
                 for _ in range(2)]  # fmt: skip
        assert lines[1] == (
            "Teams: /api/messages with auth OFF (MLGOV_TEAMS_AUTH=off) — local development "
            "only: anyone who can reach this port can act as anyone"
        )
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc.wait(), 30) == 0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def test_the_scheduler_runs_a_pass_inside_serve(mlgov, clock, tmp_path):
    """With the scheduler on, starting the app runs a rhythm pass at once."""
    from sqlmodel import select

    from bot.server import with_scheduler
    from governance.tables import CheckinRound
    from tests.conftest import say

    await say(mlgov, "alice", "new Churn Model")
    clock.advance(days=7, hours=1)  # Monday 10:00 UTC: alice's 09:30 slot has just passed
    app = web.Application()
    line = with_scheduler(app, mlgov, Settings(database_url="unused"))
    assert line == "Scheduler: planning once a minute, sending every few seconds"
    runner, _ = await _serve(app)
    try:
        for _ in range(100):
            async with mlgov.uow() as uow:
                rounds = (await uow.session.exec(select(CheckinRound.state))).all()
            if rounds:
                break
            await asyncio.sleep(0.05)
        assert rounds == ["open"]
    finally:
        await runner.cleanup()
