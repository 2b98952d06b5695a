"""Self-test results travel with the log: exported (JSON, JSON Lines), imported back whole
and idempotently, refused record by record when bad, and rescued from a damaged log."""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hipcoach import paths
from hipcoach.cli import app
from hipcoach.log.store import open_store
from tests.conftest import pin_clock
from tests.histories import make_session
from tests.test_assess import FULL, ONE_TEST, assess

runner = CliRunner()


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    pin_clock(monkeypatch, "2026-12-01T09:00", "Asia/Tokyo")


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


def a_coachs_test_of_three_trials() -> None:
    """A hold to failure of three trials a side, with a pain question, as a coach writes it."""
    text = ONE_TEST.replace("KIND", "hold-to-failure\n      trials: 3").replace(
        "ANSWER", "pain\n          flag_from: 2"
    )
    paths.user_programs_dir().mkdir(parents=True, exist_ok=True)
    (paths.user_programs_dir() / "my-tests.yaml").write_text(text, encoding="utf-8")
    trials = [f"plank {side} {40 + n} form={n}" for side in ("left", "right") for n in range(3)]
    result = invoke("assess", "my-tests", *(a for t in trials for a in ("--result", t)))
    assert result.exit_code == 0, result.output


def results_in_log() -> list[dict[str, Any]]:
    """Every stored result, as the export writes it (ordered by id, to compare logs)."""
    from hipcoach.log.selftests import all_results

    with open_store() as store:
        return sorted((r.to_dict() for r in all_results(store)), key=lambda r: r["id"])


def export_to(path: Path, kind: str) -> Path:
    result = invoke("export", "--format", kind, "--output", str(path))
    assert result.exit_code == 0, result.output
    return path


def fresh_log(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> None:
    monkeypatch.setenv("HIPCOACH_HOME", str(tmp_path / name))


@pytest.mark.parametrize("kind", ["json", "jsonl"])
def test_self_tests_round_trip_every_side_trial_answer_and_flag(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert assess(*FULL).exit_code == 0
    a_coachs_test_of_three_trials()
    before = results_in_log()
    assert len(before) == 14 and {r["trial"] for r in before} == {1, 2, 3}
    assert {r["answers"]["form"] for r in before if r["test_id"] == "plank"} == {0, 1, 2}
    file = export_to(tmp_path / f"log.{kind}", kind)
    fresh_log(monkeypatch, tmp_path, "other")
    first = invoke("import", str(file))
    assert first.exit_code == 0, first.output
    assert "Self-test results: added 14; 0 already present; 0 conflicting." in first.stdout
    assert results_in_log() == before
    # the flagged pain came along as the check-in it made, so the caution travels too
    assert json.loads(invoke("today", "--json").stdout)["last_pain"]["pain"] == 2
    again = invoke("import", str(file))
    assert "Self-test results: added 0; 14 already present; 0 conflicting." in again.stdout
    assert results_in_log() == before


def test_the_json_export_lists_the_results_one_per_line_after_the_check_ins(
    tmp_path: Path,
) -> None:
    assess("side-bridge left 40", "side-bridge right 30")
    text = export_to(tmp_path / "log.json", "json").read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["version"] == 4
    assert [r["side"] for r in document["test_results"]] == ["left", "right"]
    assert document["test_results"][0]["record"] == "test-result"
    assert len([line for line in text.splitlines() if '"record": "test-result"' in line]) == 2


def test_an_export_without_self_tests_and_a_version_2_file_import(tmp_path: Path) -> None:
    with open_store() as store:
        store.merge([make_session(date(2026, 11, 20))])
    document = json.loads(export_to(tmp_path / "log.json", "json").read_text(encoding="utf-8"))
    assert document["test_results"] == []
    del document["test_results"], document["runs"]
    document["version"] = 2
    old = tmp_path / "old.json"
    old.write_text(json.dumps(document), encoding="utf-8")
    result = invoke("import", str(old))
    assert result.exit_code == 0, result.output
    assert "Self-test" not in result.stdout  # nothing to say about results it has none of


def db_hash() -> str:
    return hashlib.sha256(paths.db_path().read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("trial", 4, "test_results[1].trial: Input should be less than or equal to 3"),
        ("answers", {"knee": "great"}, "'great' is not an answer"),
        ("unit", "reps", "unit 'reps' does not fit a hold-to-failure test"),
        ("value", None, "value and unit are both given or both null"),
        ("local_date", "2026-12-02", "local_date 2026-12-02 does not match"),
    ],
)  # fmt: skip
def test_a_bad_result_is_refused_in_one_line_naming_it_and_nothing_is_written(
    field: str, value: Any, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assess("side-bridge left 40", "side-bridge right 30")
    file = export_to(tmp_path / "log.json", "json")
    document = json.loads(file.read_text(encoding="utf-8"))
    bad = document["test_results"][1]
    bad[field] = value
    file.write_text(json.dumps(document), encoding="utf-8")
    fresh_log(monkeypatch, tmp_path, "other")
    assess("side-bridge left 50", "side-bridge right 50")
    kept = db_hash()
    result = invoke("import", str(file))
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr
    assert f"self-test result {bad['id']}" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert db_hash() == kept


def test_a_bad_result_in_json_lines_names_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assess("single-leg-squat left knee=good pelvis=fair trunk=good")
    file = export_to(tmp_path / "log.jsonl", "jsonl")
    lines = file.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[-1])["record"] == "test-result"
    lines[-1] = lines[-1].replace('"kind": "checklist"', '"kind": "plank"')
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fresh_log(monkeypatch, tmp_path, "other")
    result = invoke("import", str(file))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{file}:{len(lines)}: kind: ")
    assert results_in_log() == []


def test_a_result_that_differs_keeps_this_logs_copy_and_says_so(tmp_path: Path) -> None:
    assess("side-bridge left 40", "side-bridge right 30")
    file = export_to(tmp_path / "log.json", "json")
    before = results_in_log()
    document = json.loads(file.read_text(encoding="utf-8"))
    document["test_results"][0]["value"] = 90.0
    file.write_text(json.dumps(document), encoding="utf-8")
    result = invoke("import", str(file))
    assert result.exit_code == 0, result.output
    assert "added 0; 1 already present; 1 conflicting" in result.stdout
    assert "self-test result" in result.stdout and "differs in value" in result.stdout
    assert results_in_log() == before


def test_the_date_range_of_an_export_holds_for_results_too(tmp_path: Path) -> None:
    assess("side-bridge left 40", "side-bridge right 30")
    document = json.loads(invoke("export", "--format", "json", "--since", "2026-12-02").stdout)
    assert document["test_results"] == []
    document = json.loads(invoke("export", "--format", "json", "--until", "2026-12-01").stdout)
    assert len(document["test_results"]) == 2


def test_a_rescue_keeps_the_self_tests(isolated: Path) -> None:
    from tests.reliability.test_faults import SESSIONS, START, a_few_bad_pages, checkpointed

    with open_store() as log:
        log.merge([make_session(START + timedelta(days=n)) for n in range(SESSIONS)])
    assess(*FULL)
    before = results_in_log()
    a_few_bad_pages(checkpointed(isolated))
    result = invoke("doctor", "--rescue-log")
    assert result.exit_code == 0, result.output
    assert results_in_log() == before


def test_a_fractional_count_of_reps_is_refused_on_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """20.5 reps were never done: an edited file's count is refused, nothing written."""
    assess("single-leg-bridge left 20", "single-leg-bridge right 22")
    file = export_to(tmp_path / "log.json", "json")
    document = json.loads(file.read_text(encoding="utf-8"))
    document["test_results"][0]["value"] = 20.5
    file.write_text(json.dumps(document), encoding="utf-8")
    fresh_log(monkeypatch, tmp_path, "other")
    result = invoke("import", str(file))
    assert result.exit_code == 2
    assert "a count of reps is a whole number, not 20.5" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert results_in_log() == []


def test_answers_are_numbers_and_stable_codes_in_json_and_older_strings_still_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pain was "3" (a string) in `assess --results --json`; now a number there and in the
    export alike, a yes-no or a rating its code (the words --result takes); an export that
    wrote "3" still imports, to the same log."""
    assess("single-leg-stance left pelvis-drop=yes lateral-hip-pain=3")
    (stance,) = json.loads(invoke("assess", "--results", "--json").stdout)
    assert stance["sides"]["left"]["answers"] == {"pelvis-drop": "yes", "lateral-hip-pain": 3}
    file = export_to(tmp_path / "log.json", "json")
    document = json.loads(file.read_text(encoding="utf-8"))
    assert document["test_results"][0]["answers"] == {"pelvis-drop": "yes", "lateral-hip-pain": 3}
    before = results_in_log()
    document["test_results"][0]["answers"]["lateral-hip-pain"] = "3"  # as older exports wrote
    file.write_text(json.dumps(document), encoding="utf-8")
    fresh_log(monkeypatch, tmp_path, "other")
    assert invoke("import", str(file)).exit_code == 0
    assert results_in_log() == before
    document["test_results"][0]["answers"]["lateral-hip-pain"] = True  # not an answer
    file.write_text(json.dumps(document), encoding="utf-8")
    fresh_log(monkeypatch, tmp_path, "third")
    refused = invoke("import", str(file))
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1, refused.output
