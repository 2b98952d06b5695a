"""Runs from the runner's own watch: FIT, TCX and GPX files → cleaned per-kilometre
summaries → speed-adjusted late-run form drift, and its trend next to the routine.

``track`` (the samples one run holds), ``fitfile`` and ``xmlfiles`` (decoders; the FIT
decoder is imported lazily, start-up stays fast), ``decode`` (one file to runs, content
hash, one-line failures), ``clean`` (pauses, walking, warm-up, GPS spikes; treadmill and
intervals), ``splits`` (per-km summaries and finer bins), ``analysis`` (form drift against
the runner's own early speed model, onset, fade index, decoupling), ``importer`` (files
and folders, a process pool, idempotent), ``trend`` (fade against adherence).

No terminal here. May import: log, program, settings, the base modules.
"""
