"""The check-in (how hard, any pain and where, warning signs, a note) and `lift-stop`.

Each check-in is a new entry in the pain record; none is ever overwritten. A check-in is
about the training session of the last 12 hours, or about no session (pain the next
morning). What it changes next time is said in true words: a dose that cannot go lower
gets a coach's advice instead of a promise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from hipcoach.cli import LangOption, chosen_program, command, h, stdin_is_terminal, wall_clock
from hipcoach.cli.lines import say
from hipcoach.cli.prompts import ask_line
from hipcoach.errors import HipcoachError
from hipcoach.i18n import Lang, current_language, format_date, join, t
from hipcoach.ids import is_id

if TYPE_CHECKING:
    from hipcoach.clock import WallClock
    from hipcoach.coach.safety import Safety
    from hipcoach.log.records import CheckInRecord, LiftReason, RedFlag, SessionRecord
    from hipcoach.log.store import Store
    from hipcoach.program.model import Program
    from hipcoach.program.plan import StepDose

MAX_NOTE = 2000
MAX_WHERE = 200
SESSION_WINDOW = timedelta(hours=12)  # a check-in is about a session this recent, or none


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
RedFlagOption = Annotated[
    list[str] | None,
    typer.Option("--red-flag", help=h("help.red_flag"), show_default=False),
]
NoteOption = Annotated[str | None, typer.Option("--note", help=h("help.note"), show_default=False)]


@dataclass(frozen=True)
class CheckInAnswers:
    effort: int | None = None  # 1-10
    pain: int | None = None  # 0-10
    pain_where: str | None = None
    note: str | None = None
    red_flags: tuple[RedFlag, ...] = ()

    def given(self) -> bool:
        values = (self.effort, self.pain, self.pain_where, self.note)
        return any(v is not None for v in values) or bool(self.red_flags)


def answers_from_options(
    program: Program | None,
    effort: int | None,
    pain: int | None,
    pain_where: str | None,
    red_flags: list[str] | None,
    note: str | None,
) -> CheckInAnswers:
    """The options as a check-in, refused whole (nothing written) when one is wrong."""
    from hipcoach.log.records import RED_FLAGS

    flags: list[RedFlag] = []
    for value in red_flags or ():
        flag = next((f for f in RED_FLAGS if f == value.strip().lower()), None)
        if flag is None:
            raise HipcoachError(t("checkin.bad_red_flag", value=value, choices=join(RED_FLAGS)))
        flags.append(flag)
    where = pain_where.strip()[:MAX_WHERE] if pain_where and pain_where.strip() else None
    if where is not None and not pain:
        raise HipcoachError(t("checkin.where_without_pain"))
    if program is not None and where is not None:
        where = _where(program, where, strict=True)
    note = note[:MAX_NOTE] if note and note.strip() else None  # kept as typed
    return CheckInAnswers(effort, pain, where, note, tuple(dict.fromkeys(flags)))


def _where(program: Program, answer: str, *, strict: bool = False) -> str:
    """A number, id or name from the list becomes the exercise's id; a few words stay as
    typed. With ``strict``, a number or an id that names no exercise is refused."""
    from hipcoach.coach.progression import step_named_exactly, steps_named

    exact = step_named_exactly(program, answer)
    if exact is not None:
        return exact
    looks_like_exercise = answer.isdigit() or (is_id(answer) and "-" in answer)
    if strict and looks_like_exercise and steps_named(program, answer) is None:
        choices = join([f"{n} {s.id}" for n, s in enumerate(program.steps, 1)])
        raise HipcoachError(
            t("checkin.unknown_where", value=answer, program=program.id, choices=choices)
        )
    return answer


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


def ask_red_flags(flags: tuple[RedFlag, ...], lang: Lang) -> tuple[RedFlag, ...]:
    """Which warning signs, by number; Enter for none."""
    from rich.table import Table

    from hipcoach.coach.safety_text import RED_FLAG_TEXT
    from hipcoach.tui.console import emit
    from hipcoach.tui.prose import Prose

    typer.echo(t("checkin.red_flags", lang=lang))
    choices = Table.grid(padding=(0, 1))  # a long sign wraps under its words, not its number
    choices.add_column(justify="right", no_wrap=True)
    choices.add_column()
    for number, flag in enumerate(flags, 1):
        choices.add_row(f" {number}", Prose(t(RED_FLAG_TEXT[flag], lang=lang)))
    emit(choices)
    for _ in range(3):
        answer = _ask(t("checkin.red_flags_prompt", lang=lang)).replace(",", " ")
        words = answer.split()
        if all(w.isdigit() and 1 <= int(w) <= len(flags) for w in words):
            return tuple(dict.fromkeys(flags[int(w) - 1] for w in words))
        typer.echo(t("checkin.red_flags_again", lang=lang, n=len(flags)))
    return ()


def ask_checkin(program: Program, lang: Lang) -> CheckInAnswers:
    """Ask in the terminal; Enter skips any question."""
    typer.echo(t("checkin.intro", lang=lang))
    effort = _ask_number(t("checkin.effort", lang=lang), 1, 10)
    pain = _ask_number(t("checkin.pain", lang=lang), 0, 10)
    where = None
    if pain:
        choices = t("list.dot", lang=lang).join(
            f"{n} {s.name.get(lang)}" for n, s in enumerate(program.steps, 1)
        )
        answer = _ask(t("checkin.where", lang=lang, choices=choices))[:MAX_WHERE]
        where = _where(program, answer) if answer else None
    from hipcoach.log.records import RED_FLAGS

    # a recent injury is asked before the first session
    flags = ask_red_flags(tuple(f for f in RED_FLAGS if f != "recent-injury"), lang)
    note = _ask(t("checkin.note", lang=lang))[:MAX_NOTE] or None
    return CheckInAnswers(effort, pain, where, note, flags)


def recent_session(store: Store, clock: WallClock) -> SessionRecord | None:
    """The training session a check-in now is about: the latest, if it ended (or, still
    open, started) in the last 12 hours."""
    from hipcoach.timeutil import from_iso

    session = store.latest_training_session()
    if session is None:
        return None
    last = from_iso(session.ended_utc or session.started_utc)
    return session if clock.now() - last <= SESSION_WINDOW else None


def made_now(
    clock: WallClock,
    answers: CheckInAnswers,
    *,
    session_id: str | None = None,
    lift: LiftReason | None = None,
    covers: str | None = None,
) -> CheckInRecord:
    """A new entry of the pain record, stamped now: a fresh id, the instant, the local
    offset and date there."""
    import uuid  # here, not at start-up: only a check-in needs it

    from hipcoach.log.records import CheckInRecord
    from hipcoach.timeutil import local_date, to_iso

    now = clock.now()
    offset = clock.offset_minutes(now)
    return CheckInRecord(
        id=str(uuid.uuid4()),
        recorded_utc=to_iso(now),
        utc_offset_minutes=offset,
        local_date=local_date(now, offset),
        session_id=session_id,
        effort=answers.effort,
        pain=answers.pain,
        pain_where=answers.pain_where,
        red_flags=answers.red_flags,
        note=answers.note,
        lift=lift,
        covers=covers,
    )


def record_checkin(
    store: Store,
    clock: WallClock,
    session: SessionRecord | None,
    program: Program | None,
    answers: CheckInAnswers,
    lang: Lang,
    *,
    dose_advice: bool = True,
) -> None:
    """Add the check-in to the pain record and say what it means: a stop, a caution in
    true words, next time's doses. Without ``dose_advice`` (a pain from a self-test, not
    from the routine's exercises) the same stop or caution is said, but nothing about the
    routine's exercises: no exercise was involved."""
    from hipcoach.coach.today import program_progress, safety_now
    from hipcoach.program.plan import doses_for

    before = doses_for(program, program_progress(store, program).levels()) if program else []
    store.add_check_in(made_now(clock, answers, session_id=session.id if session else None))
    _say_saved(session, lang)
    if program is None:
        return
    safety = safety_now(store, program)
    if safety.stop is not None:  # set now, or still in force: no dose advice, the stop
        _show_stop(safety, program, lang)
        return
    if not dose_advice:
        rules, pain = program.progression, answers.pain
        if pain is not None and pain >= rules.step_back_pain:
            typer.echo(t("caution.body", lang=lang, pain=pain), err=True)
            typer.echo(
                t("caution.warn", lang=lang, ease=rules.step_back_pain, stop=rules.stop_pain),
                err=True,
            )
        return
    after = doses_for(program, program_progress(store, program).levels())
    _advise(program, answers, before, after, lang)


def _say_saved(session: SessionRecord | None, lang: Lang) -> None:
    if session is None:
        say(t("checkin.saved_alone", lang=lang))
        return
    from hipcoach.reports.shared import local_time

    start = local_time(session.started_utc, session.utc_offset_minutes)
    day = format_date(session.local_date, lang=lang)
    say(t("checkin.saved_session", lang=lang, date=day, time=f"{start:%H:%M}"))


def _show_stop(safety: Safety, program: Program, lang: Lang) -> None:
    from hipcoach.tui.console import emit, stderr_console
    from hipcoach.tui.day_views import stop_panel

    if safety.stop is not None:
        emit(stop_panel(safety.stop, program, lang), stderr_console())


def _advise(
    program: Program,
    answers: CheckInAnswers,
    before: list[StepDose],
    after: list[StepDose],
    lang: Lang,
) -> None:
    """Caution after pain, saying only what really changes, then next time's doses."""
    from hipcoach.coach.describe import dose_amount_text
    from hipcoach.coach.progression import steps_named

    rules, pain = program.progression, answers.pain
    changes = [
        t(
            "next_time.change",
            lang=lang,
            exercise=new.step.name.get(lang),
            before=dose_amount_text(old, lang),
            dose=dose_amount_text(new, lang),
        )
        for old, new in zip(before, after, strict=True)
        if old != new
    ]
    if pain is not None and pain >= rules.step_back_pain:
        typer.echo(t("caution.body", lang=lang, pain=pain), err=True)
        hurt = steps_named(program, answers.pain_where)
        for old, new in zip(before, after, strict=True):
            if old == new and (hurt is None or old.step.id in hurt):
                typer.echo(
                    t(
                        "caution.fixed",
                        lang=lang,
                        exercise=old.step.name.get(lang),
                        dose=dose_amount_text(old, lang),
                    ),
                    err=True,
                )
        if changes:
            typer.echo(t("next_time", lang=lang, changes=join(changes, lang=lang)), err=True)
        typer.echo(
            t("caution.warn", lang=lang, ease=rules.step_back_pain, stop=rules.stop_pain),
            err=True,
        )
        return
    if changes:
        typer.echo(t("next_time", lang=lang, changes=join(changes, lang=lang)))


@command("checkin", "help.checkin")
def checkin_command(
    ctx: typer.Context,
    effort: EffortOption = None,
    pain: PainOption = None,
    pain_where: WhereOption = None,
    red_flag: RedFlagOption = None,
    note: NoteOption = None,
    lang: LangOption = None,
) -> None:
    from hipcoach.log.store import open_store
    from hipcoach.program.catalog import find_program

    language = current_language()
    clock = wall_clock(ctx)
    with open_store() as store:
        session = recent_session(store, clock)
        try:
            program = find_program(session.program_id).program if session else chosen_program(None)
        except HipcoachError:
            program = None  # the program is gone: keep the check-in, skip the advice
        answers = answers_from_options(program, effort, pain, pain_where, red_flag, note)
        if not answers.given():
            if not stdin_is_terminal():
                raise HipcoachError(t("checkin.need_options"))
            if session is None:
                typer.echo(t("checkin.alone", lang=language))
            else:
                day = format_date(session.local_date, lang=language)
                name = session.program_name.get(language)
                typer.echo(t("checkin.for", lang=language, date=day, program=name))
            answers = ask_checkin(program, language) if program else answers
        if answers.given():
            record_checkin(store, clock, session, program, answers, language)
