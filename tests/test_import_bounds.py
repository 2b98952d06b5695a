"""Import: a session still running in the file arrives unfinished; a damaged file is
refused after the first problems, not after reading every bad record."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from typer.testing import CliRunner

from hipcoach.cli import app
from hipcoach.log.importer import MAX_PROBLEMS
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
