"""The planning pass for a large organisation on PostgreSQL, against its floor.

The organisation: ``projects`` projects and ``people`` people in Europe/Berlin (the worst
case: every slot falls in the same minute), ten managers, and eight past weeks of rounds
and sent prompts. The database is vacuumed and analysed, as autovacuum keeps a live one.

Each repeat runs on a fresh copy of that database:

- the passes of a live week as `mlgov worker` runs them (``bot.rhythm.plan_due``): Monday
  09:00 (managers' digests, and the nudges that waited over the weekend for working
  hours), 09:30 (opens every round of the week and queues every prompt), 09:31 (the
  steady state of every other minute), 13:30 (reminds every round not answered yet) and
  Tuesday 09:30 (closes every round not answered as missed, and tells the owners of
  those missed twice in a row);
- catching up after downtime on a second copy: the worker was down from 08:00 to 09:45,
  and one pass finds all of 09:00 and 09:30 due at once;
- the baseline on a third copy: the 09:30 pass's reads on the raw driver, and the rows it
  wrote, sent with COPY — what that pass would cost with no planning, no ORM and no JSON.
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime, timedelta

import psycopg
from sqlalchemy.engine import make_url

from bench.history import seed_history
from bench.seed import seed
from bot.db import create_engine, upgrade
from bot.rhythm import plan_due
from governance.clock import FixedClock
from governance.policy import load_policy
from governance.rhythm.store import RECENT
from governance.service import Mlgov

# A Monday in March: 09:00 in Berlin is 08:00 UTC.
NINE = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # managers' digests, the weekend's nudges
SLOTS = NINE + timedelta(minutes=30)  # every team member's 09:30 check-in slot
WARM = NINE - timedelta(hours=1)  # nothing is due at 08:00
REMINDERS = SLOTS + timedelta(hours=4)
CLOSING = SLOTS + timedelta(days=1)
NOW = SLOTS  # the moment the benchmark's organisation is seeded around
MANAGERS = 10
HISTORY_WEEKS = 8

_ACTIVE = "p.phase NOT IN ('retired', 'abandoned')"
READS = [
    f"""SELECT p.id, p.slug, p.name, p.phase, p.phase_entered_at, p.checkin_cadence,
        p.checkin_weekday, p.checkin_time, p.created_at, p.review_every_days,
        p.sponsorship_renewed_at,
        (SELECT max(r.at) FROM review r WHERE r.project_id = p.id AND r.phase = p.phase)
        FROM project p WHERE {_ACTIVE}""",
    f"""SELECT m.project_id, m.role, m.since, pe.id, pe.display_name, pe.tz
        FROM membership m JOIN person pe ON pe.id = m.person_id
        JOIN project p ON p.id = m.project_id WHERE {_ACTIVE}""",
    """SELECT cr.id, cr.project_id, cr.person_id, cr.slot_at, cr.closes_at, cr.state,
        cr.reminded_at, c.status FROM checkinround cr LEFT JOIN checkin c ON c.id = cr.checkin_id
        WHERE cr.slot_at >= %(since)s OR cr.state = 'open'""",
]
ROUND_COLUMNS = ["project_id", "person_id", "slot_at", "closes_at", "state", "reminded_at"]
DELIVERY_COLUMNS = ["key", "platform", "tenant", "kind", "target_id", "payload", "status",
                    "attempts", "due_at", "created_at"]  # fmt: skip


class Databases:
    def __init__(self, server: str) -> None:
        self.server = server
        self.admin = psycopg.connect(server, autocommit=True, connect_timeout=3)
        self.names: list[str] = []

    def url(self, name: str) -> str:
        return make_url(self.server).set(database=name).render_as_string(hide_password=False)

    def create(self, name: str, template: str | None = None) -> str:
        self.names.append(name)
        self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        clause = f' TEMPLATE "{template}"' if template else ""
        self.admin.execute(f'CREATE DATABASE "{name}"{clause}')
        return self.url(name)

    def drop_all(self) -> None:
        for name in self.names:
            self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.close()


async def _organisation(dbs: Databases, name: str, projects: int, people: int) -> None:
    url = dbs.create(name)
    engine = create_engine(url)
    try:
        await upgrade(engine)
        await seed(engine, projects, NOW - timedelta(days=30), n_people=people)
        await seed_history(engine, NOW, HISTORY_WEEKS)
    finally:
        await engine.dispose()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO orgrolegrant (person_id, role, granted_at) "
            "SELECT id, 'manager', %s FROM person ORDER BY id LIMIT %s",
            (NOW - timedelta(days=60), MANAGERS),
        )
        conn.execute("VACUUM (FREEZE, ANALYZE)")


async def _pass(mlgov: Mlgov, clock: FixedClock, at: datetime) -> tuple[float, int]:
    clock.set(at)
    start = time.perf_counter()
    _, queued = await plan_due(mlgov)
    return time.perf_counter() - start, queued


async def _passes(url: str, moments: list[datetime]) -> list[tuple[float, int]]:
    """The passes at these moments, timed, after one untimed pass at 08:00 when nothing is
    due: the worker has been running, and the database's cache holds what a pass reads, as
    it does in a live organisation (a fresh copy starts cold)."""
    clock = FixedClock(WARM)
    mlgov = Mlgov(create_engine(url), clock=clock, policy=load_policy())
    try:
        assert await plan_due(mlgov) == (0, 0), "08:00 is meant to have nothing due"
        return [await _pass(mlgov, clock, at) for at in moments]
    finally:
        await mlgov.engine.dispose()


def _rounds_changed(url: str) -> tuple[int, int]:
    """(rounds reminded at 13:30, rounds closed as missed on Tuesday)."""
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*) FILTER (WHERE reminded_at = %s), count(*) FILTER (WHERE state = "
            "'missed') FROM checkinround WHERE slot_at = %s",
            (REMINDERS, SLOTS),
        ).fetchone()
    assert row is not None
    return row[0], row[1]


def _written(url: str) -> tuple[list[tuple], list[tuple]]:
    with psycopg.connect(url) as conn:
        rounds = conn.execute(
            f"SELECT {', '.join(ROUND_COLUMNS)} FROM checkinround WHERE slot_at > %s",
            (NOW - timedelta(days=1),),
        ).fetchall()
        deliveries = conn.execute(
            f"SELECT {', '.join(DELIVERY_COLUMNS)} FROM delivery WHERE created_at = %s",
            (SLOTS,),
        ).fetchall()
    return rounds, deliveries


def _baseline(url: str, rounds: list[tuple], deliveries: list[tuple]) -> tuple[float, float]:
    """(reads and writes, reads alone) on the raw driver, in seconds."""
    with psycopg.connect(url) as conn:
        for sql in READS:  # warm, as the passes are
            conn.execute(sql, {"since": SLOTS - RECENT}).fetchall()
        start = time.perf_counter()
        for sql in READS:
            conn.execute(sql, {"since": SLOTS - RECENT}).fetchall()
        reads = time.perf_counter() - start
        with conn.cursor() as cursor:
            for table, columns, rows in (("checkinround", ROUND_COLUMNS, rounds),
                                         ("delivery", DELIVERY_COLUMNS, deliveries)):  # fmt: skip
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        conn.commit()
        return time.perf_counter() - start, reads


async def planning(server: str, projects: int, people: int, repeats: int) -> dict:
    dbs = Databases(server)
    try:
        await _organisation(dbs, "mlgov_bench_org", projects, people)
        runs = []
        for repeat in range(repeats):
            url = dbs.create(f"mlgov_bench_pass_{repeat}", "mlgov_bench_org")
            live = await _passes(
                url, [NINE, SLOTS, SLOTS + timedelta(minutes=1), REMINDERS, CLOSING]
            )
            reminded, missed = _rounds_changed(url)
            rounds, deliveries = _written(url)
            url = dbs.create(f"mlgov_bench_late_{repeat}", "mlgov_bench_org")
            (late,) = await _passes(url, [SLOTS + timedelta(minutes=15)])
            floor = dbs.create(f"mlgov_bench_floor_{repeat}", "mlgov_bench_org")
            writes, reads = _baseline(floor, rounds, deliveries)
            runs.append({"nine": live[0], "slots": live[1], "steady": live[2],
                         "reminders": live[3], "closing": live[4], "late": late,
                         "slots_floor": writes, "steady_floor": reads, "rounds": len(rounds),
                         "reminded": reminded, "missed": missed})  # fmt: skip
    finally:
        dbs.drop_all()

    def seconds(name: str) -> list[float]:
        return [run[name][0] if isinstance(run[name], tuple) else run[name] for run in runs]

    return {
        name: {"each": seconds(name), "median": statistics.median(seconds(name)),
               "queued": runs[0][name][1] if isinstance(runs[0][name], tuple) else None}
        for name in ("nine", "slots", "steady", "reminders", "closing", "late", "slots_floor",
                     "steady_floor")
    } | {name: runs[0][name] for name in ("rounds", "reminded", "missed")}  # fmt: skip
