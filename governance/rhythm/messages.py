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
    overdue: list[tuple[str, str, datetime]], lapsed: list[tuple[str, str]], late_days: int,
    unattested: list[tuple[str, str, str]] | None = None,
) -> Reply:  # fmt: skip
    """A manager's daily message: reviews newly ``late_days`` overdue, sponsorships lapsed,
    and re-attestations after go-live lapsed (name, slug, item key)."""
    unattested = unattested or []
    rows = [
        Row(name, f"phase review overdue since {due.date().isoformat()}",
            (Action("Status", c.Status(slug)),))
        for name, slug, due in overdue
    ] + [
        Row(name, "sponsorship lapsed: not reconfirmed", (Action("Status", c.Status(slug)),))
        for name, slug in lapsed
    ] + [
        Row(name, f"`{key}` re-attestation lapsed: not answered in 14 days",
            (Action("Status", c.Status(slug)),))
        for name, slug, key in unattested
    ]  # fmt: skip
    parts = []
    if overdue:
        parts.append(f"{len(overdue)} phase review{'s' if len(overdue) != 1 else ''} "
                     f"{late_days} days overdue")  # fmt: skip
    if lapsed:
        parts.append(f"{len(lapsed)} sponsorship{'s' if len(lapsed) != 1 else ''} lapsed")
    if unattested:
        parts.append(f"{len(unattested)} re-attestation{'s' if len(unattested) != 1 else ''} "
                     "lapsed")  # fmt: skip
    more = len(rows) - LISTED
    return Reply(
        text="Needs your attention since the last working morning: "
        + " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 2 else parts)
        + ".",
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


# After go-live: re-attestations, cost revisions and the LoB's word on the objective.


def attest_prompt(name: str, slug: str, key: str) -> Reply:
    return Reply(
        text=f"Is `{key}` on {name} still true?",
        title=f"Re-attestation: {name}",
        actions=[
            Action("Still true", c.Attest(slug, key, "still"), "primary"),
            Action("Changed", c.Attest(slug, key, "changed"), None, "What changed?"),
        ],
        context=f'Or say: attest {slug} {key} still|changed "note". '
        "Unanswered for 14 days, it lapses and managers hear it.",
    )


def attest_changed(person: str, name: str, slug: str, key: str, note: str | None) -> Reply:
    what = f": {note}" if note else "."
    return Reply(
        text=f"{person} says `{key}` on {name} has changed{what}",
        actions=[Action("Readiness", c.ShowReadiness(slug))],
    )


def cost_revision_due(name: str, slug: str, last: datetime | None) -> Reply:
    when = f"last revised {last.date().isoformat()}" if last else "never revised"
    return Reply(
        text=f"Please revise the cost of ownership of {name} ({when}).",
        title=f"Cost of ownership: {name}",
        actions=[Action("Show cost", c.ShowCost(slug))],
        context=f"Say: cost {slug} monthly:<amount> [ingest:<size>/day] [storage:<size>] "
        "[access:<users>]",
    )


def outcome_prompt(name: str, slug: str) -> Reply:
    return Reply(
        text=f"Does {name} deliver its objective?",
        title=f"Outcome: {name}",
        actions=[
            Action("Yes", c.RecordOutcome(slug, "yes"), "primary", "Anything to add?"),
            Action("Partly", c.RecordOutcome(slug, "partly"), None, "What is missing?"),
            Action("No", c.RecordOutcome(slug, "no"), "danger", "What is missing?"),
        ],
        context=f'Or say: outcome {slug} yes|partly|no "note"',
    )
