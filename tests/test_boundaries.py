"""The core speaks of the product only: no platform, web server or outer layer in governance/,
and botbuilder stays inside adapters/teams/."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN_IN_CORE = {"slack_bolt", "slack_sdk", "botbuilder", "aiohttp", "adapters", "bot"}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_governance_imports_no_platform_or_outer_layer():
    offenders = {
        str(path.relative_to(ROOT)): sorted(imports(path) & FORBIDDEN_IN_CORE)
        for path in (ROOT / "governance").rglob("*.py")
        if imports(path) & FORBIDDEN_IN_CORE
    }
    assert offenders == {}


def test_botbuilder_only_in_the_teams_adapter():
    packages = [ROOT / name for name in ("governance", "adapters", "bot", "migrations")]
    offenders = [
        str(path.relative_to(ROOT))
        for package in packages
        for path in package.rglob("*.py")
        if "botbuilder" in imports(path) and (ROOT / "adapters" / "teams") not in path.parents
    ]
    assert offenders == []


def test_the_check_sees_imports():
    # Guard against the scan silently finding nothing.
    assert "sqlmodel" in imports(ROOT / "governance" / "uow.py")
