"""Self-test steps in the program file format: what a test asks, how it ends, what it asks
afterwards, and what its result can mean (norms, the smallest real change).

A test step is a step with ``test`` instead of ``dose``. After validation it is given the
dose that runs it on the session engine (:func:`dose_for_test`), so plans, timelines and
screens need no second path: a trial is a set, each side its own work segment.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Self

from pydantic import Field, field_validator, model_validator

from hipcoach.i18n import t
from hipcoach.program.formatbase import Id, StrictModel, Tempo, Text
from hipcoach.program.model import AnswerKind, TestKind

FAILURE_CAP_SECONDS = 300  # a hold to failure is open-ended; this is only its planned figure


class Question(StrictModel):
    """Asked after each side and trial of a test."""

    id: Id
    text: Text
    label: Text = Field(description="A short name for the results: `pelvis drop`.")
    answer: AnswerKind = Field(
        description="yes-no; good-fair-poor (a quality rating); pain: 0 (none) to 10."
    )
    flag_from: Annotated[int, Field(ge=1, le=10)] | None = Field(
        default=None,
        description=(
            "pain only: an answer at or above this is a flag, saved to the pain record so the "
            "safety rules (caution, stop) see it as they see a check-in."
        ),
    )

    flag_if_yes: bool = Field(
        default=False,
        description=(
            "yes-no only: a yes is a flag, a positive test (the pelvis dropping in a "
            "single-leg stance): marked in the results, never fed to the pain record or "
            "the safety rules (only a pain's flag_from is)."
        ),
    )

    @model_validator(mode="after")
    def _flag_needs_pain(self) -> Self:
        if self.flag_from is not None and self.answer != "pain":
            raise ValueError(t("field.flag_needs_pain"))
        if self.flag_if_yes and self.answer != "yes-no":
            raise ValueError(t("field.flag_yes_needs_yes_no"))
        return self


class SelfTest(StrictModel):
    """A self-test: how each trial runs and ends, and what is asked after it."""

    kind: TestKind = Field(
        description=(
            "timed-hold: a hold of `seconds`; hold-to-failure: a stopwatch the runner ends "
            "with Enter; reps-to-failure: reps at `tempo` until Enter, the count confirmed; "
            "checklist: `reps` repetitions, then the questions rate them."
        )
    )
    sides: Literal["none", "each"] = Field(
        default="each", description="each: every trial on the left, then the right."
    )
    trials: Annotated[int, Field(ge=1, le=3)] = 1
    seconds: Annotated[int, Field(ge=5, le=300)] | None = Field(
        default=None, description="timed-hold: the length of the hold."
    )
    reps: Annotated[int, Field(ge=1, le=100)] | None = Field(
        default=None,
        description="checklist: the repetitions to do; reps-to-failure: the most counted.",
    )
    tempo: Tempo | None = Field(default=None, description="Pace of one repetition.")
    questions: list[Question] = Field(default_factory=list, max_length=10)
    norm: Text | None = Field(
        default=None, description="What the research says about results, with its source."
    )
    poor_below: Annotated[float, Field(ge=0, le=1000)] | None = None
    good_above: Annotated[float, Field(ge=0, le=1000)] | None = None
    smallest_change: Annotated[float, Field(gt=0, le=1000)] | None = Field(
        default=None,
        description=(
            "The test's measurement error, in its unit: a change between two tests is "
            "reported only when larger. Without it no change is reported."
        ),
    )

    typical: Annotated[float, Field(gt=0, le=1000)] | None = Field(
        default=None,
        description=(
            "hold-to-failure and reps-to-failure: a usual result in the test's unit (seconds "
            "or reps), such as the research's average; used only to estimate how long the "
            "tests take. Without it the estimate counts the longest a trial may run."
        ),
    )

    @model_validator(mode="after")
    def _fits_its_kind(self) -> Self:
        needs = {
            "timed-hold": ("seconds",),
            "reps-to-failure": ("tempo",),
            "checklist": ("reps",),
            "hold-to-failure": (),
        }[self.kind]
        for name in needs:
            if getattr(self, name) is None:
                raise ValueError(t("field.test_needs", kind=self.kind, name=name))
        if self.kind in ("timed-hold", "hold-to-failure") and self.tempo is not None:
            raise ValueError(t("field.tempo_needs_reps"))
        if self.kind == "checklist" and not self.questions:
            raise ValueError(t("field.checklist_questions"))
        return self

    @field_validator("questions")
    @classmethod
    def _unique_ids(cls, questions: list[Question]) -> list[Question]:
        ids = [q.id for q in questions]
        if len(set(ids)) != len(ids):
            raise ValueError(t("field.question_twice"))
        return questions


def dose_for_test(test: dict[str, Any]) -> dict[str, Any]:
    """The dose (validated data's shape) that runs a test on the session engine."""
    kind = test["kind"]
    hold: int | None = None
    reps: int | None = None
    if kind == "timed-hold":
        hold = test["seconds"]
    elif kind == "hold-to-failure":
        hold = FAILURE_CAP_SECONDS
    else:
        reps = test["reps"] or 100
    trials = test["trials"]
    return {
        "hold": None if hold is None else {"min": hold, "max": hold, "step": 5},
        "reps": None if reps is None else {"min": reps, "max": reps, "step": 2},
        "sets": {"min": trials, "max": trials, "step": 1},
        "sides": test["sides"],
        "tempo": test["tempo"],
    }
