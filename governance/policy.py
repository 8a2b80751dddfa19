"""The gate policy is data: a TOML file, the default shipped beside this module."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from pathlib import Path

from governance.errors import ConfigError
from governance.phases import Phase, RiskTier, parse_phase
from governance.signers import DEFAULT_SIGNERS, never_problem, word_problem

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
    # Who may sign a manual item (any one of these words), who never may, and whether a link
    # to the evidence is required: governance.signers reads the words.
    signers: tuple[str, ...] = DEFAULT_SIGNERS
    never: frozenset[str] = frozenset()
    evidence: bool = False

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
    done_not_live_amber_days: int = 30
    done_not_live_red_days: int = 90
    fte_yearly: float = 120000  # the yearly cost of one FTE
    ops_hourly: float = 100  # the cost of one hour of operating effort

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
    """The policy in ``path`` (the default without one). A missing file, bad TOML or any
    mistake in it raises ConfigError: one line per mistake, naming the file, gate and item."""
    path = Path(path) if path else DEFAULT_POLICY_PATH
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"MLGOV_POLICY_PATH: no file at {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"MLGOV_POLICY_PATH: {path} is not valid TOML ({exc})") from None
    mistakes: list[str] = []
    policy = _build(data, mistakes)
    if mistakes:
        raise ConfigError("\n".join(f"MLGOV_POLICY_PATH: {path}: {m}" for m in mistakes))
    return policy


TOP_FIELDS = ("review", "sponsorship", "health", "costs", "gate")
GATE_FIELDS = ("from", "to", "items")
ITEM_FIELDS = ("key", "label", "check", "risk", "signers", "never", "evidence")
# The fields of each table of whole days, with their defaults.
DAYS = {
    "review": {"every_days": 28, "managers_after_overdue_days": 7},
    "sponsorship": {"reconfirm_every_days": 90, "lapse_after_nudge_days": 14},
    "health": {"done_not_live_amber_after_days": 30, "done_not_live_red_after_days": 90},
}
# The fields of each table of amounts (zero or more), with their defaults.
AMOUNTS = {"costs": {"fte_yearly": 120000, "ops_hourly": 100}}


def _unknown(where: str, table: dict, known: tuple[str, ...], mistakes: list[str]) -> None:
    for name in table:
        if name not in known:
            mistakes.append(f"{where}unknown field {name!r} (fields: {', '.join(known)})")


def _build(data: dict, mistakes: list[str]) -> Policy:
    _unknown("", data, TOP_FIELDS, mistakes)
    days = {table: dict(fields) for table, fields in DAYS.items()}
    for table, fields in DAYS.items():
        raw = data.get(table, {})
        if not isinstance(raw, dict):
            mistakes.append(f"[{table}] must be a table")
            continue
        _unknown(f"[{table}]: ", raw, tuple(fields), mistakes)
        for name in fields:
            value = raw.get(name, fields[name])
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                mistakes.append(f"[{table}]: {name} must be a whole number of days, not {value!r}")
            else:
                days[table][name] = value
    health = days["health"]
    if health["done_not_live_amber_after_days"] > health["done_not_live_red_after_days"]:
        mistakes.append(
            "[health]: done_not_live_amber_after_days must not be more than "
            "done_not_live_red_after_days"
        )
    amounts: dict[str, dict[str, float]] = {t: dict(f) for t, f in AMOUNTS.items()}
    for table, fields in AMOUNTS.items():
        raw = data.get(table, {})
        if not isinstance(raw, dict):
            mistakes.append(f"[{table}] must be a table")
            continue
        _unknown(f"[{table}]: ", raw, tuple(fields), mistakes)
        for name in fields:
            value = raw.get(name, fields[name])
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                mistakes.append(f"[{table}]: {name} must be an amount (0 or more), not {value!r}")
            else:
                amounts[table][name] = value
    raw_gates = data.get("gate", [])
    if not isinstance(raw_gates, list):
        mistakes.append("gate must be a list of [[gate]] tables")
        raw_gates = []
    gates: dict[Phase, Gate] = {}
    for number, raw in enumerate(raw_gates, 1):
        gate = _gate(number, raw, mistakes)
        if gate is None:
            continue
        if gate.source in gates:
            mistakes.append(
                f"gate {gate.source} -> {gate.target}: a second gate from {gate.source}"
            )
        else:
            gates[gate.source] = gate
    return Policy(
        gates=gates,
        review_every_days=days["review"]["every_days"],
        review_escalate_after_days=days["review"]["managers_after_overdue_days"],
        sponsorship_every_days=days["sponsorship"]["reconfirm_every_days"],
        sponsorship_lapse_days=days["sponsorship"]["lapse_after_nudge_days"],
        done_not_live_amber_days=health["done_not_live_amber_after_days"],
        done_not_live_red_days=health["done_not_live_red_after_days"],
        fte_yearly=amounts["costs"]["fte_yearly"],
        ops_hourly=amounts["costs"]["ops_hourly"],
    )


def _gate(number: int, raw: object, mistakes: list[str]) -> Gate | None:
    if not isinstance(raw, dict):
        mistakes.append(f"gate {number}: must be a table with from, to and items")
        return None
    name = f"gate {raw.get('from', '?')} -> {raw.get('to', '?')}"
    _unknown(f"{name}: ", raw, GATE_FIELDS, mistakes)
    ends = []
    for end in ("from", "to"):
        word = raw.get(end)
        phase = parse_phase(word) if isinstance(word, str) else None
        if word is None:
            mistakes.append(f"{name}: `{end}` is missing (a phase)")
        elif phase is None:
            phases = ", ".join(p.value for p in Phase)
            mistakes.append(f"{name}: unknown phase {word!r} in `{end}` (phases: {phases})")
        ends.append(phase)
    raw_items = raw.get("items", [])
    if not isinstance(raw_items, list):
        mistakes.append(f"{name}: items must be a list of {{ key = …, label = … }}")
        raw_items = []
    items: list[GateItem] = []
    seen: set[str] = set()
    for index, item in enumerate(raw_items, 1):
        key = item.get("key") if isinstance(item, dict) else None
        if isinstance(key, str) and key in seen:
            mistakes.append(f"{name}, item `{key}`: the key is used twice in this gate")
            continue
        if isinstance(key, str):
            seen.add(key)
        built = _item(name, index, item, mistakes)
        if built is not None:
            items.append(built)
    source, target = ends
    if source is None or target is None:
        return None
    return Gate(source, target, tuple(items))


def _words(where: str, field: str, raw: object, mistakes: list[str]) -> list[str] | None:
    if not isinstance(raw, list) or not all(isinstance(word, str) for word in raw):
        mistakes.append(f"{where}: `{field}` must be a list of words in quotes, not {raw!r}")
        return None
    return list(raw)


def _item(gate: str, index: int, raw: object, mistakes: list[str]) -> GateItem | None:
    if not isinstance(raw, dict):
        mistakes.append(f"{gate}, item {index}: must be a table like {{ key = …, label = … }}")
        return None
    key = raw.get("key")
    where = f"{gate}, item `{key}`" if isinstance(key, str) and key else f"{gate}, item {index}"
    before = len(mistakes)
    _unknown(f"{where}: ", raw, ITEM_FIELDS, mistakes)
    if not isinstance(key, str) or not key:
        mistakes.append(f"{where}: `key` is missing (a word, like ethics)")
    label = raw.get("label", key)
    if not isinstance(label, str):
        mistakes.append(f"{where}: `label` must be text in quotes, not {label!r}")
    check = raw.get("check")
    if check is not None and check not in CHECKS:
        mistakes.append(f"{where}: unknown check {check!r} (checks: {', '.join(sorted(CHECKS))})")
    risk = raw.get("risk")
    tiers: frozenset[RiskTier] | None = None
    if risk is not None:
        words = _words(where, "risk", risk, mistakes)
        known = {t.value for t in RiskTier}
        for word in words or []:
            if word not in known:
                mistakes.append(f"{where}: unknown risk tier {word!r} (tiers: low, medium, high)")
        if words is not None and set(words) <= known:
            tiers = frozenset(RiskTier(word) for word in words)
    manual = check is None
    for field in ("signers", "never", "evidence"):
        if field in raw and not manual:
            mistakes.append(
                f"{where}: `{field}` is for items checked off by hand; this one is checked by "
                f"the bot (check = {check!r})"
            )
    signers: tuple[str, ...] = DEFAULT_SIGNERS
    if manual and "signers" in raw:
        words = _words(where, "signers", raw["signers"], mistakes)
        if words is not None and not words:
            mistakes.append(f"{where}: `signers` is empty: nobody could sign it")
        for word in words or []:
            problem = word_problem(word)
            if problem:
                mistakes.append(f"{where}: {problem}")
        signers = tuple(words or ())
    never: frozenset[str] = frozenset()
    if manual and "never" in raw:
        words = _words(where, "never", raw["never"], mistakes)
        for word in words or []:
            problem = never_problem(word)
            if problem:
                mistakes.append(f"{where}: {problem}")
        never = frozenset(words or ())
    evidence = raw.get("evidence", False)
    if not isinstance(evidence, bool):
        mistakes.append(f"{where}: `evidence` must be true or false, not {evidence!r}")
    if len(mistakes) > before:
        return None
    return GateItem(
        key=str(key),
        label=str(label),
        check=check,
        risk=tiers,
        signers=signers if manual else (),
        never=never,
        evidence=bool(evidence) and manual,
    )
