"""Every cue fits its moment: the cue log of whole sessions, in both languages.

The engine runs each built-in program on a fake clock; the cues it emits are the cue log.
Phrases are rendered with each speech engine this machine has (the voice's own cache,
trimming included) and each must end before the next spoken cue is due, so a countdown
is never dropped or delayed and never collides with a count.
"""

from __future__ import annotations

import itertools
import wave
from array import array
from pathlib import Path

import pytest

from hipcoach.i18n import Lang
from hipcoach.program.catalog import catalog
from hipcoach.program.model import Program
from hipcoach.program.plan import Overrides, Timeline, doses_for, expand
from hipcoach.session.cues import AllCues, cue_text, phrase_window, speech_seconds
from hipcoach.session.engine import COUNTDOWN_FROM, Cue, Engine
from hipcoach.session.events import Tick
from hipcoach.voice.cache import SpeechCache
from hipcoach.voice.choice import choose_engine
from hipcoach.voice.players import Playback, ProbeResult
from hipcoach.voice.tones import LEVEL, TonePlayer, tone_samples, write_tones
from hipcoach.voice.wav import wav_stats
from tests.fakes import FakeClock, Recorder, ScriptedKeys

LANGS: tuple[Lang, ...] = ("en", "ja")


def builtin_programs() -> list[Program]:
    """The built-in routines (the self-tests' holds run until a key: no fixed cue log)."""
    programs = [entry.program for entry in catalog() if entry.builtin]
    routines = [p for p in programs if p is not None and not p.is_assessment]
    assert len(routines) >= 4, "the built-in routines were not found"
    return routines


def session_log(timeline: Timeline) -> tuple[list[Cue], Recorder]:
    clock = FakeClock(0.0)
    recorder = Recorder()
    Engine(timeline, clock, ScriptedKeys(clock), AllCues([recorder]), recorder).run()
    return recorder.cues, recorder


def timelines() -> list[Timeline]:
    """Every built-in program as it starts, and at its top doses, full and quick."""
    result = []
    for program in builtin_programs():
        top = {step.id: 99 for step in program.steps}
        for levels in ({}, top):
            result.append(expand(program, doses_for(program, levels)))
            if program.quick:
                result.append(expand(program, doses_for(program, levels, quick=True)))
    return result


def spoken(cues: list[Cue], timeline: Timeline, lang: Lang) -> list[tuple[float, str, Cue]]:
    return [(c.at, text, c) for c in cues if (text := cue_text(c, timeline, lang))]


# --- the cue log -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_countdown_is_whole_before_every_set_and_never_meets_a_count(lang: Lang) -> None:
    for timeline in timelines():
        cues, _ = session_log(timeline)
        for segment in timeline.segments:
            if segment.kind == "work" or not segment.seconds:
                continue
            counts = [c.count for c in cues if c.segment == segment and c.kind == "count"]
            assert counts == [3, 2, 1], (segment, counts)
        said = spoken(cues, timeline, lang)
        for (at, text, cue), (later, _, _) in itertools.pairwise(said):
            if cue.kind == "count" and cue.count == 1:
                assert later - at >= 1.0 - 1e-9  # "1", then "Start" a second later
            assert not (cue.kind == "count" and cue.count == 1 and text == "1" and later == at)
        rep_words = [text for _, text, cue in said if cue.kind == "rep"]
        assert "1" not in rep_words  # the first rep is "Start" (or its tone): no "1 – 1"


@pytest.mark.parametrize("lang", LANGS)
def test_the_side_is_said_for_every_set(lang: Lang) -> None:
    for timeline in timelines():
        cues, _ = session_log(timeline)
        said = spoken(cues, timeline, lang)
        for work in timeline.work_segments():
            dose = timeline.dose(work)
            side = work.side or ("left" if dose.step.dose.sides == "alternating" else None)
            if side is None:
                continue
            before = timeline.segments[work.index - 1]  # get-ready, switch or rest
            assert before.kind != "work"
            words = [text for _, text, cue in said if cue.segment == before and cue.kind != "count"]
            own = dose.step.words.side(side) if dose.step.words else None
            generic = {"en": side, "ja": "左" if side == "left" else "右"}[lang]
            expected = own.get(lang) if own else generic
            assert any(expected.lower() in text.lower() for text in words), (work, words)


def test_a_phase_cue_marks_every_movement_of_every_paced_rep() -> None:
    for timeline in timelines():
        cues, recorder = session_log(timeline)
        for work in timeline.work_segments():
            dose = timeline.dose(work)
            if dose.tempo is None:
                continue
            moves = []
            for tick in recorder.of(Tick):
                if tick.segment == work and tick.rep is not None:
                    move = (tick.rep.number, tick.rep.movement)
                    if not moves or moves[-1] != move:
                        moves.append(move)
            phases = [
                (c.count, c.movement) for c in cues if c.segment == work and c.kind == "phase"
            ]
            assert phases == moves
            reps = dose.reps or 0
            assert len(phases) == reps * len(dose.tempo.parts())


def test_phrases_are_chosen_to_fit_their_window() -> None:
    for timeline in timelines():
        for segment in timeline.segments:
            window = phrase_window(segment)
            if window is None:
                continue
            kind = {"get_ready": "get_ready", "switch": "switch", "rest": "rest"}[segment.kind]
            for lang in LANGS:
                text = cue_text(Cue(kind, segment), timeline, lang)  # type: ignore[arg-type]
                assert text and speech_seconds(text, lang) <= window, (segment, text)


def test_a_short_get_ready_keeps_the_side_and_drops_the_details() -> None:
    program = next(p for p in builtin_programs() if p.id == "hip-drop")
    tight = expand(program, doses_for(program), Overrides(first_get_ready=6, get_ready=0))
    first = tight.segments[0]
    en = cue_text(Cue("get_ready", first), tight, "en")
    full = cue_text(Cue("get_ready", expand(program, doses_for(program)).segments[0]), tight, "en")
    assert en is not None and full is not None and len(en) < len(full)
    assert "First:" in en or "first" in en


# --- rendered with each engine this machine has --------------------------------------------


def _engines() -> list[tuple[Lang, object]]:
    found = []
    for lang in LANGS:
        choice = choose_engine(lang)
        if choice.engine is not None and choice.engine.renders and not choice.kana_only:
            found.append((lang, choice.engine))
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_rendered_phrase_ends_before_the_next_spoken_cue(lang: Lang, tmp_path: Path) -> None:
    engine = dict(_engines()).get(lang)
    if engine is None:
        pytest.skip(f"no speech engine that says all of {lang} on this machine")
    cache = SpeechCache(engine, tmp_path)  # type: ignore[arg-type]
    durations: dict[str, float] = {}
    for timeline in timelines():
        cues, _ = session_log(timeline)
        said = spoken(cues, timeline, lang)
        for text in {text for _, text, _ in said} - set(durations):
            durations[text] = wav_stats(cache.ensure(text)).duration
        for (at, text, _cue), (later, next_text, _) in itertools.pairwise(said):
            ends = at + durations[text]
            # a phrase may only run into a count (which then waits) by nothing at all
            assert ends <= later + 0.05, (
                f"{lang}: {text!r} ({durations[text]:.2f} s at {at:.2f}) runs into"
                f" {next_text!r} at {later:.2f}"
            )
        for segment in timeline.segments:
            window = phrase_window(segment)
            opening = [text for at, text, cue in said if cue.segment == segment][:1]
            if window is not None and opening and opening[0] not in {"1", "2", "3"}:
                assert durations[opening[0]] <= window + COUNTDOWN_FROM - 2.5


# --- tones ------------------------------------------------------------------------------------


def _pitch(samples: array[int], rate: int = 22050) -> float:
    """Frequency from zero crossings."""
    crossings = sum(1 for a, b in itertools.pairwise(samples) if (a < 0) != (b < 0))
    return crossings / 2 / (len(samples) / rate)


def test_tones_fall_for_down_rise_for_up_and_blip_for_a_hold() -> None:
    down, up, hold = (tone_samples(m) for m in ("down", "up", "hold"))
    third = len(down) // 3
    assert _pitch(down[:third]) > _pitch(down[-third:]) * 1.3
    assert _pitch(up[:third]) * 1.3 < _pitch(up[-third:])
    silent_run = max(len(run) for run in "".join("0" if s == 0 else "x" for s in hold).split("x"))
    assert silent_run > 22050 * 0.03  # two blips with a gap between
    for samples in (down, up, hold):
        peak = max(abs(s) for s in samples)
        assert 0.8 * LEVEL * 32767 < peak <= LEVEL * 32767  # under the voice, never clipping
        assert abs(samples[0]) < 200 and abs(samples[-1]) < 200  # faded: no click


def test_tone_files_are_written_once(tmp_path: Path) -> None:
    first = write_tones(tmp_path)
    stamps = {m: p.stat().st_mtime_ns for m, p in first.items()}
    again = write_tones(tmp_path)
    assert {m: p.stat().st_mtime_ns for m, p in again.items()} == stamps
    with wave.open(str(first["down"])) as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        assert 0.1 < wav.getnframes() / wav.getframerate() < 0.2
    assert not list(tmp_path.glob(".*part"))


class _Sound:
    def __init__(self) -> None:
        self.stopped = False

    def running(self) -> bool:
        return not self.stopped

    def stop(self) -> None:
        self.stopped = True

    def wait(self, timeout: float) -> bool:
        return True


class _LoggingPlayer:
    name = "logging"

    def __init__(self) -> None:
        self.played: list[str] = []
        self.sounds: list[_Sound] = []

    def play(self, wav: Path) -> Playback:
        self.played.append(wav.name.split("-")[1])
        self.sounds.append(_Sound())
        return self.sounds[-1]

    def probe(self, wav: Path, timeout: float) -> ProbeResult:
        return ProbeResult(True)


def test_the_tone_player_plays_each_phase_and_drops_a_late_one(tmp_path: Path) -> None:
    program = next(p for p in builtin_programs() if p.id == "hip-drop")
    timeline = expand(program, doses_for(program, only_step="hip-hinge"))
    cues, _ = session_log(timeline)
    phases = [c for c in cues if c.kind == "phase"]
    now = [100.0]
    player = _LoggingPlayer()
    tones = TonePlayer(player, write_tones(tmp_path), clock=lambda: now[0])
    for cue in phases[:6]:
        tones.cue(cue)
    tones.cue(Cue("rep", count=1))  # not a tone
    tones.close()
    assert player.played == [c.movement for c in phases[:6]] == tones.played
    assert all(sound.stopped for sound in player.sounds)  # nothing left sounding

    times = iter([0.0, 5.0])  # queued at 0, played at 5: far too late
    late = TonePlayer(_LoggingPlayer(), write_tones(tmp_path), clock=lambda: next(times, 5.0))
    late.cue(phases[0])
    late.close()
    assert late.played == [] and late.dropped == 1
