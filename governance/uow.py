"""A unit of work: one database transaction that rolls back unless committed."""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

log = logging.getLogger("mlgov.db")
# A database that stopped answering must not hold the request that gave up on it: its
# connection is dropped in the background, for at most this long.
DISCARD_SECONDS = 30.0
_discarding: set[asyncio.Task] = set()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


class UnitOfWork:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None
        self.committed = False

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside `async with`")
        return self._session

    async def __aenter__(self) -> UnitOfWork:
        self._session = self._sessions()
        self.committed = False
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self.session, None
        if exc_type is asyncio.CancelledError:
            # Given up on (a timeout): a rollback would wait on the same silent database.
            # The connection is thrown away instead; the server undoes the transaction.
            task = asyncio.ensure_future(_discard(session))
            _discarding.add(task)
            task.add_done_callback(_discarding.discard)
            return
        try:
            if not self.committed:
                await session.rollback()
        finally:
            await session.close()

    async def commit(self) -> None:
        await self.session.commit()
        self.committed = True

    async def rollback(self) -> None:
        await self.session.rollback()


async def _discard(session: AsyncSession) -> None:
    with suppress(Exception):
        async with asyncio.timeout(DISCARD_SECONDS):
            await session.invalidate()
    with suppress(Exception):
        async with asyncio.timeout(DISCARD_SECONDS):
            await session.close()
