"""Instants and local dates.

Instants are stored in UTC as ISO 8601 text (``2026-11-24T07:05:12.345Z``) with the
local UTC offset beside them; "today" is the user's local calendar date. Durations
are measured on the monotonic clock, never from these; "now" and the local zone come
from :mod:`hipcoach.clock`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Literal

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def to_iso(instant: datetime) -> str:
    """``2026-11-24T07:05:12.345Z`` (milliseconds, always UTC)."""
    utc = instant.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def from_iso(text: str) -> datetime:
    """Parse an instant written by :func:`to_iso` (or any ISO 8601 text with an offset).

    Raises:
        ValueError: not an ISO 8601 instant with a time zone.
    """
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone")
    return value.astimezone(UTC)


def local_date(instant: datetime, offset_minutes: int) -> date:
    return (instant.astimezone(UTC) + timedelta(minutes=offset_minutes)).date()
