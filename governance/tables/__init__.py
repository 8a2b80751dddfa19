"""SQLModel tables. Importing this package registers every table on SQLModel.metadata."""

from governance.tables.audit import Event, SeenEvent
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

__all__ = [
    "AwaySpan",
    "ChannelLink",
    "Checkin",
    "ConversationRef",
    "CostEstimate",
    "CriteriaConfirmation",
    "Criterion",
    "CriterionVersion",
    "Event",
    "Identity",
    "Membership",
    "OrgRoleGrant",
    "Person",
    "Project",
    "ReadinessItem",
    "Review",
    "SeenEvent",
    "Transition",
]
