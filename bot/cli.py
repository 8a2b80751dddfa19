"""The `mlgov` command line."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from bot.logs import configure
from bot.settings import Settings
from governance.errors import ConfigError
from governance.phases import OrgRole
from governance.states import Platform

Runner = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mlgov", description="Govern ML projects from Slack, Teams or a terminal."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="command")

    chat = sub.add_parser("chat", help="talk to the bot in this terminal (or pipe commands in)")
    chat.add_argument("--as", dest="handle", required=True, help="your handle, e.g. alice")
    chat.add_argument("--tz", help="your IANA time zone, e.g. Europe/Berlin")

    db = sub.add_parser("db", help="database schema")
    db.add_argument("action", choices=["upgrade"])

    sub.add_parser("demo", help="load a sample portfolio (safe to run twice)")

    role = sub.add_parser("role", help="grant, revoke or list org roles")
    role.add_argument("action", choices=["grant", "revoke", "list"])
    role.add_argument("handle", nargs="?", help="console handle, Slack user id or AAD object id")
    role.add_argument("role", nargs="?", choices=[r.value for r in OrgRole])
    role.add_argument(
        "--platform", default=Platform.CONSOLE.value, choices=[p.value for p in Platform]
    )
    role.add_argument("--tenant", default="", help="Slack team id or Teams tenant id")

    sub.add_parser("serve", help="the HTTP server for Slack and Teams, with the scheduler")
    sub.add_parser("worker", help="the scheduler alone")
    tick = sub.add_parser("tick", help="one planning-and-delivery pass, then exit")
    tick.add_argument("--now", help="the time to plan for (ISO-8601)")
    deliveries = sub.add_parser("deliveries", help="list outgoing messages")
    deliveries.add_argument("--failed", action="store_true", help="only permanent failures")
    deliveries.add_argument(
        "--last", default="100", help="how many of the newest to list (0: all); default 100"
    )
    deliveries.add_argument(
        "--retry", metavar="ID|all-failed", help="queue a failed delivery (or all) again"
    )
    package = sub.add_parser("teams-package", help="build the Teams app package to upload")
    package.add_argument("--out", default="mlgov-teams.zip", help="where to write the zip")
    return parser


async def _chat(args: argparse.Namespace, settings: Settings) -> int:
    from adapters.console.chat import run
    from bot.app import open_mlgov
    from governance.errors import BadCommand
    from governance.values import zone

    handle = args.handle.lstrip("@")
    # The same characters as an @mention, so that others can mention this person.
    if not 0 < len(handle) <= 200 or not all(ch.isalnum() or ch in "._-" for ch in handle):
        raise ConfigError(
            "--as: a handle is letters, digits, '.', '_' or '-' (at most 200), like alice"
        )
    tz = None
    if args.tz:
        try:
            tz = zone(args.tz)
        except BadCommand as error:
            raise ConfigError(f"--tz: {error.message}") from None
    mlgov = await open_mlgov(settings)
    try:
        return await run(mlgov, args.handle, tz)
    finally:
        await mlgov.close()


async def _db(args: argparse.Namespace, settings: Settings) -> int:
    from bot.db import create_engine, upgrade

    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    print("database is at the latest schema")
    return 0


async def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import open_mlgov
    from bot.demo import load_demo

    mlgov = await open_mlgov(settings)
    try:
        created = await load_demo(mlgov)
    finally:
        await mlgov.close()
    if created:
        print(f"demo portfolio loaded: {', '.join(created)}")
    else:
        print("demo portfolio already loaded; nothing changed")
    return 0


async def _role(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import open_mlgov
    from bot.roles import change_role, list_roles

    if args.action != "list" and (args.handle is None or args.role is None):
        roles = ", ".join(r.value for r in OrgRole)
        raise ConfigError(f"role {args.action}: say who and which role, like "
                          f"`mlgov role {args.action} carol security` (roles: {roles})")  # fmt: skip
    mlgov = await open_mlgov(settings)
    try:
        if args.action == "list":
            lines = await list_roles(mlgov)
        else:
            lines = [
                await change_role(
                    mlgov,
                    args.platform,
                    args.tenant,
                    args.handle,
                    args.role,
                    grant_it=args.action == "grant",
                )
            ]
    finally:
        await mlgov.close()
    print("\n".join(lines))
    return 0


async def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.serve import serve

    return await serve(settings)


async def _worker(args: argparse.Namespace, settings: Settings) -> int:
    from bot.worker import worker

    return await worker(settings)


async def _tick(args: argparse.Namespace, settings: Settings) -> int:
    from bot.worker import tick

    return await tick(settings, args.now)


async def _deliveries(args: argparse.Namespace, settings: Settings) -> int:
    from bot.worker import list_deliveries, retry_deliveries

    if args.retry is not None:
        return await retry_deliveries(settings, args.retry)
    if not args.last.isdigit():
        raise ConfigError(f"--last: {args.last!r} is not a whole number, like 100 (0 for all)")
    return await list_deliveries(settings, failed_only=args.failed, last=int(args.last))


async def _teams_package(args: argparse.Namespace, settings: Settings) -> int:
    from adapters.teams.package import write_package

    path = write_package(settings, args.out)
    print(f"Teams app package written to {path}")
    return 0


RUNNERS: dict[str, Runner] = {
    "chat": _chat,
    "db": _db,
    "demo": _demo,
    "role": _role,
    "serve": _serve,
    "worker": _worker,
    "tick": _tick,
    "deliveries": _deliveries,
    "teams-package": _teams_package,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    configure(logging.INFO if args.command in ("serve", "worker") else logging.WARNING)
    try:
        settings = Settings.from_env()
        return asyncio.run(RUNNERS[args.command](args, settings))
    except ConfigError as error:
        # One line per mistake (a policy file may have several).
        for line in str(error).splitlines():
            print(f"mlgov: {line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
