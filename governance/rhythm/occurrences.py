"""Scheduled slots in a person's own time zone, across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEK = timedelta(days=7)


def last_slot(
    now: datetime, tz: str, weekday: int, hhmm: str, cadence: str, anchor: date
) -> datetime:
    """The latest slot at or before ``now``: ``weekday`` at ``hhmm`` local time, in UTC.

    Local wall-clock time is kept across DST changes (09:30 stays 09:30). Biweekly slots
    fall on the weeks an even number of weeks after ``anchor``'s week.
    """
    zone = ZoneInfo(tz)
    local_now = now.astimezone(zone)
    hour, minute = (int(part) for part in hhmm.split(":"))
    day = local_now.date() - timedelta(days=(local_now.weekday() - weekday) % 7)

    def at(d: date) -> datetime:
        return datetime.combine(d, time(hour, minute), tzinfo=zone).astimezone(UTC)

    if at(day) > now:
        day -= WEEK
    if cadence == "biweekly":
        anchor_monday = anchor - timedelta(days=anchor.weekday())
        if ((day - anchor_monday).days // 7) % 2:
            day -= WEEK
    return at(day)


def local_day(moment: datetime, tz: str) -> date:
    return moment.astimezone(ZoneInfo(tz)).date()


def is_working_day(day: date) -> bool:
    """Monday to Friday."""
    return day.weekday() < 5


def is_away(day: date, away: tuple[tuple[date, date], ...]) -> bool:
    """Whether ``day`` falls in one of the (first, last) spans, both days included."""
    return any(first <= day <= last for first, last in away)


WORK_START = time(9, 0)
WORK_END = time(18, 0)


def working_moment(moment: datetime, tz: str, away: tuple[tuple[date, date], ...] = ()) -> datetime:
    """The first moment at or after ``moment`` inside working hours (09:00–18:00 local, on
    a weekday) on a day the person is not away: when a nudge due at ``moment`` is said."""
    zone = ZoneInfo(tz)
    local = moment.astimezone(zone)
    for _ in range(400):
        day = local.date()
        if is_working_day(day) and not is_away(day, away) and local.time() < WORK_END:
            start = datetime.combine(day, WORK_START, tzinfo=zone)
            return max(local, start).astimezone(UTC)
        local = datetime.combine(day + timedelta(days=1), WORK_START, tzinfo=zone)
    return moment  # away for over a year: say it when it falls due


def working_mornings(now: datetime, tz: str) -> tuple[datetime, datetime]:
    """The latest working-day 09:00 at or before ``now`` in the zone, and the one before
    it, in UTC (a Monday's is preceded by the Friday's)."""
    zone = ZoneInfo(tz)

    def nine(day: date) -> datetime:
        return datetime.combine(day, WORK_START, tzinfo=zone).astimezone(UTC)

    def before(day: date) -> date:
        day -= timedelta(days=1)
        while not is_working_day(day):
            day -= timedelta(days=1)
        return day

    day = now.astimezone(zone).date()
    if not is_working_day(day) or nine(day) > now:
        day = before(day)
    return nine(before(day)), nine(day)
