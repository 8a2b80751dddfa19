"""The append-only audit log, and the record of inbound deliveries already handled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from governance.sqltypes import UtcDateTime


class Event(SQLModel, table=True):
    """One change: who, on which platform, when, what, before -> after. Never updated."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UtcDateTime, index=True)
    actor_id: int | None = Field(default=None, foreign_key="person.id")
    # Who acted as they were known then, and their stable id on ``platform`` (a Slack user
    # id, an AAD object id, a console handle): a renamed account cannot rewrite the record.
    actor_name: str | None = Field(default=None, max_length=200)
    actor_identity: str | None = Field(default=None, max_length=200)
    platform: str = Field(max_length=16)
    project_id: int | None = Field(default=None, foreign_key="project.id", index=True)
    kind: str = Field(max_length=32)
    summary: str = Field(sa_type=Text)
    before: str | None = Field(default=None, sa_type=Text)  # JSON
    after: str | None = Field(default=None, sa_type=Text)  # JSON


class SeenEvent(SQLModel, table=True):
    """A platform delivery already processed (Slack retries, a card submitted twice)."""

    key: str = Field(primary_key=True, max_length=255)
    at: datetime = Field(sa_type=UtcDateTime)
