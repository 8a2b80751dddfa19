"""Deciding what is due at a moment: pure, over loaded state and an injected time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from governance.derived import HealthInputs, review_due_at, sponsorship_due_at
from governance.policy import Policy
from governance.replies import Reply
from governance.rhythm import messages
from governance.rhythm.digest import checkin_summary
from governance.rhythm.occurrences import last_slot, local_day, working_moment
from governance.sending import Recipient

GRACE = timedelta(hours=6)  # after downtime, older occurrences are skipped, not sent
REMIND_AFTER = timedelta(hours=4)
WINDOW = timedelta(hours=24)
# From the end of a Friday to the start of a Monday (and an hour for a clock change): the
# longest a moment waits for working hours when the person is not away.
LONGEST_EVENING = timedelta(hours=64)
PROMPTED_ROLES = frozenset({"owner", "ml", "it"})  # the team; sponsors and users are not


@dataclass(frozen=True, slots=True)
class Member:
    person_id: int
    name: str
    tz: str
    roles: frozenset[str]
    since: datetime
    away: tuple[tuple[date, date], ...] = ()

    def away_on(self, day: date) -> bool:
        return any(first <= day <= last for first, last in self.away)


@dataclass(frozen=True, slots=True)
class ProjectState:
    id: int
    slug: str
    name: str
    cadence: str
    weekday: int
    hhmm: str
    created_at: datetime
    health: HealthInputs
    members: tuple[Member, ...]
    channels: tuple[Recipient, ...] = ()

    def with_role(self, role: str) -> list[Member]:
        return [m for m in self.members if role in m.roles]


@dataclass(frozen=True, slots=True)
class RoundState:
    id: int
    project_id: int
    person_id: int
    slot_at: datetime
    closes_at: datetime
    state: str
    reminded_at: datetime | None
    answer: str | None = None  # on-track | at-risk | blocked, when answered


@dataclass(frozen=True, slots=True)
class Message:
    key: str  # unique per recipient and occurrence: the outbox refuses a second one
    person_id: int | None  # a person, or …
    reply: Reply
    channel: Recipient | None = None  # … a channel
    at: datetime | None = None  # held in the outbox until then (the recipient's working hours)


@dataclass(frozen=True, slots=True)
class NewRound:
    project_id: int
    person_id: int
    slot_at: datetime
    closes_at: datetime
    state: str  # open | skipped
    prompt: Message | None
    # A round opened late (after downtime) past its reminder time gets no reminder.
    reminded_at: datetime | None = None


@dataclass(slots=True)
class Plan:
    new_rounds: list[NewRound] = field(default_factory=list)
    reminded: list[int] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)


class _Moments:
    """Whether a nudge due at a moment is to be said to a person now: in their working
    hours, not while away, within the grace window of that moment. Worked out once a pass
    for each moment and zone: the managers of an organisation share a handful of zones."""

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


def plan(
    projects: list[ProjectState],
    rounds: list[RoundState],
    managers: list[int],
    policy: Policy,
    now: datetime,
    manager_zones: dict[int, str] | None = None,
    digest: Reply | None = None,
) -> Plan:
    result = Plan()
    by_project: dict[int, list[RoundState]] = {}
    by_member: dict[tuple[int, int], list[RoundState]] = {}
    for r in sorted(rounds, key=lambda r: r.slot_at):
        by_project.setdefault(r.project_id, []).append(r)
        by_member.setdefault((r.project_id, r.person_id), []).append(r)
    zones = manager_zones or dict.fromkeys(managers, "UTC")
    slots, moments = _Slots(), _Moments(now)
    for project in projects:
        replies = _Replies(project)
        for member in project.members:
            if member.roles & PROMPTED_ROLES:
                history = by_member.get((project.id, member.person_id), [])
                _checkins(project, member, history, now, result, slots, replies)
        _reviews(project, zones, policy, now, result, moments)
        _sponsorship(project, zones, policy, now, result, moments)
        _summary(project, by_project.get(project.id, []), now, result)
    if digest is not None:
        _digest(manager_zones or {}, digest, now, result)
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


def _summary(project: ProjectState, rounds: list[RoundState], now: datetime, out: Plan) -> None:
    """When a week's last check-in window closes, the linked channels hear how it went."""
    if not project.channels:
        return
    weeks: dict[tuple[int, int], list[RoundState]] = {}
    for r in rounds:
        if r.state != "skipped":
            weeks.setdefault(r.slot_at.isocalendar()[:2], []).append(r)
    for (year, week), group in weeks.items():
        closes = max(r.closes_at for r in group)
        if any(r.state == "open" and now < r.closes_at for r in group):
            continue
        if not closes <= now <= closes + GRACE:
            continue
        answers = [r.answer if r.state == "answered" else None for r in group]
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
    project: ProjectState, member: Member, history: list[RoundState], now: datetime, out: Plan,
    slots: _Slots, replies: _Replies,
) -> None:  # fmt: skip
    slot, day = slots.last(now, member.tz, project)
    if (
        (not history or all(r.slot_at != slot for r in history))
        and slot >= max(member.since, project.created_at)
        and day.weekday() < 5  # working days only
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
                "open" if fresh else "skipped",
                prompt,
                reminded_at=now if late else None,
            )
        )
    for index, r in enumerate(history):
        if r.state != "open":
            continue
        if now >= r.closes_at:
            out.missed.append(r.id)
            previous = history[index - 1] if index else None
            if previous is not None and previous.state == "missed":
                for owner in project.with_role("owner"):
                    out.messages.append(
                        Message(
                            f"missed-twice:{r.id}:{owner.person_id}",
                            owner.person_id,
                            messages.missed_twice(member.name, project.name),
                            at=working_moment(now, owner.tz, owner.away),
                        )
                    )
        elif now >= r.slot_at + REMIND_AFTER and r.reminded_at is None:
            if now - (r.slot_at + REMIND_AFTER) <= GRACE:
                out.messages.append(
                    Message(
                        f"reminder:{r.id}",
                        member.person_id,
                        replies.reminder,
                    )  # fmt: skip
                )
            out.reminded.append(r.id)


def _reviews(
    project: ProjectState, managers: dict[int, str], policy: Policy, now: datetime, out: Plan,
    moments: _Moments,
) -> None:  # fmt: skip
    due = review_due_at(project.health, policy)
    if now < due:
        return
    stamp = f"{project.id}:{project.health.phase}:{due.date().isoformat()}"
    # A nudge is an occurrence like a prompt: said in the person's working hours within the
    # grace window, or (after downtime) not at all — health still shows it.
    for member in project.members:
        if member.roles & {"owner", "sponsor"} and moments.now_for(due, member.tz, member.away):
            out.messages.append(
                Message(
                    f"review-due:{stamp}:{member.person_id}",
                    member.person_id,
                    messages.review_due(project.name, project.slug, due),
                )  # fmt: skip
            )
    escalate = due + timedelta(days=policy.review_escalate_after_days)
    if now < escalate:
        return
    overdue = None
    for manager, tz in managers.items():
        if moments.now_for(escalate, tz):
            overdue = overdue or messages.review_overdue(project.name, project.slug, due)
            out.messages.append(Message(f"review-overdue:{stamp}:{manager}", manager, overdue))


def _sponsorship(
    project: ProjectState, managers: dict[int, str], policy: Policy, now: datetime, out: Plan,
    moments: _Moments,
) -> None:  # fmt: skip
    due = sponsorship_due_at(project.health, policy)
    if due is None or now < due:
        return
    renewed = project.health.sponsorship_renewed_at
    stamp = f"{project.id}:{renewed.isoformat() if renewed else ''}"
    for sponsor in project.with_role("sponsor"):
        if moments.now_for(due, sponsor.tz, sponsor.away):
            out.messages.append(
                Message(
                    f"sponsorship-due:{stamp}:{sponsor.person_id}",
                    sponsor.person_id,
                    messages.sponsorship_due(project.name, project.slug),
                )  # fmt: skip
            )
    lapse = due + timedelta(days=policy.sponsorship_lapse_days)
    if now < lapse:
        return
    told = {m.person_id: (m.tz, m.away) for m in project.with_role("owner")}
    told.update({m: (tz, ()) for m, tz in managers.items()})
    lapsed = None
    for person, (tz, away) in told.items():
        if moments.now_for(lapse, tz, away):
            lapsed = lapsed or messages.sponsorship_lapsed(project.name, project.slug)
            out.messages.append(Message(f"sponsorship-lapsed:{stamp}:{person}", person, lapsed))
