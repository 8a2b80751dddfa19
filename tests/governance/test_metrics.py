"""Portfolio metrics computed from a seeded history whose answers are worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from governance.metrics import (
    Conversion,
    History,
    Move,
    NotLive,
    PhaseTime,
    Reason,
    compute,
    quantile,
    stays,
    year_before,
)
from governance.phases import Phase
from governance.views.metrics import headline, metrics_reply

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
IDEA, EXP, DEV, DEP, PROD = "idea", "experimentation", "development", "deployment", "production"
RETIRED, ABANDONED = "retired", "abandoned"


def ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def project(
    slug: str, created: int, path: list[tuple[str, int]], *, accepted: int | None = None,
    reason: str | None = None, forced: set[str] = frozenset(),  # type: ignore[assignment]
) -> History:  # fmt: skip
    """``path``: (phase entered, days ago), in order, starting from idea."""
    moves, phase = [], IDEA
    for target, when in path:
        moves.append(Move(phase, target, ago(when), target in forced))
        phase = target
    return History(
        project_id=hash(slug) % 10_000, slug=slug, name=slug.upper(), created_at=ago(created),
        phase=phase, accepted_at=ago(accepted) if accepted is not None else None,
        closed_reason=reason, moves=tuple(moves),
    )  # fmt: skip


# Days in each phase are in the comments: (phase days).
SEEDED = [
    # Started 400 days ago, before the last 12 months: idea 10, exp 30, dev 50, dep 20, live.
    project("a", 400, [(EXP, 390), (DEV, 360), (DEP, 310), (PROD, 290)], accepted=320),
    # idea 20, exp 40, abandoned.
    project("b", 300, [(EXP, 280), (ABANDONED, 240)], reason=" No data "),
    # idea 30, exp 60, dev 40, dep 10, production 50, retired: it reached production.
    project(
        "c", 200, [(EXP, 170), (DEV, 110), (DEP, 70), (PROD, 60), (RETIRED, 10)], accepted=75
    ),  # fmt: skip
    # idea 5, still in experimentation.
    project("d", 150, [(EXP, 145)]),
    # idea 10, exp 20, still in development, accepted 50 days ago: done, not live.
    project("e", 120, [(EXP, 110), (DEV, 90)], accepted=50),
    # idea 2, exp 8, forced into deployment, 50 there, forced into production.
    project("f", 100, [(EXP, 98), (DEP, 90), (PROD, 40)], forced={DEP, PROD}),
    # idea 10, abandoned.
    project("g", 90, [(ABANDONED, 80)], reason="no data"),
    # still in idea.
    project("h", 60, []),
    # Started 500 days ago: idea 100, abandoned.
    project("i", 500, [(ABANDONED, 400)], reason="Budget cut"),
    # idea 20, exp 40, dev 100, accepted 98 days ago, in deployment since: done, not live.
    project("k", 250, [(EXP, 230), (DEV, 190), (DEP, 90)], accepted=98),
    # Abandoned from idea after 5, 5, 6 and 4 days.
    project("l", 20, [(ABANDONED, 15)], reason="NO   DATA"),
    project("m", 10, [(ABANDONED, 5)], reason="budget cut"),
    project("n", 8, [(ABANDONED, 2)], reason="vendor left"),
    project("o", 7, [(ABANDONED, 3)], reason="Scope changed"),
]


@pytest.fixture
def metrics():
    return compute(SEEDED, NOW)


def test_counts_by_phase(metrics):
    assert metrics.started == 14
    assert dict(metrics.by_phase) == {
        Phase.IDEA: 1, Phase.EXPERIMENTATION: 1, Phase.DEVELOPMENT: 1, Phase.DEPLOYMENT: 1,
        Phase.PRODUCTION: 2, Phase.RETIRED: 1, Phase.ABANDONED: 7,
    }  # fmt: skip


def test_conversion_in_the_last_12_months_and_all_time(metrics):
    # a and i started before the last 12 months; of the other 12, c and f reached
    # production (f only by force); c did though it is retired now.
    assert metrics.last_12_months == Conversion(started=12, reached=2, by_force=1)
    assert metrics.all_time == Conversion(started=14, reached=3, by_force=1)
    assert metrics.last_12_months.share == pytest.approx(2 / 12)


def test_median_and_p90_days_over_finished_stays_with_open_stays_counted_apart(metrics):
    assert metrics.phase_times == (
        # 2 4 5 5 5 6 10 10 10 20 20 30 100: the 7th; p90 at 10.8 → 20 + 0.8 × 10.
        PhaseTime(Phase.IDEA, 13, 10, pytest.approx(28), 1),
        # 8 20 30 40 40 60: (30 + 40) / 2; p90 at 4.5 → 40 + 0.5 × 20.
        PhaseTime(Phase.EXPERIMENTATION, 6, 35, pytest.approx(50), 1),
        # 40 50 100; p90 at 1.8 → 50 + 0.8 × 50. e is still there.
        PhaseTime(Phase.DEVELOPMENT, 3, 50, pytest.approx(90), 1),
        # 10 20 50; p90 → 20 + 0.8 × 30. k is still there.
        PhaseTime(Phase.DEPLOYMENT, 3, 20, pytest.approx(44), 1),
        # Only c left production (50 days); a and f are still there.
        PhaseTime(Phase.PRODUCTION, 1, 50, 50, 2),
    )


def test_abandonment_rate_and_its_reasons(metrics):
    assert metrics.abandoned == 7
    assert metrics.abandonment_rate == pytest.approx(0.5)
    # Case and spaces do not make a reason different; ties go alphabetically.
    assert metrics.reasons == (
        Reason("no data", 3), Reason("budget cut", 2), Reason("scope changed", 1),
    )  # fmt: skip


def test_done_not_live_with_ages_oldest_first(metrics):
    assert metrics.done_not_live == (NotLive("k", "K", 98), NotLive("e", "E", 50))
    assert metrics.oldest_not_live == 98


def test_the_headline_and_the_reply(metrics):
    assert headline(metrics) == (
        "2 of 12 started in the last 12 months (17%) · abandoned 50% · "
        "done, not live: 2 (oldest 98 days)"
    )
    reply = metrics_reply(metrics)
    assert {f.label: f.value for f in reply.fields} == {
        "Projects": "14",
        "By phase": "idea 1 · experimentation 1 · development 1 · deployment 1 · "
        "production 2 · retired 1 · abandoned 7",
        "Reached production, last 12 months": "2 of 12 (17%), 1 of them by force",
        "Reached production, all time": "3 of 14 (21%), 1 of them by force",
        "Abandoned": "7 of 14 (50%)",
        "Done, not in production": "2 (oldest 98 days)",
    }
    assert [(r.text, r.detail) for r in reply.rows] == [
        ("idea: 13 left · median 10 days · p90 28 days (1 still there)", None),
        ("experimentation: 6 left · median 35 days · p90 50 days (1 still there)", None),
        ("development: 3 left · median 50 days · p90 90 days (1 still there)", None),
        ("deployment: 3 left · median 20 days · p90 44 days (1 still there)", None),
        ("production: 1 left · median 50 days · p90 50 days (2 still there)", None),
        ("Abandoned: no data", "3 projects"),
        ("Abandoned: budget cut", "2 projects"),
        ("Abandoned: scope changed", "1 project"),
        ("Done, not in production: K (`k`)", "for 98 days"),
        ("Done, not in production: E (`e`)", "for 50 days"),
    ]
    assert reply.query


def test_an_empty_portfolio():
    metrics = compute([], NOW)
    assert metrics.started == 0
    assert all(count == 0 for _, count in metrics.by_phase)
    assert metrics.last_12_months == metrics.all_time == Conversion(0, 0, 0)
    assert metrics.all_time.share is None
    assert all(
        t.stays == 0 and t.median_days is None and t.p90_days is None and t.still_there == 0
        for t in metrics.phase_times
    )
    assert (metrics.abandoned, metrics.abandonment_rate, metrics.reasons) == (0, None, ())
    assert (metrics.done_not_live, metrics.oldest_not_live) == ((), None)
    assert headline(metrics) == (
        "none started in the last 12 months · none abandoned · done, not live: 0"
    )
    reply = metrics_reply(metrics)
    assert reply.text.startswith("No projects yet")
    assert (reply.fields, reply.rows) == ([], [])


def test_a_phase_entered_twice_makes_two_stays():
    # Forced back from development to experimentation: two stays there (10 and 6 days).
    back = project("p", 50, [(EXP, 40), (DEV, 30), (EXP, 20), (DEV, 14)], forced={EXP})
    assert [(phase, (left - entered).days if left else None) for phase, entered, left
            in stays(back)] == [
        (IDEA, 10), (EXP, 10), (DEV, 10), (EXP, 6), (DEV, None),
    ]  # fmt: skip
    metrics = compute([back], NOW)
    experimentation = metrics.phase_times[1]
    assert (experimentation.stays, experimentation.median_days) == (2, 8)


def test_the_done_not_live_list_is_capped_and_counts_the_rest():
    many = [project(f"p{n:02d}", 200, [(EXP, 150), (DEV, 120)], accepted=100 - n)
            for n in range(20)]  # fmt: skip
    reply = metrics_reply(compute(many, NOW))
    listed = [r for r in reply.rows if r.text.startswith("Done, not in production")]
    assert len(listed) == 15
    assert listed[0].text == "Done, not in production: P00 (`p00`)"  # the oldest first
    assert (reply.rows[-1].text, reply.rows[-1].detail) == (
        "… and 5 more done but not in production",
        "say `portfolio done-not-live`",
    )


def test_quantile_and_the_year_before():
    assert quantile([], 0.5) is None
    assert quantile([7.0], 0.9) == 7.0
    assert quantile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert year_before(datetime(2028, 2, 29, tzinfo=UTC)) == datetime(2027, 2, 28, tzinfo=UTC)
