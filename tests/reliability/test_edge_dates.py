"""Dates at the ends of the calendar, where they come in: imports, arguments, the clock.

The promise: a date outside 1970-2199 is refused where it enters, in one line naming the
record or the option (exit 2, the log unchanged); no command fails afterwards, and a
log that already holds such a date (written by an older hipcoach) is still shown.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from hipcoach.log.store import open_store
from hipcoach.timeutil import days_from
from tests.histories import make_session
from tests.reliability.test_faults import START, checkpointed, digest
from tests.reliability.test_hostile_input import Outcome, hipcoach

pytestmark = pytest.mark.reliability

AFTER = (("today",), ("stats",), ("log",), ("export", "--format", "md"))
REPORTS = (("export", "--format", "html"), ("export", "--format", "csv"))


def assert_refused(outcome: Outcome, *expected: str) -> None:
    assert outcome.code == 2, outcome
    assert "Traceback" not in outcome.err and "internal error" not in outcome.err, outcome
    for text in expected:
        assert text in outcome.err, outcome


@pytest.fixture
def export_file(isolated: Path, tmp_path: Path) -> Path:
    """An export of one ordinary session, to edit; the log holds a week of others."""
    with open_store() as log:
        log.merge([make_session(START + timedelta(days=n)) for n in range(7)])
    source = make_session(START + timedelta(days=30), session_id=None)
    path = tmp_path / "edge.json"
    document = {"format": "hipcoach-log", "version": 1, "sessions": [source.to_dict()]}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


EDGES = {
    "after the last instant": ("9999-12-31T23:59:59-12:00", 0, "9999-12-31"),
    "before the first instant": ("0001-01-01T00:00:00+14:00", 0, "0001-01-01"),
    "on the last local day": ("9999-12-31T10:00:00Z", 540, "9999-12-31"),
    "before 1970": ("1969-12-31T22:00:00Z", 0, "1969-12-31"),
    "after 2199": ("2200-01-01T07:00:00Z", 0, "2200-01-01"),
}


@pytest.mark.parametrize("edge", EDGES, ids=list(EDGES))
def test_an_import_at_the_edge_of_the_calendar_is_refused(export_file: Path, edge: str) -> None:
    started, offset, local = EDGES[edge]
    document = json.loads(export_file.read_text(encoding="utf-8"))
    session = document["sessions"][0]
    session.update(started_utc=started, utc_offset_minutes=offset, local_date=local, ended_utc=None)
    export_file.write_text(json.dumps(document), encoding="utf-8")
    log = checkpointed(export_file.parent / "home")
    before = digest(log)
    outcome = hipcoach("import", str(export_file))
    assert_refused(outcome, str(export_file), "started_utc", session["id"])
    assert digest(log) == before
    for args in (*AFTER, *REPORTS):
        assert hipcoach(*args).code == 0, args


def test_a_log_that_already_holds_the_last_day_still_works(isolated: Path) -> None:
    """Written before dates were bounded: the walks over days stop at the last one."""
    with open_store() as log:
        log.merge([make_session(START), make_session(date(2199, 12, 31), effort=5, pain=8)])
        last = "9999-12-31T14:59:59.000Z"  # 23:59:59 in Tokyo, the last local second
        log.db.execute(
            "UPDATE sessions SET local_date = '9999-12-31', started_utc = ?, ended_utc = ? "
            "WHERE local_date > '2100'",
            (last, last),
        )
        log.db.execute(
            "UPDATE sets SET started_utc = ?, ended_utc = ? WHERE started_utc > '2100'",
            (last, last),
        )
        log.db.execute(
            "UPDATE check_ins SET local_date = '9999-12-31', recorded_utc = ? "
            "WHERE local_date > '2100'",
            (last,),
        )
    for args in (*AFTER, *REPORTS):
        outcome = hipcoach(*args)
        assert outcome.code == 0 and "Traceback" not in outcome.err, outcome


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("export", "--since", "1969-12-31"), "--since"),
        (("export", "--format", "html", "--until", "9999-12-31"), "--until"),
        (("export", "--format", "ics", "--schedule", "mon", "--at", "07:00:00:00"), "--at"),
        (("export", "--format", "ics", "--schedule", "mon", "--at", "7:00:00"), "--at"),
        (("export", "--format", "ics", "--schedule", "mon", "--at", "24:00"), "--at"),
    ],
)
def test_arguments_outside_the_range_are_refused(
    isolated: Path, args: tuple[str, ...], option: str
) -> None:
    assert_refused(hipcoach(*args), option)


def test_a_time_of_day_is_hours_and_minutes(isolated: Path) -> None:
    outcome = hipcoach("export", "--format", "ics", "--schedule", "mon", "--at", "6:30")
    assert outcome.code == 0 and "T063000" in outcome.out, outcome


@pytest.mark.parametrize("now", ["1969-07-20T20:17:00Z", "2200-01-01", "9999-12-31T23:59:59-12:00"])
def test_a_clock_outside_the_range_is_refused(
    isolated: Path, monkeypatch: pytest.MonkeyPatch, now: str
) -> None:
    with monkeypatch.context() as patched:
        patched.setenv("HIPCOACH_NOW", now)
        assert_refused(hipcoach("today"), "HIPCOACH_NOW")
    assert not (isolated / "data").exists()


def test_a_walk_over_days_ends_on_the_last_day_a_date_can_have() -> None:
    assert list(days_from(date.max - timedelta(days=1), date.max)) == [
        date.max - timedelta(days=1),
        date.max,
    ]
    assert list(days_from(START, START)) == [START]
    assert list(days_from(START, START - timedelta(days=1))) == []
