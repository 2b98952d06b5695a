"""Text every report shares: the period, the summary, a set's value, a check-in, local times."""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from hipcoach.coach.describe import (
    adherence_text,
    sessions_text,
    value_text,
)
from hipcoach.coach.stats import Stats
from hipcoach.i18n import Lang, counted, t
from hipcoach.log.records import SessionRecord, SetRecord
from hipcoach.timeutil import from_iso

if TYPE_CHECKING:
    pass


FORMATS = ("csv", "json", "jsonl", "md", "html", "ics")


def local_time(instant: str, offset_minutes: int) -> datetime:
    return from_iso(instant) + timedelta(minutes=offset_minutes)


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


def html_text(text: object) -> str:
    """Text for HTML, line breaks as LF: a parser reads CR and CRLF as LF anyway, so a note
    ending in CR would merge with the page's own line break and lose it."""
    return html.escape(one_newline(str(text)), quote=True)


def one_newline(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
