"""The training log: the only package that imports ``sqlite3``.

``store`` (records, migrations, queries; one transaction per set), ``importer`` (exports
read back, validated whole before the log is touched) and ``rescue`` (what a damaged log
still holds, copied into a new one).

May import: program (types only), coach.progression (the check-in record), base modules.
"""
