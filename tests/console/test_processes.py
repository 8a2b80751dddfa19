"""The real `mlgov` console script in separate processes on one SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

MLGOV = [sys.executable, "-m", "bot.cli"]


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "MLGOV_DATABASE_URL": f"sqlite:///{db}"}


def chat(db: Path, who: str, script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*MLGOV, "chat", "--as", who],
        input=script,
        env=_env(db),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_scripted_chat_exits_zero_and_prints_plain_replies(tmp_path):
    result = chat(tmp_path / "m.db", "alice", "new Churn Model\nstatus churn-model\nfoo\n")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    replies = result.stdout.split("\n\n")
    assert replies[0].endswith(
        "✓ Created Churn Model (`churn-model`) in idea.\n  Owner  alice\n"
        "  To leave idea it still needs: sponsor, budget, objective, "
        "criteria, cost-estimate, risk-tier\n  → [Status] status churn-model"
    )
    assert "Churn Model is in idea: exploring." in replies[1]
    assert replies[2] == "✗ I don't know the command `foo`. Say `help` to see what I can do."


def test_two_processes_see_each_others_changes(tmp_path):
    db = tmp_path / "shared.db"
    assert chat(db, "alice", "new Churn Model sponsor:@bob\n").returncode == 0
    seen = chat(db, "carol", "status churn-model\n")
    assert "Owner        alice" in seen.stdout and "Sponsor      bob" in seen.stdout
    assert chat(db, "bob", "sponsor churn-model confirm\n").returncode == 0
    history = chat(db, "alice", "history churn-model\n").stdout
    assert "bob · agreed to sponsor" in history


def test_concurrent_writers_lose_nothing(tmp_path):
    db = tmp_path / "busy.db"
    assert (
        chat(db, "alice", "new Churn Model\nmember churn-model add @bob role:ml\n").returncode == 0
    )
    n = 40
    scripts = {
        who: "".join(f'checkin churn-model on-track "{who} {i}"\n' for i in range(n))
        for who in ("alice", "bob")
    }
    procs = [
        subprocess.Popen(
            [*MLGOV, "chat", "--as", who],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(db),
            text=True,
        )
        for who in scripts
    ]
    outputs = [
        p.communicate(script, timeout=180)
        for p, script in zip(procs, scripts.values(), strict=True)
    ]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert out.count("✓ Checked in on Churn Model") == n, out[:500]
    history = chat(db, "carol", "history churn-model\n").stdout
    for who in scripts:
        assert sum(f"on-track: {who} " in line for line in history.splitlines()) == n
