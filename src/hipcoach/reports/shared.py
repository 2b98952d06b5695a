"""Text every report shares: the period, the summary, a set's value, a check-in, local times."""

from __future__ import annotations

import html
import re
from collections.abc import Set
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from hipcoach.coach.describe import (
    adherence_text,
    sessions_text,
    streak_text,
    value_text,
)
from hipcoach.coach.safety import flagged
from hipcoach.coach.safety_text import (
    LIFT_TEXT,
    check_in_bits,
    exercise_names,
    stop_lines,
    where_text,
)
from hipcoach.coach.stats import Stats
from hipcoach.i18n import Lang, format_date, t
from hipcoach.log.records import SessionRecord, SetRecord
from hipcoach.timeutil import from_iso

if TYPE_CHECKING:
    from hipcoach.program.model import Program, Text


FORMATS = (
    "csv",
    "csv-sessions",
    "csv-self-tests",
    "csv-runs",
    "json",
    "jsonl",
    "md",
    "html",
    "ics",
)


def local_time(instant: str, offset_minutes: int) -> datetime:
    return from_iso(instant) + timedelta(minutes=offset_minutes)


def actual_text(s: SetRecord, lang: Lang) -> str:
    if s.skipped or s.actual is None:
        return t("csv.skipped_value", lang=lang)
    return value_text(s.actual, s.unit, lang)


def session_sets_lines(session: SessionRecord, lang: Lang) -> list[str]:
    """``Glute stretch 4/4 × 25 s``, one line an exercise: the sets done of those logged and
    the dose asked, then what was skipped or cut short."""
    lines = []
    for step_id in dict.fromkeys(s.step_id for s in session.sets):
        sets = [s for s in session.sets if s.step_id == step_id]
        done = [s for s in sets if not s.skipped and s.actual is not None]
        planned = max(s.planned for s in sets)
        bits = [
            t(
                "report.sets_line",
                lang=lang,
                name=sets[0].step_name.get(lang),
                done=len(done),
                sets=len(sets),
                dose=value_text(planned, sets[0].unit, lang),
            )
        ]
        if skipped := len(sets) - len(done):
            bits.append(t("report.sets_skipped", lang=lang, n=skipped))
        if short := [s for s in done if s.actual is not None and s.actual < s.planned]:
            cut = ", ".join(value_text(s.actual or 0, s.unit, lang) for s in short)
            bits.append(t("report.sets_short", lang=lang, values=cut))
        lines.append(t("list.dot", lang=lang).join(bits))
    return lines


def checkin_bits(session: SessionRecord, lang: Lang, program: Program | None = None) -> list[str]:
    """Each of the session's check-ins in a few words with its local time, oldest first
    (escaped by the caller): a later check-in adds to an earlier one, never hides it."""
    names = exercise_names(program, [session])
    return [
        f"{local_time(c.recorded_utc, c.utc_offset_minutes):%H:%M} "
        + t("list.dot", lang=lang).join(check_in_bits(c, names, lang))
        for c in session.check_ins
        if c.lift is None
    ]


def session_notes(session: SessionRecord) -> list[str]:
    return [c.note for c in session.check_ins if c.note]


def period_line(summary: Stats, lang: Lang) -> str:
    """The days a report covers, and the day it was written."""
    return t(
        "report.period",
        lang=lang,
        first=summary.first.isoformat(),
        last=summary.last.isoformat(),
        today=summary.today.isoformat(),
    )


def summary_lines(summary: Stats, lang: Lang, program: Program) -> list[str]:
    lines = [
        sessions_text(summary, lang),
        streak_text(summary.streak, lang, "report.streak"),
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
    return lines + pain_lines(summary, lang, program)


def report_names(summary: Stats, program: Program) -> dict[str, Text]:
    """Exercise names by id: the program's, and those of every exercise in the period."""
    return exercise_names(program) | {e.step_id: e.name for e in summary.exercises}


def pain_lines(summary: Stats, lang: Lang, program: Program) -> list[str]:
    """The pain record of the period: the highest pain and where, what is flagged, the
    stops lifted and the sessions done despite one. Never a mean alone."""
    names = report_names(summary, program)
    lines = []
    if summary.stop is not None:
        why = stop_lines(summary.stop, program.progression, names, lang)[0]
        lines.append(t("report.stop", lang=lang, why=why))
    highest = summary.highest_pain
    if highest is None:
        reported = any(c.pain is not None for c in summary.check_ins)
        lines.append(t("report.no_pain" if reported else "report.pain_unreported", lang=lang))
    else:
        where = where_text(highest.pain_where, names, lang)
        lines.append(
            t(
                "report.highest_pain",
                lang=lang,
                pain=highest.pain,
                where=t("stop.where", lang=lang, where=where) if where else "",
                date=format_date(highest.local_date, lang=lang),
            )
        )
    ease = program.progression.step_back_pain
    if flagged_count := len(summary.flagged(ease)):
        lines.append(t("report.flagged", lang=lang, n=flagged_count, ease=ease))
    for lift in (c for c in summary.check_ins if c.lift is not None):
        because = t(LIFT_TEXT[lift.lift], lang=lang) if lift.lift else ""
        lines.append(
            t(
                "report.lift",
                lang=lang,
                date=format_date(lift.local_date, lang=lang),
                because=because,
            )
        )
    if summary.despite_stop:
        lines.append(t("report.despite_stop", lang=lang, n=summary.despite_stop))
    return lines


def flag_mark(session: SessionRecord, program: Program, lang: Lang) -> str:
    """``⚠ `` before a session whose check-ins a physiotherapist should see first, and a
    word when it was started despite a stop."""
    rules = program.progression
    mark = "⚠ " if any(flagged(c, rules.step_back_pain) for c in session.check_ins) else ""
    if session.despite_stop:
        mark += t("log.despite_stop", lang=lang) + t("list.dot", lang=lang)
    return mark


def html_text(text: object) -> str:
    """Text for HTML, line breaks as LF: a parser reads CR and CRLF as LF anyway, so a note
    ending in CR would merge with the page's own line break and lose it."""
    return html.escape(one_newline(str(text)), quote=True)


def one_newline(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def other_entries(
    summary: Stats, program: Program, lang: Lang, shown: Set[str]
) -> list[tuple[str, str, str]]:
    """The period's check-ins that belong to no session ``shown`` (about no session, after
    a rehearsal, about a session not in the file) and its lifted stops, oldest first, as
    (``⚠ `` or "", local date and time, what was said); the caller escapes them."""
    names = report_names(summary, program)
    rows = []
    for record in summary.check_ins:
        if record.session_id in shown:
            continue
        at = local_time(record.recorded_utc, record.utc_offset_minutes)
        bits = check_in_bits(record, names, lang) + ([record.note] if record.note else [])
        mark = "⚠ " if flagged(record, program.progression.step_back_pain) else ""
        said = t("list.dot", lang=lang).join(bits)
        rows.append((mark, f"{record.local_date.isoformat()} {at:%H:%M}", said))
    return rows


_MD_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_MD_PUNCTUATION = re.compile(r"([\\`*_\[\]!])")  # without [ no link or image forms


def md_text(text: str) -> str:
    """User text inside Markdown: no HTML, no links, images or emphasis (each Markdown
    character escaped), no table breaks, no line breaks, no control characters (a report
    printed to a terminal must not drive it)."""
    return _MD_CONTROL.sub(" ", _MD_PUNCTUATION.sub(r"\\\1", html.escape(text, quote=False)))
