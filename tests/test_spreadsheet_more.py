"""The self-test and run tables: self-test results long (a row per trial's number and per
answer), runs one row each with the figures of ``runs show --json``; fixed columns and
machine values in every language, picked by local day, no formulas, empty cells empty."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hipcoach import paths
from hipcoach.cli import app
from hipcoach.reports.spreadsheet import RUN_COLUMNS, SELF_TEST_COLUMNS
from hipcoach.runs.track import METRICS
from tests import test_runs_interchange as interchange
from tests.conftest import pin_clock
from tests.test_assess import FULL, assess
from tests.test_runs_interchange import import_runs
from tests.test_spreadsheet import read_back, table

runner = CliRunner()

# a coach's own tests: one of both legs at once, two trials, a pain question; names a
# spreadsheet would run as formulas
MINE = """\
format: 1
id: my-tests
name: {en: Mine, ja: 自分の}
summary: {en: Mine, ja: 自分の}
steps:
  - id: plank
    phase: self-test
    name: {en: "=1+1 plank", ja: "=プランク"}
    purpose: {en: p, ja: p}
    how_to: [{en: h, ja: h}]
    feel: {en: f, ja: f}
    cue: {en: c, ja: c}
    test:
      kind: hold-to-failure
      sides: none
      trials: 2
      questions:
        - id: ache
          label: {en: "-ache", ja: 痛み}
          text: {en: Ache?, ja: 痛みは？}
          answer: pain
"""


def export(*args: str) -> str:
    result = runner.invoke(app, ["export", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def on(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    pin_clock(monkeypatch, moment, "Asia/Tokyo")


def my_tests(*trials: str) -> None:
    paths.user_programs_dir().mkdir(parents=True, exist_ok=True)
    (paths.user_programs_dir() / "my-tests.yaml").write_text(MINE, encoding="utf-8")
    result = runner.invoke(
        app, ["assess", "my-tests", *(a for t in trials for a in ("--result", t))]
    )
    assert result.exit_code == 0, result.output


# --- self-tests ----------------------------------------------------------------------------------


def test_self_tests_a_row_per_number_and_answer_in_the_tests_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    on(monkeypatch, "2026-12-01T09:00")
    assert assess(*FULL).exit_code == 0
    text = export("--format", "csv-self-tests")
    assert text.splitlines()[0] == ",".join(SELF_TEST_COLUMNS)
    rows = table(text)
    # stance: 2 answers a side; bridge, side bridge: a number a side; squat: 3 answers a side
    assert len(rows) == 4 + 2 + 2 + 6
    assert len({r["assessment_id"] for r in rows}) == 1 and rows[0]["assessment_id"]
    assert {(r["date"], r["time"], r["program"]) for r in rows} == {
        ("2026-12-01", "2026-12-01 09:00:00", "hip-tests")
    }
    assert [r["test"] for r in rows][::2] == ["single-leg-stance"] * 2 + [
        "single-leg-bridge",
        "side-bridge",
    ] + ["single-leg-squat"] * 3
    by = {(r["test"], r["side"], r["measure"]): r for r in rows}
    side = by["side-bridge", "left", "result"]
    assert (side["test_name"], side["measure_name"], side["value"], side["unit"]) == (
        "Side bridge",
        "seconds held",
        "40",
        "seconds",
    )
    assert by["single-leg-bridge", "right", "result"]["unit"] == "reps"
    assert by["single-leg-bridge", "right", "result"]["value"] == "18"
    drop = by["single-leg-stance", "right", "pelvis-drop"]
    assert (drop["value"], drop["unit"], drop["measure_name"]) == ("1", "yes_1_no_0", "pelvis drop")
    assert by["single-leg-stance", "left", "pelvis-drop"]["value"] == "0"
    pain = by["single-leg-stance", "right", "lateral-hip-pain"]
    assert (pain["value"], pain["unit"]) == ("1", "pain_0_10")
    knee = by["single-leg-squat", "right", "knee"]
    assert (knee["value"], knee["unit"], knee["trial"]) == ("poor", "good_fair_poor", "1")
    squat_left = [r["measure"] for r in rows if r["test"] == "single-leg-squat"][:3]
    assert squat_left == ["knee", "pelvis", "trunk"]  # the program's order, not the alphabet's


def test_self_tests_both_legs_trials_and_formulas_in_a_localised_name() -> None:
    my_tests("plank - 41.25 ache=0", "plank - 38 ache=3")
    rows = table(export("--format", "csv-self-tests"))
    assert [(r["side"], r["trial"], r["measure"], r["value"]) for r in rows] == [
        ("both", "1", "result", "41.2"),  # to a tenth, as the log shows it
        ("both", "1", "ache", "0"),
        ("both", "2", "result", "38"),
        ("both", "2", "ache", "3"),
    ]
    assert rows[0]["test_name"] == "'=1+1 plank" and rows[1]["measure_name"] == "'-ache"
    ja = table(export("--format", "csv-self-tests", "--lang", "ja"))
    assert (ja[0]["test_name"], ja[0]["measure_name"], ja[1]["measure_name"]) == (
        "'=プランク",
        "保持した秒数",
        "痛み",
    )


def test_self_tests_of_a_program_since_removed_keep_their_codes_without_names() -> None:
    my_tests("plank - 40 ache=2")
    (paths.user_programs_dir() / "my-tests.yaml").unlink()
    rows = table(export("--format", "csv-self-tests"))
    assert [(r["test"], r["test_name"], r["measure"], r["measure_name"]) for r in rows] == [
        ("plank", "", "result", "seconds held"),
        ("plank", "", "ache", ""),
    ]
    assert (rows[1]["value"], rows[1]["unit"]) == ("2", "pain_0_10")


def test_self_tests_columns_and_values_are_the_same_in_every_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    on(monkeypatch, "2026-12-01T09:00")
    assert assess(*FULL).exit_code == 0
    en = table(export("--format", "csv-self-tests"))
    ja = table(export("--format", "csv-self-tests", "--lang", "ja"))
    names = {"test_name", "measure_name"}
    assert [{k: v for k, v in r.items() if k not in names} for r in en] == [
        {k: v for k, v in r.items() if k not in names} for r in ja
    ]
    assert {r["test_name"] for r in ja} >= {"サイドブリッジ", "片脚ブリッジ"}
    assert {r["measure_name"] for r in ja} >= {"回数", "骨盤の落ち込み"}


def test_self_tests_picked_by_local_day(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    on(monkeypatch, "2026-11-02T08:00")  # 1 November in UTC
    assert assess("side-bridge left 40", "side-bridge right 35").exit_code == 0
    on(monkeypatch, "2026-11-16T08:00")
    assert assess("side-bridge left 50", "side-bridge right 45").exit_code == 0
    dates = [r["date"] for r in table(export("--format", "csv-self-tests"))]
    assert dates == ["2026-11-02"] * 2 + ["2026-11-16"] * 2
    only = table(
        export("--format", "csv-self-tests", "--since", "2026-11-02", "--until", "2026-11-02")
    )
    assert [r["value"] for r in only] == ["40", "35"]
    later = table(export("--format", "csv-self-tests", "--since", "2026-11-03"))
    assert [r["value"] for r in later] == ["50", "45"]
    target = tmp_path / "tests.csv"
    result = runner.invoke(app, ["export", "-f", "csv-self-tests", "-o", str(target), "--excel"])
    assert result.exit_code == 0 and "4 results written" in result.stderr
    assert target.read_text(encoding="utf-8").startswith("\ufeffassessment_id,date,time,")


# --- runs ----------------------------------------------------------------------------------------
# watch: a 12 km run with contact time drifting from km 8, on Monday 5 October in Tokyo
# (still the 4th in UTC), and an easy 5 km on Sunday 11 October
watch = interchange.watch


def shown(run_id: str) -> dict[str, object]:
    result = runner.invoke(app, ["runs", "show", run_id, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def cell(value: object, digits: int = 2) -> str:
    """What the table writes for a figure of ``runs show --json``."""
    if value is None:
        return ""
    number = round(float(value), digits)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else str(number)


def test_runs_one_row_each_with_the_figures_runs_show_gives(watch: Path) -> None:
    import_runs(watch)
    text = export("--format", "csv-runs")
    assert text.splitlines()[0] == ",".join(RUN_COLUMNS)
    assert "None" not in text and "nan" not in text
    rows = table(text)
    assert [r["date"] for r in rows] == ["2026-10-05", "2026-10-11"]  # local days, not UTC
    assert rows[0]["start"] == "2026-10-05 07:00:00"
    judged = 0
    for row in rows:
        run = shown(row["run_id"])
        assert row["run_id"] == run["id"]
        assert row["distance_km"] == cell(run["distance_km"])
        assert row["moving_s"] == cell(run["moving_seconds"], 1)
        assert float(row["elapsed_s"]) >= float(row["moving_s"])
        pace = float(row["moving_s"]) / float(row["distance_km"])
        assert float(row["pace_s_per_km"]) == pytest.approx(pace, rel=1e-3)
        assert (row["treadmill"], row["intervals"]) == ("0", "0")
        assert row["fields"] == ";".join(run["fields"])  # type: ignore[arg-type]
        assert row["not_judged"] == (run["not_judged_because"] or "")
        for key in ("fade_index", "decoupling_pct", "onset_km"):
            assert row[key] == cell(run[key]), key
        metrics: dict[str, dict[str, object]] = run["metrics"]  # type: ignore[assignment]
        for metric in METRICS:
            result = metrics[metric]
            low, high = result["ci_pct"] or (None, None)  # type: ignore[misc]
            assert row[f"{metric}_drift_pct"] == cell(result["drift_pct"]), metric
            assert (row[f"{metric}_ci_low_pct"], row[f"{metric}_ci_high_pct"]) == (
                cell(low),
                cell(high),
            )
        judged += run["judged"] is True
    assert judged == 1 and rows[1]["not_judged"] == "too_short"  # 5 km: no late part
    assert rows[1]["cadence_drift_pct"] == rows[1]["fade_index"] == ""
    long = rows[0]
    assert float(long["ground_contact_time_drift_pct"]) > 3  # the drift put in shows
    assert long["fade_index"] != "" and long["onset_km"] != ""
    # the same columns and values in Japanese: nothing of a run is translated
    assert export("--format", "csv-runs", "--lang", "ja") == text


def test_runs_picked_by_local_day_and_counted(watch: Path, tmp_path: Path) -> None:
    import_runs(watch)
    first = table(export("--format", "csv-runs", "--since", "2026-10-05", "--until", "2026-10-05"))
    assert [r["date"] for r in first] == ["2026-10-05"]
    assert table(export("--format", "csv-runs", "--until", "2026-10-04")) == []
    second = table(export("--format", "csv-runs", "--since", "2026-10-06"))
    assert [r["date"] for r in second] == ["2026-10-11"]
    target = tmp_path / "runs.csv"
    result = runner.invoke(app, ["export", "-f", "csv-runs", "-o", str(target), "--excel"])
    assert result.exit_code == 0 and "2 runs written" in result.stderr
    assert target.read_text(encoding="utf-8").startswith("\ufeffrun_id,date,start,")


@pytest.mark.parametrize(
    ("kind", "columns"), [("csv-self-tests", SELF_TEST_COLUMNS), ("csv-runs", RUN_COLUMNS)]
)
def test_an_empty_log_gives_the_header_alone(kind: str, columns: tuple[str, ...]) -> None:
    assert export("--format", kind) == ",".join(columns) + "\n"
    assert export("--format", kind, "--excel") == "\ufeff" + ",".join(columns) + "\n"


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)",
)
def test_libreoffice_reads_the_new_tables_as_numbers_dates_and_text(
    watch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_runs(watch)
    on(monkeypatch, "2026-12-01T09:00")
    my_tests("plank - 40 ache=2")
    for kind, columns in (("csv-self-tests", SELF_TEST_COLUMNS), ("csv-runs", RUN_COLUMNS)):
        source = tmp_path / f"{kind}.csv"
        args = ["export", "-f", kind, "--lang", "ja", "--excel", "-o", str(source)]
        assert runner.invoke(app, args).exit_code == 0
        rows = read_back(source, tmp_path)
        assert [value for _, value in rows[0][: len(columns)]] == list(columns)
        assert all(kind != "formula" for row in rows for kind, _ in row)
        first = dict(zip(columns, rows[1], strict=False))
        assert first["date"][0] == "date"
        if kind == "csv-runs":
            assert first["start"] == ("date", "2026-10-05T07:00:00")
            assert first["distance_km"][0] == "float" and first["fade_index"][0] == "float"
            assert first["ground_contact_time_drift_pct"][0] == "float"
        else:
            assert first["time"] == ("date", "2026-12-01T09:00:00")
            assert first["test_name"] == ("string", "'=プランク")
            assert first["value"] == ("float", "40")
