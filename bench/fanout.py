"""Check-in prompts through the real dispatcher to a Slack API that enforces its limits,
and the planning pass for a large organisation.

The fake Web API answers 429 with Retry-After beyond one message a second per channel and
beyond a workspace-wide cap. Throughput is reported as a fraction of that cap.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import psycopg
from aiohttp import web
from sqlalchemy.engine import make_url

from adapters.slack.client import web_client
from adapters.slack.sender import SlackSender
from bench.planning_pass import HISTORY_WEEKS, MANAGERS, planning
from bot.db import create_engine, upgrade
from governance.clock import SystemClock
from governance.rhythm import messages
from governance.rhythm.dispatcher import Dispatched, dispatch_batch
from governance.rhythm.outbox import Outgoing, enqueue
from governance.sending import Recipient
from governance.uow import UnitOfWork, session_factory

POSTGRES_URL = os.environ.get(
    "MLGOV_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
CAP = 50.0  # messages a second, workspace-wide


class LimitedSlack:
    def __init__(self, cap: float) -> None:
        self.cap = cap
        self.window: list[float] = []
        self.last_by_channel: dict[str, float] = {}
        self.delivered: Counter[str] = Counter()
        self.limited = 0

    async def post(self, request: web.Request) -> web.Response:
        # slack_sdk sends chat.postMessage as JSON; other clients send a form.
        body = (
            await request.json()
            if request.content_type == "application/json"
            else await request.post()
        )
        channel = str(body.get("channel"))
        now = time.monotonic()
        self.window = [t for t in self.window if now - t < 1.0]
        if len(self.window) >= self.cap or now - self.last_by_channel.get(channel, -9) < 1.0:
            self.limited += 1
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                     headers={"Retry-After": "1"})  # fmt: skip
        self.window.append(now)
        self.last_by_channel[channel] = now
        self.delivered[channel] += 1
        return web.json_response({"ok": True, "channel": channel, "ts": f"{now:.6f}"})


async def _database() -> tuple[str, object] | None:
    try:
        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.Error:
        return None
    name = f"mlgov_fanout_{uuid.uuid4().hex[:8]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False), (
        admin,
        name,
    )


def _drop(handle) -> None:  # noqa: ANN001
    admin, name = handle
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


async def fanout(url: str, n: int) -> dict[str, float]:
    limited = LimitedSlack(CAP)
    app = web.Application()
    app.router.add_post("/api/chat.postMessage", limited.post)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    api = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/api/"  # type: ignore[union-attr]
    engine = create_engine(url)
    try:
        await upgrade(engine)
        sessions = session_factory(engine)
        async with UnitOfWork(sessions) as uow:
            await enqueue(uow.session, [
                Outgoing(f"prompt:fanout:{i}", Recipient("slack", "T0", "person", f"U{i:06d}"),
                         messages.prompt("Churn model", "churn-model"))
                for i in range(n)
            ], datetime.now(UTC) - timedelta(seconds=1))  # fmt: skip
            await uow.commit()
        sender = SlackSender(
            web_client("xoxb-bench", api, retry_rate_limits=False), per_second=CAP * 0.98
        )
        total, clock, start = Dispatched(), SystemClock(), time.monotonic()
        while total.sent < n and time.monotonic() - start < n / CAP * 3 + 30:
            claimed, outcome = await dispatch_batch(
                UnitOfWork(sessions), {"slack": sender}, clock, "bench"
            )
            total += outcome
            if not claimed:
                await asyncio.sleep(0.2)
        elapsed = time.monotonic() - start
    finally:
        await engine.dispose()
        await runner.cleanup()
    delivered = limited.delivered
    return {
        "n": n, "elapsed": elapsed, "rate": sum(delivered.values()) / elapsed,
        "fraction": sum(delivered.values()) / elapsed / CAP,
        "duplicates": sum(c - 1 for c in delivered.values() if c > 1),
        "lost": n - len(delivered), "limited": limited.limited,
    }  # fmt: skip


async def main(quick: bool = False) -> str:
    n = 500 if quick else 5000
    projects, people = (1000, 5000) if quick else (10000, 50000)
    lines = ["## Fan-out and planning (`bench/fanout.py`)", ""]
    created = await _database()
    if created is None:
        return "\n".join(lines + [f"PostgreSQL not reachable at {POSTGRES_URL}; skipped."])
    url, handle = created
    try:
        result = await fanout(url, n)
    finally:
        _drop(handle)
    lines += [
        f"{n:,} check-in prompts through the real dispatcher (one worker, PostgreSQL outbox) "
        f"to a fake Slack Web API that allows one message a second per channel and "
        f"{CAP:.0f} a second workspace-wide, answering 429 with Retry-After beyond that. "
        "The Slack sender paces itself just under the cap.",
        "",
        "| prompts | seconds | messages/s | fraction of cap | 429s | duplicates | lost |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {n:,} | {result['elapsed']:.1f} | {result['rate']:.1f} | {result['fraction']:.2f} "
        f"| {result['limited']:.0f} | {result['duplicates']:.0f} | {result['lost']:.0f} |",
        "",
        "Aim: at least 0.9 of the cap, no duplicates, no losses.",
        "",
    ]
    repeats = 1 if quick else 3
    result = await planning(POSTGRES_URL, projects, people, repeats)

    def row(label: str, name: str, floor: str | None = None, rounds: str = "0") -> str:
        runs, median = result[name]["each"], result[name]["median"]
        ratio = f"{median / result[floor]['median']:.1f}×" if floor else "—"
        baseline = f"{result[floor]['median']:.2f}" if floor else "—"
        return (f"| {label} | {', '.join(f'{t:.2f}' for t in runs)} | {median:.2f} | "
                f"{baseline} | {ratio} | {rounds} | {result[name]['queued']:,} |")  # fmt: skip

    lines += [
        f"Planning passes (load state, decide, record rounds and queue messages, as "
        f"`mlgov worker` runs them) for {projects:,} projects and {people:,} people on "
        f"PostgreSQL, with {HISTORY_WEEKS} past weeks of rounds and sent prompts and "
        f"{MANAGERS} managers. Everyone is in Europe/Berlin, so every slot falls in the same "
        f"minute: the worst case. Each of {repeats} runs uses fresh copies of the database, "
        "warmed by one pass at 08:00 when nothing is due (a live worker's database has the "
        "pass's rows in its cache); the median counts. The baseline is the 09:30 pass's "
        "reads on the raw driver (warmed the same way) plus the rows it wrote, sent with "
        "COPY.",
        "",
        "| pass (Berlin time) | seconds (each run) | median | baseline | ratio "
        "| rounds written | messages queued |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
        row("Monday 09:00: managers' digests, the weekend's nudges", "nine"),
        row(
            "Monday 09:30: opens every round, queues every prompt",
            "slots",
            "slots_floor",
            f"{result['rounds']:,} opened",
        ),  # fmt: skip
        row("Monday 09:31: the steady state of every other minute", "steady", "steady_floor"),
        row(
            "Monday 13:30: reminds every round not answered",
            "reminders",
            None,
            f"{result['reminded']:,} reminded",
        ),  # fmt: skip
        row(
            "Tuesday 09:30: closes the rounds not answered",
            "closing",
            None,
            f"{result['missed']:,} missed",
        ),  # fmt: skip
        row(
            "Monday 09:45 after downtime: 09:00 and 09:30 at once",
            "late",
            None,
            f"{result['rounds']:,} opened",
        ),  # fmt: skip
        "",
        "Aim: under 2 s for every pass.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(asyncio.run(main(quick="--quick" in sys.argv)))
