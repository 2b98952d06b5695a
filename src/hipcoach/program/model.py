"""Programs as the rest of hipcoach uses them: plain frozen dataclasses, and finding them.

A program is a YAML file (see ``programs/hip-drop.yaml``); every text a user sees
is given in English and Japanese. Files are validated by :mod:`hipcoach.program.fileformat`
(pydantic) the first time they are seen or after they change; the validated data is
kept as a JSON snapshot in the cache dir (:mod:`hipcoach.program.snapshots`), so everyday
commands (``today``, ``programs``) start without importing YAML or pydantic.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple, TypeVar

from hipcoach.i18n import Lang
from hipcoach.timeutil import Weekday

Phase = Literal[
    "warm-up",
    "flexibility",
    "mobility",
    "hip-support",
    "strength",
    "stability",
    "running-transfer",
    "cool-down",
    "self-test",
]
Sides = Literal["none", "each", "alternate", "alternating"]
Side = Literal["left", "right"]
RangeKind = Literal["hold", "reps", "sets"]
TestKind = Literal["timed-hold", "hold-to-failure", "reps-to-failure", "checklist"]
AnswerKind = Literal["yes-no", "good-fair-poor", "pain"]


def unit_of(kind: TestKind) -> Literal["seconds", "reps"] | None:
    """What a trial of a test of this kind measures; None: the answers are the result."""
    if kind == "hold-to-failure":
        return "seconds"
    return "reps" if kind == "reps-to-failure" else None


ANSWER_CHOICES: dict[AnswerKind, tuple[str, ...]] = {
    "yes-no": ("yes", "no"),
    "good-fair-poor": ("good", "fair", "poor"),
    "pain": tuple(str(n) for n in range(11)),
}


@dataclass(frozen=True)
class Text:
    """A user-facing text, in both languages."""

    en: str
    ja: str

    def get(self, lang: Lang) -> str:
        return self.ja if lang == "ja" else self.en


@dataclass(frozen=True)
class DoseRange:
    """A whole-number dose that progression can move from ``min`` to ``max`` by ``step``."""

    min: int
    max: int
    step: int

    @property
    def levels(self) -> int:
        """How many times progression can step up inside the range."""
        return math.ceil((self.max - self.min) / self.step)

    def at_level(self, level: int) -> int:
        return max(self.min, min(self.min + level * self.step, self.max))

    def describe(self, dash: str = "–") -> str:
        """``20–30``, or ``10`` when fixed; ``dash``: the language's range mark (``〜``)."""
        return str(self.min) if self.min == self.max else f"{self.min}{dash}{self.max}"


Movement = Literal["down", "hold", "up"]


@dataclass(frozen=True)
class Tempo:
    """Seconds for each part of one repetition, for paced reps.

    ``first_hold``, when given, replaces ``hold`` in the first repetition of each set: a
    longer pause to feel the position (the wall drill's first knee drive) before the rhythm.
    """

    down: float
    hold: float
    up: float
    start: Literal["down", "up"]
    first_hold: float | None = None

    @property
    def seconds_per_rep(self) -> float:
        return self.down + self.hold + self.up

    def set_seconds(self, reps: int) -> float:
        """How long ``reps`` repetitions take, the first one's longer hold included."""
        if reps <= 0:
            return 0.0
        return reps * self.seconds_per_rep + self.first_extra

    @property
    def first_extra(self) -> float:
        """What the first repetition's hold adds to (or takes from) a plain repetition."""
        return 0.0 if self.first_hold is None else self.first_hold - self.hold

    def parts(self, *, first: bool = False) -> list[tuple[Movement, float]]:
        """The movements of one repetition in order, leaving out those of zero length;
        ``first``: the first repetition of a set, with ``first_hold``."""
        order: tuple[Movement, ...] = (
            ("down", "hold", "up") if self.start == "down" else ("up", "hold", "down")
        )
        lengths: dict[Movement, float] = {"down": self.down, "hold": self.hold, "up": self.up}
        if first and self.first_hold is not None:
            lengths["hold"] = self.first_hold
        return [(name, float(lengths[name])) for name in order if lengths[name] > 0]

    def locate(self, elapsed: float, reps: int) -> RepAt:
        """Where ``elapsed`` seconds into a set of ``reps`` paced repetitions fall."""
        first_length = self.seconds_per_rep + self.first_extra
        if elapsed < first_length or reps <= 1:
            index, into, first = 0, elapsed, True
        else:
            later = elapsed - first_length
            index = min(1 + int(later // self.seconds_per_rep), reps - 1)
            into, first = later - (index - 1) * self.seconds_per_rep, False
        parts = self.parts(first=first)
        rep_start = elapsed - into
        boundary = 0.0
        for name, length in parts:
            boundary += length
            if into < boundary - 1e-9:
                return RepAt(index, name, first, rep_start + boundary)
        return RepAt(index, parts[-1][0], first, rep_start + boundary)

    def reps_done(self, elapsed: float, reps: int) -> int:
        """Repetitions finished after ``elapsed`` seconds of the set (at most ``reps``)."""
        first_length = self.seconds_per_rep + self.first_extra
        if elapsed < first_length:
            return 0
        return min(reps, 1 + int((elapsed - first_length) // self.seconds_per_rep))


class RepAt(NamedTuple):
    """A moment of a paced set: which repetition (from 0), which movement, and when (in
    seconds into the set) that movement ends."""

    rep: int
    movement: Movement
    first: bool  # the set's first repetition (its hold is ``first_hold``)
    movement_ends: float


@dataclass(frozen=True)
class Dose:
    """What one exercise asks for: a hold or repetitions, in sets, on which sides."""

    hold: DoseRange | None
    reps: DoseRange | None
    sets: DoseRange
    sides: Sides
    tempo: Tempo | None

    def ranges(self) -> list[tuple[RangeKind, DoseRange]]:
        found: list[tuple[RangeKind, DoseRange | None]] = [
            ("hold", self.hold),
            ("reps", self.reps),
            ("sets", self.sets),
        ]
        return [(kind, rng) for kind, rng in found if rng is not None]

    @property
    def levels(self) -> int:
        """The highest progression level that still changes something."""
        return max((rng.levels for _, rng in self.ranges()), default=0)


@dataclass(frozen=True)
class StepWords:
    """An exercise's own words for its sides and movements; None: the generic word.

    ``left`` / ``right`` name the side shown (``left leg forward``); ``down``, ``hold``
    and ``up`` each movement of a paced repetition (``bow down``), shown with an ellipsis
    while it happens and in the tempo (``bow down 2 s``); ``first_hold`` is said as the
    first repetition's longer hold begins (see :class:`Tempo`).
    """

    left: Text | None = None
    right: Text | None = None
    down: Text | None = None
    hold: Text | None = None
    up: Text | None = None
    first_hold: Text | None = None

    def side(self, side: Side) -> Text | None:
        return self.left if side == "left" else self.right

    def movement(self, movement: Movement) -> Text | None:
        found: Text | None = getattr(self, movement)
        return found


@dataclass(frozen=True)
class Question:
    """Asked after each side and trial of a self-test."""

    id: str
    text: Text
    label: Text  # short, for the results
    answer: AnswerKind
    flag_from: int | None = None  # pain at or above: a flag for the safety rules
    flag_if_yes: bool = False  # yes-no: a yes is a result flag (a positive test), not pain


@dataclass(frozen=True)
class SelfTest:
    """A self-test step: how a trial runs and ends, what is asked, what results mean."""

    kind: TestKind
    sides: Literal["none", "each"]
    trials: int
    seconds: int | None
    reps: int | None
    tempo: Tempo | None
    questions: tuple[Question, ...]
    norm: Text | None = None
    poor_below: float | None = None
    good_above: float | None = None
    smallest_change: float | None = None  # measurement error: smaller changes are not shown
    typical: float | None = None  # a usual result, in its unit: only to estimate the time

    @property
    def open_ended(self) -> bool:
        """The trial lasts as long as the runner can go on: its time is only an estimate."""
        return self.kind in ("hold-to-failure", "reps-to-failure")

    @property
    def unit(self) -> Literal["seconds", "reps"] | None:
        """What a trial's number measures; None: the answers are the result."""
        return unit_of(self.kind)


@dataclass(frozen=True)
class Step:
    """One exercise of the routine."""

    id: str
    phase: Phase
    name: Text
    purpose: Text
    how_to: tuple[Text, ...]
    feel: Text
    avoid: tuple[Text, ...]
    cue: Text
    dose: Dose
    rest_seconds: int
    why: Text | None = None  # one line: how this exercise answers the problem
    words: StepWords | None = None  # what the session calls sides and movements here
    test: SelfTest | None = None  # a self-test; its dose is implied by it


@dataclass(frozen=True)
class Timing:
    get_ready: int
    switch: int
    transition: int


@dataclass(frozen=True)
class Progression:
    step_up_after: int
    easy_pain_max: int
    easy_effort_max: int
    step_back_pain: int
    stop_pain: int


@dataclass(frozen=True)
class Schedule:
    days: tuple[Weekday, ...]


@dataclass(frozen=True)
class QuickVariant:
    sets: int


@dataclass(frozen=True)
class Program:
    """A routine: its steps in order, with timing, schedule and progression rules."""

    format: int
    id: str
    version: int
    name: Text
    summary: Text
    schedule: Schedule
    timing: Timing
    progression: Progression
    quick: QuickVariant | None
    steps: tuple[Step, ...]
    why: Text | None = None  # the problem the program answers, as its method explains it

    @property
    def is_assessment(self) -> bool:
        """Self-tests (run by ``hipcoach assess``), not a routine."""
        return any(step.test is not None for step in self.steps)

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)


# --- building from validated data --------------------------------------------------------

T = TypeVar("T")


def from_data(cls: type[T], data: Any) -> T:
    """Build a dataclass (and those inside it) from validated plain data.

    Raises:
        KeyError, TypeError, ValueError: the data does not have the dataclass's shape.
    """
    hints = _hints(cls)
    kwargs = {f.name: _convert(hints[f.name], data[f.name]) for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**kwargs)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _convert(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _convert(inner, value)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        if not isinstance(value, list | tuple):
            raise TypeError(f"expected a list, got {type(value).__name__}")
        return tuple(_convert(item, v) for v in value)
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise TypeError(f"expected a mapping, got {type(value).__name__}")
        return from_data(hint, value)  # type: ignore[arg-type]
    return value
