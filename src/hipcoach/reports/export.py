"""Exports of the log, one function per format, each writing as it reads.

Sessions arrive as an iterator from the store (read in batches), and every format
writes them one at a time, so memory stays flat however long the history is.
JSON and JSON Lines, lossless, are the log's own interchange format (``log.interchange``).
"""

from __future__ import annotations

import csv
import functools
import html
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, TextIO, get_args

from hipcoach import __version__
from hipcoach.coach.describe import (
    adherence_text,
    dose_today_text,
    dose_trend,
    plain_number,
    sessions_text,
    value_text,
)
from hipcoach.coach.stats import Stats
from hipcoach.i18n import Lang, counted, t
from hipcoach.log.records import SessionRecord, SetRecord
from hipcoach.program.model import Phase, Program
from hipcoach.program.plan import doses_for, estimate_seconds
from hipcoach.timeutil import WEEKDAYS, Weekday, from_iso

if TYPE_CHECKING:
    from icalendar import Event, vText

    from hipcoach.clock import WallClock

FORMATS = ("csv", "json", "jsonl", "md", "html", "ics")


# --- CSV: one row per set, for a spreadsheet ----------------------------------------------

CSV_COLUMNS = (
    "date",
    "time",
    "program",
    "exercise",
    "phase",
    "set",
    "side",
    "planned",
    "actual",
    "unit",
    "skipped",
    "session_id",
    "status",
    "effort",
    "pain",
    "pain_where",
    "note",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def local_time(instant: str, offset_minutes: int) -> datetime:
    return from_iso(instant) + timedelta(minutes=offset_minutes)


def write_csv(
    sessions: Iterable[SessionRecord], out: TextIO, lang: Lang, *, excel: bool = False
) -> int:
    """One row per set (a session without sets gets one row of its own)."""
    if excel:
        out.write("\ufeff")  # Excel reads UTF-8 (Japanese names) only with a byte order mark
    writer = csv.writer(out)
    writer.writerow([t(f"csv.{column}", lang=lang) for column in CSV_COLUMNS])
    count = 0
    for session in sessions:
        for row in _csv_rows(session, lang):
            writer.writerow([neutralise(cell) for cell in row])
        count += 1
    return count


def _csv_rows(session: SessionRecord, lang: Lang) -> Iterator[list[object]]:
    tail = [
        session.id,
        t(f"status.{session.status}", lang=lang),
        session.effort,
        session.pain,
        session.pain_where,
        session.note,
    ]
    program = session.program_name.get(lang)
    if not session.sets:
        start = local_time(session.started_utc, session.utc_offset_minutes)
        yield [
            start.date().isoformat(),
            f"{start:%H:%M:%S}",
            program,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            *tail,
        ]
        return
    for s in session.sets:
        start = local_time(s.started_utc, session.utc_offset_minutes)
        yield [
            session.local_date.isoformat(),
            f"{start:%H:%M:%S}",
            program,
            s.step_name.get(lang),
            t(f"phase.{s.phase}", lang=lang) if f"phase.{s.phase}" in _PHASES else s.phase,
            s.set_number,
            t(f"side.{s.side}", lang=lang) if s.side else "",
            plain_number(s.planned),
            "" if s.actual is None else plain_number(s.actual),
            t(f"unit.{s.unit}", lang=lang),
            t("csv.yes" if s.skipped else "csv.no", lang=lang),
            *tail,
        ]


_PHASES = {f"phase.{p}" for p in get_args(Phase)}


# --- Markdown: a readable report for a coach ------------------------------------------------


_MD_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _md(text: str) -> str:
    """User text inside Markdown: no HTML, no table breaks, no line breaks, no control
    characters (a report printed to a terminal must not drive it)."""
    return _MD_CONTROL.sub(" ", html.escape(text).replace("|", "\\|"))


def write_markdown(
    sessions: Iterable[SessionRecord], out: TextIO, lang: Lang, summary: Stats, program: Program
) -> int:
    out.write(f"# {t('report.title', lang=lang)}: {_md(program.name.get(lang))}\n\n")
    out.write(period_line(summary, lang) + "\n\n")
    out.write(f"## {t('report.summary', lang=lang)}\n\n")
    for line in summary_lines(summary, lang):
        out.write(f"- {line}\n")
    if summary.exercises:
        out.write(
            f"\n| {t('report.exercise', lang=lang)} | {t('report.sets_done', lang=lang)} "
            f"| {t('report.skipped', lang=lang)} | {t('report.dose', lang=lang)} |\n"
        )
        out.write("| --- | ---: | ---: | --- |\n")
        for e in summary.exercises:
            out.write(
                f"| {_md(e.name.get(lang))} | {e.sets_done} | {e.sets_skipped} "
                f"| {dose_trend(e, lang)} |\n"
            )
    out.write(f"\n> {t('safety.body', lang=lang)}\n\n## {t('report.sessions', lang=lang)}\n")
    count = 0
    for session in sessions:
        out.write("\n" + _md_session(session, lang))
        count += 1
    if not count:
        out.write(f"\n{t('report.none', lang=lang)}\n")
    return count


def _md_session(session: SessionRecord, lang: Lang) -> str:
    start = local_time(session.started_utc, session.utc_offset_minutes)
    bits = [
        f"{session.local_date.isoformat()} {start:%H:%M}",
        _md(session.program_name.get(lang)),
        t(f"status.{session.status}", lang=lang),
    ]
    bits += [_md(bit) for bit in checkin_bits(session, lang)]
    lines = [f"### {' · '.join(bits)}", ""]
    if session.note:
        lines += [f"{t('report.note', lang=lang)}: {_md(session.note)}", ""]
    if session.sets:
        lines += [
            f"| {t('report.exercise', lang=lang)} | {t('csv.set', lang=lang)} "
            f"| {t('csv.side', lang=lang)} | {t('csv.planned', lang=lang)} "
            f"| {t('csv.actual', lang=lang)} |",
            "| --- | ---: | --- | ---: | ---: |",
        ]
        for s in session.sets:
            lines.append(
                f"| {_md(s.step_name.get(lang))} | {s.set_number} | "
                f"{t(f'side.{s.side}', lang=lang) if s.side else ''} | "
                f"{value_text(s.planned, s.unit, lang)} | {actual_text(s, lang)} |"
            )
    return "\n".join(lines) + "\n"


def actual_text(s: SetRecord, lang: Lang) -> str:
    if s.skipped or s.actual is None:
        return t("csv.skipped_value", lang=lang)
    return value_text(s.actual, s.unit, lang)


def checkin_bits(session: SessionRecord, lang: Lang) -> list[str]:
    bits = []
    if session.effort is not None:
        bits.append(t("report.effort", lang=lang, n=session.effort))
    if session.pain is not None:
        where = f" ({session.pain_where})" if session.pain_where else ""
        bits.append(t("report.pain", lang=lang, n=session.pain) + where)  # escaped by the caller
    return bits


def period_line(summary: Stats, lang: Lang) -> str:
    """The days a report covers, and the day it was written."""
    return t(
        "report.period",
        lang=lang,
        first=summary.first.isoformat(),
        last=summary.last.isoformat(),
        today=summary.today.isoformat(),
    )


def summary_lines(summary: Stats, lang: Lang) -> list[str]:
    lines = [
        sessions_text(summary, lang),
        t(
            "report.streak",
            lang=lang,
            days=counted(summary.streak.current, "day", lang=lang),
            best=summary.streak.longest,
        ),
        t(
            "report.per_week",
            lang=lang,
            n=f"{summary.mean_sessions_per_week:.1f}",
        ),
    ]
    if (adherence := adherence_text(summary, lang)) is not None:
        lines.append(adherence)
    efforts = [e for e in summary.effort_weekly if e is not None]
    pains = [p for p in summary.pain_weekly if p is not None]
    if efforts:
        lines.append(t("report.effort_mean", lang=lang, n=f"{sum(efforts) / len(efforts):.1f}"))
    if pains:
        lines.append(
            t(
                "report.pain_mean",
                lang=lang,
                n=f"{sum(pains) / len(pains):.1f}",
                top=f"{max(pains):g}",
            )
        )
    return lines


# --- HTML: one self-contained, printable page -----------------------------------------------

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP",sans-serif;
max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2329;background:#fff}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.2rem;margin:2rem 0 .6rem;
border-bottom:1px solid #d5dbe1;padding-bottom:.2rem}.muted{color:#5b6670}
ul.summary{padding-left:1.2rem}table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}
th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #e6eaee;vertical-align:top}
td.n,th.n{text-align:right}.status-completed{color:#1a7f37}.status-partial{color:#9a6700}
.status-aborted{color:#cf222e}.safety{border-left:4px solid #d4a72c;background:#fff8e6;
padding:.5rem .8rem}svg{max-width:100%;height:auto}figure{margin:0 0 1rem}
figcaption{font-size:.85rem;color:#5b6670}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}
tr,figure{break-inside:avoid}.noprint{display:none}a{color:inherit;text-decoration:none}}
"""
_LEVEL_FILL = {0: "#ebedf0", 1: "#9be9a8", 2: "#216e39"}
_LINE_COLOURS = ("#0969da", "#bf3989", "#1a7f37", "#9a6700", "#8250df", "#cf222e")


def _e(text: object) -> str:
    """Text for HTML, line breaks as LF: a parser reads CR and CRLF as LF anyway, so a note
    ending in CR would merge with the page's own line break and lose it."""
    return html.escape(_one_newline(str(text)), quote=True)


def _one_newline(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def write_html(
    sessions: Iterable[SessionRecord], out: TextIO, lang: Lang, summary: Stats, program: Program
) -> int:
    title = f"{t('report.title', lang=lang)}: {program.name.get(lang)}"
    out.write(
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>\n"
        f'<h1>{_e(title)}</h1>\n<p class="muted">' + _e(period_line(summary, lang)) + "</p>\n"
    )
    out.write(f'<h2>{_e(t("report.summary", lang=lang))}</h2>\n<ul class="summary">')
    out.write("".join(f"<li>{_e(line)}</li>" for line in summary_lines(summary, lang)))
    out.write(
        "</ul>\n<figure>"
        + calendar_svg(summary, lang)
        + "<figcaption>"
        + _e(t("report.calendar_caption", lang=lang))
        + "</figcaption></figure>\n"
    )
    if summary.exercises:
        out.write(f"<h2>{_e(t('report.dose_over_time', lang=lang))}</h2>\n")
        for exercise in summary.exercises:
            out.write(
                "<figure>"
                + dose_svg(exercise.weekly, summary.first)
                + "<figcaption>"
                + _e(
                    f"{exercise.name.get(lang)} · "
                    f"{dose_trend(exercise, lang)} · "
                    + t("report.sets_count", lang=lang, n=exercise.sets_done)
                )
                + "</figcaption></figure>\n"
            )
    out.write(f'<p class="safety">{_e(t("safety.body", lang=lang))}</p>\n')
    out.write(
        f"<h2>{_e(t('report.sessions', lang=lang))}</h2>\n<table><thead><tr>"
        + "".join(
            f"<th>{_e(t(key, lang=lang).capitalize())}</th>"
            for key in (
                "csv.date",
                "csv.status",
                "report.sets_col",
                "report.checkin_col",
                "csv.note",
            )
        )
        + "</tr></thead><tbody>\n"
    )
    count = 0
    for session in sessions:
        out.write(_html_session(session, lang))
        count += 1
    out.write("</tbody></table>\n")
    if not count:
        out.write(f"<p>{_e(t('report.none', lang=lang))}</p>\n")
    out.write("</body></html>\n")
    return count


def _html_session(session: SessionRecord, lang: Lang) -> str:
    start = local_time(session.started_utc, session.utc_offset_minutes)
    sets = "<br>".join(
        _e(
            f"{s.step_name.get(lang)} {s.set_number}"
            + (f" {t(f'side.{s.side}', lang=lang)}" if s.side else "")
            + f": {actual_text(s, lang)}"
        )
        for s in session.sets
    )
    checkin = _e(" · ".join(checkin_bits(session, lang)))
    return (
        f"<tr><td>{_e(session.local_date.isoformat())} {start:%H:%M}</td>"
        f'<td class="status-{_e(session.status)}">{_e(t(f"status.{session.status}", lang=lang))}'
        f"</td><td>{sets}</td><td>{checkin}</td><td>{_e(session.note or '')}</td></tr>\n"
    )


def calendar_svg(summary: Stats, lang: Lang, cell: int = 11, gap: int = 2) -> str:
    """A GitHub-style grid of days (columns are weeks), at most the last 53 weeks."""
    last = summary.last
    monday = last - timedelta(days=last.weekday())
    year = timedelta(weeks=52)
    first = max(summary.first, monday - year if monday - date.min > year else date.min)
    first -= timedelta(days=first.weekday())  # date.min is a Monday: this never underflows
    weeks = (last - first).days // 7 + 1
    left, top = 30, 14
    width, height = left + weeks * (cell + gap), top + 7 * (cell + gap)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="'
        f'{_e(t("report.calendar_caption", lang=lang))}">'
    ]
    for row, name in enumerate(("mon", "wed", "fri")):
        y = top + (row * 2) * (cell + gap) + cell - 2
        parts.append(
            f'<text x="0" y="{y}" font-size="9" fill="#5b6670">'
            f"{_e(t(f'day.{name}', lang=lang))}</text>"
        )
    day = first
    while day <= last:
        week, row = (day - first).days // 7, day.weekday()
        x, y = left + week * (cell + gap), top + row * (cell + gap)
        label_first = day == first and day.day <= 21  # a month that starts later gets its own
        if day.day == 1 or label_first:
            parts.append(
                f'<text x="{x}" y="10" font-size="9" fill="#5b6670">'
                f"{day.month}/{day.year % 100:02d}</text>"
            )
        level = summary.levels.get(day, 0)
        parts.append(
            f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" rx="2" '
            f'fill="{_LEVEL_FILL[level]}"><title>{day.isoformat()}</title></rect>'
        )
        day += timedelta(days=1)
    parts.append("</svg>")
    return "".join(parts)


def dose_svg(
    weekly: Sequence[float | None], first: date, width: int = 640, height: int = 120
) -> str:
    """A line of the weekly mean dose, with its axis values."""
    points = [(i, v) for i, v in enumerate(weekly) if v is not None]
    if not points:
        return ""
    low, high = min(v for _, v in points), max(v for _, v in points)
    low, high = (low - 1, high + 1) if low == high else (low, high)
    pad, span = 36, max(1, len(weekly) - 1)

    def xy(i: int, v: float) -> str:
        x = pad + (width - pad - 8) * i / span
        y = 8 + (height - 24) * (1 - (v - low) / (high - low))
        return f"{x:.1f},{y:.1f}"

    line = " ".join(xy(i, v) for i, v in points)
    end = first + timedelta(weeks=len(weekly) - 1)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">'
        f'<line x1="{pad}" y1="{height - 16}" x2="{width - 8}" y2="{height - 16}" '
        'stroke="#d5dbe1"/>'
        f'<text x="0" y="14" font-size="10" fill="#5b6670">{high:g}</text>'
        f'<text x="0" y="{height - 18}" font-size="10" fill="#5b6670">{low:g}</text>'
        f'<text x="{pad}" y="{height - 3}" font-size="10" fill="#5b6670">{first.isoformat()}</text>'
        f'<text x="{width - 80}" y="{height - 3}" font-size="10" fill="#5b6670">'
        f"{end.isoformat()}</text>"
        f'<polyline fill="none" stroke="{_LINE_COLOURS[0]}" stroke-width="2" points="{line}"/>'
        + "".join(
            f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="2.5" '
            f'fill="{_LINE_COLOURS[0]}"/>'
            for p in line.split()
        )
        + "</svg>"
    )


# --- iCalendar: sessions as events, or the plan as a recurring reminder ----------------------

_PRODID = f"-//hipcoach//hipcoach {__version__}//EN"


def _calendar_frame(name: str) -> tuple[str, str]:
    """The VCALENDAR head and tail, from the library, to put events between."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", _PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    text = calendar.to_ical().decode("utf-8")
    head, tail = text.split("END:VCALENDAR")
    return head, "END:VCALENDAR" + tail


_ICS_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _ics_text(text: str) -> vText:
    """What an iCalendar TEXT value may hold (RFC 5545 3.3.11): line breaks as LF and no
    other control character (icalendar would write a NUL or an ESC from a note raw),
    every backslash written as one."""
    cleaned = _ICS_CONTROL.sub("", _one_newline(text))
    return _literal_text_type()(cleaned)


@functools.cache
def _literal_text_type() -> type[vText]:
    from icalendar import vText

    class LiteralText(vText):
        """icalendar reads backslash-N in a value as a line break (its documented
        shorthand); in a note or an exercise name it is those two characters."""

        def to_ical(self) -> bytes:
            escaped = (
                self.replace("\\", "\\\\")
                .replace(";", "\\;")
                .replace(",", "\\,")
                .replace("\n", "\\n")
            )
            return escaped.encode("utf-8")  # the whole calendar is UTF-8

    return LiteralText


def write_ics(sessions: Iterable[SessionRecord], out: TextIO, lang: Lang) -> int:
    """One event per session; its UID is the session's, so re-exports do not duplicate."""
    head, tail = _calendar_frame("hipcoach")
    out.write(head)
    count = 0
    for session in sessions:
        out.write(_session_event(session, lang).to_ical().decode("utf-8"))
        count += 1
    out.write(tail)
    return count


def _session_event(session: SessionRecord, lang: Lang) -> Event:
    from icalendar import Event

    start = from_iso(session.started_utc)
    end = from_iso(session.ended_utc) if session.ended_utc else start
    if session.sets:
        end = max(end, from_iso(max(s.ended_utc for s in session.sets)))
    event = Event()
    event.add("uid", f"{session.id}@hipcoach")
    event.add("dtstamp", end)
    event.add("dtstart", start)
    event.add("dtend", max(end, start + timedelta(minutes=1)))
    event.add(
        "summary",
        _ics_text(
            t(
                "ics.summary",
                lang=lang,
                program=session.program_name.get(lang),
                status=t(f"status.{session.status}", lang=lang),
            )
        ),
    )
    lines = [
        f"{s.step_name.get(lang)} {s.set_number}"
        + (f" ({t(f'side.{s.side}', lang=lang)})" if s.side else "")
        + f": {actual_text(s, lang)}"
        for s in session.sets
    ]
    lines += checkin_bits(session, lang)
    if session.note:
        lines.append(session.note)
    event.add("description", _ics_text("\n".join(lines)))
    event.add("categories", ["hipcoach"])
    return event


def write_ics_schedule(
    program: Program,
    days: Sequence[Weekday],
    at: time,
    out: TextIO,
    lang: Lang,
    clock: WallClock,
) -> int:
    """A weekly reminder on the training days, at a local time, as long as the routine."""
    from icalendar import Alarm, Event

    head, tail = _calendar_frame("hipcoach")
    byday = [day[:2].upper() for day in days]
    first = clock.today()
    while WEEKDAYS[first.weekday()] not in days:
        first += timedelta(days=1)
    minutes = max(5, -(-int(estimate_seconds(program)) // 60))
    event = Event()
    event.add("uid", f"schedule-{program.id}@hipcoach")
    event.add("dtstamp", clock.now())
    event.add("dtstart", datetime.combine(first, at))  # floating: the calendar's local time
    event.add("duration", timedelta(minutes=minutes))
    event.add("rrule", {"freq": "weekly", "byday": byday})
    reminder = _ics_text(t("ics.reminder", lang=lang, program=program.name.get(lang)))
    event.add("summary", reminder)
    steps = [f"{d.step.name.get(lang)}: {dose_today_text(d, lang)}" for d in doses_for(program)]
    event.add("description", _ics_text("\n".join([*steps, "", t("safety.body", lang=lang)])))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", reminder)
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    out.write(head + event.to_ical().decode("utf-8") + tail)
    return 1


def schedule_days(text: str, program: Program) -> list[Weekday]:
    """``mon,wed,fri`` (or ``program`` for the program's own days) as weekdays.

    Raises:
        ValueError: a word that is not a weekday.
    """
    if text.strip().lower() in ("program", ""):
        return list(program.schedule.days)
    days: list[Weekday] = []
    for word in text.replace(" ", ",").split(","):
        if not word:
            continue
        key = word.strip().lower()[:3]
        match = next((d for d in WEEKDAYS if d == key), None)
        if match is None:
            raise ValueError(word)
        if match not in days:
            days.append(match)
    return days
