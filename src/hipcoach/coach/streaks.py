"""Streaks and days: which days were done in full, and the streaks they make.

A day is *done* for a program when every step of that program has at least one set
actually done (not skipped) that day, across all of the day's sessions: a full
session, a quick one, or several ``--step`` sessions together. A day counts for the
local date its session started on (a session across midnight belongs to the day it
began).

Streaks count done days backwards from today. Days that are not training days never
break a streak (and count when trained anyway), today does not break it while it is
still open, and a number of missed training days per calendar month can be forgiven.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence, Set
from dataclasses import dataclass
from datetime import date

from hipcoach.coach.days import weekday
from hipcoach.timeutil import WEEKDAYS, Weekday, days_from


def full_days(
    done: dict[tuple[date, str], set[str]], needed: dict[str, tuple[str, ...]]
) -> set[date]:
    """Days on which every step of some program was done.

    Args:
        done: steps done per (day, program id).
        needed: each program's steps.
    """
    return {
        day
        for (day, program_id), steps in done.items()
        if needed.get(program_id) and set(needed[program_id]) <= steps
    }


@dataclass(frozen=True)
class Streak:
    current: int  # done days in the run that reaches today (or yesterday, while today is open)
    longest: int
    forgiven: int  # missed training days forgiven inside the current run


def streak(
    done: set[date],
    today: date,
    training_days: Sequence[Weekday] = WEEKDAYS,
    allowance_per_month: int = 0,
    excused: Set[date] = frozenset(),
) -> Streak:
    """The current and longest streak of done days.

    Args:
        done: the done days; days after ``today`` (a clock pinned to the past, a log from a
            machine whose clock ran ahead) do not count.
        today: the user's local date; not done yet does not break the streak.
        training_days: weekdays that are planned; other days never break a streak.
        allowance_per_month: missed training days forgiven per calendar month.
        excused: days under a safety stop: missed, they break nothing (done, they count).
    """
    done = {day for day in done if day <= today}  # the log as it stood on ``today``
    if not done:
        return Streak(0, 0, 0)
    planned = set(training_days)
    runs: list[tuple[int, int]] = []  # (done days, forgiven) per run, oldest first
    count = forgiven = 0
    misses: dict[tuple[int, int], int] = defaultdict(int)
    for day in days_from(min(done), max(*done, today)):
        if day in done:
            count += 1
        elif weekday(day) in planned and day != today and day not in excused:
            month = (day.year, day.month)
            if misses[month] < allowance_per_month:
                misses[month] += 1
                forgiven += 1
            else:
                runs.append((count, forgiven))
                count = forgiven = 0
    runs.append((count, forgiven))
    current, current_forgiven = runs[-1]
    return Streak(current, max(r[0] for r in runs), current_forgiven if current else 0)
