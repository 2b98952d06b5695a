"""The terminal: keys and signals (``keys``), the Rich live session screen
(``screen``), and reusable renderables and views (``views``: today, log, stats, the
calendar and sparklines; ``prose``: wrapping English and Japanese).

May import: coach, session, program, the base modules. Only this package and ``cli``
touch the terminal.
"""
