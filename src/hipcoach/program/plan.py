"""Today's doses, and expanding them into a timeline of segments.

A timeline is everything a session does, in order: get ready, work (a hold, or reps
at the program's tempo), switch sides, rest between sets. Each side gets its full
hold: switching is a segment of its own. Each exercise begins with one get-ready and
one countdown: the first is long enough to get from the keyboard into position, the
later ones cover moving to the next exercise and settling (transition + get-ready).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from hipcoach.i18n import whole_seconds
from hipcoach.program.model import Program, Side, Step, Tempo
from hipcoach.settings import DEFAULT_FIRST_GET_READY

SegmentKind = Literal["get_ready", "work", "switch", "rest"]
SELF_PACED_SECONDS_PER_REP = 3.0  # only for estimates; a self-paced set lasts until Enter


@dataclass(frozen=True)
class StepDose:
    """One exercise as it is done today."""

    step: Step
    sets: int
    seconds: int | None = None  # per hold
    reps: int | None = None  # per set
    level: int = 0
    full_sets: int | None = None  # the sets of the full dose, when today's are fewer (quick)

    @property
    def below_dose(self) -> bool:
        """Fewer sets than the program's full dose (the quick version)."""
        return self.full_sets is not None and self.sets < self.full_sets

    @property
    def tempo(self) -> Tempo | None:
        return self.step.dose.tempo

    @property
    def unit(self) -> Literal["seconds", "reps"]:
        return "seconds" if self.seconds is not None else "reps"

    @property
    def planned(self) -> int:
        """Planned seconds per hold or reps per set."""
        value = self.seconds if self.seconds is not None else self.reps
        assert value is not None  # a dose is a hold or reps, by validation
        return value

    def sides_of_set(self, set_number: int) -> list[Side | None]:
        sides = self.step.dose.sides
        if sides == "each":
            return ["left", "right"]
        if sides == "alternate":
            return ["left" if set_number % 2 == 1 else "right"]
        return [None]


@dataclass(frozen=True)
class Overrides:
    """Timing the user set in their settings, over the program's."""

    get_ready: int | None = None
    first_get_ready: int = DEFAULT_FIRST_GET_READY
    rest: int | None = None
    pace_self_paced: bool = False  # no keyboard: a self-paced set lasts its estimate


def doses_for(
    program: Program,
    levels: Mapping[str, int] | None = None,
    *,
    quick: bool = False,
    only_step: str | None = None,
) -> list[StepDose]:
    """Each step's dose at its progression level (0 = the low end of every range).

    Args:
        levels: progression level per step id; missing steps are at level 0.
        quick: the program's short variant (fewer sets), when it has one; an exercise whose
            sides take turns by set keeps an even number, so both legs get the same work.
        only_step: just this exercise.

    Raises:
        KeyError: ``only_step`` is not a step of the program.
    """
    steps = [program.step(only_step)] if only_step else list(program.steps)
    result = []
    for step in steps:
        level = (levels or {}).get(step.id, 0)
        dose = step.dose
        sets = full_sets = dose.sets.at_level(level)
        if quick and program.quick is not None:
            quick_sets = program.quick.sets
            if dose.sides == "alternate":  # sides take turns by set: keep both legs even
                quick_sets += quick_sets % 2
            sets = min(sets, quick_sets)
        result.append(
            StepDose(
                step=step,
                sets=sets,
                seconds=dose.hold.at_level(level) if dose.hold else None,
                reps=dose.reps.at_level(level) if dose.reps else None,
                level=level,
                full_sets=full_sets if sets < full_sets else None,
            )
        )
    return result


@dataclass(frozen=True)
class Segment:
    """One stretch of a session with a single planned length.

    ``seconds`` is None for self-paced reps: that set lasts until the user ends it.
    """

    kind: SegmentKind
    index: int  # position in the timeline
    dose_index: int  # which exercise (index into Timeline.doses)
    set_number: int  # 1-based; the set this segment belongs to or leads into
    side: Side | None
    seconds: float | None

    @property
    def is_work(self) -> bool:
        return self.kind == "work"

    @property
    def label_kind(self) -> str:
        """What the screens call it: a later exercise's get-ready is "next exercise"."""
        if self.kind == "get_ready" and self.dose_index > 0:
            return "transition"
        return self.kind


@dataclass(frozen=True)
class Timeline:
    program: Program
    doses: tuple[StepDose, ...]
    segments: tuple[Segment, ...] = field(default=())

    def dose(self, segment: Segment) -> StepDose:
        return self.doses[segment.dose_index]

    @property
    def below_dose(self) -> bool:
        """Some exercise gets fewer sets than the program's full dose (the quick version)."""
        return any(dose.below_dose for dose in self.doses)

    def planned_seconds(self, segment: Segment) -> float:
        """A segment's length, with self-paced sets and tests to failure estimated."""
        dose = self.dose(segment)
        if segment.is_work and (typical := typical_seconds(dose)) is not None:
            return typical
        if segment.seconds is not None:
            return segment.seconds
        return (dose.reps or 0) * SELF_PACED_SECONDS_PER_REP

    def offsets(self) -> list[float]:
        """Planned start of each segment, from the start of the session."""
        result, now = [], 0.0
        for segment in self.segments:
            result.append(now)
            now += self.planned_seconds(segment)
        return result

    @property
    def total_seconds(self) -> float:
        return sum(self.planned_seconds(s) for s in self.segments)

    def work_segments(self) -> list[Segment]:
        return [s for s in self.segments if s.is_work]

    def next_work(self, segment: Segment) -> Segment | None:
        for later in self.segments[segment.index + 1 :]:
            if later.is_work:
                return later
        return None


def typical_seconds(dose: StepDose) -> float | None:
    """How long a trial to failure usually lasts, from its test's typical result (a hold's
    seconds, or that many reps at its tempo); None for anything else."""
    test = dose.step.test
    if test is None or test.typical is None or not test.open_ended:
        return None
    if test.kind == "hold-to-failure":
        return test.typical
    reps = round(test.typical)
    return dose.tempo.set_seconds(reps) if dose.tempo else reps * SELF_PACED_SECONDS_PER_REP


def estimate_is_rough(program: Program) -> bool:
    """The program has a test to failure: its time depends on the runner, "about" it."""
    return any(step.test is not None and step.test.open_ended for step in program.steps)


def work_seconds(dose: StepDose, pace_self_paced: bool = False) -> float | None:
    """Planned length of one work segment, or None for a self-paced set or a hold to
    failure (both end at Enter)."""
    test = dose.step.test
    if test is not None and test.kind == "hold-to-failure":
        return None
    if dose.seconds is not None:
        return float(dose.seconds)
    if dose.tempo is None:
        return (dose.reps or 0) * SELF_PACED_SECONDS_PER_REP if pace_self_paced else None
    return dose.tempo.set_seconds(dose.reps or 0)


def expand(
    program: Program, doses: Sequence[StepDose], overrides: Overrides | None = None
) -> Timeline:
    """The session, segment by segment."""
    overrides = overrides or Overrides()
    timing = program.timing
    get_ready = timing.get_ready if overrides.get_ready is None else overrides.get_ready
    segments: list[Segment] = []

    def add(
        kind: SegmentKind,
        dose_index: int,
        set_number: int,
        side: Side | None,
        seconds: float | None,
    ) -> None:
        segments.append(Segment(kind, len(segments), dose_index, set_number, side, seconds))

    for dose_index, dose in enumerate(doses):
        first_side = dose.sides_of_set(1)[0]
        lead_in = overrides.first_get_ready if dose_index == 0 else timing.transition + get_ready
        if lead_in > 0:
            add("get_ready", dose_index, 1, first_side, lead_in)
        rest = dose.step.rest_seconds if overrides.rest is None else overrides.rest
        for set_number in range(1, dose.sets + 1):
            for position, side in enumerate(dose.sides_of_set(set_number)):
                if position > 0:
                    add("switch", dose_index, set_number, side, timing.switch)
                add(
                    "work",
                    dose_index,
                    set_number,
                    side,
                    work_seconds(dose, overrides.pace_self_paced),
                )
            if set_number < dose.sets and rest > 0:
                next_side = dose.sides_of_set(set_number + 1)[0]
                add("rest", dose_index, set_number + 1, next_side, rest)
    return Timeline(program, tuple(doses), tuple(segments))


def estimate_seconds(program: Program, *, quick: bool = False) -> float:
    """How long the program takes at its starting doses."""
    return expand(program, doses_for(program, quick=quick)).total_seconds


def program_summary(program: Program) -> dict[str, Any]:
    """What ``hipcoach programs`` lists, in both languages; kept in the program's snapshot."""
    return {
        "id": program.id,
        "version": program.version,
        "name": {"en": program.name.en, "ja": program.name.ja},
        "steps": [step.id for step in program.steps],
        "estimated_seconds": whole_seconds(estimate_seconds(program)),
        "estimate_is_rough": estimate_is_rough(program),
        "quick_estimated_seconds": (
            whole_seconds(estimate_seconds(program, quick=True)) if program.quick else None
        ),
    }
