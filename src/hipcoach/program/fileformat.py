"""The program file format: pydantic models, validation with file:line errors, JSON Schema.

This module is the one authority on what a valid program file is. It is imported
only when a file must be checked (a new or changed file, ``hipcoach validate``,
``hipcoach schema``); the rest of hipcoach works with the plain dataclasses of
:mod:`hipcoach.program.model`, built from the data validated here. The classes mirror
those dataclasses field for field (a test keeps them in step) and hold the
defaults, bounds and descriptions that editors see through the JSON Schema.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from hipcoach.errors import HipcoachError, Problem
from hipcoach.i18n import t
from hipcoach.program.formatbase import Id, StrictModel, Tempo, Text
from hipcoach.program.model import Phase, Sides
from hipcoach.program.testformat import Question, SelfTest, dose_for_test
from hipcoach.program.yamlsafe import Document, parse_yaml_text, read_yaml_file
from hipcoach.timeutil import WEEKDAYS, Weekday


class _Range(StrictModel):
    """A whole-number dose: a fixed number, or ``{min, max, step}`` for progression."""

    min: int
    max: int
    step: int = 1

    @model_validator(mode="before")
    @classmethod
    def _from_number(cls, data: Any) -> Any:
        if isinstance(data, int) and not isinstance(data, bool):
            return {"min": data, "max": data}
        return data

    @field_validator("max")
    @classmethod
    def _max_not_below_min(cls, value: int, info: ValidationInfo) -> int:
        low = info.data.get("min")
        if isinstance(low, int) and value < low:
            raise ValueError(t("field.max_below_min", max=value, min=low))
        return value


class HoldSeconds(_Range):
    """Seconds per hold."""

    min: Annotated[int, Field(ge=5, le=300)]
    max: Annotated[int, Field(ge=5, le=300)]
    step: Annotated[int, Field(ge=1, le=60)] = 5


class RepCount(_Range):
    """Repetitions per set."""

    min: Annotated[int, Field(ge=1, le=100)]
    max: Annotated[int, Field(ge=1, le=100)]
    step: Annotated[int, Field(ge=1, le=20)] = 2


class SetCount(_Range):
    """Sets of the exercise."""

    min: Annotated[int, Field(ge=1, le=10)]
    max: Annotated[int, Field(ge=1, le=10)]
    step: Annotated[int, Field(ge=1, le=5)] = 1


class Dose(StrictModel):
    """What one exercise asks for: a hold or repetitions, in sets, on which sides."""

    hold: HoldSeconds | None = Field(default=None, description="Seconds per hold.")
    reps: RepCount | None = Field(default=None, description="Repetitions per set.")
    sets: SetCount = Field(default=SetCount(min=1, max=1), description="Number of sets.")
    sides: Sides = Field(
        default="none",
        description=(
            "none: both legs at once; each: every set on the left, then the right; "
            "alternate: sets take turns, left then right; alternating: legs alternate "
            "within each set, rep by rep."
        ),
    )
    tempo: Tempo | None = Field(
        default=None, description="Pace of one repetition; without it reps are self-paced."
    )

    @model_validator(mode="after")
    def _hold_or_reps(self) -> Self:
        if (self.hold is None) == (self.reps is None):
            raise ValueError(t("field.hold_or_reps"))
        if self.tempo is not None and self.reps is None:
            raise ValueError(t("field.tempo_needs_reps"))
        return self


class StepWords(StrictModel):
    """The exercise's own words for its sides and movements; each left out uses the
    generic word (left / right, down / hold / up)."""

    left: Text | None = Field(
        default=None, description="The left side as this exercise means it: `left leg forward`."
    )
    right: Text | None = Field(default=None, description="The right side, like `left`.")
    down: Text | None = Field(
        default=None, description="The down movement of a repetition: `bow down`."
    )
    hold: Text | None = Field(default=None, description="The hold of a repetition.")
    up: Text | None = Field(default=None, description="The up movement: `back up`.")
    first_hold: Text | None = Field(
        default=None,
        description="Said as the first repetition's longer hold begins (`tempo.first_hold`).",
    )

    @model_validator(mode="after")
    def _both_sides(self) -> Self:
        if (self.left is None) != (self.right is None):
            raise ValueError(t("field.sides_pair"))
        return self


class Step(StrictModel):
    """One exercise of the routine."""

    id: Id
    phase: Phase
    name: Text
    purpose: Text
    how_to: list[Text] = Field(min_length=1, max_length=20)
    feel: Text = Field(description="What you should feel when it is done right.")
    avoid: list[Text] = Field(default_factory=list, max_length=20)
    cue: Text = Field(description="The key point, said at the start of the exercise.")
    dose: Dose | None = Field(default=None, description="What the exercise asks for.")
    rest_seconds: Annotated[int, Field(ge=0, le=600)] = Field(
        default=30, description="Rest between sets (between a self-test's trials)."
    )
    why: Text | None = Field(
        default=None, description="One line: how this exercise answers the problem."
    )
    words: StepWords | None = Field(
        default=None, description="What the session calls this exercise's sides and movements."
    )
    test: SelfTest | None = Field(
        default=None, description="A self-test instead of an exercise: give it instead of `dose`."
    )

    @model_validator(mode="after")
    def _dose_or_test(self) -> Self:
        if (self.dose is None) == (self.test is None):
            raise ValueError(t("field.dose_or_test"))
        return self


class Timing(StrictModel):
    """Seconds for the parts between the work."""

    get_ready: Annotated[int, Field(ge=0, le=60)] = 5
    switch: Annotated[int, Field(ge=1, le=60)] = 5
    transition: Annotated[int, Field(ge=0, le=120)] = 10


class Progression(StrictModel):
    """How the dose moves inside the ranges, judged from check-ins (effort 1-10, pain 0-10)."""

    step_up_after: Annotated[int, Field(ge=1, le=30)] = Field(
        default=3, description="Completed easy sessions in a row before the dose steps up."
    )
    easy_pain_max: Annotated[int, Field(ge=0, le=10)] = 2
    easy_effort_max: Annotated[int, Field(ge=1, le=10)] = 7
    step_back_pain: Annotated[int, Field(ge=1, le=10)] = Field(
        default=4, description="Pain at or above this steps the dose back one level."
    )
    stop_pain: Annotated[int, Field(ge=1, le=10)] = Field(
        default=7, description="Pain at or above this: stop and get an assessment."
    )

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.easy_pain_max < self.step_back_pain <= self.stop_pain:
            raise ValueError(t("field.progression_order"))
        return self


class Schedule(StrictModel):
    """The planned training days."""

    days: list[Weekday] = Field(default_factory=lambda: list(WEEKDAYS), min_length=1)

    @field_validator("days")
    @classmethod
    def _unique(cls, days: list[Weekday]) -> list[Weekday]:
        if len(set(days)) != len(days):
            raise ValueError(t("field.day_twice"))
        return days


class QuickVariant(StrictModel):
    """The short version for busy days (``hipcoach run --quick``)."""

    sets: Annotated[int, Field(ge=1, le=10)] = 1


class Program(StrictModel):
    """A routine: its steps in order, with timing, schedule and progression rules."""

    format: Literal[1] = Field(description="Version of the program format.")
    id: Id
    version: Annotated[int, Field(ge=1, le=1_000_000)] = Field(
        default=1, description="Raise it when you change the program; logs record it."
    )
    name: Text
    summary: Text
    schedule: Schedule = Field(default_factory=Schedule)
    timing: Timing = Field(default_factory=Timing)
    progression: Progression = Field(default_factory=Progression)
    quick: QuickVariant | None = None
    steps: list[Step] = Field(min_length=1, max_length=30)
    why: Text | None = Field(
        default=None,
        description="The problem the program answers and why it works, a short paragraph.",
    )

    @model_validator(mode="after")
    def _tests_or_exercises(self) -> Self:
        tests = [step.test is not None for step in self.steps]
        if any(tests) and not all(tests):
            raise ValueError(t("field.tests_apart"))
        return self


# --- validating ---------------------------------------------------------------------------


def validate_file(path: Path, name: str | None = None) -> dict[str, Any]:
    """Read a program file and validate it; returns the data with every default filled in.

    Raises:
        HipcoachError: every problem, each as ``FILE:LINE:COL: field: message``.
    """
    return validate_document(read_yaml_file(path, name))


def validate_text(text: str, name: str) -> dict[str, Any]:
    return validate_document(parse_yaml_text(text, name))


def validate_document(doc: Document) -> dict[str, Any]:
    if not isinstance(doc.data, dict):
        problem = Problem(doc.name, t("program.not_mapping"), 1, 1)
        raise HipcoachError.from_problems([problem])
    problems = _duplicate_id_problems(doc)
    try:
        program = Program.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            at_key = error["type"] == "extra_forbidden"
            problems.append(doc.problem(loc, _friendly_message(error), at_key=at_key))
    if problems:
        unique = list(dict.fromkeys(problems))  # "reps: 200" breaks min and max alike
        unique.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise HipcoachError.from_problems(unique)
    data = program.model_dump(mode="json")
    for step in data["steps"]:  # a self-test runs on the engine through the dose it implies
        if step["test"] is not None:
            step["dose"] = dose_for_test(step["test"])
    return data


def _duplicate_id_problems(doc: Document) -> list[Problem]:
    steps = doc.data.get("steps")
    if not isinstance(steps, list):
        return []
    seen: dict[str, int] = {}
    problems = []
    for index, step in enumerate(steps):
        step_id = step.get("id") if isinstance(step, dict) else None
        if not isinstance(step_id, str):
            continue
        if step_id in seen:
            message = t("program.duplicate_id", id=step_id, other=seen[step_id])
            problems.append(doc.problem(("steps", index, "id"), message))
        else:
            seen[step_id] = index
    return problems


def _all_field_names() -> set[str]:
    models: list[type[BaseModel]] = [
        Program,
        Step,
        Dose,
        Tempo,
        Timing,
        Progression,
        Schedule,
        QuickVariant,
        StepWords,
        Text,
        HoldSeconds,
        SelfTest,
        Question,
    ]
    return {name for model in models for name in model.model_fields}


_SEXAGESIMAL = re.compile(r"^(\d+):([0-5]\d)$")


def _friendly_message(error: Any) -> str:
    """Turn a pydantic error into a sentence a program author understands."""
    kind, loc, value = error["type"], error["loc"], error.get("input")
    last = loc[-1] if loc else ""
    if kind == "missing":
        missing_text = {"en": "field.missing_en", "ja": "field.missing_ja"}
        return t(missing_text[last]) if last in missing_text else t("field.missing", name=last)
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(last), sorted(_all_field_names()), n=1)
        if close and close[0] == last:  # a real field, in the wrong place
            return t("field.misplaced", name=last)
        if close:
            return t("field.unknown_hint", name=last, close=close[0])
        return t("field.unknown", name=last)
    number_kinds = ("int_type", "float_type", "int_parsing", "float_parsing")
    if kind in number_kinds and isinstance(value, str):
        match = _SEXAGESIMAL.match(value.strip())
        if match:
            seconds = int(match[1]) * 60 + int(match[2])
            return t("field.number_sexagesimal", value=value, seconds=seconds)
        return t("field.number_text", value=value)
    if kind in ("int_type", "int_from_float") and isinstance(value, float):
        return t("field.whole_number", value=value)
    if kind == "string_type":
        return t("field.text", value="null" if value is None else repr(value))
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return t("field.range") if last in ("hold", "reps", "sets") else t("field.mapping")
    if kind == "list_type":
        return t("field.list")
    limits = {  # pydantic's error type: (its context's key, our message)
        "greater_than_equal": ("ge", "field.ge"),
        "greater_than": ("gt", "field.gt"),
        "less_than_equal": ("le", "field.le"),
        "less_than": ("lt", "field.lt"),
    }
    if kind in limits:
        short, key = limits[kind]
        return t(key, limit=error["ctx"][short], value=value)
    message: str = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message


# --- JSON Schema -------------------------------------------------------------------------


def program_json_schema() -> dict[str, Any]:
    """The JSON Schema of a program file, for editors with a YAML language server."""
    schema = Program.model_json_schema(mode="validation")
    for model in (HoldSeconds, RepCount, SetCount):
        definition = schema["$defs"][model.__name__]
        low = definition["properties"]["min"]
        number = {"type": "integer", "minimum": low["minimum"], "maximum": low["maximum"]}
        schema["$defs"][model.__name__] = {
            "description": definition.get("description", ""),
            "anyOf": [number, definition],
        }
    schema["title"] = "hipcoach program"
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
