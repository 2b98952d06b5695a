"""CSV for a spreadsheet: flat tables a pivot can use as they are.

``--format csv`` writes the sets (one row per set) and ``--format csv-sessions`` the
sessions (one row per session, with its check-ins): two files rather than one with a
row type, because a pivot over one table weighted by sets would count a session's pain
once per set, and each format still goes to stdout (a pipe holds one file). The
``session_id`` column joins them.

``--format csv-self-tests`` writes the self-test results long, one row per measure of a
trial: its number (``measure`` ``result``, in reps or seconds) and each answer
(``measure`` the question's id). A test's questions are the program's own, so a column
per question would change with the programs installed; one ``value`` and ``unit`` per
row keeps the columns fixed and a pivot (test × side by date) works on any of them.
``assessment_id`` groups the rows of one run of ``hipcoach assess``; it, the test, side
and trial identify a trial. ``--format csv-runs`` writes the runs from the watch, one row
per run, with the form-durability figures of ``runs show --json``.

Column names and values are the same in every language (ids, ISO dates, numbers, 0/1,
codes such as ``too_short`` or ``good``): a spreadsheet template built on one language
works on the other. Only the ``*_name`` columns and the user's own words change with
``--lang``. A cell a spreadsheet would run as a formula is neutralised, leading
whitespace or not. An empty value is an empty cell.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TextIO

from hipcoach.coach.describe import plain_number
from hipcoach.i18n import Lang, t
from hipcoach.log.records import SessionRecord, SetRecord, TestResult
from hipcoach.program.model import ANSWER_CHOICES
from hipcoach.reports.shared import local_time, session_notes
from hipcoach.runs.analysis import as_shown
from hipcoach.runs.track import METRICS
from hipcoach.timeutil import from_iso

if TYPE_CHECKING:
    from hipcoach.coach.assessments import LoggedAssessment
    from hipcoach.log.runs import RunFigures

SET_COLUMNS = (
    "session_id",
    "date",
    "start",
    "end",
    "duration_s",
    "program",
    "exercise",
    "exercise_name",
    "phase",
    "set",
    "side",
    "planned_reps",
    "done_reps",
    "planned_seconds",
    "done_seconds",
    "skipped",
)
SESSION_COLUMNS = (
    "session_id",
    "date",
    "start",
    "end",
    "duration_s",
    "program",
    "program_name",
    "variant",
    "status",
    "sets_done",
    "sets_skipped",
    "check_ins",
    "effort",
    "pain",
    "pain_max",
    "pain_where",
    "red_flags",
    "note",
)
SELF_TEST_COLUMNS = (
    "assessment_id",
    "date",
    "time",
    "program",
    "test",
    "test_name",
    "side",
    "trial",
    "measure",
    "measure_name",
    "value",
    "unit",
)
RUN_COLUMNS = (
    "run_id",
    "date",
    "start",
    "distance_km",
    "moving_s",
    "elapsed_s",
    "pace_s_per_km",
    "treadmill",
    "intervals",
    "fields",
    "fade_index",
    "not_judged",
    "decoupling_pct",
    "onset_km",
    *(f"{m}_{figure}" for m in METRICS for figure in ("drift_pct", "ci_low_pct", "ci_high_pct")),
)
# an answer's unit: the answers of each kind are distinct words, so the stored answer
# alone tells its kind, even of a program no longer installed
_ANSWER_UNIT = {"yes-no": "yes_1_no_0", "good-fair-poor": "good_fair_poor", "pain": "pain_0_10"}
_UNIT_OF_ANSWER = {
    a: _ANSWER_UNIT[kind] for kind, answers in ANSWER_CHOICES.items() for a in answers
}
_ANSWER_NUMBER: dict[str, object] = {
    "yes": 1,
    "no": 0,
    **{n: int(n) for n in ANSWER_CHOICES["pain"]},
}
_RESULT_NAME = {"seconds": "csv.result.seconds", "reps": "csv.result.reps"}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP), also
    after leading whitespace: LibreOffice's "trim spaces" would otherwise run it."""
    if isinstance(value, str) and (
        value.startswith(_FORMULA_STARTS) or value.lstrip().startswith(_FORMULA_STARTS)
    ):
        return "'" + value
    return value


def write_csv(
    sessions: Iterable[SessionRecord], out: TextIO, lang: Lang, *, excel: bool = False
) -> int:
    """One row per set; a session without sets gets one row of its own."""
    return _write(SET_COLUMNS, (row for s in sessions for row in _set_rows(s, lang)), out, excel)


def write_sessions_csv(
    sessions: Iterable[SessionRecord], out: TextIO, lang: Lang, *, excel: bool = False
) -> int:
    """One row per session, with what its check-ins said."""
    return _write(SESSION_COLUMNS, (_session_row(s, lang) for s in sessions), out, excel)


def write_self_tests_csv(
    assessments: Iterable[LoggedAssessment], out: TextIO, lang: Lang, *, excel: bool = False
) -> int:
    """One row per measure of a trial (its number, each answer); returns the trials."""
    rows = (row for a in assessments for r in a.in_order() for row in _trial_rows(a, r, lang))
    return _write(SELF_TEST_COLUMNS, rows, out, excel)


def write_runs_csv(runs: Iterable[RunFigures], out: TextIO, *, excel: bool = False) -> int:
    """One row per run; returns the runs. No column depends on the language."""
    return _write(RUN_COLUMNS, ((r.listing.id, _run_row(r)) for r in runs), out, excel)


def _write(
    columns: tuple[str, ...],
    rows: Iterable[tuple[str, list[object]]],
    out: TextIO,
    excel: bool,
) -> int:
    """The rows under ``columns``, each with the id of the record it came from (a session,
    a trial, a run); returns how many records they came from."""
    if excel:
        out.write("\ufeff")  # Excel reads UTF-8 (Japanese names) only with a byte order mark
    writer = csv.writer(out)
    writer.writerow(columns)
    seen: set[str] = set()
    for record, row in rows:
        seen.add(record)
        writer.writerow([neutralise(cell) for cell in row])
    return len(seen)


def _stamp(instant: str | None, offset_minutes: int) -> str:
    """Local time as ``2026-11-25 07:30:05``, which spreadsheets read as a date and time."""
    return "" if instant is None else f"{local_time(instant, offset_minutes):%Y-%m-%d %H:%M:%S}"


def _seconds(start: str, end: str | None) -> float | str:
    if end is None:
        return ""
    length = (from_iso(end) - from_iso(start)).total_seconds()
    return plain_number(round(length, 1))


def _amounts(s: SetRecord) -> list[object]:
    """planned_reps, done_reps, planned_seconds, done_seconds: a unit per column."""
    planned = plain_number(s.planned)
    done: object = "" if s.actual is None or s.skipped else plain_number(s.actual)
    return [planned, done, "", ""] if s.unit == "reps" else ["", "", planned, done]


def _set_rows(session: SessionRecord, lang: Lang) -> Iterator[tuple[str, list[object]]]:
    offset = session.utc_offset_minutes
    head = [session.id, session.local_date.isoformat()]
    if not session.sets:
        times = [_stamp(session.started_utc, offset), _stamp(session.ended_utc, offset)]
        duration = _seconds(session.started_utc, session.ended_utc)
        yield session.id, [*head, *times, duration, session.program_id, *[""] * 10]
        return
    for s in session.sets:
        yield (
            session.id,
            [
                *head,
                _stamp(s.started_utc, offset),
                _stamp(s.ended_utc, offset),
                _seconds(s.started_utc, s.ended_utc),
                session.program_id,
                s.step_id,
                s.step_name.get(lang),
                s.phase,
                s.set_number,
                s.side or "",
                *_amounts(s),
                int(s.skipped),
            ],
        )


def _session_row(session: SessionRecord, lang: Lang) -> tuple[str, list[object]]:
    offset = session.utc_offset_minutes
    said = [c for c in session.check_ins if c.lift is None]
    latest = said[-1] if said else None
    pains = [c.pain for c in said if c.pain is not None]
    flags = dict.fromkeys(flag for c in said for flag in c.red_flags)  # in order, once each
    return session.id, [
        session.id,
        session.local_date.isoformat(),
        _stamp(session.started_utc, offset),
        _stamp(session.ended_utc, offset),
        _seconds(session.started_utc, session.ended_utc),
        session.program_id,
        session.program_name.get(lang),
        session.variant,
        session.status,
        sum(1 for s in session.sets if not s.skipped),
        sum(1 for s in session.sets if s.skipped),
        len(said),
        "" if latest is None or latest.effort is None else latest.effort,
        "" if latest is None or latest.pain is None else latest.pain,
        max(pains) if pains else "",
        (latest and latest.pain_where) or "",
        ";".join(flags),
        " / ".join(session_notes(session)),
    ]


def _number(value: float | None, digits: int) -> object:
    """``value`` rounded, whole numbers without a decimal point; "" for none."""
    return "" if value is None else plain_number(round(value, digits))


def _trial_rows(
    assessment: LoggedAssessment, result: TestResult, lang: Lang
) -> Iterator[tuple[str, list[object]]]:
    """A trial's number (when its test has one) and each answer, the program's questions
    in order (answers to questions it no longer asks after them)."""
    found = assessment.test(result)
    head = [
        result.assessment_id,
        result.local_date.isoformat(),
        _stamp(result.recorded_utc, result.utc_offset_minutes),
        result.program_id,
        result.test_id,
        found[0].name.get(lang) if found else "",
        result.side or "both",
        result.trial,
    ]
    if result.unit is not None:
        name = t(_RESULT_NAME[result.unit], lang=lang)
        yield result.id, [*head, "result", name, _number(result.value, 1), result.unit]
    labels = {q.id: q.label.get(lang) for q in found[1].questions} if found else {}
    asked = [q for q in labels if q in result.answers]
    for question in asked + [q for q in result.answers if q not in labels]:
        answer = result.answers[question]
        unit = _UNIT_OF_ANSWER.get(answer, "")
        value = _ANSWER_NUMBER.get(answer, answer)  # good, fair and poor stay codes
        yield result.id, [*head, question, labels.get(question, ""), value, unit]


def _run_row(run: RunFigures) -> list[object]:
    """A run's figures as ``runs show --json`` gives them: the stored analysis as this
    version reads it."""
    listing = run.listing
    analysis = as_shown(run.analysis)
    km = listing.metres / 1000
    figures: list[object] = []
    for metric in METRICS:
        result = analysis["metrics"].get(metric, {})
        low, high = result.get("ci_pct") or (None, None)
        figures += [_number(result.get("drift_pct"), 2), _number(low, 2), _number(high, 2)]
    return [
        listing.id,
        listing.local_date.isoformat(),
        _stamp(listing.start_utc, listing.utc_offset_minutes),
        _number(km, 2),
        _number(listing.moving_seconds, 1),
        _number(run.elapsed_seconds, 1),
        _number(listing.moving_seconds / km if km > 0 else None, 1),
        int(listing.treadmill),
        int(listing.intervals),
        ";".join(listing.fields),
        _number(listing.fade_index, 2),
        listing.not_judged or "",
        _number(listing.decoupling_pct, 2),
        _number(analysis["onset_km"], 2),
        *figures,
    ]
