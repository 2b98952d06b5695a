"""The one place hipcoach reads the wall clock and the machine's time zone.

"Now", the local zone and today's local date reach every command, view, recorder and
export as a :class:`WallClock` handed down from the command line's root (``cli.main``
builds one per invocation, as httpie builds its ``Environment``). No other module calls
``datetime.now()``, ``date.today()``, ``time.time()`` or reads the machine's zone;
``tests/test_clock_source.py`` fails when one does. Durations inside a session come from
the monotonic clock (``session.elapsed_real_seconds``), never from here.

Two environment variables pin the clock, for a test running the real command or a person
looking at an old log as it was on a given day:

- ``HIPCOACH_NOW``: ``2026-10-05`` (noon that day), ``2026-10-05T07:00`` (local time) or an
  instant with an offset (``2026-10-05T07:00:00+09:00``). The wall clock stands at that
  moment for the whole command; a session still logs real durations, since the recorder
  reads the wall clock once and the monotonic clock after that.
- ``HIPCOACH_TZ``: an IANA zone (``Asia/Tokyo``) instead of the machine's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from hipcoach.errors import HipcoachError
from hipcoach.i18n import t

NOW_ENV = "HIPCOACH_NOW"
ZONE_ENV = "HIPCOACH_TZ"

# The dates hipcoach accepts where they come in (imports, arguments, the clock): far
# from the ends of Python's calendar, so a day's offset or a walk to the next day can
# never overflow, and any real training day fits.
EARLIEST = date(1970, 1, 1)
LATEST = date(2199, 12, 31)


def in_range(day: date) -> bool:
    return EARLIEST <= day <= LATEST


@dataclass(frozen=True)
class WallClock:
    """The wall-clock instant, the local zone and today's local date.

    ``zone`` None is the machine's zone as the C library knows it (``TZ``,
    ``/etc/localtime``), daylight saving included.
    """

    read: Callable[[], datetime]
    zone: tzinfo | None = None

    @classmethod
    def system(cls, zone: tzinfo | None = None) -> WallClock:
        return cls(_system_now, zone)

    @classmethod
    def fixed(cls, instant: datetime, zone: tzinfo | None = None) -> WallClock:
        """A clock that stays at ``instant`` (tests and reports of a given moment)."""
        _require_aware(instant)
        return cls(lambda: instant, zone)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> WallClock:
        """The machine's clock, unless ``HIPCOACH_NOW`` / ``HIPCOACH_TZ`` pin it.

        Raises:
            HipcoachError: a value that is not a date, an instant or a known zone.
        """
        zone = _zone(environ.get(ZONE_ENV, "").strip())
        pinned = environ.get(NOW_ENV, "").strip()
        if not pinned:
            return cls.system(zone)
        return cls.fixed(_pinned_instant(pinned, zone), zone)

    def now(self) -> datetime:
        """The instant now, in UTC."""
        return self.read().astimezone(UTC)

    def local(self, instant: datetime) -> datetime:
        """``instant`` as the local wall time (aware, with the zone's offset then)."""
        return instant.astimezone(self.zone)

    def offset_minutes(self, instant: datetime) -> int:
        """The local UTC offset at ``instant``, in minutes (Tokyo: 540)."""
        offset = self.local(instant).utcoffset() or timedelta(0)
        return int(offset.total_seconds() // 60)

    def local_now(self) -> datetime:
        return self.local(self.now())

    def today(self) -> date:
        """Today's local calendar date."""
        return self.local_now().date()


def _system_now() -> datetime:
    """The machine's clock, refused when it is set decades off (a dead RTC battery reads
    1970 or 2000 at best; a date past 2199 is no real clock)."""
    now = datetime.now(UTC)
    _refuse_out_of_range(now, t("clock.system"))
    return now


def _require_aware(instant: datetime) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{instant!r} has no time zone")


def _zone(name: str) -> tzinfo | None:
    if not name:
        return None
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
        raise HipcoachError(t("clock.bad_zone", variable=ZONE_ENV, value=repr(name))) from None


def _pinned_instant(text: str, zone: tzinfo | None) -> datetime:
    """``HIPCOACH_NOW`` as an aware instant: a date is noon, a bare time is local."""
    try:
        if len(text) == 10:
            value = datetime.combine(date.fromisoformat(text), time(12))
        else:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if value.tzinfo is None:
            value = _localize(value, zone)
        utc = value.astimezone(UTC)  # out of range at the ends of the calendar
    except (ValueError, OverflowError):
        raise HipcoachError(t("clock.bad_now", variable=NOW_ENV, value=repr(text))) from None
    _refuse_out_of_range(utc, f"{NOW_ENV}: ")
    return value


def _refuse_out_of_range(instant: datetime, where: str) -> None:
    if not in_range(instant.date()):
        reason = t("date.out_of_range", value=instant.date(), first=EARLIEST, last=LATEST)
        raise HipcoachError(f"{where}{reason}")


def _localize(wall: datetime, zone: tzinfo | None) -> datetime:
    """A naive local wall time in ``zone`` (the machine's when None) as an aware one."""
    if zone is None:
        return wall.astimezone()  # a naive datetime is taken as the machine's local time
    return wall.replace(tzinfo=zone)
