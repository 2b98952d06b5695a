"""Self-tests where the log is read: the HTML report's section (each side, asymmetry,
norms, a change only beyond the measurement error, a trend chart) and `hipcoach log`."""

from __future__ import annotations

import re
from typing import Any

import pytest
from typer.testing import CliRunner

from hipcoach import paths
from hipcoach.cli import app
from tests.conftest import pin_clock
from tests.test_assess import FULL, ONE_TEST

runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


def assess_on(monkeypatch: pytest.MonkeyPatch, day: str, *results: str, program: str = "") -> None:
    pin_clock(monkeypatch, f"{day}T19:00", "Asia/Tokyo")
    args = [a for r in results for a in ("--result", r)]
    result = invoke("assess", *([program] if program else []), *args)
    assert result.exit_code == 0, result.output


def two_assessments(monkeypatch: pytest.MonkeyPatch) -> None:
    """FULL on 11-10, then on 11-24 the side bridge left +40 s (beyond its 31 s error),
    right +20 s (within it), the bridge +4 (its error unknown)."""
    assess_on(monkeypatch, "2026-11-10", *FULL)
    later = [
        r.replace("left 40", "left 80").replace("right 30", "right 50").replace("24", "28")
        for r in FULL
    ]
    assess_on(monkeypatch, "2026-11-24", *later)
    pin_clock(monkeypatch, "2026-11-25T07:30", "Asia/Tokyo")


def report(lang: str = "en") -> str:
    result = invoke("export", "--format", "html", "--lang", lang)
    assert result.exit_code == 0, result.output
    section = re.search(r"<h2>(Self-tests|セルフテスト).*?<p class=\"muted\">", result.stdout, re.S)
    return section.group(0) if section else ""


def row(html: str, name: str) -> str:
    found = re.search(rf"<tr[^>]*><td>{re.escape(name)}.*?</tr>", html)
    assert found is not None, html
    return found.group(0)


def test_the_report_shows_each_side_the_asymmetry_and_only_changes_beyond_the_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    two_assessments(monkeypatch)
    html = report()
    assert "<h2>Self-tests (2026-11-24)</h2>" in html
    side_bridge = row(html, "Side bridge")
    assert "<td>80 s</td><td>50 s</td>" in side_bridge and ">38 %<" in side_bridge
    assert "left +40 s, better: beyond the 31 s measurement error" in side_bridge
    assert "right" not in side_bridge.split("</td>")[-2]  # +20 s is within the error
    bridge = row(html, "Single-leg bridge")
    assert "28 reps (average)" in bridge and "18 reps (poor)" in bridge
    assert bridge.endswith("<td>–</td></tr>")  # no measurement error known: no change
    squat = row(html, "Single-leg squat, 5 reps")
    assert "knee poor · pelvis poor · trunk fair" in squat and ">–<" in squat
    assert "McGill 1999" in html and "Freckleton 2014" in html  # the norms
    charts = re.findall(r'<svg [^>]*aria-label="([^"]+)"', html)
    assert charts == ["Single-leg bridge", "Side bridge"]  # the tests with a number
    assert "2026-11-10" in html and "2026-11-24" in html


def test_the_report_in_japanese(monkeypatch: pytest.MonkeyPatch) -> None:
    two_assessments(monkeypatch)
    html = report("ja")
    assert "<h2>セルフテスト（2026年11月24日）</h2>" in html
    assert "左右差" in html and "測定誤差を超える変化" in html
    assert "左 +40秒: 測定誤差（31秒）を超えて向上" in html
    assert "右 +20秒" not in html
    assert ">左</text>" in html and ">右</text>" in html  # the chart's lines named


def test_a_flagged_pain_marks_its_row_and_one_test_has_no_chart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stance = "single-leg-stance right pelvis-drop=no lateral-hip-pain=3"
    assess_on(monkeypatch, "2026-11-24", stance, "side-bridge left 40", "side-bridge right 30")
    html = report()
    assert row(html, "Single-leg stance, 30 s").startswith('<tr class="flagged">')
    assert "hip pain 3 ⚑" in html
    assert not row(html, "Side bridge").startswith('<tr class="flagged">')
    assert "<svg" not in html  # one date: nothing to draw a line through


def test_the_pelvis_dropping_marks_its_row_too(monkeypatch: pytest.MonkeyPatch) -> None:
    stance = "single-leg-stance right pelvis-drop=yes lateral-hip-pain=0"
    assess_on(monkeypatch, "2026-11-24", stance)
    html = report()
    assert row(html, "Single-leg stance, 30 s").startswith('<tr class="flagged">')
    assert "pelvis drop yes ⚑" in html


def test_no_self_tests_no_section() -> None:
    assert report() == ""
    assert "Self-tests" not in invoke("export", "--format", "html").stdout


# --- hipcoach log ------------------------------------------------------------------------------


def test_log_lists_each_test_side_trial_result_and_flag_under_its_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    flagged = [r.replace("lateral-hip-pain=1", "lateral-hip-pain=2") for r in FULL]
    assess_on(monkeypatch, "2026-11-24", *flagged)
    lines = invoke("log").stdout.splitlines()
    start = lines.index("2026-11-24 19:00  Hip self-tests  self-tests")
    shown = [" ".join(line.split()) for line in lines[start + 1 : start + 16]]
    assert shown == [
        "Single-leg stance, 30 s left trial 1 pelvis drop no",
        "hip pain 0",
        "Single-leg stance, 30 s right trial 1 pelvis drop yes",
        "⚑",  # the pelvis dropping is a flag too; at 60 columns its mark goes under it
        "hip pain 2 ⚑",
        "Single-leg bridge left trial 1 24 reps",
        "Single-leg bridge right trial 1 18 reps",
        "Side bridge left trial 1 40 s",
        "Side bridge right trial 1 30 s",
        "Single-leg squat, 5 reps left trial 1 knee good",
        "pelvis fair",
        "trunk good",
        "Single-leg squat, 5 reps right trial 1 knee poor",
        "pelvis poor",
        "trunk fair",
    ]
    # the flag's check-in is listed too, as a check-in about no session is
    assert any("check-in, no session: pain 2" in line for line in lines)
    japanese = invoke("log", "--lang", "ja").stdout
    assert "股関節のセルフテスト  セルフテスト" in japanese
    assert re.search(r"片脚ブリッジ\s+左\s+1回目\s+24回", japanese)
    assert "股関節外側の痛み 2 ⚑" in japanese


def test_log_with_only_self_tests_is_not_empty_and_orders_them_in_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    empty = invoke("log").stdout
    two_assessments(monkeypatch)
    text = invoke("log").stdout
    assert empty.strip() and empty.strip() not in text
    assert text.index("2026-11-24 19:00  Hip self-tests") < text.index("2026-11-10 19:00")


def test_log_shows_a_coachs_trials_and_the_raw_answers_of_a_program_now_gone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = ONE_TEST.replace("KIND", "hold-to-failure\n      trials: 2").replace(
        "ANSWER", "good-fair-poor"
    )
    folder = paths.user_programs_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "my-tests.yaml").write_text(text, encoding="utf-8")
    assess_on(monkeypatch, "2026-11-24", "plank left 40 form=good", "plank left 45 form=fair",
              program="my-tests")  # fmt: skip
    shown = [" ".join(line.split()) for line in invoke("log").stdout.splitlines()]
    assert "Plank left trial 1 40 s" in shown and "form fair" in shown
    assert "Plank left trial 2 45 s" in shown
    (folder / "my-tests.yaml").unlink()
    shown = [" ".join(line.split()) for line in invoke("log").stdout.splitlines()]
    assert "2026-11-24 19:00 my-tests self-tests" in shown
    assert "plank left trial 2 45 s" in shown and "form=fair" in shown
