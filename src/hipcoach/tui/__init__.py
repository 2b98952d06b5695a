"""The terminal: keys and signals (``keys``), the Rich live session screen (``screen``),
and what the commands print: ``console`` (where and how), ``program_view`` (``show``),
``day_views`` (the timeline, ``today``, ``log``), ``stats_view`` (calendar, sparklines)
and ``prose`` (wrapping English and Japanese).

May import: coach, session, program, the base modules. Only this package and ``cli``
touch the terminal.
"""
