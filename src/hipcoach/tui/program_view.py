"""`hipcoach show`: a program, its exercises and how it progresses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from hipcoach.coach.describe import (
    days_text,
    dose_range_text,
    increments_text,
    test_text,
)
from hipcoach.i18n import PHASE, about_duration, current_language, format_duration, t
from hipcoach.program.plan import estimate_is_rough, estimate_seconds
from hipcoach.tui.prose import Prose

if TYPE_CHECKING:  # only named in signatures: a command imports just what it uses
    from hipcoach.program.model import Program


def safety_panel(*, tests: bool = False) -> Panel:
    """The safety box; a self-test's (no light routine: it goes to the limit) says so."""
    return Panel(
        Prose(t("safety.body_tests") if tests else t("safety.body")),
        title=t("safety.title"),
        title_align="left",
        border_style="yellow",
        box=box.ROUNDED,
    )


def _indent(body: RenderableType, cells: int = 2) -> Padding:
    return Padding(body, (0, 0, 0, cells), expand=False)


def _labelled(label: str, body: RenderableType) -> Group:
    return Group(Text(label, style="bold"), _indent(body))


def _bullets(items: list[str], numbered: bool = False) -> Table:
    """A list whose wrapped lines hang under the text, not under the marker."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for number, item in enumerate(items, 1):
        grid.add_row(f"{number}." if numbered else "•", Prose(item))
    return grid


def program_view(program: Program) -> Group:
    """Everything about a program, for `hipcoach show`."""
    lang = current_language()
    seconds = estimate_seconds(program)
    full = about_duration(seconds) if estimate_is_rough(program) else format_duration(seconds)
    parts: list[RenderableType] = [
        Text.assemble(
            (program.name.get(lang), "bold cyan"), f"  ({program.id} v{program.version})"
        ),
        Prose(program.summary.get(lang)),
    ]
    if program.why is not None:
        parts += [Text(""), _labelled(t("show.why_program"), Prose(program.why.get(lang)))]
    if not program.is_assessment:  # what the routine is for, in the race itself
        cues = [t("show.race_cue.under"), t("show.race_cue.hip"), t("show.race_cue.when")]
        parts += [Text(""), _labelled(t("show.race_cues"), _bullets(cues))]
    parts += [
        Text(""),
        Text(t("show.estimated", full=full)),
    ]
    if program.quick is not None:
        quick = format_duration(estimate_seconds(program, quick=True))
        parts.append(Text(t("show.estimated_quick", sets=program.quick.sets, quick=quick)))
    tests = program.is_assessment  # run with `assess`, on no training days
    if not tests:
        parts.append(Text(t("show.schedule", days=days_text(program.schedule.days, lang))))
    parts += [Text(""), safety_panel(tests=tests)]
    total = len(program.steps)
    for number, step in enumerate(program.steps, 1):
        phase = t(PHASE[step.phase])
        if step.test is not None:
            dose_label, dose = t("show.test"), test_text(step, lang)
        else:
            dose_label, dose = t("show.dose"), dose_range_text(step, lang)
        if step.rest_seconds and step.dose.sets.max > 1:
            dose += t("list.dot") + t("show.rest", s=step.rest_seconds)
        heading = (
            t("show.test_heading", n=number, total=total)
            if step.test is not None
            else t("show.step_heading", n=number, total=total, phase=phase)
        )
        parts += [
            Text(""),
            Text(heading, style="dim"),
            Text(step.name.get(lang), style="bold"),
            _indent(
                Group(
                    _labelled(t("show.purpose"), Prose(step.purpose.get(lang))),
                    *(
                        [_labelled(t("show.why_step"), Prose(step.why.get(lang)))]
                        if step.why
                        else []
                    ),
                    _labelled(dose_label, Prose(dose)),
                    _labelled(t("show.how"), _bullets([h.get(lang) for h in step.how_to], True)),
                    _labelled(t("show.feel"), Prose(step.feel.get(lang))),
                    *(
                        [_labelled(t("show.avoid"), _bullets([a.get(lang) for a in step.avoid]))]
                        if step.avoid
                        else []
                    ),
                    _labelled(t("show.cue"), Prose(step.cue.get(lang), style="italic")),
                    *(
                        [_labelled(t("show.norm"), Prose(step.test.norm.get(lang)))]
                        if step.test is not None and step.test.norm is not None
                        else []
                    ),
                )
            ),
        ]
    if tests:  # no dose moves: what is done with the results instead
        parts += [Text(""), _labelled(t("show.tests_results"), Prose(t("show.tests_results.body")))]
        return Group(*parts)
    parts += [Text(""), _labelled(t("show.progression"), Prose(progression_text(program)))]
    return Group(*parts)


def progression_text(program: Program) -> str:
    rules = program.progression
    increments = increments_text(program, current_language())
    if not increments:
        return t("show.progression.fixed")
    return t(
        "show.progression.body",
        n=rules.step_up_after,
        easy_pain=rules.easy_pain_max,
        easy_effort=rules.easy_effort_max,
        ease=rules.step_back_pain,
        stop=rules.stop_pain,
        increments=increments,
    )
