"""Commands that read programs: programs, show, validate, schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hipcoach.cli import JsonOption, LangOption, chosen_program, command, h, print_error
from hipcoach.errors import ExitCode, HipcoachError
from hipcoach.i18n import current_language, format_duration, t

if TYPE_CHECKING:
    from hipcoach.program import CatalogEntry


def _warn_about(entries: list[CatalogEntry]) -> None:
    for entry in entries:
        if entry.shadows_builtin:
            typer.echo(t("program.shadowed", path=entry.path, id=entry.id), err=True)
        elif entry.error is not None:
            typer.echo(t("program.invalid_user", path=entry.path), err=True)


def _summary(entry: CatalogEntry) -> dict[str, Any]:
    from hipcoach.plan import estimate_seconds

    program = entry.program
    assert program is not None
    lang = current_language()
    return {
        "id": program.id,
        "version": program.version,
        "name": program.name.get(lang),
        "steps": [step.id for step in program.steps],
        "estimated_seconds": round(estimate_seconds(program)),
        "quick_estimated_seconds": (
            round(estimate_seconds(program, quick=True)) if program.quick else None
        ),
        "source": "builtin" if entry.builtin else "user",
        "path": str(entry.path),
    }


@command("programs", "help.programs")
def programs_command(json_: JsonOption = False, lang: LangOption = None) -> None:
    from hipcoach.program import catalog

    entries = catalog()
    _warn_about(entries)
    rows = [_summary(e) for e in entries if e.program is not None and not e.shadows_builtin]
    if json_:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo(t("programs.none"))
        return
    from hipcoach.cli.plain import table

    headers = [
        t(key) for key in ("col.id", "col.name", "col.steps", "col.time", "col.quick", "col.source")
    ]
    typer.echo(table(headers, [_row(r) for r in rows]))


def _row(row: dict[str, Any]) -> list[str]:
    quick = row["quick_estimated_seconds"]
    return [
        row["id"],
        row["name"],
        str(len(row["steps"])),
        format_duration(row["estimated_seconds"]),
        format_duration(quick) if quick is not None else "-",
        t("source.builtin" if row["source"] == "builtin" else "source.user"),
    ]


@command("show", "help.show")
def show_command(
    program: Annotated[
        str | None, typer.Argument(help=h("help.show.program"), show_default=False)
    ] = None,
    lang: LangOption = None,
) -> None:
    from hipcoach.cli.views import emit, program_view

    emit(program_view(chosen_program(program)))


@command("validate", "help.validate")
def validate_command(
    files: Annotated[list[Path], typer.Argument(help=h("help.validate.files"))],
    lang: LangOption = None,
) -> None:
    from hipcoach.program_format import validate_file

    failed = False
    for path in files:
        try:
            program = validate_file(path, str(path))
        except HipcoachError as exc:
            print_error(exc)
            failed = True
        else:
            typer.echo(t("validate.ok", file=path, program=program["id"]))
    if failed:
        raise typer.Exit(ExitCode.USER_ERROR)


@command("schema", "help.schema")
def schema_command(lang: LangOption = None) -> None:
    from hipcoach.program_format import program_json_schema

    typer.echo(json.dumps(program_json_schema(), ensure_ascii=False, indent=2))
