"""Parsing the values people type: amounts, sizes, dates, times, zones."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from zoneinfo import available_timezones

from governance.errors import BadCommand

# Each pattern sees one short value (its length checked first), anchored, with no two
# repetitions that could share characters: nothing here can backtrack for long.
MAX_VALUE = 40
# Spaces go before matching ("50 000 EUR" is 50000EUR), so no two \s* meet in a pattern.
_AMOUNT = re.compile(r"[$€£]?([0-9][0-9,_']*(?:\.[0-9]+)?)([kKmM]?)(?:[a-zA-Z]{3})?")
_SIZE = re.compile(r"([0-9]+(?:\.[0-9]+)?)(b|kb|mb|gb|tb|pb)?", re.IGNORECASE)
_CLOCK = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Zone names are short ("America/Argentina/ComodRivadavia" is among the longest).
MAX_ZONE = 64
_SIZE_UNITS = {"b": 1e-9, "kb": 1e-6, "mb": 1e-3, "gb": 1.0, "tb": 1e3, "pb": 1e6, None: 1.0}
MAX_AMOUNT = Decimal("1e13")


def amount(text: str, what: str) -> Decimal:
    """``50000``, ``50k``, ``$1.2M``, ``45,000 EUR``, ``50 000`` -> Decimal."""
    match = _AMOUNT.fullmatch(_squeezed(text)) if len(text) <= MAX_VALUE else None
    if not match:
        raise BadCommand(
            f"`{what}:{_shown(text)}` is not an amount; write it like {what}:50000 or {what}:50k."
        )
    try:
        value = Decimal(match.group(1).replace(",", "").replace("_", "").replace("'", ""))
    except InvalidOperation:
        raise BadCommand(f"`{what}:{_shown(text)}` is not an amount.") from None
    value *= {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2).lower()]
    if value >= MAX_AMOUNT:
        raise BadCommand(f"`{what}:{_shown(text)}` is larger than any budget this bot will track.")
    return value.quantize(Decimal("0.01"))


def size_gb(text: str, what: str) -> float:
    """``50GB``, ``2TB``, ``500mb`` (and ``/day`` for ingest) -> gigabytes."""
    cleaned = _squeezed(text.lower()).removesuffix("/day").removesuffix("/d")
    match = _SIZE.fullmatch(cleaned) if len(text) <= MAX_VALUE else None
    if not match:
        raise BadCommand(
            f"`{what}:{_shown(text)}` is not a size; write it like {what}:50GB or {what}:2TB."
        )
    value = float(match.group(1)) * _SIZE_UNITS[(match.group(2) or "").lower() or None]
    if value > 1e9:
        raise BadCommand(
            f"`{what}:{_shown(text)}` is larger than any estimate this bot will track."
        )
    return value


def count(text: str, what: str) -> int:
    cleaned = _squeezed(text).replace(",", "").lower().removesuffix("users")
    # isascii: "²" is a digit to isdigit() but not to int().
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) > 9:
        raise BadCommand(
            f"`{what}:{_shown(text)}` is not a number of users; write it like {what}:120."
        )
    return int(cleaned)


def _shown(text: str) -> str:
    """A value as quoted back in a refusal: whole when short, its start when long."""
    return text if len(text) <= 60 else text[:57] + "…"


def _squeezed(text: str) -> str:
    """Without spaces of any kind: thousands are grouped with them in much of the world."""
    return "".join(text.split())


def day(text: str) -> date:
    try:
        # Only the YYYY-MM-DD form: fromisoformat also takes week dates and compact forms.
        if not _DAY.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise BadCommand(f"`{_shown(text)}` is not a date; write it as YYYY-MM-DD.") from None


def clock_time(text: str) -> str:
    match = _CLOCK.fullmatch(text) if len(text) <= 5 else None
    if not match:
        raise BadCommand(f"`{_shown(text)}` is not a time of day; write it as HH:MM, like 09:30.")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def weekday(text: str) -> int:
    word = text.lower()
    for index, name in enumerate(WEEKDAYS):
        if len(word) >= 3 and name.startswith(word):
            return index
    raise BadCommand(f"`{_shown(text)}` is not a day of the week; write it like monday or mon.")


@cache
def _zones() -> dict[str, str]:
    """Every IANA zone name, by its lower case."""
    return {name.lower(): name for name in available_timezones()}


# An example zone in each region, for someone who names the region alone ("tz America").
_EXAMPLES = {
    "africa": "Africa/Nairobi", "america": "America/New_York", "antarctica": "Antarctica/Troll",
    "arctic": "Arctic/Longyearbyen", "asia": "Asia/Tokyo", "atlantic": "Atlantic/Reykjavik",
    "australia": "Australia/Sydney", "europe": "Europe/Berlin", "indian": "Indian/Maldives",
    "pacific": "Pacific/Auckland", "us": "US/Eastern", "etc": "Etc/UTC",
}  # fmt: skip


def zone(text: str) -> str:
    """An IANA zone name, spelled as the database spells it.

    The name is looked up among the known zones, never opened as a file: a region
    ("America") is a directory and a very long name is too long for a path, and both
    used to escape as OS errors.
    """
    shown = _shown(text)
    known = _zones().get(text.lower()) if len(text) <= MAX_ZONE else None
    if known is not None:
        return known
    region = text.strip("/").lower()
    prefix = region + "/"
    if region and len(text) <= MAX_ZONE and any(z.startswith(prefix) for z in _zones()):
        example = _EXAMPLES.get(region) or min(
            name for lower, name in _zones().items() if lower.startswith(prefix)
        )
        raise BadCommand(
            f"`{shown}` is a region, not a time zone; name a zone in it, like {example}."
        )
    raise BadCommand(f"`{shown}` is not a time zone I know; use an IANA name like Europe/Berlin.")


def format_amount(value: Decimal | None) -> str:
    if value is None:
        return "not set"
    return f"{value:,.0f}" if value == value.to_integral() else f"{value:,.2f}"


def format_size(gb: float | None) -> str:
    if gb is None:
        return "—"
    if gb >= 1000:
        return f"{gb / 1000:,.1f} TB".replace(".0 TB", " TB")
    if gb < 1:
        return f"{gb * 1000:,.0f} MB"
    return f"{gb:,.1f} GB".replace(".0 GB", " GB")
