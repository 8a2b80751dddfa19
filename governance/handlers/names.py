"""Finding a project by a name: its current name or one it had before a rename.

Names are compared by their key (governance.slugs.key), case-insensitively in any script.
SQL's lower() folds only ASCII on SQLite (and on a PostgreSQL database in the C locale),
so a name outside ASCII that SQL cannot match is compared here, in Python.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.slugs import key
from governance.tables import EarlierName, Project


async def by_current_name(session: AsyncSession, name: str) -> Project | None:
    wanted = name.strip()
    found = (
        await session.exec(select(Project).where(func.lower(col(Project.name)) == wanted.lower()))
    ).first()
    if found is not None or wanted.isascii():
        return found
    wanted_key = key(wanted)
    rows = await session.exec(select(Project.id, Project.name).order_by(col(Project.id)))
    for project_id, project_name in rows:
        if key(project_name) == wanted_key:
            return await session.get(Project, project_id)
    return None


async def by_earlier_name(session: AsyncSession, name: str) -> Project | None:
    """The project most recently renamed away from ``name``."""
    statement = (
        select(Project)
        .join(EarlierName, col(EarlierName.project_id) == col(Project.id))
        .where(EarlierName.key == key(name))
        .order_by(col(EarlierName.until).desc(), col(EarlierName.id).desc())
        .limit(1)
    )
    return (await session.exec(statement)).first()
