"""CSV: one row per set, for a spreadsheet; a cell a spreadsheet would run as a formula is
neutralised."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TextIO

from hipcoach.coach.describe import (
    plain_number,
)
from hipcoach.coach.safety_text import exercise_names, where_text
from hipcoach.i18n import PHASE, SIDE, STATUS, UNIT, Lang, t
from hipcoach.log.records import SessionRecord
from hipcoach.reports.shared import local_time, session_notes

if TYPE_CHECKING:
    pass


CSV_COLUMNS = {  # column: its heading's message
    "date": "csv.date",
    "time": "csv.time",
    "program": "csv.program",
    "exercise": "csv.exercise",
    "phase": "csv.phase",
    "set": "csv.set",
    "side": "csv.side",
    "planned": "csv.planned",
    "actual": "csv.actual",
    "unit": "csv.unit",
    "skipped": "csv.skipped",
    "session_id": "csv.session_id",
    "status": "csv.status",
    "effort": "csv.effort",
    "pain": "csv.pain",
    "pain_where": "csv.pain_where",
    "note": "csv.note",
}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(
    sessions: Iterable[SessionRecord], out: TextIO, lang: Lang, *, excel: bool = False
) -> int:
    """One row per set (a session without sets gets one row of its own)."""
    if excel:
        out.write("\ufeff")  # Excel reads UTF-8 (Japanese names) only with a byte order mark
    writer = csv.writer(out)
    writer.writerow([t(key, lang=lang) for key in CSV_COLUMNS.values()])
    count = 0
    for session in sessions:
        for row in _csv_rows(session, lang):
            writer.writerow([neutralise(cell) for cell in row])
        count += 1
    return count


def _csv_rows(session: SessionRecord, lang: Lang) -> Iterator[list[object]]:
    check_in = session.check_in  # the latest; every one is in the JSON export
    where = check_in and where_text(check_in.pain_where, exercise_names(sessions=[session]), lang)
    tail = [
        session.id,
        t(STATUS[session.status], lang=lang),
        check_in and check_in.effort,
        check_in and check_in.pain,
        where,
        " / ".join(session_notes(session)) or None,
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
            t(PHASE[s.phase], lang=lang) if s.phase in PHASE else s.phase,
            s.set_number,
            t(SIDE[s.side], lang=lang) if s.side else "",
            plain_number(s.planned),
            "" if s.actual is None else plain_number(s.actual),
            t(UNIT[s.unit], lang=lang),
            t("csv.yes" if s.skipped else "csv.no", lang=lang),
            *tail,
        ]
