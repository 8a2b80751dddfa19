"""The LoB's latest word on whether a project in production delivers its objective."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.replies import Field, Reply
from governance.tables import OutcomeAnswer, Person


async def outcome_field(session: AsyncSession, project_id: int) -> Field | None:
    """'Delivers its objective: partly — “note” (Lena, 2026-11-02)', from the latest answer."""
    latest = (
        await session.exec(
            select(OutcomeAnswer, Person.display_name)  # type: ignore[call-overload]
            .join(Person, col(Person.id) == col(OutcomeAnswer.person_id))
            .where(OutcomeAnswer.project_id == project_id)
            .order_by(col(OutcomeAnswer.at).desc(), col(OutcomeAnswer.id).desc())
            .limit(1)
        )
    ).first()
    if latest is None:
        return None
    answer, who = latest
    note = f" — “{answer.note}”" if answer.note else ""
    return Field("Delivers its objective", f"{answer.answer}{note} ({who}, {answer.at.date()})")


async def with_outcome(session: AsyncSession, project_id: int, reply: Reply) -> Reply:
    """``reply`` (a project's status) with the outcome line last among its fields."""
    found = await outcome_field(session, project_id)
    return reply if found is None else replace(reply, fields=[*reply.fields, found])
