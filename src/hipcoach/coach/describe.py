"""Short texts for doses and schedules, shared by `show`, `today` and the session screen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from hipcoach.coach.assessments import SideResult
from hipcoach.coach.progression import StepProgress
from hipcoach.coach.streaks import Streak
from hipcoach.i18n import (
    ANSWER,
    COUNT,
    DAY,
    FAILURE_DOSE,
    INCREMENT,
    MOVEMENT,
    SIDE,
    SIDES,
    SIDES_SHORT,
    UNIT,
    Lang,
    counted,
    format_date,
    join,
    t,
)
from hipcoach.program.model import (
    Movement,
    Program,
    Progression,
    Question,
    SelfTest,
    Side,
    Step,
)
from hipcoach.program.plan import Segment, StepDose, Timeline

if TYPE_CHECKING:
    from hipcoach.coach.stats import ExerciseStats, Stats


def _sets_text(sets: int, lang: Lang) -> str:
    return t("dose.set" if sets == 1 else "dose.sets", lang=lang, sets=sets)


def _sides_text(step: Step, lang: Lang) -> str | None:
    return t(SIDES[step.dose.sides], lang=lang) or None


def dose_range_text(step: Step, lang: Lang) -> str:
    """The dose as the program writes it, ranges included: ``hold 20–30 s · 2 sets · each side``."""
    dose = step.dose
    dash = t("list.range", lang=lang)
    parts = []
    if dose.hold is not None:
        parts.append(t("dose.hold", lang=lang, seconds=dose.hold.describe(dash)))
    elif dose.reps is not None:
        parts.append(t("dose.reps", lang=lang, reps=dose.reps.describe(dash)))
    sets = dose.sets
    parts.append(
        _sets_text(sets.min, lang)
        if sets.min == sets.max
        else t("dose.sets", lang=lang, sets=sets.describe(dash))
    )
    return t("list.dot", lang=lang).join(parts + _extras(step, lang))


def test_text(step: Step, lang: Lang) -> str:
    """What a self-test is, for `show`, not its engine's dose (a bridge to failure is no
    "100 reps"): ``reps at the tempo until you stop (hips up 1 s, down 1 s), the count
    confirmed · each side``, then what is asked after it."""
    test = step.test
    assert test is not None
    if test.kind == "timed-hold":
        what = t("show.test.timed-hold", lang=lang, s=test.seconds)
    elif test.kind == "hold-to-failure":
        what = t("show.test.hold-to-failure", lang=lang)
    elif test.kind == "reps-to-failure":
        what = t("show.test.reps-to-failure", lang=lang, tempo=tempo_text(step, lang))
    else:
        what = t("show.test.checklist", lang=lang, reps=test.reps, tempo=tempo_text(step, lang))
    parts = [what]
    if test.trials > 1:
        parts.append(counted(test.trials, "trial", lang=lang))
    if sides := _sides_text(step, lang):
        parts.append(sides)
    text = t("list.dot", lang=lang).join(parts)
    if test.questions:
        asked = [
            t("show.test.question", lang=lang, label=q.label.get(lang), answers=_answers(q, lang))
            for q in test.questions
        ]
        text += t("show.test.then", lang=lang, questions=join(asked, lang=lang))
    return text


def _answers(question: Question, lang: Lang) -> str:
    """``yes/no, yes a flag`` or ``0–10, 2 or more a flag``: the answers and the flag."""
    from hipcoach.program.model import ANSWER_CHOICES

    if question.answer == "pain":
        answers = "0–10"
        if question.flag_from is not None:
            answers += t("show.test.flag_from", lang=lang, n=question.flag_from)
        return answers
    answers = "/".join(t(ANSWER[c], lang=lang) for c in ANSWER_CHOICES[question.answer])
    if question.flag_if_yes:
        answers += t("show.test.flag_yes", lang=lang, yes=t(ANSWER["yes"], lang=lang))
    return answers


def dose_today_text(dose: StepDose, lang: Lang) -> str:
    """Today's dose: ``hold 20 s · 2 sets · each side``."""
    parts = [dose_amount_text(dose, lang), _sets_text(dose.sets, lang), *_extras(dose.step, lang)]
    return t("list.dot", lang=lang).join(parts)


def dose_amount_text(dose: StepDose, lang: Lang) -> str:
    """How long or how many in one set: ``hold 20 s`` or ``10 reps``."""
    test = dose.step.test
    if test is not None and test.kind in ("hold-to-failure", "reps-to-failure"):
        return t(FAILURE_DOSE[test.kind], lang=lang)
    if dose.seconds is not None:
        return t("dose.hold", lang=lang, seconds=dose.seconds)
    return t("dose.reps", lang=lang, reps=dose.reps)


def _extras(step: Step, lang: Lang) -> list[str]:
    extras = []
    sides = _sides_text(step, lang)
    if sides:
        extras.append(sides)
    if step.dose.reps is not None:
        extras.append(
            tempo_text(step, lang) if step.dose.tempo else t("dose.self_paced", lang=lang)
        )
    first_hold = step.dose.tempo.first_hold if step.dose.tempo else None
    if first_hold is not None:
        extras.append(t("dose.first_hold", lang=lang, s=f"{first_hold:g}"))
    return extras


def side_text(step: Step, side: Side, lang: Lang) -> str:
    """The side as this exercise means it: ``left leg forward``, else ``left``."""
    own = step.words.side(side) if step.words else None
    return own.get(lang) if own else t(SIDE[side], lang=lang)


def capitalized(label: str) -> str:
    """``SWITCH SIDES → left leg forward`` → ``Switch sides → left leg forward``: only the
    label's own words change case, never an exercise's side words."""
    head, arrow, tail = label.partition(" → ")
    return head.capitalize() + arrow + tail


def movement_text(step: Step, movement: Movement, lang: Lang) -> str:
    """A movement of a repetition as this exercise says it: ``bow down``, else ``down``."""
    own = step.words.movement(movement) if step.words else None
    return own.get(lang) if own else t(MOVEMENT[movement], lang=lang)


def tempo_text(step: Step, lang: Lang) -> str:
    """The tempo in words: ``bow down 2 s, hold 1 s, back up 2 s`` (not ``2-1-2``)."""
    tempo = step.dose.tempo
    if tempo is None:
        return ""
    parts = [
        t("tempo.part", lang=lang, word=movement_text(step, movement, lang), s=f"{length:g}")
        for movement, length in tempo.parts()
    ]
    return t("tempo.sep", lang=lang).join(parts)


def set_text(timeline: Timeline, segment: Segment, lang: Lang) -> str:
    """A work segment in a line: ``Glute stretch · set 1/2 · left · hold 20 s``; a
    self-test's is a trial: ``Side bridge · trial 1/1 · left · …``."""
    dose = timeline.dose(segment)
    which = "screen.set" if dose.step.test is None else "screen.trial"
    bits = [
        dose.step.name.get(lang),
        t(which, lang=lang, n=segment.set_number, total=dose.sets),
    ]
    if segment.side:
        bits.append(side_text(dose.step, segment.side, lang))
    bits.append(dose_amount_text(dose, lang))
    first_hold = dose.tempo.first_hold if dose.tempo and dose.reps else None
    if first_hold is not None:
        bits.append(t("dose.first_hold", lang=lang, s=f"{first_hold:g}"))
    return t("list.dot", lang=lang).join(bits)


def _level_value(step: Step, level: int, lang: Lang) -> str | None:
    """The part of the dose that moves with the level: ``25 s``, ``12 reps``, ``3 sets``."""
    for kind, rng in step.dose.ranges():
        if rng.levels > 0:
            value = rng.at_level(level)
            if kind == "hold":
                return t("duration.sec", lang=lang, s=value)
            return t(COUNT["rep" if kind == "reps" else "set", False], lang=lang, n=value)
    return None


def progress_text(step: Step, progress: StepProgress, rules: Progression, lang: Lang) -> str:
    """Why today's dose is what it is, from the state now (empty for a dose that never
    moves): the last change while nothing has counted since, and the way to the next level."""
    if step.dose.levels == 0:
        return ""
    now = _level_value(step, progress.level, lang)
    parts = []
    if progress.easy_in_a_row == 0 and progress.changed_on is not None:
        before = _level_value(step, progress.previous_level, lang)
        day = format_date(progress.changed_on, lang=lang)
        if progress.reason == "down":
            parts.append(t("why.down", lang=lang, before=before, pain=progress.pain, date=day))
        elif progress.reason == "up":
            parts.append(t("why.up", lang=lang, before=before, n=rules.step_up_after))
    if progress.level >= step.dose.levels:
        parts.append(t("why.top", lang=lang, now=now))
    elif progress.reason != "up" or progress.easy_in_a_row > 0:
        after = _level_value(step, progress.level + 1, lang)
        k, n = progress.easy_in_a_row, rules.step_up_after
        parts.append(t("why.toward", lang=lang, k=k, n=n, next=after))
    return t("list.dot", lang=lang).join(parts)


def days_text(days: Sequence[str], lang: Lang) -> str:
    return join([t(DAY[day], lang=lang) for day in days], lang=lang)


def increments_text(program: Program, lang: Lang) -> str:
    """What one level of progression changes, across the program's ranges."""
    seen: list[str] = []
    for step in program.steps:
        for kind, rng in step.dose.ranges():
            if rng.levels > 0:
                text = t(INCREMENT[kind], lang=lang, step=rng.step, max=rng.max)
                if text not in seen:
                    seen.append(text)
    return join(seen, lang=lang)


def plain_number(value: float) -> int | float:
    """``20.0`` → ``20``: whole amounts without a decimal point."""
    return int(value) if float(value).is_integer() else value


def value_text(value: float, unit: str, lang: Lang) -> str:
    """``25 s``, ``10 reps``: a logged or planned amount, to one decimal at most."""
    amount = plain_number(round(value, 1))
    return t("value.unit", lang=lang, n=amount, unit=t(UNIT[unit], lang=lang))


def dose_trend(exercise: ExerciseStats, lang: Lang) -> str:
    """``20 s → 25 s``: the dose prescribed in the first session, then today (or, for an
    exercise not in the program shown, in the last session): what was asked, not done."""
    if exercise.first_planned is None:
        return "-"
    first = value_text(exercise.first_planned, exercise.unit, lang)
    now = exercise.now.planned if exercise.now is not None else exercise.last_planned
    last = first if now is None else value_text(now, exercise.unit, lang)
    return first if first == last else f"{first} → {last}"


def done_share_text(exercise: ExerciseStats, lang: Lang) -> str:
    """``94 %``: what was done of the prescribed seconds or reps (skipped sets count)."""
    share = exercise.done_share
    return "-" if share is None else t("stats.percent", lang=lang, pct=round(share * 100))


def compact_dose_text(dose: StepDose, lang: Lang) -> str:
    """``2 × 25 s each side``, ``2 × 10 reps each side``: a prescription in a few words."""
    return t(
        "dose.compact",
        lang=lang,
        sets=dose.sets,
        amount=value_text(dose.planned, dose.unit, lang),
        sides=t(SIDES_SHORT[sides], lang=lang) if (sides := dose.step.dose.sides) != "none" else "",
    )


def sessions_text(stats: Stats, lang: Lang) -> str:
    """``Sessions: 16 (15 completed, 1 partial, 0 aborted)``, for `stats` and the reports."""
    return t(
        "report.sessions_line",
        lang=lang,
        n=stats.sessions,
        completed=stats.statuses.get("completed", 0),
        partial=stats.statuses.get("partial", 0),
        aborted=stats.statuses.get("aborted", 0),
    )


def adherence_text(stats: Stats, lang: Lang) -> str | None:
    """The share of planned training days done, when there were any."""
    if stats.adherence is None:
        return None
    return t(
        "report.adherence",
        lang=lang,
        pct=round(stats.adherence * 100),
        days=days_text(stats.training_days, lang),
    )


def streak_text(streak: Streak, lang: Lang, key: str = "today.streak") -> str:
    """``Streak: 10 days · best 10``, and how many missed training days the allowance
    forgave inside it, so a □ on the calendar beside it is not a contradiction."""
    text = t(key, lang=lang, days=counted(streak.current, "day", lang=lang), best=streak.longest)
    if streak.forgiven:
        text += t("streak.forgiven", lang=lang, n=streak.forgiven)
    return text


def answers_text(test: SelfTest, result: SideResult, lang: Lang) -> str:
    """``pelvis drop yes · hip pain 3 ⚑``: each answered question's label and answer."""
    return t("list.dot", lang=lang).join(answers_lines(test, result, lang))


def answers_lines(test: SelfTest, result: SideResult, lang: Lang) -> list[str]:
    """``hip pain 3 ⚑``: each answered question's label and answer, in the test's order,
    a flag (pain at or above the question's flag_from, a positive yes) marked."""
    lines = []
    for question in test.questions:
        answer = result.answers.get(question.id)
        if answer is None:
            continue
        word = t(ANSWER[answer], lang=lang) if answer in ANSWER else answer
        flag = " ⚑" if question.id in result.flags else ""
        lines.append(f"{question.label.get(lang)} {word}{flag}")
    return lines
