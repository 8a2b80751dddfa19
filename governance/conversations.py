"""Where the bot can reach a person or a channel later: the stored conversation references
proactive messages go through (Teams needs the whole reference)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from governance.tables import ConversationRef
from governance.uow import UnitOfWork


async def remember(
    uow: UnitOfWork, now: datetime, platform: str, tenant: str, scope: str, target_id: str,
    reference: str,
) -> None:  # fmt: skip
    async with uow:
        row = (
            await uow.session.exec(
                select(ConversationRef).where(
                    ConversationRef.platform == platform,
                    ConversationRef.tenant == tenant,
                    ConversationRef.scope == scope,
                    ConversationRef.target_id == target_id,
                )
            )
        ).first()
        if row is None:
            row = ConversationRef(platform=platform, tenant=tenant, scope=scope,
                                  target_id=target_id, reference=reference, updated_at=now)  # fmt: skip
        elif row.reference == reference:
            return
        row.reference, row.updated_at = reference, now
        uow.session.add(row)
        try:
            await uow.commit()
        except IntegrityError:
            pass  # another replica stored it at the same moment


async def find(
    uow: UnitOfWork, platform: str, tenant: str, scope: str, target_id: str
) -> str | None:
    async with uow:
        return (
            await uow.session.exec(
                select(ConversationRef.reference).where(
                    ConversationRef.platform == platform,
                    ConversationRef.tenant == tenant,
                    ConversationRef.scope == scope,
                    ConversationRef.target_id == target_id,
                )
            )
        ).first()
