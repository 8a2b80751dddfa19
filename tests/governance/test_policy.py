"""The gate policy is data: an organisation's file changes the gates, a bad one is named."""

from __future__ import annotations

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
