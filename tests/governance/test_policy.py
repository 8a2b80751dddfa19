"""The gate policy is data: an organisation's file changes the gates, a bad one is named."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest

from governance.errors import ConfigError
from governance.policy import load_policy
from governance.service import Mlgov
from tests.conftest import say

CUSTOM = """
[review]
every_days = 14

[[gate]]
from = "idea"
to = "experimentation"
items = [
  { key = "sponsor", label = "sponsor named", check = "sponsor_named" },
  { key = "privacy-review", label = "privacy review" },
]
"""


async def test_an_override_policy_changes_the_gate(engine, clock, tmp_path):
    path = tmp_path / "policy.toml"
    path.write_text(CUSTOM, encoding="utf-8")
    mlgov = Mlgov(engine, clock=clock, policy=load_policy(path))
    await say(mlgov, "alice", "new Churn Model")
    reply = await say(mlgov, "alice", "advance churn-model")
    assert "2 open — sponsor, privacy-review." in reply.text
    await say(mlgov, "alice", "sponsor churn-model @bob")
    await say(mlgov, "bob", "sponsor churn-model confirm")  # a named sponsor counts once yes
    await say(mlgov, "alice", "ready churn-model privacy-review done")
    assert "to experimentation" in (await say(mlgov, "alice", "advance churn-model")).text
    status = await say(mlgov, "alice", "status churn-model")
    assert "Gate to" not in " ".join(row.text for row in status.rows)  # no gate defined


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not = [toml", "is not valid TOML"),
        ('[[gate]]\nfrom = "idea"\nto = "nowhere"\nitems = []', "unknown phase"),
        ('[[gate]]\nfrom = "idea"\nto = "development"\nitems = [{ key = "x", check = "magic" }]',
         "unknown check 'magic'"),
    ],
)  # fmt: skip
def test_a_bad_policy_is_named(tmp_path, content, message):
    path = tmp_path / "policy.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as error:
        load_policy(path)
    assert str(error.value).startswith("MLGOV_POLICY_PATH")


def test_a_missing_policy_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="MLGOV_POLICY_PATH: no file at"):
        load_policy(tmp_path / "absent.toml")


MISTAKES = """
[review]
every_days = "monthly"

[[gate]]
from = "idea"
to = "nowhere"
items = [
  { key = "sponsor", check = "sponsor_named", signers = ["owner"] },
  { key = "x", check = "magic" },
]

[[gate]]
from = "deployment"
to = "production"
items = [
  { key = "ethics", signers = ["org:wizard"], never = ["owner", "lob"], evidence = 1 },
  { key = "sla", signer = ["owner"] },
  { key = "sla" },
  { key = "risky", risk = ["extreme"], signers = [] },
  { label = "no key" },
]
"""


def test_every_mistake_is_named_on_a_line_of_its_own(tmp_path):
    path = tmp_path / "policy.toml"
    path.write_text(MISTAKES, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_policy(path)
    lines = str(error.value).splitlines()
    assert all(line.startswith(f"MLGOV_POLICY_PATH: {path}: ") for line in lines)
    said = [line.removeprefix(f"MLGOV_POLICY_PATH: {path}: ") for line in lines]
    idea, deployment = "gate idea -> nowhere", "gate deployment -> production"
    assert said == [
        "[review]: every_days must be a whole number of days, not 'monthly'",
        f"{idea}: unknown phase 'nowhere' in `to` (phases: idea, experimentation, development, "
        "deployment, production, retired, abandoned)",
        f"{idea}, item `sponsor`: `signers` is for items checked off by hand; this one is "
        "checked by the bot (check = 'sponsor_named')",
        f"{idea}, item `x`: unknown check 'magic' (checks: budget_set, cost_revised_in_phase, "
        "criteria_confirmed_in_phase, criteria_resolved, has_cost_estimate, has_criteria, "
        "it_contact_named, objective_set, review_in_phase, risk_tier_set, sponsor_accepted, "
        "sponsor_named)",
        f"{deployment}, item `ethics`: unknown org role in 'org:wizard' (org roles: admin, "
        "manager, ethics, compliance, security)",
        f"{deployment}, item `ethics`: unknown `never` word 'lob' (say owner and/or sponsor)",
        f"{deployment}, item `ethics`: `evidence` must be true or false, not 1",
        f"{deployment}, item `sla`: unknown field 'signer' (fields: key, label, check, risk, "
        "signers, never, evidence)",
        f"{deployment}, item `sla`: the key is used twice in this gate",
        f"{deployment}, item `risky`: unknown risk tier 'extreme' (tiers: low, medium, high)",
        f"{deployment}, item `risky`: `signers` is empty: nobody could sign it",
        f"{deployment}, item 5: `key` is missing (a word, like ethics)",
    ]


def test_a_second_gate_from_one_phase_is_a_mistake(tmp_path):
    path = tmp_path / "policy.toml"
    gate = '[[gate]]\nfrom = "idea"\nto = "experimentation"\nitems = []\n'
    path.write_text(gate + gate, encoding="utf-8")
    with pytest.raises(ConfigError, match="a second gate from idea$"):
        load_policy(path)


async def test_a_malformed_policy_stops_start_up_with_one_line_per_mistake(tmp_path):
    path = tmp_path / "policy.toml"
    path.write_text(MISTAKES, encoding="utf-8")
    env = {**os.environ, "MLGOV_DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}",
           "MLGOV_POLICY_PATH": str(path), "MLGOV_SCHEDULER": "off"}  # fmt: skip
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "MICROSOFT_APP_ID", "MLGOV_TEAMS_AUTH"):
        env.pop(name, None)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "serve", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 2
    assert out == b""
    assert "Traceback" not in err.decode()
    # (serve logs at INFO: whatever a library logs while loading is not the bot's to say)
    lines = [line for line in err.decode().splitlines() if line.startswith("mlgov:")]
    assert len(lines) == 12
    assert all(line.startswith(f"mlgov: MLGOV_POLICY_PATH: {path}: ") for line in lines), lines
    assert lines[-1].endswith("item 5: `key` is missing (a word, like ethics)")
