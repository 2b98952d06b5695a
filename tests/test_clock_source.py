"""Only hipcoach.clock reads the wall clock or the machine's time zone.

Everything else gets "now", the zone and today handed down, so a test or a person can
set them (HIPCOACH_NOW, HIPCOACH_TZ, or an Environment in process). This walks the
syntax of every module in src/ and names each call that would read them behind the
clock's back.
"""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

SOURCE = ROOT / "src" / "hipcoach"
THE_ONE_PLACE = SOURCE / "clock.py"

# fully qualified names that read the wall clock or the machine's zone
FORBIDDEN = {
    "datetime.datetime.now",
    "datetime.datetime.today",
    "datetime.datetime.utcnow",
    "datetime.datetime.fromtimestamp",
    "datetime.datetime.utcfromtimestamp",
    "datetime.date.today",
    "datetime.date.fromtimestamp",
    "time.time",
    "time.time_ns",
    "time.localtime",
    "time.gmtime",
    "time.ctime",
    "time.asctime",
    "time.mktime",
    "time.strftime",
    "time.tzset",
    "time.timezone",
    "time.altzone",
    "time.tzname",
    "time.daylight",
}
FORBIDDEN_MODULES = {"tzlocal"}
SQL_CLOCK = ("'now'", "current_timestamp", "current_date", "current_time", "localtime")


def _imported_names(tree: ast.Module) -> dict[str, str]:
    """Local name -> what it stands for (``dt`` -> ``datetime.datetime``)."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _dotted(node: ast.expr, names: dict[str, str]) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in names:
        return None
    return ".".join([names[node.id], *reversed(parts)])


def clock_reads(source: str) -> list[tuple[int, str]]:
    """(line, what) for each read of the wall clock or the machine's zone in ``source``."""
    tree = ast.parse(source)
    names = _imported_names(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute | ast.Name):
            dotted = _dotted(node, names)
            if dotted in FORBIDDEN:
                found.append((node.lineno, dotted))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            machine_zone = node.func.attr == "astimezone" and (
                not node.args
                or (isinstance(node.args[0], ast.Constant) and node.args[0].value is None)
            )
            if machine_zone and not node.keywords:
                found.append((node.lineno, ".astimezone() in the machine's zone"))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = (
                [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            )
            found += [(node.lineno, f"import {m}") for m in modules if m in FORBIDDEN_MODULES]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value.lower()
            found += [(node.lineno, f"SQL {word}") for word in SQL_CLOCK if word in text]
    return sorted(set(found))


def test_no_module_but_the_clock_reads_the_wall_clock_or_the_zone() -> None:
    modules = sorted(SOURCE.rglob("*.py"))
    assert THE_ONE_PLACE in modules and len(modules) > 20
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in modules
        if path != THE_ONE_PLACE
        for line, what in clock_reads(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "read the clock through hipcoach.clock.WallClock:\n" + "\n".join(
        offenders
    )


def test_the_clock_module_is_where_the_reads_are() -> None:
    reads = {what for _, what in clock_reads(THE_ONE_PLACE.read_text(encoding="utf-8"))}
    assert "datetime.datetime.now" in reads  # the check sees the one real read


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("from datetime import datetime\ndatetime.now()", "datetime.datetime.now"),
        ("from datetime import datetime as dt\ndt.now(tz=None)", "datetime.datetime.now"),
        ("import datetime\ndatetime.date.today()", "datetime.date.today"),
        ("from datetime import date\ndate.today()", "datetime.date.today"),
        ("import datetime as _dt\n_dt.datetime.utcnow()", "datetime.datetime.utcnow"),
        ("import time\ntime.time()", "time.time"),
        ("import time as t\nt.localtime()", "time.localtime"),
        ("from time import time\ntime()", "time.time"),
        ("from time import localtime as lt\nlt()", "time.localtime"),
        ("import time\nx = time.timezone", "time.timezone"),
        ("instant.astimezone()", ".astimezone() in the machine's zone"),
        ("instant.astimezone(None)", ".astimezone() in the machine's zone"),
        ("import tzlocal", "import tzlocal"),
        ("db.execute(\"SELECT datetime('now')\")", "SQL 'now'"),
        ("db.execute('INSERT INTO t VALUES (CURRENT_TIMESTAMP)')", "SQL current_timestamp"),
    ],
)
def test_the_check_finds_each_way_of_reading_the_clock(source: str, what: str) -> None:
    assert what in {name for _, name in clock_reads(source)}


@pytest.mark.parametrize(
    "source",
    [
        "clock.now()",
        "self.clock.today()",
        "instant.astimezone(UTC)",
        "instant.astimezone(zone)",
        "import time\ntime.monotonic()",
        "import time\ntime.perf_counter()",
        "from datetime import date\ndate.fromisoformat('2026-11-24')",
    ],
)
def test_what_the_check_lets_through(source: str) -> None:
    assert clock_reads(source) == []
