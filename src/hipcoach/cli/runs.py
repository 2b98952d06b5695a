"""`hipcoach runs`: runs from the runner's watch — import, list, show, trend.

Everything heavy (the FIT decoder, the analysis, SQLite, Rich) is imported inside the
commands, so registering them costs the other commands nothing at start-up.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hipcoach import jsonout
from hipcoach.cli import JsonOption, LangChoice, LangOption, app, command, h, wall_clock
from hipcoach.cli.localized import LocalizedGroup
from hipcoach.errors import ExitCode, HipcoachError, printable
from hipcoach.i18n import counted, join, set_language, t

if TYPE_CHECKING:
    from datetime import date

    from hipcoach.clock import WallClock
    from hipcoach.log.runs import RunRow
    from hipcoach.log.store import Store
    from hipcoach.runs.importer import ImportReport

runs_app = typer.Typer(
    name="runs",
    help=h("help.runs"),
    cls=LocalizedGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(runs_app, name="runs")

PROGRESS_FROM = 4  # files: fewer finish before a bar would be worth drawing
LISTED_UP_TO = 10  # runs imported: so few are listed one by one, each with its id
ID_AT_LEAST = 4  # characters of a run's id: fewer would fit many runs once the log grows


@runs_app.callback()
def runs_list(ctx: typer.Context, json_: JsonOption = False, lang: LangOption = None) -> None:
    """Without a subcommand: the list of runs."""
    if ctx.invoked_subcommand is not None:
        return
    if isinstance(lang, LangChoice):
        set_language(lang.value)
    try:
        _list(json_, wall_clock(ctx).today())
    except HipcoachError as exc:
        for line in exc.lines():
            typer.echo(line, err=True)
        raise typer.Exit(ExitCode.USER_ERROR) from None


def _list(json_: bool, today: date) -> None:
    """The runs up to ``today``: on a pretended day the log is as it was then."""
    from hipcoach.log.runs import list_runs
    from hipcoach.log.store import open_store

    with open_store() as store:
        runs = [run for run in list_runs(store) if run.local_date <= today]
    if json_:
        typer.echo(jsonout.dumps([_listing_dict(r) for r in runs], indent=2))
        return
    from hipcoach.tui.runs_view import run_list

    typer.echo(run_list(runs, shutil.get_terminal_size().columns))


def _listing_dict(run: object) -> dict[str, object]:
    from dataclasses import asdict

    data = asdict(run)  # type: ignore[call-overload]
    data["local_date"] = data["local_date"].isoformat()
    data["fields"] = list(data["fields"])
    return dict(data)


@command("import", "help.runs.import", parent=runs_app)
def import_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH", help=h("help.runs.paths"), show_default=False),
    ],
    json_: JsonOption = False,
    lang: LangOption = None,
) -> None:
    from hipcoach.log.store import open_store
    from hipcoach.runs.importer import watch_files

    files = watch_files(paths)
    if not files and not json_:  # say so, rather than a row of zeros
        typer.echo(t("runs.import.none_found", paths=join([printable(str(p)) for p in paths])))
    clock = wall_clock(ctx)
    with open_store() as store:
        report = _with_progress(store, files, clock, show=not json_)
        if json_:
            typer.echo(jsonout.dumps(report.to_dict(), indent=2))
        else:
            _print_report(report)
            _print_imported(store, report.imported)
    if report.failed:  # every other file was still imported; the failures are bad input
        raise typer.Exit(ExitCode.USER_ERROR)


def _with_progress(
    store: Store, files: list[Path], clock: WallClock, *, show: bool
) -> ImportReport:
    from hipcoach.runs.importer import import_runs

    offsets, now = clock.offset_minutes, clock.now()
    if not (show and len(files) >= PROGRESS_FROM and sys.stderr.isatty()):
        return import_runs(store, files, offset_minutes=offsets, now=now)
    from rich.progress import Progress

    from hipcoach.tui.console import stderr_console

    with Progress(console=stderr_console(), transient=True) as progress:
        task = progress.add_task(t("runs.import.progress"), total=len(files))
        return import_runs(
            store,
            files,
            offset_minutes=offsets,
            now=now,
            progress=lambda _path: progress.advance(task),
        )


def _print_report(report: ImportReport) -> None:
    """A line for each file skipped for the first time and each file not imported, then
    the counts. Files skipped before are only counted: a watch folder full of rides would
    otherwise repeat them on every import; a failure is repeated, as the exit code is."""
    from hipcoach.cli.lines import say
    from hipcoach.runs.decode import reason_text

    for item in report.skipped:
        if item["seen_before"]:
            continue
        if item["code"] == "no_date":  # a run all the same, not "not a run"
            say(t("runs.import.undated", file=printable(item["file"])))
            continue
        why = reason_text(item["code"], item["params"])
        say(t("runs.import.skipped", file=printable(item["file"]), why=printable(why)))
    for item in report.failed:
        key = "runs.import.failed_before" if item["seen_before"] else "runs.import.failed"
        why = reason_text(item["code"], item["params"])
        say(t(key, file=printable(item["file"]), why=printable(why)), err=True)
    seen = sum(1 for item in report.skipped if item["seen_before"])
    say(
        t(
            "runs.import.summary_seen" if seen else "runs.import.summary",
            imported=report.imported_files,
            # runs, not files: a multisport file may hold two runs
            runs=t("runs.import.runs_part", runs=counted(len(report.imported), "run"))
            if report.imported
            else "",
            present=report.already_present,
            skipped=len(report.skipped),
            seen=seen,
            failed=len(report.failed),
        )
    )


def _print_imported(store: Store, ids: list[str]) -> None:
    """The runs just imported, when few, with what `runs show` needs: each one's id."""
    if not 0 < len(ids) <= LISTED_UP_TO:
        return
    from hipcoach.cli.lines import say
    from hipcoach.i18n import format_date
    from hipcoach.log.runs import find_runs
    from hipcoach.tui.runs_view import duration

    runs = [found[0] for run_id in ids if (found := find_runs(store, run_id))]
    runs.sort(key=lambda r: (r.start_utc, r.id))
    from rich.cells import cell_len

    dates = [format_date(r.local_date) for r in runs]
    kms = [f"{r.metres / 1000:.1f} km" for r in runs]
    times = [duration(r.moving_seconds) for r in runs]
    widest = max(map(cell_len, dates))  # Japanese dates differ in width: pad by cells
    for run, day, km, time in zip(runs, dates, kms, times, strict=True):
        line = t(
            "runs.import.run_line",
            date=day + " " * (widest - cell_len(day)),
            km=km.rjust(max(map(len, kms))),
            time=time.rjust(max(map(len, times))),
            id=run.id,
        )
        say(line)
    say(t("runs.import.show_hint"))


def _one_run(store: Store, run_id: str) -> RunRow:
    from hipcoach.log.runs import find_runs

    if len(run_id) < ID_AT_LEAST:
        raise HipcoachError(
            t("runs.id_too_short", id=printable(run_id), need=ID_AT_LEAST),
            hint=t("runs.hint_list"),
        )
    found = find_runs(store, run_id)
    if len(found) != 1:
        key = "runs.ambiguous_id" if len(found) > 1 else "runs.unknown_id"
        raise HipcoachError(t(key, id=printable(run_id)), hint=t("runs.hint_list"))
    return found[0]


@command("show", "help.runs.show", parent=runs_app)
def show_command(
    run_id: Annotated[
        str, typer.Argument(metavar="ID", help=h("help.runs.id"), show_default=False)
    ],
    json_: JsonOption = False,
    lang: LangOption = None,
) -> None:
    from hipcoach.log.store import open_store

    with open_store() as store:
        run = _one_run(store, run_id)
    if json_:
        typer.echo(jsonout.dumps(_run_dict(run), indent=2))
        return
    from hipcoach.tui.runs_view import run_detail

    typer.echo(run_detail(run, shutil.get_terminal_size().columns))


def _run_dict(run: RunRow) -> dict[str, object]:
    from hipcoach.runs.analysis import as_shown

    analysis = as_shown(run.summary["analysis"])
    metrics = {
        name: {k: v for k, v in result.items() if k != "model"}
        for name, result in analysis["metrics"].items()
    }
    return {
        "id": run.id,
        "date": run.local_date.isoformat(),
        "start_utc": run.start_utc,
        "source": {
            "name": run.source_name,
            "format": run.source_format,
            "sha256": run.content_sha256,
            "part": run.part,
            "device": run.device,
        },
        "distance_km": round(run.metres / 1000, 3),
        "moving_seconds": run.moving_seconds,
        "treadmill": run.treadmill,
        "intervals": run.intervals,
        "fields": list(run.fields),
        "judged": analysis["judged"],
        "not_judged_because": analysis["reason"],
        "early_km": analysis["early_km"],
        "late_km": analysis["late_km"],
        "metrics": metrics,
        "fade_index": analysis["fade_index"],
        "fade_metrics": analysis["fade_metrics"],
        "onset_km": analysis["onset_km"],
        "decoupling_pct": analysis["decoupling_pct"],
        "cleaning": run.summary["cleaning"],
        "km": run.summary["km"],
    }


@command("trend", "help.runs.trend", parent=runs_app)
def trend_command(ctx: typer.Context, json_: JsonOption = False, lang: LangOption = None) -> None:
    from hipcoach.log.runs import list_runs, training_days
    from hipcoach.log.store import open_store
    from hipcoach.runs.trend import trend

    today = wall_clock(ctx).today()
    with open_store() as store:
        result = trend(list_runs(store), training_days(store), today)
    if json_:
        typer.echo(jsonout.dumps(result.to_dict(), indent=2))
        return
    from hipcoach.tui.runs_view import trend_view

    typer.echo(trend_view(result, today, shutil.get_terminal_size().columns))
