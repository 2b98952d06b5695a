"""Runs from the watch travel with the log: exported (JSON, JSON Lines) with every column
and their summaries, imported back whole and idempotently, refused record by record when
bad, read from an older export that has none, and rescued from a damaged log."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hipcoach import paths
from hipcoach.cli import app
from hipcoach.log.store import open_store
from tests.conftest import pin_clock
from tests.runsynth import Plan, fit_bytes

runner = CliRunner()
# two runs, on Monday 5 and Sunday 11 October in Tokyo (the watch's offset: +09:00)
FIRST = datetime(2026, 10, 4, 22, 0, tzinfo=UTC)
SECOND = datetime(2026, 10, 10, 23, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    pin_clock(monkeypatch, "2026-12-01T09:00", "Asia/Tokyo")


@pytest.fixture(scope="module")
def watch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("watch")
    (root / "long.fit").write_bytes(
        fit_bytes(Plan(km=12, start=FIRST, drift={"ground_contact_time": 8}, drift_from_km=8))
    )
    (root / "easy.fit").write_bytes(fit_bytes(Plan(km=5, start=SECOND)))
    return root


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


def import_runs(watch: Path) -> None:
    result = invoke("runs", "import", str(watch))
    assert result.exit_code == 0, result.output


def runs_in_log() -> list[dict[str, Any]]:
    """Every stored run, as the export writes it, by id."""
    from hipcoach.log.runs import runs_between

    with open_store() as store:
        return sorted((r.to_dict() for r in runs_between(store)), key=lambda r: r["id"])


def export_to(path: Path, kind: str, *extra: str) -> Path:
    result = invoke("export", "--format", kind, "--output", str(path), *extra)
    assert result.exit_code == 0, result.output
    return path


def fresh_log(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> None:
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / name))


def db_hash() -> str:
    return hashlib.sha256(paths.db_path().read_bytes()).hexdigest()


@pytest.mark.parametrize("kind", ["json", "jsonl"])
def test_runs_round_trip_with_every_column_and_summary(
    kind: str, watch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_runs(watch)
    before = runs_in_log()
    assert len(before) == 2 and all(r["summary"]["km"] for r in before)
    listed = invoke("runs", "--json").stdout
    shown = invoke("runs", "show", before[0]["id"], "--json").stdout
    file = export_to(tmp_path / f"log.{kind}", kind)
    fresh_log(monkeypatch, tmp_path, "other")
    assert "No runs yet" in invoke("runs").stdout
    first = invoke("import", str(file))
    assert first.exit_code == 0, first.output
    assert "Runs: added 2; 0 already present; 0 conflicting." in first.stdout
    assert runs_in_log() == before
    assert invoke("runs", "--json").stdout == listed  # the list's own columns came back too
    assert invoke("runs", "show", before[0]["id"], "--json").stdout == shown
    again = invoke("import", str(file))
    assert again.exit_code == 0, again.output
    assert "Runs: added 0; 2 already present; 0 conflicting." in again.stdout
    assert runs_in_log() == before


def test_the_json_export_is_version_4_with_one_run_a_line_after_the_results(
    watch: Path, tmp_path: Path
) -> None:
    import_runs(watch)
    text = export_to(tmp_path / "log.json", "json").read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["version"] == 4
    assert list(document)[-1] == "runs" and len(document["runs"]) == 2
    assert {r["record"] for r in document["runs"]} == {"run"}
    assert len([line for line in text.splitlines() if '"record": "run"' in line]) == 2
    assert set(document["runs"][0]["summary"]) == {"km", "analysis", "cleaning"}  # no samples


def test_the_summary_line_names_runs_in_japanese(
    watch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_runs(watch)
    file = export_to(tmp_path / "log.jsonl", "jsonl")
    fresh_log(monkeypatch, tmp_path, "other")
    result = invoke("import", str(file), "--lang", "ja")
    assert result.exit_code == 0, result.output
    assert "ラン: 2件を追加しました。既存0件・競合0件。" in result.stdout


def test_the_date_range_holds_for_runs_by_their_local_day(watch: Path) -> None:
    import_runs(watch)  # the first run is on 5 October in Tokyo, though 4 October in UTC

    def ran(*args: str) -> list[str]:
        document = json.loads(invoke("export", "--format", "json", *args).stdout)
        return [r["local_date"] for r in document["runs"]]

    assert ran("--since", "2026-10-05", "--until", "2026-10-05") == ["2026-10-05"]
    assert ran("--since", "2026-10-06") == ["2026-10-11"]
    assert ran("--until", "2026-10-04") == []


LONG_SUMMARY = {"km": ["x" * 1000] * 300, "analysis": {}, "cleaning": {}}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id", "NOT-AN-ID", "runs[1].id: String should match pattern"),
        ("content_sha256", "abc", "runs[1].content_sha256: String should match pattern"),
        ("part", -1, "runs[1].part: Input should be greater than or equal to 0"),
        ("metres", 5e7, "runs[1].metres: Input should be less than or equal to 1000000"),
        ("fade_index", "1.5", "runs[1].fade_index: Input should be a valid number"),
        ("treadmill", 1, "runs[1].treadmill: Input should be a valid boolean"),
        ("summary", [], "runs[1].summary: Input should be a valid dictionary"),
        ("summary", {"km": []}, "summary must be an object with km (a list)"),
        ("summary", LONG_SUMMARY, "summary is larger than 256 KB"),
        ("start_utc", "1900-01-01T00:00:00+00:00", "is outside the dates"),
        ("local_date", "2026-10-12", "local_date 2026-10-12 does not match"),
        ("moving_seconds", 1e5, "moving_seconds is more than elapsed_seconds"),
        ("samples", [], "runs[1].samples: Extra inputs are not permitted"),
    ],
)  # fmt: skip
def test_a_bad_run_is_refused_in_one_line_naming_it_and_nothing_is_written(
    field: str,
    value: Any,
    message: str,
    watch: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import_runs(watch)
    file = export_to(tmp_path / "log.json", "json")
    document = json.loads(file.read_text(encoding="utf-8"))
    bad = document["runs"][1]
    name = bad["id"]
    bad[field] = value
    file.write_text(json.dumps(document), encoding="utf-8")
    fresh_log(monkeypatch, tmp_path, "other")
    import_runs(watch / "easy.fit")  # a log with something in it, to stay as it is
    kept = db_hash()
    result = invoke("import", str(file))
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr
    if field != "id":
        assert f"(run {name})" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert db_hash() == kept


def test_a_bad_run_in_json_lines_names_its_line(
    watch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_runs(watch)
    file = export_to(tmp_path / "log.jsonl", "jsonl")
    lines = file.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[-1])["record"] == "run"
    lines[-1] = lines[-1].replace('"treadmill": false', '"treadmill": "no"')
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fresh_log(monkeypatch, tmp_path, "other")
    result = invoke("import", str(file))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{file}:{len(lines)}: treadmill: ")
    assert runs_in_log() == []


def test_a_run_that_differs_keeps_this_logs_copy_and_says_so(watch: Path, tmp_path: Path) -> None:
    import_runs(watch)
    before = runs_in_log()
    file = export_to(tmp_path / "log.json", "json")
    document = json.loads(file.read_text(encoding="utf-8"))
    document["runs"][0]["metres"] = 1.0
    document["runs"][0]["summary"]["analysis"]["edited"] = True
    file.write_text(json.dumps(document), encoding="utf-8")
    result = invoke("import", str(file))
    assert result.exit_code == 0, result.output
    assert "Runs: added 0; 1 already present; 1 conflicting." in result.stdout
    assert f"run {document['runs'][0]['id'][:8]}…: differs in metres, summary" in result.stdout
    assert runs_in_log() == before


def test_the_same_run_imported_on_two_machines_is_already_present(
    watch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Imported there a day later from a copy of the file under another name: no conflict."""
    import_runs(watch)
    before = runs_in_log()
    file = export_to(tmp_path / "log.json", "json")
    document = json.loads(file.read_text(encoding="utf-8"))
    for run in document["runs"]:
        run["imported_utc"] = "2026-12-02T00:00:00+00:00"
        run["source_name"] = "renamed.fit"
    file.write_text(json.dumps(document), encoding="utf-8")
    dry = invoke("import", str(file), "--dry-run")
    assert "Runs: would add 0; 2 already present; 0 conflicting." in dry.stdout
    result = invoke("import", str(file))
    assert "Runs: added 0; 2 already present; 0 conflicting." in result.stdout
    assert runs_in_log() == before


def test_a_dry_run_counts_runs_and_writes_nothing(
    watch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_runs(watch)
    file = export_to(tmp_path / "log.jsonl", "jsonl")
    fresh_log(monkeypatch, tmp_path, "other")
    result = invoke("import", str(file), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Runs: would add 2; 0 already present; 0 conflicting." in result.stdout
    assert runs_in_log() == []


def test_the_same_run_under_another_id_is_already_present(watch: Path, tmp_path: Path) -> None:
    """The same start and device (the table's rule), as another copy of the file gives."""
    import_runs(watch)
    before = runs_in_log()
    file = export_to(tmp_path / "log.jsonl", "jsonl")
    lines = file.read_text(encoding="utf-8").splitlines()
    run = json.loads(lines[-1])
    run["id"], run["content_sha256"] = "0123456789ab", "0" * 64
    lines[-1] = json.dumps(run)
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("import", str(file))
    assert result.exit_code == 0, result.output
    assert "Runs: added 0; 2 already present; 0 conflicting." in result.stdout
    assert runs_in_log() == before


@pytest.mark.parametrize("kind", ["json", "jsonl"])
def test_a_version_3_export_without_runs_still_imports(
    kind: str, watch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_assess import assess

    assert assess("side-bridge left 40", "side-bridge right 30").exit_code == 0
    file = export_to(tmp_path / f"log.{kind}", kind)
    if kind == "json":
        document = json.loads(file.read_text(encoding="utf-8"))
        assert document.pop("runs") == []
        document["version"] = 3
        file.write_text(json.dumps(document), encoding="utf-8")
    else:
        lines = file.read_text(encoding="utf-8").splitlines()
        lines[0] = lines[0].replace('"version": 4', '"version": 3')
        file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fresh_log(monkeypatch, tmp_path, "other")
    result = invoke("import", str(file))
    assert result.exit_code == 0, result.output
    assert "Self-test results: added 2" in result.stdout
    assert "Runs" not in result.stdout  # nothing to say about runs it has none of


def test_a_newer_version_is_refused_cleanly(watch: Path, tmp_path: Path) -> None:
    import_runs(watch)
    file = export_to(tmp_path / "log.jsonl", "jsonl")
    text = file.read_text(encoding="utf-8").replace('"version": 4', '"version": 5', 1)
    file.write_text(text, encoding="utf-8")
    kept = db_hash()
    result = invoke("import", str(file))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert db_hash() == kept


def test_a_rescue_keeps_the_runs(watch: Path, isolated: Path) -> None:
    from tests.histories import make_session
    from tests.reliability.test_faults import SESSIONS, START, a_few_bad_pages, checkpointed

    with open_store() as log:
        log.merge([make_session(START + timedelta(days=n)) for n in range(SESSIONS)])
    import_runs(watch)
    before = runs_in_log()
    a_few_bad_pages(checkpointed(isolated))
    result = invoke("doctor", "--rescue-log")
    assert result.exit_code == 0, result.output
    assert runs_in_log() == before
