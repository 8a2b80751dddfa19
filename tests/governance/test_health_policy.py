"""Health's thresholds and the cost of people and operating effort are policy: [health] and
[costs], each mistake one line."""

from __future__ import annotations

import pytest

from governance.errors import ConfigError
from governance.policy import load_policy


def test_the_defaults():
    policy = load_policy()
    assert (policy.done_not_live_amber_days, policy.done_not_live_red_days) == (30, 90)
    assert (policy.fte_yearly, policy.ops_hourly) == (120000, 100)


def test_an_organisation_sets_its_own(tmp_path):
    path = tmp_path / "policy.toml"
    path.write_text(
        "[health]\ndone_not_live_amber_after_days = 14\ndone_not_live_red_after_days = 60\n"
        "[costs]\nfte_yearly = 95000.5\nops_hourly = 0\n",
        encoding="utf-8",
    )
    policy = load_policy(path)
    assert (policy.done_not_live_amber_days, policy.done_not_live_red_days) == (14, 60)
    assert (policy.fte_yearly, policy.ops_hourly) == (95000.5, 0)


def test_every_mistake_is_one_line(tmp_path):
    path = tmp_path / "policy.toml"
    path.write_text(
        "[health]\ndone_not_live_amber_after_days = 100\ndone_not_live_red_after_days = 90\n"
        'colour = 1\n[costs]\nfte_yearly = -1\nops_hourly = "cheap"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as raised:
        load_policy(path)
    lines = [line.split(": ", 2)[2] for line in str(raised.value).splitlines()]
    assert lines == [
        "[health]: unknown field 'colour' (fields: done_not_live_amber_after_days, "
        "done_not_live_red_after_days)",
        "[health]: done_not_live_amber_after_days must not be more than "
        "done_not_live_red_after_days",
        "[costs]: fte_yearly must be an amount (0 or more), not -1",
        "[costs]: ops_hourly must be an amount (0 or more), not 'cheap'",
    ]
