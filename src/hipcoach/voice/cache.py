"""Rendering texts to WAV files, each once, into a cache keyed by engine and text."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import threading
import wave
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hipcoach.errors import printable
from hipcoach.voice.common import (
    CACHE_FORMAT,
    RENDER_TIMEOUT,
    STOP_TIMEOUT,
    TRIM_THRESHOLD,
    RenderError,
)
from hipcoach.voice.engines import SpeechEngine
from hipcoach.voice.invocation import Invocation
from hipcoach.voice.wav import finish_phrase, wav_stats

MAX_PHRASE_SECONDS = 60.0  # the longest cue is a few seconds; more is not a phrase

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor


def last_line(data: bytes | str | None) -> str:
    """A program's last words, one line, control characters shown as escapes: a failing
    command's output must not drive the terminal it is reported on."""
    if not data:
        return ""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return printable(lines[-1][:200]) if lines else ""


def run_invocation(
    invocation: Invocation,
    timeout: float,
    running: set[subprocess.Popen[bytes]] | None = None,
) -> None:
    """Run a program to the end; RenderError unless it exits 0 in time.

    The program runs in a session of its own, so a command that hangs is killed with
    every process it started (a shell script's children too): none is left behind.
    While it runs it is in ``running``, for whoever must be able to kill it sooner.
    """
    try:
        process = subprocess.Popen(
            list(invocation.argv),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=invocation.environment(),
            start_new_session=True,
        )
    except OSError as exc:
        raise RenderError(f"{invocation.argv[0]}: {exc.strerror or exc}") from exc
    if running is not None:
        running.add(process)
    try:
        _, errors = process.communicate(invocation.stdin or b"", timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        kill_group(process)
        raise RenderError(f"timeout after {timeout:g} s") from exc
    except BaseException:
        kill_group(process)
        raise
    finally:
        if running is not None:
            running.discard(process)
    if process.returncode != 0:
        raise RenderError(f"exit {process.returncode}: {last_line(errors)}")


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the process and its whole group, then reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired, OSError, ValueError):
        process.communicate(timeout=STOP_TIMEOUT)


def render(
    engine: SpeechEngine,
    text: str,
    wav: Path,
    timeout: float = RENDER_TIMEOUT,
    running: set[subprocess.Popen[bytes]] | None = None,
) -> Path:
    """Have ``engine`` write ``text`` to ``wav``; RenderError unless a usable WAV results:
    a valid header, a length a phrase can have, and sound in it (garbage or silence is
    never cached, so it cannot fail quietly in every later session)."""
    if not engine.renders:
        raise RenderError(f"{engine.name} speaks directly and writes no file")
    run_invocation(engine.invocation(text, wav), timeout, running)
    if not wav.is_file() or wav.stat().st_size <= 44:
        raise RenderError("no audio written")
    check_phrase(wav)
    return wav


def check_phrase(wav: Path) -> None:
    """RenderError unless ``wav`` is PCM audio of a phrase's length with sound in it."""
    try:
        stats = wav_stats(wav)
    except (wave.Error, EOFError, OSError) as exc:
        raise RenderError(f"not a WAV file ({exc})") from exc
    if not 0 < stats.duration <= MAX_PHRASE_SECONDS:
        raise RenderError(f"not a phrase: {stats.duration:.1f} s of audio")
    if stats.peak < TRIM_THRESHOLD:
        raise RenderError("only silence")


def cache_key(engine: str, voice: str, options: Sequence[str], text: str) -> str:
    """sha256 of everything that decides the sound; stable across processes (unlike hash())."""
    digest = hashlib.sha256()
    for part in (CACHE_FORMAT, engine, voice, *options, "", text):
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big") + data)  # length-prefixed: unambiguous
    return digest.hexdigest()


@dataclass
class PrepareResult:
    """What :meth:`SpeechCache.prepare` did with a session's texts."""

    ready: dict[str, Path] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)  # newly rendered (the rest was cached)
    failed: dict[str, str] = field(default_factory=dict)  # text → error
    pending: set[str] = field(default_factory=set)  # still rendering in the background


def speech_cache_dir() -> Path:
    from hipcoach.paths import cache_dir

    return cache_dir() / "speech"


def writable_directory(preferred: Path) -> Path:
    """``preferred`` when a file can be written there, else a private temporary folder,
    removed at exit: a read-only cache should cost the session its cache, not its voice.

    Raises:
        OSError: not even the temporary folder can be written.
    """
    import tempfile

    try:
        preferred.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=preferred, prefix=".write-test-"):
            return preferred
    except OSError:
        import atexit

        fallback = Path(tempfile.mkdtemp(prefix="hipcoach-speech-"))
        atexit.register(shutil.rmtree, fallback, ignore_errors=True)
        return fallback


class SpeechCache:
    """Rendered WAVs under ``cache_dir()/speech``, one file per (engine, voice, options, text)."""

    def __init__(
        self,
        engine: SpeechEngine,
        directory: Path | None = None,
        *,
        timeout: float = RENDER_TIMEOUT,
    ) -> None:
        self.engine = engine
        self.preferred = directory or speech_cache_dir()
        self.directory = writable_directory(self.preferred)
        self.timeout = timeout
        self.failed: dict[str, str] = {}  # texts that failed once are not retried
        self._lock = threading.Lock()
        self._pending: set[str] = set()  # being rendered in the background
        self._running: set[subprocess.Popen[bytes]] = set()  # their processes
        self._cancelled = False
        self._pool: ThreadPoolExecutor | None = None

    def key(self, text: str) -> str:
        engine = self.engine
        return cache_key(engine.name, engine.voice, engine.options, text)

    def path(self, text: str) -> Path:
        return self.directory / f"{self.key(text)}.wav"

    def lookup(self, text: str) -> Path | None:
        """The rendered WAV, also from a cache that is filled but read-only (then new
        renderings go to a temporary folder beside it)."""
        path = self.path(text)
        if path.is_file():
            return path
        kept = self.preferred / path.name
        return kept if kept.is_file() else None

    def ensure(self, text: str) -> Path:
        """The cached WAV for ``text``, rendering it first if needed (RenderError)."""
        cached = self.lookup(text)
        if cached is not None:
            return cached
        if text in self.failed:
            raise RenderError(self.failed[text])
        if self._cancelled:
            raise RenderError("cancelled: the session is over")
        try:
            return self._render(text)
        except RenderError as exc:
            self.failed[text] = str(exc)
            raise

    def _render(self, text: str) -> Path:
        """Render to a temporary file, trim and normalise it into another, then rename
        (atomic). A WAV this cannot read (24-bit) is kept as the engine wrote it."""
        self.directory.mkdir(parents=True, exist_ok=True)
        final = self.path(text)
        stem = f".{final.stem}.{os.getpid()}.{threading.get_ident()}"
        raw = self.directory / f"{stem}.raw.wav"
        trimmed = self.directory / f"{stem}.tmp.wav"
        try:
            render(self.engine, text, raw, self.timeout, self._running)
            source = trimmed if finish_phrase(raw, trimmed) else raw
            source.replace(final)
        except OSError as exc:
            raise RenderError(str(exc)) from exc
        finally:
            raw.unlink(missing_ok=True)
            trimmed.unlink(missing_ok=True)
        return final

    def prepare(
        self, texts: Iterable[str], workers: int | None = None, *, wait: float | None = None
    ) -> PrepareResult:
        """Render every text not cached yet, a few in parallel.

        Without ``wait`` it returns when all are done. With ``wait`` it returns after at
        most that many seconds: what is not rendered by then goes on in the background
        (``pending``; :meth:`rendering`), so a slow or hanging speech command never
        holds the session back. :meth:`cancel` ends it.
        """
        unique = list(dict.fromkeys(t for t in texts if t))
        missing = [t for t in unique if self.lookup(t) is None]
        count = max(1, min(workers or min(4, os.cpu_count() or 1), len(missing)))
        if wait is None and count == 1:
            for text in missing:
                self._try_ensure(text)
        elif missing:
            from concurrent.futures import ThreadPoolExecutor
            from concurrent.futures import wait as wait_for

            with self._lock:
                self._pending.update(missing)
            pool = self._pool = ThreadPoolExecutor(count, thread_name_prefix="hipcoach-render")
            futures = [pool.submit(self._try_ensure, text) for text in missing]
            wait_for(futures, timeout=wait)
            pool.shutdown(wait=False)  # the workers finish (or are cancelled) on their own
        return self._result(unique, missing)

    def _result(self, unique: list[str], missing: list[str]) -> PrepareResult:
        result = PrepareResult()
        for text in unique:
            path = self.lookup(text)
            if path is not None:
                result.ready[text] = path
            elif self.rendering(text):
                result.pending.add(text)
            else:
                result.failed[text] = self.failed.get(text, "not rendered")
        result.rendered = [t for t in missing if t in result.ready]
        return result

    def still_rendering(self) -> int:
        """How many texts are still being rendered in the background."""
        with self._lock:
            return len(self._pending)

    def rendering(self, text: str) -> bool:
        """Whether ``text`` is still being rendered in the background."""
        with self._lock:
            return text in self._pending

    def cancel(self) -> None:
        """Stop rendering: nothing queued starts, and every running command is killed with
        its process group (nothing of a hanging command outlives the session)."""
        self._cancelled = True
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        for process in list(self._running):
            kill_group(process)

    def _try_ensure(self, text: str) -> None:
        try:
            with contextlib.suppress(RenderError):  # recorded in self.failed
                self.ensure(text)
        finally:
            with self._lock:
                self._pending.discard(text)
