"""The HTML report in a real browser: headless Chromium, network blocked and counted.

Chromium comes from Debian's package (`.ci/run` installs it); where it cannot be
installed this test is skipped, and says so.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from hipcoach.cli import app
from hipcoach.log.store import open_store
from tests.histories import add_sessions, make_session
from tests.test_assess import FULL

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)


def chromium(page: Path, work: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-extensions",
            "--mute-audio",
            f"--user-data-dir={work / 'profile'}",
            # every host unresolvable and a proxy that answers nothing: no request can leave
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=127.0.0.1:9",
            f"--log-net-log={work / 'netlog.json'}",
            *extra,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def network_requests(netlog: Path) -> list[str]:
    """URLs the page made Chromium fetch (its own background traffic is not the page's).

    Requests for the page carry the page's (file://) network isolation key; Chromium's
    own (time, updates, accounts) carry none.
    """
    text = netlog.read_text(encoding="utf-8", errors="replace").rstrip().rstrip(",")
    data = json.loads(text if text.endswith("}") else text + "]}")
    start_job = data["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = set()
    for event in data.get("events", []):
        params = event.get("params") or {}
        if event.get("type") != start_job or "file://" not in params.get(
            "network_isolation_key", ""
        ):
            continue
        if not params["url"].startswith(("file:", "data:")):
            urls.add(params["url"])
    return sorted(urls)


def test_the_request_counter_sees_a_page_that_fetches(tmp_path: Path) -> None:
    page = tmp_path / "fetches.html"
    page.write_text('<p>x</p><img src="https://example.com/a.png">', encoding="utf-8")
    chromium(page, tmp_path, "--dump-dom")
    assert network_requests(tmp_path / "netlog.json") == ["https://example.com/a.png"]


def test_html_report_renders_offline(tmp_path: Path) -> None:
    day = date(2026, 10, 1)
    with open_store() as store:
        add_sessions(
            store,
            [
                make_session(
                    day + timedelta(days=n),
                    hold=20.0 + 5 * (n // 20),
                    effort=5,
                    pain=1 if n % 7 else 3,
                    note="<b>not bold</b> & fine" if n == 3 else None,
                )
                for n in range(40)
                if n % 6
            ],
        )
    page = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["export", "--format", "html", "-o", str(page)])
    assert result.exit_code == 0, result.output

    shot = tmp_path / "shot.png"
    rendered = chromium(page, tmp_path, f"--screenshot={shot}", "--window-size=1000,1600")
    assert shot.exists(), rendered.stderr[-2000:]
    assert network_requests(tmp_path / "netlog.json") == []

    image = Image.open(shot).convert("L")
    dark = sum(image.histogram()[:200])  # pixels darker than near-white
    assert dark / (image.width * image.height) > 0.02, "the screenshot is (nearly) blank"

    dom = chromium(page, tmp_path, "--dump-dom").stdout
    assert "hipcoach log: Hip-drop fix: three steps" in dom
    assert "Sessions: 33 (33 completed, 0 partial, 0 aborted)" in dom
    assert "&lt;b&gt;not bold&lt;/b&gt;" in dom and "<b>not bold</b>" not in dom
    assert dom.count("<svg") >= 4  # the calendar and a chart per exercise


def six_weeks_of_daily_sessions() -> None:
    today = date(2026, 11, 25)
    sessions = [
        make_session(
            today - timedelta(days=n),
            effort=5,
            pain=6 if n == 30 else 1,
            note="[x](http://t) ![i](http://t/i.png)" if n == 30 else None,
            count=8 if n % 9 else 5,
            status="completed" if n % 9 else "partial",
        )
        for n in range(42, 0, -1)
    ]
    with open_store() as store:
        add_sessions(store, sessions)


def two_self_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    """The four self-tests four weeks and one week before the report, the side bridge
    better on the left by more than its measurement error."""
    for day, better in (("2026-10-28", 0), ("2026-11-18", 40)):
        monkeypatch.setenv("HIPCOACH_NOW", f"{day}T19:00")
        results = [r.replace("left 40", f"left {40 + better}") for r in FULL]
        args = [a for r in results for a in ("--result", r)]
        assert CliRunner().invoke(app, ["assess", *args]).exit_code == 0
    monkeypatch.setenv("HIPCOACH_NOW", "2026-11-25T07:30")


def printed(tmp_path: Path, lang: str, paper: str) -> tuple[int, list[str]]:
    """The report printed by Chromium on ``paper``: its page count and each page's text."""
    page = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["export", "-f", "html", "--lang", lang, "-o", str(page)])
    assert result.exit_code == 0
    text = page.read_text(encoding="utf-8").replace("@page{size:auto;", f"@page{{size:{paper};")
    page.write_text(text, encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    chromium(page, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    pdfinfo, pdftotext = shutil.which("pdfinfo"), shutil.which("pdftotext")
    if pdfinfo is None or pdftotext is None:
        pytest.skip("poppler-utils is not installed")
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True)
    pages = int(next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))[6:])
    whole = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True)
    return pages, whole.stdout.split("\f")


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_six_weeks_print_on_three_pages_pain_first(tmp_path: Path, lang: str, paper: str) -> None:
    six_weeks_of_daily_sessions()
    pages, text = printed(tmp_path, lang, paper)
    assert pages <= 3, f"{pages} pages"
    assert ("Pain and effort" if lang == "en" else "痛みときつさ") in text[0]
    assert "⚠" in text[0] and "2026-10-26" in text[0]  # the flagged check-in, on page one


@pytest.mark.parametrize(("lang", "paper"), [("en", "letter"), ("ja", "A4")])
def test_the_self_tests_add_at_most_a_page_and_stay_on_one(
    tmp_path: Path, lang: str, paper: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Their table, charts and norms take about 40 % of a page: six weeks of sessions
    with them print on four pages, the section itself on one."""
    six_weeks_of_daily_sessions()
    two_self_tests(monkeypatch)
    pages, text = printed(tmp_path, lang, paper)
    assert pages <= 4, f"{pages} pages"
    title, better = (
        ("Self-tests", "left +40 s, better") if lang == "en" else ("セルフテスト", "左 +40秒")
    )
    [holding] = [page for page in text if title in page]
    assert better in holding and ("Side bridge" if lang == "en" else "サイドブリッジ") in holding
    assert ("Pain and effort" if lang == "en" else "痛みときつさ") in text[0]


@pytest.mark.parametrize(("lang", "name"), [("en", "Glute stretch"), ("ja", "お尻のストレッチ")])
def test_the_dose_charts_follow_their_table_on_page_one(
    tmp_path: Path, lang: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eight weeks, every other day: page one has room for the first row of dose charts
    after their table, and they are printed there (not pushed whole to page two, leaving
    a quarter of page one blank)."""
    first = date(2026, 10, 5)
    with open_store() as store:
        days = [first + timedelta(days=n) for n in range(0, 55, 2)]
        add_sessions(store, [make_session(day, effort=5, pain=1) for day in days])
    monkeypatch.setenv("HIPCOACH_NOW", "2026-12-01T07:30")
    _, text = printed(tmp_path, lang, "A4")
    page_one = "".join(text[0].split())  # a name may wrap in its table cell
    assert page_one.count(name.replace(" ", "")) >= 2, text[0]  # in the table, under its chart
