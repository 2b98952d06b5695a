"""Read models over the log: what to do today, streaks, stats and progression.

``streaks`` (done days and streaks), ``today`` (today's doses and whether they are done),
``stats`` (calendar, adherence, weekly doses), ``progression`` (dose levels replayed from
check-ins), ``safety`` (stops from the pain record, and how they are lifted),
``safety_text`` (what every view says about pain and stops) and ``describe`` (the
words for doses and trends every view shares). Pure functions: "today" is always an argument.

May import: log, program, the base modules.
"""
