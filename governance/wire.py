"""Commands as data: what a button, a page or a stored reply carries instead of chat text.

A button's command comes back from the platform as the JSON it was given (Slack's button
value, a Teams card's data), so it is never parsed as chat again. What comes back is not
trusted: a Teams client can submit any data, so decoding checks every field's type and size,
and the command then meets the same permission checks as one typed in chat.
"""

from __future__ import annotations

import json
from dataclasses import MISSING, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import cache
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

from governance import commands as c
from governance.errors import BadCommand
from governance.parser import Mention

# The names commands go by on the wire. They are stored (outbox payloads, buttons in posted
# messages), so a name never changes; a new command gets a new name.
NAMES: dict[str, type] = {
    "help": c.Help,
    "new": c.NewProject,
    "edit": c.EditProject,
    "status": c.Status,
    "portfolio": c.Portfolio,
    "portfolio-metrics": c.PortfolioMetrics,
    "portfolio-chart": c.PortfolioChart,
    "advance": c.Advance,
    "abandon": c.Abandon,
    "sponsor": c.NameSponsor,
    "sponsor-confirm": c.ConfirmSponsorship,
    "sponsor-decline": c.DeclineSponsorship,
    "accept": c.Accept,
    "member": c.ChangeMember,
    "members": c.ShowMembers,
    "criteria": c.ShowCriteria,
    "criteria-add": c.AddCriterion,
    "criteria-change": c.ChangeCriterion,
    "criteria-resolve": c.ResolveCriterion,
    "criteria-confirm": c.ConfirmCriteria,
    "ready": c.ShowReadiness,
    "ready-done": c.CheckOff,
    "ready-owner": c.AssignItem,
    "ready-request": c.RequestSignoff,
    "ready-refuse": c.RefuseSignoff,
    "cost": c.ShowCost,
    "cost-revise": c.ReviseCost,
    "checkin": c.RecordCheckin,
    "review": c.RecordReview,
    "history": c.History,
    "link": c.Link,
    "schedule-checkin": c.ScheduleCheckins,
    "schedule-review": c.ScheduleReviews,
    "tz": c.SetTimeZone,
    "tz-show": c.ShowTimeZone,
    "away": c.SetAway,
    "away-show": c.ShowAway,
    "todo": c.Todo,
    "attest": c.Attest,
    "outcome": c.RecordOutcome,
}
_NAME_OF = {kind: name for name, kind in NAMES.items()}
MAX_TEXT = 4000  # no field of any command is longer than a chat line may be


def encode(command: c.Command) -> dict[str, Any]:
    """The command as plain JSON data: ``{"do": name, field: value, …}``, defaults left out."""
    data: dict[str, Any] = {"do": _NAME_OF[type(command)]}
    for spec in fields(command):  # type: ignore[arg-type]
        value = getattr(command, spec.name)
        if spec.default is not MISSING and value == spec.default:
            continue
        data[spec.name] = _plain(value)
    return data


def decode(data: Any) -> c.Command:
    """A command from its data, every field checked; BadCommand for anything unexpected."""
    if not isinstance(data, dict) or not isinstance(data.get("do"), str):
        raise _stale()
    kind = NAMES.get(data["do"])
    if kind is None:
        raise _stale()
    hints = _hints(kind)
    values: dict[str, Any] = {}
    for key, raw in data.items():
        if key == "do":
            continue
        if key not in hints:
            raise _stale()
        values[key] = _typed(raw, hints[key])
    try:
        return kind(**values)  # type: ignore[no-any-return]
    except TypeError:  # a required field is missing
        raise _stale() from None


def dumps(command: c.Command) -> str:
    return json.dumps(encode(command), ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> c.Command:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise _stale() from None
    return decode(data)


def _stale() -> BadCommand:
    return BadCommand("That button no longer works; say the command instead (`help` lists them).")


@cache
def _hints(kind: type) -> dict[str, Any]:
    return get_type_hints(kind)


def _plain(value: Any) -> Any:
    if isinstance(value, Mention):
        if value.label is None:
            return {"id": value.user_id}
        return {"id": value.user_id, "label": value.label}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal | date):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    return value


def _typed(raw: Any, hint: Any) -> Any:
    origin = get_origin(hint)
    if origin in (Union, UnionType):
        options = [h for h in get_args(hint) if h is not type(None)]
        if raw is None:
            return None
        (hint,) = options
    if hint is str:
        if not isinstance(raw, str) or len(raw) > MAX_TEXT:
            raise _stale()
        return raw
    if hint is bool:
        if not isinstance(raw, bool):
            raise _stale()
        return raw
    if hint is int:
        if not isinstance(raw, int) or isinstance(raw, bool) or abs(raw) > 10**9:
            raise _stale()
        return raw
    if hint is float:
        if not isinstance(raw, int | float) or isinstance(raw, bool):
            raise _stale()
        return float(raw)
    if hint is Decimal:
        try:
            return Decimal(str(raw)) if isinstance(raw, str) and len(raw) < 40 else _fail()
        except InvalidOperation:
            raise _stale() from None
    if hint is date:
        try:
            return date.fromisoformat(raw) if isinstance(raw, str) else _fail()
        except ValueError:
            raise _stale() from None
    if hint is Mention:
        if not isinstance(raw, dict) or set(raw) - {"id", "label"}:
            raise _stale()
        user, label = raw.get("id"), raw.get("label")
        if not isinstance(user, str) or not 0 < len(user) <= 200:
            raise _stale()
        if label is not None and (not isinstance(label, str) or len(label) > 200):
            raise _stale()
        return Mention(user, label)
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return hint(raw)
        except ValueError:
            raise _stale() from None
    raise _stale()  # pragma: no cover - every field type of a command is listed above


def _fail() -> Any:
    raise _stale()
