"""`portfolio chart` at 100, 1,000 and 10,000 projects, against `portfolio` (the same read
model, as words) on the same database in the same run: the ratio is what counting and
drawing the picture add. The drawing alone is timed too: its cost does not grow with the
portfolio (one bar per phase, at most 20 age bars)."""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from pathlib import Path

from bench.portfolio import READER, median_seconds
from bench.seed import seed
from bot.db import create_engine, upgrade
from governance.chart import draw
from governance.clock import FixedClock
from governance.portfolio import summaries
from governance.service import Mlgov
from governance.views.chart import chart_data
from tests.conftest import T0


async def measure(url: str, n: int, repeats: int) -> dict[str, float]:
    engine = create_engine(url)
    try:
        await upgrade(engine)
        await seed(engine, n, T0)
        mlgov = Mlgov(engine, clock=FixedClock(T0))
        reply = await mlgov.handle("portfolio chart", READER)
        assert reply.image is not None and reply.image.data.startswith(b"\x89PNG"), reply.text
        chart = await median_seconds(lambda: mlgov.handle("portfolio chart", READER), repeats)
        words = await median_seconds(lambda: mlgov.handle("portfolio", READER), repeats)
        cpu = []  # processor time (every thread): what a busy machine inflates least
        for _ in range(repeats):
            start = time.process_time()
            await mlgov.handle("portfolio chart", READER)
            cpu.append(time.process_time() - start)
        async with mlgov.uow() as uow:
            found = await summaries(uow.session, mlgov.policy, T0)
        funnel, ages = chart_data(found, T0)
        samples = []
        for _ in range(repeats):
            start = time.perf_counter()
            draw(funnel, ages)
            samples.append(time.perf_counter() - start)
        drawing = sorted(samples)[len(samples) // 2]
    finally:
        await engine.dispose()
    return {"chart": chart, "words": words, "draw": drawing, "bytes": len(reply.image.data),
            "cpu": sorted(cpu)[len(cpu) // 2]}  # fmt: skip


async def main(quick: bool = False) -> str:
    sizes = [100, 1000] if quick else [100, 1000, 10000]
    repeats = 3 if quick else 7
    lines = [
        "## Portfolio chart (`bench/chart.py`)",
        "",
        "Time for `portfolio chart` through `Mlgov.handle` (parse, the portfolio read model, "
        "counting by phase and health, drawing with matplotlib's Agg canvas, a 16-colour PNG), "
        "against `portfolio` (the same read model, answered in words) on the same SQLite "
        f"database in the same run. Median of {repeats} runs after a warm-up (the first "
        "drawing in a process also imports matplotlib: about half a second more, once).",
        "",
        "| projects | `portfolio chart` (ms) | its CPU time (ms) | `portfolio` (ms) | ratio "
        "| drawing alone (ms) | PNG (KB) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            r = await measure(f"sqlite:///{Path(tmp) / f'chart-{n}.db'}", n, repeats)
            lines.append(
                f"| {n:,} | {r['chart'] * 1000:.1f} | {r['cpu'] * 1000:.1f} | {r['words'] * 1000:.1f} "
                f"| {r['chart'] / r['words']:.2f}× | {r['draw'] * 1000:.1f} "
                f"| {r['bytes'] / 1024:.1f} |"
            )
    busy = os.getloadavg()[0]
    lines += [
        "",
        f"Load average at the end of the run: {busy:.1f} on {os.cpu_count()} cores"
        + (
            " (other work was running: every number here is inflated by it)." if busy > 1.5 else "."
        ),
        "",
        "Aim: a portfolio of 10,000 projects draws in under a second. The drawing is the "
        "same size whatever the portfolio; what grows is reading the portfolio, which "
        "`portfolio` pays as well.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(asyncio.run(main(quick="--quick" in sys.argv)))
