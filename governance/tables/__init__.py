"""SQLModel tables. Importing this package registers every table on SQLModel.metadata."""

from governance.tables.aftercare import Attestation, OutcomeAnswer
from governance.tables.audit import Event, SeenEvent
from governance.tables.inbound import Inbound
from governance.tables.names import EarlierName
from governance.tables.people import AwaySpan, ConversationRef, Identity, OrgRoleGrant, Person
from governance.tables.projects import ChannelLink, Membership, Project, Transition
from governance.tables.records import (
    Checkin,
    CostEstimate,
    CriteriaConfirmation,
    Criterion,
    CriterionVersion,
    ReadinessItem,
    Review,
)
from governance.tables.rhythm import CheckinRound, Delivery, SendingPause

__all__ = [
    "Attestation",
    "AwaySpan",
    "ChannelLink",
    "Checkin",
    "CheckinRound",
    "ConversationRef",
    "CostEstimate",
    "CriteriaConfirmation",
    "Criterion",
    "CriterionVersion",
    "Delivery",
    "EarlierName",
    "Event",
    "Identity",
    "Inbound",
    "Membership",
    "OutcomeAnswer",
    "OrgRoleGrant",
    "Person",
    "Project",
    "ReadinessItem",
    "Review",
    "SeenEvent",
    "SendingPause",
    "Transition",
]
