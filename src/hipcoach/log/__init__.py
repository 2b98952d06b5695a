"""The training log: the only package that imports ``sqlite3``.

``records`` (sessions, sets, the pain record), ``migrations``, ``rows`` (records to rows),
``store`` (queries; one transaction per set), ``merging`` (another log's records added by
id), ``interchange`` and ``importer`` (exports written, and read back validated whole
before the log is touched), ``health`` and ``rescue`` (what a damaged log still holds,
copied into a new one).

May import: program (types only), base modules.
"""
