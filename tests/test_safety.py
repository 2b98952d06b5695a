"""Safety stops that hold, and the pain record nobody erases (issue 13)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from hipcoach.cli import app
from hipcoach.coach.safety import assess, pain_within
from hipcoach.coach.streaks import streak
from hipcoach.log.records import CheckInRecord, LiftReason, RedFlag, legacy_check_in_id
from hipcoach.log.store import open_store
from hipcoach.program.catalog import load_program_file
from hipcoach.program.model import Progression
from hipcoach.timeutil import from_iso
from tests.conftest import HIP_DROP, pin_clock
from tests.histories import add_sessions, legacy_log, make_session, session_count
from tests.test_cli_session import FakeScaledClock, FakeTerminal

runner = CliRunner()
RULES: Progression = load_program_file(HIP_DROP).progression
DAY = date(2026, 11, 2)


def entry(
    n: int,
    pain: int | None = None,
    *,
    flags: tuple[RedFlag, ...] = (),
    lift: LiftReason | None = None,
    hour: int = 7,
) -> CheckInRecord:
    day = DAY + timedelta(days=n)
    return CheckInRecord(
        id=f"{n}-{hour}",
        recorded_utc=f"{day.isoformat()}T{hour:02d}:00:00.000Z",
        utc_offset_minutes=0,
        local_date=day,
        pain=pain,
        red_flags=flags,
        lift=lift,
    )


# --- the rules -------------------------------------------------------------------------------


def test_pain_at_the_stop_level_stops_and_no_pain_free_check_in_lifts_it() -> None:
    safety = assess([entry(0, 8), entry(1, 0), entry(2, 0)], RULES)
    assert safety.stop is not None
    assert (safety.stop.reason, safety.stop.pain, safety.stop.since) == ("pain", 8, DAY)
    lifted = assess([entry(0, 8), entry(1, 0), entry(2, lift="assessed")], RULES)
    assert lifted.stop is None
    assert lifted.lifted is not None and lifted.lifted.because == "assessed"


def test_any_red_flag_stops_at_once_whatever_the_pain() -> None:
    for flag in ("numbness", "groin", "next-day", "sharp", "front-pinch", "recent-injury"):
        stop = assess([entry(0, 0, flags=(flag,))], RULES).stop
        assert stop is not None and stop.reason == "red-flag" and stop.red_flags == (flag,)


def test_pain_of_the_step_back_level_twice_in_a_row_stops() -> None:
    assert assess([entry(0, 4)], RULES).stop is None
    twice = assess([entry(0, 4), entry(1, 5)], RULES).stop
    assert twice is not None and twice.reason == "pain-twice" and twice.pain == 5
    assert assess([entry(0, 4), entry(1, 2), entry(2, 4)], RULES).stop is None
    # a check-in without pain in between does not separate the two
    assert assess([entry(0, 4), entry(1), entry(2, 6)], RULES).stop is not None
    # after a lift, one more pain 4 is the first of a new pair
    assert (
        assess([entry(0, 4), entry(1, 4), entry(2, lift="assessed"), entry(3, 4)], RULES).stop
        is None
    )


def test_the_stop_keeps_its_cause_and_the_worst_pain_since() -> None:
    stop = assess([entry(0, 7), entry(1, 9), entry(2, 3)], RULES).stop
    assert stop is not None and (stop.pain, stop.worst_pain, stop.since) == (7, 9, DAY)


def test_days_under_a_stop_break_no_streak() -> None:
    safety = assess([entry(3, 8), entry(9, lift="pain-free-48h")], RULES)
    done = {DAY + timedelta(days=n) for n in (0, 1, 2, 10, 11)}
    today = DAY + timedelta(days=11)
    assert streak(done, today).current == 2  # days 3-9 were missed
    excused = safety.excused(today)
    assert min(excused) == DAY + timedelta(days=3) and max(excused) == DAY + timedelta(days=9)
    assert streak(done, today, excused=excused).current == 5
    still = assess([entry(3, 8)], RULES)  # in force: excused up to today
    assert max(still.excused(today)) == today


def test_pain_within_48_hours() -> None:
    records = [entry(0, 3), entry(1, 0), entry(2, 0)]
    assert pain_within(records, from_iso("2026-11-04T07:00:00Z")) is None
    found = pain_within(records, from_iso("2026-11-03T06:00:00Z"))
    assert found is not None and found.pain == 3


def test_reminder_while_the_last_pain_was_at_the_step_back_level() -> None:
    assert assess([entry(0, 5)], RULES).reminder_pain(RULES) is not None
    assert assess([entry(0, 5), entry(1, 2)], RULES).reminder_pain(RULES) is None
    assert assess([entry(0, 3)], RULES).reminder_pain(RULES) is None


# --- through the command line ----------------------------------------------------------------


@pytest.fixture(autouse=True)
def fake_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from hipcoach.session import recorder as session_module
    from hipcoach.tui import keys as terminal

    monkeypatch.setattr(terminal, "TerminalKeys", FakeTerminal)
    monkeypatch.setattr(session_module, "ScaledClock", FakeScaledClock)
    FakeTerminal.script, FakeTerminal.signal = [], None


@contextmanager
def at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Questions asked as at a terminal (the fake terminal and clock stay in place)."""
    with monkeypatch.context() as patch:
        patch.setattr("hipcoach.cli.session.stdin_is_terminal", lambda: True)
        patch.setattr("hipcoach.cli.session.stdout_is_terminal", lambda: True)
        yield


def hipcoach(*args: str, stdin: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=stdin)


def today() -> dict[str, Any]:
    return json.loads(hipcoach("today", "--json").stdout)  # type: ignore[no-any-return]


def sessions_logged() -> int:
    with open_store() as store:
        return session_count(store)


def pain_record() -> list[CheckInRecord]:
    with open_store() as store:
        return store.pain_record()


def test_a_pain_8_stop_holds_against_enter_yes_and_a_pain_free_check_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert hipcoach("run", "--yes", "--pain", "8", "--pain-where", "2").exit_code == 0
    assert today()["stop"]["pain"] == 8
    count = sessions_logged()
    with at_a_terminal(monkeypatch):
        # `today` at a terminal: Enter starts nothing, and nothing is offered
        shown = hipcoach("today", stdin="\n\n")
        assert shown.exit_code == 0 and "Stop this routine for now" in shown.stdout
        assert "[Y/n]" not in shown.stdout and sessions_logged() == count
        # `run` at a terminal asks with the default "no"; Enter starts nothing
        asked = hipcoach("run", stdin="\n")
        assert "despite the stop" in asked.stdout and "[y/N]" in asked.stdout
        assert sessions_logged() == count
    # --yes alone never overrides a stop; it says so and exits 4
    refused = hipcoach("run", "--yes")
    assert refused.exit_code == 4 and "--yes does not override it" in refused.stderr
    assert hipcoach("today", "--yes").exit_code == 4
    assert sessions_logged() == count
    # a later pain-free check-in adds a record: the pain 8 stays, and so does the stop
    assert hipcoach("checkin", "--pain", "0").exit_code == 0
    assert [c.pain for c in pain_record()] == [8, 0]
    assert today()["stop"]["pain"] == 8
    exported = json.loads(hipcoach("export", "--format", "json").stdout)
    assert [c["pain"] for c in exported["check_ins"]] == [8, 0]
    assert exported["check_ins"][0]["pain_where"] == "hip-hinge"
    logged = hipcoach("log")
    assert "pain 8 (Hip hinge)" in logged.stdout and "pain 0" in logged.stdout


def test_a_deliberate_flag_starts_despite_the_stop_and_the_session_says_so() -> None:
    hipcoach("run", "--yes", "--pain", "9")
    started = hipcoach("run", "--yes", "--despite-stop", "--quick")
    assert started.exit_code == 0, started.output
    assert "Starting despite the stop" in started.stderr
    logged = json.loads(hipcoach("log", "--json", "--limit", "1").stdout)
    assert logged[0]["despite_stop"] is True
    assert "started despite a stop" in hipcoach("log", "--limit", "1").stdout


def test_lifting_a_stop_is_a_recorded_visible_event(monkeypatch: pytest.MonkeyPatch) -> None:
    pin_clock(monkeypatch, "2026-11-25T07:30:00", "Asia/Tokyo")
    hipcoach("run", "--yes", "--pain", "7")
    before = pain_record()
    for args in ([], ["maybe"]):
        refused = hipcoach("lift-stop", *args)
        assert refused.exit_code == 2 and len(refused.stderr.strip().splitlines()) == 1
    soon = hipcoach("lift-stop", "pain-free-48h")
    assert soon.exit_code == 2 and "less than 48 hours ago" in soon.stderr
    pin_clock(monkeypatch, "2026-11-27T06:00:00", "Asia/Tokyo")
    hipcoach("checkin", "--pain", "2")  # pain within the 48 hours: the statement is false
    pin_clock(monkeypatch, "2026-11-28T07:31:00", "Asia/Tokyo")
    untrue = hipcoach("lift-stop", "pain-free-48h")
    assert untrue.exit_code == 2 and "pain 2" in untrue.stderr
    assert len(pain_record()) == len(before) + 1  # the refusals wrote nothing
    lifted = hipcoach("lift-stop", "assessed", "--note", "physio: fine")
    assert lifted.exit_code == 0 and "Stop lifted on 2026-11-28" in lifted.stdout
    assert today()["stop"] is None
    assert "Stop lifted on 2026-11-28: assessed by a professional" in hipcoach("today").stdout
    assert pain_record()[-1].lift == "assessed"
    assert "stop lifted: assessed by a professional" in hipcoach("log").stdout
    assert hipcoach("lift-stop", "assessed").exit_code == 2  # nothing left to lift


def test_red_flags_from_options_stop_and_bad_values_write_nothing() -> None:
    hipcoach("run", "--yes")
    for bad in (
        ["--red-flag", "itchy"],
        ["--pain", "11"],
        ["--effort", "0"],
        ["--pain", "3", "--pain-where", "7"],
        ["--pain", "3", "--pain-where", "hip-thrust"],
    ):
        result = hipcoach("checkin", *bad)
        assert result.exit_code == 2, bad
    assert pain_record() == []
    flagged = hipcoach("checkin", "--pain", "2", "--red-flag", "numbness", "--red-flag", "sharp")
    assert flagged.exit_code == 0 and "warning sign" in flagged.stderr
    stop = today()["stop"]
    assert stop["reason"] == "red-flag" and stop["red_flags"] == ["numbness", "sharp"]
    # a body place in the user's own words is kept as typed
    assert hipcoach("checkin", "--pain", "2", "--pain-where", "left knee").exit_code == 0
    assert pain_record()[-1].pain_where == "left knee"


def test_pain_on_a_fixed_dose_promises_nothing_and_says_what_to_do() -> None:
    hinge = hipcoach("run", "--yes", "--pain", "5", "--pain-where", "hip-hinge")
    assert "eases" not in hinge.output and "Next time:" not in hinge.output
    assert "Hip hinge cannot be made lighter (10 reps)" in hinge.stderr
    assert "smaller range of movement" in hinge.stderr
    hipcoach("checkin", "--pain", "0")  # else two check-ins in a row with pain 4+ stop
    stretch = hipcoach("run", "--yes", "--pain", "4", "--pain-where", "1")
    assert "Glute stretch cannot be made lighter (hold 20 s)" in stretch.stderr
    assert "Next time:" not in stretch.output


def test_the_why_under_a_dose_is_computed_from_the_state_now() -> None:
    for _ in range(3):
        hipcoach("run", "--yes", "--effort", "3", "--pain", "0")
    hurt = hipcoach("run", "--yes", "--effort", "3", "--pain", "5", "--pain-where", "1")
    assert "Next time: Glute stretch hold 25 s → hold 20 s" in hurt.stderr
    why = next(s for s in today()["steps"] if s["id"] == "glute-stretch")["why"]
    assert "pain 5" in why and "0 of 3" in why
    hipcoach("run", "--yes", "--effort", "3", "--pain", "0")
    fresh = next(s for s in today()["steps"] if s["id"] == "glute-stretch")["why"]
    assert "pain" not in fresh and "1 of 3 easy sessions toward 25 s" in fresh


def test_the_first_session_shows_the_safety_note_whichever_command_starts_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = hipcoach("run", "--yes", "--quick")
    assert "Before your first session" in first.stderr and "taken as read" in first.stderr
    assert "Before your first session" not in hipcoach("run", "--yes", "--quick").stderr


def test_a_recent_injury_before_the_first_session_stops_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with at_a_terminal(monkeypatch):
        shown = hipcoach("today", stdin="y\n")
    assert "Before your first session" in shown.stdout and "injury" in shown.stdout
    assert sessions_logged() == 0
    assert today()["stop"]["red_flags"] == ["recent-injury"]
    assert hipcoach("run", "--yes").exit_code == 4


# --- the record travels: migration, old exports, two machines ---------------------------------


def test_an_old_log_migrates_its_check_ins_without_loss(tmp_path: Path) -> None:
    sessions = [
        make_session(DAY, effort=5, pain=8, pain_where="hip-hinge", note="sharp"),
        make_session(DAY + timedelta(1), note="only a note"),
        make_session(DAY + timedelta(2)),
    ]
    path = tmp_path / "v5.db"
    legacy_log(path, 5, sessions)
    with open_store(path) as log:
        records = log.pain_record()
        columns = {row[1] for row in log.db.execute("PRAGMA table_info(sessions)")}
    assert [(c.session_id, c.effort, c.pain, c.pain_where, c.note) for c in records] == [
        (sessions[0].id, 5, 8, "hip-hinge", "sharp"),
        (sessions[1].id, None, None, None, "only a note"),
    ]
    assert [c.id for c in records] == [legacy_check_in_id(s.id) for s in sessions[:2]]
    assert not {"effort", "pain", "pain_where", "note"} & columns
    assert "despite_stop" in columns


def test_a_version_1_export_imports_its_check_ins_and_converges(tmp_path: Path) -> None:
    session = make_session(DAY, effort=6, pain=7, pain_where="glute-stretch", note="ow")
    old = {k: v for k, v in session.to_dict().items() if k != "despite_stop"}
    old |= {"effort": 6, "pain": 7, "pain_where": "glute-stretch", "note": "ow"}
    header = {"format": "hipcoach-log", "version": 1, "exported_utc": "2026-11-03T00:00:00Z"}
    path = tmp_path / "old.json"
    path.write_text(json.dumps({**header, "sessions": [old]}), encoding="utf-8")
    first = hipcoach("import", str(path))
    assert first.exit_code == 0 and "Check-ins: added 1" in first.stdout
    assert today()["stop"]["pain"] == 7
    again = hipcoach("import", str(path))
    assert "Check-ins: added 0; 1 already present" in again.stdout
    (record,) = pain_record()
    assert (record.id, record.note) == (legacy_check_in_id(session.id), "ow")


def test_a_check_in_made_on_one_machine_reaches_the_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    monkeypatch.setenv("HIPCOACH_HOME", str(laptop))
    hipcoach("run", "--yes", "--quick", "--effort", "5", "--pain", "1")
    first = tmp_path / "first.json"
    first.write_text(hipcoach("export", "--format", "json").stdout, encoding="utf-8")
    monkeypatch.setenv("HIPCOACH_HOME", str(desktop))
    assert hipcoach("import", str(first)).exit_code == 0
    assert today()["stop"] is None
    monkeypatch.setenv("HIPCOACH_HOME", str(laptop))  # later, on the laptop: it hurts
    assert hipcoach("checkin", "--pain", "7", "--pain-where", "hip-hinge").exit_code == 0
    second = tmp_path / "second.jsonl"
    second.write_text(hipcoach("export", "--format", "jsonl").stdout, encoding="utf-8")
    laptop_today = today()
    monkeypatch.setenv("HIPCOACH_HOME", str(desktop))
    merged = hipcoach("import", str(second))
    assert "Check-ins: added 1; 1 already present" in merged.stdout
    assert today()["stop"] == laptop_today["stop"] and today()["stop"]["pain"] == 7
    shown = hipcoach("today")
    assert "Stop this routine for now" in shown.stdout and "(Hip hinge)" in shown.stdout


def test_two_copies_of_a_session_say_what_differs_and_which_was_kept(tmp_path: Path) -> None:
    short = make_session(DAY, count=3, status="partial")
    full = make_session(DAY)
    with open_store() as store:
        add_sessions(store, [short])
    header = {"format": "hipcoach-log", "version": 2, "exported_utc": "2026-11-03T00:00:00Z"}
    path = tmp_path / "other.json"
    path.write_text(json.dumps({**header, "sessions": [full.to_dict()]}), encoding="utf-8")
    result = hipcoach("import", str(path))
    assert "differs in ended_utc, status, sets; 3 sets here, 8 in the file" in result.stdout
    assert "kept the file's copy" in result.stdout


# --- properties of the rules -------------------------------------------------------------------

ENTRY = st.one_of(
    st.tuples(st.integers(0, 10) | st.none(), st.sampled_from([(), ("numbness",)])),
    st.just("lift"),
)


def entries_from(drawn: list[Any]) -> list[CheckInRecord]:
    records = []
    for n, item in enumerate(drawn):
        if item == "lift":
            records.append(entry(n, lift="assessed"))
        else:
            pain, flags = item
            records.append(entry(n, pain, flags=flags))
    return records


@given(st.lists(ENTRY, max_size=30))
def test_only_a_lift_ends_a_stop(drawn: list[Any]) -> None:
    records = entries_from(drawn)
    stopped = False
    for end in range(1, len(records) + 1):
        now = assess(records[:end], RULES).stop is not None
        if stopped and not now:
            assert records[end - 1].lift is not None  # nothing else lifts it
        stopped = now


@given(st.lists(ENTRY, max_size=30))
def test_a_stop_follows_the_rules(drawn: list[Any]) -> None:
    records = entries_from(drawn)
    stop = assess(records, RULES).stop
    after_lift = records
    for i, record in enumerate(records):
        if record.lift is not None:
            after_lift = records[i + 1 :]
    pains = [r.pain for r in after_lift if r.pain is not None]
    expected = (
        any(r.red_flags for r in after_lift)
        or any(p >= RULES.stop_pain for p in pains)
        or any(min(a, b) >= RULES.step_back_pain for a, b in pairwise(pains))
    )
    assert (stop is not None) == expected


# --- found by a walkthrough as a new user ------------------------------------------------------


def test_a_lift_covers_only_what_its_machine_knew() -> None:
    """C lifts the stop it knew of; a warning sign A recorded meanwhile (earlier by the
    clock, imported later) is not lifted by it."""
    first = entry(0, 8)
    numbness = entry(1, 2, flags=("numbness",), hour=9)
    lift = CheckInRecord(
        id="lift",
        recorded_utc="2026-11-03T10:00:00.000Z",
        utc_offset_minutes=0,
        local_date=DAY + timedelta(1),
        lift="assessed",
        covers=first.id,
    )
    merged = assess([first, numbness, lift], RULES)
    assert merged.stop is not None and merged.stop.red_flags == ("numbness",)
    assert merged.lifted is not None  # the old stop was lifted, and said so
    knew = replace(lift, covers=numbness.id)
    assert assess([first, numbness, knew], RULES).stop is None


def test_a_warning_sign_is_lifted_only_by_an_assessment(monkeypatch: pytest.MonkeyPatch) -> None:
    pin_clock(monkeypatch, "2026-11-25T07:30:00", "Asia/Tokyo")
    hipcoach("checkin", "--red-flag", "groin")
    assert "hipcoach lift-stop pain-free-48h" not in hipcoach("today").stdout
    pin_clock(monkeypatch, "2026-11-28T08:00:00", "Asia/Tokyo")
    refused = hipcoach("lift-stop", "pain-free-48h")
    assert refused.exit_code == 2 and "until it has been assessed" in refused.stderr
    assert hipcoach("lift-stop", "assessed").exit_code == 0


def test_pain_while_stopped_says_the_stop_holds_and_promises_nothing() -> None:
    hipcoach("run", "--yes", "--pain", "8")
    again = hipcoach("run", "--yes", "--despite-stop", "--pain", "7", "--pain-where", "1")
    assert "Stop this routine for now" in again.stderr
    assert "cannot be made lighter" not in again.output and "Next time" not in again.output


def test_pain_after_a_rehearsal_and_a_stop_in_force_are_in_the_report() -> None:
    hipcoach("run", "--quick", "--speed", "60", "--yes", "--pain", "8", "--pain-where", "1")
    text = hipcoach("export", "--format", "md").stdout
    assert "- A stop is in force: On 2026-11-25 you reported pain 8 (Glute stretch)." in text
    assert "## Other check-ins (about no session, or after a rehearsal)" in text
    assert re.search(r"- ⚠ 2026-11-25 07:30 · pain 8 \(Glute stretch\)", text)


def test_a_check_in_says_something() -> None:
    hipcoach("run", "--yes")
    for empty in (["--note", "  "], ["--pain-where", "2"], ["--pain", "0", "--pain-where", "2"]):
        assert hipcoach("checkin", *empty).exit_code == 2, empty
    assert pain_record() == []


def test_rescuing_an_old_log_keeps_its_check_ins(tmp_path: Path) -> None:
    """A damaged log from before the pain record: its check-ins come back as records."""
    import sqlite3

    from hipcoach.log.rescue import rescue_log

    sessions = [make_session(DAY + timedelta(n), pain=n % 9, note=f"n{n}") for n in range(40)]
    path = tmp_path / "old.db"
    legacy_log(path, 5, sessions)
    db = sqlite3.connect(path)
    (page,) = db.execute(
        "SELECT max(pageno) FROM dbstat WHERE name = 'sets' AND pagetype = 'leaf'"
    ).fetchone()
    db.close()
    with path.open("r+b") as file:  # one page of sets unreadable: the log needs rescue
        file.seek((page - 1) * 4096)
        file.write(b"\xff" * 4096)
    report = rescue_log(path, from_iso("2026-12-01T00:00:00Z"))
    assert report.sessions == 40
    with open_store(path) as store:
        records = store.pain_record()
    assert [(r.id, r.pain, r.note) for r in records] == [
        (legacy_check_in_id(s.id), n % 9, f"n{n}") for n, s in enumerate(sessions)
    ]
