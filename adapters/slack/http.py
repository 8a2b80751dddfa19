"""Mounting Slack on the shared aiohttp server (being built in the Slack issue)."""

from __future__ import annotations

from aiohttp import web

from governance.service import Mlgov


def mount(app: web.Application, mlgov: Mlgov, settings) -> str:  # noqa: ANN001
    return "Slack: off (not yet available in this version)"
