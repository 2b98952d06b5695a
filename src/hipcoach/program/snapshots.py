"""Snapshots of validated program files, so everyday commands skip YAML and pydantic.

A snapshot is a JSON file in the cache dir holding a program's validated data and a
short summary of it (what ``hipcoach programs`` lists), under a key: the file's full
path, size, times and inode, hipcoach's version and the snapshot layout. A snapshot
that does not match its file is ignored and the file validated again, so a stale or
foreign one costs a validation, never a wrong program. This module defines no
program types: ``programs`` lists from the summaries without building any program.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any, NamedTuple

from hipcoach import __version__, paths
from hipcoach.errors import HipcoachError
from hipcoach.i18n import t

MAX_SNAPSHOT_BYTES = 4 << 20
LAYOUT = 3  # what a snapshot holds; 2 added the summary, 3 the words, whys and first hold


def stamp(path: Path, name: str | None = None) -> list[int]:
    """What changes when the file does: size, modification and change times, inode.

    Raises:
        HipcoachError: the file cannot be read (named as the user gave it).
    """
    from hipcoach.files import not_regular

    try:
        info = path.stat()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise HipcoachError(f"{name or path}: {t('yaml.unreadable', reason=reason)}") from None
    if (why := not_regular(info.st_mode)) is not None:  # a pipe would block the read
        raise HipcoachError(f"{name or path}: {t('yaml.unreadable', reason=why)}")
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def _location(path: Path) -> Path:
    # a name, not a guarantee: the snapshot holds the full path and is checked on reading,
    # so a collision costs a validation, never a wrong program (and hashlib's OpenSSL
    # would cost 3 ms of every start)
    import zlib

    where = str(path.resolve())
    key = f"{zlib.crc32(where.encode()):08x}{len(where):04x}"
    return paths.cache_dir() / "programs" / f"{key}.json"


def _key(path: Path, file_stamp: list[int]) -> list[Any]:
    return [str(path.resolve()), file_stamp, __version__, LAYOUT]


def read(path: Path, file_stamp: list[int]) -> dict[str, Any] | None:
    """The snapshot of this very file (``program`` data and ``summary``), or None."""
    from hipcoach.files import read_regular

    try:  # a snapshot far over a program's size is no snapshot of ours: the JSON fails
        saved = json.loads(read_regular(_location(path), MAX_SNAPSHOT_BYTES))
        if saved["key"] != _key(path, file_stamp):
            return None
        if not isinstance(saved["program"], dict) or not isinstance(saved["summary"], dict):
            return None
        return {"program": saved["program"], "summary": saved["summary"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no snapshot, or not one we wrote: validate the file instead


def write(path: Path, file_stamp: list[int], data: dict[str, Any], summary: dict[str, Any]) -> None:
    """Keep the validated data of ``path``; a read-only cache only costs speed."""
    from hipcoach.files import write_atomically

    body = {"key": _key(path, file_stamp), "program": data, "summary": summary}
    with contextlib.suppress(OSError):
        write_atomically(_location(path), json.dumps(body, ensure_ascii=False), durable=False)


class Listed(NamedTuple):
    path: Path
    builtin: bool
    summary: dict[str, Any]  # see hipcoach.program.plan.program_summary


def listed_programs() -> list[Listed] | None:
    """Every program file's summary, when each has a fresh snapshot; else None.

    None also when a user program reuses a built-in's id: the full catalog (which
    validates files and explains such problems) is then the one to ask.
    """
    listed: list[Listed] = []
    folders = ((paths.builtin_programs_dir(), True), (paths.user_programs_dir(), False))
    for folder, builtin in folders:
        for path in paths.program_files(folder):
            try:
                saved = read(path, stamp(path))
            except HipcoachError:
                return None
            if saved is None:
                return None
            listed.append(Listed(path, builtin, saved["summary"]))
    builtin_ids = {entry.summary.get("id") for entry in listed if entry.builtin}
    if any(entry.summary.get("id") in builtin_ids for entry in listed if not entry.builtin):
        return None
    return listed
