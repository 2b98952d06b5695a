"""Writing a file whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


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
