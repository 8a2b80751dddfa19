"""Building the core service from settings, once per process."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import create_engine, is_sqlite, prepare
from bot.settings import Settings
from governance.clock import Clock
from governance.context import Directory
from governance.policy import load_policy
from governance.service import Mlgov


async def open_mlgov(
    settings: Settings, *, clock: Clock | None = None, directory: Directory | None = None
) -> Mlgov:
    """The engine, a ready schema and the policy; raises ConfigError naming a bad setting."""
    policy = load_policy(settings.policy_path)

    def engine_for(pool: tuple[int, int]) -> AsyncEngine:
        return create_engine(settings.database_url, connect_timeout=settings.db_connect_timeout,
                             statement_timeout=settings.db_statement_timeout, pool=pool)  # fmt: skip

    engine = engine_for((5, 10))
    try:
        await prepare(engine)
    except Exception:
        await engine.dispose()
        raise
    # A few connections kept for acknowledgements (SQLite has one writer: it shares).
    receipts = None if is_sqlite(engine) else engine_for((2, 3))
    return Mlgov(engine, clock=clock, policy=policy, directory=directory,
                 timeout=settings.db_statement_timeout, receipts=receipts)  # fmt: skip
