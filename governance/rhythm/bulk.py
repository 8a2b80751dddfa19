"""Many rows in few statements: inserting rows whose unique key is not taken yet, and
conditions over many ids."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Dialect,
    Integer,
    Table,
    Text,
    any_,
    bindparam,
    cast,
    column,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSON
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import Mapped
from sqlalchemy.sql.expression import Executable
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

CHUNK = 1000  # ids in one IN (…): well under any driver's parameter limit


@dataclass(frozen=True)
class Insert:
    """A bulk insert made ready to run: building it is CPU work (JSON for thousands of rows)
    that can happen while the connection is busy with another statement."""

    statement: Executable
    rows: list[dict[str, Any]] | None  # for executemany; None when the statement holds them
    returning_count: bool  # the statement returns the count, not the new ids


def prepare(
    dialect: Dialect, model: type[SQLModel], rows: list[dict[str, Any]], unique: list[str]
) -> Insert | None:
    """The statement that inserts the rows whose ``unique`` columns are not taken yet."""
    if not rows:
        return None
    table: Table = model.__table__  # type: ignore[attr-defined]
    if dialect.name == "postgresql":
        statement = _from_json(table, rows, dialect)
        new = statement.on_conflict_do_nothing(index_elements=unique).returning(table.c.id)
        # Counted in the database: thousands of ids need not travel back to be counted.
        return Insert(select(func.count()).select_from(new.cte("new")), None, True)
    # One statement executed for many rows: compiled once, sent in pages.
    statement = sqlite_insert(table).on_conflict_do_nothing(index_elements=unique)
    return Insert(statement.returning(table.c.id), rows, False)


async def run(connection: AsyncConnection, insert: Insert | None) -> int:
    """Run a prepared insert; returns how many rows were new (only new rows come back from
    RETURNING: rowcount is not portable across drivers here)."""
    if insert is None:
        return 0
    result = await connection.execute(insert.statement, insert.rows)
    return result.scalar_one() if insert.returning_count else len(result.all())


async def insert_new(
    session: AsyncSession, model: type[SQLModel], rows: list[dict[str, Any]], unique: list[str]
) -> int:
    """Insert the rows whose ``unique`` columns are not taken yet; returns how many were new."""
    connection = await session.connection()
    return await run(connection, prepare(connection.dialect, model, rows, unique))


def _from_json(table: Table, rows: list[dict[str, Any]], dialect: Dialect):  # noqa: ANN202
    """``INSERT … SELECT * FROM json_to_recordset(<all rows as one JSON text>)``.

    One parameter however many rows. A multi-row VALUES has one placeholder per value and
    an array parameter escapes every element, and at thousands of rows either costs more
    than the insert itself; ``json.dumps`` does the quoting in C.
    """
    names = list(rows[0])
    converters = {}
    for name in names:
        # The column's own rules (a UtcDateTime refuses naive datetimes) still apply.
        process = table.c[name].type.bind_processor(dialect)
        if process is not None or isinstance(rows[0][name], datetime | date):
            converters[name] = _Converter(process)
    if converters:
        rows = [
            {name: converters[name](value) if name in converters else value
             for name, value in row.items()}
            for row in rows
        ]  # fmt: skip
    text = json.dumps(rows, ensure_ascii=False)
    source = (
        func.json_to_recordset(cast(bindparam("rows", text, type_=Text), JSON))
        .table_valued(*(column(name, table.c[name].type) for name in names))
        .render_derived(with_types=True)
    )
    return pg_insert(table).from_select(names, select(*(source.c[name] for name in names)))


class _Converter:
    """A column's bind rule, then the JSON form; each distinct value worked out once (a
    bulk insert repeats the same few moments thousands of times)."""

    def __init__(self, process: Callable[[Any], Any] | None) -> None:
        self._process = process
        self._done: dict[Any, Any] = {}

    def __call__(self, value: Any) -> Any:
        try:
            return self._done[value]
        except KeyError:
            pass
        except TypeError:  # unhashable: not worth remembering
            return self._convert(value)
        converted = self._done[value] = self._convert(value)
        return converted

    def _convert(self, value: Any) -> Any:
        if self._process is not None:
            value = self._process(value)
        if isinstance(value, datetime | date):
            return value.isoformat()
        return value


def among(
    dialect: Dialect, column: ColumnElement[Any] | Mapped[Any], ids: list[int] | list[str]
) -> list[ColumnElement[bool]]:
    """``column`` is one of ``ids`` (numbers or keys), as one condition for each statement.

    PostgreSQL takes the whole list as one array parameter (``= ANY(…)``); elsewhere an
    ``IN (…)`` has a placeholder per id and is cut to stay under the driver's limit.
    """
    if not ids:
        return []
    if dialect.name == "postgresql":
        kind = Integer() if isinstance(ids[0], int) else Text()
        return [column == any_(cast(ids, ARRAY(kind)))]
    return [column.in_(ids[start : start + CHUNK]) for start in range(0, len(ids), CHUNK)]
