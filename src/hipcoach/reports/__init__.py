"""Exports of the log for a spreadsheet, a physiotherapist and a calendar.

One module per format, each writing sessions as it reads them (memory stays flat):
``spreadsheet`` (CSV), ``markdown``, ``webpage`` (one self-contained HTML page, with
``charts``: SVG calendar and dose trends) and ``ics`` (iCalendar: sessions, or a weekly
reminder); ``shared`` holds the text they have in common. JSON and JSON Lines are the
log's own interchange format (``log.interchange``).

May import: coach, log, program, the base modules.
"""
