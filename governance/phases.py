"""Project phases, their order, and the words for a project's delivery status."""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    IDEA = "idea"
    EXPERIMENTATION = "experimentation"
    DEVELOPMENT = "development"
    DEPLOYMENT = "deployment"
    PRODUCTION = "production"
    RETIRED = "retired"
    ABANDONED = "abandoned"


# The forward path; ``abandoned`` stands apart and may be entered from any phase.
ORDER: tuple[Phase, ...] = (
    Phase.IDEA,
    Phase.EXPERIMENTATION,
    Phase.DEVELOPMENT,
    Phase.DEPLOYMENT,
    Phase.PRODUCTION,
    Phase.RETIRED,
)
CLOSED: frozenset[Phase] = frozenset({Phase.RETIRED, Phase.ABANDONED})


def parse_phase(word: str) -> Phase | None:
    word = word.strip().lower()
    for phase in Phase:
        if phase.value == word:
            return phase
    return None


def next_phase(phase: Phase) -> Phase | None:
    if phase not in ORDER:
        return None
    index = ORDER.index(phase)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def rank(phase: Phase) -> int:
    """Position on the forward path; abandoned sorts last."""
    return ORDER.index(phase) if phase in ORDER else len(ORDER)


class RiskTier(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Standing(StrEnum):
    """Where a project stands towards production: what the product calls its delivery status
    (not to be confused with the outbox's deliveries)."""

    EXPLORING = "exploring"
    DONE_NOT_LIVE = "done — not in production"
    IN_PRODUCTION = "in production"
    RETIRED = "retired"
    ABANDONED = "abandoned"


class Health(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class CheckinStatus(StrEnum):
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    BLOCKED = "blocked"


class ProjectRole(StrEnum):
    OWNER = "owner"
    SPONSOR = "sponsor"
    ML = "ml"
    IT = "it"
    LOB = "lob"
    ENDUSER = "enduser"


class OrgRole(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    # Reviewers across projects: they sign the item of the same name (default policy).
    ETHICS = "ethics"
    COMPLIANCE = "compliance"
    SECURITY = "security"
