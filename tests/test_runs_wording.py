"""What a new user read in `runs`, `runs show`, `runs trend`, the import's reasons and the
HTML report: each sentence says what it means, in English and Japanese, at 60 columns."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from hipcoach import i18n
from hipcoach.cli import app
from hipcoach.log.runs import RunListing
from hipcoach.runs.trend import trend
from tests.runsynth import Plan, fit_bytes

runner = CliRunner()
TODAY = date(2026, 11, 25)


def listing(day: date, fade: float | None, metres: float = 21_000) -> RunListing:
    return RunListing(
        f"id{day}", f"{day}T00:00:00+00:00", 540, day, metres, 6300, fade,
        ("cadence",), False, False, None if fade is not None else "too_short", None, "x.fit",
    )  # fmt: skip


def nesting(text: str) -> int:
    """The deepest level of brackets (full-width or not) in ``text``."""
    depth = deepest = 0
    for char in text:
        if char in "(（":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")）":
            depth -= 1
    return deepest


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "No long runs (15 km or more, steady) in these 26 weeks: the last was on 2024-05-12.",
        ),
        ("ja", "最後のロング走は 2024年5月12日でした。"),
    ],
)
def test_trend_without_long_runs_in_the_weeks_says_so_in_one_line(lang: str, said: str) -> None:
    from hipcoach.tui.runs_view import trend_view

    i18n.set_language(lang)  # type: ignore[arg-type]
    runs = [listing(date(2024, 5, 12), 1.0), listing(date(2026, 10, 1), None, 5_000)]
    text = trend_view(trend(runs, [], TODAY), TODAY, width=200)
    assert said in text
    assert "0/7" not in text  # no weeks of "–  0  0/7"


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "No long runs (15 km or more, steady) yet among your 2 runs: the last run was on"),
        ("ja", "ランは 2 本ありますが、ロング走（15 km 以上、一定ペース）はまだありません。"),
    ],
)
def test_trend_without_any_long_run_says_where_the_runs_are(lang: str, said: str) -> None:
    from hipcoach.tui.runs_view import trend_view

    i18n.set_language(lang)  # type: ignore[arg-type]
    runs = [listing(date(2026, 9, 1), None, 5_000), listing(date(2026, 10, 1), None, 8_000)]
    text = trend_view(trend(runs, [], TODAY), TODAY, width=200)
    assert said in text


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_trend_sentences_wrap_to_60_columns(lang: str) -> None:
    from hipcoach.tui.runs_view import trend_view

    i18n.set_language(lang)  # type: ignore[arg-type]
    start = date(2026, 6, 1)
    runs = [listing(start - timedelta(days=7 * k), 3.0 + k / 10) for k in range(1, 5)]
    runs += [listing(TODAY - timedelta(days=7 * k), 0.5 + k / 10) for k in range(1, 5)]
    for routine in ([start], []):  # with a comparison, and with "nothing to compare"
        text = trend_view(trend(runs, routine, TODAY), TODAY, width=60)
        assert max(cell_len(line) for line in text.splitlines()) <= 60, text
    assert "nothing to\ncompare" in text or lang == "ja"  # broken between words


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_report_shows_runs_whose_long_runs_are_long_ago(lang: str) -> None:
    from hipcoach.reports.runs_section import runs_section_html

    runs = [listing(date(2024, 5, 12), 1.5), listing(date(2026, 10, 1), None, 5_000)]
    html = runs_section_html(trend(runs, [], TODAY), lang)  # type: ignore[arg-type]
    assert "<circle" in html  # the last long run's fade, on the weeks up to it
    earlier = {
        "en": "No long runs in the last 26 weeks",
        "ja": "直近 26 週間にロング走はありません",
    }
    assert earlier[lang] in html
    short_only = [listing(date(2026, 10, 1), None, 5_000)]
    html = runs_section_html(trend(short_only, [], TODAY), lang)  # type: ignore[arg-type]
    title = {"en": "Runs from your watch", "ja": "時計のラン記録"}[lang]
    assert title in html and "<svg" not in html  # the section, with no empty chart
    assert runs_section_html(trend([], [], TODAY), lang) == ""  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_html_export_has_the_runs_section_with_runs_and_no_sessions(
    tmp_path: Path, lang: str
) -> None:
    old = datetime(2025, 3, 2, 22, 0, tzinfo=UTC)
    long_run = tmp_path / "long.fit"
    plan = Plan(km=16, drift={"ground_contact_time": 8}, drift_from_km=11, start=old)
    long_run.write_bytes(fit_bytes(plan))
    assert runner.invoke(app, ["runs", "import", str(long_run)]).exit_code == 0
    result = runner.invoke(app, ["export", "--format", "html", "--lang", lang])
    assert result.exit_code == 0
    title = {"en": "Runs from your watch", "ja": "時計のラン記録"}[lang]
    assert title in result.output
    assert "<circle" in result.output[result.output.index(title) :]


def test_the_cleaning_line_counts_one_spike_in_the_singular() -> None:
    assert i18n.counted(1, "gps_spike", lang="en") == "1 GPS spike"
    assert i18n.counted(4, "gps_spike", lang="en") == "4 GPS spikes"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_show_says_the_pace_is_over_the_running_time(tmp_path: Path, lang: str) -> None:
    run = tmp_path / "run.fit"
    run.write_bytes(fit_bytes(Plan(km=12, walks=[(6.0, 120)])))
    assert runner.invoke(app, ["runs", "import", str(run)]).exit_code == 0
    listed = runner.invoke(app, ["runs", "--json"]).output
    run_id = listed.split('"id": "')[1][:8]
    out = runner.invoke(app, ["runs", "show", run_id, "--lang", lang]).output
    title = out.split("\n\n")[0].replace("\n", " ")
    said = {"en": "of running", "ja": "走った時間"}[lang]
    finish = {"en": "from start to finish", "ja": "開始から終了まで"}[lang]
    assert said in title and finish in title
    assert "日 のラン" not in out
    wording = {"en": ["bounce", "but power", "what sensors and pacing vary by"], "ja": []}
    for phrase in wording[lang]:
        assert phrase not in out


def test_vertical_oscillation_has_one_name_in_each_language() -> None:
    for lang in ("en", "ja"):
        short = i18n.t("runs.short.vertical_oscillation", lang=lang)  # type: ignore[arg-type]
        full = i18n.t("runs.field.vertical_oscillation", lang=lang)  # type: ignore[arg-type]
        assert short == full


@pytest.mark.parametrize("problem", ["not_fit", "truncated", "bad_crc", "corrupt"])
def test_import_reasons_in_japanese_have_no_brackets_inside_brackets(problem: str) -> None:
    from hipcoach.runs.decode import reason_text

    for code, params in [
        ("unreadable", {"format": "FIT", "detail": "x", "problem": problem}),
        ("not_a_run", {"sports": "cycling,swimming"}),
        ("no_date", {}),
    ]:
        why = reason_text(code, params, lang="ja")  # type: ignore[arg-type]
        for key in ("runs.import.skipped", "runs.import.failed", "runs.import.failed_before"):
            line = i18n.t(key, lang="ja", file="a.fit", why=why)
            assert nesting(line) <= 1, line
            assert "？" not in line and "。。" not in line
