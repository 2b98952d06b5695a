"""One model of a day, per program: the only place that says whether a day was done.

`today`, `stats`, the streak, the calendars and every report ask :meth:`Days.state`, so
they cannot disagree. A day is judged for one program (its sessions only), or, when
asked, for all programs together (done when some program was done in full).

The states and their symbols (one legend, ``LEGEND`` below, wherever symbols are drawn):

- ``done`` ■: every step of the program had a set done that day;
- ``partial`` ▪: something was done, not all;
- ``missed`` □: a past training day with nothing done;
- ``rest`` ·: not a training day, a day under a safety stop, or today while it is open;
- ``before`` and ``future`` (blank): before the program was first used, after the day shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from hipcoach.timeutil import WEEKDAYS, Weekday

if TYPE_CHECKING:
    from hipcoach.log.store import Store
    from hipcoach.program.model import Program


class DayState(StrEnum):
    DONE = "done"
    PARTIAL = "partial"
    MISSED = "missed"
    REST = "rest"  # not a training day
    EXCUSED = "excused"  # a training day under a safety stop: nothing was due
    OPEN = "open"  # today, not done yet: not missed while it lasts
    BEFORE = "before"  # before the first use of the program: unrecorded, not missed
    FUTURE = "future"


SYMBOLS: Mapping[DayState, str] = {
    DayState.DONE: "■",
    DayState.PARTIAL: "▪",
    DayState.MISSED: "□",
    DayState.REST: "·",
    DayState.EXCUSED: "·",
    DayState.OPEN: "·",
    DayState.BEFORE: " ",
    DayState.FUTURE: " ",
}
LEGEND_KEY = "days.legend"  # the i18n message that explains SYMBOLS


def weekday(day: date) -> Weekday:
    return WEEKDAYS[day.weekday()]


@dataclass(frozen=True)
class Days:
    """What the log says of each day, for ``program_id`` (None: all programs together)."""

    program_id: str | None
    full: frozenset[date]  # done in full
    some: frozenset[date]  # anything done
    today: date
    training_days: tuple[Weekday, ...]
    excused: frozenset[date] = frozenset()  # training days under a safety stop

    @property
    def first_use(self) -> date | None:
        return min(self.some, default=None)

    def state(self, day: date) -> DayState:
        if day in self.full:
            return DayState.DONE
        if day in self.some:
            return DayState.PARTIAL
        first = self.first_use
        if day > self.today:
            return DayState.FUTURE
        if first is None or day < first:
            return DayState.BEFORE
        if weekday(day) not in self.training_days:
            return DayState.REST
        if day == self.today:
            return DayState.OPEN
        if day in self.excused:
            return DayState.EXCUSED
        return DayState.MISSED

    def states(self, first: date, last: date) -> dict[date, DayState]:
        return {
            first + timedelta(days=n): self.state(first + timedelta(days=n))
            for n in range((last - first).days + 1)
        }


def judge_days(
    done: Mapping[tuple[date, str], Set[str]],
    needed: Mapping[str, Sequence[str]],
    program_id: str | None,
    today: date,
    training_days: Sequence[Weekday],
    excused: Set[date] = frozenset(),
) -> Days:
    """The days of ``program_id`` (or of all programs, for None).

    Args:
        done: steps with a set done, per (local date, program id).
        needed: each program's steps (what "in full" means for it).
    """
    full: set[date] = set()
    some: set[date] = set()
    for (day, pid), steps in done.items():
        if program_id is not None and pid != program_id:
            continue
        if steps:
            some.add(day)
        if needed.get(pid) and set(needed[pid]) <= steps:
            full.add(day)
    return Days(
        program_id,
        frozenset(full),
        frozenset(some),
        today,
        tuple(training_days),
        frozenset(excused),
    )


def program_days(
    store: Store,
    program: Program,
    today: date,
    training_days: Sequence[Weekday],
    excused: Set[date] = frozenset(),
    *,
    all_programs: bool = False,
) -> Days:
    """The log's days for ``program`` (judged by its steps as they are now; other programs
    by the steps of their newest session), or for every program with ``all_programs``."""
    needed: dict[str, Sequence[str]] = dict(store.latest_program_steps())
    needed[program.id] = tuple(step.id for step in program.steps)
    chosen = None if all_programs else program.id
    return judge_days(store.steps_done_by_day(), needed, chosen, today, training_days, excused)
