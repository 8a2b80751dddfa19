"""What planning reads (projects, members, rounds) and what it decides (a plan)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from governance.derived import HealthInputs
from governance.replies import Reply
from governance.rhythm.occurrences import is_away
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
        return is_away(day, self.away)


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
class RoundRow:
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
    # Planned with a change this pass records (a round marked reminded or missed), so no
    # earlier pass queued it: not worth looking up in the outbox first.
    new: bool = False


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
