"""`hipcoach runs`: a folder of mixed watch files imports with every file accounted for,
a second import adds nothing, bad files end in one line, and the views read in en and ja."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hipcoach.cli import app
from hipcoach.runs.decode import process_file
from tests.runsynth import Plan, fit_bytes

runner = CliRunner()

TCX = """<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
  xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
 <Activities><Activity Sport="Running"><Id>2026-09-01T21:00:00Z</Id><Lap><Track>
{points}
 </Track></Lap><Creator><Name>Forerunner 965</Name></Creator></Activity></Activities>
</TrainingCenterDatabase>"""
TCX_POINT = """<Trackpoint><Time>{time}</Time><DistanceMeters>{metres}</DistanceMeters>
<HeartRateBpm><Value>150</Value></HeartRateBpm><Position><LatitudeDegrees>35.6</LatitudeDegrees>
<LongitudeDegrees>139.7</LongitudeDegrees></Position>
<Extensions><ns3:TPX><ns3:RunCadence>86</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>"""
GPX = """<?xml version="1.0"?>
<gpx version="1.1" creator="Some Watch" xmlns="http://www.topografix.com/GPX/1/1"
 xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
<trk><type>running</type><trkseg>{points}</trkseg></trk></gpx>"""
GPX_POINT = """<trkpt lat="{lat}" lon="139.7"><time>{time}</time><extensions>
<gpxtpx:TrackPointExtension><gpxtpx:hr>140</gpxtpx:hr><gpxtpx:cad>88</gpxtpx:cad>
</gpxtpx:TrackPointExtension></extensions></trkpt>"""


def tcx(start: datetime, seconds: int) -> str:
    points = [
        TCX_POINT.format(time=(start + timedelta(seconds=s)).isoformat(), metres=3.0 * s)
        for s in range(0, seconds, 5)
    ]
    return TCX.format(points="\n".join(points))


def gpx(start: datetime, seconds: int) -> str:
    points = [
        GPX_POINT.format(
            time=(start + timedelta(seconds=s)).isoformat(), lat=35.6 + 3.0 * s / 111_000
        )
        for s in range(0, seconds, 5)
    ]
    return GPX.format(points="\n".join(points))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A watch's folder: a run, the same run gzipped, a ride, TCX and GPX, a broken file."""
    root = tmp_path_factory.mktemp("watch")
    run = fit_bytes(Plan(km=12, drift={"ground_contact_time": 8}, drift_from_km=8))
    (root / "run.fit").write_bytes(run)
    (root / "export").mkdir()
    (root / "export" / "copy.fit.gz").write_bytes(gzip.compress(run))
    ride_start = datetime(2026, 9, 3, 22, 0, tzinfo=UTC)
    (root / "ride.fit").write_bytes(fit_bytes(Plan(km=1, start=ride_start), sport="cycling"))
    (root / "easy.tcx").write_text(tcx(datetime(2026, 9, 1, 21, 0, tzinfo=UTC), 900))
    (root / "export" / "short.gpx").write_text(gpx(datetime(2026, 9, 2, 21, 0, tzinfo=UTC), 600))
    (root / "broken.fit").write_bytes(run[: len(run) // 2])
    (root / "notes.txt").write_text("not a watch file: a folder import leaves it alone")
    return root


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_a_mixed_folder_imports_with_every_file_accounted_for(folder: Path) -> None:
    code, out = invoke("runs", "import", str(folder), "--json")
    assert code == 2, out  # broken.fit is bad input, and every other file still imported
    report = json.loads(out)
    assert report["imported"] == 3  # run.fit, easy.tcx, short.gpx
    assert report["already_present"] == 1  # the gzipped copy of run.fit
    assert [Path(s["file"]).name for s in report["skipped"]] == ["ride.fit"]
    assert report["skipped"][0]["reason"] == "not a run: cycling"
    assert [Path(f["file"]).name for f in report["failed"]] == ["broken.fit"]
    assert "\n" not in report["failed"][0]["reason"]
    code, out = invoke("runs", "import", str(folder), "--json")
    again = json.loads(out)
    assert (again["imported"], again["already_present"]) == (0, 4)


def test_the_plain_report_names_each_problem_on_one_line(folder: Path) -> None:
    code, out = invoke("runs", "import", str(folder / "broken.fit"), str(folder / "ride.fit"))
    assert code == 2
    lines = out.strip().splitlines()
    assert lines[0].endswith("ride.fit: skipped, not a run: cycling")
    assert "broken.fit: not imported, " in lines[1]
    assert lines[-1] == "Files: 0 imported, 0 already present, 1 skipped, 1 failed."
    assert "Traceback" not in out


def test_a_path_that_does_not_exist_is_a_bad_argument(folder: Path) -> None:
    code, out = invoke("runs", "import", str(folder / "run.fit"), str(folder / "nope"))
    assert code == 2
    assert out.strip() == f"{folder / 'nope'}: no such file or folder"
    assert "imported" not in out  # nothing was imported before the check


def run_id() -> str:
    code, out = invoke("runs", "--json")
    assert code == 0, out
    fit_runs = [r for r in json.loads(out) if r["source_name"] == "run.fit"]
    return str(fit_runs[0]["id"])


def test_show_json_holds_every_metric_with_drift_and_interval(folder: Path) -> None:
    invoke("runs", "import", str(folder / "run.fit"))
    code, out = invoke("runs", "show", run_id()[:6], "--json")
    assert code == 0, out
    shown = json.loads(out)
    assert set(shown["metrics"]) == {
        "cadence", "ground_contact_time", "vertical_oscillation", "vertical_ratio",
        "step_length", "ground_contact_balance", "power",
    }  # fmt: skip
    for result in shown["metrics"].values():
        assert {"drift_pct", "ci_pct", "onset_km"} <= set(result)
    assert {"fade_index", "onset_km", "decoupling_pct"} <= set(shown)
    assert shown["judged"]
    contact = shown["metrics"]["ground_contact_time"]
    assert contact["drift_pct"] == pytest.approx(8, abs=1.5)  # the late third all drifted
    assert shown["km"][5]["cadence"] == pytest.approx(150 + 8 * 3.3, abs=4)  # steps, not strides


@pytest.mark.parametrize(("lang", "phrase"), [("en", "contact time"), ("ja", "接地時間")])
def test_show_says_what_drifted_in_both_languages(folder: Path, lang: str, phrase: str) -> None:
    invoke("runs", "import", str(folder / "run.fit"))
    code, out = invoke("runs", "show", run_id(), "--lang", lang)
    assert code == 0, out
    said = out.strip().split("\n\n")[-1]  # the sentences, wrapped to the terminal
    assert phrase in said.splitlines()[0]
    assert "┄" in out  # the chart's predicted line


def test_list_and_trend_read_in_japanese(folder: Path) -> None:
    invoke("runs", "import", str(folder / "run.fit"), str(folder / "easy.tcx"))
    code, out = invoke("runs", "--lang", "ja")
    assert code == 0 and "短すぎ" in out  # the TCX run is too short to judge
    code, out = invoke("runs", "trend", "--lang", "ja")
    assert code == 0, out
    assert "判定済みのロング走もルーティンの記録もありません" in out  # 12 km is not long


def test_an_unknown_id_is_one_line_and_exit_2() -> None:
    code, out = invoke("runs", "show", "abcdef")
    assert code == 2
    assert out.splitlines()[0] == "no run with the id abcdef"


@pytest.mark.parametrize("cut", [0, 11, 14, 200, -3])
def test_truncated_files_fail_in_one_line(folder: Path, tmp_path: Path, cut: int) -> None:
    data = (folder / "ride.fit").read_bytes()
    target = tmp_path / "cut.fit"
    target.write_bytes(data[:cut])
    outcome = process_file(str(target))
    assert outcome.status == "failed"
    assert outcome.reason and "\n" not in outcome.reason


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_corrupted_files_never_raise(folder: Path, tmp_path: Path, data: st.DataObject) -> None:
    original = bytearray((folder / "ride.fit").read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(original) - 1))
        original[at] = data.draw(st.integers(0, 255))
    target = tmp_path / "fuzzed.fit"
    target.write_bytes(bytes(original))
    outcome = process_file(str(target))
    assert outcome.status in ("failed", "skipped", "runs")
    assert "\n" not in outcome.reason


def test_hostile_xml_is_refused_in_one_line(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.gpx"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><gpx>&b;</gpx>'
    )
    outcome = process_file(str(bomb))
    assert outcome.status == "failed"
    assert "\n" not in outcome.reason


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_report_shows_fade_next_to_the_routine_only_with_runs(
    tmp_path: Path, lang: str
) -> None:
    code, before = invoke("export", "--format", "html", "--lang", lang)
    assert code == 0 and "<svg" in before
    title = {"en": "Runs from your watch", "ja": "時計のラン記録"}[lang]
    assert title not in before  # no runs: no section, no empty chart
    long_run = tmp_path / "long.fit"
    long_run.write_bytes(fit_bytes(Plan(km=16, drift={"ground_contact_time": 8}, drift_from_km=11)))
    assert invoke("runs", "import", str(long_run))[0] == 0
    code, after = invoke("export", "--format", "html", "--lang", lang)
    assert code == 0 and title in after
    section = after[after.index(title) :]
    assert "<circle" in section  # the run's fade, a dot on the week of the run
    caveat = {"en": "An association, not proof", "ja": "これは関連であって証明ではありません"}
    assert caveat[lang] in section
    no_routine = {"en": "No routine sessions in the log yet", "ja": "ルーティンの記録がまだない"}
    assert no_routine[lang] in section  # nothing trained: no comparison, no verdict


def test_a_folder_without_watch_files_says_so(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no runs here")
    code, out = invoke("runs", "import", str(tmp_path))
    assert code == 0
    assert out.splitlines()[0] == f"No FIT, TCX or GPX files in {tmp_path}."


def test_show_lists_each_metric_with_its_interval_and_the_fade_index(folder: Path) -> None:
    invoke("runs", "import", str(folder / "run.fit"))
    code, out = invoke("runs", "show", run_id())
    assert code == 0, out
    row = next(line for line in out.splitlines() if line.startswith("contact time "))
    cells = row.split()
    assert cells[2].startswith("+") and "…" in row and cells[-2:] == ["8", "km"]  # from 8 km on
    assert "Fade index" in out and "-0.0" not in out


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_show_and_list_read_at_60_columns_and_keep_every_figure(
    folder: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    from rich.cells import cell_len

    invoke("runs", "import", str(folder / "run.fit"))
    monkeypatch.setenv("COLUMNS", "160")
    code, wide = invoke("runs", "show", run_id(), "--lang", lang)
    assert code == 0, wide
    monkeypatch.setenv("COLUMNS", "60")
    code, narrow = invoke("runs", "show", run_id(), "--lang", lang)
    assert code == 0, narrow
    assert max(cell_len(line) for line in narrow.splitlines()) <= 60
    assert max(cell_len(line) for line in wide.splitlines()) > 60  # wide, it spreads out
    full_header = {"en": "contact ms", "ja": "接地時間 ms"}[lang]
    assert full_header in wide and full_header not in narrow
    legend = {"en": "GCT: contact time, ms", "ja": "接地: 接地時間（ms）"}[lang]
    assert legend in narrow  # the short header is explained
    rows = [line.split() for line in narrow.splitlines() if line[:4].strip() in ("6.0", "6.0*")]
    wide_rows = [line.split() for line in wide.splitlines() if line.startswith("6.0")]
    assert rows[0] == wide_rows[0]  # the same ten figures for km 6, at either width
    code, listed = invoke("runs", "--lang", lang)
    assert code == 0
    assert max(cell_len(line) for line in listed.splitlines()) <= 60
    assert run_id()[:8] in listed
    holds = {"en": "vertical oscillation", "ja": "上下動"}[lang]
    assert holds in listed  # what the file holds, folded under the run


def test_on_a_pretended_day_the_list_ends_there(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HIPCOACH_NOW shows the log as it was: a run dated after that day is not listed."""
    from tests.conftest import pin_clock

    invoke("runs", "import", str(folder / "easy.tcx"), str(folder / "export" / "short.gpx"))
    pin_clock(monkeypatch, "2026-09-02T12:00:00", "Asia/Tokyo")  # after easy.tcx, not short.gpx
    code, out = invoke("runs", "--json")
    assert code == 0, out
    assert [r["source_name"] for r in json.loads(out)] == ["easy.tcx"]
