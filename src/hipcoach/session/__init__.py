"""A guided session: the engine that runs a timeline, what is said when, the recorder.

``engine`` runs a timeline against an injected monotonic clock, keys and cue output and
emits the records of ``events`` (what a set and a session came to); ``cues`` turns cues
into words; ``recorder`` writes each finished set to the log and wires a session's
listeners (the scaled clock for rehearsals, fan-out, timing).

May import: program, log, the base modules. Never the terminal: keys, screen and voice
arrive as arguments.
"""
