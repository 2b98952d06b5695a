"""`hipcoach doctor`: paths, log health, settings, programs, speech and terminal."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer

from hipcoach import jsonout
from hipcoach.cli import JsonOption, LangOption, command, h, wall_clock
from hipcoach.errors import ExitCode, HipcoachError
from hipcoach.i18n import Lang, t

if TYPE_CHECKING:
    from collections.abc import Sequence

    from hipcoach.cli.diagnosis import Level, Report
    from hipcoach.clock import WallClock
    from hipcoach.voice.choice import VoiceProblem

_MARKS = {"ok": "✓", "info": "·", "problem": "!"}


SECTION = {  # each part of the report: its heading
    "hipcoach": "doctor.section.hipcoach",
    "language": "doctor.section.language",
    "paths": "doctor.section.paths",
    "log": "doctor.section.log",
    "settings": "doctor.section.settings",
    "programs": "doctor.section.programs",
    "speech": "doctor.section.speech",
    "terminal": "doctor.section.terminal",
}

VOICE_PROBLEM = {  # each speech problem: what it means
    "bad_command": "doctor.voice.bad_command",
    "command_not_found": "doctor.voice.command_not_found",
    "espeak_ng_missing": "doctor.voice.espeak_ng_missing",
    "open_jtalk_missing": "doctor.voice.open_jtalk_missing",
    "jtalk_dictionary_missing": "doctor.voice.jtalk_dictionary_missing",
    "jtalk_voice_missing": "doctor.voice.jtalk_voice_missing",
    "japanese_kana_only": "doctor.voice.japanese_kana_only",
    "say_voice_missing": "doctor.voice.say_voice_missing",
    "no_engine": "doctor.voice.no_engine",
    "no_player": "doctor.voice.no_player",
    "no_audio_device": "doctor.voice.no_audio_device",
    "render_broken": "doctor.voice.render_broken",
}


@command("doctor", "help.doctor")
def doctor_command(
    ctx: typer.Context,
    json_: JsonOption = False,
    rescue_log: Annotated[bool, typer.Option("--rescue-log", help=h("help.doctor.rescue"))] = False,
    lang: LangOption = None,
) -> None:
    if rescue_log:
        rescue(wall_clock(ctx))
        return
    from hipcoach.cli.diagnosis import diagnose

    report = diagnose(speech=speech_checks, option_lang=lang.value if lang else None)
    if json_:
        typer.echo(jsonout.dumps([asdict(c) for c in report.checks], indent=2))
    else:
        section = None
        for check in report.checks:
            if check.section != section:
                section = check.section
                typer.echo(("" if check is report.checks[0] else "\n") + t(SECTION[section]))
            detail = f": {check.detail}" if check.detail else ""
            typer.echo(f"  {_MARKS[check.level]} {check.label}{detail}")
            if check.fix:
                typer.echo(f"      {t('doctor.fix')}: {check.fix}")
        count = len(report.problems)
        typer.echo("\n" + (t("doctor.all_good") if not count else t("doctor.problems", n=count)))
    if report.problems:
        raise typer.Exit(ExitCode.PROBLEMS_FOUND)


def rescue(clock: WallClock) -> None:
    """Copy what can be read from a damaged log into a new one, and say what was lost."""
    from hipcoach import paths
    from hipcoach.i18n import counted
    from hipcoach.log.rescue import rescue_log

    path = paths.db_path()
    report = rescue_log(path, clock.local_now())  # the damaged copy's name: local time
    sessions = counted(report.sessions, "session")
    typer.echo(t("rescue.done", sessions=sessions, sets=counted(report.sets, "set"), path=path))
    if report.unreadable_sessions:
        typer.echo(t("rescue.lost", sessions=counted(report.unreadable_sessions, "session")))
    if report.missing_sets:
        typer.echo(t("rescue.missing_sets", sessions=counted(report.missing_sets, "session")))
    if report.newest_may_be_lost:
        typer.echo(t("rescue.newest"))
    typer.echo(t("rescue.kept", path=report.kept_at))


def speech_checks(report: Report, lang: Lang) -> None:
    """Engines and voices per language, players and the audio device, each with a fix."""
    from hipcoach.cli import user_settings
    from hipcoach.voice.diagnosis import describe

    try:
        command = list(user_settings().voice_command) or None
    except HipcoachError:
        command = None  # the settings problem is reported on its own
    found = describe(command=command)
    for language in found.languages:
        label = t("doctor.speech_for", language=language.lang)
        if language.engine is None:
            _problems(report, label, language.problems, t("doctor.no_speech"))
            continue
        detail = f"{language.engine}" + (f" · {language.voice}" if language.voice else "")
        if language.kana_only:
            detail += " · " + t("doctor.kana_only")
        level: Level = "info" if language.problems else "ok"
        report.add("speech", label, level, detail)
        for problem in language.problems:
            report.add("speech", label, "info", _problem_text(problem), problem.fix)
    players = ", ".join(p.name for p in found.players) or t("doctor.none")
    report.add(
        "speech",
        t("doctor.players"),
        "ok" if found.players else "problem",
        players,
        None if found.players else _first_fix(found.problems),
    )
    if found.audio_ok is False:
        _problems(report, t("doctor.audio"), found.problems, t("doctor.no_audio"))
    elif found.audio_ok:
        report.add("speech", t("doctor.audio"), "ok", found.player or "")


def _problem_text(problem: VoiceProblem) -> str:
    text = t(VOICE_PROBLEM[problem.code])
    return text + (f" ({problem.detail})" if problem.detail else "")


def _problems(report: Report, label: str, problems: Sequence[VoiceProblem], fallback: str) -> None:
    if not problems:
        report.add("speech", label, "problem", fallback)
    for problem in problems:
        fix = problem.fix or (t("doctor.fix_audio") if problem.code == "no_audio_device" else None)
        report.add("speech", label, "problem", _problem_text(problem), fix)


def _first_fix(problems: Sequence[VoiceProblem]) -> str | None:
    return next((p.fix for p in problems if p.fix), None)
