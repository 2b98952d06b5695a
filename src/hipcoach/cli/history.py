"""Commands over the whole log: stats, export, import."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO, cast

import typer

from hipcoach import jsonout
from hipcoach.cli import (
    JsonOption,
    LangOption,
    chosen_program,
    command,
    h,
    user_settings,
    wall_clock,
)
from hipcoach.errors import HipcoachError, terminal_safe
from hipcoach.i18n import Lang, counted, current_language, format_date, join, t

if TYPE_CHECKING:
    from collections.abc import Iterator

    from hipcoach.clock import WallClock
    from hipcoach.coach.assessments import TestSummary
    from hipcoach.coach.stats import Stats
    from hipcoach.log.store import Store
    from hipcoach.program.model import Program

ProgramOption = Annotated[
    str | None, typer.Option("--program", "-p", help=h("help.program_arg"), show_default=False)
]
AllOption = Annotated[bool, typer.Option("--all", help=h("help.all_programs"))]


def _program(name: str | None) -> Program:
    return chosen_program(name)


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    from hipcoach.clock import EARLIEST, LATEST, in_range

    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise HipcoachError(t("cli.bad_date", option=option, value=value)) from None
    if not in_range(day):
        raise HipcoachError(
            f"{option}: {t('date.out_of_range', value=value, first=EARLIEST, last=LATEST)}"
        )
    return day


# --- stats -------------------------------------------------------------------------------------


@command("stats", "help.stats")
def stats_command(
    ctx: typer.Context,
    weeks: Annotated[int, typer.Option("--weeks", min=1, max=520, help=h("help.stats.weeks"))] = 26,
    program: ProgramOption = None,
    all_: AllOption = False,
    json_: JsonOption = False,
    lang: LangOption = None,
) -> None:
    from hipcoach.coach.stats import compute, window
    from hipcoach.log.store import open_store

    chosen = _program(program)
    today = wall_clock(ctx).today()
    with open_store() as store:
        current = user_settings()
        stats = compute(
            store,
            chosen,
            today,
            first=window(today, weeks),
            training_days=current.training_days,
            allowance_per_month=current.streak_allowance,
            all_programs=all_,
        )
        tests = _self_tests(store)
    language = current_language()
    if json_:
        from hipcoach.reports.assessments import summaries_json

        entry = {**stats.to_dict(language), "self_tests": summaries_json(tests)}
        typer.echo(jsonout.dumps(entry, indent=2))
        return
    from hipcoach.tui.console import emit
    from hipcoach.tui.stats_view import stats_view

    emit(stats_view(stats, chosen, language))
    if tests:
        from hipcoach.reports.assessments import summary_lines

        typer.echo("\n" + t("stats.self_tests", lang=language))
        for line in summary_lines(tests, language):
            typer.echo(line)


def _self_tests(store: Store) -> list[TestSummary]:
    """The latest self-tests read against the ones before, when the built-in tests exist."""
    from hipcoach.cli.assess import ASSESSMENT_PROGRAM
    from hipcoach.coach.assessments import summaries
    from hipcoach.log.selftests import all_results
    from hipcoach.program.catalog import find_program

    try:
        program = find_program(ASSESSMENT_PROGRAM).program
    except HipcoachError:
        return []
    return summaries(program, all_results(store)) if program else []


# --- export ------------------------------------------------------------------------------------


@command("export", "help.export")
def export_command(
    ctx: typer.Context,
    format_: Annotated[
        str, typer.Option("--format", "-f", help=h("help.export.format"), show_default=True)
    ] = "csv",
    since: Annotated[str | None, typer.Option("--since", help=h("help.export.since"))] = None,
    until: Annotated[str | None, typer.Option("--until", help=h("help.export.until"))] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=h("help.export.output"))
    ] = None,
    excel: Annotated[bool, typer.Option("--excel", help=h("help.export.excel"))] = False,
    schedule: Annotated[
        str | None, typer.Option("--schedule", help=h("help.export.schedule"))
    ] = None,
    at: Annotated[str, typer.Option("--at", help=h("help.export.at"))] = "07:00",
    program: ProgramOption = None,
    lang: LangOption = None,
) -> None:
    from hipcoach.reports.shared import FORMATS

    kind = format_.lower()
    if kind not in FORMATS:
        raise HipcoachError(t("export.bad_format", value=format_, formats=", ".join(FORMATS)))
    first, last = _date(since, "--since"), _date(until, "--until")
    if first and last and first > last:
        raise HipcoachError(t("export.bad_range", since=first, until=last))
    if schedule is not None and kind != "ics":
        raise HipcoachError(t("export.schedule_needs_ics"))
    language = current_language()
    clock = wall_clock(ctx)
    if schedule is not None:
        with _destination(output, kind) as out:
            _schedule(out, _program(program), schedule, at, language, clock)
        return
    from hipcoach.log.store import open_store

    with open_store() as store, _destination(output, kind) as out:
        count = _write(kind, store, out, first, last, excel, _program(program), clock)
    if output is not None:
        noun = _WRITTEN.get(kind, "session")
        typer.echo(t("export.written", sessions=counted(count, noun), file=output), err=True)


# what an export's count counts: the whole log's records, trials, runs, or sessions
_WRITTEN = {"json": "record", "jsonl": "record", "csv-self-tests": "result", "csv-runs": "run"}


def _write(
    kind: str,
    store: Store,
    out: TextIO,
    first: date | None,
    last: date | None,
    excel: bool,
    program: Program,
    clock: WallClock,
) -> int:
    lang = current_language()
    if kind in ("json", "jsonl"):  # the whole log, to move it: rehearsals too
        from hipcoach.log.interchange import write_json, write_jsonl
        from hipcoach.log.runs import runs_between
        from hipcoach.log.selftests import results_between

        write_all = write_json if kind == "json" else write_jsonl
        return write_all(
            store.iter_sessions(first, last),
            store.pain_record(first, last),
            out,
            clock.now(),
            results_between(store, first, last),
            runs_between(store, first, last),
        )
    if kind == "csv-self-tests":
        from hipcoach.coach.assessments import logged_assessments
        from hipcoach.log.selftests import results_between
        from hipcoach.reports.spreadsheet import write_self_tests_csv

        taken = logged_assessments(results_between(store, first, last))
        return write_self_tests_csv(taken, out, lang, excel=excel)
    if kind == "csv-runs":
        from hipcoach.log.runs import run_figures_between
        from hipcoach.reports.spreadsheet import write_runs_csv

        return write_runs_csv(run_figures_between(store, first, last), out, excel=excel)
    sessions = store.iter_sessions(first, last, training_only=True)
    if kind in ("csv", "csv-sessions"):
        from hipcoach.reports.spreadsheet import write_csv, write_sessions_csv

        write_table = write_csv if kind == "csv" else write_sessions_csv
        return write_table(sessions, out, lang, excel=excel)
    if kind == "ics":
        from hipcoach.reports.ics import write_ics

        return write_ics(sessions, out, lang)
    summary = _summary(store, program, first, last, clock.today())
    sessions = (s for s in sessions if s.program_id == program.id)  # the report's program
    if kind == "md":
        from hipcoach.reports.assessments import markdown_section
        from hipcoach.reports.markdown import write_markdown

        count = write_markdown(sessions, out, lang, summary, program)
        out.write(markdown_section(_self_tests(store), lang))
        return count
    from hipcoach.reports.selftests_section import self_tests_section_html
    from hipcoach.reports.webpage import write_html

    runs = _runs_section(store, first, last, clock.today(), lang)
    tests = self_tests_section_html(_self_tests(store), lang)
    return write_html(
        sessions, out, lang, summary, program, runs_section=runs, self_tests_section=tests
    )


def _runs_section(
    store: Store, first: date | None, last: date | None, today: date, lang: Lang
) -> str:
    """The runs from the watch next to the routine, up to the end of the report's range
    (``first`` to ``last``, either open); "" without runs in the range. The weeks end
    with the range; the before/after comparison keeps the runs before it."""
    from hipcoach.log.runs import list_runs, training_days
    from hipcoach.reports.runs_section import runs_section_html
    from hipcoach.runs.trend import trend

    end = min(last or today, today)
    runs = [r for r in list_runs(store) if r.local_date <= end]
    if not any(r.local_date >= (first or r.local_date) for r in runs):
        return ""
    days = [d for d in training_days(store) if d <= end]
    return runs_section_html(trend(runs, days, end), lang)


def _summary(
    store: Store, program: Program, first: date | None, last: date | None, today: date
) -> Stats:
    from hipcoach.coach.stats import compute

    end = min(last or today, today)
    start = first or store.first_day() or end
    current = user_settings()
    return compute(
        store,
        program,
        today,
        first=min(start, end),
        last=end,
        training_days=current.training_days,
        allowance_per_month=current.streak_allowance,
        within_period=first is not None or last is not None,
    )


def _schedule(
    out: TextIO, program: Program, days_text: str, at: str, lang: Lang, clock: WallClock
) -> None:
    from hipcoach.reports.ics import schedule_days, write_ics_schedule

    try:
        days = schedule_days(days_text, program)
    except ValueError as exc:
        raise HipcoachError(t("export.bad_day", value=exc.args[0])) from None
    times = reminder_times(at)
    if not days:
        raise HipcoachError(t("export.bad_day", value=days_text))
    from hipcoach.coach.today import program_progress
    from hipcoach.log.store import open_store

    with open_store() as store:  # the reminder describes today's dose, not the first one
        levels = program_progress(store, program).levels()
    write_ics_schedule(program, days, times, out, lang, clock, levels)


MAX_REMINDERS_A_DAY = 12


def reminder_times(text: str) -> list[time]:
    """``10:30,14:00,16:30``: one reminder or several a day, each HH:MM, in order.

    Raises:
        HipcoachError: a time that is not HH:MM, one given twice, or more than 12.
    """
    import re

    times = []
    for part in text.split(","):
        # time.fromisoformat takes 07:00:00:00 and more; a calendar alarm is hours and minutes
        match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", part.strip())
        if match is None:
            raise HipcoachError(t("export.bad_time", value=part.strip()))
        times.append(time(int(match[1]), int(match[2])))
    if len(set(times)) != len(times):
        twice = next(x for x in times if times.count(x) > 1)
        raise HipcoachError(t("export.time_twice", value=twice.strftime("%H:%M")))
    if len(times) > MAX_REMINDERS_A_DAY:
        raise HipcoachError(t("export.too_many_times", n=len(times), most=MAX_REMINDERS_A_DAY))
    return sorted(times)


@contextmanager
def _destination(path: Path | None, kind: str) -> Iterator[TextIO]:
    """stdout, or a file written in full or not at all (a temporary file renamed at the end).

    On stdout, which may be a terminal, control characters in user text are escaped
    (JSON escapes them itself); a file gets the text exactly.
    """
    if path is None:
        yield sys.stdout if kind in ("json", "jsonl") else cast(TextIO, _TerminalSafe())
        sys.stdout.flush()
        return
    from hipcoach.files import atomic_output

    target = path.expanduser().resolve()
    try:
        with atomic_output(target, durable=False) as out:
            yield out
    except OSError as exc:  # a full disk, a quota: the old file stays as it was
        raise HipcoachError(f"{path}: {t('export.cannot_write', reason=exc.strerror)}") from None


class _TerminalSafe:
    """What a report writer needs of a text file, writing to stdout with control
    characters shown as escapes (see :func:`hipcoach.errors.terminal_safe`)."""

    def write(self, text: str) -> int:
        return sys.stdout.write(terminal_safe(text))

    def flush(self) -> None:
        sys.stdout.flush()


# --- import ------------------------------------------------------------------------------------


@command("import", "help.import")
def import_command(
    file: Annotated[Path, typer.Argument(help=h("help.import.file"))],
    dry_run: Annotated[bool, typer.Option("--dry-run", help=h("help.import.dry_run"))] = False,
    lang: LangOption = None,
) -> None:
    from hipcoach.log.importer import check_export, export_records
    from hipcoach.log.store import open_store

    scan = check_export(file)  # all validated before the log is touched, none kept
    with open_store() as store:  # then read again and merged a record at a time
        report = store.merge(export_records(file, scan), dry_run=dry_run)
    key = "import.summary_dry" if dry_run else "import.summary"
    added = counted(report.added, "session")
    sessions_differing = sum(1 for c in report.conflicts if c.kind == "session")
    typer.echo(t(key, added=added, present=report.present, conflicts=sessions_differing))
    for kind, tally in report.others.items():
        conflicts = sum(1 for c in report.conflicts if c.kind == kind)
        if tally.added or tally.present or conflicts:
            line_key, dry_key = _COUNT_LINES[kind]
            typer.echo(
                t(
                    dry_key if dry_run else line_key,
                    added=tally.added,
                    present=tally.present,
                    conflicts=conflicts,
                )
            )
    for conflict in report.conflicts:
        kept = t("import.kept_file" if conflict.kept_file else "import.kept_log")
        differs = join(conflict.differs)
        day = format_date(conflict.local_date)
        if conflict.kind != "session":
            line = t(_CONFLICT_LINES[conflict.kind], date=day, id=conflict.record_id[:8],
                     differs=differs)  # fmt: skip
        else:
            line = t(
                "import.conflict",
                date=day,
                id=conflict.record_id[:8],
                differs=differs,
                here=conflict.sets_here,
                there=conflict.sets_in_file,
                kept=kept,
            )
        typer.echo(line)
    if dry_run:
        typer.echo(t("import.nothing_changed"))


# per kind of record only ever added: its count line (and a dry run's), its conflict line
_COUNT_LINES = {
    "check-in": ("import.check_ins", "import.check_ins_dry"),
    "test-result": ("import.test_results", "import.test_results_dry"),
    "run": ("import.runs", "import.runs_dry"),
}
_CONFLICT_LINES = {
    "check-in": "import.conflict_check_in",
    "test-result": "import.conflict_test",
    "run": "import.conflict_run",
}
