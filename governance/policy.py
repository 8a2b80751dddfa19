"""The gate policy is data: a TOML file, the default shipped beside this module."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from pathlib import Path

from governance.errors import ConfigError
from governance.phases import Phase, RiskTier, parse_phase

DEFAULT_POLICY_PATH = Path(__file__).with_name("default_policy.toml")

# The derived checks a policy may name; governance.gates implements each.
CHECKS = frozenset(
    {
        "sponsor_named",
        "budget_set",
        "objective_set",
        "has_criteria",
        "has_cost_estimate",
        "risk_tier_set",
        "review_in_phase",
        "criteria_confirmed_in_phase",
        "cost_revised_in_phase",
        "criteria_resolved",
        "sponsor_accepted",
        "it_contact_named",
    }
)


@dataclass(frozen=True)
class GateItem:
    key: str
    label: str
    check: str | None = None  # None: checked off by hand with `ready … done`
    risk: frozenset[RiskTier] | None = None  # None: every risk tier

    @property
    def manual(self) -> bool:
        return self.check is None

    def applies_to(self, risk: RiskTier | None) -> bool:
        return self.risk is None or (risk is not None and risk in self.risk)


@dataclass(frozen=True)
class Gate:
    source: Phase
    target: Phase
    items: tuple[GateItem, ...]


@dataclass(frozen=True)
class Policy:
    gates: dict[Phase, Gate]
    review_every_days: int = 28
    review_escalate_after_days: int = 7
    sponsorship_every_days: int = 90
    sponsorship_lapse_days: int = 14

    # The intervals as timedeltas, computed once: health is derived for every project.
    @cached_property
    def review_every(self) -> timedelta:
        return timedelta(days=self.review_every_days)

    @cached_property
    def review_escalate_after(self) -> timedelta:
        return timedelta(days=self.review_escalate_after_days)

    @cached_property
    def sponsorship_every(self) -> timedelta:
        return timedelta(days=self.sponsorship_every_days)

    @cached_property
    def sponsorship_lapse(self) -> timedelta:
        return timedelta(days=self.sponsorship_lapse_days)

    def gate_from(self, phase: Phase) -> Gate | None:
        return self.gates.get(phase)

    def manual_keys(self) -> set[str]:
        return {item.key for gate in self.gates.values() for item in gate.items if item.manual}

    def item(self, key: str) -> GateItem | None:
        for gate in self.gates.values():
            for item in gate.items:
                if item.key == key:
                    return item
        return None


def load_policy(path: Path | str | None = None) -> Policy:
    path = Path(path) if path else DEFAULT_POLICY_PATH
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"MLGOV_POLICY_PATH: no file at {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"MLGOV_POLICY_PATH: {path} is not valid TOML ({exc})") from None
    try:
        return _build(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"MLGOV_POLICY_PATH: {path}: {exc}") from None


def _build(data: dict) -> Policy:
    gates: dict[Phase, Gate] = {}
    for raw in data.get("gate", []):
        source, target = parse_phase(raw["from"]), parse_phase(raw["to"])
        if source is None or target is None:
            raise ValueError(f"unknown phase in gate {raw['from']!r} -> {raw['to']!r}")
        items = []
        for item in raw.get("items", []):
            check = item.get("check")
            if check is not None and check not in CHECKS:
                raise ValueError(f"unknown check {check!r} for item {item['key']!r}")
            risk = item.get("risk")
            items.append(
                GateItem(
                    key=str(item["key"]),
                    label=str(item.get("label", item["key"])),
                    check=check,
                    risk=frozenset(RiskTier(r) for r in risk) if risk is not None else None,
                )
            )
        gates[source] = Gate(source, target, tuple(items))
    review = data.get("review", {})
    sponsorship = data.get("sponsorship", {})
    return Policy(
        gates=gates,
        review_every_days=int(review.get("every_days", 28)),
        review_escalate_after_days=int(review.get("managers_after_overdue_days", 7)),
        sponsorship_every_days=int(sponsorship.get("reconfirm_every_days", 90)),
        sponsorship_lapse_days=int(sponsorship.get("lapse_after_nudge_days", 14)),
    )
