"""`hipcoach doctor`: paths, log health, settings, programs, speech and terminal."""

from __future__ import annotations

import json
from dataclasses import asdict

import typer

from hipcoach.cli import JsonOption, LangOption, command
from hipcoach.errors import ExitCode
from hipcoach.i18n import t

_MARKS = {"ok": "✓", "info": "·", "problem": "!"}


@command("doctor", "help.doctor")
def doctor_command(json_: JsonOption = False, lang: LangOption = None) -> None:
    from hipcoach.doctor import diagnose

    report = diagnose(speech=speech_checks, option_lang=lang.value if lang else None)
    if json_:
        typer.echo(json.dumps([asdict(c) for c in report.checks], ensure_ascii=False, indent=2))
    else:
        section = None
        for check in report.checks:
            if check.section != section:
                section = check.section
                typer.echo(
                    ("" if check is report.checks[0] else "\n") + t(f"doctor.section.{section}")
                )
            detail = f": {check.detail}" if check.detail else ""
            typer.echo(f"  {_MARKS[check.level]} {check.label}{detail}")
            if check.fix:
                typer.echo(f"      {t('doctor.fix')}: {check.fix}")
        count = len(report.problems)
        typer.echo("\n" + (t("doctor.all_good") if not count else t("doctor.problems", n=count)))
    if report.problems:
        raise typer.Exit(ExitCode.PROBLEMS_FOUND)


def speech_checks(report: object, lang: str) -> None:
    """Filled in by the speech module (engines, voices and the audio device)."""
