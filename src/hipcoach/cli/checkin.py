"""The check-in: how hard it was, any pain and where, a note; and what it changes next time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from hipcoach.cli import LangOption, command, h, stdin_is_terminal
from hipcoach.cli.prompts import ask_line
from hipcoach.errors import HipcoachError
from hipcoach.i18n import Lang, current_language, join, t

if TYPE_CHECKING:
    from hipcoach.log.store import Store
    from hipcoach.program.model import Program

MAX_NOTE = 2000
MAX_WHERE = 200


# The check-in's options, for `checkin` and for `run` (which can take them up front).
EffortOption = Annotated[
    int | None, typer.Option("--effort", min=1, max=10, help=h("help.effort"), show_default=False)
]
PainOption = Annotated[
    int | None, typer.Option("--pain", min=0, max=10, help=h("help.pain"), show_default=False)
]
WhereOption = Annotated[
    str | None, typer.Option("--pain-where", help=h("help.pain_where"), show_default=False)
]
NoteOption = Annotated[str | None, typer.Option("--note", help=h("help.note"), show_default=False)]


@dataclass(frozen=True)
class CheckInAnswers:
    effort: int | None = None  # 1-10
    pain: int | None = None  # 0-10
    pain_where: str | None = None
    note: str | None = None

    def given(self) -> bool:
        return any(v is not None for v in (self.effort, self.pain, self.pain_where, self.note))


def _ask(question: str) -> str:
    return ask_line(question) or ""


def _ask_number(question: str, low: int, high: int) -> int | None:
    for _ in range(3):
        answer = _ask(question)
        if not answer:
            return None
        if answer.isdigit() and low <= int(answer) <= high:
            return int(answer)
        typer.echo(t("checkin.range", low=low, high=high))
    return None


def ask_checkin(program: Program, lang: Lang) -> CheckInAnswers:
    """Ask in the terminal; Enter skips any question."""
    typer.echo(t("checkin.intro", lang=lang))
    effort = _ask_number(t("checkin.effort", lang=lang), 1, 10)
    pain = _ask_number(t("checkin.pain", lang=lang), 0, 10)
    where = None
    if pain:
        choices = " · ".join(f"{n} {s.name.get(lang)}" for n, s in enumerate(program.steps, 1))
        answer = _ask(t("checkin.where", lang=lang, choices=choices))[:MAX_WHERE]
        where = _where(program, answer) if answer else None
    note = _ask(t("checkin.note", lang=lang))[:MAX_NOTE] or None
    return CheckInAnswers(effort, pain, where, note)


def _where(program: Program, answer: str) -> str:
    """A number from the list becomes the exercise's id; anything else stays as typed."""
    if answer.isdigit() and 1 <= int(answer) <= len(program.steps):
        return program.steps[int(answer) - 1].id
    return answer


def record_checkin(
    store: Store, session_id: str, program: Program | None, answers: CheckInAnswers, lang: Lang
) -> None:
    """Save the check-in and say what it means: caution, stop, or next time's doses."""
    from hipcoach.coach.describe import dose_amount_text
    from hipcoach.coach.progression import steps_named
    from hipcoach.coach.today import program_progress
    from hipcoach.program.plan import doses_for
    from hipcoach.tui.console import emit
    from hipcoach.tui.day_views import stop_panel

    where = answers.pain_where
    if program is not None and where:
        where = _where(program, where.strip())
    before = doses_for(program, program_progress(store, program).levels()) if program else []
    store.set_checkin(session_id, answers.effort, answers.pain, where, answers.note)
    typer.echo(t("checkin.saved", lang=lang))
    if program is None:
        return
    progress = program_progress(store, program)
    rules, pain = program.progression, answers.pain
    if pain is not None and pain >= rules.stop_pain and progress.stop is not None:
        from rich.console import Console

        emit(stop_panel(pain, progress.stop.on, lang), Console(stderr=True, highlight=False))
    elif pain is not None and pain >= rules.step_back_pain:
        hurt = steps_named(program, where)
        names = (
            [s.name.get(lang) for s in program.steps if s.id in hurt]
            if hurt
            else [t("caution.all", lang=lang)]
        )
        typer.echo(
            t("caution.body", lang=lang, pain=pain, exercises=join(names, lang=lang)), err=True
        )
    after = doses_for(program, progress.levels())
    changes = [
        t(
            "next_time.change",
            lang=lang,
            exercise=new.step.name.get(lang),
            dose=dose_amount_text(new, lang),
        )
        for old, new in zip(before, after, strict=True)
        if old != new
    ]
    if changes:
        typer.echo(t("next_time", lang=lang, changes=join(changes, lang=lang)))


@command("checkin", "help.checkin")
def checkin_command(
    effort: EffortOption = None,
    pain: PainOption = None,
    pain_where: WhereOption = None,
    note: NoteOption = None,
    lang: LangOption = None,
) -> None:
    from hipcoach.log.store import open_store
    from hipcoach.program.catalog import find_program

    language = current_language()
    with open_store() as store:
        session = store.latest_session()
        if session is None:
            raise HipcoachError(t("checkin.no_session"))
        try:
            program = find_program(session.program_id).program
        except HipcoachError:
            program = None  # the program is gone: keep the check-in, skip the advice
        answers = CheckInAnswers(effort, pain, pain_where, note)
        if not answers.given():
            if not stdin_is_terminal():
                raise HipcoachError(t("checkin.need_options"))
            typer.echo(
                t(
                    "checkin.for",
                    lang=language,
                    date=session.local_date.isoformat(),
                    program=session.program_name.get(language),
                )
            )
            answers = ask_checkin(program, language) if program else answers
        if answers.given():
            record_checkin(store, session.id, program, answers, language)
