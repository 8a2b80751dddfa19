"""The entry point every adapter calls: a chat line in, a reply out.

Each call is one unit of work: a domain error rolls everything back and becomes one
clear line; an unexpected error is logged with a reference and the person is told
nothing changed. No traceback ever reaches a chat.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from governance import grammar
from governance.clock import Clock, SystemClock
from governance.commands import Command
from governance.context import Actor, Conversation, Directory
from governance.errors import MlgovError
from governance.handlers import HANDLERS
from governance.handlers.base import Ctx
from governance.people import org_roles, person_for
from governance.policy import Policy, load_policy
from governance.replies import Reply
from governance.tables import ConversationRef, SeenEvent
from governance.uow import UnitOfWork, session_factory

log = logging.getLogger("mlgov")


def error_reply(error: MlgovError) -> Reply:
    text = error.message
    if error.usage:
        text += f" Usage: `{error.usage}`"
    return Reply.error(text)


class Mlgov:
    def __init__(
        self,
        engine: AsyncEngine,
        *,
        clock: Clock | None = None,
        policy: Policy | None = None,
        directory: Directory | None = None,
    ) -> None:
        self.engine = engine
        self.sessions = session_factory(engine)
        self.clock = clock or SystemClock()
        self.policy = policy or load_policy()
        self.directory = directory

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)

    async def handle(
        self, text: str, actor: Actor, conversation: Conversation | None = None
    ) -> Reply:
        try:
            command = grammar.read(text)
        except MlgovError as error:
            return error_reply(error)
        return await self.execute(command, actor, conversation)

    async def execute(
        self, command: Command, actor: Actor, conversation: Conversation | None = None
    ) -> Reply:
        try:
            return await self._attempt(command, actor, conversation)
        except IntegrityError:
            # Two requests met at the same moment (say, a person's first two messages both
            # creating them). The first attempt rolled back; the second sees what won.
            log.info("retrying %s after a concurrent change", type(command).__name__)
        try:
            return await self._attempt(command, actor, conversation)
        except IntegrityError:
            log.info("concurrent change refused for %s", type(command).__name__, exc_info=True)
            return Reply.error(
                "That clashed with a change made at the same moment; nothing was changed. "
                "Please try again."
            )

    async def _attempt(
        self, command: Command, actor: Actor, conversation: Conversation | None
    ) -> Reply:
        """One unit of work; IntegrityError is left to the caller, every other error answered."""
        handler = HANDLERS[type(command)]
        try:
            async with self.uow() as uow:
                now = self.clock.now()
                person = await person_for(uow.session, actor, now)
                ctx = Ctx(
                    session=uow.session,
                    actor=actor,
                    person=person,
                    org_roles=await org_roles(uow.session, person.id),  # type: ignore[arg-type]
                    now=now,
                    policy=self.policy,
                    conversation=conversation,
                    directory=self.directory,
                )
                reply = await handler(ctx, command)
                await uow.commit()
                return reply
        except MlgovError as error:
            return error_reply(error)
        except IntegrityError:
            raise
        except OperationalError:
            ref = secrets.token_hex(3)
            log.exception("database unavailable (ref %s)", ref)
            return Reply.error(
                f"The database is not answering right now; nothing was changed (ref {ref})."
            )
        except Exception:
            ref = secrets.token_hex(3)
            log.exception("unexpected error handling %s (ref %s)", type(command).__name__, ref)
            return Reply.error(
                f"Something went wrong on my side and nothing was changed (ref {ref})."
            )

    async def home(self, actor: Actor) -> Reply:
        """The person's own page (Slack's App Home): projects, open items, next check-in."""
        from governance.views.home import home_reply

        async with self.uow() as uow:
            now = self.clock.now()
            person = await person_for(uow.session, actor, now)
            roles = await org_roles(uow.session, person.id)  # type: ignore[arg-type]
            reply = await home_reply(uow.session, person, roles, self.policy, now)
            await uow.commit()
            return reply

    async def first_time(self, key: str) -> bool:
        """Record a platform delivery; False if it was seen before (a retry, a double click)."""
        try:
            async with self.uow() as uow:
                if await uow.session.get(SeenEvent, key[:255]) is not None:
                    return False
                uow.session.add(SeenEvent(key=key[:255], at=self.clock.now()))
                await uow.commit()
                return True
        except IntegrityError:
            return False

    async def remember_conversation(
        self, platform: str, tenant: str, scope: str, target_id: str, reference: str
    ) -> None:
        """Keep where a person or channel can be reached later (proactive messages)."""
        async with self.uow() as uow:
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
            now: datetime = self.clock.now()
            if row is None:
                row = ConversationRef(
                    platform=platform,
                    tenant=tenant,
                    scope=scope,
                    target_id=target_id,
                    reference=reference,
                    updated_at=now,
                )
            elif row.reference == reference:
                return
            row.reference, row.updated_at = reference, now
            uow.session.add(row)
            try:
                await uow.commit()
            except IntegrityError:
                pass  # another replica stored it at the same moment

    async def conversation(
        self, platform: str, tenant: str, scope: str, target_id: str
    ) -> str | None:
        async with self.uow() as uow:
            row = (
                await uow.session.exec(
                    select(ConversationRef.reference).where(
                        ConversationRef.platform == platform,
                        ConversationRef.tenant == tenant,
                        ConversationRef.scope == scope,
                        ConversationRef.target_id == target_id,
                    )
                )
            ).first()
            return row
