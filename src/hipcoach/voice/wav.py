"""WAV files: their level and length, leading silence trimmed, silence written."""

from __future__ import annotations

import sys
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hipcoach.voice.common import TRIM_PAD, TRIM_THRESHOLD
from hipcoach.voice.loudness import apply_gain, gated_loudness, normalising_gain

if TYPE_CHECKING:
    pass


_TYPECODES = {1: "B", 2: "h", 4: "i"}


@dataclass(frozen=True)
class WavStats:
    """Length and loudness of a WAV file, amplitudes as fractions of full scale."""

    duration: float
    rms: float
    peak: float
    leading_silence: float


def _samples(frames: bytes, width: int) -> tuple[array[int], int] | None:
    """PCM frames as signed-or-offset integers and the full-scale value, or None for
    sample widths this module does not read (24-bit)."""
    code = _TYPECODES.get(width)
    if code is None or array(code).itemsize != width:
        return None
    samples = array(code)
    samples.frombytes(frames[: len(frames) - len(frames) % width])
    if width > 1 and sys.byteorder == "big":
        samples.byteswap()  # WAV is little-endian
    return samples, 1 << (8 * width - 1)


def _first_loud(samples: array[int], limit: float, offset: int) -> int | None:
    """Index of the first sample louder than ``limit`` (after removing ``offset``)."""
    for index, value in enumerate(samples):
        if abs(value - offset) > limit:
            return index
    return None


def wav_stats(path: Path, threshold: float = TRIM_THRESHOLD) -> WavStats:
    """Duration, RMS, peak and leading silence of a PCM WAV (raises wave.Error otherwise)."""
    with wave.open(str(path), "rb") as wav:
        rate, channels, width = wav.getframerate(), wav.getnchannels(), wav.getsampwidth()
        frames = wav.readframes(wav.getnframes())
    decoded = _samples(frames, width)
    if decoded is None or not decoded[0]:
        return WavStats(len(frames) / (rate * channels * width or 1), 0.0, 0.0, 0.0)
    samples, full = decoded
    offset = 128 if width == 1 else 0
    total = sum((value - offset) * (value - offset) for value in samples)
    rms = (total / len(samples)) ** 0.5 / full
    peak = max(abs(value - offset) for value in samples) / full
    first = _first_loud(samples, threshold * full, offset)
    lead = (len(samples) if first is None else first) // channels / rate
    return WavStats(len(samples) / channels / rate, rms, peak, lead)


def trim_leading_silence(
    source: Path, target: Path, threshold: float = TRIM_THRESHOLD, pad: float = TRIM_PAD
) -> bool:
    """Write ``source`` to ``target`` without its leading silence (keeping ``pad`` seconds).

    Open JTalk starts every file with ~0.35 s of silence, which would make each cue
    late by that much. Returns False (and writes nothing) for files it cannot read
    or that are all silence.
    """
    return _rewrite(source, target, threshold, pad, normalise=False)


def finish_phrase(
    source: Path, target: Path, threshold: float = TRIM_THRESHOLD, pad: float = TRIM_PAD
) -> bool:
    """Write ``source`` to ``target`` as the cache keeps it: leading silence trimmed, then
    scaled to one loudness with no sample over the ceiling (see ``loudness``). False (and
    nothing written) for files it cannot read (24-bit, not PCM) or all silence."""
    return _rewrite(source, target, threshold, pad, normalise=True)


def _rewrite(source: Path, target: Path, threshold: float, pad: float, *, normalise: bool) -> bool:
    try:
        with wave.open(str(source), "rb") as wav:
            params = wav.getparams()
            frames = wav.readframes(params.nframes)
    except (wave.Error, EOFError, OSError):
        return False
    decoded = _samples(frames, params.sampwidth)
    if decoded is None:
        return False
    samples, full = decoded
    offset = 128 if params.sampwidth == 1 else 0
    first = _first_loud(samples, threshold * full, offset)
    if first is None:
        return False
    frame = max(0, first // params.nchannels - int(pad * params.framerate))
    samples = samples[frame * params.nchannels :]
    if normalise:
        samples = _normalised(samples, params.framerate, params.nchannels, full, offset)
    with wave.open(str(target), "wb") as out:
        out.setparams(params)
        out.writeframes(_frames(samples))
    return True


def _normalised(
    samples: array[int], rate: int, channels: int, full: int, offset: int
) -> array[int]:
    """``samples`` at the target loudness (8-bit WAV is unsigned: centred first)."""
    signed = array("h", (v - offset for v in samples)) if offset else samples
    level = gated_loudness(signed, rate, channels, full)
    if level is None:
        return samples
    peak = max(map(abs, signed)) / full
    scaled = apply_gain(signed, normalising_gain(level, peak))
    return array("B", (v + offset for v in scaled)) if offset else scaled


def _frames(samples: array[int]) -> bytes:
    """Samples back to WAV's little-endian bytes."""
    if samples.itemsize > 1 and sys.byteorder == "big":
        samples = array(samples.typecode, samples)
        samples.byteswap()
    return samples.tobytes()


def phrase_loudness(path: Path) -> float | None:
    """The gated loudness of a PCM WAV in dBFS (None: silence or unreadable width)."""
    with wave.open(str(path), "rb") as wav:
        rate, channels, width = wav.getframerate(), wav.getnchannels(), wav.getsampwidth()
        frames = wav.readframes(wav.getnframes())
    decoded = _samples(frames, width)
    if decoded is None:
        return None
    samples, full = decoded
    if width == 1:
        samples = array("h", (v - 128 for v in samples))
    return gated_loudness(samples, rate, channels, full)


def write_silence(path: Path, seconds: float = 0.05, rate: int = 22050) -> Path:
    """A mono 16-bit WAV of silence: what the audio probe plays."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(b"\x00\x00" * int(seconds * rate))
    return path
