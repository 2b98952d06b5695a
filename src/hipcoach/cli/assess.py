"""`hipcoach assess`: the hip self-tests, guided on the session's engine, screen and voice;
each side and trial logged; a flagged pain fed to the pain record like a check-in."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
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
    wall_clock,
)
from hipcoach.cli.lines import say, wrapped
from hipcoach.cli.moments import SELF_TESTS_PROGRAM
from hipcoach.cli.session import VoiceOption
from hipcoach.errors import ExitCode, HipcoachError
from hipcoach.i18n import ANSWER, SIDE, Lang, counted, current_language, format_date, t

if TYPE_CHECKING:
    from hipcoach.clock import WallClock
    from hipcoach.log.selftests import TestResult
    from hipcoach.log.store import Store
    from hipcoach.program.model import Program, Question, Side, Step
    from hipcoach.program.plan import Timeline
    from hipcoach.session.events import SetResult

ASSESSMENT_PROGRAM = SELF_TESTS_PROGRAM
# the largest result a test takes, typed or counted; beyond it is a typing slip, not a result
MOST = {"seconds": 600, "reps": 200}
# a stopwatch's time is logged to the tenth of a second: the finer digits are the clock's
# float noise (52.00000000000023), not a result
STOPWATCH_DIGITS = 1
_ANSWER_ALIASES = {  # what a runner may type, after NFKC and lower case
    "y": "yes", "yes": "yes", "はい": "yes",
    "n": "no", "no": "no", "いいえ": "no",
    "g": "good", "good": "good", "良い": "good",
    "f": "fair", "fair": "fair", "まあまあ": "fair",
    "p": "poor", "poor": "poor", "不十分": "poor",
}  # fmt: skip


@dataclass(frozen=True)
class Trial:
    """One side and trial of a test, as done: before it becomes a log row."""

    step: Step
    side: Side | None
    trial: int
    value: float | None
    answers: dict[str, str] = field(default_factory=dict)


@command("assess", "help.assess")
def assess_command(
    ctx: typer.Context,
    program: Annotated[
        str | None, typer.Argument(help=h("help.assess.program_arg"), show_default=False)
    ] = None,
    results: Annotated[bool, typer.Option("--results", help=h("help.assess.results"))] = False,
    result: Annotated[
        list[str] | None, typer.Option("--result", help=h("help.assess.result"))
    ] = None,
    speed: Annotated[
        float, typer.Option("--speed", min=0.1, max=1000.0, help=h("help.assess.speed"))
    ] = 1.0,
    voice: VoiceOption = None,
    json_: JsonOption = False,
    lang: LangOption = None,
) -> None:
    chosen = chosen_program(program or ASSESSMENT_PROGRAM)
    if not chosen.is_assessment:
        raise HipcoachError(t("assess.not_tests", program=chosen.id))
    language = current_language()
    if results and result:  # showing saves nothing: a --result given with it would be lost
        raise HipcoachError(t("assess.results_and_result"))
    if results:
        _show_results(chosen, language, json_)
        return
    clock = wall_clock(ctx)
    code: int = ExitCode.OK
    pain_stop = False  # the guided tests ended on a pain answered: its panel is the end
    if result:
        trials = [parse_result(chosen, text) for text in result]
        numbered = number_trials(chosen, trials)
        safety_gate(language, guided=False)
    else:
        if not stdin_is_terminal():
            raise HipcoachError(t("assess.need_terminal"))
        safety_gate(language, guided=True)
        if speed != 1:  # said before it starts, not only at the end
            say(t("assess.rehearsal_start", lang=language, speed=f"{speed:g}"), err=True)
        numbered, code, pain_stop = _guided(chosen, language, voice, speed, clock)
        if speed != 1 and numbered:  # a rehearsal's stopwatch ran fast: not a result
            say(t("assess.rehearsal", lang=language), err=True)
            raise typer.Exit(code)
    if not numbered:
        say(t("assess.nothing_saved", lang=language), err=True)
        raise typer.Exit(code)
    _save(chosen, numbered, clock, language)
    if code != ExitCode.OK or pain_stop:  # Ctrl-C, a signal or pain: what was done is kept
        raise typer.Exit(code)
    _show_results(chosen, language, json_)


# --- the safety rules before a test -------------------------------------------------------


def _routine() -> Program | None:
    """The training program, whose pain rules (stop, step back) the pain record is judged
    by, as `run` and a check-in judge it; None if it cannot be read."""
    try:
        return chosen_program(None)
    except HipcoachError:
        return None


def safety_gate(lang: Lang, *, guided: bool) -> None:
    """Before any test, as before a session: a stop in force refuses the tests, guided or
    typed with --result (a self-test loads the hip to its limit), with the stop's panel
    and exit 4, as `run` refuses without a deliberate choice. There is no --despite-stop
    here: a test to failure is no light routine, and a result taken in pain compares with
    nothing. After pain at the step-back level (no stop), the reminder `today` shows; the
    guided tests then start only on a "yes" whose default is no. Typed results are taken
    with the reminder (the test is done by then)."""
    from hipcoach.coach.today import safety_now
    from hipcoach.log.store import open_store

    routine = _routine()
    if routine is None:
        return
    with open_store() as store:
        safety = safety_now(store, routine)
    if safety.stop is not None:
        from hipcoach.tui.console import emit, stderr_console
        from hipcoach.tui.day_views import stop_panel

        emit(stop_panel(safety.stop, routine, lang), stderr_console())
        said = "assess.stop_not_started" if guided else "assess.stop_not_saved"
        say(t(said, lang=lang), err=True)
        raise typer.Exit(ExitCode.STOPPED)
    pain = safety.reminder_pain(routine.progression)
    if pain is None:
        return
    from hipcoach.cli.prompts import ask_yes_no
    from hipcoach.coach.safety_text import exercise_names, pain_reminder

    names = exercise_names(routine)
    say(pain_reminder(pain, routine.progression, names, lang), err=True)
    if not guided:
        return
    if not ask_yes_no(t("assess.caution_ask", lang=lang), default=False):
        say(t("assess.caution_not_started", lang=lang), err=True)
        raise typer.Exit(ExitCode.OK)


# --- results typed on the command line ---------------------------------------------------


def parse_result(program: Program, text: str) -> Trial:
    """``TEST SIDE [NUMBER] [QUESTION=ANSWER ...]`` as a trial; one line's error if not."""
    words = unicodedata.normalize("NFKC", text).split()
    try:
        return _parse_words(program, words)
    except ValueError as exc:
        raise HipcoachError(t("assess.bad_result", value=text, reason=exc)) from None


def _parse_words(program: Program, words: list[str]) -> Trial:
    tests = [s for s in program.steps if s.test is not None]
    if not words or words[0] not in {s.id for s in tests}:
        name = words[0] if words else ""
        ids = ", ".join(s.id for s in tests)
        raise ValueError(t("assess.bad.test", test=name, program=program.id, tests=ids))
    step = program.step(words[0])
    test = step.test
    assert test is not None
    side = _parse_side(words[1] if len(words) > 1 else "", test.sides == "each")
    rest = words[2:]
    value = None
    if test.unit is not None:
        number = rest.pop(0) if rest and "=" not in rest[0] else ""
        value = _parse_number(number, test.unit, step.id)
    elif rest and "=" not in rest[0]:
        raise ValueError(t("assess.bad.no_number", name=step.id))
    return Trial(step, side, 0, value, _parse_answers(step, rest))


def _parse_side(word: str, sided: bool) -> Side | None:
    if sided and word in ("left", "right"):
        return word  # type: ignore[return-value]
    if not sided and word == "-":
        return None
    raise ValueError(t("assess.bad.side", none="" if sided else t("assess.bad.side_none")))


def _parse_number(word: str, unit: str, name: str) -> float:
    """A time to the tenth of a second; a count of reps only as a whole number (20.5 reps
    were never done: a typing slip, refused rather than rounded)."""
    high = MOST[unit]
    try:
        value = float(word)
    except ValueError:
        raise ValueError(t("assess.bad.number", name=name, high=high)) from None
    if not 0 <= value <= high:
        raise ValueError(t("assess.bad.number", name=name, high=high))
    if unit == "reps" and not word.isdigit():  # 20.5, 1e1, 20.0: a count is written 20
        raise ValueError(t("assess.bad.whole", name=name, value=word, high=high))
    return value


def _parse_answers(step: Step, words: Sequence[str]) -> dict[str, str]:
    assert step.test is not None
    questions = {q.id: q for q in step.test.questions}
    answers: dict[str, str] = {}
    for word in words:
        qid, _, answer = word.partition("=")
        if qid not in questions:
            raise ValueError(t("assess.bad.question", question=qid, questions=", ".join(questions)))
        checked = check_answer(questions[qid], answer)
        if checked is None:
            choices = "/".join(choices_of(questions[qid]))
            raise ValueError(t("assess.bad.answer", question=qid, answer=answer, choices=choices))
        answers[qid] = checked
    missing = [qid for qid in questions if qid not in answers]
    if missing:
        raise ValueError(t("assess.bad.missing", questions=", ".join(missing)))
    return answers


def choices_of(question: Question) -> tuple[str, ...]:
    from hipcoach.program.model import ANSWER_CHOICES

    return ANSWER_CHOICES[question.answer]


def check_answer(question: Question, typed: str) -> str | None:
    """The answer in its stored form (``yes``, ``fair``, ``3``), or None if not a choice."""
    word = unicodedata.normalize("NFKC", typed).strip().lower()
    word = _ANSWER_ALIASES.get(word, word)
    return word if word in choices_of(question) else None


def number_trials(program: Program, trials: Sequence[Trial]) -> list[Trial]:
    """Trials numbered in order per test and side; more than the test's trials is an error."""
    seen: dict[tuple[str, Side | None], int] = {}
    numbered = []
    for trial in trials:
        key = (trial.step.id, trial.side)
        seen[key] = seen.get(key, 0) + 1
        assert trial.step.test is not None
        if seen[key] > trial.step.test.trials:
            most = trial.step.test.trials
            reason = t("assess.bad.trials", trials=counted(most, "trial"), test=trial.step.id)
            raise HipcoachError(t("assess.bad_result", value=trial.step.id, reason=reason))
        numbered.append(Trial(trial.step, trial.side, seen[key], trial.value, trial.answers))
    return numbered


# --- saving and showing ------------------------------------------------------------------


def _save(program: Program, trials: Sequence[Trial], clock: WallClock, lang: Lang) -> None:
    from hipcoach.log.selftests import add_results
    from hipcoach.log.store import open_store

    rows = to_rows(program, trials, clock)
    with open_store() as store:
        add_results(store, rows)
        say(
            t(
                "assess.saved",
                lang=lang,
                results=counted(len(rows), "result", lang=lang),
                date=format_date(rows[0].local_date, lang=lang),
            )
        )
        _feed_flags(store, program, trials, clock, lang)


def to_rows(program: Program, trials: Sequence[Trial], clock: WallClock) -> list[TestResult]:
    import uuid

    from hipcoach.log.selftests import TestResult
    from hipcoach.timeutil import local_date, to_iso

    now = clock.now()
    offset = clock.offset_minutes(now)
    run_id = str(uuid.uuid4())
    rows = []
    for trial in trials:
        test = trial.step.test
        assert test is not None
        rows.append(
            TestResult(
                id=str(uuid.uuid4()),
                assessment_id=run_id,
                program_id=program.id,
                program_version=program.version,
                test_id=trial.step.id,
                kind=test.kind,
                side=trial.side,
                trial=trial.trial,
                unit=test.unit,
                value=trial.value if test.unit is not None else None,
                answers=dict(trial.answers),
                recorded_utc=to_iso(now),
                utc_offset_minutes=offset,
                local_date=local_date(now, offset),
            )
        )
    return rows


def _feed_flags(
    store: Store, program: Program, trials: Sequence[Trial], clock: WallClock, lang: Lang
) -> None:
    """The highest flagged pain goes to the pain record as a check-in does, so the same
    caution and stop rules apply; each flag is said."""
    from hipcoach.cli.checkin import MAX_WHERE, CheckInAnswers, record_checkin

    worst: tuple[int, Trial, Question] | None = None
    for trial in trials:
        assert trial.step.test is not None
        for question in trial.step.test.questions:
            answer = trial.answers.get(question.id)
            if question.flag_from is None or answer is None or int(answer) < question.flag_from:
                continue
            side = t(SIDE[trial.side], lang=lang) if trial.side else t("result.both", lang=lang)
            say(
                t(
                    "assess.flag",
                    lang=lang,
                    test=trial.step.name.get(lang),
                    side=side,
                    question=question.label.get(lang),
                    answer=answer,
                ),
                err=True,
            )
            if worst is None or int(answer) > worst[0]:
                worst = (int(answer), trial, question)
    if worst is None:
        return
    pain, trial, _ = worst
    from hipcoach.coach.safety_text import self_test_where

    # a marker in no language, worded by each view in its reader's (coach/safety_text.py)
    where = self_test_where(program.id, trial.step.id, trial.side)[:MAX_WHERE]
    try:
        routine = chosen_program(None)  # the training program's pain rules apply
    except HipcoachError:
        routine = None
    answers = CheckInAnswers(effort=None, pain=pain, pain_where=where, red_flags=(), note=None)
    record_checkin(store, clock, None, routine, answers, lang, dose_advice=False)


def worst_flag(trials: Sequence[Trial]) -> int | None:
    """The highest pain answered at or above its question's flag, if any."""
    pains = [
        int(answer)
        for trial in trials
        if trial.step.test is not None
        for question in trial.step.test.questions
        if question.flag_from is not None
        and (answer := trial.answers.get(question.id)) is not None
        and int(answer) >= question.flag_from
    ]
    return max(pains, default=None)


def _show_results(program: Program, lang: Lang, json_: bool) -> None:
    from hipcoach.coach.assessments import summaries
    from hipcoach.log.selftests import all_results
    from hipcoach.log.store import open_store
    from hipcoach.reports.assessments import summaries_json, summary_lines

    with open_store() as store:
        found = summaries(program, all_results(store))
    if json_:
        typer.echo(jsonout.dumps(summaries_json(found), indent=2))
        return
    if not found:
        say(t("assess.none_yet", lang=lang))
        return
    for line in summary_lines(found, lang):
        say(line)


# --- guided on the session engine --------------------------------------------------------


def _guided(
    program: Program, lang: Lang, voice: bool | None, speed: float, wall: WallClock
) -> tuple[list[Trial], int, bool]:
    from hipcoach.cli.prompts import ask_yes_no
    from hipcoach.i18n import about_duration
    from hipcoach.program.plan import doses_for, expand

    timeline = expand(program, doses_for(program), plan_overrides(True))
    say(
        t(
            "assess.intro",
            lang=lang,
            name=program.name.get(lang),
            n=len(timeline.doses),
            time=about_duration(timeline.total_seconds, lang=lang),
        )
    )
    say(t("assess.after_run", lang=lang))
    if not ask_yes_no(t("run.press_enter", lang=lang), default=True):
        return [], ExitCode.OK, False
    return run_tests(timeline, lang, voice, speed, wall)


def run_tests(
    timeline: Timeline, lang: Lang, voice: bool | None, speed: float, wall: WallClock
) -> tuple[list[Trial], int, bool]:
    """Coach the tests in this terminal; returns each finished side and trial with its
    answers, the exit code, and whether a pain answered ended them. As a session keeps
    its sets, every way out (done, q, Ctrl-C, a signal, pain) keeps the trials finished
    with their answers, so a pain flag once answered is never lost; the trial under way
    is not kept."""
    from rich.console import Console

    from hipcoach.cli.session import (
        SessionUI,
        _exit_code,
        _session_cues,
        session_display,
        start_speaker,
        start_tempo_tones,
    )
    from hipcoach.session.engine import Engine
    from hipcoach.session.recorder import ScaledClock
    from hipcoach.tui.keys import TerminalKeys

    live = stdout_is_terminal()
    console = Console(highlight=False)
    speaker, notice, audio = start_speaker(timeline, lang, voice, present=True)
    tones = start_tempo_tones(timeline, audio, present=True)
    clock = ScaledClock(speed)
    done: list[Trial] = []
    with TerminalKeys(clock.real_seconds, read_stdin=True) as keys:
        display = session_display(console, timeline, lang, speaker, notice, live=live)
        ui = SessionUI(display, keys, lang, most_reps=MOST["reps"], check_count=True)
        asker = _Asker(ui, lang, done, wall)
        engine = Engine(
            timeline,
            clock,
            keys,
            _session_cues(speaker, tones, display.bell if live else None),
            ui,
            ask_reps=ui.ask_reps,
            after_set=asker.after_set,
            stopwatch_limit=MOST["seconds"],  # what --result takes, and no more
        )
        display.start()
        try:
            result = engine.run()
        finally:
            ui.close()
            if tones is not None:
                tones.close()
            if speaker is not None:
                speaker.close(wait=0.0)
    return done, _exit_code(result, keys), asker.pain_stop


class _Asker:
    """After each side and trial: the test's questions, on a line, the screen paused."""

    def __init__(self, ui: object, lang: Lang, done: list[Trial], wall: WallClock) -> None:
        from hipcoach.cli.session import SessionUI

        assert isinstance(ui, SessionUI)
        self.ui = ui
        self.lang = lang
        self.done = done
        self.wall = wall
        self.routine = _routine()  # whose pain rules judge a pain answered
        self.pain_stop = False
        self.judged = 0  # the worst pain judged so far: a trial with no worse is not asked

    def after_set(self, result: SetResult) -> bool:
        """The trial's questions; True (the tests end) when a pain answered stops them."""
        step = result.dose.step
        test = step.test
        if test is None:
            return False
        value = result.actual if test.unit is not None else None
        if value is not None and test.unit == "seconds":
            value = round(value, STOPWATCH_DIGITS)
            if test.kind == "hold-to-failure" and value >= MOST["seconds"]:
                value = self._ran_out(step, result)
        answers: dict[str, str] = {}
        if test.questions:
            answers = self._ask(step, result)
        self.done.append(
            Trial(step, result.segment.side, result.segment.set_number, value, answers)
        )
        return self._pain_ends_tests()

    def _pain_ends_tests(self) -> bool:
        """The worst pain flagged so far is what the pain record will get (as a check-in,
        when the tests are saved): judged now as that check-in will be. At the level that
        starts a stop the remaining tests are not done; at the step-back level the runner
        is asked whether to go on, the default being to stop; asked again only at a worse
        pain, as only the worst reaches the pain record."""
        from hipcoach.cli.checkin import CheckInAnswers, made_now
        from hipcoach.coach.safety import assess
        from hipcoach.log.store import open_store

        pain = worst_flag(self.done)
        if pain is None or pain <= self.judged or self.routine is None:
            return False
        self.judged = pain
        rules, lang, ui = self.routine.progression, self.lang, self.ui
        with open_store() as store:
            records = store.pain_record()
        told = made_now(self.wall, CheckInAnswers(pain=pain))
        safety = assess([*records, told], rules)
        if safety.stop is None and pain < rules.step_back_pain:
            return False
        ui._guarded(ui.display.stop)
        try:
            if safety.stop is not None:
                say(t("assess.pain_stops", lang=lang, pain=pain), err=True)
                self.pain_stop = True
                return True
            say(t("caution.body", lang=lang, pain=pain), err=True)
            try:
                typed = ui.keys.prompt(wrapped(t("assess.pain_go_on", lang=lang)))
            except EOFError:
                typed = ""
            word = unicodedata.normalize("NFKC", typed).strip().lower()
            if _ANSWER_ALIASES.get(word) == "yes":
                return False
            say(t("assess.pain_ended", lang=lang), err=True)
            self.pain_stop = True
            return True
        finally:
            ui._guarded(ui.display.start)

    def _ran_out(self, step: Step, result: SetResult) -> float:
        """The stopwatch reached the most a hold is logged as (Enter forgotten, most
        likely): said, and the time held asked; Enter keeps the limit."""
        ui, lang, most = self.ui, self.lang, MOST["seconds"]
        side = result.segment.side
        where = t(SIDE[side], lang=lang) if side else t("result.both", lang=lang)
        ui._guarded(ui.display.stop)
        try:
            say(t("assess.time_up", lang=lang, test=step.name.get(lang), side=where, most=most))
            while True:
                try:
                    typed = ui.keys.prompt(wrapped(t("assess.time_held", lang=lang, most=most)))
                except EOFError:
                    return float(most)
                word = unicodedata.normalize("NFKC", typed).strip()
                if not word:
                    return float(most)
                try:
                    held = float(word)
                except ValueError:
                    held = -1.0
                if 0 <= held <= most:
                    return round(held, STOPWATCH_DIGITS)
                say(t("assess.time_held_again", lang=lang, most=most))
        finally:
            ui._guarded(ui.display.start)

    def _ask(self, step: Step, result: SetResult) -> dict[str, str]:
        from hipcoach.coach.describe import side_text

        assert step.test is not None
        ui, lang = self.ui, self.lang
        ui._guarded(ui.display.stop)
        side = result.segment.side
        # the side as the test means it (left leg standing), as the screen said it
        where = side_text(step, side, lang) if side else t("result.both", lang=lang)
        say(
            t(
                "assess.ask",
                lang=lang,
                test=step.name.get(lang),
                side=where,
                trial=result.segment.set_number,
            )
        )
        answers: dict[str, str] = {}
        try:
            for question in step.test.questions:
                answer = self._ask_one(question)
                if answer is not None:
                    answers[question.id] = answer
        finally:
            ui._guarded(ui.display.start)
        return answers

    def _ask_one(self, question: Question) -> str | None:
        lang = self.lang
        choices = (
            "0–10"
            if question.answer == "pain"
            else "/".join(t(ANSWER[c], lang=lang) for c in choices_of(question))
        )
        text = question.text.get(lang)
        named = question.answer != "pain" and all(
            t(ANSWER[c], lang=lang) in text for c in choices_of(question)
        )
        if named:
            prompt = f"{text} "  # the question's own words say the choices, once
        else:
            prompt = t("assess.choices", lang=lang, question=text, choices=choices)
        while True:
            try:
                typed = self.ui.keys.prompt(wrapped(prompt))
            except EOFError:
                return None
            answer = check_answer(question, typed)
            if answer is not None:
                return answer
            say(t("assess.again", lang=lang, choices=choices))
