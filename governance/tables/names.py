"""The names a project had before it was renamed: an old name still finds the project."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from governance.sqltypes import UtcDateTime


class EarlierName(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    name: str = Field(max_length=120)
    # The name as compared (governance.slugs.key): case-insensitive in every script, which
    # SQL's lower() is not on SQLite.
    key: str = Field(max_length=400, index=True)
    until: datetime = Field(sa_type=UtcDateTime)
