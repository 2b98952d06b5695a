"""The base of the program file format: strict models, ids, bilingual text, tempo.

Shared by :mod:`hipcoach.program.fileformat` (programs, steps, doses) and
:mod:`hipcoach.program.testformat` (self-test steps), which both build on them.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from hipcoach.i18n import t
from hipcoach.ids import ID_PATTERN

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN),
    Field(description="Lower-case letters, digits and hyphens, at most 40 characters."),
]
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # tab and newline are text
# Bidirectional embeddings, overrides and isolates reorder what follows them on screen,
# so a shared program could show one thing and say another ("Trojan Source")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
NonEmptyText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)
]


class StrictModel(BaseModel):
    """Unknown keys are errors, and no value is coerced (``"20"`` is not 20)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Text(StrictModel):
    """A user-facing text, in both languages."""

    en: NonEmptyText
    ja: NonEmptyText

    @field_validator("en", "ja")
    @classmethod
    def _no_control_characters(cls, value: str) -> str:
        """Program text reaches the terminal and the speech command: no ESC, BEL, C1, ..."""
        found = _CONTROL.search(value)
        if found:
            raise ValueError(t("field.control_character", char=repr(found.group())))
        if bidi := _BIDI.search(value):
            raise ValueError(t("field.bidi_character", char=f"U+{ord(bidi.group()):04X}"))
        return value


class Tempo(StrictModel):
    """Seconds for each part of one repetition, for paced reps."""

    down: Annotated[float, Field(ge=0, le=10)] = 0
    hold: Annotated[float, Field(ge=0, le=30)] = 0
    up: Annotated[float, Field(ge=0, le=10)] = 0
    start: Literal["down", "up"] = Field(
        default="down", description="Which movement a repetition begins with."
    )
    first_hold: Annotated[float, Field(gt=0, le=30)] | None = Field(
        default=None,
        description=(
            "Seconds to hold in the first repetition of each set, instead of `hold`: "
            "time to feel the position before the rhythm starts."
        ),
    )

    @model_validator(mode="after")
    def _takes_time(self) -> Self:
        if self.down + self.hold + self.up <= 0:
            raise ValueError(t("field.tempo_zero"))
        return self
