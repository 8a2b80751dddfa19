"""`portfolio chart` on the console: the words, then the path of a PNG file that exists."""

from __future__ import annotations

import io
import re
from pathlib import Path

from adapters.console.chat import run
from tests.governance.test_portfolio_chart import check_png


async def test_the_console_writes_the_chart_and_prints_its_path(mlgov):
    out = io.StringIO()
    lines = "new Churn Model\nportfolio chart\nportfolio chart\n"
    assert await run(mlgov, "alice", stdin=io.StringIO(lines), stdout=out) == 0
    text = out.getvalue()
    assert "1 project by phase: idea 1." in text
    paths = [Path(p) for p in re.findall(r"^  Chart written to (\S+\.png)$", text, re.M)]
    assert len(paths) == 2 and paths[0] != paths[1]  # each answer its own file
    try:
        for path in paths:
            assert path.is_file() and path.name.startswith("mlgov-portfolio-chart-")
            check_png(path.read_bytes())
            assert path.stat().st_mode & 0o077 == 0  # the owner's only
    finally:
        for path in paths:
            path.unlink(missing_ok=True)
