"""The database engine and its schema: async engines, SQLite pragmas, Alembic upgrades."""

from __future__ import annotations

import math
from functools import partial
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from governance.errors import ConfigError

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def async_url(url: str) -> str:
    """Accept the URLs people write and pick the async driver for them."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    if parsed.drivername in ("sqlite", "sqlite+pysqlite"):
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif parsed.drivername in ("postgresql", "postgresql+psycopg2", "postgresql+psycopg"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


def create_engine(
    url: str,
    *,
    connect_timeout: float = 10.0,
    statement_timeout: float | None = None,
    pool: tuple[int, int] = (5, 10),
) -> AsyncEngine:
    """An engine for ``url``. ``connect_timeout`` bounds opening a connection (and waiting for
    one from the pool); ``statement_timeout`` bounds any one statement, on the server for
    PostgreSQL and as the lock wait for SQLite. None: no bound (migrations, benchmarks)."""
    try:
        target = async_url(url)
    except Exception as exc:  # noqa: BLE001 - SQLAlchemy raises several types here
        raise ConfigError(f"MLGOV_DATABASE_URL is not a database URL ({exc})") from None
    if target.startswith("sqlite"):
        database = make_url(target).database
        if database and database != ":memory:":
            Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
        wait = statement_timeout if statement_timeout is not None else 30.0
        engine = create_async_engine(target, connect_args={"timeout": wait})
        event.listen(engine.sync_engine, "connect", partial(_sqlite_pragmas, wait))
        return engine
    # Sessions speak UTC: timestamps come back already in the zone the tables keep.
    options = "-c TimeZone=UTC"
    if statement_timeout is not None:
        ms = int(statement_timeout * 1000)
        options += f" -c statement_timeout={ms} -c lock_timeout={ms}"
    return create_async_engine(
        target,
        pool_pre_ping=True,
        pool_size=pool[0],
        max_overflow=pool[1],
        pool_timeout=connect_timeout,
        connect_args={"options": options, "connect_timeout": max(1, math.ceil(connect_timeout))},
    )


def _sqlite_pragmas(wait: float, dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API
    # WAL lets a console session read while another process writes; the busy timeout
    # makes two writers queue instead of failing, for as long as a statement may take.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL survives a crash or a kill of the process (what is committed is in
    # the log); only losing the machine's power can take the last few commits. Each commit
    # no longer waits for the disk: what `mlgov serve` does before every acknowledgement.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={int(wait * 1000)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _upgrade(connection: Connection, revision: str = "head") -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


def _current(connection: Connection) -> tuple[str | None, str | None]:
    context = MigrationContext.configure(connection)
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    return context.get_current_revision(), head


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade, revision)


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(_downgrade, revision)


async def is_current(engine: AsyncEngine) -> bool:
    async with engine.connect() as connection:
        current, head = await connection.run_sync(_current)
    return current == head


async def prepare(engine: AsyncEngine) -> None:
    """Make the schema ready: the embedded SQLite database upgrades itself on first use;
    a shared PostgreSQL database is upgraded by `mlgov db upgrade` (once, by the operator),
    so that several replicas never race to migrate it.
    """
    try:
        if is_sqlite(engine):
            await upgrade(engine)
            return
        current = await is_current(engine)
    except (OperationalError, OSError) as exc:
        reason = str(getattr(exc, "orig", exc) or exc).strip().splitlines()[0][:160]
        raise ConfigError(f"MLGOV_DATABASE_URL: cannot reach the database ({reason})") from None
    if not current:
        raise ConfigError(
            "MLGOV_DATABASE_URL: the database schema is not up to date; run `mlgov db upgrade`"
        )
