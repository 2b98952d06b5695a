"""One loudness for every phrase, whatever the engine, and no clipped sample.

Engines differ by 10 dB and more: Open JTalk's nitech voice is quiet, its "mei" voice
clips at Open JTalk's default volume, Piper writes every phrase up to full scale. A cue
must sound as loud as the one before it, so each rendered phrase is scaled to one
target before it is cached.

Loudness is measured as in ITU-R BS.1770, without its K-weighting filter: the mean
power of 400 ms blocks (overlapping by 75 %), leaving out blocks under -70 dBFS and then
blocks more than 10 dB under the mean of the rest. Pauses inside a phrase ("Rest. Next,
set 2.") therefore do not count, and a phrase with pauses is not made louder than one
without. A phrase shorter than one block is measured whole.

The target, -20 dBFS, is where speech from espeak-ng and Open JTalk peaks at about
-1 to -7 dBFS (peak-to-loudness 13-19 dB over every built-in phrase, measured): loud
for a laptop speaker across the room, and a phrase is only turned down below it when
its peak would pass the ceiling.
"""

from __future__ import annotations

import math
from array import array
from operator import mul
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

TARGET_LOUDNESS = -20.0  # dBFS, gated mean power (see above)
PEAK_CEILING = -1.0  # dBFS: no sample louder, so nothing clips, even after a player resamples
BLOCK_SECONDS = 0.4
STEP_SECONDS = 0.1  # blocks start every 100 ms: 75 % overlap
ABSOLUTE_GATE = -70.0  # dBFS: digital silence and noise floor
RELATIVE_GATE = -10.0  # dB under the mean of the blocks kept so far


def _decibels(power: float) -> float:
    return 10 * math.log10(power)


def _step_energies(samples: Sequence[int], step: int) -> list[int]:
    """The sum of squares of each run of ``step`` samples (the last may be shorter)."""
    energies = []
    for start in range(0, len(samples), step):
        chunk = samples[start : start + step]
        energies.append(sum(map(mul, chunk, chunk)))
    return energies


def gated_loudness(samples: Sequence[int], rate: int, channels: int, full: int) -> float | None:
    """Loudness in dBFS of signed PCM samples (``full`` is full scale), or None for
    silence. Channels are interleaved and weighed alike."""
    step = max(1, int(STEP_SECONDS * rate)) * channels
    per_block = round(BLOCK_SECONDS / STEP_SECONDS)
    energies = _step_energies(samples, step)
    whole_steps = len(samples) // step
    if whole_steps < per_block:  # shorter than one block: the whole phrase is the block
        powers = [sum(energies) / max(1, len(samples))]
    else:
        count = step * per_block
        powers = [
            sum(energies[i : i + per_block]) / count for i in range(whole_steps - per_block + 1)
        ]
    scale = float(full) * full
    powers = [p / scale for p in powers if p > 0 and _decibels(p / scale) > ABSOLUTE_GATE]
    if not powers:
        return None
    floor = sum(powers) / len(powers) * 10 ** (RELATIVE_GATE / 10)
    kept = [p for p in powers if p > floor] or powers
    return _decibels(sum(kept) / len(kept))


def normalising_gain(loudness: float, peak: float) -> float:
    """The factor that brings a phrase of ``loudness`` dBFS to the target, or less when its
    ``peak`` (a fraction of full scale) would then pass the ceiling."""
    wanted = 10 ** ((TARGET_LOUDNESS - loudness) / 20)
    ceiling = 10 ** (PEAK_CEILING / 20)
    return min(wanted, ceiling / peak) if peak > 0 else wanted


def apply_gain(samples: array[int], gain: float) -> array[int]:
    """Signed samples scaled by ``gain``. The gain keeps the peak under the ceiling, so no
    value can pass full scale and none needs clamping."""
    return array(samples.typecode, map(round, map(gain.__mul__, samples)))  # map: 20 % faster
