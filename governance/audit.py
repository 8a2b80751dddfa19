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
    kind: str,
    summary: str,
    project_id: int | None = None,
    before: Any = None,
    after: Any = None,
) -> None:
    session.add(
        Event(
            at=at,
            actor_id=actor_id,
            platform=platform,
            project_id=project_id,
            kind=kind,
            summary=summary,
            before=_json(before),
            after=_json(after),
        )
    )
