"""The console's inbox: messages for a console handle wait until its next `mlgov chat`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, select

from governance.replies import Reply
from governance.rhythm.payload import load
from governance.states import DeliveryStatus, Platform
from governance.tables import Delivery
from governance.uow import UnitOfWork


async def take(uow: UnitOfWork, handle: str, now: datetime) -> list[Reply]:
    async with uow:
        rows = list(
            await uow.session.exec(
                select(Delivery)
                .where(
                    Delivery.platform == Platform.CONSOLE,
                    Delivery.target_id == handle,
                    Delivery.status == DeliveryStatus.PENDING,
                    col(Delivery.due_at) <= now,
                )
                .order_by(col(Delivery.id))
            )
        )
        if rows:
            await uow.session.exec(
                update(Delivery)  # type: ignore[call-overload]
                .where(
                    col(Delivery.id).in_([r.id for r in rows]),
                    col(Delivery.status) == DeliveryStatus.PENDING,
                )
                .values(status=DeliveryStatus.SENT, sent_at=now)
            )
        await uow.commit()
    return [load(r.payload) for r in rows]
