"""What to say or signal at each cue, and the simple outputs (bell, silence).

The engine emits :class:`~hipcoach.session.engine.Cue` objects and never waits on them.
:func:`cue_text` turns a cue into words in the session's language; a voice speaks
them, the bell only marks the start and end of the work.
"""

from __future__ import annotations

from collections.abc import Callable

from hipcoach.i18n import SIDE, Lang, t
from hipcoach.program.plan import Timeline
from hipcoach.session.engine import Cue


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
