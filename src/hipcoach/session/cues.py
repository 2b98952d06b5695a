"""What to say or signal at each cue, and the simple outputs (bell, silence).

The engine emits :class:`~hipcoach.session.engine.Cue` objects and never waits on them.
:func:`cue_text` turns a cue into words in the session's language; a voice speaks
them, the bell only marks the start and end of the work. :func:`session_texts` lists
everything a session can say, so the voice renders it all before the session starts.
"""

from __future__ import annotations

from collections.abc import Callable

from hipcoach.i18n import SIDE, Lang, spoken_count, t
from hipcoach.program.model import Side, Step
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
    if cue.kind == "get_ready":
        text = t("cue.get_ready", lang=lang, exercise=name, cue=dose.step.cue.get(lang))
        if segment.side:
            text += t("cue.sep", lang=lang) + _side_phrase(dose.step, segment.side, "first", lang)
        return text
    if cue.kind == "start":
        # paced reps start with the count "1"; saying "Start" too would only be cut off
        paced = segment.is_work and dose.reps is not None and dose.tempo is not None
        return None if paced else t("cue.start", lang=lang)
    if cue.kind == "first_hold":
        return _first_hold_phrase(dose.step, lang)
    if cue.kind == "switch":
        return _side_phrase(dose.step, segment.side, "switch", lang)
    if cue.kind == "rest":
        return _rest_phrase(segment.set_number, dose.sets, lang)
    return t("cue.next", lang=lang, exercise=name) if cue.kind == "next" else None


def _rest_phrase(next_set: int, sets: int, lang: Lang) -> str:
    if sets > 1 and next_set == sets:
        return t("cue.rest_last", lang=lang)
    return t("cue.rest", lang=lang, n=spoken_count(next_set, lang=lang))


def _first_hold_phrase(step: Step, lang: Lang) -> str:
    """Said as the first repetition's longer hold begins: the exercise's words, else
    ``Hold 3 seconds.``"""
    own = step.words.first_hold if step.words else None
    if own is not None:
        return own.get(lang)
    held = step.dose.tempo.first_hold if step.dose.tempo else None
    return t("cue.first_hold", lang=lang, s=f"{held or 0:g}")


def _side_phrase(step: Step, side: Side | None, when: str, lang: Lang) -> str:
    """``First: left leg forward.`` / ``Switch: right leg forward.`` with the exercise's own
    side words; ``Left side first.`` / ``Switch sides: right side.`` with the generic ones."""
    own = step.words.side(side) if step.words and side else None
    if own is not None:
        key = "cue.side_first_own" if when == "first" else "cue.switch_own"
        return t(key, lang=lang, side=own.get(lang))
    generic = t(SIDE[side], lang=lang) if side else ""
    if when == "first":
        return t("cue.side_first", lang=lang, side=generic[:1].upper() + generic[1:])
    return t("cue.switch", lang=lang, side=generic)


# Which cues each kind of segment can raise: the engine's rules, for preparing speech.
_SEGMENT_CUES: dict[str, tuple[CueKind, ...]] = {
    "get_ready": ("get_ready", "count"),
    "work": ("start", "end", "halfway", "count", "rep", "first_hold"),
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
