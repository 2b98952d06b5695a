"""Commands of the guided session: run, today, log."""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from hipcoach import jsonout
from hipcoach.cli import (
    JsonOption,
    LangOption,
    chosen_program,
    command,
    h,
    plan_overrides,
    stdin_is_terminal,
    stdout_is_terminal,
    user_settings,
    wall_clock,
)
from hipcoach.cli.checkin import (
    CheckInAnswers,
    EffortOption,
    NoteOption,
    PainOption,
    RedFlagOption,
    WhereOption,
    answers_from_options,
    ask_checkin,
    record_checkin,
)
from hipcoach.cli.prompts import ask_yes_no
from hipcoach.cli.safety import despite_stop_chosen, first_session_read
from hipcoach.errors import ExitCode, HipcoachError
from hipcoach.i18n import VOICE_OFF, Lang, counted, current_language, format_duration, join, t

if TYPE_CHECKING:
    from rich.console import Console

    from hipcoach.clock import WallClock
    from hipcoach.coach.assessments import LoggedAssessment
    from hipcoach.log.store import Store
    from hipcoach.program.model import Program
    from hipcoach.program.plan import StepDose, Timeline
    from hipcoach.session.engine import Cue, Cues
    from hipcoach.session.events import EngineResult, Event
    from hipcoach.tui.keys import TerminalKeys
    from hipcoach.tui.screen import LiveDisplay, PlainDisplay
    from hipcoach.voice.players import Player
    from hipcoach.voice.speaker import Speaker
    from hipcoach.voice.tones import TonePlayer

ProgramArgument = Annotated[
    str | None, typer.Argument(help=h("help.program_arg"), show_default=False)
]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help=h("help.yes"))]
VoiceOption = Annotated[
    bool | None, typer.Option("--voice/--no-voice", help=h("help.voice"), show_default=False)
]
DespiteStopOption = Annotated[
    bool, typer.Option("--despite-stop", help=h("help.despite_stop"), show_default=False)
]


# --- run ---------------------------------------------------------------------------------------


@command("run", "help.run")
def run_command(
    ctx: typer.Context,
    program: ProgramArgument = None,
    step: Annotated[str | None, typer.Option("--step", help=h("help.run.step"))] = None,
    quick: Annotated[bool, typer.Option("--quick", help=h("help.run.quick"))] = False,
    speed: Annotated[
        float, typer.Option("--speed", min=0.1, max=1000.0, help=h("help.run.speed"))
    ] = 1.0,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=h("help.run.dry_run"))] = False,
    yes: YesOption = False,
    despite_stop: DespiteStopOption = False,
    voice: VoiceOption = None,
    effort: EffortOption = None,
    pain: PainOption = None,
    pain_where: WhereOption = None,
    red_flag: RedFlagOption = None,
    note: NoteOption = None,
    lang: LangOption = None,
) -> None:
    from hipcoach.coach.today import program_progress, safety_now
    from hipcoach.log.store import open_store
    from hipcoach.program.plan import doses_for, expand

    chosen = chosen_program(program)
    _check_options(chosen, step, quick)
    answers = answers_from_options(chosen, effort, pain, pain_where, red_flag, note)
    interactive = stdin_is_terminal()
    with open_store() as store:
        progress = program_progress(store, chosen)
        stop = safety_now(store, chosen).stop
        first = not store.has_training()
    doses = doses_for(chosen, progress.levels(), quick=quick, only_step=step)
    timeline = expand(chosen, doses, plan_overrides(interactive))
    if dry_run:
        from hipcoach.tui.console import emit
        from hipcoach.tui.day_views import timeline_table

        emit(timeline_table(timeline, current_language()))
        return
    clock = wall_clock(ctx)
    if stop is not None:
        if not despite_stop_chosen(stop, chosen, despite_stop, yes=yes, interactive=interactive):
            raise typer.Exit(ExitCode.STOPPED if yes or not interactive else ExitCode.OK)
    elif first and speed == 1 and not first_session_read(chosen, clock, yes, interactive):
        raise typer.Exit(ExitCode.OK)
    code = run_session(
        timeline,
        clock,
        speed=speed,
        confirm=not yes and not (first and speed == 1),
        variant=_variant(quick, step),
        interactive=interactive,
        answers=answers if answers.given() else None,
        voice=voice,
        despite_stop=stop is not None,
    )
    raise typer.Exit(code)


def _check_options(program: Program, step: str | None, quick: bool) -> None:
    if program.is_assessment:
        raise HipcoachError(t("run.is_tests", program=program.id))
    ids = [s.id for s in program.steps]
    if step is not None and step not in ids:
        raise HipcoachError(t("run.unknown_step", step=step, program=program.id, steps=join(ids)))
    if quick and program.quick is None:
        raise HipcoachError(t("run.no_quick", program=program.id))


def _variant(quick: bool, step: str | None) -> str:
    from hipcoach.session.recorder import variant_name

    return variant_name(quick, step)


def run_session(
    timeline: Timeline,
    wall: WallClock,
    *,
    speed: float,
    confirm: bool,
    variant: str,
    interactive: bool,
    answers: CheckInAnswers | None = None,
    voice: bool | None = None,
    despite_stop: bool = False,
) -> int:
    """Coach the timeline in this terminal, logging every set; returns the exit code."""
    from rich.console import Console

    from hipcoach.log.store import open_store
    from hipcoach.session.engine import Engine
    from hipcoach.session.events import Listener
    from hipcoach.session.recorder import (
        TIMING_LOG_ENV,
        Fanout,
        ScaledClock,
        SessionRecorder,
        TimingProbe,
    )
    from hipcoach.tui.keys import TerminalKeys

    lang = current_language()
    live = stdout_is_terminal()
    console = Console(highlight=False)
    if confirm and interactive and not _ready(timeline, lang, console):
        return ExitCode.OK
    speaker, notice, audio = start_speaker(timeline, lang, voice, present=interactive or live)
    tones = start_tempo_tones(timeline, audio, present=interactive or live)
    clock = ScaledClock(speed)
    with open_store() as store:
        with TerminalKeys(clock.real_seconds, read_stdin=interactive) as keys:
            display = session_display(console, timeline, lang, speaker, notice, live=live)
            ui = SessionUI(display, keys, lang)
            recorder = SessionRecorder(
                store,
                timeline,
                variant=variant,
                lang=lang,
                speed=speed,
                clock=wall,
                despite_stop=despite_stop,
            )
            cues = _session_cues(speaker, tones, display.bell if live else None)
            listeners: list[Listener] = [recorder, ui]
            if probe := os.environ.get(TIMING_LOG_ENV):  # first, so it sees each end at once
                listeners.insert(0, TimingProbe(clock, probe, speed))
            engine = Engine(
                timeline,
                clock,
                keys,
                cues,
                Fanout(listeners),
                ask_reps=ui.ask_reps if interactive else None,
            )
            display.start()
            result: EngineResult | None = None
            started = clock.now()
            try:
                result = engine.run()
            finally:
                ui.close()
                if tones is not None:
                    tones.close()
                if speaker is not None:  # let the closing "done" finish, then stop
                    finished = result is not None and result.reason == "done"
                    speaker.close(wait=3.0 if finished else 0.0)
        _summary(result, lang, speed)
        # how it went: asked after the session (and after q), not after Ctrl-C or a signal
        if result.reason in ("done", "quit") and any(not r.skipped for r in result.sets):
            given = answers or (ask_checkin(timeline.program, lang) if interactive else None)
            if given is not None and given.given():
                session = store.session(recorder.session_id)
                record_checkin(store, wall, session, timeline.program, given, lang)
        if result.reason in ("done", "quit"):  # not after Ctrl-C or a signal: just stop
            taken = clock.real_seconds(result.ended_at - started)  # a rehearsal: real time
            _end_screen(store, timeline, wall, result, taken, speed, lang)
    return _exit_code(result, keys)


def _session_cues(
    speaker: Speaker | None, tones: TonePlayer | None, bell: Callable[[], None] | None
) -> Cues:
    """The voice (else the bell, when the sound is on) and the tempo tones."""
    from hipcoach.session.cues import AllCues, BellCues, SilentCues

    ring = bell if bell is not None and user_settings().sound else None
    if speaker is not None and ring is not None:
        speaker.stand_in = ring  # for a phrase still rendering
    cues: Cues = speaker or (BellCues(ring) if ring is not None else SilentCues())
    return cues if tones is None else AllCues([cues, tones])


def _end_screen(
    store: Store,
    timeline: Timeline,
    wall: WallClock,
    result: EngineResult,
    seconds: float,
    speed: float,
    lang: Lang,
) -> None:
    """How it went, once the check-in is saved: time, sets, streak, next time's doses."""
    from hipcoach.coach.today import today_report
    from hipcoach.program.plan import doses_for
    from hipcoach.tui.console import emit
    from hipcoach.tui.session_end import SessionEnd, end_panel

    current = user_settings()
    program = timeline.program
    report = today_report(
        store,
        program,
        wall.today(),
        training_days=current.training_days,
        allowance_per_month=current.streak_allowance,
    )
    done = [r for r in result.sets if not r.skipped]
    end = SessionEnd(
        finished=result.reason == "done",
        seconds=seconds,
        sets_done=len(done),
        sets_planned=len(timeline.work_segments()),
        skipped=len(result.sets) - len(done),
        streak=report.streak if speed == 1 else None,
        next_doses=doses_for(program, report.progress.levels()),
        stopped=report.safety.stop is not None,
    )
    emit(end_panel(end, lang))


def start_tempo_tones(
    timeline: Timeline, audio: Player | None, *, present: bool
) -> TonePlayer | None:
    """Tones at each movement of a paced set, when the sound is on and someone is there."""
    paced = any(d.reps is not None and d.tempo is not None for d in timeline.doses)
    if not (paced and present and user_settings().sound):
        return None
    from hipcoach.voice.setup import start_tones

    return start_tones(audio)


def session_display(
    console: Console,
    timeline: Timeline,
    lang: Lang,
    speaker: Speaker | None,
    notice: str | None,
    *,
    live: bool,
) -> LiveDisplay | PlainDisplay:
    """The live screen on a terminal (with the voice's notice, gone once it no longer
    holds), else one plain line per segment."""
    from hipcoach.tui.screen import LiveDisplay, PlainDisplay

    if not live:
        return PlainDisplay(sys.stdout, timeline, lang)
    notice_while = while_pending(speaker, notice, lang)
    return LiveDisplay(console, timeline, lang, notice=notice, notice_while=notice_while)


def while_pending(
    speaker: Speaker | None, notice: str | None, lang: Lang
) -> Callable[[], bool] | None:
    """For the notice that the voice is still being prepared: how long it holds."""
    if speaker is None or notice != t("screen.voice_pending", lang=lang):
        return None
    return speaker.preparing


def start_speaker(
    timeline: Timeline, lang: Lang, wanted: bool | None, *, present: bool
) -> tuple[Speaker | None, str | None, Player | None]:
    """Spoken cues, when wanted and possible; otherwise say why once (the bell stands in)
    and return a short notice for the session screen, which covers that line.

    Voice is wanted by --voice, else by the settings when someone is at a terminal; a
    command the user configured is used even without one (it may write files).
    """
    from hipcoach.session.cues import cue_text

    current = user_settings()
    command = list(current.voice_command) or None
    on = current.voice if wanted is None else wanted
    if not on or (wanted is None and not present and command is None):
        return None, None, None
    from hipcoach.session.cues import session_texts
    from hipcoach.voice.setup import start_voice

    def text_for(cue: Cue) -> str | None:
        return cue_text(cue, timeline, lang)

    typer.echo(t("voice.preparing", lang=lang), err=True)
    setup = start_voice(lang, session_texts(timeline, text_for), text_for, command=command)
    if setup.speaker is None:
        typer.echo(t(VOICE_OFF[setup.reason], lang=lang, detail=setup.detail), err=True)
        return None, t("screen.voice_failed", lang=lang), setup.audio
    if setup.unsupported:  # e.g. Japanese with espeak-ng only: phrases with kanji are silent
        said = len(setup.unsupported)
        typer.echo(t("voice.partly_silent", lang=lang, n=said), err=True)
        return setup.speaker, t("screen.voice_partly_silent", lang=lang, n=said), setup.audio
    if setup.pending:  # a slow speech command: the session does not wait for it
        return setup.speaker, t("screen.voice_pending", lang=lang), setup.audio
    return setup.speaker, None, setup.audio


def _ready(timeline: Timeline, lang: Lang, console: object) -> bool:
    program = timeline.program
    typer.echo(
        t(
            "run.intro",
            lang=lang,
            name=program.name.get(lang),
            time=format_duration(timeline.total_seconds, lang=lang),
            steps=counted(len(timeline.doses), "exercise", lang=lang),
        )
    )
    if timeline.below_dose:
        typer.echo(t("run.below_dose", lang=lang))
    typer.echo(t("safety.short", lang=lang))
    return ask_yes_no(t("run.press_enter", lang=lang), default=True)


def _summary(result: EngineResult, lang: Lang, speed: float) -> None:
    done = [r for r in result.sets if not r.skipped]
    skipped = len(result.sets) - len(done)
    key = "run.summary.done" if result.reason == "done" else "run.summary.stopped"
    summary = t(key, lang=lang, sets=counted(len(done), "set", lang=lang))
    if speed != 1:
        summary = (
            t("log.rehearsal", lang=lang, speed=f"{speed:g}") + t("list.dot", lang=lang) + summary
        )
    typer.echo(summary)
    if skipped:
        typer.echo(t("run.summary.skipped", lang=lang, n=skipped))
    if speed != 1:
        typer.echo(t("run.summary.rehearsal", lang=lang))


def _exit_code(result: EngineResult, keys: TerminalKeys) -> int:
    if result.reason == "interrupted":
        return ExitCode.INTERRUPTED
    if result.reason == "terminated":
        return 128 + (keys.last_signal or 15)
    return ExitCode.OK


MOST_REPS = 999  # a count typed for a set: three digits
DIGITS = "0123456789"  # what a count is typed with (full-width digits are NFKC'd to these)


def far_above(typed: int, counted: int) -> bool:
    """A typed count far above the pacing's: over half as much again and 3 more (6
    counted: 13 asked; 15: 26). A few over is a count the runner kept, Enter pressed
    early; 25 for 6 is a slip."""
    return typed > counted * 3 // 2 + 3


class SessionUI:
    """Between the engine and the screen: Ctrl-Z, the reps prompt, a vanished terminal."""

    def __init__(
        self,
        display: LiveDisplay | PlainDisplay,
        keys: TerminalKeys,
        lang: Lang,
        most_reps: int = MOST_REPS,
        *,
        check_count: bool = False,
    ) -> None:
        self.display = display
        self.keys = keys
        self.lang = lang
        self.most_reps = most_reps  # the largest count the reps question takes
        self.check_count = check_count  # a count far above the pacing's is asked about
        self.broken = False  # the terminal went away (SIGHUP): stop drawing

    def handle(self, event: Event) -> None:
        from hipcoach.session.events import Paused

        if isinstance(event, Paused) and event.suspended:
            self._guarded(self.display.stop)
            self.keys.suspend()  # returns after `fg`
            self._guarded(self.display.start)
        self._guarded(self.display.handle, event)

    def _guarded(self, action: object, *args: object) -> None:
        if self.broken:
            return
        try:
            action(*args)  # type: ignore[operator]
        except OSError:
            self.broken = True

    def ask_reps(self, dose: StepDose, counted: int) -> int:
        """How many reps were done: asked inside the live screen, else on a line."""
        from hipcoach.tui.screen import LiveDisplay

        if isinstance(self.display, LiveDisplay) and not self.broken:
            reps = self._ask_reps_in_screen(self.display, counted)
        else:
            reps = self._ask_reps_on_a_line(dose, counted)
        if self.check_count and far_above(reps, counted):
            reps = self._confirm_count(reps, counted)
        return reps

    def _confirm_count(self, typed: int, counted: int) -> int:
        """Asked once: a test's count far above what the pacing counted. The default
        (Enter, y/N) keeps the pacing's count: the pacing counts every rep done at the
        test's tempo until Enter, so reps beyond it were not done at that tempo and do
        not count for the norm, and a slip (25 for 15, the other side's count) is far
        likelier than reps the pacing missed; a runner sure of the count says yes."""
        self._guarded(self.display.stop)
        try:
            answer = self.keys.prompt(
                t("run.count_check", lang=self.lang, typed=typed, counted=counted)
            )
        except EOFError:
            answer = ""
        finally:
            self._guarded(self.display.start)
        word = unicodedata.normalize("NFKC", answer).strip().lower()
        return typed if word in ("y", "yes", "はい") else counted

    def _ask_reps_in_screen(self, display: LiveDisplay, counted: int) -> int:
        """The count as typed (full-width too), shown as typed; Backspace, Enter; Esc or
        a signal keeps the count (a signal's key then ends the session). What Enter finds
        is taken only if it is a whole number from 0 to the most: anything else (a minus
        sign, 250 for a test's 200) is refused on the screen and asked again, never
        changed into a number the runner did not type; a key that is no digit is refused
        as it is pressed, never shown in the number first."""
        typed, refused = "", None
        longest = len(str(self.most_reps)) + 1  # enough to show a count that is too big
        display.asking_reps(counted, typed)
        try:
            while True:
                text = self.keys.read_text()
                if text is None:
                    if self.keys.take_redraw():
                        display.refresh()
                        continue
                    return counted
                for char in unicodedata.normalize("NFKC", text):
                    refused = None
                    if char.isprintable() and not char.isspace() and char not in DIGITS:
                        typed, refused = "", typed + char  # a letter, a minus: refused at once
                        continue
                    if char in "\r\n":
                        if not typed:
                            return counted
                        if typed.isdigit() and int(typed) <= self.most_reps:
                            return int(typed)
                        typed, refused = "", typed
                        break  # what was typed with the Enter is not taken either
                    if char == "\x1b":
                        return counted
                    if char in "\x7f\b":
                        typed = typed[:-1]
                    elif char.isprintable() and not char.isspace() and len(typed) < longest:
                        typed += char
                display.asking_reps(counted, typed, refused=refused, most=self.most_reps)
        finally:
            self._guarded(display.asking_reps, None)

    def _ask_reps_on_a_line(self, dose: StepDose, counted: int) -> int:
        self._guarded(self.display.stop)
        try:
            while True:
                answer = self.keys.prompt(
                    t("run.ask_reps", lang=self.lang, counted=counted, planned=dose.reps)
                ).strip()
                if not answer:
                    return counted
                if answer.isdigit() and int(answer) <= self.most_reps:
                    return int(answer)
                typer.echo(t("run.ask_reps_again", lang=self.lang, most=self.most_reps))
        except EOFError:
            return counted
        finally:
            self._guarded(self.display.start)

    def close(self) -> None:
        self._guarded(self.display.stop)


# --- today -------------------------------------------------------------------------------------


@command("today", "help.today")
def today_command(
    ctx: typer.Context,
    program: ProgramArgument = None,
    yes: YesOption = False,
    voice: VoiceOption = None,
    json_: JsonOption = False,
    lang: LangOption = None,
) -> None:
    from hipcoach.cli.moments import day_moments, race_week_program, say_moments
    from hipcoach.coach.today import today_report
    from hipcoach.log.store import open_store

    chosen = chosen_program(program)
    current = user_settings()
    clock = wall_clock(ctx)
    with open_store() as store:
        moments = day_moments(store, current, clock.today())
        if program is None and moments.race_week:  # asked for by name: that one
            chosen = race_week_program() or chosen
        report = today_report(
            store,
            chosen,
            clock.today(),
            training_days=current.training_days,
            allowance_per_month=current.streak_allowance,
        )
    language = current_language()
    if json_:
        entry = {**report.to_dict(language), "moments": moments.to_dict()}
        typer.echo(jsonout.dumps(entry, indent=2))
        return
    from hipcoach.tui.console import emit
    from hipcoach.tui.day_views import today_view

    emit(today_view(report, language, plan_overrides(stdin_is_terminal())))
    say_moments(moments, language)
    interactive = stdin_is_terminal() and stdout_is_terminal()
    if report.safety.stop is not None:  # shown above; nothing is offered, --yes or not
        if yes:
            typer.echo(t("stop.no_start", lang=language), err=True)
            raise typer.Exit(ExitCode.STOPPED)
        return
    if not (yes or interactive) or (report.done and not yes):
        return
    if report.first_session:  # the note is on screen: ask about it instead
        if not first_session_read(chosen, clock, yes, interactive, shown=True):
            return
    elif not yes and not ask_yes_no(t("today.start_now", lang=language), default=True):
        return
    from hipcoach.program.plan import doses_for, expand

    doses = doses_for(chosen, report.progress.levels())
    timeline = expand(chosen, doses, plan_overrides(stdin_is_terminal()))
    raise typer.Exit(
        run_session(
            timeline,
            clock,
            speed=1.0,
            confirm=False,
            variant="full",
            interactive=stdin_is_terminal(),
            voice=voice,
        )
    )


# --- log ---------------------------------------------------------------------------------------


@command("log", "help.log")
def log_command(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help=h("help.log.limit"))] = 10,
    json_: JsonOption = False,
    lang: LangOption = None,
) -> None:
    from hipcoach.log.store import open_store

    with open_store() as store:
        sessions = store.recent_sessions(min(limit, 1 << 62))  # SQLite's integers are 64-bit
        # entries about no session, back to the oldest session shown (all, if the log is short)
        since = sessions[-1].started_utc if len(sessions) == limit else ""
        others = [
            c for c in store.pain_record() if c.session_id is None and c.recorded_utc >= since
        ]
        self_tests = _logged_self_tests(store, since)
    if json_:  # sessions, each with its check-ins (an export has the whole pain record)
        entries = [
            {**s.to_dict(), "check_ins": [c.to_dict() for c in s.check_ins]} for s in sessions
        ]
        typer.echo(jsonout.dumps(entries, indent=2))
        return
    if not sessions and not others and not self_tests:
        typer.echo(t("log.empty"))
        return
    from hipcoach.tui.console import emit
    from hipcoach.tui.day_views import log_view

    try:
        program = chosen_program(None)
    except HipcoachError:
        program = None  # names then come from the logged sets alone
    emit(log_view(sessions, current_language(), others, program, self_tests))


def _logged_self_tests(store: Store, since: str) -> list[LoggedAssessment]:
    """The self-tests taken since ``since`` (an instant; "" for all), each with the program
    that names its tests when it is still installed."""
    from hipcoach.coach.assessments import logged_assessments
    from hipcoach.log.selftests import all_results

    return logged_assessments(r for r in all_results(store) if r.recorded_utc >= since)
