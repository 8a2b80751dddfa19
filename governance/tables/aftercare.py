"""After go-live: re-attestations of what keeps a project running, and the LoB's word on
whether it delivers its objective."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from governance.sqltypes import UtcDateTime


class Attestation(SQLModel, table=True):
    """An answer to "is `<key>` on <project> still true?" for one cycle in production
    (cycle n: asked n × 90 days after go-live). A second answer in a cycle replaces it."""

    __table_args__ = (UniqueConstraint("project_id", "key", "cycle"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    key: str = Field(max_length=64)
    cycle: int
    person_id: int = Field(foreign_key="person.id")
    answer: str = Field(max_length=8)  # still | changed
    note: str | None = Field(default=None, sa_type=Text)
    at: datetime = Field(sa_type=UtcDateTime)


class OutcomeAnswer(SQLModel, table=True):
    """A LoB member's answer to "does <project> deliver its objective?" for one quarter in
    production. A second answer in a quarter replaces theirs."""

    __table_args__ = (UniqueConstraint("project_id", "person_id", "quarter"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    quarter: int
    answer: str = Field(max_length=8)  # yes | partly | no
    note: str | None = Field(default=None, sa_type=Text)
    at: datetime = Field(sa_type=UtcDateTime)
