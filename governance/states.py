"""The states the record stores, each named once: what a column may hold."""

from __future__ import annotations

from enum import StrEnum


class Platform(StrEnum):
    """Where a person, a message or a delivery lives."""

    CONSOLE = "console"
    SLACK = "slack"
    TEAMS = "teams"


class RoundState(StrEnum):
    """One person's check-in for one slot: open until answered, missed when its window
    closes, skipped when it fell in downtime beyond the grace window."""

    OPEN = "open"
    ANSWERED = "answered"
    MISSED = "missed"
    SKIPPED = "skipped"


class CriterionStatus(StrEnum):
    OPEN = "open"
    MET = "met"
    WAIVED = "waived"


class DeliveryStatus(StrEnum):
    """An outgoing message: waiting, leased to a worker, sent, or failed for good."""

    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"


class InboundState(StrEnum):
    """An acknowledged command: received, carried out (its answer stored), answered."""

    RECEIVED = "received"
    DONE = "done"
    ANSWERED = "answered"
