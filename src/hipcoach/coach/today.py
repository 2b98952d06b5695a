"""What to do today, whether it is done, and the streak: the data behind `hipcoach today`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from hipcoach.coach.days import Days, DayState, program_days, weekday
from hipcoach.coach.describe import progress_text
from hipcoach.coach.progression import Progress, replay
from hipcoach.coach.safety import Safety, assess
from hipcoach.coach.streaks import Streak, streak
from hipcoach.i18n import Lang
from hipcoach.log.store import Store
from hipcoach.program.model import Program
from hipcoach.program.plan import StepDose, doses_for
from hipcoach.timeutil import Weekday

RECENT_DAYS = 14


@dataclass(frozen=True)
class StepToday:
    dose: StepDose
    done: bool


@dataclass(frozen=True)
class TodayReport:
    day: date
    program: Program
    training_day: bool
    steps: list[StepToday]
    streak: Streak
    calendar: Days  # the program's days: the one model every view draws
    progress: Progress
    safety: Safety = field(default_factory=Safety)
    first_session: bool = False  # nothing trained yet: the safety note comes first

    @property
    def done(self) -> bool:
        return all(step.done for step in self.steps)

    @property
    def started(self) -> bool:
        return any(step.done for step in self.steps)

    @property
    def recent(self) -> list[tuple[date, DayState]]:
        """The last ``RECENT_DAYS`` days, oldest first, for an at-a-glance row."""
        first = self.day - timedelta(days=RECENT_DAYS - 1)
        return list(self.calendar.states(first, self.day).items())

    def why(self, step: StepToday, lang: Lang) -> str:
        """Why the dose is what it is today (empty for a dose that never moves)."""
        state = self.progress.steps[step.dose.step.id]
        return progress_text(step.dose.step, state, self.program.progression, lang)

    def to_dict(self, lang: Lang) -> dict[str, Any]:
        stop = self.safety.stop
        return {
            "stop": None
            if stop is None
            else {
                "date": stop.since.isoformat(),
                "reason": stop.reason,
                "pain": stop.pain,
                "where": stop.where,
                "red_flags": list(stop.red_flags),
                "worst_pain": stop.worst_pain,
            },
            "lifted": None
            if self.safety.lifted is None
            else {
                "date": self.safety.lifted.on.isoformat(),
                "because": self.safety.lifted.because,
            },
            "last_pain": None
            if self.safety.last_pain is None
            else {
                "date": self.safety.last_pain.local_date.isoformat(),
                "pain": self.safety.last_pain.pain,
                "where": self.safety.last_pain.pain_where,
            },
            "first_session": self.first_session,
            "date": self.day.isoformat(),
            "program": {"id": self.program.id, "name": self.program.name.get(lang)},
            "training_day": self.training_day,
            "done": self.done,
            "steps": [
                {
                    "id": s.dose.step.id,
                    "name": s.dose.step.name.get(lang),
                    "sets": s.dose.sets,
                    "seconds": s.dose.seconds,
                    "reps": s.dose.reps,
                    "level": s.dose.level,
                    "why": self.why(s, lang),
                    "done": s.done,
                }
                for s in self.steps
            ],
            "streak": {"current": self.streak.current, "longest": self.streak.longest},
            "recent_days": [
                {
                    "date": day.isoformat(),
                    "state": state.value,
                    "done": state is DayState.DONE,
                    "partly": state is DayState.PARTIAL,
                    "training_day": weekday(day) in self.calendar.training_days,
                }
                for day, state in self.recent
            ],
        }


def program_progress(store: Store, program: Program) -> Progress:
    """The program's progression, replayed from its check-ins in the log."""
    return replay(program, store.check_ins(program.id))


def safety_now(store: Store, program: Program) -> Safety:
    """Whether a stop is in force, judged by ``program``'s pain thresholds."""
    return assess(store.pain_record(), program.progression)


def today_report(
    store: Store,
    program: Program,
    today: date,
    *,
    training_days: Sequence[Weekday] | None = None,
    allowance_per_month: int = 0,
    levels: Mapping[str, int] | None = None,
) -> TodayReport:
    """Today's doses and progress for ``program``, and its streak over the whole log."""
    days = training_days or program.schedule.days
    done_today = store.steps_done_by_day().get((today, program.id), set())
    progress = program_progress(store, program)
    safety = safety_now(store, program)
    calendar = program_days(store, program, today, days, safety.excused(today))
    return TodayReport(
        day=today,
        program=program,
        training_day=weekday(today) in days,
        steps=[
            StepToday(d, d.step.id in done_today)
            for d in doses_for(program, levels if levels is not None else progress.levels())
        ],
        progress=progress,
        streak=streak(set(calendar.full), today, days, allowance_per_month, calendar.excused),
        calendar=calendar,
        safety=safety,
        first_session=not store.has_training(),
    )
