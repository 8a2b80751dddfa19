"""Parsing the values people type: amounts, sizes, dates, times, zones."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from governance.errors import BadCommand

_AMOUNT = re.compile(r"^[$€£]?\s*([0-9][0-9,_]*(?:\.[0-9]+)?)\s*([kKmM]?)\s*(?:[a-zA-Z]{3})?$")
_SIZE = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*(b|kb|mb|gb|tb|pb)?$", re.IGNORECASE)
_SIZE_UNITS = {"b": 1e-9, "kb": 1e-6, "mb": 1e-3, "gb": 1.0, "tb": 1e3, "pb": 1e6, None: 1.0}
MAX_AMOUNT = Decimal("1e13")


def amount(text: str, what: str) -> Decimal:
    """``50000``, ``50k``, ``$1.2M``, ``45,000 EUR`` -> Decimal."""
    match = _AMOUNT.match(text.strip())
    if not match:
        raise BadCommand(
            f"`{what}:{text}` is not an amount; write it like {what}:50000 or {what}:50k."
        )
    try:
        value = Decimal(match.group(1).replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise BadCommand(f"`{what}:{text}` is not an amount.") from None
    value *= {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2).lower()]
    if value >= MAX_AMOUNT:
        raise BadCommand(f"`{what}:{text}` is larger than any budget this bot will track.")
    return value.quantize(Decimal("0.01"))


def size_gb(text: str, what: str) -> float:
    """``50GB``, ``2TB``, ``500mb`` (and ``/day`` for ingest) -> gigabytes."""
    cleaned = text.strip().lower().removesuffix("/day").removesuffix("/d").strip()
    match = _SIZE.match(cleaned)
    if not match:
        raise BadCommand(f"`{what}:{text}` is not a size; write it like {what}:50GB or {what}:2TB.")
    value = float(match.group(1)) * _SIZE_UNITS[(match.group(2) or "").lower() or None]
    if value > 1e9:
        raise BadCommand(f"`{what}:{text}` is larger than any estimate this bot will track.")
    return value


def count(text: str, what: str) -> int:
    cleaned = text.strip().replace(",", "").lower().removesuffix("users").strip()
    if not cleaned.isdigit() or len(cleaned) > 9:
        raise BadCommand(f"`{what}:{text}` is not a number of users; write it like {what}:120.")
    return int(cleaned)


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadCommand(f"`{text}` is not a date; write it as YYYY-MM-DD.") from None


def clock_time(text: str) -> str:
    match = re.fullmatch(r"([01]?[0-9]|2[0-3]):([0-5][0-9])", text)
    if not match:
        raise BadCommand(f"`{text}` is not a time of day; write it as HH:MM, like 09:30.")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def weekday(text: str) -> int:
    word = text.lower()
    for index, name in enumerate(WEEKDAYS):
        if len(word) >= 3 and name.startswith(word):
            return index
    raise BadCommand(f"`{text}` is not a day of the week; write it like monday or mon.")


def zone(text: str) -> str:
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        close = [z for z in available_timezones() if z.lower() == text.lower()]
        if close:
            return close[0]
        raise BadCommand(
            f"`{text}` is not a time zone I know; use an IANA name like Europe/Berlin."
        ) from None
    return text


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
