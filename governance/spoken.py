"""How a command is said in chat: the words a console shows beside a button, so a person
can type what the button would have done. Only ever shown, never parsed back."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from governance import commands as c
from governance.values import WEEKDAYS


def _quoted(text: str) -> str:
    return '"' + text.replace('"', "”") + '"'


def _options(**values: Any) -> str:
    parts = [f"{key}:{value}" for key, value in values.items() if value is not None]
    return (" " + " ".join(parts)) if parts else ""


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _name(name: str) -> str:
    """A project name as typed after `new`: in quotes when a word of it would read as an
    option, a mention or a quote."""
    plain = all(":" not in word and word[:1] not in "@<\"“”„'‘’" for word in name.split(" "))
    return name if plain else _quoted(name)


def _new(cmd: c.NewProject) -> str:
    objective = _quoted(cmd.objective) if cmd.objective else None
    return f"new {_name(cmd.name)}" + _options(
        sponsor=cmd.sponsor, owner=cmd.owner, budget=_amount(cmd.budget),
        risk=cmd.risk.value if cmd.risk else None, objective=objective,
    )  # fmt: skip


def _edit(cmd: c.EditProject) -> str:
    objective = _quoted(cmd.objective) if cmd.objective else None
    return f"edit {cmd.project}" + _options(
        name=_quoted(cmd.name) if cmd.name else None, objective=objective,
        risk=cmd.risk.value if cmd.risk else None, budget=_amount(cmd.budget),
    )  # fmt: skip


def _cost(cmd: c.ReviseCost) -> str:
    monthly = _amount(cmd.monthly)
    figures = _options(
        ingest=f"{cmd.ingest_gb_day:g}GB/day" if cmd.ingest_gb_day is not None else None,
        storage=f"{cmd.storage_gb:g}GB" if cmd.storage_gb is not None else None,
        access=cmd.access_users,
        monthly=monthly,
    )
    return f"cost {cmd.project}{figures}"


def _portfolio(cmd: c.Portfolio) -> str:
    words = _options(
        phase=cmd.phase.value if cmd.phase else None,
        health=cmd.health.value if cmd.health else None,
        sponsor=str(cmd.sponsor) if cmd.sponsor else None,
    )
    flags = [
        word
        for word, on in (
            ("at-risk", cmd.at_risk),
            ("blocked", cmd.blocked),
            ("done-not-live", cmd.done_not_live),
            ("lapsed", cmd.lapsed),
        )
        if on
    ]
    return "portfolio" + words + "".join(f" {word}" for word in flags)


def _criteria_resolve(cmd: c.ResolveCriterion) -> str:
    if cmd.met:
        return f"criteria {cmd.project} met {cmd.number}"
    return f"criteria {cmd.project} waive {cmd.number} reason:{_quoted(cmd.reason or '')}"


def _advance(cmd: c.Advance) -> str:
    text = f"advance {cmd.project}" + (f" to {cmd.to.value}" if cmd.to else "")
    return text + (f" force reason:{_quoted(cmd.reason or '')}" if cmd.force else "")


def _away(cmd: c.SetAway) -> str:
    return f"away {cmd.first} {cmd.last}" if cmd.first else "away clear"


_SAY: dict[type, Callable[[Any], str]] = {
    c.Help: lambda cmd: "help" + (f" {cmd.topic}" if cmd.topic else ""),
    c.NewProject: _new,
    c.EditProject: _edit,
    c.Status: lambda cmd: f"status {cmd.project}",
    c.Portfolio: _portfolio,
    c.PortfolioMetrics: lambda cmd: "portfolio metrics",
    c.PortfolioChart: lambda cmd: "portfolio chart",
    c.Advance: _advance,
    c.Abandon: lambda cmd: f"abandon {cmd.project} reason:{_quoted(cmd.reason)}",
    c.NameSponsor: lambda cmd: (
        f"sponsor {cmd.project} {cmd.sponsor}" + _options(budget=_amount(cmd.budget))
    ),
    c.ConfirmSponsorship: lambda cmd: f"sponsor {cmd.project} confirm",
    c.DeclineSponsorship: lambda cmd: (
        f"sponsor {cmd.project} decline" + (f" reason:{_quoted(cmd.reason)}" if cmd.reason else "")
    ),
    c.Accept: lambda cmd: f"accept {cmd.project}",
    c.ChangeMember: lambda cmd: (
        f"member {cmd.project} {'add' if cmd.add else 'remove'} {cmd.person} role:{cmd.role.value}"
    ),
    c.ShowMembers: lambda cmd: f"member {cmd.project}",
    c.ShowCriteria: lambda cmd: f"criteria {cmd.project}" + (" history" if cmd.history else ""),
    c.AddCriterion: lambda cmd: f"criteria {cmd.project} add {_quoted(cmd.text)}",
    c.ChangeCriterion: lambda cmd: (
        f"criteria {cmd.project} change {cmd.number} {_quoted(cmd.text)} "
        f"reason:{_quoted(cmd.reason)}"
    ),
    c.ResolveCriterion: _criteria_resolve,
    c.ConfirmCriteria: lambda cmd: f"criteria {cmd.project} confirm",
    c.ShowReadiness: lambda cmd: f"ready {cmd.project}",
    c.CheckOff: lambda cmd: (
        f"ready {cmd.project} {cmd.key} done"
        + (f" evidence:{cmd.evidence}" if cmd.evidence else "")
    ),
    c.AssignItem: lambda cmd: f"ready {cmd.project} {cmd.key} owner:{cmd.owner}",
    c.RequestSignoff: lambda cmd: f"ready {cmd.project} {cmd.key} request {cmd.person}",
    c.RefuseSignoff: lambda cmd: (
        f"ready {cmd.project} {cmd.key} reject"
        + (f" reason:{_quoted(cmd.reason)}" if cmd.reason else "")
    ),
    c.ShowCost: lambda cmd: f"cost {cmd.project}",
    c.ReviseCost: _cost,
    c.RecordCheckin: lambda cmd: (
        f"checkin {cmd.project} {cmd.status.value}" + (f" {_quoted(cmd.note)}" if cmd.note else "")
    ),
    c.RecordReview: lambda cmd: (
        f"review {cmd.project} done" + (f" {_quoted(cmd.note)}" if cmd.note else "")
    ),
    c.History: lambda cmd: f"history {cmd.project}",
    c.Link: lambda cmd: f"link {cmd.project}",
    c.ScheduleCheckins: lambda cmd: (
        f"schedule {cmd.project} checkin {cmd.cadence} {WEEKDAYS[cmd.weekday]} {cmd.at}"
    ),
    c.ScheduleReviews: lambda cmd: f"schedule {cmd.project} review {cmd.days}",
    c.SetTimeZone: lambda cmd: f"tz {cmd.zone}",
    c.ShowTimeZone: lambda cmd: "tz",
    c.SetAway: _away,
    c.ShowAway: lambda cmd: "away",
    c.Todo: lambda cmd: "todo",
    c.Attest: lambda cmd: (
        f"attest {cmd.project} {cmd.key} {cmd.answer}"
        + (f" {_quoted(cmd.note)}" if cmd.note else "")
    ),
    c.RecordOutcome: lambda cmd: (
        f"outcome {cmd.project} {cmd.answer}" + (f" {_quoted(cmd.note)}" if cmd.note else "")
    ),
}


def said(command: c.Command) -> str:
    """The chat line that asks for ``command``."""
    return _SAY[type(command)](command)
