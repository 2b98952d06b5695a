"""What the log on disk is like, read without changing it: for ``hipcoach doctor``, and
the check every command makes before it uses the log."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from hipcoach import paths
from hipcoach.errors import HipcoachError
from hipcoach.i18n import t
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
            integrity = integrity_check(db)
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            sessions = _count(db, "SELECT count(*) FROM sessions")
            running = _count(db, "SELECT count(*) FROM sessions WHERE status = 'running'")
        finally:
            db.close()
    except sqlite3.Error as exc:
        return LogHealth(error=str(exc))
    return LogHealth(None, str(integrity), version, sessions, running)


def integrity_check(db: sqlite3.Connection, problems: int = 100) -> str:
    """The first line of SQLite's integrity check: "ok", or the first problem found.

    The problems quote the damaged bytes, which need not be UTF-8: read as bytes. A
    damaged schema makes SQLite's own error message quote them, which Python cannot
    decode: that is damage too.
    """
    saved = db.text_factory
    db.text_factory = bytes
    try:
        verdict = db.execute(f"PRAGMA integrity_check({int(problems)})").fetchone()[0]
    except UnicodeDecodeError:
        return t("store.garbled")
    finally:
        db.text_factory = saved
    return bytes(verdict).decode("utf-8", "replace")


def _count(db: sqlite3.Connection, query: str) -> int:
    try:
        return int(db.execute(query).fetchone()[0])
    except sqlite3.Error:
        return 0  # an empty, not yet migrated log


# --- refusing a damaged log before it is used ------------------------------------------------

# Where the last log found intact is remembered: the cache (losing it costs one check).
CHECKED_FILE = "log-checked.json"


def refuse_damage(db: sqlite3.Connection, path: Path) -> None:
    """Refuse the log when SQLite's integrity check fails, before anything writes to it.

    The check reads the whole file (about 40 ms for ten years of sessions), so it runs
    only when the file changed since it last passed: a changed device, inode, size,
    modification or change time of the log or its write-ahead log. The change time
    cannot be set back, so a damaged copy put in place, or any write to the file, is
    checked. What this misses is a disk changing bytes by itself, without a write: SQLite
    reports that damage when it reads the page, and ``hipcoach doctor`` checks in full.

    Raises:
        HipcoachError: the log is damaged; nothing was written to it.
    """
    stamp = file_stamp(path)
    if stamp is None or _last_intact(path) == stamp:
        return
    verdict = integrity_check(db, problems=1)
    if verdict != "ok":
        raise damaged(path, verdict)
    _remember_intact(path, stamp)


def damaged(path: Path, reason: object) -> HipcoachError:
    return HipcoachError(t("store.damaged", path=path, reason=reason), hint=t("store.hint_rescue"))


def file_stamp(path: Path) -> list[int] | None:
    """What changes whenever the log (or its write-ahead log) is written; None: no log."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    try:
        wal = Path(f"{path}-wal").stat()
        pending = [wal.st_size, wal.st_mtime_ns] if wal.st_size else [0, 0]
    except FileNotFoundError:
        pending = [0, 0]
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns, *pending]


def _checked_file() -> Path:
    return paths.cache_dir() / CHECKED_FILE


def _last_intact(path: Path) -> list[int] | None:
    from hipcoach.files import read_regular

    try:
        saved = json.loads(read_regular(_checked_file(), 4096))
        if saved["log"] == str(path.resolve()) and isinstance(saved["stamp"], list):
            return list(saved["stamp"])
    except (OSError, ValueError, KeyError, TypeError):
        pass  # never checked, or not a file of ours: check
    return None


def _remember_intact(path: Path, stamp: list[int]) -> None:
    from hipcoach.files import write_atomically

    record = json.dumps({"log": str(path.resolve()), "stamp": stamp})
    with contextlib.suppress(OSError):  # a read-only cache costs a check a command, no more
        write_atomically(_checked_file(), record, durable=False)
