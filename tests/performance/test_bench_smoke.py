"""The benchmark compares like with like: its baseline SQL returns the service's rows."""

from __future__ import annotations

import pytest

from bench.planning_pass import planning
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


@pytest.mark.postgres
async def test_planning_benchmark_measures_the_passes_it_names(postgres_server):
    result = await planning(postgres_server, projects=30, people=150, repeats=1)
    opened = result["rounds"]
    assert opened > 0
    # 09:30 opens the week's rounds and queues their prompts; nobody answers, so 13:30
    # reminds every one of them and Tuesday closes every one as missed.
    assert result["slots"]["queued"] >= opened
    assert result["reminded"] == result["missed"] == opened
    assert result["reminders"]["queued"] == opened
    assert result["steady"]["queued"] == 0
    # Catching up after downtime does 09:00's and 09:30's work in one pass.
    assert result["late"]["queued"] == result["nine"]["queued"] + result["slots"]["queued"]
