"""The rhythm's records: check-in rounds, and the outbox every proactive message goes through."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from governance.sqltypes import UtcDateTime


class CheckinRound(SQLModel, table=True):
    """One person's check-in for one scheduled slot of one project."""

    __table_args__ = (
        UniqueConstraint("project_id", "person_id", "slot_at"),
        # The rounds still open, whatever their age (a long downtime can leave some): a
        # handful of rows, not the whole history.
        Index(
            "ix_checkinround_open",
            "slot_at",
            postgresql_where=text("state = 'open'"),
            sqlite_where=text("state = 'open'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    # (project_id, person_id, slot_at) is unique, and its index serves lookups by project.
    project_id: int = Field(foreign_key="project.id")
    person_id: int = Field(foreign_key="person.id", index=True)
    # Planning reads the recent weeks' rounds every minute: by slot, not the whole history.
    slot_at: datetime = Field(sa_type=UtcDateTime, index=True)  # the scheduled time, in UTC
    closes_at: datetime = Field(sa_type=UtcDateTime)
    state: str = Field(default="open", max_length=12)  # a states.RoundState
    reminded_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    checkin_id: int | None = Field(default=None, foreign_key="checkin.id")


class Delivery(SQLModel, table=True):
    """An outgoing message. Planning inserts it once (``key`` is unique); a dispatcher
    claims it under a lease, sends it, and records what happened."""

    __table_args__ = (
        # What a dispatcher claims: the rows waiting or under a lease, in the order they
        # fall due. Sent rows pile up for years and stay out of it.
        Index(
            "ix_delivery_waiting",
            "due_at",
            "id",
            postgresql_where=text("status IN ('pending', 'claimed')"),
            sqlite_where=text("status IN ('pending', 'claimed')"),
        ),
        # `mlgov deliveries --failed`: the few that need a person.
        Index(
            "ix_delivery_failed",
            "id",
            postgresql_where=text("status = 'failed'"),
            sqlite_where=text("status = 'failed'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=255, unique=True)
    platform: str = Field(max_length=16)
    tenant: str = Field(default="", max_length=64)
    kind: str = Field(max_length=16)  # person | channel
    target_id: str = Field(max_length=200)
    payload: str = Field(sa_type=Text)  # the Reply, as JSON
    status: str = Field(default="pending", max_length=12)  # a states.DeliveryStatus
    attempts: int = Field(default=0)
    due_at: datetime = Field(sa_type=UtcDateTime)
    lease_until: datetime | None = Field(default=None, sa_type=UtcDateTime)
    claimed_by: str | None = Field(default=None, max_length=64)
    last_error: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(sa_type=UtcDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class SendingPause(SQLModel, table=True):
    """Sending to one workspace or tenant is paused: its token was refused (revoked, invalid,
    the account deactivated). Deliveries wait instead of failing; one is tried again at
    ``retry_at`` to see whether someone fixed it."""

    platform: str = Field(primary_key=True, max_length=16)
    tenant: str = Field(primary_key=True, max_length=64)
    reason: str = Field(sa_type=Text)
    since: datetime = Field(sa_type=UtcDateTime)
    retry_at: datetime = Field(sa_type=UtcDateTime)
