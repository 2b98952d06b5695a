"""Exports of the log for a spreadsheet, a physiotherapist and a calendar.

``export``: CSV, JSON and JSON Lines (lossless, what import reads back), Markdown, a
single-file HTML report with SVG charts, and iCalendar (sessions or weekly reminders).

May import: coach, log, program, the base modules.
"""
