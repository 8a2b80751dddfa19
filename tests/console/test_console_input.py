"""The console as people use it: handles in any case, output piped to `head`, input that
is not UTF-8, a handle nobody could mention."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from adapters.console.chat import BROKEN_PIPE, run
from governance.service import Mlgov

MLGOV = [sys.executable, "-m", "bot.cli"]


async def chat(mlgov: Mlgov, who: str, *lines: str) -> list[str]:
    out = io.StringIO()
    assert await run(mlgov, who, stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out) == 0
    return out.getvalue().split("\n\n")[:-1]


async def test_handles_are_case_insensitive(mlgov):
    (created,) = await chat(mlgov, "Alice", "new Churn Model sponsor:@Bob")
    assert "  Owner    Alice\n  Sponsor  Bob (asked, not yet confirmed)\n" in created
    # The same person whatever the case: alice owns it, and @BOB is its sponsor.
    (edited,) = await chat(mlgov, "alice", "edit churn-model risk:low")
    assert edited.startswith("✓ Churn Model: risk low."), edited
    asked, confirmed = await chat(mlgov, "BOB", "sponsor churn-model confirm")
    assert asked.startswith("While you were away:\nSponsor Churn Model?"), asked
    assert "Alice asks you to sponsor Churn Model." in asked
    assert confirmed.startswith("✓ You sponsor Churn Model."), confirmed
    told, members = await chat(mlgov, "@ALICE", "member churn-model")
    assert (
        told
        == "While you were away:\nBOB agreed to sponsor Churn Model.\n  → [Status] status churn-model"
    )
    assert "Churn Model has 2 members." in members


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "MLGOV_DATABASE_URL": f"sqlite:///{db}"}


def test_output_piped_to_head_ends_quietly(tmp_path):
    script = tmp_path / "script.txt"
    script.write_text("new Churn Model\n" + "help\n" * 400, encoding="utf-8")
    with script.open("rb") as stdin:
        proc = subprocess.Popen(
            [*MLGOV, "chat", "--as", "alice"],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(tmp_path / "m.db"),
        )
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()  # what `head -1` reads, and then it goes away
        proc.stdout.close()
        err = proc.stderr.read().decode()
        proc.stderr.close()
        code = proc.wait(timeout=120)
    assert first == b"Churn Model\n"  # the reply's title
    assert code == BROKEN_PIPE, err
    assert err == ""


def test_input_that_is_not_utf8_is_refused_and_the_chat_goes_on(tmp_path):
    result = subprocess.run(
        [*MLGOV, "chat", "--as", "alice"],
        input=b"new Caf\xe9 Noir\nnew Cafe Noir\n",
        env={**_env(tmp_path / "m.db"), "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    refused, created = result.stdout.decode().split("\n\n")[:2]
    assert refused == "✗ That command holds a broken character (half an emoji?); type it again."
    assert "✓ Created Cafe Noir (`cafe-noir`) in idea." in created


def test_a_handle_nobody_could_mention_stops_with_one_line(tmp_path):
    for bad in ("", "alice smith", "a" * 201, "<!channel>"):
        result = subprocess.run(
            [*MLGOV, "chat", "--as", bad],
            input="help\n",
            env=_env(tmp_path / "m.db"),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 2, (bad, result.stdout)
        assert result.stderr.startswith("mlgov: --as: a handle is letters, digits"), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


async def test_a_role_granted_to_a_handle_in_capitals_is_the_same_person(mlgov):
    from bot.roles import change_role
    from tests.conftest import say

    assert await change_role(mlgov, "console", "", "Alice", "admin", grant_it=True) == (
        "alice is now admin"
    )
    await say(mlgov, "bob", "new Churn Model")
    reply = await say(mlgov, "alice", 'advance churn-model to development force reason:"pilot"')
    assert reply.text == "Churn Model forced from idea to development."
