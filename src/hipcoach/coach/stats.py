"""The numbers behind `hipcoach stats` and the coach's reports: pure, over store queries."""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import fmean
from typing import Any, Literal

from hipcoach.coach.safety import Safety, Stop, assess, flagged
from hipcoach.coach.streaks import Streak, logged_days, streak, weekday
from hipcoach.log.records import CheckInRecord
from hipcoach.log.store import Store
from hipcoach.program.model import Program, Text
from hipcoach.timeutil import Weekday

Level = Literal[0, 1, 2]  # nothing, partly, done in full


@dataclass(frozen=True)
class ExerciseStats:
    step_id: str
    name: Text
    unit: Literal["seconds", "reps"]
    sets_done: int
    sets_skipped: int
    weekly: list[float | None]  # mean actual seconds or reps per set, per week
    first_dose: float | None = None  # mean per set in the first session that did it
    last_dose: float | None = None  # ... and in the last


@dataclass(frozen=True)
class Stats:
    first: date  # first day of the window (a Monday)
    last: date  # the last day shown (today, or --until)
    today: date
    training_days: tuple[Weekday, ...]
    levels: dict[date, Level]  # what was done on each day of the window
    log_starts: date | None  # the first day anything was logged
    streak: Streak
    statuses: dict[str, int]
    sessions_per_week: list[int]
    adherence: float | None  # done training days / planned training days, in the window
    exercises: list[ExerciseStats] = field(default_factory=list)
    effort_weekly: list[float | None] = field(default_factory=list)
    pain_weekly: list[float | None] = field(default_factory=list)
    # the pain record of the period: every check-in and lift, not a weekly mean
    check_ins: list[CheckInRecord] = field(default_factory=list)
    despite_stop: int = 0  # sessions started while a stop was in force
    stop: Stop | None = None  # in force at the end of the period

    @property
    def highest_pain(self) -> CheckInRecord | None:
        """The check-in with the highest pain in the period (the first, of equals)."""
        reported = [c for c in self.check_ins if c.pain]
        return max(reported, key=lambda c: c.pain or 0, default=None)

    def flagged(self, ease: int) -> list[CheckInRecord]:
        """Check-ins with pain of ``ease`` or more, or a warning sign."""
        return [c for c in self.check_ins if flagged(c, ease)]

    @property
    def weeks(self) -> int:
        return len(self.sessions_per_week)

    @property
    def sessions(self) -> int:
        return sum(self.statuses.values())

    @property
    def mean_sessions_per_week(self) -> float:
        """Over the weeks since the log began (within the window): a log started last week
        is not averaged over half a year of weeks it did not exist in."""
        if self.log_starts is None:
            return 0.0
        begun = max(0, (self.log_starts - self.first).days // 7)
        weeks = self.sessions_per_week[begun:]
        return sum(weeks) / max(1, len(weeks))

    def planned(self, day: date) -> bool:
        return weekday(day) in self.training_days

    def to_dict(self, lang: str) -> dict[str, Any]:
        def name(text: Text) -> str:
            return text.ja if lang == "ja" else text.en

        return {
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "training_days": list(self.training_days),
            "days": {day.isoformat(): level for day, level in sorted(self.levels.items())},
            "streak": {
                "current": self.streak.current,
                "longest": self.streak.longest,
                "forgiven": self.streak.forgiven,
            },
            "sessions": self.sessions,
            "statuses": self.statuses,
            "sessions_per_week": self.sessions_per_week,
            "adherence": self.adherence,
            "exercises": [
                {
                    "id": e.step_id,
                    "name": name(e.name),
                    "unit": e.unit,
                    "sets_done": e.sets_done,
                    "sets_skipped": e.sets_skipped,
                    "weekly": e.weekly,
                    "first": e.first_dose,
                    "last": e.last_dose,
                }
                for e in self.exercises
            ],
            "effort_weekly": self.effort_weekly,
            "pain_weekly": self.pain_weekly,
        }


def window(last: date, weeks: int) -> date:
    """The Monday ``weeks`` weeks back, so the grid has whole weeks ending with ``last``'s."""
    return last - timedelta(days=last.weekday()) - timedelta(weeks=weeks - 1)


def compute(
    store: Store,
    program: Program,
    today: date,
    *,
    first: date,
    last: date | None = None,
    training_days: Sequence[Weekday] | None = None,
    allowance_per_month: int = 0,
    within_period: bool = False,
) -> Stats:
    """Everything `stats` shows, for the days ``first`` to ``last`` (default: today).

    With ``within_period`` (a report for chosen dates) the streak, too, counts only the
    days of the period, as it stood on its last day; otherwise it is the streak today.
    """
    last = last or today
    days = tuple(training_days or program.schedule.days)
    _, full, some = logged_days(store, program)
    log_starts = min(some, default=None)
    span = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    levels: dict[date, Level] = {d: 2 if d in full else 1 if d in some else 0 for d in span}
    weeks = (len(span) + 6) // 7

    records = store.pain_record(None, max(last, today))  # read once, for all three uses
    safety = assess(records, program.progression)
    sessions = store.sessions_in(first, last)
    statuses: dict[str, int] = {}
    per_week = [0] * weeks
    efforts: list[list[int]] = [[] for _ in range(weeks)]
    pains: list[list[int]] = [[] for _ in range(weeks)]
    despite = 0
    for day, status, effort, pain, despite_stop in sessions:
        despite += despite_stop
        statuses[status] = statuses.get(status, 0) + 1
        week = (day - first).days // 7
        per_week[week] += 1
        if effort is not None:
            efforts[week].append(effort)
        if pain is not None:
            pains[week].append(pain)

    return Stats(
        first=first,
        last=last,
        today=today,
        training_days=days,
        levels=levels,
        log_starts=log_starts,
        streak=_streak(
            full, days, allowance_per_month, span if within_period else None, today, safety
        ),
        statuses=statuses,
        sessions_per_week=per_week,
        adherence=_adherence(full, span, days, today, log_starts, safety.excused(today)),
        exercises=_exercises(store, first, last, weeks),
        effort_weekly=[round(fmean(w), 1) if w else None for w in efforts],
        pain_weekly=[round(fmean(w), 1) if w else None for w in pains],
        check_ins=[r for r in records if first <= r.local_date <= last],
        despite_stop=despite,
        stop=safety.stop
        if last >= today
        else assess([r for r in records if r.local_date <= last], program.progression).stop,
    )


def _streak(
    full: set[date],
    days: Sequence[Weekday],
    allowance: int,
    span: list[date] | None,
    today: date,
    safety: Safety,
) -> Streak:
    """The streak today, or (given a report's ``span``) within it, on its last day; days
    under a safety stop break it nowhere."""
    if span is not None:
        full = {d for d in full if span[0] <= d <= span[-1]}
        today = min(span[-1], today)
    return streak(full, today, days, allowance, safety.excused(today))


def _adherence(
    full: set[date],
    span: list[date],
    days: Sequence[Weekday],
    today: date,
    log_starts: date | None,
    excused: Set[date] = frozenset(),
) -> float | None:
    """Share of planned training days done, from the first logged day; today counts once
    done; a day under a safety stop was not planned (done anyway, it counts)."""
    if log_starts is None:
        return None
    planned = [
        d
        for d in span
        if d >= log_starts
        and weekday(d) in days
        and (d < today or d in full)
        and (d not in excused or d in full)
    ]
    if not planned:
        return None
    return round(sum(1 for d in planned if d in full) / len(planned), 3)


def _exercises(store: Store, first: date, last: date, weeks: int) -> list[ExerciseStats]:
    found: dict[str, dict[str, Any]] = {}
    for row in store.exercise_weeks(first, last):
        entry = found.setdefault(
            row.step_id,
            {
                "name": row.step_name,
                "unit": row.unit,
                "done": 0,
                "skipped": 0,
                "weekly": [None] * weeks,
            },
        )
        entry["done"] += row.done
        entry["skipped"] += row.skipped
        if 0 <= row.week < weeks and row.mean_actual is not None:
            entry["weekly"][row.week] = round(row.mean_actual, 1)
    ends = store.exercise_ends(first, last)
    result = []
    for step_id, e in found.items():
        first_dose, last_dose = ends.get(step_id, (None, None))
        result.append(
            ExerciseStats(
                step_id,
                e["name"],
                e["unit"],
                e["done"],
                e["skipped"],
                e["weekly"],
                None if first_dose is None else round(first_dose, 1),
                None if last_dose is None else round(last_dose, 1),
            )
        )
    return result
