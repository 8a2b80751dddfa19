"""Deciding what is due at a moment: pure, over loaded state and an injected time."""

from __future__ import annotations

from datetime import date, datetime

from governance.policy import Policy
from governance.replies import Reply
from governance.rhythm import messages
from governance.rhythm.aftercare import Production, aftercare, lapsed_between
from governance.rhythm.digest import checkin_summary
from governance.rhythm.model import (
    GRACE,
    PROMPTED_ROLES,
    REMIND_AFTER,
    WINDOW,
    Member,
    Message,
    NewRound,
    Plan,
    ProjectState,
    RoundRow,
)
from governance.rhythm.nudges import Moments, attention, reviews, sponsorship
from governance.rhythm.occurrences import is_working_day, last_slot, local_day, working_moment
from governance.states import RoundState


def plan(
    projects: list[ProjectState],
    rounds: list[RoundRow],
    managers: dict[int, str],
    policy: Policy,
    now: datetime,
    digest: Reply | None = None,
    live: list[Production] | None = None,
) -> Plan:
    """What is due at ``now``; ``managers`` maps each manager to their time zone; ``live``:
    the projects in production, for what is asked after go-live."""
    result = Plan()
    by_project: dict[int, list[RoundRow]] = {}
    by_member: dict[tuple[int, int], list[RoundRow]] = {}
    for r in sorted(rounds, key=lambda r: r.slot_at):
        by_project.setdefault(r.project_id, []).append(r)
        by_member.setdefault((r.project_id, r.person_id), []).append(r)
    slots, moments = _Slots(), Moments(now)
    for project in projects:
        replies = _Replies(project)
        for member in project.members:
            if member.roles & PROMPTED_ROLES:
                history = by_member.get((project.id, member.person_id), [])
                _checkins(project, member, history, now, result, slots, replies)
        reviews(project, policy, result, moments)
        sponsorship(project, policy, result, moments)
        _summary(project, by_project.get(project.id, []), now, result)
    aftercare(live or [], result, moments, now)
    attention(projects, managers, policy, now, result,
              lambda start, end: lapsed_between(live or [], start, end))  # fmt: skip
    if digest is not None:
        _digest(managers, digest, now, result)
    return result


class _Slots:
    """The latest slot for a schedule in a zone, worked out once a pass: most people share
    a handful of zones and most projects the default schedule."""

    def __init__(self) -> None:
        self._known: dict[tuple, tuple[datetime, date]] = {}

    def last(self, now: datetime, tz: str, project: ProjectState) -> tuple[datetime, date]:
        """The slot in UTC, and the day it falls on where the person is."""
        # Only a biweekly schedule depends on the week it started in.
        anchor = project.created_at.date() if project.cadence == "biweekly" else None
        key = (tz, project.weekday, project.hhmm, project.cadence, anchor)
        known = self._known.get(key)
        if known is None:
            slot = last_slot(
                now, tz, project.weekday, project.hhmm, project.cadence,
                anchor or project.created_at.date(),
            )  # fmt: skip
            known = self._known[key] = (slot, local_day(slot, tz))
        return known


class _Replies:
    """A project's prompt and reminder, built once and shared by all its members."""

    def __init__(self, project: ProjectState) -> None:
        self._project = project
        self._prompt: Reply | None = None
        self._reminder: Reply | None = None

    @property
    def prompt(self) -> Reply:
        if self._prompt is None:
            self._prompt = messages.prompt(self._project.name, self._project.slug)
        return self._prompt

    @property
    def reminder(self) -> Reply:
        if self._reminder is None:
            self._reminder = messages.reminder(self._project.name, self._project.slug)
        return self._reminder


def _summary(project: ProjectState, rounds: list[RoundRow], now: datetime, out: Plan) -> None:
    """When a week's last check-in window closes, the linked channels hear how it went."""
    if not project.channels:
        return
    weeks: dict[tuple[int, int], list[RoundRow]] = {}
    for r in rounds:
        if r.state != RoundState.SKIPPED:
            weeks.setdefault(r.slot_at.isocalendar()[:2], []).append(r)
    for (year, week), group in weeks.items():
        closes = max(r.closes_at for r in group)
        if any(r.state == RoundState.OPEN and now < r.closes_at for r in group):
            continue
        if not closes <= now <= closes + GRACE:
            continue
        answers = [r.answer if r.state == RoundState.ANSWERED else None for r in group]
        for channel in project.channels:
            out.messages.append(
                Message(
                    f"summary:{project.id}:{year}-W{week:02d}:{channel.target_id}",
                    None,
                    checkin_summary(project.name, project.slug, answers),
                    channel,
                )  # fmt: skip
            )


def digests_due(zones: dict[int, str], now: datetime) -> dict[int, str]:
    """Managers whose weekly digest is due now — Monday 09:00 in their own zone, within the
    grace window — with the key of that digest."""
    due = {}
    for manager, tz in zones.items():
        slot = last_slot(now, tz, 0, "09:00", "weekly", now.date())
        if now - slot <= GRACE:
            year, week, _ = slot.isocalendar()
            due[manager] = f"digest:{manager}:{year}-W{week:02d}"
    return due


def _digest(zones: dict[int, str], digest: Reply, now: datetime, out: Plan) -> None:
    for manager, key in digests_due(zones, now).items():
        out.messages.append(Message(key, manager, digest))


def _checkins(
    project: ProjectState, member: Member, history: list[RoundRow], now: datetime, out: Plan,
    slots: _Slots, replies: _Replies,
) -> None:  # fmt: skip
    slot, day = slots.last(now, member.tz, project)
    if (
        all(r.slot_at != slot for r in history)
        and slot >= max(member.since, project.created_at)
        and is_working_day(day)
        and not member.away_on(day)
    ):
        fresh = now - slot <= GRACE
        prompt = None
        if fresh:
            prompt = Message(
                f"prompt:{project.id}:{member.person_id}:{slot.isoformat()}",
                member.person_id,
                replies.prompt,
            )
        late = now >= slot + REMIND_AFTER
        out.new_rounds.append(
            NewRound(
                project.id,
                member.person_id,
                slot,
                slot + WINDOW,
                RoundState.OPEN.value if fresh else RoundState.SKIPPED.value,
                prompt,
                reminded_at=now if late else None,
            )
        )
    for index, r in enumerate(history):
        if r.state != RoundState.OPEN:
            continue
        if now >= r.closes_at:
            out.missed.append(r.id)
            previous = history[index - 1] if index else None
            if previous is not None and previous.state == RoundState.MISSED:
                for owner in project.with_role("owner"):
                    out.messages.append(
                        Message(
                            f"missed-twice:{r.id}:{owner.person_id}",
                            owner.person_id,
                            messages.missed_twice(member.name, project.name),
                            at=working_moment(now, owner.tz, owner.away),
                            new=True,
                        )
                    )
        elif now >= r.slot_at + REMIND_AFTER and r.reminded_at is None:
            if now - (r.slot_at + REMIND_AFTER) <= GRACE:
                out.messages.append(
                    Message(f"reminder:{r.id}", member.person_id, replies.reminder, new=True)
                )
            out.reminded.append(r.id)
