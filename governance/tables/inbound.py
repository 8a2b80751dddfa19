"""Commands the platforms delivered and the bot acknowledged, kept until answered."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text, text
from sqlmodel import Field, SQLModel

from governance.sqltypes import UtcDateTime


class Inbound(SQLModel, table=True):
    """One acknowledged command: written before the platform hears "received", carried out
    once (its state moves in the same transaction as the command's changes), then answered.
    A process that dies on the way leaves the row for the next one to finish."""

    __table_args__ = (
        # What recovery looks at: the few rows not yet answered, never the whole history.
        Index(
            "ix_inbound_unanswered",
            "received_at",
            postgresql_where=text("state <> 'answered'"),
            sqlite_where=text("state <> 'answered'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=255, unique=True)  # the platform's own id for the delivery
    platform: str = Field(max_length=16)
    tenant: str = Field(default="", max_length=64)
    user_id: str = Field(max_length=200)
    display_name: str | None = Field(default=None, max_length=200)
    tz: str | None = Field(default=None, max_length=64)
    channel_id: str | None = Field(default=None, max_length=200)
    channel_name: str | None = Field(default=None, max_length=200)
    line: str | None = Field(default=None, sa_type=Text)  # a chat line as typed
    command: str | None = Field(default=None, sa_type=Text)  # a button's command (JSON)
    pressed_on: str | None = Field(default=None, max_length=255)  # the message it was on
    note: str | None = Field(default=None, sa_type=Text)
    answer_to: str = Field(sa_type=Text)  # JSON, the adapter's: where the answer goes
    # The newest audit event when it came in: a decision on a project changed after that is
    # refused (the person decided on a state that is gone).
    seen_event: int | None = Field(default=None)
    state: str = Field(default="received", max_length=12)  # a states.InboundState
    reply: str | None = Field(default=None, sa_type=Text)  # the answer (JSON), once done
    attempts: int = Field(default=0)
    received_at: datetime = Field(sa_type=UtcDateTime)
    lease_until: datetime | None = Field(default=None, sa_type=UtcDateTime)
    claimed_by: str | None = Field(default=None, max_length=64)
    answered_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
