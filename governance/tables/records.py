"""What a project accumulates: criteria, cost estimates, reviews, readiness, check-ins."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from governance.sqltypes import UtcDateTime


class Criterion(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("project_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    number: int
    status: str = Field(default="open", max_length=8)  # a states.CriterionStatus
    waive_reason: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(sa_type=UtcDateTime)


class CriterionVersion(SQLModel, table=True):
    """Criteria are versioned: a change adds a version and keeps the old text."""

    __table_args__ = (UniqueConstraint("criterion_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    criterion_id: int = Field(foreign_key="criterion.id", index=True)
    version: int
    text: str = Field(sa_type=Text)
    reason: str | None = Field(default=None, sa_type=Text)
    phase: str = Field(max_length=16)
    actor_id: int | None = Field(default=None, foreign_key="person.id")
    at: datetime = Field(sa_type=UtcDateTime)


class CriteriaConfirmation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    phase: str = Field(max_length=16)
    actor_id: int | None = Field(default=None, foreign_key="person.id")
    at: datetime = Field(sa_type=UtcDateTime)


class CostEstimate(SQLModel, table=True):
    """One revision of the cost of ownership; each carries every figure known then."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    phase: str = Field(max_length=16)
    ingest_gb_day: float | None = None
    storage_gb: float | None = None
    access_users: int | None = None
    monthly: Decimal | None = Field(default=None, max_digits=16, decimal_places=2)
    # People (full-time equivalents) and operating effort (hours a month) it takes to run.
    fte: float | None = None
    ops_hours_month: float | None = None
    actor_id: int | None = Field(default=None, foreign_key="person.id")
    at: datetime = Field(sa_type=UtcDateTime)


class Review(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    phase: str = Field(max_length=16)
    notes: str | None = Field(default=None, sa_type=Text)
    actor_id: int | None = Field(default=None, foreign_key="person.id")
    at: datetime = Field(sa_type=UtcDateTime)


class ReadinessItem(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("project_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    key: str = Field(max_length=64)
    owner_id: int | None = Field(default=None, foreign_key="person.id")
    done_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    done_by: int | None = Field(default=None, foreign_key="person.id")
    evidence: str | None = Field(default=None, sa_type=Text)
    # A sign-off asked of someone (`ready <p> <key> request @u`), and the latest refusal.
    requested_of: int | None = Field(default=None, foreign_key="person.id")
    requested_by: int | None = Field(default=None, foreign_key="person.id")
    requested_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    refused_by: int | None = Field(default=None, foreign_key="person.id")
    refused_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    refused_reason: str | None = Field(default=None, sa_type=Text)


class Checkin(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    status: str = Field(max_length=16)  # on-track | at-risk | blocked
    note: str | None = Field(default=None, sa_type=Text)
    at: datetime = Field(sa_type=UtcDateTime)
