"""What to do today, whether it is done, and the streak: the data behind `hipcoach today`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from hipcoach.coach.describe import progress_text
from hipcoach.coach.progression import Progress, replay
from hipcoach.coach.streaks import DayMark, Streak, logged_days, recent_days, streak, weekday
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
    days: list[DayMark]
    progress: Progress
    first_day: date | None  # of the log; days before it were not missed, just unrecorded

    @property
    def done(self) -> bool:
        return all(step.done for step in self.steps)

    @property
    def started(self) -> bool:
        return any(step.done for step in self.steps)

    def why(self, step: StepToday, lang: Lang) -> str:
        """Why the dose is what it is today (empty for a dose that never moves)."""
        state = self.progress.steps[step.dose.step.id]
        return progress_text(step.dose.step, state, self.program.progression, lang)

    def to_dict(self, lang: Lang) -> dict[str, Any]:
        stop = self.progress.stop
        return {
            "stop": None
            if stop is None
            else {"date": stop.on.isoformat(), "pain": stop.pain, "where": stop.where},
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
                    "date": d.day.isoformat(),
                    "done": d.done,
                    "partly": d.partly,
                    "training_day": d.training_day,
                }
                for d in self.days
            ],
        }


def program_progress(store: Store, program: Program) -> Progress:
    """The program's progression, replayed from its check-ins in the log."""
    return replay(program, store.check_ins(program.id))


def today_report(
    store: Store,
    program: Program,
    today: date,
    *,
    training_days: Sequence[Weekday] | None = None,
    allowance_per_month: int = 0,
    levels: Mapping[str, int] | None = None,
) -> TodayReport:
    """Today's doses and progress for ``program``, and the streak over the whole log."""
    logged = logged_days(store, program)
    days = training_days or program.schedule.days
    done_today = logged.steps.get((today, program.id), set())
    progress = program_progress(store, program)
    return TodayReport(
        day=today,
        program=program,
        training_day=weekday(today) in days,
        steps=[
            StepToday(d, d.step.id in done_today)
            for d in doses_for(program, levels if levels is not None else progress.levels())
        ],
        progress=progress,
        streak=streak(logged.full, today, days, allowance_per_month),
        days=recent_days(logged.full, logged.some, today, RECENT_DAYS, days),
        first_day=min(logged.some, default=None),
    )
