"""People, their platform identities, org roles, away spans and conversation references."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from governance.sqltypes import UtcDateTime


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    display_name: str = Field(max_length=200)
    tz: str = Field(default="UTC", max_length=64)
    created_at: datetime = Field(sa_type=UtcDateTime)


class Identity(SQLModel, table=True):
    """A person on one platform: console handle, Slack team+user, Teams tenant+AAD id."""

    __table_args__ = (UniqueConstraint("platform", "tenant", "external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    platform: str = Field(max_length=16)
    tenant: str = Field(default="", max_length=64)
    external_id: str = Field(max_length=200)


class OrgRoleGrant(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("person_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    role: str = Field(max_length=16)
    granted_at: datetime = Field(sa_type=UtcDateTime)


class AwaySpan(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    first_day: date
    last_day: date


class ConversationRef(SQLModel, table=True):
    """Where the bot can reach a person or a channel later (Teams needs the whole reference)."""

    __table_args__ = (UniqueConstraint("platform", "tenant", "scope", "target_id"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    tenant: str = Field(default="", max_length=64)
    scope: str = Field(max_length=16)  # "person" | "channel"
    target_id: str = Field(max_length=200)
    reference: str = Field(sa_type=Text)  # JSON
    updated_at: datetime = Field(sa_type=UtcDateTime)
