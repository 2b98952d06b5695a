"""What the log on disk is like, read without changing it: for ``hipcoach doctor``."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from hipcoach.log.migrations import MIGRATIONS


@dataclass(frozen=True)
class LogHealth:
    """A read-only look at the log: ``error`` when SQLite could not read it at all."""

    error: str | None = None
    integrity: str = "ok"  # PRAGMA integrity_check's first line
    version: int = 0  # PRAGMA user_version: the migrations applied
    sessions: int = 0
    running: int = 0  # sessions still open (a session under way, or a process that died)

    @property
    def newer_than_this_hipcoach(self) -> bool:
        return self.version > len(MIGRATIONS)

    @property
    def known_versions(self) -> int:
        return len(MIGRATIONS)


def inspect_log(path: Path) -> LogHealth:
    """Open ``path`` read-only (never migrated or repaired) and report on it."""
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            sessions = _count(db, "SELECT count(*) FROM sessions")
            running = _count(db, "SELECT count(*) FROM sessions WHERE status = 'running'")
        finally:
            db.close()
    except sqlite3.Error as exc:
        return LogHealth(error=str(exc))
    return LogHealth(None, str(integrity), version, sessions, running)


def _count(db: sqlite3.Connection, query: str) -> int:
    try:
        return int(db.execute(query).fetchone()[0])
    except sqlite3.Error:
        return 0  # an empty, not yet migrated log
