"""The session screen: every frame of a whole session renders, in both languages and sizes."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from rich.console import Console

from hipcoach.i18n import Lang, t
from hipcoach.program.catalog import load_program_file
from hipcoach.program.model import Program
from hipcoach.program.plan import Timeline, doses_for, expand
from hipcoach.session.engine import Engine, Key
from hipcoach.session.events import Event
from hipcoach.tui.screen import LiveDisplay, PlainDisplay, big_text, clock_text
from tests.conftest import HIP_DROP
from tests.fakes import FakeClock, Recorder, ScriptedKeys


@pytest.fixture
def program() -> Program:
    return load_program_file(HIP_DROP)


class FrameCatcher:
    """Renders the display after every event, as a live screen would."""

    def __init__(self, display: LiveDisplay) -> None:
        self.display = display
        self.frames: list[str] = []

    def handle(self, event: Event) -> None:
        self.display.handle(event)
        if self.display.state.segment is not None:
            console = self.display.console
            with console.capture() as captured:
                console.print(self.display.render())
            self.frames.append(captured.get())


def frames(
    timeline: Timeline,
    lang: Lang,
    width: int,
    height: int,
    script: list[tuple[float, Key]] | None = None,
    notice: str | None = None,
) -> list[str]:
    console = Console(
        width=width,
        height=height,
        color_system=None,
        force_terminal=True,
        legacy_windows=False,
        _environ={},
    )
    catcher = FrameCatcher(LiveDisplay(console, timeline, lang, notice=notice))
    clock = FakeClock()
    Engine(timeline, clock, ScriptedKeys(clock, script), Recorder(), catcher).run()
    return catcher.frames


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(("width", "height"), [(60, 24), (80, 30), (120, 40), (40, 15)])
def test_every_frame_of_a_session_fits(
    program: Program, lang: Lang, width: int, height: int
) -> None:
    timeline = expand(program, doses_for(program))
    shots = frames(timeline, lang, width, height, [(30.0, Key.PAUSE), (33.0, Key.PAUSE)])
    assert len(shots) > 100
    tops = set()
    for shot in shots:
        lines = shot.splitlines()
        for line in lines:
            assert cell_len(line) <= width, line
        tops.add(next(n for n, line in enumerate(lines) if "╭" in line))
        assert any("╰" in line for line in lines)  # the whole box is on screen
    assert len(tops) == 1  # the box keeps its place from part to part


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(("width", "height"), [(60, 24), (80, 24), (40, 15)])
def test_a_notice_stays_on_every_frame_and_it_still_fits(
    program: Program, lang: Lang, width: int, height: int
) -> None:
    timeline = expand(program, doses_for(program, quick=True))
    notice = t("screen.voice_failed", lang=lang)
    shots = frames(timeline, lang, width, height, notice=notice)
    for shot in shots:
        lines = shot.splitlines()
        assert all(cell_len(line) <= width for line in lines)
        assert any("╰" in line for line in lines)
        flat = " ".join(" ".join(line.strip(" │") for line in lines).split())
        assert "hipcoach doctor" in flat  # wrapped at most, never cut


def test_frames_show_what_matters(program: Program) -> None:
    timeline = expand(program, doses_for(program))
    shots = frames(timeline, "en", 80, 30, [(30.0, Key.PAUSE), (33.0, Key.PAUSE)])
    text = "\n".join(shots)
    for expected in (
        "1/3 · flexibility",
        "Glute stretch",
        "set 1/2",
        "LEFT LEG BENT",  # the stretch names the bent leg: its buttock is stretched
        "GET READY",
        "HOLD",
        "SWITCH SIDES → right leg bent",
        "REST",
        "NEXT EXERCISE",
        "LEFT LEG FORWARD",  # the hinge names the front leg
        "RIGHT LEG FORWARD",
        "rep 3 of 10",
        " BOW DOWN… ",  # the hinge's own phase words
        " HOLD… ",
        " BACK UP… ",
        " LEFT KNEE HOLD 3 s ",  # the wall drill's first drive, held
        " LEFT KNEE ",  # then left/right and the count only: the phases flash too fast
        " RIGHT KNEE ",
        "PAUSED",
        "space continue",
        "Lean from the hips",
        "Feel: A stretch",
        "Next: Switch sides → right leg bent",
        "Next: Hip hinge · right leg forward · 10 reps",
        "Enter done",
        "Next: done!",
    ):
        assert expected in text, expected
    for absent in ("KNEE UP…", "LEFT KNEE DOWN", "RIGHT KNEE HOLD…"):
        assert absent not in text, absent
    assert big_text("20").splitlines()[0] in text  # the big digits are drawn


def test_japanese_frames(program: Program) -> None:
    timeline = expand(program, doses_for(program))
    text = "\n".join(frames(timeline, "ja", 60, 24))
    for expected in (
        "お尻のストレッチ",
        "1/3・柔軟性",
        "キープ",
        "左脚を曲げて",
        "反対側へ → 右脚を曲げて",
        "左脚を前に",
        "3回目／10回",
        " 倒して… ",
        " 戻して… ",
        " 左膝 3秒キープ ",
        "スペース 一時停止",
    ):
        assert expected in text, expected
    assert "下ろして" not in text and "上げて…" not in text


def test_big_digits() -> None:
    assert big_text("1:05").splitlines() == [
        "  ██      ██████ ██████",
        "████   ██ ██  ██ ██    ",
        "  ██      ██  ██ ██████",
        "  ██   ██ ██  ██     ██",
        "██████    ██████ ██████",
    ]
    assert len(big_text("30", scale=2).splitlines()) == 10
    assert clock_text(29.2) == "30" and clock_text(65) == "1:05" and clock_text(-1) == "0"


def test_plain_display_one_line_per_segment(program: Program) -> None:
    timeline = expand(program, doses_for(program))
    stream = io.StringIO()
    display = PlainDisplay(stream, timeline, "en")
    clock = FakeClock()
    Engine(
        timeline,
        clock,
        ScriptedKeys(clock, [(30.0, Key.PAUSE), (37.0, Key.PAUSE)]),
        Recorder(),
        display,
    ).run()
    lines = stream.getvalue().splitlines()
    assert lines[0] == (
        "00:00  Get ready: Glute stretch (15 s) — Lean from the hips and breathe slowly."
    )
    assert lines[1] == "00:15  Glute stretch · set 1/2 · left leg bent · hold 20 s"
    assert any("Next exercise: Hip hinge (15 s)" in line for line in lines)
    assert "Switch sides → right leg forward (8 s)" in "\n".join(lines)
    assert any(
        line.endswith("Wall drill · set 1/2 · 10 reps · first rep held 3 s") for line in lines
    )
    assert "00:30  Paused" in lines and "00:37  Resumed after 7 s" in lines
    assert lines[-1].endswith("Finished.")
    assert len(lines) == len(timeline.segments) + 3
    assert "\x1b" not in stream.getvalue() and "\a" not in stream.getvalue()
