"""`mlgov serve` (being built in the Slack issue)."""

from __future__ import annotations

import sys

from bot.settings import Settings


async def serve(settings: Settings) -> int:
    print("mlgov serve: not yet available in this version", file=sys.stderr)
    return 2
