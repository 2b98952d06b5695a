"""The wall clock: the instant, the local zone and today, from the machine or pinned."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from typer.testing import CliRunner

from hipcoach.cli import Environment, app
from hipcoach.clock import WallClock
from hipcoach.errors import HipcoachError

# (the moment on the machine's wall, its zone, today there, the UTC offset in minutes)
MOMENTS = [
    (datetime(2026, 11, 30, 7, 0), "Asia/Tokyo", date(2026, 11, 30), 540),  # a Monday
    (datetime(2026, 12, 6, 10, 0), "UTC", date(2026, 12, 6), 0),  # a Sunday
    (datetime(2026, 12, 31, 20, 0), "America/Los_Angeles", date(2026, 12, 31), -480),
    (datetime(2027, 1, 1, 8, 0), "Pacific/Kiritimati", date(2027, 1, 1), 840),
    (datetime(2027, 1, 1, 0, 30), "Pacific/Pago_Pago", date(2027, 1, 1), -660),
    (datetime(2027, 3, 28, 9, 30), "Asia/Tokyo", date(2027, 3, 28), 540),
    (datetime(2028, 2, 29, 10, 0), "UTC", date(2028, 2, 29), 0),
    (datetime(2027, 3, 28, 3, 30), "Europe/Berlin", date(2027, 3, 28), 120),  # just after
    (datetime(2026, 10, 25, 1, 30), "Europe/Berlin", date(2026, 10, 25), 120),  # before
    (datetime(2026, 10, 25, 4, 0), "Europe/Berlin", date(2026, 10, 25), 60),  # fall back
    (datetime(2026, 12, 1, 0, 0), "Asia/Tokyo", date(2026, 12, 1), 540),  # a month's first
]


@pytest.mark.parametrize(("wall", "zone", "today", "offset"), MOMENTS)
def test_the_machine_clock_gives_the_local_day_and_offset(
    wall: datetime, zone: str, today: date, offset: int
) -> None:
    moment = wall.replace(tzinfo=ZoneInfo(zone))
    with time_machine.travel(moment, tick=False):  # moves the clock and the machine's zone
        clock = WallClock.system()
        assert clock.now() == moment.astimezone(UTC)
        assert clock.today() == today
        assert clock.offset_minutes(clock.now()) == offset


@pytest.mark.parametrize(("wall", "zone", "today", "offset"), MOMENTS)
def test_an_injected_zone_wins_over_the_machine(
    wall: datetime, zone: str, today: date, offset: int
) -> None:
    moment = wall.replace(tzinfo=ZoneInfo(zone))
    elsewhere = ZoneInfo("Pacific/Kiritimati" if zone != "Pacific/Kiritimati" else "UTC")
    with time_machine.travel(moment.astimezone(elsewhere), tick=False):
        clock = WallClock.system(ZoneInfo(zone))
        assert (clock.today(), clock.offset_minutes(clock.now())) == (today, offset)


def test_a_fixed_clock_stands_still_and_needs_a_zone_in_its_instant() -> None:
    instant = datetime(2027, 1, 1, 8, 0, tzinfo=ZoneInfo("Pacific/Kiritimati"))
    clock = WallClock.fixed(instant, ZoneInfo("Pacific/Pago_Pago"))
    assert clock.now() == clock.now() == instant
    assert clock.now().tzinfo is UTC
    assert clock.today() == date(2026, 12, 31)  # 07:00 in Pago Pago, 25 hours behind
    with pytest.raises(ValueError, match="no time zone"):
        WallClock.fixed(datetime(2027, 1, 1, 8, 0))


@pytest.mark.parametrize(
    ("pinned", "zone", "instant"),
    [
        ("2026-10-05", "Asia/Tokyo", datetime(2026, 10, 5, 3, 0, tzinfo=UTC)),  # noon
        ("2026-10-05T07:00", "Asia/Tokyo", datetime(2026, 10, 4, 22, 0, tzinfo=UTC)),
        ("2026-10-05T07:00:00+09:00", "UTC", datetime(2026, 10, 4, 22, 0, tzinfo=UTC)),
        ("2026-10-05T07:00:00Z", "Asia/Tokyo", datetime(2026, 10, 5, 7, 0, tzinfo=UTC)),
        ("2027-03-28T09:30", "Europe/Berlin", datetime(2027, 3, 28, 7, 30, tzinfo=UTC)),
    ],
)
def test_the_environment_pins_the_clock(pinned: str, zone: str, instant: datetime) -> None:
    clock = WallClock.from_environment({"HIPCOACH_NOW": pinned, "HIPCOACH_TZ": zone})
    assert clock.now() == instant
    assert clock.today() == instant.astimezone(ZoneInfo(zone)).date()


def test_without_a_pin_the_environment_is_the_machine() -> None:
    moment = datetime(2028, 2, 29, 23, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    with time_machine.travel(moment, tick=False):
        assert WallClock.from_environment({}).today() == date(2028, 2, 29)
        tokyo = WallClock.from_environment({"HIPCOACH_TZ": "Asia/Tokyo"})
        assert tokyo.today() == date(2028, 3, 1)


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"HIPCOACH_NOW": "yesterday"}, "HIPCOACH_NOW: 'yesterday'"),
        ({"HIPCOACH_NOW": "2026-02-30"}, "HIPCOACH_NOW: '2026-02-30'"),
        ({"HIPCOACH_NOW": "0001-01-01T00:00:00+14:00"}, "HIPCOACH_NOW"),
        ({"HIPCOACH_TZ": "Mars/Olympus"}, "HIPCOACH_TZ: 'Mars/Olympus'"),
        ({"HIPCOACH_TZ": "../../etc/passwd"}, "HIPCOACH_TZ"),
    ],
)
def test_a_bad_pin_is_named(env: dict[str, str], named: str) -> None:
    with pytest.raises(HipcoachError) as raised:
        WallClock.from_environment(env)
    assert str(raised.value).startswith(named)


def test_a_bad_pin_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIPCOACH_NOW", "soon")
    result = CliRunner().invoke(app, ["today"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "HIPCOACH_NOW: 'soon' is not a date (2026-10-05) or a date and time "
        "(2026-10-05T07:00, optionally with an offset such as +09:00)"
    ]
    assert CliRunner().invoke(app, ["--version"]).exit_code == 0  # needs no clock
    japanese = CliRunner().invoke(app, ["today", "--lang", "ja"])
    assert japanese.stderr.startswith("HIPCOACH_NOW: 'soon' は日付（2026-10-05）でも日時")
    monkeypatch.setenv("HIPCOACH_NOW", "2026-11-25")
    monkeypatch.setenv("HIPCOACH_TZ", "Mars/Olympus")
    for command in (["log"], ["programs"], ["today"]):  # even where no date is shown
        result = CliRunner().invoke(app, command)
        assert (result.exit_code, len(result.stderr.splitlines())) == (2, 1), command
        assert result.stderr.startswith("HIPCOACH_TZ: 'Mars/Olympus' is not a time zone")


def test_a_language_hipcoach_does_not_speak_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HIPCOACH_LANG", "fr")
    for command in (["log"], ["runs"], ["today", "--lang", "ja"]):
        result = CliRunner().invoke(app, command)
        assert (result.exit_code, len(result.stderr.splitlines())) == (2, 1), command
        assert "HIPCOACH_LANG: 'fr'" in result.stderr
    monkeypatch.setenv("HIPCOACH_LANG", "ja_JP.UTF-8")  # a locale's spelling is understood
    assert CliRunner().invoke(app, ["log"]).exit_code == 0


def test_a_test_hands_its_own_environment_to_the_app() -> None:
    friday = WallClock.fixed(
        datetime(2026, 12, 4, 23, 59, tzinfo=ZoneInfo("Asia/Tokyo")), ZoneInfo("Asia/Tokyo")
    )
    result = CliRunner().invoke(app, ["today", "--json"], obj=Environment(clock=friday))
    assert result.exit_code == 0, result.output
    assert '"date": "2026-12-04"' in result.stdout
    one_minute_later = WallClock.fixed(friday.now() + timedelta(minutes=1), friday.zone)
    result = CliRunner().invoke(app, ["today", "--json"], obj=Environment(one_minute_later))
    assert '"date": "2026-12-05"' in result.stdout
