"""What a new user's walkthrough of `runs import` and `runs show` found: each fix, in
English and Japanese, on the real files and on synthetic runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hipcoach import i18n
from hipcoach.cli import app
from hipcoach.runs.decode import reason_text
from tests.runsynth import Plan, fit_bytes

runner = CliRunner()
FIT = Path(__file__).parent / "data" / "fit"
README = Path(__file__).parents[1] / "README.md"


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def only_run_id() -> str:
    code, out = invoke("runs", "--json")
    assert code == 0, out
    return str(json.loads(out)[-1]["id"])


@pytest.fixture
def drifting(tmp_path: Path) -> str:
    run = tmp_path / "run.fit"
    run.write_bytes(fit_bytes(Plan(km=12, drift={"ground_contact_time": 8}, drift_from_km=8)))
    assert invoke("runs", "import", str(run))[0] == 0
    return only_run_id()


@pytest.mark.parametrize(
    ("lang", "said", "cell"),
    [("en", "From 8 km on,", "8 km"), ("ja", "8 km 地点から", "8 km 地点")],
)
def test_the_onset_is_a_distance_in_the_sentence_and_the_column(
    drifting: str, lang: str, said: str, cell: str
) -> None:
    code, out = invoke("runs", "show", drifting, "--lang", lang)
    assert code == 0, out
    assert said in out
    row = next(
        line
        for line in out.splitlines()
        if line.startswith(i18n.t("runs.field.ground_contact_time", lang=lang))
    )  # type: ignore[arg-type]
    assert row.rstrip().endswith(cell)
    # the rows say how they are labelled: by where each km ends
    assert i18n.t("runs.show.rows_mark", lang=lang)[:20] in out.replace("\n", " ")  # type: ignore[arg-type]
    code, shown = invoke("runs", "show", drifting, "--json")
    assert json.loads(shown)["metrics"]["ground_contact_time"]["onset_km"] == 8  # a distance


def test_the_warmup_figure_reaches_as_far_as_the_starred_rows() -> None:
    from hipcoach.tui.runs_view import warmup_km, warmup_sentence

    assert warmup_km(1991) == "2.0"  # rows 1.0 and 2.0
    assert warmup_km(2034) == "2.03"  # "2.0" would hide that row 3.0 holds some
    assert warmup_km(1100) == "1.1"
    km = [{"end_m": e, "warmup": e - 1000 < 2034} for e in (1000, 2000, 3000, 4000)]
    said = warmup_sentence(2034, km)
    i18n.set_language("en")
    assert warmup_sentence(2034, km) == "Warm-up: the first 2.03 km (rows 1.0 to 3.0, marked *)."
    assert said


def judged(decoupling: float) -> dict[str, Any]:
    metric = {"clear": False, "fatigue_pct": None, "drift_pct": None}
    return {"judged": True, "metrics": {m: dict(metric) for m in (
        "cadence", "ground_contact_time", "vertical_oscillation", "vertical_ratio",
        "step_length", "ground_contact_balance", "power",
    )}, "decoupling_pct": decoupling}  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "phrase"), [("en", "heart rate fell relative to your pace"), ("ja", "心拍が下がった")]
)
def test_a_clearly_negative_decoupling_is_explained(lang: str, phrase: str) -> None:
    from hipcoach.tui.runs_view import sentences

    i18n.set_language(lang)  # type: ignore[arg-type]
    assert phrase in sentences(judged(-18.9))
    assert phrase not in sentences(judged(-1.0)) and phrase not in sentences(judged(7.0))


def test_a_short_id_asks_for_four_characters_and_ids_are_whole_everywhere(drifting: str) -> None:
    code, out = invoke("runs", "show", drifting[:2])
    assert code == 2
    assert "at least 4 characters" in out
    code, listed = invoke("runs")
    assert len(drifting) == 12 and drifting in listed


def test_a_multisport_file_says_files_and_runs_and_lists_each_run() -> None:
    code, out = invoke(
        "runs", "import", str(FIT / "fitparse" / "activity-large-fenxi2-multisport.fit.gz")
    )
    assert code == 0, out
    assert "1 imported (2 runs)" in out
    ids = [r["id"] for r in json.loads(invoke("runs", "--json")[1])]
    assert len(ids) == 2 and all(f"id {i}" in out for i in ids)
    assert "runs show ID" in out


def test_an_undated_run_is_said_to_be_a_run_that_cannot_be_dated() -> None:
    _, out = invoke("runs", "import", str(FIT / "fitparse" / "compressed-speed-distance.fit"))
    assert "a run, but it cannot be dated" in out and "skipped" in out.splitlines()[-1]
    assert "compressed-speed-distance.fit: skipped" not in out
    assert "`no_date`" in README.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_decoder_errors_are_worded_never_quoted(lang: str) -> None:
    cut = {"detail": "Compressed file ended before the end-of-stream marker was reached"}
    gz = reason_text("broken_gzip", cut, lang=lang)  # type: ignore[arg-type]
    xml = reason_text(
        "unreadable", {"format": "GPX", "detail": "unclosed token: line 20, column 0"}, lang=lang
    )  # type: ignore[arg-type]
    assert "Compressed" not in gz and "end-of-stream" not in gz
    assert "unclosed" not in xml and "20" in xml
    assert reason_text("broken_gzip", cut, lang="en").startswith(
        "cannot unpack it: the gzip file is cut off"
    )


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_wrapped_list_keeps_every_separator(lang: str) -> None:
    from hipcoach.tui.runs_view import listed

    i18n.set_language(lang)  # type: ignore[arg-type]
    fields = ("heart_rate", "cadence", "ground_contact_time", "vertical_oscillation")
    fields += ("vertical_ratio", "step_length", "ground_contact_balance", "power")
    items = [i18n.t(f"runs.short.{m}") for m in fields]
    lines = listed(items, 30)
    assert len(lines) > 1
    gap = " " if lang == "en" else ""
    assert gap.join(lines) == i18n.join(items)


def test_a_run_under_1_km_says_it_has_no_splits() -> None:
    invoke("runs", "import", str(FIT / "fitparse" / "garmin-fenix-5-run.fit"))
    code, out = invoke("runs", "show", only_run_id())
    assert code == 0, out
    assert "Shorter than 1 km: no per-km table." in out
    assert "* the km holds" not in out and "pace /km" not in out


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_run_header_leaves_out_zeros_and_says_treadmill_in_a_sentence(
    tmp_path: Path, lang: str
) -> None:
    run = tmp_path / "treadmill.fit"
    run.write_bytes(fit_bytes(Plan(km=12, treadmill=True)))
    invoke("runs", "import", str(run))
    code, out = invoke("runs", "show", only_run_id(), "--lang", lang)
    assert code == 0, out
    assert "0:00:00" not in out and " 0 GPS" not in out and "飛び 0 回" not in out
    assert i18n.t("runs.show.treadmill", lang=lang) in out  # type: ignore[arg-type]
    assert "\ntreadmill\n" not in out and "\nトレッドミル\n" not in out


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_at_60_columns_a_unit_stays_with_its_number_and_the_chart_key_whole(
    drifting: str, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    code, out = invoke("runs", "show", drifting, "--lang", lang)
    assert code == 0, out
    lines = out.splitlines()
    assert not any(line.startswith(("%", "predicted)", "予測）")) for line in lines)
    key = i18n.t("runs.chart.key", lang=lang)  # type: ignore[arg-type]
    assert any(key in line for line in lines)


def test_import_usage_names_path_not_the_parameter() -> None:
    code, out = invoke("runs", "import", "--help")
    assert "PATH" in out and "paths" not in out
    code, out = invoke("runs", "import")
    assert code == 2 and "PATH" in out and "paths" not in out
