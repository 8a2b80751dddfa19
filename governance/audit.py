"""Writing the append-only audit log."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from governance.tables import Event


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, default=str, ensure_ascii=False, sort_keys=True)


def record(
    session: AsyncSession,
    *,
    at: datetime,
    actor_id: int | None,
    platform: str,
    actor_name: str | None = None,
    actor_identity: str | None = None,
    kind: str,
    summary: str,
    project_id: int | None = None,
    before: Any = None,
    after: Any = None,
) -> Event:
    event = Event(
        at=at,
        actor_id=actor_id,
        actor_name=actor_name[:200] if actor_name else None,
        actor_identity=actor_identity[:200] if actor_identity else None,
        platform=platform,
        project_id=project_id,
        kind=kind,
        summary=summary,
        before=_json(before),
        after=_json(after),
    )
    session.add(event)
    return event


def who(actor_name: str | None, platform: str, actor_identity: str | None) -> str:
    """Who acted, as the record shows them: the name they had then and their stable id on
    the platform (`Bob Sponsor (slack U0EVE)`), so a renamed account cannot pass for them."""
    if actor_name is None:
        return "the bot"
    if actor_identity is None or actor_identity == actor_name:  # a console handle is its id
        return actor_name
    return f"{actor_name} ({platform} {actor_identity})"
