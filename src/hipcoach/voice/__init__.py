"""Spoken cues: speech engines, engine choice, WAV checks, the cache, players and the
speaker thread that never blocks the countdown, and diagnosis for ``doctor``.

May import: session (the cue types), program (the timeline it speaks), the base modules.
"""
