"""The one spelling of an identifier: a program's or an exercise's id.

Lower-case letters, digits and hyphens, starting with a letter or digit, at most 40
characters: safe in a file name, a URL, a CSV cell and a shell argument. Program files,
settings, ``hipcoach new`` and imports all check ids against :data:`ID_PATTERN`.
"""

from __future__ import annotations

import re

ID_BODY = r"[a-z0-9][a-z0-9-]{0,39}"
ID_PATTERN = rf"^{ID_BODY}$"
_ID = re.compile(ID_PATTERN)


def is_id(text: str) -> bool:
    return _ID.fullmatch(text) is not None
