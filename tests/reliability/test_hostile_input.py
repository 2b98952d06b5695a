"""Hostile input through the real entry point: success or one clean error, nothing else.

Every example runs :func:`hipcoach.cli.main` (what the ``hipcoach`` script runs) in
this process, with its own argv, under CliRunner's captured streams and an alarm.
"Clean" is defined once, in :func:`assert_clean`:

- the exit code is 0, 2 (bad input) or 3 (doctor found something); 1 is a bug;
- no "Traceback" and no "internal error" anywhere in stdout or stderr;
- on failure stderr is not empty, and for an input with one problem it is one line,
  plus at most one line saying how to go on (``Try 'hipcoach run --help'``, a hint);
- no raw control characters (ESC, BEL, C1, ...) on stderr, nor on stdout for the
  commands that draw on the terminal: hostile text must never drive the terminal
  (``--json`` output: no raw C0 or C1 either, which hipcoach's JSON escapes);
- it ends within ``ALARM_SECONDS`` (a generous bound: an example takes milliseconds).

Alias bombs and deep nesting also run in a subprocess under ``RLIMIT_AS`` (256 MiB),
to prove they cannot blow memory up. Import failures must leave the log as it was:
the database file's bytes and ``hipcoach export --format json`` are compared.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hipcoach import paths
from hipcoach.cli import main
from hipcoach.log.store import open_store
from hipcoach.program.yamlsafe import MAX_FILE_BYTES
from tests.conftest import HIP_DROP, ROOT, TODAY, value_paths
from tests.histories import add_sessions, make_session

ALARM_SECONDS = 20.0
RUNNER = CliRunner()
# Hypothesis runs many examples inside one test: they share the test's tmp_path.
FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and newline
# JSON escapes C0 controls itself and hipcoach escapes C1 (U+0080-U+009F), which
# json.dumps(ensure_ascii=False) would leave raw; DEL is harmless there.
JSON_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x80-\x9f]")


# --- running hipcoach ----------------------------------------------------------------------


class Hang(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` hides it."""


@dataclass(frozen=True, repr=False)
class Outcome:
    argv: tuple[str, ...]
    code: int
    out: str
    err: str
    seconds: float

    def __repr__(self) -> str:  # what pytest shows when an assertion on it fails
        shown = [a if len(a) < 200 else a[:200] + f"…({len(a)} chars)" for a in self.argv]
        return (
            f"hipcoach {shown!r} -> exit {self.code} in {self.seconds:.2f} s\n"
            f"--- stdout\n{self.out[:3000]}\n--- stderr\n{self.err[:3000]}"
        )


def hipcoach(*argv: str, stdin: str = "") -> Outcome:
    """Run the real entry point in this process and capture what it says."""

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"hipcoach {argv!r} still running after {ALARM_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    saved_argv = sys.argv
    code: object = 0
    started = time.perf_counter()
    try:
        with RUNNER.isolation(input=stdin) as (out, err, _):
            sys.argv = ["hipcoach", *argv]
            signal.setitimer(signal.ITIMER_REAL, ALARM_SECONDS)
            try:
                main()
            except SystemExit as exc:
                code = exc.code
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                sys.stdout.flush()  # Rich writes without flushing
                sys.stderr.flush()
            stdout = out.getvalue().decode("utf-8", "replace")
            stderr = err.getvalue().decode("utf-8", "replace")
    finally:
        signal.signal(signal.SIGALRM, previous)
        sys.argv = saved_argv
    number = 0 if code is None else code if isinstance(code, int) else 1
    return Outcome(tuple(argv), int(number), stdout, stderr, time.perf_counter() - started)


def assert_clean(
    outcome: Outcome, *, one_problem: bool = True, terminal_stdout: bool = True
) -> None:
    """Success or exactly one clean error (see the module docstring)."""
    assert outcome.code in (0, 2, 3), outcome
    both = outcome.out + outcome.err
    assert "Traceback" not in both, outcome
    assert "internal error" not in outcome.err, outcome
    assert not RAW_CONTROL.search(outcome.err), outcome
    if terminal_stdout:
        pattern = JSON_CONTROL if "--json" in outcome.argv else RAW_CONTROL
        assert not pattern.search(outcome.out), outcome
    if outcome.code != 0:
        lines = outcome.err.splitlines()
        assert lines and lines[0].strip(), outcome
        if one_problem:
            assert len(lines) <= 2, outcome


def fresh_home(base: Path, template: Path | None = None) -> Path:
    """A new HIPCOACH_HOME for one example (a copy of ``template`` when given)."""
    home = base / uuid.uuid4().hex
    if template is not None:
        shutil.copytree(template, home)
    os.environ["HIPCOACH_HOME"] = str(home)  # the autouse fixture restores it afterwards
    return home


# --- program files: hipcoach validate, show, run --dry-run, today, programs ------------------

BASE_TEXT = HIP_DROP.read_text(encoding="utf-8")
BASE: dict[str, Any] = yaml.safe_load(BASE_TEXT)
VERSION_LINE = f"version: {BASE['version']}"  # the built-in's own, whatever it is now
HOLE = "zzHOLEzz"
MARKER_NAME = "pwned-by-yaml"


VALUE_PATHS = value_paths(BASE)


def with_hole(path: tuple[Any, ...], *, at_key: bool = False) -> str:
    """The built-in program as YAML with ``HOLE`` as the value (or key) at ``path``."""
    data = copy.deepcopy(BASE)
    target = data
    for part in path[:-1]:
        target = target[part]
    if at_key and isinstance(target, dict):
        target[HOLE] = target.pop(path[-1])
    else:
        target[path[-1]] = HOLE
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1 << 30)


def nested(depth: int, opener: str) -> str:
    closer = {"[": "]", "{": "}", "{a: ": "}"}[opener]
    return opener * depth + ("1" if opener == "{a: " else "") + closer * depth


# Flow-style fragments that fit where a value (or a key) goes.
FRAGMENTS = [
    # numbers that are too big, not numbers, or not what they seem
    "1e400",
    "-1e400",
    "1e-400",
    "-0",
    "-0.0",
    "+0",
    ".inf",
    "-.inf",
    "+.inf",
    ".nan",
    ".NaN",
    "0x" + "f" * 40,
    "0o" + "7" * 40,
    "0b1010",
    "1_000",
    "9" * 5000,
    "-" + "9" * 29,
    "1" + "0" * 29 + ".5",
    # YAML 1.1 readings that YAML 1.2 does not make
    "1:30",
    "190:20:30",
    "yes",
    "No",
    "ON",
    "off",
    "y",
    "n",
    "~",
    "null",
    "NULL",
    "2024-01-01",
    "2024-01-01T07:00:00Z",
    "''",
    '""',
    # tags
    f"!!python/object/apply:os.system ['touch {MARKER_NAME}']",
    f"!!python/object/new:subprocess.Popen [[touch, {MARKER_NAME}]]",
    "!!python/name:os.system",
    "!!python/tuple [1, 2]",
    f"!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {MARKER_NAME}']",
    "!!binary aGVsbG8=",
    "!!timestamp 2024-01-01",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!pairs [a: 1]",
    "!!float 1",
    "!!int 1.5",
    "!!int '0x10'",
    "!!bool yes",
    "!!null x",
    "!!str",
    "!!map [1]",
    "!!seq {a: 1}",
    "!custom x",
    "!",
    # anchors, aliases and merge keys
    "*undefined",
    "&a [*a]",
    "&a {k: *a}",
    "&a x",
    "{<<: {en: a, ja: b}}",
    "{<<: [*undefined]}",
    "{<<: 1}",
    "{en: a, en: b, ja: c}",
    "{[1, 2]: x}",
    "{{a: 1}: 2}",
    "{? a}",
    # escapes that make characters the reader would refuse raw
    '"\\e]0;pwned\\a"',
    '"\\e[2J\\e[H"',
    '"\\x9b31m"',
    '"\\0"',
    '"\\ud800"',
    '"\\U0010FFFF"',
    '"\\u202e gnirts"',
    '"a\\nb\\rc\\td"',
    '"\\N\\_\\L\\P"',
    # nesting and broken syntax
    nested(70, "["),
    nested(70, "{"),
    nested(70, "{a: "),
    nested(3000, "["),
    "[" * 3000,
    "{" * 3000,
    "[1, 2",
    "{a: 1",
    "]",
    "}",
    "'unterminated",
    '"unterminated',
    "a: b: c",
    "- x",
    "? x",
    "|",
    ">",
    "%",
    "@x",
    "`x",
    "#",
    "---",
    "...",
    "&",
    "*",
    "\t",
]

fragments = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.integers(-(10**40), 10**40).map(str),
    st.floats().map(repr),
    st.integers(25, 6000).map(lambda n: "9" * n),
    st.text(max_size=30).map(lambda s: json.dumps(s, ensure_ascii=False)),
    st.text(max_size=30).map(json.dumps),
    st.integers(1, 200).flatmap(lambda n: st.sampled_from([nested(n, "["), nested(n, "{")])),
)


@st.composite
def fragment_documents(draw: st.DrawFn) -> bytes:
    """The built-in program with one value (or key) replaced by a hostile fragment."""
    path = draw(st.sampled_from(VALUE_PATHS))
    at_key = isinstance(path[-1], str) and draw(st.booleans())
    text = with_hole(path, at_key=at_key).replace(HOLE, draw(fragments), 1)
    return text.encode("utf-8")


def alias_bomb(width: int, depth: int, mapping: bool) -> str:
    lines = ["format: 1", "a0: &a0 " + ("{x: 1}" if mapping else "[x]")]
    for level in range(1, depth + 1):
        items = ", ".join(
            f"k{n}: *a{level - 1}" if mapping else f"*a{level - 1}" for n in range(width)
        )
        lines.append(f"a{level}: &a{level} " + ("{" + items + "}" if mapping else f"[{items}]"))
    return "\n".join(lines) + "\n"


def deep_block_mapping(depth: int) -> str:
    return "".join(" " * i + "k:\n" for i in range(depth)) + " " * depth + "v\n"


def padded(size: int) -> bytes:
    """The built-in program with a comment that makes the file exactly ``size`` bytes."""
    raw = BASE_TEXT.encode("utf-8")
    filler = size - len(raw) - 2
    return raw + b"#" + b"x" * max(0, filler) + b"\n"


def long_value(length: int) -> bytes:
    return BASE_TEXT.replace("id: hip-drop", "id: hip-drop\nnote: '" + "y" * length + "'").encode()


def spliced(position: float, payload: bytes) -> bytes:
    raw = BASE_TEXT.encode("utf-8")
    at = int(position * len(raw))
    return raw[:at] + payload + raw[at:]


WHOLE_DOCUMENTS: list[tuple[str, bytes]] = [
    ("flow-lists-5000", nested(5000, "[").encode()),
    ("flow-maps-5000", nested(5000, "{").encode()),
    ("flow-lists-100000", nested(100_000, "[").encode()),
    ("block-maps-1400", deep_block_mapping(1400).encode()),
    ("block-lists-20000", ("- " * 20_000 + "x\n").encode()),
    ("billion-laughs", alias_bomb(10, 9, mapping=False).encode()),
    ("billion-laughs-maps", alias_bomb(10, 9, mapping=True).encode()),
    ("recursive-alias", b"a: &x [1, *x]\n"),
    ("python-tag-directive", b"%TAG !p! tag:yaml.org,2002:python/\n---\nx: !p!name:os.system\n"),
    ("yaml-1.1-directive", b"%YAML 1.1\n---\nformat: 1\nid: x\nquick: no\n"),
    ("many-documents", b"format: 1\n---\nformat: 1\n---\n"),
    ("bom", b"\xef\xbb\xbf" + BASE_TEXT.encode()),
    ("two-boms", b"\xef\xbb\xbf\xef\xbb\xbf" + BASE_TEXT.encode()),
    ("utf16", BASE_TEXT.encode("utf-16")),
    ("crlf", BASE_TEXT.replace("\n", "\r\n").encode()),
    ("lone-cr", BASE_TEXT.replace("\n", "\r").encode()),
    ("nul", spliced(0.5, b"\x00")),
    ("latin-1", spliced(0.3, "café".encode("latin-1"))),
    ("truncated-utf8", BASE_TEXT.encode()[: BASE_TEXT.encode().index("腰".encode()) + 1]),
    ("exactly-1-MiB", padded(MAX_FILE_BYTES)),
    ("1-MiB-and-a-byte", padded(MAX_FILE_BYTES + 1)),
    ("long-line", long_value(MAX_FILE_BYTES - len(BASE_TEXT) - 100)),
    ("duplicate-key", BASE_TEXT.replace(VERSION_LINE, f"{VERSION_LINE}\nversion: 99").encode()),
    ("merge-key", BASE_TEXT.replace(VERSION_LINE, "<<: {version: 99}").encode()),
    ("empty", b""),
    ("only-a-comment", b"# nothing\n"),
    ("a-list", b"- 1\n- 2\n"),
    ("a-scalar", b"hip-drop\n"),
]


@st.composite
def whole_documents(draw: st.DrawFn) -> bytes:
    kind = draw(
        st.sampled_from(
            [
                "flow",
                "block-map",
                "block-list",
                "bomb",
                "bytes",
                "size",
                "long",
                "text",
                "binary",
            ]
        )
    )
    if kind == "flow":
        return nested(draw(st.integers(60, 20_000)), draw(st.sampled_from(["[", "{"]))).encode()
    if kind == "block-map":
        return deep_block_mapping(draw(st.integers(60, 1400))).encode()
    if kind == "block-list":
        return ("- " * draw(st.integers(60, 50_000)) + "x\n").encode()
    if kind == "bomb":
        width, depth = draw(st.integers(2, 12)), draw(st.integers(2, 10))
        return alias_bomb(width, depth, draw(st.booleans())).encode()
    if kind == "bytes":
        payload = draw(
            st.sampled_from(
                [b"\x00", b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\x1b", b"\x85"]
            )
            | st.binary(min_size=1, max_size=4)
        )
        return spliced(draw(st.floats(0, 1)), payload)
    if kind == "size":
        return padded(MAX_FILE_BYTES + draw(st.integers(-3, 3)))
    if kind == "long":
        return long_value(draw(st.integers(1990, MAX_FILE_BYTES)))
    if kind == "text":
        return draw(st.text(max_size=200)).encode("utf-8", "surrogatepass")
    return draw(st.binary(max_size=200))


LOCATED = re.compile(r"^(?:(\d+)(?::(\d+))?:)? (.*\S.*)$")


def check_validate(raw: bytes, folder: Path) -> Outcome:
    """``hipcoach validate FILE``: ``FILE: ok (id)``, or one located line per problem."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex[:8]}.yaml"
    path.write_bytes(raw)
    outcome = hipcoach("validate", str(path))
    assert_clean(outcome, one_problem=False)
    if outcome.code == 0:
        assert re.fullmatch(rf"{re.escape(str(path))}: ok \([a-z0-9-]+\)\n", outcome.out), outcome
        for command in (["show", str(path)], ["run", str(path), "--dry-run"], ["today", str(path)]):
            assert_clean(hipcoach(*command))
    else:
        assert outcome.code == 2, outcome
        # YAML counts \r, NEL, LS and PS as line breaks too (the lines an editor shows
        # may be fewer)
        text = raw.decode("utf-8", "replace").replace("\r\n", "\n")
        line_count = len(re.split("[\n\r\x85\u2028\u2029]", text))
        for line in outcome.err.splitlines():
            assert line.startswith(f"{path}:"), outcome
            match = LOCATED.match(line[len(str(path)) + 1 :])
            assert match, outcome
            if match[1] is not None:
                assert 1 <= int(match[1]) <= line_count + 1, outcome
            if match[2] is not None:
                assert int(match[2]) >= 1, outcome
    assert not (Path.cwd() / MARKER_NAME).exists()
    return outcome


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder, so a payload that writes relative files would show."""
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


@settings(FUZZ, max_examples=150)
@given(fragment_documents())
def test_program_with_a_hostile_value_anywhere(in_tmp: Path, raw: bytes) -> None:
    check_validate(raw, in_tmp / "programs")


@settings(FUZZ, max_examples=60)
@given(whole_documents())
def test_hostile_whole_program_files(in_tmp: Path, raw: bytes) -> None:
    check_validate(raw, in_tmp / "programs")


@pytest.mark.parametrize(("name", "raw"), WHOLE_DOCUMENTS, ids=[n for n, _ in WHOLE_DOCUMENTS])
def test_known_hostile_program_files(in_tmp: Path, name: str, raw: bytes) -> None:
    outcome = check_validate(raw, in_tmp / "programs")
    valid = {"bom", "two-boms", "crlf", "lone-cr", "exactly-1-MiB"}
    assert (outcome.code == 0) == (name in valid), outcome
    if name == "1-MiB-and-a-byte":
        assert "larger than 1 MiB" in outcome.err
    if name in ("billion-laughs", "billion-laughs-maps"):
        assert "alias bomb" in outcome.err and len(outcome.err.splitlines()) == 1
    if outcome.code == 2:
        assert outcome.seconds < ALARM_SECONDS / 2


@pytest.mark.parametrize(
    "text",
    [
        '"\\e]0;pwned\\a": 1\n',  # an unknown key that sets the window title
        'format: 1\nid: x\nname: {en: "\\e[2J", ja: x}\n',
        BASE_TEXT.replace(VERSION_LINE, 'version: "1\\n2:30\\e[2J"'),  # a value echoed back
    ],
    ids=["key", "text", "value"],
)
def test_problems_never_print_raw_control_characters(in_tmp: Path, text: str) -> None:
    outcome = check_validate(text.encode(), in_tmp / "programs")
    assert outcome.code == 2 and "\\x1b" in outcome.err, outcome  # shown, escaped


def test_invalid_user_programs_only_warn(in_tmp: Path) -> None:
    folder = paths.user_programs_dir()
    folder.mkdir(parents=True)
    for name, raw in WHOLE_DOCUMENTS:
        if len(raw) < 200_000:
            (folder / f"{name}.yaml").write_bytes(raw)
    outcome = hipcoach("programs")
    assert_clean(outcome, one_problem=False)
    assert outcome.code == 0 and "hip-drop" in outcome.out
    assert "billion-laughs.yaml: not a valid program" in outcome.err


# --- bounded memory: bombs and deep nesting in a subprocess under RLIMIT_AS ------------------

MEMORY_LIMIT = 256 << 20
DRIVER = """
import json, sys
from hipcoach.cli import main
results = []
for argv in json.loads(sys.argv[1]):
    sys.argv = ["hipcoach", *argv]
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    sys.stdout.flush()
    sys.stderr.write("\\n@@exit %s\\n" % code)
    sys.stderr.flush()
"""


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def test_bombs_and_deep_nesting_stay_within_256_mib(tmp_path: Path) -> None:
    programs = {
        "bomb.yaml": alias_bomb(10, 9, mapping=False),
        "bomb-maps.yaml": alias_bomb(10, 9, mapping=True),
        "wide-bomb.yaml": alias_bomb(1000, 3, mapping=False),
        "lists.yaml": nested(100_000, "["),
        "maps.yaml": nested(100_000, "{"),
        "block.yaml": deep_block_mapping(1400),
        "dashes.yaml": "- " * 200_000 + "x\n",
    }
    header = '{"format": "hipcoach-log", "version": 1}\n'
    imports = {
        "lists.json": nested(200_000, "["),
        "lists.jsonl": header + nested(200_000, "[") + "\n",
        "digits.json": '{"format": "hipcoach-log", "version": ' + "9" * 400_000 + "}",
        "maps.json": '{"a": ' * 100_000 + "1" + "}" * 100_000,
    }
    argv: list[list[str]] = []
    for name, text in {**programs, **imports}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    argv.append(["validate", *(str(tmp_path / name) for name in programs)])
    argv += [["import", str(tmp_path / name)] for name in imports]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(argv)],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=_limited,
        timeout=120,
        check=False,
    )
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stdout + result.stderr
    assert "internal error" not in result.stderr and "MemoryError" not in result.stderr
    reports = result.stderr.split("\n@@exit ")
    codes = [chunk.split("\n", 1)[0] for chunk in reports[1:]]
    assert codes == ["2"] * len(argv), result.stderr[-3000:]
    for name in programs:
        problem_lines = [line for line in reports[0].splitlines() if f"/{name}:" in line]
        assert len(problem_lines) == 1, reports[0]
    for name, report in zip(imports, reports[1:-1], strict=True):
        lines = report.split("\n", 1)[1].strip().splitlines()
        assert len(lines) == 1 and name in lines[0], report
    assert elapsed < 60


# --- import files: atomic, whatever the file holds ------------------------------------------

DAY = date(2026, 11, 10)
HOSTILE_NOTE = "=cmd|' /C calc'!A0 <script>alert(1)</script> $(touch x); \"q\"\nline2 日本語"


@dataclass(frozen=True)
class ImportWorld:
    """A seeded log to export from, and a target log (a template copied per example)."""

    source_json: str
    source_jsonl: str
    target: Path
    target_export: str
    target_hash: str


def _export_json() -> str:
    outcome = hipcoach("export", "--format", "json")
    assert outcome.code == 0, outcome
    data = json.loads(outcome.out)
    data.pop("exported_utc")
    return json.dumps(data, sort_keys=True)


def _db_hash() -> str:
    return hashlib.sha256(paths.db_path().read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def import_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ImportWorld]:
    base = tmp_path_factory.mktemp("import-world")
    saved = os.environ.get("HIPCOACH_HOME")
    try:
        os.environ["HIPCOACH_HOME"] = str(base / "source")
        with open_store() as store:
            add_sessions(
                store,
                [
                    make_session(DAY, effort=5, pain=1),
                    make_session(DAY + timedelta(1), status="partial", count=3, note=HOSTILE_NOTE),
                    make_session(DAY + timedelta(2), status="aborted", count=0),
                ],
            )
        source_json = hipcoach("export", "--format", "json").out
        source_jsonl = hipcoach("export", "--format", "jsonl").out
        os.environ["HIPCOACH_HOME"] = str(base / "target")
        with open_store() as store:
            add_sessions(store, [make_session(date(2020, 1, 1), pain=2, pain_where="hip")])
        yield ImportWorld(source_json, source_jsonl, base / "target", _export_json(), _db_hash())
    finally:
        if saved is None:
            os.environ.pop("HIPCOACH_HOME", None)
        else:
            os.environ["HIPCOACH_HOME"] = saved


json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "2026-11-10T07:00:00Z",
            "2026-11-10T07:00:00.000000+00:00",
            "0000-00-00",
            "9999-12-31T23:59:59Z",
            "hip-drop",
            "step:x",
            "\x1b]0;pwned\x07",
            "\ud7ff\ue000\U0010ffff",
            "00000000-0000-0000-0000-000000000000",
        ]
    ),
)
json_values = st.recursive(
    json_scalars,
    lambda kids: (
        st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=8), kids, max_size=3)
    ),
    max_leaves=10,
)
RAW_NUMBERS = ["NaN", "-NaN", "Infinity", "-Infinity", "1e400", "-0", "9" * 5000, "1" * 400]


def _serialise(fmt: str, data: Any) -> str:
    """Back to an export's text, in our layout (one session per line)."""
    if fmt == "jsonl":
        return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in data["lines"])
    sessions = data.get("sessions")
    if not isinstance(sessions, list):
        return json.dumps(data, ensure_ascii=False)
    head = {k: v for k, v in data.items() if k != "sessions"}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "sessions": [']
    lines.append(",\n".join(json.dumps(s, ensure_ascii=False) for s in sessions))
    return "\n".join(lines) + "\n]}\n"


@st.composite
def damaged_exports(draw: st.DrawFn, world: ImportWorld) -> tuple[str, bytes]:
    """A real export, damaged: a value replaced, a key dropped or added, or the bytes hurt."""
    fmt = draw(st.sampled_from(["json", "jsonl"]))
    text = world.source_json if fmt == "json" else world.source_jsonl
    kind = draw(
        st.sampled_from(["replace", "raw-number", "nest", "drop", "add", "truncate", "bytes"])
    )
    if kind in ("truncate", "bytes"):
        raw = text.encode("utf-8")
        at = draw(st.integers(0, len(raw)))
        payload = draw(
            st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b"\xef\xbb\xbf", b"\n"])
        )
        return fmt, raw[:at] if kind == "truncate" else raw[:at] + payload + raw[at:]
    if fmt == "json":
        data = json.loads(text)
        paths_ = value_paths(data)
    else:
        data = {"lines": [json.loads(line) for line in text.splitlines()]}
        paths_ = value_paths(data["lines"], ("lines",))[1:]
    path = draw(st.sampled_from(paths_))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if kind == "drop" and isinstance(parent, dict):
        del parent[path[-1]]
    elif kind == "add" and isinstance(parent, dict):
        parent[draw(st.text(max_size=10))] = draw(json_values)
    else:
        parent[path[-1]] = HOLE if kind in ("raw-number", "nest") else draw(json_values)
    out = _serialise(fmt, data)
    if kind == "raw-number":
        out = out.replace(f'"{HOLE}"', draw(st.sampled_from(RAW_NUMBERS)), 1)
    elif kind == "nest":
        depth = draw(st.sampled_from([10, 500, 5000, 100_000]))
        out = out.replace(f'"{HOLE}"', nested(depth, "["), 1)
    return fmt, out.encode("utf-8", "surrogatepass")


def check_import(world: ImportWorld, base: Path, fmt: str, raw: bytes, dry_run: bool) -> Outcome:
    fresh_home(base, world.target)
    path = base / f"{uuid.uuid4().hex[:8]}.{fmt}"
    path.write_bytes(raw)
    outcome = hipcoach("import", str(path), *(["--dry-run"] if dry_run else []))
    assert_clean(outcome, one_problem=False)
    if outcome.code != 0 or dry_run:
        assert _db_hash() == world.target_hash, outcome
        assert _export_json() == world.target_export, outcome
    if outcome.code != 0:
        assert outcome.code == 2, outcome
        assert all(line.startswith(str(path)) for line in outcome.err.splitlines()), outcome
        return outcome
    assert outcome.out.startswith(("Added ", "Would add ")), outcome
    # whatever import accepts, every command that reads the log can show
    for command in (
        ["log", "--limit", "50"],
        ["log", "--json"],
        ["stats"],
        ["today"],
        ["export", "--format", "csv"],
        ["export", "--format", "md"],
        ["export", "--format", "html"],
        ["export", "--format", "ics"],
        ["export", "--format", "jsonl"],
    ):
        shown = hipcoach(*command)
        assert_clean(shown, terminal_stdout=command[0] != "export")
        assert shown.code == 0, shown
    return outcome


@settings(FUZZ, max_examples=100)
@given(data=st.data())
def test_damaged_exports_are_refused_whole_or_imported_cleanly(
    import_world: ImportWorld, tmp_path: Path, data: st.DataObject
) -> None:
    fmt, raw = data.draw(damaged_exports(import_world))
    check_import(import_world, tmp_path, fmt, raw, dry_run=data.draw(st.booleans()))


@settings(FUZZ, max_examples=40)
@given(
    fmt=st.sampled_from(["json", "jsonl"]),
    value=json_values,
    raw=st.binary(max_size=100),
    use_raw=st.booleans(),
)
def test_random_import_files(
    import_world: ImportWorld, tmp_path: Path, fmt: str, value: Any, raw: bytes, use_raw: bool
) -> None:
    body = (
        raw if use_raw else json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
    )
    outcome = check_import(import_world, tmp_path, fmt, body, dry_run=False)
    assert outcome.code == 2, outcome  # nothing random is a hipcoach export


@pytest.mark.parametrize(
    "damage",
    [
        ('"version": 4', '"version": ' + "4" * 5000),
        ('"program_version": 1', '"program_version": ' + "9" * 30),
        ('"program_version": 1', '"program_version": 1e400'),
        ('"speed": 1.0', '"speed": NaN'),
        ('"planned": 20.0', '"planned": Infinity'),
        ('"variant": "full"', '"variant": "weird"'),
        ('"variant": "full"', '"variant": "step:\\u001b[2J"'),
        ('"utc_offset_minutes": 540', '"utc_offset_minutes": ' + "9" * 25),
        ('"set_number": 1', '"set_number": [' * 50_000 + "]" * 50_000),
        ('"actual": 20.0', '"actual": null'),
        ('"started_utc": "2026-11-09T22:00:00.000Z"', '"started_utc": "9999-12-31T23:59:59Z"'),
    ],
    ids=[
        "huge-version",
        "huge-program-version",
        "float-program-version",
        "nan-speed",
        "infinite-planned",
        "unknown-variant",
        "escape-in-variant",
        "huge-offset",
        "deep-nesting",
        "done-without-actual",
        "last-day-plus-offset",
    ],
)
def test_import_regressions(
    import_world: ImportWorld, tmp_path: Path, damage: tuple[str, str]
) -> None:
    old, new = damage
    for fmt, text in (("json", import_world.source_json), ("jsonl", import_world.source_jsonl)):
        assert old in text
        outcome = check_import(
            import_world, tmp_path, fmt, text.replace(old, new, 1).encode(), dry_run=False
        )
        assert outcome.code == 2, outcome
        assert len(outcome.err.splitlines()) == 1, outcome


# --- the settings file: never overwritten when broken ---------------------------------------

SETTING_KEYS = [
    "language",
    "default_program",
    "training_days",
    "streak_allowance",
    "get_ready_seconds",
    "rest_seconds",
    "sound",
    "voice",
    "voice_command",
]
TOML_VALUES = [
    '"en"',
    '"ja"',
    '"fr"',
    '""',
    '"hip-drop"',
    '"Hip Drop"',
    '["mon", "wed"]',
    '["someday"]',
    "[]",
    "[[[[1]]]]",
    "0",
    "-1",
    "31",
    "32",
    "600",
    "9" * 30,
    "1" + "0" * 5000,
    "0x7fffffffffffffff",
    "-0",
    "1e400",
    "nan",
    "-inf",
    "+inf",
    "true",
    "false",
    '"yes"',
    '"maybe"',
    '["say", "{text}"]',
    '["say"]',
    "'say {text} $(touch x)'",
    '"\\u001b]0;pwned\\u0007"',
    '"\\u0000"',
    "1979-05-27T07:32:00Z",
    "07:32:00",
    "{a = 1}",
    "{}",
    "[" * 3000 + "]" * 3000,
    "{a = " * 3000 + "1" + "}" * 3000,
    '"""multi\nline"""',
    "'unterminated",
    "",
]


@st.composite
def settings_files(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["pairs", "pairs", "text", "bytes"]))
    if kind == "text":
        return draw(st.text(max_size=200)).encode("utf-8", "surrogatepass")
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    pairs = draw(
        st.lists(
            st.tuples(
                st.sampled_from(SETTING_KEYS) | st.text(min_size=1, max_size=10).map(json.dumps),
                st.sampled_from(TOML_VALUES)
                | st.integers(-(10**30), 10**30).map(str)
                | st.floats().map(repr)
                | st.text(max_size=20).map(json.dumps),
            ),
            min_size=1,
            max_size=4,
        )
    )
    return "".join(f"{key} = {value}\n" for key, value in pairs).encode("utf-8", "surrogatepass")


def check_settings(raw: bytes, base: Path) -> None:
    home = fresh_home(base)
    path = home / "config" / "settings.toml"
    path.parent.mkdir(parents=True)
    path.write_bytes(raw)
    shown = hipcoach("config", "show")
    assert_clean(shown, one_problem=False)
    for command in (["today"], ["run", "--dry-run"], ["--version"]):
        assert_clean(hipcoach(*command), one_problem=False)
    changed = hipcoach("config", "set", "sound", "false")
    assert_clean(changed, one_problem=False)
    if shown.code != 0:
        assert shown.code == 2 and shown.err.startswith(str(path)), shown
        assert changed.code == 2, changed
        assert path.read_bytes() == raw  # a broken file is never overwritten
        assert not [p for p in path.parent.iterdir() if p.name != "settings.toml"]
    else:
        assert changed.code == 0, changed
        assert hipcoach("config", "get", "sound").out == "false\n"


@settings(FUZZ, max_examples=40)
@given(settings_files())
@example(("rest_seconds = 1" + "0" * 5000 + "\n").encode())
@example(("a = " + "[" * 3000 + "]" * 3000 + "\n").encode())
@example(b"voice = nan\n")
@example(b"\xff\xfe")
def test_hostile_settings_files(tmp_path: Path, raw: bytes) -> None:
    check_settings(raw, tmp_path)


@pytest.mark.parametrize(
    "text",
    ["rest_seconds = 1" + "0" * 5000, "a = " + "[" * 3000 + "]" * 3000, "language = 'fr'"],
    ids=["huge-int", "deep-arrays", "bad-value"],
)
def test_a_broken_settings_file_does_not_stop_version_or_help(tmp_path: Path, text: str) -> None:
    """Help texts read the settings as the CLI module loads: a fresh process proves it."""
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.toml").write_text(text + "\n", encoding="utf-8")
    env = {**os.environ, "HIPCOACH_HOME": str(home), "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "hipcoach"]
    version = subprocess.run(
        [*command, "--version"], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert version.returncode == 0 and version.stdout.startswith("hipcoach "), version.stderr
    shown = subprocess.run(
        [*command, "config", "show"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert shown.returncode == 2 and "Traceback" not in shown.stderr, shown.stderr
    assert len(shown.stderr.splitlines()) == 1 and "settings.toml" in shown.stderr


# --- command-line arguments --------------------------------------------------------------------

NUMBERS = [
    "0",
    "1",
    "-1",
    "-0",
    "20",
    "1000",
    "1e308",
    "-1e308",
    "1e-308",
    "nan",
    "NaN",
    "-nan",
    "inf",
    "-inf",
    "0x10",
    "1_0",
    "99999999999999999999999",
    "9" * 5000,
    "",
    " ",
]
DATES = [
    "2026-11-11",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "-2026-01-01",
    "2026-W01",
    "20261111",
    "11/11/2026",
    "25:00",
    "24:00",
    "00:00",
    "7:00",
    "07:00:00.5",
]
WEIRD = [
    "--",
    "-",
    "",
    " ",
    "x" * 100_000,
    "日本語",
    "\u202egnirts",
    "\x1b]0;pwned\x07",
    "\x1b[2J",
    "$(touch pwned)",
    "`touch pwned`",
    "; touch pwned",
    "../../etc/passwd",
    "hip-drop.yaml",
    "~",
    "{text}",
    "\t",
    "\n",
    "\r",
    "🏃\u200d♀️",
]
# Values that hypothesis draws: text without surrogates or NUL (argv cannot hold them).
argv_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
    max_size=30,
)
values = st.one_of(
    st.sampled_from(NUMBERS),
    st.sampled_from(DATES),
    st.sampled_from(WEIRD),
    argv_text,
    st.integers().map(str),
    st.floats().map(str),
)

COMMON = ["--lang", "--help", "-h", "--json"]
COMMANDS: dict[str, list[str]] = {
    "run": [
        *("--quick", "--step", "--speed", "--yes", "--voice", "--no-voice", "--effort"),
        *("--pain", "--pain-where", "--note", "hip-drop", "glute-stretch"),
    ],
    "show": ["hip-drop", "--lang"],
    "export": [
        *("--format", "-f", "--since", "--until", "--excel", "--schedule", "--at", "-p"),
        *("--program", "csv", "json", "jsonl", "md", "html", "ics", "xlsx", "mon,wed"),
    ],
    "log": ["--limit", "-n"],
    "stats": ["--weeks", "--program", "-p"],
    "checkin": ["--effort", "--pain", "--pain-where", "--note"],
    "config set": [*SETTING_KEYS, "nope"],
    "config get": [*SETTING_KEYS, "nope"],
    "config unset": [*SETTING_KEYS, "nope"],
    "new": ["mine", "hip-drop", "--from", "--force", "Bad Name"],
    "programs": [],
    "validate": [str(HIP_DROP), "missing.yaml", "."],
    "today": ["hip-drop"],
    "": ["--version", "today", "nope"],
}


def _safe(command: str, arg: str) -> bool:
    """Leave out what would start a real session or write outside the example's folder."""
    if command == "today" and re.match(r"^(--yes|-[^-]*y)", arg):
        return False  # `today --yes` coaches a real five-minute session
    return not (command == "export" and re.match(r"^(--output|--o|-[^-]*o)", arg))


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(sorted(COMMANDS)))
    pool = COMMANDS[command] + COMMON
    units = draw(
        st.lists(
            st.sampled_from(pool).map(lambda option: [option])
            | st.tuples(st.sampled_from(pool), values).map(list)
            | values.map(lambda value: [value]),
            max_size=6,
        )
    )
    if command == "export" and draw(st.booleans()):
        units.append(["-o", "out-" + draw(st.sampled_from(["a.csv", "b.html", "c.ics", "d"]))])
    args = [arg for unit in units for arg in unit if _safe(command, arg)]
    head = command.split() if command else []
    if command == "run":
        head.append("--dry-run")  # a real session would coach for minutes
    return head + args


@pytest.fixture(scope="module")
def seeded_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("seeded") / "home"
    saved = os.environ.get("HIPCOACH_HOME")
    os.environ["HIPCOACH_HOME"] = str(home)
    try:
        with open_store() as store:
            store.merge([make_session(TODAY - timedelta(days=n)) for n in (0, 1, 3)])
        yield home
    finally:
        if saved is None:
            os.environ.pop("HIPCOACH_HOME", None)
        else:
            os.environ["HIPCOACH_HOME"] = saved


def check_argv(argv: list[str], base: Path, home: Path) -> Outcome:
    fresh_home(base, home)
    outcome = hipcoach(*argv)
    command = argv[0] if argv else ""
    assert_clean(outcome, one_problem=command != "validate", terminal_stdout=command != "export")
    assert not list(Path.cwd().glob("pwned*"))
    return outcome


@settings(FUZZ, max_examples=200)
@given(command_lines())
def test_random_command_lines(in_tmp: Path, seeded_home: Path, argv: list[str]) -> None:
    check_argv(argv, in_tmp.parent / "homes", seeded_home)


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "--dry-run", "--speed", "nan"],
        ["run", "--dry-run", "--speed", "-nan"],
        ["run", "--dry-run", "--speed", "0"],
        ["run", "--dry-run", "--speed", "1e308"],
        ["run", "--no-voice", "--speed", "nan"],
        ["log", "--limit", "99999999999999999999999"],
        ["log", "--limit", "9" * 5000],
        ["export", "--since", "0000-00-00"],
        ["export", "--format", "html", "--until", "0001-01-01"],
        ["export", "--format", "md", "--since", "0001-01-01", "--until", "0001-01-01"],
        ["export", "--format", "html", "--since", "9999-12-31"],
        ["stats", "--weeks", "520"],
        ["export", "--format", "ics", "--schedule", "mon", "--at", "24:00"],
        ["config", "set", "rest_seconds", "9" * 5000],
        ["new", "x" * 100_000],
        ["show", "\x1b]0;pwned\x07"],
        ["config", "set", "voice_command", "{text}", "\r"],  # said back, escaped
    ],
)
def test_command_line_regressions(in_tmp: Path, seeded_home: Path, argv: list[str]) -> None:
    outcome = check_argv(argv, in_tmp.parent / "homes", seeded_home)
    if "nan" in argv or "-nan" in argv or "0" in argv or "1e308" in argv:
        assert outcome.code == 2 and "--speed" in outcome.err, outcome


def test_the_harness_can_fail() -> None:
    """The rule catches what it is meant to: a bug's exit 1 and a traceback."""
    with pytest.raises(AssertionError):
        assert_clean(Outcome((), 1, "", "hipcoach: internal error (KeyError)", 0.0))
    with pytest.raises(AssertionError):
        assert_clean(Outcome((), 2, "", "Traceback (most recent call last):", 0.0))
    with pytest.raises(AssertionError):
        assert_clean(Outcome((), 0, "\x1b]0;pwned\x07", "", 0.0))
    with pytest.raises(AssertionError):
        assert_clean(Outcome((), 2, "", "", 0.0))
