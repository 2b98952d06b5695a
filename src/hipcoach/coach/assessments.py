"""What self-test results mean: each side's result, the asymmetry, the norm band, a change
only when larger than the test's measurement error, the trend, and when to re-test.

Trials of one side combine as the test's nature says: the best number (a maximal effort),
the worst rating, any "yes", the highest pain: a flag in any trial stays a flag.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from hipcoach.log.records import TestResult  # not log.selftests: that opens the store (sqlite3)
from hipcoach.program.model import Program, Question, SelfTest, Side, Step

Band = Literal["poor", "average", "good"]
ChangeVerdict = Literal["better", "worse", "within-error", "not-judged"]
_RATING_ORDER = {"good": 0, "fair": 1, "poor": 2}


@dataclass(frozen=True)
class SideResult:
    value: float | None  # best trial's number, when the test has one
    answers: dict[str, str]  # combined over trials
    flags: tuple[str, ...]  # question ids whose answer is a flag (see _is_flag)


@dataclass(frozen=True)
class Change:
    side: Side | None
    before: float
    after: float
    verdict: ChangeVerdict

    @property
    def difference(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class TestSummary:
    """One test: each side as last tested, read against that side's test before."""

    __test__ = False

    step: Step
    test: SelfTest
    day: date
    sides: dict[Side | None, SideResult]
    asymmetry_pct: float | None
    bands: dict[Side | None, Band]
    changes: tuple[Change, ...]
    trend: tuple[tuple[date, dict[Side | None, float | None]], ...]  # oldest first
    days: dict[Side | None, date] = field(default_factory=dict)  # each side's latest test

    @property
    def sides_apart(self) -> bool:
        """The sides' latest results come from different days: not compared."""
        return len(set(self.days.values())) > 1

    @property
    def flagged(self) -> bool:
        return any(result.flags for result in self.sides.values())


@dataclass(frozen=True)
class LoggedAssessment:
    """One run of the self-tests as the log lists it: its results, and the program that
    names its tests and questions (None when that program is no longer installed)."""

    program: Program | None
    results: tuple[TestResult, ...]

    def in_order(self) -> list[TestResult]:
        """The results as the tests ran: the program's order, left before right, trial by
        trial (tests the program no longer has last, by id)."""
        order = {s.id: n for n, s in enumerate(self.program.steps)} if self.program else {}
        return sorted(
            self.results,
            key=lambda r: (order.get(r.test_id, len(order)), r.test_id, r.side != "left", r.trial),
        )

    def test(self, result: TestResult) -> tuple[Step, SelfTest] | None:
        """The step and test a result is of, when the program still has it."""
        if self.program is None:
            return None
        step = next((s for s in self.program.steps if s.id == result.test_id), None)
        return None if step is None or step.test is None else (step, step.test)


def logged_assessments(results: Iterable[TestResult]) -> list[LoggedAssessment]:
    """``results`` as the runs of ``hipcoach assess`` that made them, oldest first, each
    with the program that names its tests when it is still installed."""
    from hipcoach.errors import HipcoachError
    from hipcoach.program.catalog import find_program

    programs: dict[str, Program | None] = {}
    found = []
    for _, rows in assessments(list(results)):
        program_id = rows[0].program_id
        if program_id not in programs:
            try:
                programs[program_id] = find_program(program_id).program
            except HipcoachError:
                programs[program_id] = None
        found.append(LoggedAssessment(programs[program_id], tuple(rows)))
    return found


def combine(test: SelfTest, trials: Sequence[TestResult]) -> SideResult:
    """One side's trials as one result."""
    values = [r.value for r in trials if r.value is not None]
    answers: dict[str, str] = {}
    for question in test.questions:
        given = [r.answers[question.id] for r in trials if question.id in r.answers]
        if given:
            answers[question.id] = _worst(question, given)
    flags = tuple(q.id for q in test.questions if _is_flag(q, answers.get(q.id)))
    return SideResult(max(values) if values else None, answers, flags)


def _worst(question: Question, given: Sequence[str]) -> str:
    if question.answer == "pain":
        return str(max(int(a) for a in given))
    if question.answer == "yes-no":
        return "yes" if "yes" in given else "no"
    return max(given, key=lambda a: _RATING_ORDER.get(a, 0))


def _is_flag(question: Question, answer: str | None) -> bool:
    """A pain at or above its flag_from (also a safety flag, fed to the pain record), or a
    yes that is a positive test (the pelvis dropping: a result flag only)."""
    if answer is None:
        return False
    if question.flag_if_yes:
        return answer == "yes"
    return question.flag_from is not None and int(answer) >= question.flag_from


def asymmetry(left: float | None, right: float | None) -> float | None:
    """``|left - right|`` as a percentage of the stronger side; None without both."""
    if left is None or right is None or max(left, right) <= 0:
        return None
    return abs(left - right) / max(left, right) * 100


def band(test: SelfTest, value: float | None) -> Band | None:
    """The norm's band, when the test gives one."""
    if value is None or (test.poor_below is None and test.good_above is None):
        return None
    if test.poor_below is not None and value < test.poor_below:
        return "poor"
    if test.good_above is not None and value > test.good_above:
        return "good"
    return "average"


def change(test: SelfTest, side: Side | None, before: float, after: float) -> Change:
    """A change is better or worse only when larger than the measurement error."""
    error = test.smallest_change
    if error is None:
        verdict: ChangeVerdict = "not-judged"
    elif abs(after - before) <= error:
        verdict = "within-error"
    else:
        verdict = "better" if after > before else "worse"
    return Change(side, before, after, verdict)


def summaries(program: Program, results: Sequence[TestResult]) -> list[TestSummary]:
    """Each test of ``program`` ever taken: each side's latest result, read against the
    side's test before (see :func:`_summary`)."""
    ours = [r for r in results if r.program_id == program.id]
    runs = assessments(ours)
    if not runs:
        return []
    found = []
    for step in program.steps:
        if step.test is None:
            continue
        history = [
            (day, _sides(step.test, [r for r in rows if r.test_id == step.id]))
            for day, rows in runs
            if _has(rows, step.id)
        ]
        if history:
            found.append(_summary(step, step.test, history))
    return found


def _has(rows: Sequence[TestResult], test_id: str) -> bool:
    return any(r.test_id == test_id for r in rows)


def assessments(results: Sequence[TestResult]) -> list[tuple[date, list[TestResult]]]:
    """Results grouped by the assessment (the run of ``hipcoach assess``) that made them,
    oldest first, each with its local date."""
    by_run: dict[str, list[TestResult]] = {}
    for result in results:
        by_run.setdefault(result.assessment_id, []).append(result)
    runs = sorted(by_run.values(), key=lambda rows: rows[0].recorded_utc)
    return [(rows[0].local_date, rows) for rows in runs]


def _sides(test: SelfTest, rows: Sequence[TestResult]) -> dict[Side | None, SideResult]:
    sides: dict[Side | None, list[TestResult]] = {}
    for row in rows:
        sides.setdefault(row.side, []).append(row)
    return {side: combine(test, trials) for side, trials in sides.items()}


def _summary(
    step: Step, test: SelfTest, history: list[tuple[date, dict[Side | None, SideResult]]]
) -> TestSummary:
    """Each side as last tested, read against that side's test before.

    "Latest" is per side, as a physio reads a chart: each side's most recent test, never
    the most recent run alone (a retest of the left later in the day once hid the right
    of the morning, and the asymmetry with it). A run's trials of one side combine as
    :func:`combine` says. Left and right are compared only when both come from the same
    day: a side tested another day was tested on other legs (fatigue, sleep, a run in
    between), so an asymmetry across days would be read as a real difference when it may
    be the day's; the sides then keep their own dates and no asymmetry is given."""
    latest: dict[Side | None, tuple[int, date, SideResult]] = {}
    for index, (day, sides) in enumerate(history):
        for side, result in sides.items():
            latest[side] = (index, day, result)
    order: list[Side | None] = [s for s in ("left", "right", None) if s in latest]
    results = {side: latest[side][2] for side in order}
    days = {side: latest[side][1] for side in order}
    changes: list[Change] = []
    for side in order:
        index, _, result = latest[side]
        before = next((h[1][side] for h in reversed(history[:index]) if side in h[1]), None)
        if result.value is not None and before is not None and before.value is not None:
            changes.append(change(test, side, before.value, result.value))
    bands = {side: b for side, r in results.items() if (b := band(test, r.value)) is not None}
    trend = tuple((d, {s: r.value for s, r in sides.items()}) for d, sides in history)
    left, right = results.get("left"), results.get("right")
    same_day = days.get("left") == days.get("right")
    return TestSummary(
        step=step,
        test=test,
        day=max(days.values()),
        sides=results,
        asymmetry_pct=asymmetry(left.value if left else None, right.value if right else None)
        if same_day
        else None,
        bands=bands,
        changes=tuple(changes),
        trend=trend,
        days=days,
    )


def retest_due(
    last_test: date | None, today: date, every_days: int, *, ran_recently: bool = False
) -> bool:
    """Whether ``today`` should suggest the self-tests: never taken, or ``every_days``
    since the last; not when the runner asked for no tests the day after a run and there
    was one (``ran_recently``)."""
    if ran_recently:
        return False
    return last_test is None or today - last_test >= timedelta(days=every_days)
