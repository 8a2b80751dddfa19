"""The rhythm from the command line: tick, the console inbox, and the worker process."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys

from tests.console.test_processes import chat


def _mlgov(db, *args: str) -> subprocess.CompletedProcess[str]:  # noqa: ANN001
    env = {**os.environ, "MLGOV_DATABASE_URL": f"sqlite:///{db}"}
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "MICROSOFT_APP_ID"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_tick_prompts_a_console_user_who_sees_it_at_the_next_chat(tmp_path):
    db = tmp_path / "m.db"
    assert chat(db, "alice", "new Churn Model\n").returncode == 0
    # The project exists from today; its first Monday 09:30 slot is in the future, so
    # tick at that moment (a week from now at most) plus one minute.
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    monday = (now + timedelta(days=(7 - now.weekday()) % 7 or 7)).replace(
        hour=9, minute=31, second=0, microsecond=0
    )
    first = _mlgov(db, "tick", "--now", monday.isoformat())
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().endswith(
        "1 check-in round(s), 1 message(s) queued; sent 0, retrying 0, failed 0"
    )
    again = _mlgov(db, "tick", "--now", monday.isoformat())
    assert "0 check-in round(s), 0 message(s) queued" in again.stdout
    listed = _mlgov(db, "deliveries").stdout
    assert "\tpending\tconsole:person:alice\tprompt:" in listed
    # The console shows waiting messages once, at the start of the next chat; the slot is
    # in the future by the real clock, so make the message due now.
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE delivery SET due_at = '2000-01-01 00:00:00.000000'")
    seen = chat(db, "alice", "help\n").stdout
    assert seen.startswith("While you were away:\nCheck-in: Churn Model")
    assert "How is Churn Model going this week?" in seen
    assert not chat(db, "alice", "help\n").stdout.startswith("While you were away")
    assert "\tsent\tconsole:person:alice" in _mlgov(db, "deliveries").stdout


def test_tick_refuses_a_bad_time_in_one_line(tmp_path):
    result = _mlgov(tmp_path / "m.db", "tick", "--now", "next tuesday")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "mlgov: --now: 'next tuesday' is not an ISO-8601 time, like 2026-03-02T09:30:00Z"
    )


async def test_the_worker_runs_a_pass_and_stops_on_sigterm(tmp_path):
    db = tmp_path / "m.db"
    assert chat(db, "alice", "new Churn Model\n").returncode == 0
    env = {**os.environ, "MLGOV_DATABASE_URL": f"sqlite:///{db}"}
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "MICROSOFT_APP_ID"):
        env.pop(name, None)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "worker", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        line = await asyncio.wait_for(proc.stdout.readline(), 30)
        assert line.decode().strip() == (
            "mlgov worker: planning once a minute, sending every 5 seconds"
        )
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc.wait(), 30) == 0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


def test_deliveries_lists_the_newest_and_says_how_many_it_left_out(tmp_path):
    import sqlite3

    db = tmp_path / "m.db"
    assert _mlgov(db, "db", "upgrade").returncode == 0
    with sqlite3.connect(db) as conn:
        for n, status in enumerate(["sent", "failed", "sent", "pending"], start=1):
            conn.execute(
                "INSERT INTO delivery (key, platform, tenant, kind, target_id, payload, status, "
                "attempts, due_at, created_at) VALUES (?, 'console', '', 'person', 'alice', "
                "'{}', ?, 1, '2026-03-02 08:30:00.000000', '2026-03-02 08:30:00.000000')",
                (f"prompt:{n}", status),
            )
    newest = _mlgov(db, "deliveries", "--last", "2").stdout.splitlines()
    assert newest[0] == "the newest 2 of 4; `--last 0` lists them all"
    assert [line.split("\t")[3] for line in newest[1:]] == ["prompt:3", "prompt:4"]
    everything = _mlgov(db, "deliveries", "--last", "0").stdout.splitlines()
    assert [line.split("\t")[3] for line in everything] == [f"prompt:{n}" for n in (1, 2, 3, 4)]
    failed = _mlgov(db, "deliveries", "--failed").stdout.splitlines()
    assert [line.split("\t")[:2] for line in failed] == [["2", "failed"]]
    bad = _mlgov(db, "deliveries", "--last", "two")
    assert bad.returncode == 2
    assert bad.stderr.strip() == "mlgov: --last: 'two' is not a whole number, like 100 (0 for all)"


def test_deliveries_retry_requeues_failed_ones_and_refuses_a_bad_value_in_one_line(tmp_path):
    import sqlite3

    db = tmp_path / "m.db"
    assert _mlgov(db, "db", "upgrade").returncode == 0
    with sqlite3.connect(db) as conn:
        for n, status in enumerate(["failed", "sent", "failed"], start=1):
            conn.execute(
                "INSERT INTO delivery (key, platform, tenant, kind, target_id, payload, status, "
                "attempts, due_at, created_at, last_error) VALUES (?, 'slack', 'T0', 'person', "
                "'U1', '{}', ?, 8, '2026-03-02 08:30:00.000000', '2026-03-02 08:30:00.000000', "
                "'Slack: fatal_error')",
                (f"prompt:{n}", status),
            )
    for bad, why in [("soon", "'soon' is not a delivery id or all-failed"),
                     ("2", "delivery 2 has not failed (it is sent)"),
                     ("9", "there is no delivery 9")]:  # fmt: skip
        refused = _mlgov(db, "deliveries", "--retry", bad)
        assert (refused.returncode, refused.stdout) == (2, "")
        assert refused.stderr == f"mlgov: --retry: {why}\n"
    one = _mlgov(db, "deliveries", "--retry", "3")
    assert (one.returncode, one.stdout) == (0, "re-queued 1 failed delivery\n")
    rest = _mlgov(db, "deliveries", "--retry", "all-failed")
    assert (rest.returncode, rest.stdout) == (0, "re-queued 1 failed delivery\n")
    listed = _mlgov(db, "deliveries").stdout.splitlines()
    assert [line.split("\t")[1] for line in listed] == ["pending", "sent", "pending"]
    assert listed[0].endswith("attempts 0 — Slack: fatal_error")
