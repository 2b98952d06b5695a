"""The session screen: every frame of a whole session renders, in both languages and sizes."""

from __future__ import annotations

import io
import itertools
import math

import pytest
from rich.cells import cell_len
from rich.console import Console

from hipcoach.coach.streaks import Streak
from hipcoach.i18n import Lang, format_duration, t
from hipcoach.program.catalog import load_program_file
from hipcoach.program.model import Program
from hipcoach.program.plan import Timeline, doses_for, expand
from hipcoach.session.engine import Engine, Key
from hipcoach.session.events import Event, Redraw
from hipcoach.tui.screen import LiveDisplay, PlainDisplay, big_text, clock_text
from hipcoach.tui.session_end import SessionEnd, end_panel
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


def test_the_movement_is_drawn_as_big_as_the_count(program: Program) -> None:
    timeline = expand(program, doses_for(program, only_step="hip-hinge"))
    text = "\n".join(frames(timeline, "en", 60, 24))
    for glyph in ("down", "hold", "up"):
        drawn = big_text("3", 1, glyph).splitlines()
        assert all(row in text for row in drawn), glyph
    assert big_text("3", 1, "down") != big_text("3", 1, "up")
    drill = expand(program, doses_for(program, only_step="wall-drill"))
    drill_text = "\n".join(frames(drill, "en", 60, 24))
    quick_glyphs = [big_text("5", 1, g).splitlines()[2] for g in ("down", "up")]
    assert not any(row in drill_text for row in quick_glyphs)  # swaps too quick to draw


def test_the_tempo_bar_fills_going_down_and_empties_coming_up(program: Program) -> None:
    timeline = expand(program, doses_for(program, only_step="hip-hinge"))
    fills = []
    for shot in frames(timeline, "en", 80, 30):
        bar = next(line for line in shot.splitlines() if " left" in line)
        if "░" in bar or "━" not in bar:
            fills.append(bar.count("█"))
    assert fills, "no tempo bar drawn"
    down = fills[:8]  # the first 2 s bow, in eighths
    assert down == sorted(down) and len(set(down)) == 8, fills[:20]
    assert any(later < earlier for earlier, later in itertools.pairwise(fills))  # coming up
    assert min(fills) < max(fills) / 4


def test_the_time_left_counts_down_the_whole_session(program: Program) -> None:
    timeline = expand(program, doses_for(program))
    shots = frames(timeline, "en", 80, 30)
    total = format_duration(math.ceil(timeline.total_seconds), lang="en")
    assert f"{total} left" in shots[0]
    assert "1 s left" in "\n".join(shots[-5:])
    assert "残り" in "\n".join(frames(timeline, "ja", 60, 24)[:3])


def test_q_asks_in_the_screen_before_it_ends(program: Program) -> None:
    timeline = expand(program, doses_for(program))
    shots = frames(timeline, "en", 60, 24, [(20.0, Key.QUIT), (22.0, Key.PAUSE)])
    asking = [shot for shot in shots if "End the session?" in shot]
    assert asking and "q or Enter: end" in asking[0]
    assert "End the session?" not in shots[-1]  # space went on with the session
    ja = frames(timeline, "ja", 60, 24, [(20.0, Key.QUIT), (22.0, Key.QUIT)])
    assert any("終了しますか？" in shot for shot in ja)


def test_the_reps_are_asked_inside_the_live_screen(program: Program) -> None:
    timeline = expand(program, doses_for(program, only_step="hip-hinge"))
    console = Console(width=60, height=24, color_system=None, force_terminal=True, _environ={})
    display = LiveDisplay(console, timeline, "en")
    catcher = FrameCatcher(display)

    def ask(dose: object, counted: int) -> int:
        display.asking_reps(counted, "")
        catcher.handle(Redraw(0.0))
        display.asking_reps(counted, "7")
        catcher.handle(Redraw(0.0))
        display.asking_reps(None)
        return 7

    clock = FakeClock()
    keys = ScriptedKeys(clock, [(30.0, Key.ENTER)])
    result = Engine(timeline, clock, keys, Recorder(), catcher, ask_reps=ask).run()
    assert result.sets[0].actual == 7.0
    asked = [shot for shot in catcher.frames if "How many reps?" in shot]
    assert len(asked) == 2 and "Counted 3" in asked[0]
    assert big_text("7").splitlines()[0] in asked[1]  # the typed number, as big as the count
    assert "Enter confirm" in asked[0]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_end_screen_says_time_sets_streak_and_next_dose(program: Program, lang: Lang) -> None:
    doses = doses_for(program)
    end = SessionEnd(
        finished=True,
        seconds=463.4,
        sets_done=9,
        sets_planned=10,
        skipped=1,
        streak=Streak(current=4, longest=6, forgiven=0),
        next_doses=doses,
    )
    console = Console(width=60, color_system=None, force_terminal=True, _environ={})
    with console.capture() as captured:
        console.print(end_panel(end, lang))
    text = captured.get()
    assert all(cell_len(line) <= 60 for line in text.splitlines())
    expected = {
        "en": ["Done", "7 min 43 s", "9 of 10 done", "1 skipped", "4 days · best 6", "Hip hinge"],
        "ja": ["完了", "7分43秒", "9/10セット完了", "4日（最長6日）", "ヒップヒンジ：10回"],
    }[lang]
    for bit in expected:
        assert bit in text, bit
    stopped = SessionEnd(False, 30, 1, 10, 0, None, [], stopped=True)
    with console.capture() as captured:
        console.print(end_panel(stopped, lang))
    text = captured.get()
    assert "Hip hinge" not in text and "ヒップヒンジ" not in text  # nothing promised


def test_the_voice_pending_notice_goes_once_the_voice_is_ready(program: Program) -> None:
    timeline = expand(program, doses_for(program, only_step="glute-stretch"))
    console = Console(width=60, height=24, color_system=None, force_terminal=True, _environ={})
    ready = [False]
    notice = t("screen.voice_pending", lang="en")
    display = LiveDisplay(console, timeline, "en", notice=notice, notice_while=lambda: not ready[0])
    catcher = FrameCatcher(display)

    class ReadyAfterTen(Recorder):
        def handle(self, event: Event) -> None:
            catcher.handle(event)
            if getattr(event, "at", 0) - 1000 >= 10:
                ready[0] = True

    clock = FakeClock()
    Engine(timeline, clock, ScriptedKeys(clock), Recorder(), ReadyAfterTen()).run()
    flat = [" ".join(shot.split()) for shot in catcher.frames]
    assert "Voice still being prepared" in flat[0]
    assert not any("Voice still being prepared" in shot for shot in flat[15:])


def _seconds_left(shot: str) -> int | None:
    import re

    found = re.search(r"(?:(\d+) min )?(\d+) s left", shot)
    if found is None:
        return None
    return int(found[1] or 0) * 60 + int(found[2])


def test_the_time_left_never_goes_up_through_tests_to_failure() -> None:
    """The self-tests' bridge is counted at its typical length, less the time gone: its
    ceiling (100 reps) must not make the time left jump up as it starts, nor a bridge
    held past the typical time; the figure only ever goes down."""
    from tests.conftest import PROGRAMS

    program = load_program_file(PROGRAMS / "hip-tests.yaml")
    timeline = expand(program, doses_for(program))
    script, at = [], 0.0
    long_or_short = itertools.cycle([80.0, 20.0])  # past the typical length, then short of it
    for segment in timeline.segments:
        if segment.is_work and timeline.planned_seconds(segment) != segment.seconds:
            at += next(long_or_short)
            script.append((at, Key.ENTER))
        else:
            assert segment.seconds is not None
            at += segment.seconds
    shots = frames(timeline, "en", 60, 24, script)
    left = [s for s in map(_seconds_left, shots) if s is not None]
    assert len(left) > 100
    assert all(later <= earlier for earlier, later in itertools.pairwise(left)), left
