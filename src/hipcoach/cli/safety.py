"""The safety gates of the command line: a stop in force before a session starts, the
safety note before the first one, and `lift-stop`, the only way a stop ends."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from hipcoach.cli import LangOption, chosen_program, command, h, wall_clock
from hipcoach.cli.checkin import MAX_NOTE, CheckInAnswers, NoteOption, made_now
from hipcoach.cli.prompts import ask_yes_no
from hipcoach.errors import HipcoachError
from hipcoach.i18n import current_language, format_date, t

if TYPE_CHECKING:
    from hipcoach.clock import WallClock
    from hipcoach.coach.safety import Stop
    from hipcoach.program.model import Program


def despite_stop_chosen(
    stop: Stop, program: Program, flag: bool, *, yes: bool, interactive: bool
) -> bool:
    """A stop is in force: say why. Start only on a deliberate choice: --despite-stop, or
    "yes" to a question whose default is no; --yes alone never overrides it."""
    from hipcoach.tui.console import emit, stderr_console
    from hipcoach.tui.day_views import stop_panel

    lang = current_language()
    emit(stop_panel(stop, program, lang), stderr_console())
    chosen = flag or (
        interactive and not yes and ask_yes_no(t("stop.start_anyway", lang=lang), default=False)
    )
    said = "stop.despite" if chosen else ("stop.no_start" if yes else "stop.not_started")
    typer.echo(t(said, lang=lang), err=True)
    return chosen


def first_session_read(
    program: Program, clock: WallClock, yes: bool, interactive: bool, *, shown: bool = False
) -> bool:
    """Before the first session: the safety note, a recent injury asked about (yes sets a
    stop: ask a professional first), and an acknowledgement. --yes takes it as read."""
    from hipcoach.tui.console import emit, stderr_console, stdout_console
    from hipcoach.tui.day_views import first_session_panel

    lang = current_language()
    if not shown:  # beside the question at a terminal; beside the session's log otherwise
        console = stdout_console() if interactive else stderr_console()
        emit(first_session_panel(program.progression, lang), console)
    if yes or not interactive:
        typer.echo(t("first.taken_as_read", lang=lang), err=True)
        return True
    if ask_yes_no(t("first.injury", lang=lang), default=False):
        from hipcoach.cli.checkin import record_checkin
        from hipcoach.log.store import open_store

        with open_store() as store:
            injury = CheckInAnswers(red_flags=("recent-injury",))
            record_checkin(store, clock, None, None, injury, lang)
        typer.echo(t("first.ask_first", lang=lang))
        return False
    return ask_yes_no(t("first.understood", lang=lang), default=False)


@command("lift-stop", "help.lift_stop")
def lift_stop_command(
    ctx: typer.Context,
    statement: Annotated[
        str | None,
        typer.Argument(help=h("help.lift_stop.statement"), show_default=False),
    ] = None,
    note: NoteOption = None,
    lang: LangOption = None,
) -> None:
    """Lift a stop: only with a statement that allows it, recorded, and said."""
    from hipcoach.coach.safety import PAIN_FREE_HOURS, Lift, assess, pain_within
    from hipcoach.coach.safety_text import lift_line
    from hipcoach.log.records import LIFT_REASONS
    from hipcoach.log.store import open_store
    from hipcoach.reports.shared import local_time
    from hipcoach.timeutil import from_iso

    if statement is None:
        raise HipcoachError(t("lift.need_statement"))
    because = next((r for r in LIFT_REASONS if r == statement.strip().lower()), None)
    if because is None:
        raise HipcoachError(t("lift.bad_statement", value=statement))
    clock = wall_clock(ctx)
    program = chosen_program(None)
    now = clock.now()
    with open_store() as store:
        records = store.pain_record()
        stop = assess(records, program.progression).stop
        if stop is None:
            raise HipcoachError(t("lift.nothing"))
        if because == "pain-free-48h" and stop.reason == "red-flag":
            raise HipcoachError(t("lift.needs_assessment"))
        if because == "pain-free-48h":
            since = from_iso(stop.since_utc)
            if now - since < timedelta(hours=PAIN_FREE_HOURS):
                at = local_time(stop.since_utc, clock.offset_minutes(since))
                raise HipcoachError(
                    t("lift.too_soon", date=format_date(at.date()), time=f"{at:%H:%M}")
                )
            pain = pain_within(records, now)
            if pain is not None:
                at = local_time(pain.recorded_utc, pain.utc_offset_minutes)
                raise HipcoachError(
                    t(
                        "lift.not_pain_free",
                        pain=pain.pain or 0,
                        date=format_date(at.date()),
                        time=f"{at:%H:%M}",
                    )
                )
        covers = records[-1].id if records else None  # the newest entry known here
        said = CheckInAnswers(note=note[:MAX_NOTE] if note else None)
        lift = made_now(clock, said, lift=because, covers=covers)
        store.add_check_in(lift)
    typer.echo(lift_line(Lift(lift.local_date, because, stop), current_language()))
