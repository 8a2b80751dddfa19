"""Nudges: phase reviews and sponsorships due (to owners and sponsors), and each manager's
one message a working day of what needs their attention."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from governance.derived import review_due_at, sponsorship_due_at
from governance.policy import Policy
from governance.replies import Reply
from governance.rhythm import messages
from governance.rhythm.model import GRACE, LONGEST_EVENING, Member, Message, Plan, ProjectState
from governance.rhythm.occurrences import local_day, working_moment, working_mornings


class Moments:
    """Whether a nudge due at a moment is to be said to a person now: in their working
    hours, not while away, within the grace window of that moment. Worked out once a pass
    for each moment and zone."""

    def __init__(self, now: datetime) -> None:
        self._now = now
        self._known: dict[tuple, bool] = {}

    def now_for(self, moment: datetime, tz: str, away: tuple = ()) -> bool:
        if not away and self._now - moment > GRACE + LONGEST_EVENING:
            return False  # its working moment has passed, and its grace window with it
        key = (moment, tz, away)
        said = self._known.get(key)
        if said is None:
            at = working_moment(moment, tz, away)
            said = self._known[key] = at <= self._now <= at + GRACE
        return said


def reviews(project: ProjectState, policy: Policy, out: Plan, moments: Moments) -> None:
    """The phase review is due: the owner and the sponsor hear, in their working hours."""
    due = review_due_at(project.health, policy)
    stamp = f"{project.id}:{project.health.phase}:{due.date().isoformat()}"
    # A nudge is an occurrence like a prompt: said in the person's working hours within the
    # grace window, or (after downtime) not at all — health still shows it.
    told = [m for m in project.members if m.roles & {"owner", "sponsor"}]
    _tell(told, due, f"review-due:{stamp}", out, moments,
          lambda: messages.review_due(project.name, project.slug, due))  # fmt: skip


def sponsorship(project: ProjectState, policy: Policy, out: Plan, moments: Moments) -> None:
    """The sponsor is asked to reconfirm; unconfirmed, it lapses and the owners hear."""
    due = sponsorship_due_at(project.health, policy)
    if due is None:
        return
    renewed = project.health.sponsorship_renewed_at
    stamp = f"{project.id}:{renewed.isoformat() if renewed else ''}"
    _tell(project.with_role("sponsor"), due, f"sponsorship-due:{stamp}", out, moments,
          lambda: messages.sponsorship_due(project.name, project.slug))  # fmt: skip
    _tell(project.with_role("owner"), due + policy.sponsorship_lapse,
          f"sponsorship-lapsed:{stamp}", out, moments,
          lambda: messages.sponsorship_lapsed(project.name, project.slug))  # fmt: skip


def _tell(
    people: list[Member], moment: datetime, key: str, out: Plan, moments: Moments,
    reply: Callable[[], Reply],
) -> None:  # fmt: skip
    """Each of ``people`` for whom ``moment`` is to be said now hears the reply (built once,
    only if someone does), under ``key`` and their own id."""
    said = None
    for person in people:
        if moments.now_for(moment, person.tz, person.away):
            said = said or reply()
            out.messages.append(Message(f"{key}:{person.person_id}", person.person_id, said))


def attention(
    projects: list[ProjectState], managers: dict[int, str], policy: Policy, now: datetime,
    out: Plan, attestations: Callable[[datetime, datetime], list] | None = None,
) -> None:  # fmt: skip
    """At 09:00 on each working day in a manager's zone, one message: the phase reviews
    that became ``review_escalate_after_days`` overdue and the sponsorships that lapsed
    since the working morning before, and (``attestations``: those lapsed in a window) the
    re-attestations after go-live that lapsed. One message a day, however large the
    portfolio: each escalation falls in exactly one such window, so each is told once."""
    windows = {}
    for tz in set(managers.values()):
        previous, latest = working_mornings(now, tz)
        if latest <= now <= latest + GRACE:
            windows[tz] = (previous, latest)
    if not windows:
        return
    found: dict[tuple[datetime, datetime], tuple[list, list]] = {
        window: ([], []) for window in set(windows.values())
    }
    for project in projects:
        due = review_due_at(project.health, policy)
        escalate = due + policy.review_escalate_after
        sponsorship_due = sponsorship_due_at(project.health, policy)
        lapse = sponsorship_due + policy.sponsorship_lapse if sponsorship_due else None
        for (start, end), (overdue, lapsed) in found.items():
            if start < escalate <= end:
                overdue.append((project.name, project.slug, due))
            if lapse is not None and start < lapse <= end:
                lapsed.append((project.name, project.slug))
    unattested = {w: attestations(*w) if attestations else [] for w in found}
    replies = {
        window: messages.attention(
            overdue, lapsed, policy.review_escalate_after_days, unattested[window]
        )
        for window, (overdue, lapsed) in found.items()
        if overdue or lapsed or unattested[window]
    }
    for manager, tz in managers.items():
        window = windows.get(tz)
        if window in replies:
            day = local_day(window[1], tz).isoformat()
            out.messages.append(Message(f"attention:{manager}:{day}", manager, replies[window]))
