"""The entry point every adapter calls: a chat line or a pressed button in, a reply out.

Each call is one unit of work: a domain error rolls everything back and becomes one
clear line; an unexpected error is logged with a reference and the person is told
nothing changed. No traceback ever reaches a chat.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import replace

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm.exc import StaleDataError

from governance import conversations, grammar, intake
from governance.clock import Clock, SystemClock
from governance.commands import Command
from governance.context import Actor, Conversation, Directory
from governance.errors import MlgovError, Unavailable
from governance.handlers.base import Ctx, raced
from governance.people import org_roles, person_for
from governance.policy import Policy, load_policy
from governance.presses import ALREADY, press_key, with_note
from governance.replies import Reply, Tone
from governance.states import Platform
from governance.tables import Project, SeenEvent
from governance.uow import UnitOfWork, session_factory
from governance.verbs import is_query, route
from governance.workers import worker_name

log = logging.getLogger("mlgov")

# Waiting longer than this for the database helps nobody: Slack's deadline is 3 seconds.
DEFAULT_TIMEOUT = 5.0


def error_reply(error: MlgovError) -> Reply:
    text = error.message
    if error.usage:
        text += f" Usage: `{error.usage}`"
    return Reply.error(text)


def _by_handle(actor: Actor) -> bool:
    """Only on the console is a typed ``@name`` a person (there, the handle is the person)."""
    return actor.platform == Platform.CONSOLE


def _ref() -> str:
    return secrets.token_hex(3)


class _Kept(Exception):
    """A delivery's command could not be carried out now (the database failed): the person
    is told so with ``reply``, and the delivery waits for a later pass."""

    def __init__(self, reply: Reply) -> None:
        self.reply = reply


class _Raced(Exception):
    """Another change to the project landed first; ``project_id`` says which project."""

    def __init__(self, project_id: int | None) -> None:
        self.project_id = project_id


class Mlgov:
    def __init__(
        self,
        engine: AsyncEngine,
        *,
        clock: Clock | None = None,
        policy: Policy | None = None,
        directory: Directory | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        receipts: AsyncEngine | None = None,
    ) -> None:
        self.engine = engine
        self.sessions = session_factory(engine)
        # Acknowledgements write through connections of their own, so that commands stuck
        # on a slow database cannot take every connection and leave nothing for the ack.
        self.receipts = receipts
        self._receipts = session_factory(receipts or engine)
        self.clock = clock or SystemClock()
        self.policy = policy or load_policy()
        self.directory = directory
        # The longest a person waits on the database before hearing it is not answering.
        self.timeout = timeout
        # SQLite takes one writer at a time and makes the others sleep and retry; within a
        # process, writers queue here instead, in order and without the sleeps.
        self._writes = asyncio.Lock() if engine.dialect.name == "sqlite" else None

    def _writing(self, writes: bool = True) -> AbstractAsyncContextManager[object]:
        return self._writes if writes and self._writes is not None else nullcontext()

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)

    async def close(self) -> None:
        """Let go of the database: every connection of every pool."""
        await self.engine.dispose()
        if self.receipts is not None:
            await self.receipts.dispose()

    async def handle(
        self, text: str, actor: Actor, conversation: Conversation | None = None
    ) -> Reply:
        """A chat line, as typed."""
        try:
            command = grammar.read(text, handles=_by_handle(actor))
        except MlgovError as error:
            return error_reply(error)
        return await self.execute(command, actor, conversation)

    async def press(
        self,
        command: Command,
        actor: Actor,
        conversation: Conversation | None = None,
        *,
        on: str,
        note: str | None = None,
    ) -> Reply:
        """A button pressed on message ``on``, with the note the person wrote, if any.

        The double-press rule lives here, the same for every platform: one press per person,
        message and command (whatever the note) changes the record; it counts only once its
        change commits, so a refused or failed press can be pressed again.
        """
        return await self.execute(with_note(command, note), actor, conversation,
                                  once=press_key(actor, on, command))  # fmt: skip

    async def show(
        self, command: Command, actor: Actor, conversation: Conversation | None = None
    ) -> Reply:
        """Run a query again: what "More" and "Share" do. Anything else is refused, so a page
        of an answer never repeats a change."""
        if not is_query(command):
            return Reply.error("That button only shows answers; it cannot change anything.")
        return await self.execute(command, await self._profiled(actor), conversation)

    async def execute(
        self,
        command: Command,
        actor: Actor,
        conversation: Conversation | None = None,
        *,
        once: str | None = None,
        inbound: int | None = None,
        seen_event: int | None = None,
    ) -> Reply:
        """Run a command in one unit of work.

        ``once``: a key recorded with the change; a second command with the same key changes
        nothing. ``inbound``: the acknowledged delivery this command came in, settled in the
        same transaction so that it is carried out exactly once. ``seen_event``: the newest
        audit event when the person asked (a decision on a project changed since is refused).
        """
        query = is_query(command)
        if query:
            once = None
        for attempt in (1, 2):
            try:
                async with asyncio.timeout(self.timeout), self._writing(not query):
                    return await self._attempt(command, actor, conversation, once, inbound,
                                               seen_event)  # fmt: skip
            except IntegrityError:
                # Two requests met at the same moment (say, a person's first two messages
                # both creating them). The first attempt rolled back; the second sees what won.
                log.info("concurrent insert for %s (attempt %s)", type(command).__name__, attempt)
            except _Raced as race:
                if route(command).decision:
                    reply = await self._raced(race.project_id)
                    return await self._settled(inbound, reply, command)
                log.info("project changed under %s (attempt %s)", type(command).__name__, attempt)
            except (TimeoutError, OperationalError) as error:
                return self._unavailable(error, inbound)
        clash = Reply.error(
            "That clashed with a change made at the same moment; nothing was changed. "
            "Please try again."
        )
        return await self._settled(inbound, clash, command)

    async def _attempt(
        self,
        command: Command,
        actor: Actor,
        conversation: Conversation | None,
        once: str | None,
        inbound: int | None,
        seen_event: int | None = None,
    ) -> Reply:
        """One unit of work. A refusal or an unexpected error is answered here (and settles the
        delivery); a clash, a timeout or a database failure is left to the caller."""
        carry = route(command)
        ctx: Ctx | None = None
        try:
            async with self.uow() as uow:
                now = self.clock.now()
                if inbound is not None:
                    settled = await intake.settled_reply(uow.session, inbound)
                    if settled is not None:
                        return settled
                if once is not None:
                    if await uow.session.get(SeenEvent, once) is not None:
                        return Reply.ok(ALREADY, query=True)
                    uow.session.add(SeenEvent(key=once, at=now))
                    await uow.session.flush()  # a second press waits here for the first
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
                    deciding=carry.decision,
                    writing=not carry.query,
                    reopens=carry.reopens,
                    seen_event=seen_event,
                )
                reply = await carry.handler(ctx, command)
                if carry.query and reply.tone != Tone.ERROR:
                    reply.more = command
                # A change settles its delivery in its own transaction: done exactly once. A
                # question needs no such care: asked again, it is answered again.
                settles = inbound is not None and not carry.query
                if settles and not await intake.settle(uow.session, inbound, reply):  # type: ignore[arg-type]
                    await uow.rollback()
                    return await intake.settled_reply(uow.session, inbound) or reply  # type: ignore[arg-type]
                await uow.commit()
                return reply
        except MlgovError as error:
            return await self._settled(inbound, error_reply(error), command)
        except StaleDataError:
            raise _Raced(ctx.changing if ctx else None) from None
        except (IntegrityError, OperationalError, TimeoutError):
            raise
        except DBAPIError as error:
            if error.connection_invalidated:
                raise OperationalError(str(error), None, error) from error
            return await self._failed(command, inbound)
        except Exception:
            return await self._failed(command, inbound)

    async def _raced(self, project_id: int | None) -> Reply:
        async with asyncio.timeout(self.timeout), self.uow() as uow:
            project = await uow.session.get(Project, project_id) if project_id else None
            if project is None:
                return Reply.error("Someone changed that at the same moment; nothing was changed.")
            return await raced(uow.session, project)

    async def _failed(self, command: Command, inbound: int | None) -> Reply:
        ref = _ref()
        log.exception("unexpected error handling %s (ref %s)", type(command).__name__, ref)
        reply = Reply.error(f"Something went wrong on my side and nothing was changed (ref {ref}).")
        return await self._settled(inbound, reply, command)

    def _unavailable(self, error: BaseException, inbound: int | None) -> Reply:
        ref = _ref()
        log.warning("database not answering (ref %s): %s", ref, type(error).__name__)
        if inbound is None:
            return error_reply(Unavailable(ref))
        # The command is written down: it is carried out when the database is back.
        raise _Kept(
            Reply.error(
                "The database is not answering right now. I kept your request and will carry "
                f"it out and answer as soon as it is back (ref {ref})."
            )
        )

    async def _settled(self, inbound: int | None, reply: Reply, command: Command | None) -> Reply:
        """Record ``reply`` as the answer to a delivery whose command changed nothing: a change
        refused now must not be carried out by a later pass (a question may be asked again)."""
        if inbound is None or command is None or is_query(command):
            return reply
        try:  # not queued with the writers: a refusal comes here inside its own turn
            async with asyncio.timeout(self.timeout), self.uow() as uow:
                if await intake.settle(uow.session, inbound, reply):
                    await uow.commit()
                    return reply
                return await intake.settled_reply(uow.session, inbound) or reply
        except (TimeoutError, OperationalError):
            return reply  # still unsettled: recovery runs it again later, and answers then

    # Acknowledged deliveries: written before the platform hears "received", carried out
    # once, answered, and finished by another process if this one dies on the way.

    async def receive(self, received: intake.Received) -> int | None:
        """Write a delivery down before acknowledging it: its row id, or None when the same
        delivery came before (a platform's retry). Raises Unavailable when the database
        does not answer in time: the adapter says so instead of acknowledging."""
        try:
            async with asyncio.timeout(min(self.timeout, intake.RECEIVE_TIMEOUT)):
                async with self._writing(), UnitOfWork(self._receipts) as uow:
                    row = await intake.receive(
                        uow.session, received, self.clock.now(), worker_name()
                    )
                    await uow.commit()
                    return row
        except IntegrityError:
            return None
        except (TimeoutError, OperationalError) as error:
            ref = _ref()
            log.warning("database not answering at receipt (ref %s): %s", ref,
                        type(error).__name__)  # fmt: skip
            raise Unavailable(ref) from None

    async def carry_out(self, inbound: int) -> intake.Carried:
        """The answer to an acknowledged delivery, carrying out its command if nobody has.
        A ``final`` answer, once sent, finishes the delivery (``answered``); otherwise the
        database failed on the way and a later pass carries it out."""
        try:
            return intake.Carried(await self._carry_out(inbound), final=True)
        except _Kept as kept:
            return intake.Carried(kept.reply, final=False)

    async def _carry_out(self, inbound: int) -> Reply:
        try:
            async with asyncio.timeout(self.timeout), self.uow() as uow:
                found = await intake.load(uow.session, inbound)
        except (TimeoutError, OperationalError) as error:
            return self._unavailable(error, inbound)
        if found.reply is not None:
            return found.reply
        actor = await self._profiled(found.actor)
        if found.command is not None:
            if found.pressed_on is not None:
                return await self.execute(
                    with_note(found.command, found.note), actor, found.conversation,
                    once=press_key(actor, found.pressed_on, found.command), inbound=inbound,
                    seen_event=found.seen_event,
                )  # fmt: skip
            return await self.execute(found.command, actor, found.conversation, inbound=inbound,
                                      seen_event=found.seen_event)  # fmt: skip
        try:
            command = grammar.read(found.line or "help", handles=_by_handle(actor))
        except MlgovError as error:
            return error_reply(error)  # read again, it says the same: nothing to settle
        return await self.execute(command, actor, found.conversation, inbound=inbound,
                                  seen_event=found.seen_event)  # fmt: skip

    async def answered(self, inbound: int) -> None:
        """The answer reached the person: nothing is left to do for this delivery."""
        try:
            async with asyncio.timeout(self.timeout), self._writing(), self.uow() as uow:
                await intake.answered(uow.session, inbound, self.clock.now())
                await uow.commit()
        except (TimeoutError, OperationalError):
            log.warning("could not record inbound %s as answered; it may be answered again",
                        inbound)  # fmt: skip

    async def _profiled(self, actor: Actor) -> Actor:
        """The speaker with their platform name and zone, looked up after the acknowledgement."""
        if actor.display_name is not None or self.directory is None:
            return actor
        profile = await self.directory.profile(actor.platform, actor.tenant, actor.user_id)
        if profile is None:
            return actor
        return replace(actor, display_name=profile.display_name, tz=profile.tz)

    async def home(self, actor: Actor) -> Reply:
        """The person's own page (Slack's App Home): projects, open items, next check-in."""
        from governance.views.home import home_reply

        async with asyncio.timeout(self.timeout), self.uow() as uow:
            now = self.clock.now()
            person = await person_for(uow.session, actor, now)
            roles = await org_roles(uow.session, person.id)  # type: ignore[arg-type]
            reply = await home_reply(uow.session, person, roles, self.policy, now)
            await uow.commit()
            return reply

    async def remember_conversation(
        self, platform: str, tenant: str, scope: str, target_id: str, reference: str
    ) -> None:
        """Keep where a person or channel can be reached later (proactive messages); best
        effort: a database that does not answer is logged, and the next message tries again."""
        try:
            async with asyncio.timeout(self.timeout):
                await conversations.remember(self.uow(), self.clock.now(), platform, tenant,
                                             scope, target_id, reference)  # fmt: skip
        except (TimeoutError, OperationalError) as error:
            log.warning("conversation reference not stored: %s", type(error).__name__)

    async def conversation(
        self, platform: str, tenant: str, scope: str, target_id: str
    ) -> str | None:
        async with asyncio.timeout(self.timeout):
            return await conversations.find(self.uow(), platform, tenant, scope, target_id)
