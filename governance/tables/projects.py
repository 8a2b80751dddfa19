"""Projects, their members, phase transitions and report channels."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Text, UniqueConstraint
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from governance.sqltypes import UtcDateTime


class Project(SQLModel, table=True):
    # Every change to a project bumps its version and is written only if nobody else changed
    # it since it was read: two changes at the same instant on two servers never both land.
    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - SQLAlchemy's declarative hook
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=120)
    objective: str | None = Field(default=None, sa_type=Text)
    budget: Decimal | None = Field(default=None, max_digits=16, decimal_places=2)
    risk: str | None = Field(default=None, max_length=8)
    phase: str = Field(default="idea", max_length=16, index=True)
    phase_entered_at: datetime = Field(sa_type=UtcDateTime)
    accepted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    # Set when a sponsor is named or reconfirms; reconfirmation falls due from here.
    sponsorship_renewed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    live_since: datetime | None = Field(default=None, sa_type=UtcDateTime)
    # The production date aimed for (`target:<YYYY-MM-DD>`); None: none set.
    target_date: date | None = None
    closed_reason: str | None = Field(default=None, sa_type=Text)
    checkin_cadence: str = Field(default="weekly", max_length=16)
    checkin_weekday: int = Field(default=0)  # Monday
    checkin_time: str = Field(default="09:30", max_length=5)
    review_every_days: int | None = Field(default=None)  # None: the policy's default
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Membership(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("project_id", "person_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    role: str = Field(max_length=16)
    since: datetime = Field(sa_type=UtcDateTime)
    # A sponsor counts once they said yes: when they did (None: asked, not yet answered).
    # Other roles need no consent and leave it empty.
    confirmed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class Transition(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    from_phase: str = Field(max_length=16)
    to_phase: str = Field(max_length=16)
    reason: str | None = Field(default=None, sa_type=Text)
    forced: bool = Field(default=False)
    actor_id: int | None = Field(default=None, foreign_key="person.id")
    at: datetime = Field(sa_type=UtcDateTime)


class ChannelLink(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("project_id", "platform", "tenant", "channel_id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    platform: str = Field(max_length=16)
    tenant: str = Field(default="", max_length=64)
    channel_id: str = Field(max_length=200)
    name: str | None = Field(default=None, max_length=200)
    linked_at: datetime = Field(sa_type=UtcDateTime)
