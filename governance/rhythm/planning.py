"""Deciding what is due at a moment: pure, over loaded state and an injected time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from governance.derived import HealthInputs, review_due_at, sponsorship_due_at
from governance.policy import Policy
from governance.replies import Reply
from governance.rhythm import messages
from governance.rhythm.occurrences import is_working_day, last_slot, local_day

GRACE = timedelta(hours=6)  # after downtime, older occurrences are skipped, not sent
REMIND_AFTER = timedelta(hours=4)
WINDOW = timedelta(hours=24)
PROMPTED_ROLES = frozenset({"owner", "ml", "it"})  # the team; sponsors and users are not


@dataclass(frozen=True)
class Member:
    person_id: int
    name: str
    tz: str
    roles: frozenset[str]
    since: datetime
    away: tuple[tuple[date, date], ...] = ()

    def away_on(self, day: date) -> bool:
        return any(first <= day <= last for first, last in self.away)


@dataclass(frozen=True)
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

    def with_role(self, role: str) -> list[Member]:
        return [m for m in self.members if role in m.roles]


@dataclass(frozen=True)
class RoundState:
    id: int
    project_id: int
    person_id: int
    slot_at: datetime
    closes_at: datetime
    state: str
    reminded_at: datetime | None


@dataclass(frozen=True)
class Message:
    key: str  # unique per recipient and occurrence: the outbox refuses a second one
    person_id: int
    reply: Reply


@dataclass(frozen=True)
class NewRound:
    project_id: int
    person_id: int
    slot_at: datetime
    closes_at: datetime
    state: str  # open | skipped
    prompt: Message | None
    # A round opened late (after downtime) past its reminder time gets no reminder.
    reminded_at: datetime | None = None


@dataclass
class Plan:
    new_rounds: list[NewRound] = field(default_factory=list)
    reminded: list[int] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)


def plan(
    projects: list[ProjectState],
    rounds: list[RoundState],
    managers: list[int],
    policy: Policy,
    now: datetime,
) -> Plan:
    result = Plan()
    by_member: dict[tuple[int, int], list[RoundState]] = {}
    for r in sorted(rounds, key=lambda r: r.slot_at):
        by_member.setdefault((r.project_id, r.person_id), []).append(r)
    for project in projects:
        for member in project.members:
            if member.roles & PROMPTED_ROLES:
                history = by_member.get((project.id, member.person_id), [])
                _checkins(project, member, history, now, result)
        _reviews(project, managers, policy, now, result)
        _sponsorship(project, managers, policy, now, result)
    return result


def _checkins(
    project: ProjectState, member: Member, history: list[RoundState], now: datetime, out: Plan
) -> None:
    slot = last_slot(
        now, member.tz, project.weekday, project.hhmm, project.cadence, project.created_at.date()
    )
    known = {r.slot_at for r in history}
    if (
        slot not in known
        and slot >= max(member.since, project.created_at)
        and is_working_day(slot, member.tz)
        and not member.away_on(local_day(slot, member.tz))
    ):
        fresh = now - slot <= GRACE
        prompt = None
        if fresh:
            prompt = Message(
                f"prompt:{project.id}:{member.person_id}:{slot.isoformat()}",
                member.person_id,
                messages.prompt(project.name, project.slug),
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
                        )  # fmt: skip
                    )
        elif now >= r.slot_at + REMIND_AFTER and r.reminded_at is None:
            if now - (r.slot_at + REMIND_AFTER) <= GRACE:
                out.messages.append(
                    Message(
                        f"reminder:{r.id}",
                        member.person_id,
                        messages.reminder(project.name, project.slug),
                    )  # fmt: skip
                )
            out.reminded.append(r.id)


def _reviews(
    project: ProjectState, managers: list[int], policy: Policy, now: datetime, out: Plan
) -> None:
    due = review_due_at(project.health, policy)
    if now < due:
        return
    stamp = f"{project.id}:{project.health.phase}:{due.date().isoformat()}"
    for person in {m.person_id for m in project.members if m.roles & {"owner", "sponsor"}}:
        out.messages.append(
            Message(
                f"review-due:{stamp}:{person}",
                person,
                messages.review_due(project.name, project.slug, due),
            )  # fmt: skip
        )
    if now >= due + timedelta(days=policy.review_escalate_after_days):
        for manager in managers:
            out.messages.append(
                Message(
                    f"review-overdue:{stamp}:{manager}",
                    manager,
                    messages.review_overdue(project.name, project.slug, due),
                )  # fmt: skip
            )


def _sponsorship(
    project: ProjectState, managers: list[int], policy: Policy, now: datetime, out: Plan
) -> None:
    due = sponsorship_due_at(project.health, policy)
    if due is None or now < due:
        return
    renewed = project.health.sponsorship_renewed_at
    stamp = f"{project.id}:{renewed.isoformat() if renewed else ''}"
    for sponsor in project.with_role("sponsor"):
        out.messages.append(
            Message(
                f"sponsorship-due:{stamp}:{sponsor.person_id}",
                sponsor.person_id,
                messages.sponsorship_due(project.name, project.slug),
            )  # fmt: skip
        )
    if now >= due + timedelta(days=policy.sponsorship_lapse_days):
        told = {m.person_id for m in project.with_role("owner")} | set(managers)
        for person in told:
            out.messages.append(
                Message(
                    f"sponsorship-lapsed:{stamp}:{person}",
                    person,
                    messages.sponsorship_lapsed(project.name, project.slug),
                )  # fmt: skip
            )
