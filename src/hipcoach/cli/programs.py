"""Commands that read programs: programs, show, validate, schema."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hipcoach import jsonout
from hipcoach.cli import (
    JsonOption,
    LangOption,
    chosen_program,
    command,
    h,
    print_error,
    user_settings,
)
from hipcoach.errors import ExitCode, HipcoachError
from hipcoach.i18n import about_duration, current_language, format_duration, t
from hipcoach.ids import is_id
from hipcoach.paths import SCHEMA_FILE

if TYPE_CHECKING:
    from hipcoach.program.catalog import CatalogEntry
    from hipcoach.program.model import Text


def _warn_about(entries: list[CatalogEntry]) -> None:
    for entry in entries:
        if entry.shadows_builtin:
            typer.echo(t("program.shadowed", path=entry.path, id=entry.id), err=True)
        elif entry.error is not None:
            typer.echo(t("program.invalid_user", path=entry.path), err=True)


def _listing_row(summary: dict[str, Any], builtin: bool, path: Path) -> dict[str, Any]:
    """A row of ``programs``: the program's summary, its name in the current language."""
    name = summary["name"]
    return {
        **summary,
        "name": name["ja"] if current_language() == "ja" else name["en"],
        "source": "builtin" if builtin else "user",
        "path": str(path),
    }


def program_rows() -> list[dict[str, Any]]:
    """Every usable program, from the snapshots' summaries while all are fresh (no
    program is built: a measured start-up saving), else from the validated catalog,
    which also warns about the user's files that cannot be used."""
    from hipcoach.program.snapshots import listed_programs

    listed = listed_programs()
    if listed is not None:
        return [_listing_row(e.summary, e.builtin, e.path) for e in listed]
    from hipcoach.program.catalog import catalog
    from hipcoach.program.plan import program_summary

    entries = catalog()
    _warn_about(entries)
    return [
        _listing_row(program_summary(e.program), e.builtin, e.path)
        for e in entries
        if e.program is not None and not e.shadows_builtin
    ]


@command("programs", "help.programs")
def programs_command(json_: JsonOption = False, lang: LangOption = None) -> None:
    rows = program_rows()
    if json_:
        typer.echo(jsonout.dumps(rows, indent=2))
        return
    if not rows:
        typer.echo(t("programs.none"))
        return
    from rich.cells import cell_len

    from hipcoach.cli.lines import terminal_width, wrapped
    from hipcoach.cli.plain import stacked, table

    headers = [
        t(key) for key in ("col.id", "col.name", "col.steps", "col.time", "col.quick", "col.source")
    ]
    listing = table(headers, [_row(r) for r in rows])
    width = terminal_width()
    if width is not None and max(map(cell_len, listing.splitlines())) > width:
        listing = wrapped(stacked(headers, [_row(r) for r in rows]))  # a narrow terminal
    typer.echo(listing)


def _row(row: dict[str, Any]) -> list[str]:
    quick = row["quick_estimated_seconds"]
    return [
        row["id"],
        row["name"],
        str(len(row["steps"])),
        _time(row["estimated_seconds"], rough=row.get("estimate_is_rough", False)),
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
    from hipcoach.tui.console import emit
    from hipcoach.tui.program_view import program_view

    emit(program_view(chosen_program(program)))


@command("validate", "help.validate")
def validate_command(
    files: Annotated[list[Path], typer.Argument(help=h("help.validate.files"))],
    lang: LangOption = None,
) -> None:
    from hipcoach.program.fileformat import validate_file

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
    from hipcoach.program.fileformat import program_json_schema

    typer.echo(jsonout.dumps(program_json_schema(), indent=2))


_SCHEMA_LINE = f"# yaml-language-server: $schema=./{SCHEMA_FILE}"


@command("new", "help.new")
def new_command(
    name: Annotated[str, typer.Argument(help=h("help.new.name"), show_default=False)],
    source: Annotated[
        str | None, typer.Option("--from", help=h("help.new.from"), show_default=False)
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=h("help.new.force"))] = False,
    lang: LangOption = None,
) -> None:
    from hipcoach import paths
    from hipcoach.files import write_atomically
    from hipcoach.program.catalog import catalog, find_program, load_program_text
    from hipcoach.program.fileformat import program_json_schema

    if not is_id(name):
        raise HipcoachError(t("new.bad_name", name=name))
    entries = catalog()
    if any(e.builtin and e.id == name for e in entries):
        raise HipcoachError(t("new.builtin_id", name=name))
    origin = find_program(source or user_settings().default_program, entries)
    assert origin.program is not None  # found programs are loaded
    text = new_program_text(_program_text(origin.path), name, origin.program.name)
    load_program_text(text, f"{name}.yaml")  # never write a copy that does not validate
    folder = paths.user_programs_dir()
    target = folder / f"{name}.yaml"
    if target.exists() and not force:
        raise HipcoachError(t("new.exists", path=target))
    schema = jsonout.dumps(program_json_schema(), indent=2) + "\n"
    try:
        write_atomically(folder / SCHEMA_FILE, schema)
        write_atomically(target, text)
    except OSError as exc:
        raise HipcoachError(f"{target}: {t('new.cannot_write', reason=exc.strerror)}") from None
    typer.echo(t("new.created", path=target, name=name))


def new_program_text(source: str, program_id: str, name: Text | None = None) -> str:
    """A copy of a program file under a new id, version 1, with the schema comment on top;
    with ``name`` (the original's), the copy's name says it is the copy, so the two are
    told apart in `programs`, `log`, `stats` and the exports."""
    text = re.sub(r"(?m)^id:.*$", f"id: {program_id}", source, count=1)
    text = re.sub(r"(?m)^version:.*$", "version: 1", text, count=1)
    if name is not None:
        renamed = (
            f"name:\n  en: {json.dumps(f'{name.en} ({program_id})', ensure_ascii=False)}\n"
            f"  ja: {json.dumps(f'{name.ja}（{program_id}）', ensure_ascii=False)}"
        )
        # the top-level name, inline or as a block of indented lines
        text = re.sub(r"(?m)^name:.*(?:\n[ \t]+.*)*", lambda _: renamed, text, count=1)
    lines = text.split("\n")
    if lines and lines[0].startswith("# yaml-language-server:"):
        lines[0] = _SCHEMA_LINE
    else:
        lines.insert(0, _SCHEMA_LINE)
    return "\n".join(lines)


def _program_text(path: Path) -> str:
    """The text of a program file that was just validated (so it is a regular file)."""
    from hipcoach.files import read_regular
    from hipcoach.program.yamlsafe import MAX_FILE_BYTES

    try:
        return read_regular(path, MAX_FILE_BYTES).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise HipcoachError(f"{path}: {t('yaml.unreadable', reason=reason)}") from None


def _time(seconds: float, *, rough: bool) -> str:
    """``7 min 43 s``; ``about 6 min`` when tests to failure make it the runner's own."""
    return about_duration(seconds) if rough else format_duration(seconds)
