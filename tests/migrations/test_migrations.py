"""Alembic from empty to head on SQLite and PostgreSQL; models and migrations agree."""

from __future__ import annotations

import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import governance.tables  # noqa: F401 - registers the tables
from bot.app import open_mlgov
from bot.db import create_engine, downgrade, upgrade
from bot.settings import Settings
from governance.errors import ConfigError
from tests.conftest import scratch_database


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'fresh.db'}"


@pytest.fixture
def postgres_url(postgres_server):
    with scratch_database(postgres_server, "mlgov_mig") as url:
        yield url


def _differences(connection):
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, SQLModel.metadata)


def _tables(connection):
    return set(inspect(connection).get_table_names())


async def _check_roundtrip(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
        async with engine.connect() as conn:
            assert await conn.run_sync(_differences) == []
            tables = await conn.run_sync(_tables)
        assert {t.name for t in SQLModel.metadata.sorted_tables} <= tables
        await downgrade(engine, "base")
        async with engine.connect() as conn:
            assert await conn.run_sync(_tables) <= {"alembic_version"}
        await upgrade(engine)
        async with engine.connect() as conn:
            assert await conn.run_sync(_differences) == []
    finally:
        await engine.dispose()


async def test_sqlite_upgrade_from_empty_matches_models(sqlite_url):
    await _check_roundtrip(sqlite_url)


@pytest.mark.postgres
async def test_postgres_upgrade_from_empty_matches_models(postgres_url):
    await _check_roundtrip(postgres_url)


async def test_embedded_sqlite_is_created_on_first_use(tmp_path):
    path = tmp_path / "nested" / "dir" / "mlgov.db"
    mlgov = await open_mlgov(Settings(database_url=f"sqlite:///{path}"))
    try:
        assert path.exists()
        async with mlgov.engine.connect() as conn:
            assert await conn.run_sync(_differences) == []
    finally:
        await mlgov.engine.dispose()


@pytest.mark.postgres
async def test_postgres_behind_head_refuses_with_the_fix(postgres_url):
    with pytest.raises(ConfigError, match="run `mlgov db upgrade`"):
        await open_mlgov(Settings(database_url=postgres_url))


def _mlgov(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_db_upgrade_command(sqlite_url):
    result = _mlgov("db", "upgrade", env={"MLGOV_DATABASE_URL": sqlite_url})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "database is at the latest schema"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://x/y", "mlgov: MLGOV_DATABASE_URL must be a sqlite:/// or postgresql:// URL"),
        (
            "postgresql://nobody@127.0.0.1:1/none",
            "mlgov: MLGOV_DATABASE_URL: cannot reach the database",
        ),
    ],
)
def test_bad_database_url_is_one_line(url, expected):
    result = _mlgov("chat", "--as", "alice", env={"MLGOV_DATABASE_URL": url})
    assert result.returncode == 2
    assert result.stderr.startswith(expected), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


async def test_0005_names_the_actors_of_earlier_events_and_versions_earlier_projects(sqlite_url):
    from sqlalchemy import text

    engine = create_engine(sqlite_url)
    try:
        await upgrade(engine, "0004")
        async with engine.begin() as conn:
            for statement in (
                "INSERT INTO person (id, display_name, tz, created_at) "
                "VALUES (1, 'Bob Sponsor', 'UTC', '2026-03-02 09:00:00')",
                "INSERT INTO identity (person_id, platform, tenant, external_id) "
                "VALUES (1, 'slack', 'T0', 'U0BOB')",
                "INSERT INTO project (id, slug, name, phase, phase_entered_at, checkin_cadence, "
                "checkin_weekday, checkin_time, created_at, updated_at) VALUES (1, 'p', 'P', "
                "'idea', '2026-03-02 09:00:00', 'weekly', 0, '09:30', '2026-03-02 09:00:00', "
                "'2026-03-02 09:00:00')",
                "INSERT INTO event (at, actor_id, platform, project_id, kind, summary) VALUES "
                "('2026-03-02 09:00:00', 1, 'slack', 1, 'project.created', 'created P'), "
                "('2026-03-02 09:00:00', NULL, 'cli', 1, 'role.granted', 'x')",
            ):
                await conn.execute(text(statement))
        await upgrade(engine)
        async with engine.connect() as conn:
            named = (await conn.execute(text(
                "SELECT actor_name, actor_identity FROM event ORDER BY id"
            ))).all()  # fmt: skip
            version = (await conn.execute(text("SELECT version FROM project"))).scalar_one()
        assert named == [("Bob Sponsor", "U0BOB"), (None, None)]
        assert version == 1
    finally:
        await engine.dispose()
