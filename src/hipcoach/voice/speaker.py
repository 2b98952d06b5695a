"""The speaker: one thread queues and plays cues, so nothing here blocks the timer or raises."""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from hipcoach.voice.cache import SpeechCache
from hipcoach.voice.common import CUE_MAX_AGE, SHORT_CUE_MAX_AGE
from hipcoach.voice.engines import SpeechEngine
from hipcoach.voice.players import Playback, Player, ProcessPlayback, spawn

if TYPE_CHECKING:
    from hipcoach.session.engine import Cue


Start = Callable[[], Playback]


class SpeechOutput(Protocol):
    """Where a Speaker's words go."""

    def load(self, text: str) -> Start | None:
        """Get ready to say ``text`` (it may render); calling the result starts it. None:
        its sound is not ready yet (still rendering in the background)."""
        ...

    def close(self) -> None:
        """The session is over: stop whatever is still being prepared."""
        ...

    def preparing(self) -> bool:
        """Whether some sounds are still being prepared in the background."""
        ...


@dataclass(frozen=True)
class CachedSpeech:
    """Plays cached WAVs (rendered on demand if a text was not prepared)."""

    cache: SpeechCache
    player: Player

    def load(self, text: str) -> Start | None:
        if not self.cache.engine.accepts(text):
            return None  # this engine cannot say it (kanji for espeak-ng): the bell marks it
        wav = self.cache.lookup(text)
        if wav is None and self.cache.rendering(text):
            return None  # rendering in the background: the bell stands in this time
        wav = wav or self.cache.ensure(text)
        return lambda: self.player.play(wav)

    def close(self) -> None:
        self.cache.cancel()

    def preparing(self) -> bool:
        return self.cache.still_rendering() > 0


@dataclass(frozen=True)
class DirectSpeech:
    """Runs a command that speaks by itself (a user command without ``{wav}``)."""

    engine: SpeechEngine

    def load(self, text: str) -> Start | None:
        if not self.engine.accepts(text):
            return None  # the bell marks it
        invocation = self.engine.invocation(text, None)
        return lambda: spawn(invocation)

    def close(self) -> None:
        pass  # nothing prepared ahead

    def preparing(self) -> bool:
        return False


def max_age(kind: str) -> float:
    """How late a cue may still be spoken: counts and rep numbers only just in time."""
    return SHORT_CUE_MAX_AGE if kind in ("count", "rep") else CUE_MAX_AGE


_STOP = object()
MAX_ERRORS_KEPT = 50


COUNT_KINDS = ("count", "rep")
PHRASE_POLL = 0.02  # seconds between looks at a phrase a count waits for


class Speaker:
    """Speaks cues without ever blocking or raising into the engine (its ``Cues``).

    ``cue()`` only queues the cue with the time it came. One daemon thread takes
    cues in order, drops any older than :func:`max_age`, looks up the words with
    ``text_for`` and the sound with ``output``, stops what is still playing and
    starts the new sound. Errors there are counted in ``error_count`` and kept
    (the last few) in ``errors``, never raised.
    """

    def __init__(
        self,
        text_for: Callable[[Cue], str | None],
        output: SpeechOutput,
        *,
        clock: Callable[[], float] = time.monotonic,
        join_timeout: float = 1.0,
    ) -> None:
        self.text_for = text_for
        self.output = output
        self.clock = clock
        self.join_timeout = join_timeout
        self.spoken: deque[str] = deque(maxlen=200)  # texts started, newest last
        self.dropped = 0  # stale cues not spoken
        self.stand_in: Callable[[], None] | None = None  # the bell, for a sound not ready
        self.stood_in = 0  # cues the stand-in marked
        self.error_count = 0
        self.errors: deque[str] = deque(maxlen=MAX_ERRORS_KEPT)
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._lock = threading.Lock()  # guards _current and _closed
        self._idle = threading.Condition()
        self._pending = 0
        self._current: Playback | None = None
        self._current_kind = ""
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="hipcoach-speaker", daemon=True)
        self._thread.start()

    # --- the engine's side: never blocks, never raises ---------------------------------------

    def cue(self, cue: Cue) -> None:
        """Queue ``cue`` and return at once."""
        try:
            if self._closed or cue.kind == "phase":  # a tone, for the tone player
                return
            with self._idle:
                self._pending += 1
            self._queue.put((self.clock(), cue))
        except Exception as exc:
            self._record(exc)

    # --- the speaker thread ---------------------------------------------------------------

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP or self._closed:
                break
            try:
                assert isinstance(item, tuple)
                self._say(item[0], item[1])
            except Exception as exc:
                self._record(exc)
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()

    def _say(self, queued: float, cue: Cue) -> None:
        if self._stale(queued, cue):
            return
        if cue.kind in COUNT_KINDS and not self._after_phrase(queued, cue):
            return
        text = self.text_for(cue)
        if not text:
            return
        start = self.output.load(text)  # fast when prepared; rendering on demand is not
        if start is None:  # not rendered yet: a bell marks the moment instead
            if self.stand_in is not None:
                self.stand_in()
                self.stood_in += 1
            return
        if self._stale(queued, cue):
            return
        with self._lock:
            if self._closed:
                return
            self._stop_current()
            self._current = start()
            self._current_kind = cue.kind
        self.spoken.append(text)

    def _after_phrase(self, queued: float, cue: Cue) -> bool:
        """A count never cuts a phrase short (the key cue matters more than "3"): it waits
        for the phrase to end, and is dropped if it goes stale first. A phrase still cuts
        off anything, and a count cuts off an older count."""
        while True:
            with self._lock:
                playing = self._current
                phrase = playing is not None and self._current_kind not in COUNT_KINDS
                if not phrase or playing is None or not playing.running():
                    return True
            if self._stale(queued, cue):
                return False
            time.sleep(PHRASE_POLL)

    def _stale(self, queued: float, cue: Cue) -> bool:
        if self.clock() - queued > max_age(cue.kind):
            self.dropped += 1
            return True
        return False

    def _stop_current(self) -> None:
        """Stop the sound still playing (call with the lock held); note a failed player."""
        current, self._current = self._current, None
        if current is None:
            return
        if current.running():
            current.stop()
        elif isinstance(current, ProcessPlayback) and current.returncode() not in (0, None):
            self._record(RuntimeError(f"player exited {current.returncode()}"))

    def _record(self, exc: BaseException) -> None:
        self.error_count += 1
        self.errors.append(f"{type(exc).__name__}: {exc}")

    # --- the caller's side ----------------------------------------------------------------

    def preparing(self) -> bool:
        """Whether some phrases are still rendering (the bell stands in for them)."""
        try:
            return self.output.preparing()
        except Exception:  # never let a question about the voice break the screen
            return False

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def close(self, wait: float = 0.0) -> None:
        """Stop the thread and any sound. With ``wait`` > 0, first let queued cues and
        the last sound finish, for up to that many seconds (the closing "done")."""
        try:
            if wait > 0 and not self._closed:
                self._drain(wait)
            with self._lock:
                self._closed = True
                self._stop_current()
        except Exception as exc:  # a player that fails to stop must not break the caller
            self._record(exc)
        finally:
            self._closed = True
            self._queue.put(_STOP)
            with contextlib.suppress(Exception):
                self.output.close()  # renders still running are killed, not left behind
        if threading.current_thread() is not self._thread:
            self._thread.join(self.join_timeout)

    def _drain(self, wait: float) -> None:
        """Wait up to ``wait`` seconds for queued cues and the sound playing to finish."""
        deadline = time.monotonic() + wait
        with self._idle:
            self._idle.wait_for(lambda: self._pending <= 0, timeout=wait)
        current = self._current
        if current is not None:
            current.wait(max(0.0, deadline - time.monotonic()))

    def __enter__(self) -> Speaker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
