"""Shared fixtures: a real database per test (SQLite file or PostgreSQL), a fixed clock.

The backend comes from MLGOV_TEST_DB: ``sqlite`` (the default) or ``postgres``, with the
server at MLGOV_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test).
Each pytest run on PostgreSQL works in a database of its own, created and dropped here,
so that several runs on one server never see each other. Tests marked ``postgres`` always
need the server; they are skipped with the reason when it cannot be reached, unless
MLGOV_REQUIRE_POSTGRES=1 (CI), which makes that a failure.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

import governance.tables  # noqa: F401 - registers the tables
from bot.db import create_engine, upgrade
from governance.clock import FixedClock
from governance.context import Actor
from governance.replies import Reply
from governance.service import Mlgov

POSTGRES_URL = os.environ.get(
    "MLGOV_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
BACKEND = os.environ.get("MLGOV_TEST_DB", "sqlite")
REQUIRE_POSTGRES = os.environ.get("MLGOV_REQUIRE_POSTGRES") == "1"
# A Monday morning in UTC, before Europe's daylight-saving change.
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _postgres_problem() -> str | None:
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return f"PostgreSQL at {POSTGRES_URL} cannot be reached ({str(exc).strip()[:120]})"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The admin URL of a reachable PostgreSQL server, or a skip that says why."""
    problem = _postgres_problem()
    if problem:
        if REQUIRE_POSTGRES:
            pytest.fail(problem + " and MLGOV_REQUIRE_POSTGRES=1")
        pytest.skip(problem + "; set MLGOV_TEST_POSTGRES_URL to run these tests")
    yield POSTGRES_URL


def _with_database(admin_url: str, name: str) -> str:
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


@contextmanager
def scratch_database(server: str, prefix: str) -> Iterator[str]:
    """An empty PostgreSQL database of its own (its URL), dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(server, name)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_database(postgres_server: str) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this pytest run, dropped at the end."""
    with scratch_database(postgres_server, "mlgov_test") as url:

        async def migrate() -> None:
            engine = create_engine(url)
            await upgrade(engine)
            await engine.dispose()

        asyncio.run(migrate())
        yield url


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:  # noqa: ANN001
    """The URL of an empty, migrated database for one test (see the module docstring)."""
    if BACKEND == "postgres":
        url = request.getfixturevalue("postgres_database")
        _truncate(url)
        return url
    path = tmp_path / "mlgov.db"
    url = f"sqlite:///{path}"

    async def migrate() -> None:
        engine = create_engine(url)
        await upgrade(engine)
        await engine.dispose()

    asyncio.run(migrate())
    return url


def _truncate(url: str) -> None:
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def mlgov(engine: AsyncEngine, clock: FixedClock) -> Mlgov:
    return Mlgov(engine, clock=clock)


def console(handle: str) -> Actor:
    return Actor("console", "", handle, display_name=handle)


async def say(mlgov: Mlgov, who: str, line: str) -> Reply:
    """One chat line from a console user, through the real service."""
    return await mlgov.handle(line, console(who))


async def table_counts(engine: AsyncEngine) -> dict[str, int]:
    """Row counts of every table: a fingerprint to prove a refusal changed nothing."""
    counts = {}
    async with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            counts[table.name] = (
                await conn.execute(text(f'SELECT count(*) FROM "{table.name}"'))
            ).scalar_one()
    return counts


async def snapshot(engine: AsyncEngine) -> dict[str, list[tuple]]:
    """Every row of every table, for asserting that nothing at all changed."""
    rows = {}
    async with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            result = await conn.execute(table.select().order_by(*table.primary_key.columns))
            rows[table.name] = [tuple(r) for r in result]
    return rows
