"""Programs as the rest of hipcoach uses them: plain frozen dataclasses, and finding them.

A program is a YAML file (see ``programs/hip-drop.yaml``); every text a user sees
is given in English and Japanese. Files are validated by :mod:`hipcoach.program_format`
(pydantic) the first time they are seen or after they change; the validated data is
kept as a JSON snapshot in the cache dir (:mod:`hipcoach.snapshots`), so everyday
commands (``today``, ``programs``) start without importing YAML or pydantic.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from hipcoach import paths, snapshots
from hipcoach.errors import HipcoachError
from hipcoach.i18n import Lang, t
from hipcoach.timeutil import Weekday

FORMAT_VERSION = 1
DEFAULT_PROGRAM = "hip-drop"

Phase = Literal[
    "warm-up",
    "flexibility",
    "mobility",
    "hip-support",
    "strength",
    "stability",
    "running-transfer",
    "cool-down",
]
Sides = Literal["none", "each", "alternate", "alternating"]
Side = Literal["left", "right"]
RangeKind = Literal["hold", "reps", "sets"]


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

    def describe(self) -> str:
        return str(self.min) if self.min == self.max else f"{self.min}–{self.max}"


@dataclass(frozen=True)
class Tempo:
    """Seconds for each part of one repetition, for paced reps."""

    down: float
    hold: float
    up: float
    start: Literal["down", "up"]

    @property
    def seconds_per_rep(self) -> float:
        return self.down + self.hold + self.up

    def parts(self) -> list[tuple[Literal["down", "hold", "up"], float]]:
        """The movements of one repetition in order, leaving out those of zero length."""
        order: tuple[Literal["down", "hold", "up"], ...] = (
            ("down", "hold", "up") if self.start == "down" else ("up", "hold", "down")
        )
        return [(name, float(getattr(self, name))) for name in order if getattr(self, name) > 0]

    def describe(self) -> str:
        return "-".join(f"{p:g}" for p in (self.down, self.hold, self.up))


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


# --- loading, with snapshots of validated files ------------------------------------------


def load_program_file(path: Path, name: str | None = None) -> Program:
    """A program from its file: the snapshot when the file is unchanged, else validated.

    Raises:
        HipcoachError: every problem, each as ``FILE:LINE:COL: field: message``.
    """
    stamp = snapshots.stamp(path, name)
    saved = snapshots.read(path, stamp)
    if saved is not None:
        with contextlib.suppress(KeyError, TypeError, ValueError):  # not a shape we wrote
            return from_data(Program, saved["program"])
    from hipcoach.plan import program_summary
    from hipcoach.program_format import validate_file

    data = validate_file(path, name)
    program = from_data(Program, data)
    snapshots.write(path, stamp, data, program_summary(program))
    return program


def load_program_text(text: str, name: str) -> Program:
    """A program from YAML text (always validated)."""
    from hipcoach.program_format import validate_text

    return from_data(Program, validate_text(text, name))


# --- finding programs --------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogEntry:
    """A program file found on disk: valid (``program``) or not (``error``)."""

    path: Path
    builtin: bool
    program: Program | None = None
    error: HipcoachError | None = None
    shadows_builtin: bool = False

    @property
    def id(self) -> str | None:
        if self.program is not None:
            return self.program.id
        return self.path.stem


def _entry(path: Path, builtin: bool) -> CatalogEntry:
    try:
        return CatalogEntry(path, builtin, load_program_file(path))
    except HipcoachError as exc:
        return CatalogEntry(path, builtin, error=exc)


def catalog() -> list[CatalogEntry]:
    """Built-in programs, then the user's own; a user program may not take a built-in's id."""
    builtins = [_entry(p, True) for p in paths.program_files(paths.builtin_programs_dir())]
    taken = {entry.id for entry in builtins if entry.program}
    users = []
    for path in paths.program_files(paths.user_programs_dir()):
        entry = _entry(path, False)
        if entry.program is not None and entry.id in taken:
            entry = dataclasses.replace(entry, shadows_builtin=True)
        users.append(entry)
    return builtins + users


def looks_like_path(name: str) -> bool:
    return name.endswith((".yaml", ".yml")) or "/" in name or "\\" in name


def find_program(name: str, entries: Sequence[CatalogEntry] | None = None) -> CatalogEntry:
    """A program by id (built-in first, then the user's), or by the path of its file.

    An invalid user file is matched by its file name, so its problems are reported.

    Raises:
        HipcoachError: no such program, or its file is not valid.
    """
    if looks_like_path(name):
        path = Path(name).expanduser()
        return CatalogEntry(path, False, load_program_file(path, name))
    entries = catalog() if entries is None else entries
    for entry in entries:
        if entry.id == name and not entry.shadows_builtin:
            if entry.error is not None:
                raise entry.error
            return entry
    available = ", ".join(
        sorted({e.program.id for e in entries if e.program and not e.shadows_builtin})
    )
    raise HipcoachError(t("program.unknown", name=name, available=available or "-"))
