"""`make bench`: run every benchmark module and write docs/benchmarks.md.

    python -m bench [--quick] [module ...]

A module takes part when it defines ``async def main(quick: bool = False) -> str``
returning a Markdown section. One failing module is reported in its own section.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import pkgutil
import platform
import re
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

import bench

OUT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
NOT_BENCHMARKS = {"seed", "serving", "history", "planning_pass", "__main__"}


def modules(wanted: list[str]) -> list[str]:
    names = sorted(
        m.name for m in pkgutil.iter_modules(bench.__path__) if m.name not in NOT_BENCHMARKS
    )
    return [n for n in names if not wanted or n in wanted]


def header(quick: bool) -> str:
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} GiB memory"
    except (ValueError, OSError):
        pass
    return "\n".join(
        [
            "# Benchmarks",
            "",
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores{memory}, "
            f"Python {platform.python_version()}, {platform.system()} {platform.machine()}"
            + (" (quick mode)" if quick else "")
            + ".",
            "Every number is set against a baseline measured in the same run on the same "
            "machine, so the ratios travel better than the milliseconds.",
            "",
            "Reproduce with `make bench` (PostgreSQL from `MLGOV_TEST_POSTGRES_URL`, default "
            "`postgresql://postgres@127.0.0.1:5432/test`), or one module with "
            "`.venv/bin/python -m bench portfolio`.",
        ]
    )


async def run(names: list[str], quick: bool) -> dict[str, str]:
    sections = {}
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        main = getattr(module, "main", None)
        if main is None:
            continue
        print(f"bench: {name} …", file=sys.stderr, flush=True)
        try:
            sections[name] = await main(quick=quick)
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            sections[name] = (
                f"## {name} (`bench/{name}.py`)\n\nFailed:\n\n```\n{traceback.format_exc()}```"
            )
    return sections


def merged(previous: str, fresh: dict[str, str], quick: bool) -> str:
    """The report with the fresh sections in place of their old ones: running one module
    leaves the others' last results standing."""
    kept = []
    for section in re.split(r"(?m)^(?=## )", previous)[1:]:
        named = re.search(r"`bench/(\w+)\.py`", section.splitlines()[0])
        name = named.group(1) if named else None
        kept.append(fresh.pop(name) if name in fresh else section.strip())
    return "\n\n".join([header(quick), *kept, *fresh.values()]) + "\n"


def main() -> int:
    args = sys.argv[1:]
    quick = "--quick" in args
    names = modules([a for a in args if not a.startswith("-")])
    fresh = asyncio.run(run(names, quick))
    previous = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
    text = merged(previous, fresh, quick)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(text)
    print(f"written to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
