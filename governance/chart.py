"""The portfolio as a picture: the funnel by phase in health colours, and how long the
projects done but not in production have waited. Pure drawing: plain numbers in, PNG bytes
out, with matplotlib's Agg canvas (no display, no pyplot and its global state).

The picture's cost does not grow with the portfolio: one bar per phase and at most
``AGES_SHOWN`` age bars, whatever the number of projects.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

AGES_SHOWN = 20  # the oldest done-not-live projects drawn; the rest are counted
WIDTH, HEIGHT, DPI = 8.0, 6.0, 80  # inches and dots per inch: a 640×480 PNG
# Health colours as the chat's marks show them (🔴 🟠 🟢 ⚪), readable in colour blindness
# by their order in the stack as much as by their colour.
COLOURS = {"red": "#d62728", "amber": "#ff9f1c", "green": "#2ca02c", "closed": "#b0b0b0"}
STACK = ("red", "amber", "green", "closed")
COLOURS_KEPT = 16  # in the PNG's palette
LABEL_CHARS = 28  # a project's name beside its age bar


@dataclass(frozen=True)
class PhaseCount:
    """How many projects are in ``phase``, by health; ``closed`` for retired and abandoned."""

    phase: str
    red: int = 0
    amber: int = 0
    green: int = 0
    closed: int = 0

    @property
    def total(self) -> int:
        return self.red + self.amber + self.green + self.closed


@dataclass(frozen=True)
class Age:
    """A project done but not in production, and for how many days."""

    label: str
    days: int
    health: str = "amber"  # its health colour: red, amber or green


def _quiet_config() -> None:
    """matplotlib keeps its font cache in its config directory; where that cannot be written
    (a fresh CI machine, a service account without a home) it would warn and build the cache
    again in every process. There, a directory in the temp directory is used instead."""
    if "MPLCONFIGDIR" in os.environ:
        return
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "matplotlib"
    existing = next((p for p in (config, *config.parents) if p.exists()), None)
    if existing is None or not os.access(existing, os.W_OK):
        directory = Path(tempfile.gettempdir()) / "mlgov-matplotlib"
        directory.mkdir(exist_ok=True)
        os.environ["MPLCONFIGDIR"] = str(directory)


def _short(text: str) -> str:
    shown = text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"
    return shown.replace("$", r"\$")  # a dollar sign is a dollar sign, not mathtext


def draw(funnel: Sequence[PhaseCount], ages: Sequence[Age]) -> bytes:
    """The chart as PNG bytes: the funnel on top, the done-not-live ages below (oldest
    first, at most ``AGES_SHOWN`` of them and "+N more")."""
    _quiet_config()
    # The Agg canvas directly: no backend switch, no pyplot state shared between threads.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    canvas = FigureCanvasAgg(figure)
    # Fixed places (left, bottom, width, height as parts of the figure): a layout engine
    # would measure every label first, and take a third of the time.
    top = figure.add_axes((0.08, 0.60, 0.90, 0.34))
    bottom = figure.add_axes((0.25, 0.08, 0.71, 0.42))
    _funnel(top, funnel)
    _ages(bottom, ages)
    canvas.draw()
    return _png(canvas)


def _png(canvas) -> bytes:  # noqa: ANN001 - a FigureCanvasAgg
    """The drawing as a PNG of ``COLOURS_KEPT`` colours: a chart of flat colours loses nothing
    seen, and the file is a fifth of the full-colour one (small enough for a Teams card)."""
    from PIL import Image  # matplotlib's own dependency

    width, height = canvas.get_width_height()
    rgb = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba()).convert("RGB")
    out = io.BytesIO()
    rgb.quantize(colors=COLOURS_KEPT, method=Image.Quantize.MEDIANCUT).save(
        out, format="PNG", optimize=True
    )
    return out.getvalue()


def _funnel(axes, funnel: Sequence[PhaseCount]) -> None:  # noqa: ANN001 - matplotlib Axes
    names = [p.phase for p in funnel]
    base = [0] * len(funnel)
    for health in STACK:
        heights = [getattr(p, health) for p in funnel]
        if any(heights):
            axes.bar(names, heights, bottom=base, color=COLOURS[health], label=health, width=0.7)
            base = [b + h for b, h in zip(base, heights, strict=True)]
    total = sum(p.total for p in funnel)
    axes.set_title(f"Projects by phase and health ({total:,} in all)", fontsize=11)
    axes.set_ylabel("projects")
    for x, height in enumerate(base):
        if height:
            axes.annotate(f"{height:,}", (x, height), ha="center", va="bottom", fontsize=8)
    if total:
        axes.legend(fontsize=8, loc="upper right", frameon=False)
        axes.set_ylim(0, max(base) * 1.15)
    else:
        axes.set_ylim(0, 1)
        axes.text(0.5, 0.5, "No projects yet", transform=axes.transAxes, ha="center")
    axes.tick_params(axis="x", labelsize=8)
    axes.spines[["top", "right"]].set_visible(False)


def _ages(axes, ages: Sequence[Age]) -> None:  # noqa: ANN001 - matplotlib Axes
    oldest = sorted(ages, key=lambda a: (-a.days, a.label))[:AGES_SHOWN]
    more = len(ages) - len(oldest)
    axes.set_title(
        "Done, not in production: days waiting"
        + (f" (the {len(oldest)} oldest, +{more:,} more)" if more else ""),
        fontsize=11,
    )
    axes.spines[["top", "right"]].set_visible(False)
    if not oldest:
        axes.set_xticks([])
        axes.set_yticks([])
        axes.text(0.5, 0.5, "None: every project done is in production", ha="center",
                  va="center", transform=axes.transAxes)  # fmt: skip
        return
    days = [a.days for a in oldest]
    colours = [COLOURS.get(a.health, COLOURS["closed"]) for a in oldest]
    positions = range(len(oldest))
    axes.barh(positions, days, color=colours, height=0.7)
    axes.set_yticks(positions, [_short(a.label) for a in oldest], fontsize=7)
    axes.invert_yaxis()  # the oldest on top
    axes.set_xlabel("days since accepted")
    axes.set_xlim(0, max(days) * 1.1 or 1)
