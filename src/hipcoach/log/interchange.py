"""The log's own interchange format: JSON and JSON Lines exports, lossless, which
``log.importer`` reads back (on another machine, or after a rescue)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, TextIO

from hipcoach import __version__, jsonout
from hipcoach.log.records import SessionRecord
from hipcoach.timeutil import to_iso

EXPORT_FORMAT = "hipcoach-log"
EXPORT_VERSION = 1


def export_header(exported: datetime) -> dict[str, Any]:
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "hipcoach": __version__,
        "exported_utc": to_iso(exported),
    }


def write_json(sessions: Iterable[SessionRecord], out: TextIO, exported: datetime) -> int:
    """``{"format": …, "version": 1, "sessions": [...]}``, one session per line."""
    head = jsonout.dumps(export_header(exported))[:-1]
    out.write(head + ', "sessions": [\n')
    count = 0
    for session in sessions:
        out.write((",\n" if count else "") + jsonout.dumps(session.to_dict()))
        count += 1
    out.write("\n]}\n")
    return count


def write_jsonl(sessions: Iterable[SessionRecord], out: TextIO, exported: datetime) -> int:
    """A header line, then one session per line."""
    out.write(jsonout.dumps(export_header(exported)) + "\n")
    count = 0
    for session in sessions:
        out.write(jsonout.dumps(session.to_dict()) + "\n")
        count += 1
    return count
