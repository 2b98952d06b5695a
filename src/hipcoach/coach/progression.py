"""Progression: each exercise's level, replayed from the check-ins, inside the program's ranges.

The rules come from the program file (``progression:``): start at the low end; after
``step_up_after`` completed sessions in a row that were easy (pain at most
``easy_pain_max`` and effort at most ``easy_effort_max``) an exercise steps up one
level; a check-in with pain of ``step_back_pain`` or more steps the exercise that hurt
(every exercise, when the check-in does not say which) back one level; an exercise
already at its lowest level, or with a fixed dose, cannot step back (the check-in's advice
says what to do instead). A session without a check-in counts neither way: only what the
user reported does; of several check-ins about one session the latest counts, and a
check-in about no session counts for its pain only. Stops are ``coach.safety``'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from hipcoach.log.records import CheckIn
from hipcoach.program.model import Program, Progression

Reason = Literal["start", "up", "down"]


@dataclass
class StepProgress:
    step_id: str
    level: int = 0
    reason: Reason = "start"  # how the current level came about
    previous_level: int = 0  # before the last change
    changed_on: date | None = None
    easy_in_a_row: int = 0  # towards the next step up
    pain: int | None = None  # the pain that stepped it back


@dataclass
class Progress:
    steps: dict[str, StepProgress] = field(default_factory=dict)

    def levels(self) -> dict[str, int]:
        return {step_id: p.level for step_id, p in self.steps.items()}


def _names(program: Program) -> list[tuple[str, tuple[str, str, str, str]]]:
    """Each exercise's id with the ways a check-in may name it: id, number, names."""
    return [
        (step.id, (step.id, str(number), step.name.en.lower(), step.name.ja))
        for number, step in enumerate(program.steps, 1)
    ]


def steps_named(program: Program, where: str | None) -> set[str] | None:
    """Which exercises a check-in's "where" names: a number, an id or a name, or words
    that contain a name; None: all."""
    if not where or not where.strip():
        return None
    text = where.strip().lower()
    found = {
        step_id
        for step_id, names in _names(program)
        if text in names or any(name and name in text for name in names[2:])
    }
    return found or None


def step_named_exactly(program: Program, where: str) -> str | None:
    """The one exercise ``where`` is exactly the number, id or name of, if any."""
    text = where.strip().lower()
    exact = [step_id for step_id, names in _names(program) if text in names]
    return exact[0] if len(exact) == 1 else None


def replay(program: Program, check_ins: Sequence[CheckIn]) -> Progress:
    """Every exercise's level after these sessions (oldest first)."""
    rules = program.progression
    progress = Progress(steps={step.id: StepProgress(step.id) for step in program.steps})
    # years of daily check-ins are replayed on every `today`: work out once what is fixed
    steps = [(step.id, step.dose.levels, progress.steps[step.id]) for step in program.steps]
    named: dict[str | None, set[str] | None] = {}
    for check_in in check_ins:
        where = check_in.pain_where
        if where not in named:
            named[where] = steps_named(program, where)
        hurt = named[where]
        for step_id, top, state in steps:
            _apply(state, step_id, top, check_in, hurt, rules)
    return progress


def _apply(
    state: StepProgress,
    step_id: str,
    top: int,
    check_in: CheckIn,
    hurt: set[str] | None,
    rules: Progression,
) -> None:
    """One check-in's effect on one exercise whose levels go from 0 to ``top``."""
    pain, effort = check_in.pain, check_in.effort
    if pain is not None and pain >= rules.step_back_pain and (hurt is None or step_id in hurt):
        if state.level > 0:
            _change(state, state.level - 1, "down", check_in.local_date)
            state.pain = pain
        state.easy_in_a_row = 0
        return
    if step_id not in check_in.done_steps or (pain is None and effort is None):
        return  # not done, or nothing reported: neither easy nor hard
    easy = (
        check_in.completed
        and pain is not None
        and effort is not None
        and pain <= rules.easy_pain_max
        and effort <= rules.easy_effort_max
    )
    if not easy:
        state.easy_in_a_row = 0
        return
    state.easy_in_a_row += 1
    if state.easy_in_a_row >= rules.step_up_after and state.level < top:
        _change(state, state.level + 1, "up", check_in.local_date)
        state.easy_in_a_row = 0


def _change(state: StepProgress, level: int, reason: Reason, on: date) -> None:
    state.previous_level, state.level = state.level, level
    state.reason, state.changed_on = reason, on
