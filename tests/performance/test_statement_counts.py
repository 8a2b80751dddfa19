"""`status` and `portfolio` issue a fixed number of SQL statements, however many projects."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event
from sqlmodel import SQLModel

from bench.seed import seed
from governance.replies import Tone
from tests.conftest import T0, say


@contextmanager
def counting(engine):
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def _counts(mlgov, engine, n_projects: int) -> dict[str, int]:
    await seed(engine, n_projects, T0)
    counts = {}
    for line in (
        "status project-00003",
        "portfolio",
        "portfolio health:red",
        "history project-00003",
    ):
        await say(mlgov, "person1", line)  # the first call creates nothing more afterwards
        with counting(engine) as statements:
            reply = await say(mlgov, "person1", line)
        assert reply.tone == Tone.INFO, reply.text
        counts[line] = len(statements)
    portfolio = await say(mlgov, "person1", "portfolio")
    assert portfolio.fields[0].value == str(n_projects)
    return counts


async def _clear(engine) -> None:  # noqa: ANN001
    async with engine.begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            await conn.execute(table.delete())


async def test_counts_do_not_grow_with_projects(mlgov, engine):
    small = await _counts(mlgov, engine, 10)
    await _clear(engine)
    large = await _counts(mlgov, engine, 1000)
    assert small == large
    assert all(count <= 15 for count in large.values()), large
