"""The session screen: Rich Live in a terminal, one plain line per segment elsewhere.

The display draws only when the engine reports a visible change (the shown second,
a rep's movement, pause, resize), with ``Live(auto_refresh=False)``: no refresh
thread, no frames that show nothing new. The remaining time is drawn in big block
digits that can be read from the floor two metres away.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

from rich import box
from rich.align import Align
from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.panel import Panel
from rich.segment import Segment as RichSegment
from rich.table import Table
from rich.text import Text

from hipcoach.coach.describe import (
    capitalized,
    dose_amount_text,
    movement_text,
    set_text,
    side_text,
)
from hipcoach.i18n import (
    PHASE,
    PLAIN_BETWEEN,
    PLAIN_END,
    SEGMENT,
    Lang,
    format_duration,
    t,
    whole_seconds,
)
from hipcoach.program.plan import Segment, Timeline
from hipcoach.session.events import (
    Event,
    Paused,
    Redraw,
    RepPosition,
    Resumed,
    SegmentEnded,
    SegmentStarted,
    SessionEnded,
    SessionStarted,
    SetFinished,
    Skipped,
    Tick,
)
from hipcoach.tui.prose import Prose

_FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "# #", "# #", "# #", "###"),
    "1": (" # ", "## ", " # ", " # ", "###"),
    "2": ("###", "  #", "###", "#  ", "###"),
    "3": ("###", "  #", " ##", "  #", "###"),
    "4": ("# #", "# #", "###", "  #", "  #"),
    "5": ("###", "#  ", "###", "  #", "###"),
    "6": ("###", "#  ", "###", "# #", "###"),
    "7": ("###", "  #", "  #", "  #", "  #"),
    "8": ("###", "# #", "###", "# #", "###"),
    "9": ("###", "# #", "###", "  #", "###"),
    ":": (" ", "#", " ", "#", " "),
    # the movement of a paced rep, as big as the count: language-free arrows and a pause bar
    "down": ("  #  ", "  #  ", "# # #", " ### ", "  #  "),
    "up": ("  #  ", " ### ", "# # #", "  #  ", "  #  "),
    "hold": ("## ##", "## ##", "## ##", "## ##", "## ##"),
}


def big_text(text: str, scale: int = 1, glyph: str | None = None) -> str:
    """``"25"`` in block digits, 5 rows tall (``scale`` 2: 10 rows, twice as wide);
    ``glyph`` (``down``, ``hold``, ``up``) is drawn after it, as big."""
    pixel, blank = "█" * 2 * scale, " " * 2 * scale
    shapes = [_FONT[char] for char in text] + ([_FONT[glyph]] if glyph else [])
    rows = []
    for row in range(5):
        cells = ["".join(pixel if dot == "#" else blank for dot in shape[row]) for shape in shapes]
        if glyph:  # a wider gap between the count and the movement
            cells[-1] = blank + cells[-1]
        rows += [" ".join(cells)] * scale
    return "\n".join(rows)


def clock_text(seconds: float) -> str:
    """Whole seconds as ``"25"`` under a minute, ``"1:05"`` above."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60}:{whole % 60:02d}" if whole >= 60 else str(whole)


READABLE_SECONDS = 1.0  # a movement shorter than this flashes by: its word is not shown
GUIDANCE_ROWS = 6  # cue, feel or the how-to steps, as many lines as fit
FIXED_ROWS = 11  # borders 2, header 3, label 1, bar 1, blank lines 2, next 1, keys 1


def _digit_rows(scale: int) -> int:
    return 5 * scale if scale else 1


def _scale(width: int, height: int) -> int:
    """Block digits twice as big on a large screen, one line on a small one."""
    if height >= FIXED_ROWS + 10 + 4 and width >= 72:
        return 2
    return 1 if height >= FIXED_ROWS + 5 + 1 else 0


_KIND_STYLE = {
    "get_ready": "yellow",
    "work": "bold green",
    "switch": "magenta",
    "rest": "cyan",
}


class _Lines:
    """Lines rendered once and drawn again as they are (the parts of a frame that stay)."""

    def __init__(self, lines: list[list[RichSegment]]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: object) -> Iterator[RichSegment]:
        for line in self.lines:
            yield from line
            yield RichSegment.line()


@dataclass
class _State:
    segment: Segment | None = None
    tick: Tick | None = None
    paused: bool = False
    confirm_quit: bool = False
    asking: tuple[int, str] | None = None  # reps counted, and the number being typed
    refused: tuple[str, int] | None = None  # a count just refused, and the most taken
    sets_done: int = 0
    ended: SessionEnded | None = None


class LiveDisplay:
    """The full-screen session view; a listener of engine events."""

    def __init__(
        self,
        console: Console,
        timeline: Timeline,
        lang: Lang,
        *,
        notice: str | None = None,
        notice_while: Callable[[], bool] | None = None,
    ) -> None:
        self.console = console
        self.timeline = timeline
        self.lang = lang
        self.notice = notice  # e.g. why there is no voice: the line said before is covered
        self.notice_while = notice_while  # the notice goes when this turns False
        self.state = _State()
        self.live: Live | None = None
        self.frames = 0
        self._static_key: tuple[object, ...] | None = None
        self._static: tuple[_Lines, _Lines] | None = None

    # --- life cycle ------------------------------------------------------------------------

    def start(self) -> None:
        if self.live is None:
            self.live = Live(
                self.render(),
                console=self.console,
                screen=True,
                auto_refresh=False,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self.live.start(refresh=True)

    def stop(self) -> None:
        if self.live is not None:
            live, self.live = self.live, None
            live.stop()

    def bell(self) -> None:
        if self.live is not None:
            self.console.bell()

    def asking_reps(
        self, counted: int | None, typed: str = "", *, refused: str | None = None, most: int = 0
    ) -> None:
        """Show (or, with None, end) the question how many reps were done, in the screen,
        with what is being typed; ``refused``: what was typed and not taken (0 to ``most``)."""
        self.state.asking = None if counted is None else (counted, typed)
        self.state.refused = None if refused is None else (refused, most)
        self.refresh()

    # --- events ----------------------------------------------------------------------------

    def handle(self, event: Event) -> None:
        state = self.state
        if isinstance(event, SegmentStarted):
            state.segment, state.tick, state.paused = event.segment, None, False
        elif isinstance(event, Tick):
            state.tick = event
        elif isinstance(event, Paused):
            state.paused, state.confirm_quit = True, event.confirm_quit
        elif isinstance(event, Resumed):
            state.paused = state.confirm_quit = False
        elif isinstance(event, SetFinished):
            state.sets_done += 0 if event.result.skipped else 1
        elif isinstance(event, SessionEnded):
            state.ended = event
        elif not isinstance(event, Redraw | Skipped | SessionStarted | SegmentEnded):
            return
        if isinstance(event, SetFinished | Skipped | SessionStarted | SegmentEnded):
            return  # the next segment's frame follows at once
        self.refresh()

    def refresh(self) -> None:
        if self.live is not None:
            self.frames += 1
            self.live.update(self.render(), refresh=True)

    # --- rendering -------------------------------------------------------------------------

    def render(self) -> RenderableType:
        width, height = self.console.size
        segment = self.state.segment
        if segment is None:
            return Text(t("screen.starting", lang=self.lang))
        scale = _scale(width, height)
        panel_width = min(width, 96)
        top, bottom = self._static_parts(segment, panel_width - 4, height, scale)
        bar = self._progress(segment, width)
        parts: list[RenderableType] = [
            top,
            Align.center(self._big(segment, scale)),
            Align.center(self._label(segment)),
            Align.center(bar) if bar is not None else Text(""),  # same height either way
            bottom,
        ]
        panel = Panel(
            Group(*parts),
            box=box.ROUNDED,
            width=panel_width,
            border_style="dim" if self.state.paused else _KIND_STYLE[segment.kind],
        )
        return Align.center(panel, vertical="middle", height=height)

    def _static_parts(
        self, segment: Segment, inner_width: int, height: int, scale: int
    ) -> tuple[_Lines, _Lines]:
        """The header above the digits and the guidance below, rendered once per segment."""
        asking = self.state.asking is not None
        notice = self._notice()
        key = (segment.index, self.state.paused, asking, notice, inner_width, height, scale)
        if key != self._static_key or self._static is None:
            options = self.console.options.update_width(inner_width)
            below_parts = [
                # one line, so the box keeps its size from part to part
                Text(self._next_text(segment), style="dim", no_wrap=True, overflow="ellipsis"),
                Text(self._keys_text(segment), style="dim"),
            ]
            if notice:
                below_parts.append(Text(notice, style="yellow"))
            below = self.console.render_lines(Group(*below_parts), options, pad=False)
            # a fixed number of guidance rows, so the box keeps its size from part to part
            room = height - FIXED_ROWS - _digit_rows(scale) - (len(below) - 2)
            rows = max(0, min(GUIDANCE_ROWS, room))
            guidance = self.console.render_lines(
                Group(*self._guidance(segment)), options, pad=False
            )[:rows]
            guidance += [[] for _ in range(rows - len(guidance))]
            blank: list[list[RichSegment]] = [[]] if rows else []
            self._static = (
                _Lines(
                    self.console.render_lines(
                        Group(self._header(segment), Text("")), options, pad=False
                    )
                ),
                _Lines([*blank, *guidance, *blank, *below]),
            )
            self._static_key = key
        return self._static

    def _notice(self) -> str | None:
        if self.notice_while is not None and not self.notice_while():
            self.notice, self.notice_while = None, None  # it has done its job
        return self.notice

    def _header(self, segment: Segment) -> Table:
        dose = self.timeline.dose(segment)
        lang = self.lang
        number, total = segment.dose_index + 1, len(self.timeline.doses)
        phase = t(PHASE[dose.step.phase], lang=lang)
        dot = t("list.dot", lang=lang)
        left = Text.assemble(
            (f"{number}/{total}{dot}{phase}\n", "dim"), (dose.step.name.get(lang), "bold")
        )
        # the set above the side, beside the phase and the name: the side's own words
        # ("LEFT LEG FORWARD") fit without taking the name's room
        which = "screen.set" if dose.step.test is None else "screen.trial"
        right = t(which, lang=lang, n=segment.set_number, total=dose.sets)
        if segment.side:
            right += "\n" + side_text(dose.step, segment.side, lang).upper()
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1)
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(left, Text(right, style="bold"))
        return grid

    def _big(self, segment: Segment, scale: int) -> Text:
        tick = self.state.tick
        style = "dim" if self.state.paused else _KIND_STYLE[segment.kind]
        glyph = None
        if self.state.asking is not None:  # the reps being typed, as big as the count was
            typed = self.state.asking[1]  # as typed, beside the question; big if a number
            value = typed if typed.isdigit() else str(self.state.asking[0])
        elif tick is None:
            value = clock_text(segment.seconds or 0)
        elif tick.rep is not None:
            value, glyph = str(tick.rep.number), self._movement_glyph(segment, tick.rep)
        elif tick.remaining is None:
            value = clock_text(tick.elapsed + 0.999)
        else:
            value = clock_text(tick.remaining)
        if scale == 0:  # a small terminal: the number on one line
            arrow = {"down": " ↓", "up": " ↑", "hold": " ‖"}.get(glyph or "", "")
            return Text(value + arrow, style=f"{style} bold", no_wrap=True)
        return Text(big_text(value, scale, glyph), style=style, no_wrap=True)

    def _movement_glyph(self, segment: Segment, rep: RepPosition) -> str | None:
        """The movement beside the count, when it lasts long enough to be read: the wall
        drill's quick swaps show the count (and the leg, below) only."""
        tempo = self.timeline.dose(segment).tempo
        if tempo is None:
            return None
        length = dict(tempo.parts(first=rep.number == 1)).get(rep.movement, 0.0)
        return rep.movement if length >= READABLE_SECONDS or rep.held else None

    def _label(self, segment: Segment) -> Text:
        lang, tick = self.lang, self.state.tick
        if self.state.asking is not None:
            counted, typed = self.state.asking
            if self.state.refused is not None:
                was, most = self.state.refused
                text = t(
                    "screen.ask_reps_refused", lang=lang, typed=was, most=most, counted=counted
                )
            elif typed:
                text = t("screen.ask_reps_typed", lang=lang, typed=typed, counted=counted)
            else:
                text = t("screen.ask_reps", lang=lang, counted=counted)
            return Text(text, style="bold reverse", no_wrap=True, overflow="ellipsis")
        if self.state.confirm_quit:
            return Text(t("screen.confirm_quit", lang=lang), style="bold reverse")
        if self.state.paused:
            return Text(t("screen.paused", lang=lang), style="bold reverse")
        dose = self.timeline.dose(segment)
        if segment.kind != "work":
            side = side_text(dose.step, segment.side, lang) if segment.side else ""
            return Text(t(SEGMENT[segment.label_kind], lang=lang, side=side), style="bold")
        if tick is not None and tick.rep is not None:
            return self._rep_label(segment, tick.rep)
        if dose.seconds is None:
            return Text(t("screen.self_paced", lang=lang, reps=dose.reps), style="bold")
        if segment.seconds is None:  # a hold to failure: a stopwatch
            return Text(t("screen.hold_to_failure", lang=lang), style="bold")
        return Text(t("screen.kind.hold", lang=lang), style="bold")

    def _rep_label(self, segment: Segment, rep: RepPosition) -> Text:
        """The count, the leg of an alternating set, and the movement when it can be read:
        a movement that flashes by in under a second shows no word (the wall drill)."""
        lang = self.lang
        step = self.timeline.dose(segment).step
        tempo = step.dose.tempo
        bits = [side_text(step, rep.side, lang).upper()] if rep.side else []
        if rep.held:  # the voice says the exercise's words; the screen the hold, in short
            held = tempo.first_hold if tempo else None
            bits.append(t("screen.first_hold", lang=lang, s=f"{held or 0:g}"))
        elif tempo is not None:
            length = dict(tempo.parts(first=rep.number == 1)).get(rep.movement, 0.0)
            if length >= READABLE_SECONDS:
                word = movement_text(step, rep.movement, lang)
                bits.append(t("screen.move", lang=lang, word=word).upper())
        to_failure = step.test is not None and step.test.kind == "reps-to-failure"
        count_text = (
            t("screen.rep_open", lang=lang, n=rep.number)
            if to_failure  # its total is only a ceiling
            else t("screen.rep", lang=lang, n=rep.number, total=rep.total)
        )
        count = Text(count_text, style="bold")
        if bits:
            count.append_text(Text.assemble("   ", (f" {' '.join(bits)} ", "bold reverse")))
        count.no_wrap, count.overflow = True, "ellipsis"  # one line, whatever the words
        return count

    def _progress(self, segment: Segment, width: int) -> Text | None:
        """A bar of the time gone, always exactly one line (None for an open-ended set),
        and the time left in the whole session. In a paced set the bar follows the
        movement instead: it fills going down, stays full in the hold, empties coming up."""
        tick = self.state.tick
        if not segment.seconds:
            return None
        remaining = segment.seconds if tick is None or tick.remaining is None else tick.remaining
        left = format_duration(
            math.ceil(self._session_left(segment, remaining) - 1e-9), lang=self.lang
        )
        label = " " + t("screen.time_left", lang=self.lang, time=left)
        cells = max(10, min(width - 8 - len(label), 60))
        tempo_bar = self._tempo_position(segment)
        position = 1 - remaining / segment.seconds if tempo_bar is None else tempo_bar
        done = round(cells * min(1.0, max(0.0, position)))
        style = "dim" if self.state.paused else _KIND_STYLE[segment.kind]
        filled, empty = ("━", "━") if tempo_bar is None else ("█", "░")  # thick: the body
        return Text.assemble(
            (filled * done, style), (empty * (cells - done), "bright_black"), (label, "dim")
        )

    def _tempo_position(self, segment: Segment) -> float | None:
        """Where the body is in a paced rep, 0 (start) to 1 (the turning point), when the
        movement is slow enough to follow (the engine steps it then); else None."""
        tick = self.state.tick
        rep = tick.rep if tick is not None and self.state.asking is None else None
        tempo = self.timeline.dose(segment).tempo
        if rep is None or tempo is None or self._movement_glyph(segment, rep) is None:
            return None
        first_movement = tempo.parts()[0][0]
        if rep.movement == "hold" or rep.held:
            return 1.0
        return rep.fraction if rep.movement == first_movement else 1.0 - rep.fraction

    def _session_left(self, segment: Segment, remaining: float) -> float:
        """The session's planned time left: this segment's, then every later one's. A set
        to failure counts as its typical length (as the later ones do), less the time gone,
        never below 0: its ceiling (100 reps) would make the figure jump up as it starts,
        and going past the typical time must not either; so the figure never goes up."""
        later = self.timeline.segments[segment.index + 1 :]
        planned = self.timeline.planned_seconds(segment)
        if segment.seconds is not None and planned != segment.seconds:  # estimated
            remaining = max(0.0, planned - (segment.seconds - remaining))
        return remaining + sum(self.timeline.planned_seconds(s) for s in later)

    def _guidance(self, segment: Segment) -> list[RenderableType]:
        """What to do and feel, most important first (the screen keeps what fits)."""
        lang = self.lang
        step = self.timeline.dose(segment).step
        cue = Prose(step.cue.get(lang), style="bold italic")
        if segment.kind == "get_ready":
            steps = Table.grid(padding=(0, 1))
            steps.add_column(no_wrap=True)
            steps.add_column()
            for number, text in enumerate(step.how_to, 1):
                steps.add_row(f"{number}.", Prose(text.get(lang)))  # wrapped lines hang
            return [cue, steps]
        if segment.kind == "rest" and step.avoid:
            return [cue, Prose(t("screen.avoid", lang=lang, text=step.avoid[0].get(lang)))]
        return [cue, Prose(t("screen.feel", lang=lang, text=step.feel.get(lang)))]

    def _next_text(self, segment: Segment) -> str:
        lang = self.lang
        later = self.timeline.segments[segment.index + 1 :]
        if not later:
            return t("screen.next_done", lang=lang)
        upcoming = later[0]
        dose = self.timeline.dose(upcoming)
        if upcoming.kind == "work":
            bits = [dose.step.name.get(lang), dose_amount_text(dose, lang)]
            if upcoming.side:
                bits.insert(1, side_text(dose.step, upcoming.side, lang))
            return t("screen.next", lang=lang, what=t("list.dot", lang=lang).join(bits))
        side = side_text(dose.step, upcoming.side, lang) if upcoming.side else ""
        label = capitalized(t(SEGMENT[upcoming.kind], lang=lang, side=side))
        if upcoming.kind == "get_ready":
            label = dose.step.name.get(lang)
        return t("screen.next", lang=lang, what=label)

    def _keys_text(self, segment: Segment) -> str:
        if self.state.asking is not None:
            return t("screen.keys_asking", lang=self.lang)
        key = "screen.keys_paused" if self.state.paused else "screen.keys"
        text = t(key, lang=self.lang)
        dose = self.timeline.dose(segment)
        open_ended = dose.reps is not None or segment.seconds is None
        if segment.kind == "work" and open_ended and not self.state.paused:
            text += t("screen.keys_enter", lang=self.lang)
        return text


class PlainDisplay:
    """One line per segment for pipes, logs and ``TERM=dumb``: no escape codes, no bell."""

    def __init__(self, stream: IO[str], timeline: Timeline, lang: Lang) -> None:
        self.stream = stream
        self.timeline = timeline
        self.lang = lang
        self.origin = 0.0

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def bell(self) -> None:
        pass

    def refresh(self) -> None:
        pass

    def _line(self, at: float, text: str) -> None:
        elapsed = max(0, whole_seconds(at - self.origin))
        self.stream.write(f"{elapsed // 60:02d}:{elapsed % 60:02d}  {text}\n")
        self.stream.flush()

    def handle(self, event: Event) -> None:
        lang = self.lang
        if isinstance(event, SessionStarted):
            self.origin = event.at
        elif isinstance(event, SegmentStarted):
            self._line(event.at, self._describe(event.segment))
        elif isinstance(event, Paused):
            self._line(event.at, t("plain.paused", lang=lang))
        elif isinstance(event, Resumed):
            self._line(
                event.at,
                t("plain.resumed", lang=lang, after=format_duration(event.paused_for, lang=lang)),
            )
        elif isinstance(event, Skipped):
            self._line(event.at, t("plain.skipped", lang=lang))
        elif isinstance(event, SessionEnded):
            self._line(event.at, t(PLAIN_END[event.reason], lang=lang))

    def _describe(self, segment: Segment) -> str:
        lang = self.lang
        dose = self.timeline.dose(segment)
        name = dose.step.name.get(lang)
        side = side_text(dose.step, segment.side, lang) if segment.side else ""
        length = format_duration(segment.seconds, lang=lang) if segment.seconds else ""
        if segment.kind == "work":
            return set_text(self.timeline, segment, lang)
        if segment.kind == "get_ready":
            what = t(PLAIN_BETWEEN[segment.label_kind], lang=lang, exercise=name, length=length)
            return f"{what} — {dose.step.cue.get(lang)}"
        label = capitalized(t(SEGMENT[segment.kind], lang=lang, side=side))
        return t("plain.segment", lang=lang, label=label, length=length)
