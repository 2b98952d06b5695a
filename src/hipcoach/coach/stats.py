"""The numbers behind `hipcoach stats` and the coach's reports: pure, over store queries."""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import fmean
from typing import Any, Literal

from hipcoach.coach.days import Days, DayState, program_days, weekday
from hipcoach.coach.progression import replay
from hipcoach.coach.safety import Safety, Stop, assess, flagged
from hipcoach.coach.streaks import Streak, streak
from hipcoach.log.records import CheckInRecord, ExerciseWeek
from hipcoach.log.store import Store
from hipcoach.program.model import Program, Text
from hipcoach.program.plan import StepDose, doses_for
from hipcoach.timeutil import Weekday


@dataclass(frozen=True)
class ExerciseStats:
    step_id: str
    name: Text
    unit: Literal["seconds", "reps"]
    sets_done: int
    sets_skipped: int
    weekly_sets: list[int]  # sets done per week
    weekly_planned: list[float | None]  # prescribed seconds or reps per set, mean per week
    weekly_done: list[float | None]  # done per set done, mean per week
    first_planned: float | None = None  # prescribed per set in the first session with it
    last_planned: float | None = None  # ... and in the last
    now: StepDose | None = None  # prescribed today (None: not in the program shown)
    planned_total: float = 0.0  # seconds or reps prescribed over the period
    done_total: float = 0.0  # ... and done

    @property
    def done_share(self) -> float | None:
        """What was done of what was prescribed (skipped and cut-short sets count)."""
        return self.done_total / self.planned_total if self.planned_total else None

    @property
    def last_week(self) -> int | None:
        """The week of the last set of this exercise (the charts end there)."""
        weeks = [n for n, v in enumerate(self.weekly_planned) if v is not None]
        return weeks[-1] if weeks else None


@dataclass(frozen=True)
class Stats:
    first: date  # first day of the window (a Monday)
    last: date  # the last day shown (today, or --until)
    today: date
    training_days: tuple[Weekday, ...]
    days: Days  # the one model of a day, for the program shown (or all programs)
    log_starts: date | None  # the first day the program (or any) was used
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

    @property
    def all_programs(self) -> bool:
        return self.days.program_id is None

    def state(self, day: date) -> DayState:
        """The day in the window as the one day model says; blank after its last day."""
        return DayState.FUTURE if day > self.last else self.days.state(day)

    def planned(self, day: date) -> bool:
        return weekday(day) in self.training_days

    def to_dict(self, lang: str) -> dict[str, Any]:
        def name(text: Text) -> str:
            return text.ja if lang == "ja" else text.en

        return {
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "training_days": list(self.training_days),
            "program": self.days.program_id,  # null: all programs
            "days": {
                d.isoformat(): s.value for d, s in self.days.states(self.first, self.last).items()
            },
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
                    "weekly_sets": e.weekly_sets,
                    "weekly_planned": e.weekly_planned,
                    "weekly_done": e.weekly_done,
                    "prescribed_first": e.first_planned,
                    "prescribed_now": None if e.now is None else e.now.planned,
                    "done_share": None if e.done_share is None else round(e.done_share, 3),
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
    all_programs: bool = False,
) -> Stats:
    """Everything `stats` shows, for the days ``first`` to ``last`` (default: today).

    With ``within_period`` (a report for chosen dates) the streak, too, counts only the
    days of the period, as it stood on its last day; otherwise it is the streak today.
    Everything is ``program``'s alone, unless ``all_programs``.
    """
    last = last or today
    days = tuple(training_days or program.schedule.days)
    records = store.pain_record(None, max(last, today))  # read once, for all three uses
    safety = assess(records, program.progression)
    calendar = program_days(
        store, program, today, days, safety.excused(today), all_programs=all_programs
    )
    full = set(calendar.full)
    log_starts = calendar.first_use
    span = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    weeks = (len(span) + 6) // 7
    only = None if all_programs else program.id
    sessions = store.sessions_in(first, last, only)
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
        days=calendar,
        log_starts=log_starts,
        streak=_streak(
            full, days, allowance_per_month, span if within_period else None, today, safety
        ),
        statuses=statuses,
        sessions_per_week=per_week,
        adherence=_adherence(full, span, days, today, log_starts, safety.excused(today)),
        exercises=_exercises(store, first, last, weeks, _doses_now(store, program), only),
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


def _doses_now(store: Store, program: Program) -> dict[str, StepDose]:
    """Each step's dose as prescribed today, after its progression."""
    levels = replay(program, store.check_ins(program.id)).levels()
    return {dose.step.id: dose for dose in doses_for(program, levels)}


def _exercises(
    store: Store,
    first: date,
    last: date,
    weeks: int,
    now: dict[str, StepDose],
    program_id: str | None,
) -> list[ExerciseStats]:
    found: dict[str, list[ExerciseWeek]] = {}
    for row in store.exercise_weeks(first, last, program_id):
        if 0 <= row.week < weeks:
            found.setdefault(row.step_id, []).append(row)
    ends = store.exercise_ends(first, last, program_id)
    return [
        _exercise(rows, weeks, ends.get(step_id, (None, None)), now.get(step_id))
        for step_id, rows in found.items()
    ]


def _exercise(
    rows: list[ExerciseWeek],
    weeks: int,
    ends: tuple[float | None, float | None],
    now: StepDose | None,
) -> ExerciseStats:
    sets = [0] * weeks
    planned: list[float | None] = [None] * weeks
    done: list[float | None] = [None] * weeks
    for row in rows:
        sets[row.week] = row.done
        planned[row.week] = round(row.mean_planned, 1)
        done[row.week] = None if row.mean_actual is None else round(row.mean_actual, 1)
    first_planned, last_planned = ends
    return ExerciseStats(
        rows[0].step_id,
        rows[0].step_name,
        rows[0].unit,
        sum(row.done for row in rows),
        sum(row.skipped for row in rows),
        sets,
        planned,
        done,
        None if first_planned is None else round(first_planned, 1),
        None if last_planned is None else round(last_planned, 1),
        now,
        sum(row.planned_total for row in rows),
        sum(row.actual_total for row in rows),
    )
