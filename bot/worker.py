"""`mlgov worker`, `mlgov tick`, `mlgov deliveries` (being built in the rhythm issue)."""

from __future__ import annotations

import sys

from bot.settings import Settings


async def _not_yet(name: str) -> int:
    print(f"mlgov {name}: not yet available in this version", file=sys.stderr)
    return 2


async def worker(settings: Settings) -> int:
    return await _not_yet("worker")


async def tick(settings: Settings, now: str | None) -> int:
    return await _not_yet("tick")


async def list_deliveries(settings: Settings, failed_only: bool) -> int:
    return await _not_yet("deliveries")
