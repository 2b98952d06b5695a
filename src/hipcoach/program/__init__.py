"""The routine as data: what a program is and how it becomes a timeline.

``model`` (the dataclasses every other package reads, the catalogue of built-in and user
programs), ``fileformat`` (the pydantic file format and its JSON Schema), ``yamlsafe``
(YAML 1.2 loading with positions for errors), ``snapshots`` (validated programs cached so
everyday commands skip YAML and pydantic) and ``plan`` (today's doses expanded into a
timeline of segments).

May import: the base modules (errors, i18n, paths, timeutil, files). Nothing here knows
about the log, a session or a terminal.
"""
