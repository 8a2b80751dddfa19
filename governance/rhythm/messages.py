"""What the rhythm says: prompts, reminders, escalations and nudges, as core replies."""

from __future__ import annotations

from datetime import datetime

from governance import commands as c
from governance.phases import CheckinStatus
from governance.replies import Action, Reply, Row

LISTED = 15  # projects named in one message; the rest are counted


def checkin_actions(slug: str) -> list[Action]:
    return [
        Action("On track", c.RecordCheckin(slug, CheckinStatus.ON_TRACK), "primary", "Anything to add?"),
        Action("At risk", c.RecordCheckin(slug, CheckinStatus.AT_RISK), None, "What is the risk?"),
        Action("Blocked", c.RecordCheckin(slug, CheckinStatus.BLOCKED), "danger", "What is blocking you?"),
    ]  # fmt: skip


def prompt(name: str, slug: str) -> Reply:
    return Reply(
        text=f"How is {name} going this week?",
        title=f"Check-in: {name}",
        actions=checkin_actions(slug),
        context=f'Or say: checkin {slug} on-track|at-risk|blocked "note"',
    )


def reminder(name: str, slug: str) -> Reply:
    return Reply(
        text=f"Reminder: your check-in on {name} is still open.",
        title=f"Check-in: {name}",
        actions=checkin_actions(slug),
    )


def missed_twice(person: str, name: str) -> Reply:
    return Reply(text=f"{person} has missed two check-ins in a row on {name}.")


def blocked_twice(person: str, name: str, note: str | None) -> Reply:
    why = f" Latest note: {note}" if note else ""
    return Reply(text=f"{person} has been blocked on {name} for two check-ins in a row.{why}")


def review_due(name: str, slug: str, due: datetime) -> Reply:
    return Reply(
        text=f"The phase review of {name} is due (since {due.date().isoformat()}).",
        actions=[
            Action("Record review", c.RecordReview(slug), "primary", "Notes from the review?")
        ],
    )


def sponsorship_due(name: str, slug: str) -> Reply:
    return Reply(
        text=f"Please reconfirm your sponsorship of {name}.",
        actions=[Action("Reconfirm", c.ConfirmSponsorship(slug), "primary")],
    )


def sponsorship_lapsed(name: str, slug: str) -> Reply:
    return Reply(
        text=f"The sponsorship of {name} has lapsed: it was not reconfirmed.",
        actions=[Action("Status", c.Status(slug))],
    )


def attention(
    overdue: list[tuple[str, str, datetime]], lapsed: list[tuple[str, str]], late_days: int
) -> Reply:
    """A manager's daily message: reviews newly ``late_days`` overdue, sponsorships lapsed."""
    rows = [
        Row(name, f"phase review overdue since {due.date().isoformat()}",
            (Action("Status", c.Status(slug)),))
        for name, slug, due in overdue
    ] + [
        Row(name, "sponsorship lapsed: not reconfirmed", (Action("Status", c.Status(slug)),))
        for name, slug in lapsed
    ]  # fmt: skip
    parts = []
    if overdue:
        parts.append(f"{len(overdue)} phase review{'s' if len(overdue) != 1 else ''} "
                     f"{late_days} days overdue")  # fmt: skip
    if lapsed:
        parts.append(f"{len(lapsed)} sponsorship{'s' if len(lapsed) != 1 else ''} lapsed")
    more = len(rows) - LISTED
    return Reply(
        text="Needs your attention since the last working morning: " + " and ".join(parts) + ".",
        title="Needs your attention",
        rows=rows[:LISTED],
        context=f"And {more} more: say `portfolio health:red`." if more > 0 else None,
    )


def unreachable(person: str, platform: str, what: str, project: str) -> Reply:
    """To a project's owner: a member the bot cannot write to, and what they must do."""
    return Reply(
        text=f"{person} can't get mlgov's messages in {platform} yet: {what}.",
        context=f"{person} is a member of {project}; until then their check-ins can't reach them.",
    )


def channel_closed(name: str, slug: str, channel: str, what: str) -> Reply:
    """To whoever linked a channel to a project: the bot may not post there, and why."""
    return Reply(
        text=f"I can't post {name}'s reports in #{channel}: {what}.",
        context=f"Or say `link {slug}` in the channel that should receive them.",
    )
