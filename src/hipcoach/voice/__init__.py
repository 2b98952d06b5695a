"""Spoken cues: speech engines, a WAV cache, audio players and a non-blocking speaker.

Why this shape (measured in shared/research/voice-and-timing.md):

- Speech comes from system programs called with argument lists, never a shell:
  espeak-ng for English, Open JTalk for Japanese (espeak-ng's Japanese voice reads
  kanji as "Chinese letter", so it is only a fallback for kana-only text), ``say`` on
  macOS, System.Speech through PowerShell on Windows, or the user's own command.
- Every text of a session is rendered to a cached WAV *before* the session starts,
  so a cue only has to start a player: it sounds within a few ms of its moment,
  where synthesising on demand takes 45–110 ms.
- :class:`Speaker` implements the engine's ``Cues`` protocol. ``cue()`` only puts
  the cue on a queue; one daemon thread drops stale cues, cuts off the cue still
  playing and starts the new one. Nothing here can block or raise into the timer.
- Whether audio works is found out by playing 50 ms of silence with the real player
  and reading its exit code (espeak-ng exits 0 even with no sound device).

Nothing here prints or formats messages: setup returns reason codes and
:func:`describe` returns plain data, which the CLI translates.

- Open JTalk speaks with a system voice when there is one, else the "mei" voice shipped
  in ``data/`` (CC BY 3.0), so Debian's and Ubuntu's main archive is enough.
- Every cached phrase has one loudness and no clipped sample (``loudness``).

Modules: ``common`` (codes, timings), ``fixes`` (install commands per platform),
``invocation``, ``engines``, ``jtalk`` (Open JTalk's dictionary and voice), ``choice``
(which engine for a language), ``wav``, ``loudness``, ``cache`` (rendering), ``players``,
``speaker`` (the thread that plays cues), ``setup`` (for a session) and ``diagnosis``
(for ``doctor``).

May import: session (the cue types), program (the timeline it speaks), the base modules.
"""
