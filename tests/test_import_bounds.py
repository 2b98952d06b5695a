"""Import: a session still running in the file arrives unfinished; a damaged file is
refused after the first problems, not after reading every bad record."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hipcoach.cli import app
from hipcoach.errors import HipcoachError
from hipcoach.log.importer import MAX_PROBLEMS, check_export, export_records
from hipcoach.log.store import open_store
from tests.histories import make_session
from tests.test_export_import import DAY, export, seed

runner = CliRunner()


def exported_while_running(tmp_path: Path, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / "laptop"))
    seed(dataclasses.replace(make_session(DAY, count=3), status="running", ended_utc=None))
    path = tmp_path / "log.jsonl"
    path.write_text(export("--format", "jsonl"), encoding="utf-8")
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / "desktop"))
    return path


def test_a_session_running_in_the_file_is_imported_as_partial(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = exported_while_running(tmp_path, monkeypatch)
    assert runner.invoke(app, ["import", str(path)]).exit_code == 0
    with open_store() as store:
        (session,) = store.iter_sessions()
    assert session.status == "partial" and session.finished_sets() == 3


def test_a_later_copy_that_finished_it_wins(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = exported_while_running(tmp_path, monkeypatch)
    seed(make_session(DAY))  # the same session, finished here
    assert runner.invoke(app, ["import", str(path)]).exit_code == 0
    with open_store() as store:
        (session,) = store.iter_sessions()
    assert session.status == "completed" and session.finished_sets() == 8


def test_a_damaged_file_is_refused_at_the_first_problems(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    header = {"format": "hipcoach-log", "version": 2}
    lines = [json.dumps(header)] + [json.dumps({"id": f"x{n}"}) for n in range(1000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(path)])
    assert result.exit_code == 2
    said = result.stderr.splitlines()
    assert "stopped after the first 20 problems" in said[-1] and MAX_PROBLEMS == 20
    assert len(said) <= MAX_PROBLEMS + 2  # the first ones, the stop, maybe a hint
    assert said[0].startswith(f"{path}:2")  # the first bad record, by its line


def test_the_import_streams_the_file_and_merges_a_record_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / "laptop"))
    for day in range(3):
        seed(make_session(DAY.replace(day=DAY.day - day)))
    path = tmp_path / "log.jsonl"
    path.write_text(export("--format", "jsonl"), encoding="utf-8")
    scan = check_export(path)
    assert (scan.sessions, scan.check_ins) == (3, 0)
    stream = export_records(path, scan)
    assert isinstance(stream, Iterator)  # not a list: nothing is held but the record at hand
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / "desktop"))
    with open_store() as store:
        report = store.merge(stream)
        assert report.added == 3 and len(store.recent_sessions(10)) == 3


def test_a_file_changed_between_check_and_merge_is_refused_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / "laptop"))
    seed(make_session(DAY))
    path = tmp_path / "log.jsonl"
    path.write_text(export("--format", "jsonl"), encoding="utf-8")
    scan = check_export(path)
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # it grew
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / "desktop"))
    with open_store() as store:
        with pytest.raises(HipcoachError, match="changed while it was being imported"):
            store.merge(export_records(path, scan))
        assert store.recent_sessions(10) == []  # rolled back
