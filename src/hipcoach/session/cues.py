"""What to say or signal at each cue, and the simple outputs (bell, silence).

The engine emits :class:`~hipcoach.session.engine.Cue` objects and never waits on them.
:func:`cue_text` turns a cue into words in the session's language; a voice speaks
them, the bell only marks the start and end of the work. :func:`session_texts` lists
everything a session can say, so the voice renders it all before the session starts.
"""

from __future__ import annotations

from collections.abc import Callable

from hipcoach.i18n import SIDE, Lang, t
from hipcoach.program.plan import Timeline
from hipcoach.session.engine import COUNTDOWN_FROM, Cue, CueKind


def cue_text(cue: Cue, timeline: Timeline, lang: Lang) -> str | None:
    """The words for a cue, or None when there is nothing to say."""
    segment = cue.segment
    dose = timeline.dose(segment) if segment is not None else None
    if cue.kind in ("count", "rep"):
        return str(cue.count)
    if cue.kind == "done":
        return t("cue.done", lang=lang)
    if cue.kind == "halfway":
        return t("cue.halfway", lang=lang)
    if cue.kind == "end":
        return None  # the next part's own words follow at once; the bell marks the end
    if segment is None or dose is None:
        return None
    name = dose.step.name.get(lang)
    side = t(SIDE[segment.side], lang=lang) if segment.side else None
    if cue.kind == "get_ready":
        text = t("cue.get_ready", lang=lang, exercise=name, cue=dose.step.cue.get(lang))
        if side:
            first = t("cue.side_first", lang=lang, side=side[:1].upper() + side[1:])
            text += t("cue.sep", lang=lang) + first
        return text
    if cue.kind == "start":
        # paced reps start with the count "1"; saying "Start" too would only be cut off
        paced = segment.is_work and dose.reps is not None and dose.tempo is not None
        return None if paced else t("cue.start", lang=lang)
    if cue.kind == "switch":
        return t("cue.switch", lang=lang, side=side or "")
    if cue.kind == "rest":
        return t("cue.rest", lang=lang, n=segment.set_number, total=dose.sets)
    if cue.kind == "next":
        return t("cue.next", lang=lang, exercise=name)
    return None


# Which cues each kind of segment can raise: the engine's rules, for preparing speech.
_SEGMENT_CUES: dict[str, tuple[CueKind, ...]] = {
    "get_ready": ("get_ready", "count"),
    "work": ("start", "end", "halfway", "count", "rep"),
    "switch": ("switch", "count"),
    "rest": ("rest", "count"),
    "transition": ("next",),
}


def session_texts(timeline: Timeline, text_for: Callable[[Cue], str | None]) -> list[str]:
    """Every text a session on ``timeline`` can say, once each: what to :meth:`prepare`.

    Over-inclusive on purpose (every count and rep number a segment could have): a
    text rendered and never said costs a few ms once; one missing is rendered late.
    """
    texts: list[str] = []

    def add(cue: Cue) -> None:
        text = text_for(cue)
        if text:
            texts.append(text)

    for segment in timeline.segments:
        reps = (timeline.dose(segment).reps or 0) if segment.is_work else 0
        for kind in _SEGMENT_CUES.get(segment.kind, ()):
            if kind == "count":
                numbers = range(1, COUNTDOWN_FROM + 1)
            elif kind == "rep":
                numbers = range(1, reps + 1)
            else:
                numbers = range(0)
                add(Cue(kind, segment))
            for number in numbers:
                add(Cue(kind, segment, count=number))
    add(Cue("done"))
    return list(dict.fromkeys(texts))


class SilentCues:
    """Says nothing (``--no-sound``, or output that is not a terminal)."""

    def cue(self, cue: Cue) -> None:
        pass


class BellCues:
    """The terminal bell at the start and end of each work segment."""

    def __init__(self, ring: Callable[[], None]) -> None:
        self.ring = ring

    def cue(self, cue: Cue) -> None:
        if cue.kind in ("start", "end", "done"):
            self.ring()
