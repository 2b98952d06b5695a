"""The timeline before a session, `today` (doses, the week, a stop) and `log`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from hipcoach.coach.assessments import LoggedAssessment, combine
from hipcoach.coach.days import LEGEND_KEY, SYMBOLS, DayState
from hipcoach.coach.describe import (
    answers_lines,
    capitalized,
    dose_today_text,
    set_text,
    side_text,
    streak_text,
    value_text,
)
from hipcoach.coach.safety import flagged
from hipcoach.coach.safety_text import (
    check_in_bits,
    exercise_names,
    lift_line,
    pain_reminder,
    stop_lines,
)
from hipcoach.errors import printable
from hipcoach.i18n import (
    DAY,
    DRY_BETWEEN,
    SEGMENT,
    SIDE,
    STATUS,
    VARIANT,
    Lang,
    about_duration,
    counted,
    format_date,
    format_duration,
    t,
    whole_seconds,
)
from hipcoach.log.records import CheckInRecord, SessionRecord, TestResult
from hipcoach.program.plan import Overrides, estimate_is_rough, expand
from hipcoach.timeutil import WEEKDAYS, from_iso
from hipcoach.tui.prose import Items, Prose

LIFT_SHOWN_DAYS = 7  # a lifted stop is said on `today` for a week
FALLBACK_STEP_BACK_PAIN = 4  # hip-drop's, for a log shown when no program can be read

if TYPE_CHECKING:  # only named in signatures: a command imports just what it uses
    from hipcoach.coach.safety import Stop
    from hipcoach.coach.today import TodayReport
    from hipcoach.program.model import Program, Progression, SelfTest
    from hipcoach.program.model import Text as ProgramText
    from hipcoach.program.plan import Segment, Timeline


def timeline_table(timeline: Timeline, lang: Lang) -> Group:
    """`run --dry-run`: every segment with its start offset, and the total."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(t("dry.start", lang=lang), justify="right", no_wrap=True)
    table.add_column(t("dry.length", lang=lang), justify="right", no_wrap=True)
    table.add_column(t("dry.what", lang=lang))
    for segment, offset in zip(timeline.segments, timeline.offsets(), strict=True):
        length = timeline.planned_seconds(segment)
        shown = format_duration(length, lang=lang)
        if segment.seconds is None:
            shown = t("dry.self_paced", lang=lang, d=shown)
        # Text, not str: a str cell is Rich markup, and "[/x]" in a step name would crash it
        table.add_row(_clock(offset), shown, Text(segment_text(timeline, segment, lang)))
    total = t("dry.total", lang=lang, d=format_duration(timeline.total_seconds, lang=lang))
    if timeline.below_dose:  # the quick version: say it is less than the method asks
        return Group(table, Text(total, style="bold"), Text(t("run.below_dose", lang=lang)))
    return Group(table, Text(total, style="bold"))


def _clock(seconds: float) -> str:
    whole = whole_seconds(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def segment_text(timeline: Timeline, segment: Segment, lang: Lang) -> str:
    if segment.kind == "work":
        return set_text(timeline, segment, lang)
    step = timeline.dose(segment).step
    side = side_text(step, segment.side, lang) if segment.side else ""
    if segment.kind == "get_ready":
        return t(DRY_BETWEEN[segment.label_kind], lang=lang, exercise=step.name.get(lang))
    return capitalized(t(SEGMENT[segment.kind], lang=lang, side=side))


MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(day: date, lang: Lang) -> str:
    """``Tuesday 24 November 2026`` / ``2026年11月24日（火）`` (no locale needed)."""
    if lang == "ja":
        weekday = t(DAY[WEEKDAYS[day.weekday()]], lang="ja")
        return f"{day.year}年{day.month}月{day.day}日（{weekday}）"
    return f"{_WEEKDAYS_EN[day.weekday()]} {day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def today_view(report: TodayReport, lang: Lang, overrides: Overrides | None = None) -> Group:
    """``overrides``: the user's timing, so the estimate is what `run --dry-run` says."""
    program = report.program
    kind = "today.training_day" if report.training_day else "today.rest_day"
    doses = [step.dose for step in report.steps]  # today's prescribed doses
    total = expand(program, doses, overrides or Overrides()).total_seconds
    dot = t("list.dot", lang=lang)
    parts: list[RenderableType] = [
        Text.assemble((long_date(report.day, lang), "bold"), dot, t(kind, lang=lang)),
        Text.assemble(
            (program.name.get(lang), "cyan"),
            dot,
            about_duration(total, lang)
            if estimate_is_rough(program)
            else t("duration.approx", lang=lang, d=format_duration(total, lang=lang)),
        ),
        Text(""),
    ]
    safety = report.safety
    names = exercise_names(program)
    if report.first_session and safety.stop is None:
        parts += [first_session_panel(program.progression, lang), Text("")]
    if safety.stop is not None:
        parts += [stop_panel(safety.stop, program, lang), Text("")]
    notices = []
    lifted = safety.lifted
    if (
        safety.stop is None
        and lifted is not None
        and (report.day - lifted.on).days < LIFT_SHOWN_DAYS
    ):
        notices.append(lift_line(lifted, lang, "today.lifted"))
    if safety.stop is None and (pain := safety.reminder_pain(program.progression)) is not None:
        notices.append(pain_reminder(pain, program.progression, names, lang))
    if notices:
        parts += [*(Prose(notice, style="yellow") for notice in notices), Text("")]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column()
    for step in report.steps:
        mark = Text("✓", style="green") if step.done else Text("·", style="dim")
        dose = Text(dose_today_text(step.dose, lang))
        why = report.why(step, lang)
        grid.add_row(
            mark,
            Text(step.dose.step.name.get(lang), style="bold"),
            Group(Prose(dose.plain), Prose(why, style="dim")) if why else Prose(dose.plain),
        )
    parts += [grid, Text("")]
    if safety.stop is not None and not report.done:
        status = Text(t("stop.today_none", lang=lang), style="bold red")
    elif report.done:
        status = Text(t("today.done", lang=lang), style="bold green")
    elif report.started:
        status = Text(t("today.partly", lang=lang), style="yellow")
    elif report.training_day:
        status = Text(t("today.not_yet", lang=lang))
    else:
        status = Text(t("today.rest_optional", lang=lang), style="dim")
    streak = report.streak
    parts += [
        status,
        Text(streak_text(streak, lang)),
        Text(""),
        Text(t("today.recent", lang=lang), style="dim"),
        _day_strip(report, lang),
        day_legend(lang),
    ]
    return Group(*parts)


def stop_panel(stop: Stop, program: Program, lang: Lang) -> Panel:
    """A stop in force: why, what to do and how it is lifted, every time until it is."""
    lines = stop_lines(stop, program.progression, exercise_names(program), lang)
    return Panel(
        Group(*(Prose(line) for line in lines)),
        title=t("stop.title", lang=lang),
        title_align="left",
        border_style="bold red",
        box=box.HEAVY,
    )


def first_session_panel(rules: Progression, lang: Lang) -> Panel:
    """The safety note before the first session, whichever command starts it."""
    body = t("first.body", lang=lang, stop=rules.stop_pain, ease=rules.step_back_pain)
    return Panel(
        Prose(body),
        title=t("first.title", lang=lang),
        title_align="left",
        border_style="yellow",
    )


_DAY_STYLE = {
    DayState.DONE: "green",
    DayState.PARTIAL: "yellow",
    DayState.MISSED: "red",
}


def day_mark(state: DayState) -> Text:
    """A day's symbol from the one legend (``coach.days``), coloured for the terminal."""
    return Text(SYMBOLS[state], style=_DAY_STYLE.get(state, "dim"))


def day_legend(lang: Lang) -> Items:
    """The legend, wrapped between its items (two spaces apart), never inside one."""
    return Items(t(LEGEND_KEY, lang=lang).split("  "), style="dim")


def _day_strip(report: TodayReport, lang: Lang) -> Table:
    grid = Table.grid(padding=(0, 1))
    recent = report.recent
    for _ in recent:
        grid.add_column(justify="center", no_wrap=True)
    names = [t(DAY[WEEKDAYS[day.weekday()]], lang=lang)[:2] for day, _ in recent]
    grid.add_row(*[Text(n, style="dim") for n in names])
    grid.add_row(*[Text(str(day.day), style="dim") for day, _ in recent])
    grid.add_row(*[day_mark(state) for _, state in recent])
    return grid


def log_view(
    sessions: list[SessionRecord],
    lang: Lang,
    others: Sequence[CheckInRecord] = (),
    program: Program | None = None,
    self_tests: Sequence[LoggedAssessment] = (),
) -> Group:
    """The newest sessions first, each with its check-ins; ``others`` (check-ins about no
    session, lifted stops) and ``self_tests`` in their place in time. Exercises are
    named from ``program`` and the sessions' sets."""
    names = exercise_names(program, sessions)
    ease = program.progression.step_back_pain if program else FALLBACK_STEP_BACK_PAIN
    entries: list[tuple[str, SessionRecord | CheckInRecord | LoggedAssessment]] = [
        *((s.started_utc, s) for s in sessions),
        *((c.recorded_utc, c) for c in others),
        *((a.results[0].recorded_utc, a) for a in self_tests),
    ]
    parts: list[RenderableType] = []
    for _, entry in sorted(entries, key=lambda e: e[0], reverse=True):
        if isinstance(entry, SessionRecord):
            parts += [*_session_lines(entry, names, ease, lang), Text("")]
        elif isinstance(entry, CheckInRecord):
            parts += [_check_in_line(entry, names, ease, lang, alone=True), Text("")]
        else:
            parts += [*_self_test_lines(entry, lang), Text("")]
    return Group(*parts)


def _self_test_lines(assessment: LoggedAssessment, lang: Lang) -> list[RenderableType]:
    """A header like a session's, then a row per test, side and trial: its number or its
    answers, red when an answer is a flag."""
    first = assessment.results[0]
    at = from_iso(first.recorded_utc) + timedelta(minutes=first.utc_offset_minutes)
    program = assessment.program
    header = Text.assemble(
        (f"{format_date(first.local_date, lang=lang)} {at:%H:%M}", "bold"),
        "  ",
        (printable(program.name.get(lang) if program else first.program_id), "cyan"),
        "  ",
        (t("log.self_tests", lang=lang), "magenta"),
    )
    grid = Table.grid(padding=(0, 2))
    for _ in range(3):
        grid.add_column(no_wrap=True)
    grid.add_column()  # the answers, one a line, wrap under themselves if need be
    for result in assessment.in_order():
        found = assessment.test(result)
        name = found[0].name.get(lang) if found else result.test_id
        outcome, flag = _self_test_outcome(result, found[1] if found else None, lang)
        grid.add_row(
            Text(f"  {printable(name)}"),
            t(SIDE[result.side], lang=lang) if result.side else t("result.both", lang=lang),
            t("log.trial", lang=lang, n=result.trial),
            Text("\n".join(map(printable, outcome)), style="bold red" if flag else ""),
        )
    return [header, grid]


def _self_test_outcome(
    result: TestResult, test: SelfTest | None, lang: Lang
) -> tuple[list[str], bool]:
    """A trial's number and answers, a line each, and whether an answer is a flag."""
    bits = [] if result.value is None or result.unit is None else [
        value_text(result.value, result.unit, lang)
    ]  # fmt: skip
    if test is None:  # the program is gone: the answers as stored
        bits += [f"{question}={answer}" for question, answer in sorted(result.answers.items())]
        return bits, False
    side = combine(test, [result])
    return bits + answers_lines(test, side, lang), bool(side.flags)


def _session_lines(
    session: SessionRecord, names: Mapping[str, ProgramText], ease: int, lang: Lang
) -> list[RenderableType]:
    started = from_iso(session.started_utc) + timedelta(minutes=session.utc_offset_minutes)
    done = [s for s in session.sets if not s.skipped]
    header = Text.assemble(
        (f"{format_date(session.local_date, lang=lang)} {started:%H:%M}", "bold"),
        "  ",
        (printable(session.program_name.get(lang)), "cyan"),  # the log holds any text
        "  ",
        (t(STATUS[session.status], lang=lang), _STATUS_STYLE.get(session.status, "")),
        "  ",
        counted(len(done), "set", lang=lang),
    )
    if session.variant != "full":
        header.append(f"  ({_variant_text(session.variant, names, lang)})", style="dim")
    if session.speed != 1:
        header.append(
            "  " + t("log.rehearsal", lang=lang, speed=f"{session.speed:g}"), style="yellow"
        )
    if session.despite_stop:
        header.append("  " + t("log.despite_stop", lang=lang), style="bold red")
    grid = Table.grid(padding=(0, 2))
    for _ in range(4):
        grid.add_column(no_wrap=True)
    for s in session.sets:
        side = t(SIDE[s.side], lang=lang) if s.side else ""
        value = (
            t("log.skipped", lang=lang)
            if s.skipped or s.actual is None
            else t(
                "log.done_of",
                lang=lang,
                done=value_text(s.actual, s.unit, lang),
                planned=value_text(s.planned, s.unit, lang),
            )
        )
        grid.add_row(
            Text(f"  {printable(s.step_name.get(lang))}"),
            t("log.set", lang=lang, n=s.set_number),
            side,
            value,
        )
    checks = [_check_in_line(c, names, ease, lang) for c in session.check_ins]
    return [header, grid, *checks]


def _check_in_line(
    record: CheckInRecord,
    names: Mapping[str, ProgramText],
    ease: int,
    lang: Lang,
    *,
    alone: bool = False,
) -> Text:
    """``  check-in 07:40: effort 6 · pain 8 (Hip hinge) · "note"``; red when flagged
    (pain of ``ease`` or more, or a warning sign)."""
    at = from_iso(record.recorded_utc) + timedelta(minutes=record.utc_offset_minutes)
    when = f"{format_date(record.local_date, lang=lang)} {at:%H:%M}" if alone else f"{at:%H:%M}"
    key = "log.check_in_alone" if alone else "log.check_in"
    bits = check_in_bits(record, names, lang)
    if record.note:
        bits.append(t("log.note", lang=lang, note=record.note))
    mark = "⚠ " if flagged(record, ease) else ""
    style = "bold red" if mark else ("yellow" if record.lift else "")
    label = when if record.lift else t(key, lang=lang, time=when)  # the bits say "stop lifted"
    line = Text(f"  {label}: ", style="bold" if alone else "dim")
    line.append(printable(mark + t("list.dot", lang=lang).join(bits)), style=style)
    return line


_STATUS_STYLE = {"completed": "green", "partial": "yellow", "aborted": "red", "running": "blue"}


def _variant_text(variant: str, names: Mapping[str, ProgramText], lang: Lang) -> str:
    if variant.startswith("step:"):  # named, not the step id the log keeps
        step = variant.removeprefix("step:")
        name = names[step].get(lang) if step in names else step
        return t("log.variant_step", lang=lang, step=printable(name))
    return t(VARIANT[variant], lang=lang)
