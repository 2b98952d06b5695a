"""Tempo tones: a short sound at each movement of a paced repetition, with or without speech.

Down is a falling tone, up a rising one, a hold two short high blips: told apart without
looking, in any language. They are generated here (no speech engine needed), played
through the same player as the voice, on a channel of their own so a tone never cuts a
word short, and a late tone is dropped rather than played off the beat.
"""

from __future__ import annotations

import math
import os
import queue
import threading
import time
import wave
from array import array
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from hipcoach.voice.common import SHORT_CUE_MAX_AGE
from hipcoach.voice.players import Playback, Player

if TYPE_CHECKING:
    from hipcoach.program.model import Movement
    from hipcoach.session.engine import Cue

RATE = 22050
LEVEL = 0.35  # of full scale: under the voice (normalised speech peaks near 0.9)
FADE = 0.005  # seconds of fade in and out: no click
TONES_FORMAT = "1"  # in the file names: bump when the sounds change

# (start Hz, end Hz, seconds) per blip; a gap of GAP seconds between blips
_SHAPES: dict[str, tuple[tuple[float, float, float], ...]] = {
    "down": ((880.0, 520.0, 0.14),),
    "up": ((520.0, 880.0, 0.14),),
    "hold": ((1040.0, 1040.0, 0.045), (1040.0, 1040.0, 0.045)),
}
GAP = 0.04


def tone_samples(movement: str, rate: int = RATE) -> array[int]:
    """The 16-bit samples of one movement's tone: sine glides with faded edges."""
    samples: array[int] = array("h")
    for number, (start, end, seconds) in enumerate(_SHAPES[movement]):
        if number:
            samples.extend([0] * int(GAP * rate))
        count = int(seconds * rate)
        phase = 0.0
        for i in range(count):
            frequency = start + (end - start) * i / count
            phase += 2 * math.pi * frequency / rate
            edge = min(1.0, i / (FADE * rate), (count - 1 - i) / (FADE * rate))
            samples.append(int(32767 * LEVEL * edge * math.sin(phase)))
    return samples


def write_tones(directory: Path) -> dict[Movement, Path]:
    """The three tone files in ``directory``, written once (atomically) and then reused."""
    directory.mkdir(parents=True, exist_ok=True)
    paths: dict[Movement, Path] = {}
    for movement in ("down", "hold", "up"):
        path = directory / f"tone-{movement}-{TONES_FORMAT}.wav"
        if not path.is_file():
            partial = path.with_name(f".{path.name}.{os.getpid()}.part")
            with wave.open(str(partial), "wb") as wav:
                wav.setnchannels(1)
                wav.setsampwidth(2)
                wav.setframerate(RATE)
                wav.writeframes(tone_samples(movement).tobytes())
            partial.replace(path)
        paths[movement] = path
    return paths


_STOP = object()


class TonePlayer:
    """Plays the tone of each ``phase`` cue (a session's ``Cues``): never blocks, never
    raises into the engine; one thread starts the players, finished ones are reaped."""

    def __init__(
        self,
        player: Player,
        tones: Mapping[Movement, Path],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.player = player
        self.tones = dict(tones)
        self.clock = clock
        self.played: list[str] = []  # movements whose tone started, in order
        self.dropped = 0  # late tones not played
        self.error_count = 0
        self._playing: list[Playback] = []
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="hipcoach-tones", daemon=True)
        self._thread.start()

    def cue(self, cue: Cue) -> None:
        if cue.kind == "phase" and cue.movement is not None and not self._closed:
            self._queue.put((self.clock(), cue.movement))

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                break
            assert isinstance(item, tuple)
            queued, movement = item
            try:
                self._play(queued, movement)
            except Exception:  # a player that fails must not stop the tones after it
                self.error_count += 1

    def _play(self, queued: float, movement: Movement) -> None:
        if self.clock() - queued > SHORT_CUE_MAX_AGE:
            self.dropped += 1
            return
        self._playing = [p for p in self._playing if p.running()]
        self._playing.append(self.player.play(self.tones[movement]))
        self.played.append(movement)

    def close(self, join_timeout: float = 1.0) -> None:
        """Stop the thread and any tone still sounding."""
        self._closed = True
        self._queue.put(_STOP)
        if threading.current_thread() is not self._thread:
            self._thread.join(join_timeout)
        for playback in self._playing:
            if playback.running():
                playback.stop()
