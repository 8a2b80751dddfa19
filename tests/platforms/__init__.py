"""Slack's and Microsoft's own libraries, run offline on what the bot sends.

``problems(slack=…, cards=…)`` gives, per payload, what @slack/types (compiled with
TypeScript) or the adaptivecards library (with Teams' host config) finds wrong: an empty
list means valid. ``markdown_html(texts)`` renders Adaptive Card markdown (a TextBlock's or
a fact's text) to HTML with markdown-it, CommonMark with raw HTML and link detection on, so
a test can see whether any text would become a link, a mention or emphasis. The libraries are
installed by ``make test`` (``npm ci`` here); without Node.js the tests that use them skip
with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent


def missing() -> str | None:
    if shutil.which("node") is None:
        return "Node.js is not installed: the platforms' validators cannot run"
    modules = HERE / "node_modules"
    if not all(
        (modules / name).is_dir() for name in ("@slack/types", "adaptivecards", "markdown-it")
    ):
        return "the validators are not installed: run `make test` (npm ci in tests/platforms)"
    return None


def problems(
    slack: dict[str, tuple[str, Any]] | None = None, cards: dict[str, Any] | None = None
) -> dict[str, dict[str, list[str]]]:
    """``slack``: name → (kind, payload), kind one of message, modal, home."""
    request = {
        "slack": {name: {"kind": kind, "payload": p} for name, (kind, p) in (slack or {}).items()},
        "cards": cards or {},
    }
    found = _run(request)
    return {"slack": found["slack"], "cards": found["cards"]}


def markdown_html(texts: dict[str, str]) -> dict[str, str]:
    """name → the HTML that markdown-it makes of the Adaptive Card markdown ``texts[name]``."""
    return _run({"markdown": texts})["markdown"]


def _run(request: dict[str, Any]) -> dict[str, Any]:
    why = missing()
    if why and os.environ.get("MLGOV_REQUIRE_VALIDATORS") == "1":
        pytest.fail(why + " and MLGOV_REQUIRE_VALIDATORS=1")
    if why:
        pytest.skip(why)
    done = subprocess.run(
        ["node", str(HERE / "validate.js")], input=json.dumps(request), capture_output=True,
        text=True, cwd=HERE, timeout=300, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"the validators failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout)
