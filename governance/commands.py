"""Commands: what a person asked for, validated, before any database is touched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from governance.parser import Mention
from governance.phases import CheckinStatus, Health, Phase, ProjectRole, RiskTier


@dataclass(frozen=True)
class Help:
    topic: str | None = None


@dataclass(frozen=True)
class NewProject:
    name: str
    sponsor: Mention | None = None
    owner: Mention | None = None
    budget: Decimal | None = None
    risk: RiskTier | None = None
    objective: str | None = None
    target_date: date | None = None  # the production date aimed for


@dataclass(frozen=True)
class EditProject:
    project: str
    objective: str | None = None
    risk: RiskTier | None = None
    budget: Decimal | None = None
    name: str | None = None  # a rename: the slug stays, the old name still finds it
    target_date: date | None = None


@dataclass(frozen=True)
class Status:
    project: str


@dataclass(frozen=True)
class Portfolio:
    phase: Phase | None = None
    health: Health | None = None
    sponsor: Mention | None = None
    done_not_live: bool = False
    at_risk: bool = False  # health red or amber: anything that needs a look
    blocked: bool = False  # the latest check-in says blocked
    lapsed: bool = False  # the sponsorship lapsed


@dataclass(frozen=True)
class PortfolioMetrics:
    """Conversion to production, days in each phase, abandonment, done-not-live ages."""


@dataclass(frozen=True)
class PortfolioChart:
    """A picture: the funnel by phase in health colours, and the done-not-live ages."""


@dataclass(frozen=True)
class Advance:
    project: str
    to: Phase | None = None
    force: bool = False
    reason: str | None = None
    # On Slack and Teams a forced move is asked about first; its button says yes.
    confirmed: bool = False


@dataclass(frozen=True)
class Abandon:
    project: str
    reason: str
    # On Slack and Teams abandoning is asked about first; its button says yes.
    confirmed: bool = False


@dataclass(frozen=True)
class NameSponsor:
    project: str
    sponsor: Mention
    budget: Decimal | None = None


@dataclass(frozen=True)
class ConfirmSponsorship:
    project: str


@dataclass(frozen=True)
class DeclineSponsorship:
    """The named sponsor says no (before or after saying yes): they stop sponsoring."""

    project: str
    reason: str | None = None


@dataclass(frozen=True)
class Accept:
    project: str


@dataclass(frozen=True)
class ChangeMember:
    project: str
    add: bool
    person: Mention
    role: ProjectRole


@dataclass(frozen=True)
class ShowMembers:
    project: str


@dataclass(frozen=True)
class ShowCriteria:
    project: str
    history: bool = False


@dataclass(frozen=True)
class AddCriterion:
    project: str
    text: str


@dataclass(frozen=True)
class ChangeCriterion:
    project: str
    number: int
    text: str
    reason: str


@dataclass(frozen=True)
class ResolveCriterion:
    project: str
    number: int
    met: bool  # False: waived, with a reason
    reason: str | None = None


@dataclass(frozen=True)
class ConfirmCriteria:
    project: str


@dataclass(frozen=True)
class ShowReadiness:
    project: str


@dataclass(frozen=True)
class CheckOff:
    project: str
    key: str
    evidence: str | None = None


@dataclass(frozen=True)
class AssignItem:
    project: str
    key: str
    owner: Mention


@dataclass(frozen=True)
class RequestSignoff:
    """Ask ``person`` to sign a readiness item (`ready <p> <key> request @u`)."""

    project: str
    key: str
    person: Mention


@dataclass(frozen=True)
class RefuseSignoff:
    """A signer says no to a readiness item, with a reason (`ready <p> <key> reject`)."""

    project: str
    key: str
    reason: str | None = None  # required; None only from a button pressed without a note


@dataclass(frozen=True)
class ShowCost:
    project: str


@dataclass(frozen=True)
class ReviseCost:
    project: str
    ingest_gb_day: float | None = None
    storage_gb: float | None = None
    access_users: int | None = None
    monthly: Decimal | None = None
    fte: float | None = None  # people working on it, in full-time equivalents
    ops_hours_month: float | None = None  # operating effort, hours a month


@dataclass(frozen=True)
class RecordCheckin:
    project: str
    status: CheckinStatus
    note: str | None = None


@dataclass(frozen=True)
class RecordReview:
    project: str
    note: str | None = None


@dataclass(frozen=True)
class History:
    project: str


@dataclass(frozen=True)
class Link:
    project: str


@dataclass(frozen=True)
class ScheduleCheckins:
    project: str
    cadence: str  # weekly | biweekly
    weekday: int
    at: str  # HH:MM


@dataclass(frozen=True)
class ScheduleReviews:
    project: str
    days: int


@dataclass(frozen=True)
class SetTimeZone:
    zone: str


@dataclass(frozen=True)
class ShowTimeZone:
    pass


@dataclass(frozen=True)
class ShowAway:
    pass


@dataclass(frozen=True)
class SetAway:
    first: date | None  # None with last None: clear
    last: date | None


@dataclass(frozen=True)
class Todo:
    """What waits on the speaker: check-ins, sign-offs, items, confirmations."""


@dataclass(frozen=True)
class Attest:
    """A re-attestation after go-live: `<key>` on the project is still true, or changed."""

    project: str
    key: str
    answer: str  # still | changed
    note: str | None = None


@dataclass(frozen=True)
class RecordOutcome:
    """A LoB member's word on whether the project delivers its objective."""

    project: str
    answer: str  # yes | partly | no
    note: str | None = None


Command = (
    Help
    | NewProject
    | EditProject
    | Status
    | Portfolio
    | PortfolioMetrics
    | PortfolioChart
    | Advance
    | Abandon
    | NameSponsor
    | ConfirmSponsorship
    | DeclineSponsorship
    | Accept
    | ChangeMember
    | ShowMembers
    | ShowCriteria
    | AddCriterion
    | ChangeCriterion
    | ResolveCriterion
    | ConfirmCriteria
    | ShowReadiness
    | ShowCost
    | CheckOff
    | AssignItem
    | RequestSignoff
    | RefuseSignoff
    | ReviseCost
    | RecordCheckin
    | RecordReview
    | History
    | Link
    | ScheduleCheckins
    | ScheduleReviews
    | SetTimeZone
    | ShowTimeZone
    | SetAway
    | ShowAway
    | Todo
    | Attest
    | RecordOutcome
)
