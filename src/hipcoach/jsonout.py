"""JSON as hipcoach writes it: UTF-8 text kept readable, C1 controls escaped."""

from __future__ import annotations

import json
import re
from typing import Any

# json escapes C0 controls itself; U+0080-U+009F pass through ensure_ascii=False, and a
# terminal may read U+009B as "CSI": escape them too (the JSON means the same)
_C1 = re.compile("[\x80-\x9f]")


def dumps(value: Any, *, indent: int | None = None) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _C1.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
