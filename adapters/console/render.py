"""A reply as plain text for a terminal or a script."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from governance.replies import Image, Reply, Tone
from governance.spoken import said

_PREFIX = {Tone.ERROR: "✗ ", Tone.OK: "✓ ", Tone.INFO: ""}


def to_text(reply: Reply) -> str:
    lines: list[str] = []
    if reply.title and reply.title != reply.text:
        lines.append(reply.title)
        lines.append("─" * min(len(reply.title), 60))
    lines.append(_PREFIX[reply.tone] + reply.text)
    if reply.fields:
        width = max(len(f.label) for f in reply.fields)
        lines.extend(f"  {f.label.ljust(width)}  {f.value}" for f in reply.fields)
    for row in reply.rows:
        lines.append(f"  • {row.text}" if not row.text.startswith(" ") else f"  {row.text}")
        if row.detail:
            lines.append(f"      {row.detail}")
    if reply.context:
        lines.append(f"  {reply.context}")
    if reply.actions:
        lines.append("  → " + " · ".join(f"[{a.label}] {said(a.command)}" for a in reply.actions))
    return "\n".join(lines)


def save_image(image: Image, directory: Path | None = None) -> Path:
    """The picture written to a new file of its own (in the temp directory unless told
    where), readable by its owner only: a terminal shows no pictures, its path opens it."""
    stem, _, suffix = image.filename.rpartition(".")
    handle, name = tempfile.mkstemp(
        prefix=f"mlgov-{stem or suffix}-", suffix=f".{suffix}" if stem else "", dir=directory
    )
    with os.fdopen(handle, "wb") as file:
        file.write(image.data)
    return Path(name)


def image_line(image: Image, directory: Path | None = None) -> str:
    return f"  Chart written to {save_image(image, directory)}"
