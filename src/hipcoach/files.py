"""Reading a file only when it is a regular one, and writing a file whole or not at all."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

from hipcoach.i18n import t

_KINDS = (
    (stat.S_ISDIR, "files.a_folder"),
    (stat.S_ISFIFO, "files.a_pipe"),
    (stat.S_ISCHR, "files.a_device"),
    (stat.S_ISBLK, "files.a_device"),
    (stat.S_ISSOCK, "files.a_socket"),
)


def not_regular(mode: int) -> str | None:
    """Why a file of this mode is no file to read (a folder, a pipe...), or None."""
    for test, key in _KINDS:
        if test(mode):
            return t("files.not_regular", kind=t(key))
    return None if stat.S_ISREG(mode) else t("files.not_regular", kind=t("files.a_special"))


def read_regular(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``path`` (more than ``limit`` means too big), read
    only when it is a regular file (see :func:`open_regular`).

    Raises:
        OSError: it cannot be read, or is not a regular file (``strerror`` says which).
    """
    with open_regular(path) as handle:
        return handle.read(limit + 1)


@contextmanager
def open_regular(path: Path) -> Iterator[BinaryIO]:
    """``path`` opened for reading in binary, only when it is a regular file.

    A FIFO would block the open or the read forever and ``/dev/zero`` never ends, and
    ``st_size`` is 0 for both: so the kind is checked before opening (a device is never
    opened), the open never blocks, and the kind is checked again on what was opened (it
    may have been swapped). A reader still bounds what it reads: the size may grow.

    Raises:
        OSError: it cannot be read, or is not a regular file (``strerror`` says which).
    """
    _refuse_special(path.stat().st_mode, path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    handle = os.open(path, flags)
    try:
        _refuse_special(os.fstat(handle).st_mode, path)
    except OSError:
        os.close(handle)
        raise
    with os.fdopen(handle, "rb") as opened:
        yield opened


def _refuse_special(mode: int, path: Path) -> None:
    if (why := not_regular(mode)) is not None:
        raise OSError(errno.EINVAL, why, str(path))


@contextmanager
def atomic_output(path: Path, *, durable: bool = True) -> Iterator[TextIO]:
    """A text file to write ``path`` through: a temporary file in the same folder, renamed
    over ``path`` only when the block ends without an error, so a full disk, a crash or
    Ctrl-C leaves the old file (or none), never half of the new one. ``durable`` also waits
    for the disk before the rename. The file gets the usual permissions (the umask).

    Raises:
        OSError: the folder or the file cannot be written; nothing is left behind.
    """
    handle, partial_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    partial = Path(partial_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            yield out
            if durable:
                out.flush()
                os.fsync(out.fileno())
        partial.chmod(0o666 & ~_umask())  # mkstemp makes it private; ours are not
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_atomically(path: Path, text: str, *, durable: bool = True) -> None:
    """``text`` into ``path`` whole or not at all (see :func:`atomic_output`), making the
    folder first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(path, durable=durable) as out:
        out.write(text)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
