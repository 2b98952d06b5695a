"""Invocations: argument lists with {text}, {wav} and {lang}, never a shell."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class Invocation:
    """One program run: its argument list, bytes for stdin, extra environment variables."""

    argv: tuple[str, ...]
    stdin: bytes | None = None
    env: tuple[tuple[str, str], ...] = ()

    def environment(self) -> dict[str, str] | None:
        """The full environment to run with, or None to inherit it unchanged."""
        return {**os.environ, **dict(self.env)} if self.env else None


_PLACEHOLDER = re.compile(r"\{(text|wav|lang)\}")


def substitute(template: Sequence[str], values: dict[str, str]) -> tuple[str, ...]:
    """Fill ``{text}``, ``{wav}`` and ``{lang}`` inside each argument, in one pass.

    Each argument stays one argument whatever the text holds (``;``, ``$(…)``, quotes,
    newlines), and a value is never scanned again, so text saying ``{wav}`` stays as is.
    """
    return tuple(
        _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), arg) for arg in template
    )


def one_line(text: str) -> str:
    """Text with line breaks as spaces: Open JTalk stops at the first line break."""
    return " ".join(text.split())


def is_kana_only(text: str) -> bool:
    """True when ``text`` is kana, digits, spaces and punctuation: what espeak-ng's ``ja``
    voice can read (it reads each kanji as "Chinese letter")."""
    for char in text:
        code = ord(char)
        if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
            continue  # hiragana, katakana (with ー), half-width katakana
        if char.isdigit() or char.isspace() or unicodedata.category(char)[0] in "PZ":
            continue
        if char in "〜～":
            continue
        return False
    return True
