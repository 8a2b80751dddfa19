"""Slot and working-hours arithmetic in a person's own zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.rhythm.model import LONGEST_EVENING
from governance.rhythm.occurrences import last_slot, working_moment, working_mornings
from tests.rhythm.conftest import utc


@pytest.mark.parametrize(
    ("moment", "tz", "expected"),
    [
        (utc(2026, 3, 4, 10), "Europe/Berlin", utc(2026, 3, 4, 10)),  # Wed 11:00: now
        (utc(2026, 3, 4, 5), "Europe/Berlin", utc(2026, 3, 4, 8)),  # Wed 06:00: at 09:00
        (utc(2026, 3, 4, 19), "Europe/Berlin", utc(2026, 3, 5, 8)),  # Wed 20:00: Thu 09:00
        (utc(2026, 3, 7, 12), "Europe/Berlin", utc(2026, 3, 9, 8)),  # Saturday: Monday
        (utc(2026, 3, 6, 20), "America/New_York", utc(2026, 3, 6, 20)),  # Fri 15:00 in NY
        (utc(2026, 3, 6, 23, 30), "America/New_York", utc(2026, 3, 9, 13)),  # Mon, EDT now
        (utc(2026, 3, 6, 3), "Asia/Kolkata", utc(2026, 3, 6, 3, 30)),  # Fri 08:30 IST
    ],
)
def test_working_moment(moment, tz, expected):
    assert working_moment(moment, tz) == expected


def test_working_moment_skips_away_days():
    away = ((date(2026, 3, 4), date(2026, 3, 10)),)
    assert working_moment(utc(2026, 3, 4, 10), "Europe/Berlin", away) == utc(2026, 3, 11, 8)


def test_biweekly_slots_alternate_weeks():
    anchor = date(2026, 3, 2)
    assert last_slot(utc(2026, 3, 10, 12), "UTC", 0, "09:30", "biweekly", anchor) == utc(
        2026, 3, 2, 9, 30
    )
    assert last_slot(utc(2026, 3, 17, 12), "UTC", 0, "09:30", "biweekly", anchor) == utc(
        2026, 3, 16, 9, 30
    )


ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Auckland",
         "America/St_Johns", "Asia/Kathmandu", "Australia/Lord_Howe", "UTC"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)),
    st.sampled_from(ZONES),
)
def test_no_moment_waits_longer_than_a_long_weekend_for_working_hours(moment, tz):
    # Planning skips the working-hours arithmetic for moments older than this bound.
    at = moment.replace(tzinfo=UTC)
    assert at <= working_moment(at, tz) <= at + LONGEST_EVENING


@pytest.mark.parametrize(
    ("now", "tz", "expected"),
    [
        # Monday 10:00 in Berlin: Monday's 09:00, and Friday's before it.
        (utc(2026, 3, 2, 9), "Europe/Berlin", (utc(2026, 2, 27, 8), utc(2026, 3, 2, 8))),
        # Monday 08:00 in Berlin: still Friday's, and Thursday's.
        (utc(2026, 3, 2, 7), "Europe/Berlin", (utc(2026, 2, 26, 8), utc(2026, 2, 27, 8))),
        # Sunday: Friday's.
        (utc(2026, 3, 1, 12), "Europe/Berlin", (utc(2026, 2, 26, 8), utc(2026, 2, 27, 8))),
        # Across the change to summer time: Friday at 08:00 UTC, Monday at 07:00 UTC.
        (utc(2026, 3, 30, 12), "Europe/Berlin", (utc(2026, 3, 27, 8), utc(2026, 3, 30, 7))),
        # Tuesday 09:00 in Kolkata is 03:30 UTC.
        (utc(2026, 3, 3, 4), "Asia/Kolkata", (utc(2026, 3, 2, 3, 30), utc(2026, 3, 3, 3, 30))),
    ],
)
def test_working_mornings(now, tz, expected):
    assert working_mornings(now, tz) == expected
