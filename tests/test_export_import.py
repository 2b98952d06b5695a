"""Every export format, and import: lossless round trips, idempotence, refusals."""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hipcoach import paths
from hipcoach.cli import app
from hipcoach.log.records import SessionRecord
from hipcoach.log.store import open_store
from tests.histories import add_sessions, make_session, session_count

runner = CliRunner()
HOSTILE = "=cmd|' /C calc'!A0 <script>alert(1)</script> $(touch /tmp/x); \"q\"\nline2 日本語"
DAY = date(2026, 11, 10)


def seed(*sessions: SessionRecord) -> None:
    with open_store() as store:
        add_sessions(store, list(sessions))


def history() -> list[SessionRecord]:
    return [
        make_session(DAY, effort=5, pain=1),
        make_session(
            DAY + timedelta(1),
            status="partial",
            count=3,
            skipped={2},
            note=HOSTILE,
            pain=5,
            pain_where="left knee",
        ),
        make_session(DAY + timedelta(2), status="aborted", count=0),
        make_session(DAY + timedelta(3), hold=25.0, effort=7, note="-2 reps: +felt @home"),
    ]


def export(*args: str) -> str:
    result = runner.invoke(app, ["export", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def db_hash() -> str:
    return hashlib.sha256(paths.db_path().read_bytes()).hexdigest()


# --- CSV ---------------------------------------------------------------------------------------


# the CSV tables: tests/test_spreadsheet.py


# --- JSON, JSON Lines and the round trip -----------------------------------------------------


def without_export_time(text: str) -> Any:
    data = json.loads(text)
    data.pop("exported_utc")
    return data


def test_json_is_lossless_and_round_trips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(*history())
    first = export("--format", "json")
    data = json.loads(first)
    assert (data["format"], data["version"]) == ("hipcoach-log", 4)
    assert len(data["sessions"]) == 4
    notes = {c["session_id"]: c["note"] for c in data["check_ins"]}
    assert notes[data["sessions"][1]["id"]] == HOSTILE
    path = tmp_path / "log.json"
    path.write_text(first, encoding="utf-8")
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / "other"))
    result = runner.invoke(app, ["import", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Added 4 sessions; 0 already present; 0 conflicting.")
    assert without_export_time(export("--format", "json")) == without_export_time(first)


def test_jsonl_round_trips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(*history())
    text = export("--format", "jsonl")
    lines = text.splitlines()
    assert json.loads(lines[0])["format"] == "hipcoach-log"
    records = [json.loads(line) for line in lines[1:]]
    assert [r.get("record", "session") for r in records] == ["session"] * 4 + ["check-in"] * 3
    path = tmp_path / "log.jsonl"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / "other"))
    assert runner.invoke(app, ["import", str(path)]).exit_code == 0
    assert export("--format", "jsonl").splitlines()[1:] == lines[1:]


def test_date_range() -> None:
    seed(*history())
    data = json.loads(export("--format", "json", "--since", "2026-11-11", "--until", "2026-11-12"))
    assert [s["local_date"] for s in data["sessions"]] == ["2026-11-11", "2026-11-12"]
    bad = runner.invoke(app, ["export", "--since", "11/11/2026"])
    assert bad.exit_code == 2 and "is not a date" in bad.stderr


def test_a_whole_log_export_counts_every_record_it_wrote(tmp_path: Path) -> None:
    """json holds check-ins, self-test results and runs besides sessions: its line says
    how many records it wrote, not just the sessions (a log of check-ins alone is not
    "0 sessions written")."""
    seed(*history())
    target = tmp_path / "all.json"
    result = runner.invoke(app, ["export", "--format", "json", "-o", str(target)])
    data = json.loads(target.read_text(encoding="utf-8"))
    records = sum(len(data[k]) for k in ("sessions", "check_ins", "test_results", "runs"))
    assert len(data["check_ins"]) > 0  # the count is more than the sessions
    assert result.exit_code == 0 and f"{records} records written" in result.stderr


def test_output_file_is_complete_or_absent(tmp_path: Path) -> None:
    seed(*history())
    target = tmp_path / "out.csv"
    result = runner.invoke(app, ["export", "--format", "csv", "-o", str(target)])
    assert result.exit_code == 0 and "4 sessions written" in result.stderr
    assert target.read_text(encoding="utf-8").startswith("session_id,date,")
    assert not list(tmp_path.glob(".out.csv.*"))  # no temporary file left behind
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # not private like a temp file
    missing = runner.invoke(app, ["export", "-o", str(tmp_path / "no" / "dir" / "x.csv")])
    assert missing.exit_code == 2 and "cannot write here" in missing.stderr


# --- import refusals and merging ----------------------------------------------------------------


def exported(tmp_path: Path, fmt: str = "json") -> Path:
    path = tmp_path / f"log.{fmt}"
    path.write_text(export("--format", fmt), encoding="utf-8")
    return path


def test_importing_twice_adds_nothing(tmp_path: Path) -> None:
    seed(*history())
    path = exported(tmp_path)
    before = db_hash()
    result = runner.invoke(app, ["import", str(path)])
    assert result.stdout.startswith("Added 0 sessions; 4 already present; 0 conflicting.")
    with open_store() as store:
        assert session_count(store) == 4
    assert before  # nothing else to compare: WAL files move, the data does not


def test_conflicts_keep_the_copy_with_more_finished_sets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    short = make_session(DAY, count=3, status="partial")
    seed(short)
    longer = make_session(DAY, count=8)
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / "b"))
    seed(longer)
    path = exported(tmp_path)
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / "a2"))
    seed(short)
    result = runner.invoke(app, ["import", str(path)])
    assert "0 conflicting" not in result.stdout and "1 conflicting" in result.stdout
    assert "3 sets here, 8 in the file; kept the file's copy" in result.stdout
    with open_store() as store:
        assert len(store.recent_sessions(1)[0].sets) == 8
    # and the other way round: the longer copy here stays
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / "a3"))
    seed(longer)
    shorter_file = tmp_path / "short.json"
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / "a4"))
    seed(short)
    shorter_file.write_text(export("--format", "json"), encoding="utf-8")
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / "a3"))
    result = runner.invoke(app, ["import", str(shorter_file)])
    assert "8 sets here, 3 in the file; kept this log's copy" in result.stdout


def test_dry_run_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(*history())
    path = exported(tmp_path)
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / "fresh"))
    seed(make_session(date(2020, 1, 1)))
    before = db_hash()
    result = runner.invoke(app, ["import", str(path), "--dry-run"])
    assert result.stdout.startswith("Would add 4 sessions")
    lines = result.stdout.splitlines()
    assert lines[-1] == "A dry run: nothing was changed."  # said once, after every count
    assert "nothing was changed" not in "".join(lines[:-1])
    assert db_hash() == before
    with open_store() as store:
        assert session_count(store) == 1


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda text: text[: len(text) // 2], "not valid JSON"),
        (
            lambda text: text.replace('"planned": 20.0', '"planned": "20"', 1),
            "sessions[0].sets[0].planned: Input should be a valid number (session ",
        ),
        (
            lambda text: text.replace('"status": "partial"', '"status": "finished"'),
            "status: Input should be",
        ),
        (
            lambda text: text.replace('"local_date": "2026-11-10"', '"local_date": "2026-11-09"'),
            "does not match started_utc",
        ),
        (
            lambda text: text.replace('"format": "hipcoach-log"', '"format": "other"'),
            "not a hipcoach export",
        ),
        (lambda text: text.replace('"version": 4', '"version": 9'), "newer hipcoach"),
        (lambda text: text.replace('"skipped": false', '"skipped": "no"', 1), "skipped"),
    ],
    ids=[
        "truncated",
        "wrong-type",
        "bad-status",
        "edited-date",
        "other-format",
        "newer",
        "bool-as-text",
    ],
)
def test_a_damaged_file_is_refused_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: Any, expected: str
) -> None:
    seed(*history())
    text = export("--format", "json")
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / "target"))
    seed(make_session(date(2020, 1, 1)))
    before = db_hash()
    bad = tmp_path / "bad.json"
    bad.write_text(damage(text), encoding="utf-8")
    result = runner.invoke(app, ["import", str(bad)])
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert result.stderr.startswith(str(bad))
    assert "Traceback" not in result.output
    assert db_hash() == before


def test_jsonl_errors_name_the_line(tmp_path: Path) -> None:
    seed(*history())
    lines = export("--format", "jsonl").splitlines()
    lines[3] = lines[3].replace('"speed": 1.0', '"speed": -1')
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}:4: ") and "speed" in result.stderr


def test_duplicate_session_in_one_file(tmp_path: Path) -> None:
    seed(*history())
    lines = export("--format", "jsonl").splitlines()
    bad = tmp_path / "dup.jsonl"
    bad.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(bad)])
    assert result.exit_code == 2 and "the same session id as line 2" in result.stderr


def test_not_json_at_all(tmp_path: Path) -> None:
    for content in (b"", b"\xff\xfe\x00", b"hello", b"[1, 2]"):
        bad = tmp_path / "x.json"
        bad.write_bytes(content)
        result = runner.invoke(app, ["import", str(bad)])
        assert result.exit_code == 2, content
        assert len(result.stderr.splitlines()) == 1


# --- property: any history survives export and import unchanged ---------------------------------

sessions_strategy = st.lists(
    st.builds(
        lambda n, count, hold, effort, pain, note, status: make_session(
            DAY + timedelta(days=n),
            count=count,
            hold=hold,
            effort=effort,
            pain=pain,
            note=note,
            status=status,
        ),
        st.integers(0, 400),
        st.integers(0, 8),
        st.sampled_from([20.0, 25.0, 30.0, 27.5]),
        st.one_of(st.none(), st.integers(1, 10)),
        st.one_of(st.none(), st.integers(0, 10)),
        st.one_of(st.none(), st.text(max_size=40)),
        st.sampled_from(["completed", "partial", "aborted"]),
    ),
    max_size=12,
    unique_by=lambda s: s.id,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sessions_strategy)
def test_round_trip_property(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sessions: list[SessionRecord]
) -> None:
    import uuid

    run = tmp_path / uuid.uuid4().hex
    monkeypatch.setenv("HIPCOACH_HOME", str(run / "a"))
    seed(*sessions)
    text = export("--format", "json")
    path = run / "log.json"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("HIPCOACH_HOME", str(run / "b"))
    assert runner.invoke(app, ["import", str(path)]).exit_code == 0
    assert without_export_time(export("--format", "json")) == without_export_time(text)
    again = runner.invoke(app, ["import", str(path)])
    assert f"Added 0 sessions; {len(sessions)} already present" in again.stdout


# --- Markdown, HTML, iCalendar -------------------------------------------------------------------


def test_markdown_report_for_a_coach() -> None:
    seed(*history())
    text = export("--format", "md")
    assert text.startswith("# hipcoach log: Hip-drop fix: three steps")
    assert "## Summary" in text and "Sessions: 4 (2 completed, 1 partial, 1 aborted)" in text
    # prescribed now, first → now (the same), sets done, the share done, sets a week
    assert "| Glute stretch | 2 × 20 s each side | 20 s | 10 | 92 % | 10 0 0 |" in text
    assert "## Calendar" in text and "■ done in full" in text
    assert "- Current streak: 0 days · longest 2" in text  # "1 day", never "1 days"
    heading = r"### ⚠ 2026-11-11 07:00 · Hip-drop fix: three steps · partial · 07:\d\d pain 5"
    assert re.search(heading + r" \(left knee\)", text)
    assert "&lt;script&gt;" in text and "<script>" not in text
    assert "Sharp or growing pain means stop" in text


def test_html_report_is_self_contained_and_escaped() -> None:
    seed(*history())
    page = export("--format", "html")
    assert page.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "@media print" in page and page.count("<svg") >= 2
    external = [chunk for chunk in page.split('"') if chunk.startswith(("http://", "https://"))]
    assert set(external) <= {"http://www.w3.org/2000/svg"}  # a namespace, never fetched


def test_ics_events_parse_with_an_independent_parser() -> None:
    seed(*history())
    text = export("--format", "ics")
    calendar = vobject.readOne(text)
    events = calendar.vevent_list
    assert len(events) == 4
    uids = {e.uid.value for e in events}
    assert all(uid.endswith("@hipcoach") for uid in uids)
    assert {e.uid.value for e in vobject.readOne(export("--format", "ics")).vevent_list} == uids
    partial = next(e for e in events if "partial" in e.summary.value)
    assert partial.description.value.endswith(HOSTILE)  # commas, quotes, newlines survive
    assert partial.dtstart.value.isoformat() == "2026-11-10T22:00:00+00:00"


def test_ics_schedule_is_a_weekly_reminder() -> None:
    text = export("--format", "ics", "--schedule", "mon,wed,fri", "--at", "06:30")
    (event,) = vobject.readOne(text).vevent_list
    assert event.rrule.value == "FREQ=WEEKLY;BYDAY=MO,WE,FR"
    assert event.dtstart.value.hour == 6 and event.dtstart.value.minute == 30
    assert "Glute stretch: hold 20 s" in event.description.value
    program_days = export("--format", "ics", "--schedule", "program")
    assert "BYDAY=MO,TU,WE,TH,FR,SA" in program_days
    bad = runner.invoke(app, ["export", "--format", "ics", "--schedule", "funday"])
    assert bad.exit_code == 2 and "'funday' is not a weekday" in bad.stderr
    assert runner.invoke(app, ["export", "--format", "csv", "--schedule", "mon"]).exit_code == 2


def test_a_desk_break_is_reminded_at_each_time_of_the_working_day(tmp_path: Path) -> None:
    file = tmp_path / "desk.ics"
    args = ["--format", "ics", "--program", "desk-break", "--schedule", "mon,tue,wed,thu,fri"]
    result = runner.invoke(app, ["export", *args, "--at", "16:30, 10:30,14:00", "-o", str(file)])
    assert result.exit_code == 0, result.output
    events = vobject.readOne(file.read_text(encoding="utf-8")).vevent_list
    starts = [(e.dtstart.value.hour, e.dtstart.value.minute) for e in events]
    assert starts == [(10, 30), (14, 0), (16, 30)]  # in the day's order
    assert len({e.uid.value for e in events}) == 3
    for event in events:
        assert event.rrule.value == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
        assert event.dtstart.value.tzinfo is None  # the calendar's own local time
        assert "Desk break" in event.summary.value
        assert event.valarm.trigger.value.total_seconds() == 0
    one = vobject.readOne(export(*args, "--at", "10:30"))
    assert [e.uid.value for e in one.vevent_list] == ["schedule-desk-break@hipcoach"]  # as before


@pytest.mark.parametrize(
    ("at", "message"),
    [
        ("10:30,25:00", "--at '25:00' is not a time"),
        ("10:30,,14:00", "--at '' is not a time"),
        ("10:30,14:00,10:30", "--at: 10:30 is given twice"),
        (",".join(f"{h:02d}:00" for h in range(8, 21)), "--at: 13 times a day; at most 12"),
    ],
)  # fmt: skip
def test_bad_reminder_times_are_one_line_and_no_file(tmp_path: Path, at: str, message: str) -> None:
    file = tmp_path / "desk.ics"
    result = runner.invoke(
        app, ["export", "--format", "ics", "--schedule", "mon", "--at", at, "-o", str(file)]
    )
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert not file.exists()


def test_unknown_format() -> None:
    result = runner.invoke(app, ["export", "--format", "xlsx"])
    assert result.exit_code == 2 and "unknown format 'xlsx'" in result.stderr


# --- reports show pain honestly ----------------------------------------------------------------


def painful_history() -> list[SessionRecord]:
    return [
        make_session(DAY, effort=5, pain=1),
        make_session(DAY + timedelta(1), effort=6, pain=8, pain_where="hip-hinge"),
        make_session(DAY + timedelta(2), effort=4, pain=2),
        make_session(DAY + timedelta(9), effort=4, pain=5, pain_where="glute-stretch"),
    ]


def test_every_report_summary_shows_the_highest_pain_by_exercise_name() -> None:
    seed(*painful_history())
    text = export("--format", "md")
    assert "- Highest pain: 8 (Hip hinge) on 2026-11-11" in text
    assert "- Check-ins with pain 4 or more or a warning sign: 2 (marked ⚠)" in text
    assert "### ⚠ 2026-11-11 07:00" in text and "pain 8 (Hip hinge)" in text
    assert "### 2026-11-10 07:00" in text  # pain 1 is not flagged
    assert "hip-hinge" not in text  # never a step id
    page = export("--format", "html", "--lang", "ja")
    assert "最も強い痛み: 8（ヒップヒンジ）（2026年11月11日）" in page
    assert page.count('<tr class="flagged">') == 2


def test_a_filtered_report_computes_its_figures_within_its_period() -> None:
    history = painful_history()
    seed(history[0], make_session(DAY + timedelta(1), pain=3), *history[2:])
    text = export("--format", "md", "--since", "2026-11-12", "--until", "2026-11-19")
    assert "- Highest pain: 5 (Glute stretch) on 2026-11-19" in text
    assert "Sessions: 2 (2 completed" in text
    assert "- Current streak: 1 day · longest 1" in text  # not the streak of 10-12 Nov
    assert "2026-11-11" not in text
    whole = export("--format", "md")
    assert "longest 3" in whole


def test_every_check_in_of_a_session_is_in_its_row() -> None:
    seed(*painful_history())
    assert runner.invoke(app, ["checkin", "--pain", "0", "--note", "better"]).exit_code == 0
    page = export("--format", "md")
    assert "## Other check-ins (about no session, or after a rehearsal) and stops lifted" in page
    assert "- 2026-11-25 07:30 · pain 0 · better" in page
