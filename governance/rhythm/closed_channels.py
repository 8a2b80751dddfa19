"""Channels the bot may not post in: telling whoever linked one to a project, once, what
to do.

A channel is linked by a person saying `link <project>` in it, but the bot may never have
been invited there (Slack lets a slash command run in any channel), or it may have been
removed, or the channel archived. The reports meant for it cannot arrive, and the person
who linked it is the one who can fix that.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.phases import CLOSED
from governance.rhythm import messages
from governance.rhythm.outbox import Outgoing, enqueue
from governance.rhythm.store import recipients
from governance.sending import Recipient
from governance.tables import ChannelLink, Event, Membership, Project


async def tell_linkers(session: AsyncSession, channel: Recipient, what: str, now: datetime) -> int:
    """For each active project linked to ``channel``, one message to whoever linked it
    (their project's owners when the record does not say) saying ``what`` is wrong; once
    per link (the key). Returns how many were new."""
    links = await session.exec(
        select(  # type: ignore[call-overload]
            ChannelLink.id, ChannelLink.project_id, ChannelLink.name, Project.name, Project.slug
        )
        .join(Project, col(Project.id) == col(ChannelLink.project_id))
        .where(
            ChannelLink.platform == channel.platform,
            ChannelLink.tenant == channel.tenant,
            ChannelLink.channel_id == channel.target_id,
            col(Project.phase).not_in([p.value for p in CLOSED]),
        )
        .order_by(col(ChannelLink.id))
    )  # fmt: skip
    told: list[tuple[int, int, str, str, str]] = []
    for link_id, project_id, shown, name, slug in list(links):
        for person in await _who_linked(session, project_id, channel):
            told.append((link_id, person, name, slug, shown or channel.target_id))
    where = await recipients(session, {person for _, person, *_ in told})
    items = [
        Outgoing(f"no-channel:{link_id}:{person}", where[person],
                 messages.channel_closed(name, slug, shown, what))
        for link_id, person, name, slug, shown in told
        if person in where
    ]  # fmt: skip
    return await enqueue(session, items, now)


async def _who_linked(session: AsyncSession, project_id: int, channel: Recipient) -> list[int]:
    """The person of the newest `channel.linked` event naming the channel; else the owners."""
    events = await session.exec(
        select(Event.actor_id, Event.after)
        .where(Event.project_id == project_id, Event.kind == "channel.linked")
        .order_by(col(Event.id).desc())
    )
    for actor_id, after in events:
        try:
            linked = json.loads(after or "{}")
        except ValueError:
            continue
        named = isinstance(linked, dict) and linked.get("channel") == channel.target_id
        if named and linked.get("platform") == channel.platform and actor_id is not None:
            return [actor_id]
    owners = await session.exec(
        select(Membership.person_id).where(
            Membership.project_id == project_id, Membership.role == "owner"
        )
    )
    return sorted(set(owners))
