"""What people hear when a project's lifecycle moves — accepted, advanced, forced, abandoned —
and the question a destructive command asks first on Slack and Teams.

Each message goes, once, to the people the move concerns (and the project's linked
channels) through the outbox; each carries a Status button.
"""

from __future__ import annotations

from dataclasses import replace

from governance import commands as c
from governance.errors import BadCommand
from governance.phases import CLOSED, ORDER, Phase, rank
from governance.replies import Action, Reply

# A confirming button carries its whole command, reason included. The smallest a platform
# offers (Slack's button value, 2,000 characters) holds a reason of this many characters
# whatever script it is written in.
REASON_ON_A_BUTTON = 900


def _status(slug: str) -> list[Action]:
    return [Action("Status", c.Status(slug))]


def where_it_stands(target: Phase) -> str:
    if target == Phase.DEPLOYMENT:
        return " It is done — not in production yet."
    if target == Phase.PRODUCTION:
        return " It is in production."
    return ""


def accepted(who: str, name: str, slug: str) -> Reply:
    return Reply(
        text=f"{who} accepted {name}: it is done — not in production until it passes the "
        "production gate.",
        title=f"{name} accepted",
        actions=_status(slug),
    )


def advanced(who: str, name: str, slug: str, source: Phase, target: Phase) -> Reply:
    return Reply(
        text=f"{who} moved {name} from {source.value} to {target.value}." + where_it_stands(target),
        title=f"{name} is in {target.value}",
        actions=_status(slug),
    )


def _forcing(name: str, source: Phase, target: Phase) -> str:
    """``Churn Model from development to production, past its gate``: what forcing it does."""
    if source in CLOSED:
        return f"{name} open again: from {source.value} to {target.value}"
    if target in ORDER and source in ORDER and rank(target) < rank(source):
        return f"{name} back from {source.value} to {target.value}"
    return f"{name} from {source.value} to {target.value}, past its gate"


def forced(who: str, name: str, slug: str, source: Phase, target: Phase, reason: str) -> Reply:
    return Reply(
        text=f"{who} forced {_forcing(name, source, target)}." + where_it_stands(target),
        title=f"{name} forced to {target.value}",
        context=f"Why: {reason}",
        actions=_status(slug),
    )


def abandoned(who: str, name: str, slug: str, phase: Phase, reason: str) -> Reply:
    return Reply(
        text=f"{who} abandoned {name} in {phase.value}. Nothing on it changes any more.",
        title=f"{name} abandoned",
        context=f"Why: {reason}",
        actions=_status(slug),
    )


def _told(channels: list[str]) -> str:
    """``members and #ml-reports are told``."""
    told = ["its members", *(f"#{name}" for name in channels)]
    listed = told[0] if len(told) == 1 else ", ".join(told[:-1]) + " and " + told[-1]
    return f"{listed} are told"


def _carried(reason: str, slug: str, line: str) -> None:
    if len(reason) > REASON_ON_A_BUTTON:
        raise BadCommand(
            f"Changing {slug} this way is confirmed with a button, and a button carries a "
            f"reason of at most {REASON_ON_A_BUTTON} characters (this one has {len(reason):,}): "
            f"say `{line}` again with a shorter reason, or a link to where the rest is written."
        )


def confirm_abandon(cmd: c.Abandon, slug: str, channels: list[str]) -> Reply:
    """The question before abandoning: what will happen, and the button that does it."""
    _carried(cmd.reason, slug, f'abandon {slug} reason:"…"')
    return Reply(
        text=f"Abandon {slug}? It becomes read-only; {_told(channels)}.",
        context=f"Why: {cmd.reason} · Nothing changes until you press Abandon.",
        actions=[Action("Abandon", replace(cmd, project=slug, confirmed=True), style="danger")],
        query=True,  # only the asker sees the question
    )


def confirm_force(cmd: c.Advance, slug: str, source: Phase, target: Phase,
                  channels: list[str]) -> Reply:  # fmt: skip
    """The question before an admin forces a move past the gate (or reopens a project)."""
    _carried(cmd.reason or "", slug, f'advance {slug} to {target.value} force reason:"…"')
    return Reply(
        text=f"Force {_forcing(slug, source, target)}? "
        f"It is shown as forced wherever its phase is shown; {_told(channels)}.",
        context=f"Why: {cmd.reason} · Nothing changes until you press Force.",
        actions=[
            Action("Force", replace(cmd, project=slug, to=target, confirmed=True), style="danger")
        ],
        query=True,
    )
