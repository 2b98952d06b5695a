"""Audio players: which are there, whether the sound device works, and playback to cut off."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from hipcoach.voice.cache import last_line
from hipcoach.voice.common import PROBE_TIMEOUT, STOP_TIMEOUT, Which
from hipcoach.voice.invocation import Invocation
from hipcoach.voice.wav import write_silence

if TYPE_CHECKING:
    pass


class Playback(Protocol):
    """A sound that is playing (or was)."""

    def running(self) -> bool: ...

    def stop(self) -> None: ...

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for it to end; True when it has."""
        ...


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    detail: str = ""  # the player's last error line, "timeout", …


class Player(Protocol):
    """Plays WAV files without blocking."""

    @property
    def name(self) -> str: ...

    def play(self, wav: Path) -> Playback: ...

    def probe(self, wav: Path, timeout: float) -> ProbeResult:
        """Play ``wav`` to the end (blocking, at most ``timeout``): does audio work?"""
        ...


class ProcessPlayback:
    """A running program, in its own process group so stopping it stops its children."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process

    def running(self) -> bool:
        return self.process.poll() is None

    def returncode(self) -> int | None:
        return self.process.poll()

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
            self.process.wait(STOP_TIMEOUT)

    def _signal(self, sig: int) -> None:
        try:
            if os.name == "posix":
                os.killpg(self.process.pid, sig)
            else:
                self.process.terminate()
        except (ProcessLookupError, PermissionError):
            pass

    def wait(self, timeout: float) -> bool:
        try:
            self.process.wait(max(0.0, timeout))
        except subprocess.TimeoutExpired:
            return False
        return True


def spawn(invocation: Invocation) -> ProcessPlayback:
    """Start a program without waiting for it; its output is discarded."""
    process = subprocess.Popen(
        list(invocation.argv),
        stdin=subprocess.PIPE if invocation.stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=invocation.environment(),
        start_new_session=os.name == "posix",
    )
    if invocation.stdin is not None and process.stdin is not None:
        try:
            process.stdin.write(invocation.stdin)
            process.stdin.close()
        except OSError:
            pass  # it exited already; its exit code tells
    return ProcessPlayback(process)


@dataclass(frozen=True)
class CommandPlayer:
    """A player program: ``argv`` followed by the WAV path (paplay, pw-play, aplay, afplay)."""

    name: str
    argv: tuple[str, ...]

    def play(self, wav: Path) -> Playback:
        return spawn(Invocation((*self.argv, str(wav))))

    def probe(self, wav: Path, timeout: float) -> ProbeResult:
        try:
            result = subprocess.run(
                [*self.argv, str(wav)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return ProbeResult(False, "timeout")
        except OSError as exc:
            return ProbeResult(False, str(exc.strerror or exc))
        return ProbeResult(result.returncode == 0, last_line(result.stderr))


class _WinsoundPlayback:
    """winsound plays one sound at a time; a new PlaySound replaces the old one."""

    def __init__(self, seconds: float) -> None:
        self.until = time.monotonic() + seconds

    def running(self) -> bool:
        return time.monotonic() < self.until

    def stop(self) -> None:
        if sys.platform == "win32":
            import winsound

            winsound.PlaySound(None, 0)
        self.until = 0.0

    def wait(self, timeout: float) -> bool:
        left = self.until - time.monotonic()
        time.sleep(max(0.0, min(left, timeout)))
        return left <= timeout


@dataclass(frozen=True)
class WinsoundPlayer:
    """Windows: the standard library's winsound, asynchronously."""

    name: str = "winsound"

    def play(self, wav: Path) -> Playback:
        if sys.platform == "win32":
            import winsound

            flags = winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT
            winsound.PlaySound(str(wav), flags)
            return _WinsoundPlayback(_duration(wav))
        raise OSError("winsound exists only on Windows")

    def probe(self, wav: Path, timeout: float) -> ProbeResult:
        if sys.platform == "win32":
            import winsound

            try:
                winsound.PlaySound(str(wav), winsound.SND_FILENAME | winsound.SND_NODEFAULT)
            except RuntimeError as exc:
                return ProbeResult(False, str(exc))
            return ProbeResult(True)
        return ProbeResult(False, "not windows")


def _duration(wav: Path) -> float:
    try:
        with wave.open(str(wav), "rb") as file:
            return file.getnframes() / float(file.getframerate() or 1)
    except (wave.Error, EOFError, OSError):
        return 0.0


LINUX_PLAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("paplay", ()),  # PulseAudio, and PipeWire's pulse server
    ("pw-play", ()),
    ("aplay", ("-q",)),
)


PLAYER_VARIABLE = "HIPCOACH_PLAYER"


def chosen_player(value: str | None) -> Player | None:
    """The player named by HIPCOACH_PLAYER: a command line, the WAV path appended.

    It replaces the search (``mpv --really-quiet``, ``play -q``, or ``true`` to time
    a session's speech without a sound card).
    """
    if not value or not value.strip():
        return None
    try:
        argv = tuple(shlex.split(value))
    except ValueError:
        argv = (value,)  # the probe then reports it cannot be started
    return CommandPlayer(Path(argv[0]).name, argv)


def find_players(
    which: Which = shutil.which,
    platform: str = sys.platform,
    chosen: str | None = None,
) -> list[Player]:
    """The players installed, best first (not yet probed); HIPCOACH_PLAYER wins."""
    player = chosen_player(os.environ.get(PLAYER_VARIABLE) if chosen is None else chosen)
    if player is not None:
        return [player]
    if platform == "win32":
        return [WinsoundPlayer()]
    candidates = (("afplay", ()),) if platform == "darwin" else LINUX_PLAYERS
    players: list[Player] = []
    for name, args in candidates:
        path = which(name)
        if path is not None:
            players.append(CommandPlayer(name, (path, *args)))
    return players


@dataclass(frozen=True)
class ProbeReport:
    """Which player plays sound (None: none does) and every probe's result."""

    player: Player | None
    results: tuple[tuple[str, ProbeResult], ...]


def probe_players(
    players: Sequence[Player], directory: Path, timeout: float = PROBE_TIMEOUT
) -> ProbeReport:
    """Play 50 ms of silence with each player in turn; the first that exits 0 wins.

    Probing each (a few ms when there is no device) means a broken PulseAudio does not
    hide a working ALSA.
    """
    if not players:
        return ProbeReport(None, ())
    directory.mkdir(parents=True, exist_ok=True)
    silence = write_silence(directory / f".probe-{os.getpid()}.wav")
    results: list[tuple[str, ProbeResult]] = []
    try:
        for player in players:
            result = player.probe(silence, timeout)
            results.append((player.name, result))
            if result.ok:
                return ProbeReport(player, tuple(results))
    finally:
        silence.unlink(missing_ok=True)
    return ProbeReport(None, tuple(results))
