"""The benchmark compares like with like: its baseline SQL returns the service's rows."""

from __future__ import annotations

from bench.portfolio import baseline_connection, baseline_rows
from bench.seed import seed
from governance.policy import load_policy
from governance.portfolio import summaries
from tests.conftest import T0


async def test_baseline_sql_returns_the_same_projects(mlgov, engine, database_url):
    await seed(engine, 40, T0)
    async with mlgov.uow() as uow:
        service = await summaries(uow.session, load_policy(), T0)
    conn = baseline_connection(database_url)
    try:
        rows = baseline_rows(conn)
    finally:
        conn.close()
    assert len(rows) == 40
    by_slug = {row[0]: row for row in rows}
    assert set(by_slug) == {s.slug for s in service}
    for summary in service:
        slug, name, phase = by_slug[summary.slug][:3]
        owner, sponsor = by_slug[summary.slug][8:10]
        assert (name, phase, owner, sponsor) == (
            summary.name, summary.phase.value, summary.owner, summary.sponsor,
        )  # fmt: skip
