"""What to say or signal at each cue, and the simple outputs (bell, silence).

The engine emits :class:`~hipcoach.session.engine.Cue` objects and never waits on them.
:func:`cue_text` turns a cue into words in the session's language, chosen to fit the
time the cue has before the next one (:func:`phrase_window`); a voice speaks them, a
tone marks each movement of a paced repetition, the bell the start and end of the work.
:func:`session_texts` lists everything a session can say, so the voice renders it all
before the session starts.
"""

from __future__ import annotations

from collections.abc import Callable

from hipcoach.i18n import SIDE, Lang, spoken_count, t
from hipcoach.program.model import Side, Step
from hipcoach.program.plan import Segment, StepDose, Timeline
from hipcoach.session.engine import COUNTDOWN_FROM, Cue, CueKind, Cues

# How long a phrase takes to say, estimated from its text to choose the words that fit
# a cue's window before anything is rendered: a little slower than espeak-ng (175 words a
# minute) and Open JTalk's default voices say it, silence at both ends included. The
# window test renders every phrase with each engine and checks the estimate's choice.
_SECONDS_PER_CHAR = {"en": 0.055, "ja": 0.17}
_SECONDS_PER_PAUSE = {"en": 0.35, "ja": 0.25}
_PAUSES = frozenset(".,:;!?。、！？：")
_EDGES = {"en": 0.3, "ja": 0.6}
PHRASE_MARGIN = 0.5  # seconds between a phrase's end and the countdown after it
START_ROOM = 1.0  # seconds the first movement of a paced set needs for "Start" to be said


def speech_seconds(text: str, lang: Lang) -> float:
    """About how long ``text`` takes to say (a slight overestimate)."""
    pauses = sum(1 for char in text if char in _PAUSES)
    spoken = len(text) - pauses - text.count(" ")
    return spoken * _SECONDS_PER_CHAR[lang] + pauses * _SECONDS_PER_PAUSE[lang] + _EDGES[lang]


def phrase_window(segment: Segment) -> float | None:
    """Seconds a segment's opening phrase has before its countdown begins."""
    if segment.kind == "work" or segment.seconds is None:
        return None
    return segment.seconds - COUNTDOWN_FROM - PHRASE_MARGIN


def fitting(variants: list[list[str]], window: float | None, lang: Lang) -> str:
    """The first (richest) variant that can be said within ``window``, else the last."""
    sep = t("cue.sep", lang=lang)
    texts = [sep.join(part for part in parts if part) for parts in variants]
    for text in texts:
        if window is None or speech_seconds(text, lang) <= window:
            return text
    return texts[-1]


def cue_text(cue: Cue, timeline: Timeline, lang: Lang) -> str | None:
    """The words for a cue, or None when there is nothing to say (a tone, or the bell)."""
    segment = cue.segment
    dose = timeline.dose(segment) if segment is not None else None
    if cue.kind == "count":
        return str(cue.count)
    if cue.kind == "rep":  # "3, 2, 1, start, 2, 3": a "1" after the countdown's "1" confuses
        return str(cue.count) if cue.count != 1 else _start_of_reps(dose, lang)
    if cue.kind == "done":
        return t("cue.done", lang=lang)
    if cue.kind == "halfway":
        return t("cue.halfway", lang=lang)
    if cue.kind in ("end", "phase"):
        return None  # the bell or a tone marks these; the next part's words follow at once
    if segment is None or dose is None:
        return None
    if cue.kind == "get_ready":
        return _get_ready_phrase(segment, dose, lang)
    if cue.kind == "start":
        # paced reps start with the rep cue ("Start"), so this one would only double it
        paced = segment.is_work and dose.reps is not None and dose.tempo is not None
        return None if paced else t("cue.start", lang=lang)
    if cue.kind == "first_hold":  # only a set whose first rep holds longer has one
        held = dose.tempo is not None and dose.tempo.first_hold is not None
        return _first_hold_phrase(dose.step, lang) if held else None
    if cue.kind == "switch":
        return _side_phrase(dose.step, segment.side, "switch", lang)
    if cue.kind == "rest":
        return _rest_phrase(segment, dose, lang)
    return None


def _start_of_reps(dose: StepDose | None, lang: Lang) -> str | None:
    """ "Start" as the first rep begins, when its first movement leaves time to say it; a
    quicker one (the wall drill's knee drive) is marked by its tone, and its hold's words
    follow at once."""
    parts = dose.tempo.parts(first=True) if dose is not None and dose.tempo else []
    return t("cue.start", lang=lang) if parts and parts[0][1] >= START_ROOM else None


def _first_side(segment: Segment, dose: StepDose, lang: Lang) -> str:
    """Which side the exercise starts on; for sides taking turns rep by rep, the first rep's."""
    side = segment.side
    if side is None and dose.step.dose.sides == "alternating":
        side = "left"
    return _side_phrase(dose.step, side, "first", lang) if side else ""


def _get_ready_phrase(segment: Segment, dose: StepDose, lang: Lang) -> str:
    """The exercise, its key cue and the first side, as much as fits before the countdown:
    the side is said whatever else has to go."""
    name = dose.step.name.get(lang)
    lead = t("cue.next" if segment.dose_index else "cue.exercise", lang=lang, exercise=name)
    cue, side = dose.step.cue.get(lang), _first_side(segment, dose, lang)
    variants = [[lead, cue, side], [lead, side], [side or lead]]
    return fitting(variants, phrase_window(segment), lang)


def _rest_phrase(segment: Segment, dose: StepDose, lang: Lang) -> str:
    """``Rest. Next, set 2. First: left leg forward.``: the side of the next set is said."""
    next_set = segment.set_number
    if dose.sets > 1 and next_set == dose.sets:
        rest = t("cue.rest_last", lang=lang)
    else:
        rest = t("cue.rest", lang=lang, n=spoken_count(next_set, lang=lang))
    side = _first_side(segment, dose, lang)
    return fitting(
        [[rest, side], [t("cue.rest_short", lang=lang), side]], phrase_window(segment), lang
    )


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
    "work": ("start", "end", "halfway", "count", "rep", "first_hold", "phase"),
    "switch": ("switch", "count"),
    "rest": ("rest", "count"),
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


class AllCues:
    """Passes each cue to several outputs (the voice, the tempo tones, the bell)."""

    def __init__(self, outputs: list[Cues]) -> None:
        self.outputs = outputs

    def cue(self, cue: Cue) -> None:
        for output in self.outputs:
            output.cue(cue)
