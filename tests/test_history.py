"""Streaks, done days and the recent-days strip."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hipcoach.coach.days import DayState, judge_days
from hipcoach.coach.streaks import full_days, streak
from hipcoach.log.records import SessionRecord, SetRecord
from hipcoach.program.model import Text
from hipcoach.timeutil import parse_weekdays
from tests.histories import done_days

D = date(2026, 11, 24)  # a Tuesday
ALL = ("glute-stretch", "hip-hinge", "wall-drill")


def days_back(*offsets: int) -> set[date]:
    return {D - timedelta(days=n) for n in offsets}


def test_consecutive_days_up_to_today() -> None:
    assert streak(days_back(0, 1, 2), D).current == 3


def test_today_not_done_yet_does_not_break_it() -> None:
    assert streak(days_back(1, 2, 3), D).current == 3


def test_a_missed_day_breaks_it() -> None:
    result = streak(days_back(0, 1, 3, 4, 5, 6), D)
    assert (result.current, result.longest) == (2, 4)
    assert streak(days_back(2, 3), D).current == 0  # yesterday missed


def test_rest_days_never_break_it() -> None:
    sunday = date(2026, 11, 22)
    done = {sunday - timedelta(days=1), sunday + timedelta(days=1)}  # Sat and Mon
    weekdays = ("mon", "tue", "wed", "thu", "fri", "sat")
    assert streak(done, date(2026, 11, 23), weekdays).current == 2
    assert streak(done, date(2026, 11, 23)).current == 1  # every day planned: Sunday breaks it


def test_training_on_a_rest_day_counts() -> None:
    weekdays = ("mon", "tue", "wed", "thu", "fri", "sat")
    assert streak(days_back(0, 1, 2), D, weekdays).current == 3  # includes Sunday the 22nd


def test_allowance_forgives_missed_days_per_month() -> None:
    done = days_back(0, 1, 3, 4, 6, 7)  # misses on the 22nd and 19th (both in November)
    assert streak(done, D, allowance_per_month=2).current == 6
    assert streak(done, D, allowance_per_month=2).forgiven == 2
    # the first miss of the month is forgiven; the second breaks the run
    assert streak(done, D, allowance_per_month=1).current == 2


def test_allowance_is_per_calendar_month() -> None:
    done = {date(2026, 10, 30), date(2026, 11, 1), date(2026, 11, 3)}
    assert streak(done, date(2026, 11, 3), allowance_per_month=1).current == 3
    assert (
        streak(
            {date(2026, 11, 1), date(2026, 11, 4)}, date(2026, 11, 4), allowance_per_month=1
        ).current
        == 1
    )


def test_empty_history() -> None:
    assert streak(set(), D).current == 0 and streak(set(), D).longest == 0


@given(st.sets(st.integers(0, 60)))
def test_streak_never_exceeds_the_longest_or_the_done_days(offsets: set[int]) -> None:
    done = days_back(*offsets)
    result = streak(done, D)
    assert 0 <= result.current <= result.longest <= len(done)
    if {0, 1} & offsets and offsets:
        assert result.current >= 1


def _session(
    day: date, steps: list[tuple[str, bool]], program_steps: tuple[str, ...] = ALL, sid: str = "x"
) -> SessionRecord:
    sets = tuple(
        SetRecord(
            n,
            step,
            Text(step, step),
            "flexibility",
            1,
            None,
            "seconds",
            20.0,
            None if skipped else 20.0,
            skipped,
            "",
            "",
        )
        for n, (step, skipped) in enumerate(steps, 1)
    )
    return SessionRecord(
        sid,
        "hip-drop",
        1,
        Text("h", "h"),
        program_steps,
        "full",
        f"{day}T07:00:00Z",
        None,
        0,
        day,
        "completed",
        sets=sets,
    )


def test_a_day_is_done_when_every_step_was_done_that_day() -> None:
    full = _session(D, [(s, False) for s in ALL])
    one_skipped = _session(
        D - timedelta(1), [("glute-stretch", False), ("hip-hinge", False), ("wall-drill", True)]
    )
    split = [
        _session(D - timedelta(2), [("glute-stretch", False)], sid="a"),
        _session(D - timedelta(2), [("hip-hinge", False), ("wall-drill", False)], sid="b"),
    ]
    assert done_days([full, one_skipped, *split]) == {D, D - timedelta(2)}


def test_full_days_needs_the_program_steps() -> None:
    done = {(D, "hip-drop"): {"glute-stretch"}, (D, "other"): {"a"}}
    assert full_days(done, {"hip-drop": ("glute-stretch",)}) == {D}
    assert full_days(done, {}) == set()


def test_one_day_model_judges_each_program_alone() -> None:
    done = {
        (D, "other"): {"a"},  # only the other program today
        (D - timedelta(1), "hip-drop"): {"glute-stretch"},
        (D - timedelta(2), "hip-drop"): {"glute-stretch", "hip-hinge"},
    }
    needed = {"hip-drop": ("glute-stretch", "hip-hinge"), "other": ("a",)}
    week = ("tue", "wed", "thu", "fri", "sat", "sun")
    hip = judge_days(done, needed, "hip-drop", D, week)
    assert [hip.state(D - timedelta(n)) for n in range(5)] == [
        DayState.OPEN,  # the other program's session does not make today done here
        DayState.PARTIAL,
        DayState.DONE,
        DayState.BEFORE,  # before hip-drop was first used: not missed
        DayState.BEFORE,
    ]
    assert hip.state(D + timedelta(1)) is DayState.FUTURE
    everything = judge_days(done, needed, None, D, week)
    assert everything.state(D) is DayState.DONE  # all programs: some program done in full


def test_a_day_under_a_stop_is_excused_not_missed() -> None:
    done = {(D - timedelta(3), "hip-drop"): {"a"}}
    every_day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    days = judge_days(done, {"hip-drop": ("a",)}, "hip-drop", D, every_day, {D - timedelta(1)})
    assert days.state(D - timedelta(2)) is DayState.MISSED
    assert days.state(D - timedelta(1)) is DayState.EXCUSED


# --- weekday words: one parser for settings and the calendar reminder -------------------------


@pytest.mark.parametrize(
    ("words", "days"),
    [
        ("mon,wed,fri", ("mon", "wed", "fri")),
        ("Friday Monday  wed", ("mon", "wed", "fri")),  # week order, any case, spaces
        (["sun", "SAT", "sunday"], ("sat", "sun")),  # each once
        ("", ()),
        ("thur, tues", ("tue", "thu")),
    ],
)
def test_weekday_words(words: str | list[str], days: tuple[str, ...]) -> None:
    assert parse_weekdays(words) == days


@pytest.mark.parametrize("word", ["mo", "monkey", "funday", "月"])
def test_a_word_that_is_not_a_day_is_named(word: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_weekdays(f"mon,{word}")
    assert raised.value.args == (word,)


def test_days_after_today_count_for_nothing() -> None:
    """A log read as it was on an earlier day (HIPCOACH_NOW), or one from a machine whose
    clock ran ahead: later days are not part of the streak, and the far end of the
    calendar is no trouble."""
    today = date(2026, 10, 4)
    later = {date(2026, 12, 31), date(9999, 12, 31)}
    assert streak(later, today) == streak(set(), today)
    earlier = {today - timedelta(days=1), today - timedelta(days=2)}
    assert streak(earlier | later, today).current == 2
    assert streak(earlier | later, today).longest == 2
