"""Instants and local dates.

Instants are stored in UTC as ISO 8601 text (``2026-11-24T07:05:12.345Z``) with the
local UTC offset beside them; "today" is the user's local calendar date. Durations
are measured on the monotonic clock, never from these; "now" and the local zone come
from :mod:`hipcoach.clock`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Literal

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def days_from(first: date, last: date) -> Iterator[date]:
    """``first`` to ``last``, both included, without stepping past ``last`` (which may
    be the last day a date can have)."""
    for n in range((last - first).days + 1):
        yield first + timedelta(days=n)


def to_iso(instant: datetime) -> str:
    """``2026-11-24T07:05:12.345Z`` (milliseconds, always UTC)."""
    utc = instant.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def from_iso(text: str) -> datetime:
    """Parse an instant written by :func:`to_iso` (or any ISO 8601 text with an offset).

    Raises:
        ValueError: not an ISO 8601 instant with a time zone, or one whose UTC time falls
            outside the calendar (9999-12-31T23:59:59-12:00).
    """
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone")
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{text!r} is outside the calendar") from None


def local_date(instant: datetime, offset_minutes: int) -> date:
    return (instant.astimezone(UTC) + timedelta(minutes=offset_minutes)).date()


_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_weekdays(words: str | Sequence[str]) -> tuple[Weekday, ...]:
    """``"mon, wed fri"`` or ``["Monday", "wed"]`` → ``("mon", "wed", "fri")``, in week
    order, each once. A day is its English name or any start of it of three letters or more.

    Raises:
        ValueError: with the first word that is not a day.
    """
    if isinstance(words, str):
        words = re.split(r"[,\s]+", words)
    found = set()
    for word in words:
        if not word.strip():
            continue
        text = word.strip().lower()
        index = next(
            (i for i, name in enumerate(_DAY_NAMES) if len(text) >= 3 and name.startswith(text)),
            None,
        )
        if index is None:
            raise ValueError(word)
        found.add(WEEKDAYS[index])
    return tuple(day for day in WEEKDAYS if day in found)
