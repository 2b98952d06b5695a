"""Hostile text in, safe output out: CSV, HTML, iCalendar, the speech command, the terminal.

The text comes from where a user or a shared file puts it: check-in notes and "where
it hurt", and the program and step names of a custom program in the user's programs
folder (``hipcoach new``), which a session copies into the log. Two routes:

- end to end: a custom program with hostile names is validated, run (at 1000x) and
  checked in through the real CLI, then exported; its step names also travel to the
  argv of a recording speech command;
- hypothesis: hostile text written straight into the log, then exported, many times.

Each test states the rule of its format and checks it with a parser that does not
share code with the writer (csv, html.parser, an unfolding iCalendar reader of our
own next to the icalendar library).
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import re
import sys
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from hipcoach import paths
from hipcoach.i18n import t
from hipcoach.log.records import CheckInRecord, SessionRecord, legacy_check_in_id
from hipcoach.log.store import open_store
from hipcoach.program.model import Text
from hipcoach.reports.shared import local_time
from hipcoach.reports.spreadsheet import _FORMULA_STARTS, neutralise
from tests.conftest import TODAY
from tests.histories import add_sessions, make_session
from tests.reliability.test_hostile_input import (
    FUZZ,
    RAW_CONTROL,
    Outcome,
    assert_clean,
    fresh_home,
    hipcoach,
)

DAY = date(2026, 11, 10)
HOSTILE = [
    "=cmd|' /C calc'!A0",
    "+1",
    "-1",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("http://evil.example","x")',
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "&amp; &lt;b&gt; &#60;",
    "<!-- x --><![CDATA[y]]>",
    "\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\nEND:VEVENT\r\n",
    "\nBEGIN:VEVENT\nEND:VEVENT",
    "a;b,c\\d\\n\\;",
    ";",
    ",",
    "\\",
    "x" * 1500,
    "\u202eevil\u202c",
    "NUL\x00byte",
    "\x1b]0;pwned\x07\x1b[2J",
    "お尻のストレッチ、右側です。「テスト」",
    "🏃\u200d♀️ é\u0301",
]


def noted(session: SessionRecord, note: str, where: str, program: str, step: str) -> SessionRecord:
    """``session`` with hostile text in the note, where it hurt, and the names."""
    sets = tuple(dataclasses.replace(s, step_name=Text(step, step + " ja")) for s in session.sets)
    check_in = CheckInRecord(
        id=legacy_check_in_id(session.id),
        recorded_utc=session.ended_utc or session.started_utc,
        utc_offset_minutes=session.utc_offset_minutes,
        local_date=session.local_date,
        session_id=session.id,
        effort=5,
        pain=3,
        pain_where=where,
        note=note,
    )
    return dataclasses.replace(
        session,
        program_name=Text(program, program + " ja"),
        sets=sets,
        check_ins=(check_in,),
    )


def seed(sessions: list[SessionRecord]) -> None:
    with open_store() as store:
        add_sessions(store, sessions)


def export(*args: str) -> str:
    outcome = hipcoach("export", *args)
    assert outcome.code == 0, outcome
    return outcome.out


def export_file(folder: Path, *args: str) -> bytes:
    target = folder / f"export-{len(list(folder.glob('export-*')))}"
    outcome = hipcoach("export", *args, "-o", str(target))
    assert outcome.code == 0, outcome
    return target.read_bytes()


# --- CSV ----------------------------------------------------------------------------------------


def csv_rows(raw: bytes, *, excel: bool) -> list[dict[str, str]]:
    text = raw.decode("utf-8")
    assert text.startswith("\ufeff") == excel
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def expected_cell(text: str) -> str:
    """The rule (OWASP): text a spreadsheet would run, = + - @ tab CR LF first (after
    leading whitespace too, which a spreadsheet may trim), gets a '."""
    starts = ("=", "+", "-", "@", "\t", "\r", "\n")
    return "'" + text if text.startswith(starts) or text.lstrip().startswith(starts) else text


def check_csv(folder: Path, sessions: list[SessionRecord]) -> None:
    for kind in ("csv", "csv-sessions"):
        plain = export_file(folder, "--format", kind)
        excel = export_file(folder, "--format", kind, "--excel")
        assert excel == "\ufeff".encode() + plain  # --excel adds the BOM and nothing else
        assert csv_rows(plain, excel=False) == csv_rows(excel, excel=True)
    rows = csv_rows(export_file(folder, "--format", "csv"), excel=False)
    by_session = csv_rows(export_file(folder, "--format", "csv-sessions"), excel=False)
    for row in rows + by_session:  # no cell at all starts a formula, even after spaces
        assert not any(cell.lstrip().startswith(_FORMULA_STARTS) for cell in row.values()), row
    for session in sessions:
        (mine,) = [row for row in by_session if row["session_id"] == session.id]
        check_in = session.check_in
        assert mine["note"] == expected_cell((check_in and check_in.note) or "")
        assert mine["pain_where"] == expected_cell((check_in and check_in.pain_where) or "")
        assert mine["program_name"] == expected_cell(session.program_name.en)
        names = [expected_cell(s.step_name.en) for s in session.sets] or [""]
        sets = [row for row in rows if row["session_id"] == session.id]
        assert [row["exercise_name"] for row in sets] == names  # one row per set, in order


def test_the_csv_rule_is_the_one_export_applies() -> None:
    assert set(_FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r", "\n"}
    for text in HOSTILE:
        assert neutralise(text) == expected_cell(text)


# --- HTML ---------------------------------------------------------------------------------------


class Shape(HTMLParser):
    """What a browser would build: elements with their attribute names, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: set[tuple[str, tuple[str, ...]]] = set()
        self.closed: set[str] = set()
        self.attribute_values: list[str] = []
        self.text: list[str] = []
        self.other: list[str] = []  # comments, declarations, processing instructions

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.add((tag, tuple(sorted(name for name, _ in attrs))))
        self.attribute_values += [value or "" for _, value in attrs]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.closed.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.other.append("comment:" + data)

    def handle_decl(self, decl: str) -> None:
        self.other.append("decl:" + decl)

    def handle_pi(self, data: str) -> None:
        self.other.append("pi:" + data)

    def unknown_decl(self, data: str) -> None:
        self.other.append("unknown:" + data)


def shape(page: str) -> Shape:
    parser = Shape()
    parser.feed(page)
    parser.close()
    return parser


def check_html(hostile_page: str, benign_page: str, texts: list[str]) -> None:
    hostile, benign = shape(hostile_page), shape(benign_page)
    assert hostile.elements == benign.elements  # no element or attribute of its own
    assert hostile.closed == benign.closed
    assert hostile.other == benign.other  # only <!DOCTYPE html>
    assert "<script" not in hostile_page.lower()
    shown = "".join(hostile.text)
    for written in texts:
        text = written.replace("\r\n", "\n").replace("\r", "\n")  # as an HTML parser reads it
        if not text.strip():
            continue
        assert html.escape(text) in hostile_page  # escaped where it stands...
        assert text in shown  # ...read back as is
        if len(text) > 3 and not any(text in value for value in benign.attribute_values):
            assert not any(text in value for value in hostile.attribute_values)  # no attribute


# --- iCalendar ----------------------------------------------------------------------------------


def unfold(raw: bytes) -> list[str]:
    """Content lines of an iCalendar stream (RFC 5545 3.1), checking its line rules."""
    text = raw.decode("utf-8")
    assert text.endswith("\r\n")
    physical = text.split("\r\n")[:-1]
    logical: list[str] = []
    for line in physical:
        assert "\r" not in line and "\n" not in line, line  # every line ends in CRLF
        assert len(line.encode("utf-8")) <= 75, line  # folded at 75 octets
        assert not re.search(r"[\x00-\x08\x0a-\x1f\x7f]", line), line  # TEXT has no CTLs
        if line[:1] in (" ", "\t"):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


_ESCAPE = re.compile(r"\\([\\;,nN])")


def text_value(value: str) -> str:
    """A TEXT value unescaped: ``\\n`` is a line break, ``\\,`` ``\\;`` ``\\\\`` literal."""
    return _ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], value)


def events(raw: bytes) -> list[dict[str, str]]:
    """Each VEVENT's properties (name → raw value), from our own reader."""
    found: list[dict[str, str]] = []
    components: list[str] = []
    for line in unfold(raw):
        name, _, value = line.partition(":")
        if name == "BEGIN":
            components.append(value)
            if value == "VEVENT":
                found.append({})
        elif name == "END":
            assert components.pop() == value
        elif components[-1:] == ["VEVENT"] and ";" not in name:
            found[-1][name] = value  # a property of the event itself, not of its alarm
    assert not components
    return found


def ics_text(text: str) -> str:
    """What iCalendar TEXT can carry: CR and CRLF become LF, control characters and
    U+FEFF (a byte-order mark to icalendar) go."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f\ufeff]", "", text)


def check_ics(raw: bytes, sessions: list[SessionRecord]) -> None:
    ours = events(raw)
    assert len(ours) == len(sessions)  # nothing injected a VEVENT
    assert raw.count(b"\r\nBEGIN:VEVENT\r\n") == len(sessions)
    library = Calendar.from_ical(raw.decode("utf-8")).walk("VEVENT")
    assert len(library) == len(sessions)
    by_uid = {f"{s.id}@hipcoach": s for s in sessions}
    for mine, theirs in zip(ours, library, strict=True):
        session = by_uid[mine["UID"]]
        status = t(f"status.{session.status}", lang="en")
        summary = ics_text(
            t("ics.summary", lang="en", program=session.program_name.en, status=status)
        )
        for value in (mine["SUMMARY"], mine["DESCRIPTION"]):
            # , ; and \ are always escaped: no bare one is left after removing escapes
            assert not re.search(r"[;,\\]", _ESCAPE.sub("", value)), value
        assert text_value(mine["SUMMARY"]) == summary == str(theirs["SUMMARY"])
        description = text_value(mine["DESCRIPTION"])
        assert description == str(theirs["DESCRIPTION"])
        check_in = session.check_in
        assert check_in is not None
        where = f" ({check_in.pain_where})" if check_in.pain_where else ""
        at = local_time(check_in.recorded_utc, check_in.utc_offset_minutes)
        tail = [f"{at:%H:%M} effort {check_in.effort} · pain {check_in.pain}{where}"]
        tail += [check_in.note] if check_in.note else []
        assert description.endswith("\n" + ics_text("\n".join(tail))), description
        step = ics_text(session.sets[0].step_name.en) if session.sets else None
        assert step is None or description.startswith(step + " 1")


# --- the hypothesis route: hostile text written into the log ----------------------------------

# control and format characters, line and paragraph separators, beside the characters that
# mean something to a format (backslash-N in iCalendar, a digit before a CR in HTML)
control_text = st.text(
    st.characters(categories=["Cc", "Cf", "Zl", "Zp"]) | st.sampled_from("0aN\\;,<&\"'="),
    min_size=1,
    max_size=8,
)
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=60),
    control_text,
    st.lists(
        st.sampled_from(HOSTILE) | st.text(max_size=10) | control_text, min_size=2, max_size=4
    ).map("".join),
)


@settings(FUZZ, max_examples=30)
@example(note="0\r", where="", program="", step="")  # a lone CR: the HTML report kept it
@example(note="", where="", program="\\N", step="\\N")  # icalendar read \N as a line break
@example(note="", where="none", program="", step="")  # the page's own CSP says 'none'
@example(note="", where="", program="", step="\ufeff")  # icalendar dropped a leading BOM
@given(
    note=hostile_text,
    where=hostile_text.map(lambda s: s[:200]),
    program=hostile_text,
    step=hostile_text,
)
def test_hostile_log_text_in_every_export(
    tmp_path: Path, note: str, where: str, program: str, step: str
) -> None:
    base = [make_session(DAY), make_session(DAY + timedelta(1), count=3, status="partial")]
    sessions = [noted(s, note, where, program, step) for s in base]
    fresh_home(tmp_path)
    seed(sessions)
    folder = tmp_path / "exports"
    folder.mkdir(exist_ok=True)
    check_csv(folder, sessions)
    check_ics(export_file(folder, "--format", "ics"), sessions)
    # the page as a file holds the text exactly; on stdout its control characters are
    # escaped (test_escape_sequences_from_the_log_never_reach_the_terminal)
    hostile_page = export_file(folder, "--format", "html").decode("utf-8")
    fresh_home(tmp_path)
    seed([noted(s, "benign", "benign", "benign", "benign") for s in base])
    check_html(
        hostile_page, export_file(folder, "--format", "html").decode("utf-8"), [note, where, step]
    )


# --- the end-to-end route: a custom program with hostile names, run and checked in ------------

MARKER = "pwned-by-a-step-name"
# (no bidi override: a program file may not hold one, test_bidi_overrides_in_programs_...)
PROGRAM_NAME = "=cmd|' /C calc'!A0 <script>alert(1)</script> &amp; ;,\\ evil 日本語"
STEP_NAMES = [
    # shell syntax, and placeholders that must stay literal
    f"$(touch {MARKER}) `touch {MARKER}` ; touch {MARKER} | touch {MARKER} {{wav}} {{text}}",
    '+1 -1 @SUM(1) "><img src=x onerror=alert(1)>',
    "Wall\nBEGIN:VEVENT\nSUMMARY:injected\nEND:VEVENT [/bold] [red]x[/]",
]
NOTE = "\r\nBEGIN:VEVENT\r\n=cmd|' /C calc'!A0 <script>alert(1)</script>;,\\ \u202e 日本語"
WHERE = "@SUM(1) <b>hip</b>;,"


def hostile_program_text(source: str) -> str:
    data = yaml.safe_load(source)
    data["name"] = {"en": PROGRAM_NAME, "ja": PROGRAM_NAME + " ja"}
    for step, name in zip(data["steps"], STEP_NAMES, strict=True):
        step["name"] = {"en": name, "ja": name + " ja"}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@dataclasses.dataclass(frozen=True)
class Ran:
    home: Path
    program_file: Path
    run: Outcome


@pytest.fixture
def ran(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Ran:
    """`hipcoach new evil`, hostile names written into it, then one session run and checked in
    (a rehearsal, counted as training afterwards)."""
    monkeypatch.chdir(tmp_path)
    home = fresh_home(tmp_path)
    assert hipcoach("new", "evil").code == 0
    program_file = paths.user_programs_dir() / "evil.yaml"
    program_file.write_text(
        hostile_program_text(program_file.read_text(encoding="utf-8")), encoding="utf-8"
    )
    validated = hipcoach("validate", str(program_file))
    assert validated.code == 0, validated
    run = hipcoach(
        "run",
        "evil",
        "--speed",
        "1000",
        "--no-voice",
        "--effort",
        "4",
        "--pain",
        "1",
        "--pain-where",
        WHERE,
        "--note",
        NOTE,
    )
    assert run.code == 0, run
    assert not (tmp_path / MARKER).exists()
    with open_store() as store:  # the rehearsal took milliseconds; as training it is in
        store.db.execute("UPDATE sessions SET speed = 1")  # every export, not only json
    return Ran(home, program_file, run)


def logged() -> list[SessionRecord]:
    with open_store() as store:
        return store.recent_sessions(10)


def test_hostile_names_travel_from_the_program_file_into_every_export(
    ran: Ran, tmp_path: Path
) -> None:
    (session,) = logged()
    check_in = session.check_in
    assert session.program_name.en == PROGRAM_NAME and check_in is not None
    assert check_in.note == NOTE and check_in.pain_where == WHERE
    assert list(dict.fromkeys(s.step_name.en for s in session.sets)) == STEP_NAMES
    folder = tmp_path / "exports"
    folder.mkdir()
    check_csv(folder, [session])
    check_ics(export_file(folder, "--format", "ics"), [session])
    page = export_file(folder, "--format", "html", "--program", "evil").decode("utf-8")
    assert html.escape(f"hipcoach log: {PROGRAM_NAME}") in page  # the title, escaped
    benign = page
    for text in (PROGRAM_NAME, *STEP_NAMES, NOTE, WHERE):
        benign = benign.replace(html.escape(text), "benign")
    check_html(page, benign, [*STEP_NAMES, NOTE, WHERE])
    schedule = export_file(folder, "--format", "ics", "--schedule", "program", "-p", "evil")
    (reminder,) = events(schedule)
    assert text_value(reminder["SUMMARY"]) == f"hipcoach: time for {PROGRAM_NAME}"
    assert text_value(reminder["DESCRIPTION"]).startswith(STEP_NAMES[0] + ": ")


# --- the speech command: one argument, byte for byte, and no shell ----------------------------

RECORDER = """
import json, os, sys, uuid, wave
record, wav, text = sys.argv[1:]
with open(os.path.join(record, uuid.uuid4().hex + ".json"), "w") as f:
    json.dump([os.fsencode(arg).hex() for arg in sys.argv[1:]], f)
with wave.open(wav, "wb") as w:
    w.setnchannels(1)
    w.setsampwidth(2)
    w.setframerate(8000)
    w.writeframes(b"\\x10\\x27" * 800)
"""


def test_step_names_reach_the_speech_command_as_one_argument_each(
    ran: Ran, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hipcoach.program.catalog import load_program_file
    from hipcoach.program.plan import Overrides, doses_for, expand
    from hipcoach.session.cues import cue_text, session_texts

    script = tmp_path / "recorder.py"
    script.write_text(RECORDER, encoding="utf-8")
    record = tmp_path / "said"
    record.mkdir()
    command = [sys.executable, "-I", str(script), str(record), "{wav}", "{text}"]
    assert hipcoach("config", "set", "voice_command", "--", *command).code == 0
    monkeypatch.setenv("HIPCOACH_PLAYER", "true")  # plays nothing, exits 0: audio "works"
    spoken = hipcoach("run", "evil", "--speed", "1000", "--voice", "--quick")
    assert spoken.code == 0, spoken
    assert "voice is off" not in spoken.err.lower(), spoken
    calls = [json.loads(p.read_text()) for p in record.glob("*.json")]
    argvs = [[bytes.fromhex(arg) for arg in call] for call in calls]
    assert argvs and all(len(argv) == 3 for argv in argvs)  # record, wav, text: no more
    texts = {argv[2].decode("utf-8") for argv in argvs}
    program = load_program_file(ran.program_file)
    timeline = expand(program, doses_for(program, quick=True), Overrides(pace_self_paced=True))
    expected = set(session_texts(timeline, lambda cue: cue_text(cue, timeline, "en")))
    assert texts == expected
    with_names = {text for text in texts if any(name in text for name in STEP_NAMES)}
    for name in STEP_NAMES[1:]:  # a later exercise's get-ready: "Next: <name>. <cue>..."
        assert any(text.startswith(f"Next: {name}.") for text in with_names)
    assert any(text.startswith(STEP_NAMES[0] + ". ") for text in with_names)
    assert not (tmp_path / MARKER).exists() and not list(Path.cwd().glob(f"{MARKER}*"))


# --- the terminal: no raw escape sequences, no markup -------------------------------------------

ESCAPES = ["\x1b]0;pwned\x07", "\x1b[2J", "\x9b31m", "\x07", "\r"]


@pytest.mark.parametrize("escape", ESCAPES, ids=["osc-title", "clear", "c1-csi", "bel", "cr"])
def test_programs_with_escape_sequences_are_refused(tmp_path: Path, escape: str) -> None:
    fresh_home(tmp_path)
    assert hipcoach("new", "evil").code == 0
    program_file = paths.user_programs_dir() / "evil.yaml"
    data = yaml.safe_load(program_file.read_text(encoding="utf-8"))
    data["steps"][1]["cue"]["ja"] = f"ok {escape} ok"
    program_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert escape.encode() not in program_file.read_bytes() or escape == "\r"  # YAML escapes it
    for argv in (["validate", str(program_file)], ["show", "evil"], ["run", "evil", "--dry-run"]):
        outcome = hipcoach(*argv)
        assert_clean(outcome)
        assert outcome.code == 2, outcome
        assert "steps[1].cue.ja: the control character" in outcome.err, outcome
    listed = hipcoach("programs")
    assert listed.code == 0 and "evil.yaml: not a valid program" in listed.err


@pytest.mark.parametrize("control", ["\u202e", "\u2066", "\u200f"], ids=["rlo", "lri", "rlm"])
def test_bidi_overrides_in_programs_are_refused(tmp_path: Path, control: str) -> None:
    """They reorder what follows them on screen: a name could show one thing, say another."""
    fresh_home(tmp_path)
    assert hipcoach("new", "evil").code == 0
    program_file = paths.user_programs_dir() / "evil.yaml"
    data = yaml.safe_load(program_file.read_text(encoding="utf-8"))
    data["steps"][0]["name"]["en"] = f"Glute {control}hctertS"
    program_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    outcome = hipcoach("validate", str(program_file))
    assert_clean(outcome)
    assert outcome.code == 2 and "steps[0].name.en: the direction control U+" in outcome.err


def test_markup_in_names_is_shown_as_text(ran: Ran) -> None:
    for argv in (
        ["show", "evil"],
        ["today", "evil"],
        ["run", "evil", "--dry-run"],
        ["log"],
        ["stats", "--program", "evil"],
        ["programs"],
    ):
        outcome = hipcoach(*argv)
        assert_clean(outcome)
        assert outcome.code == 0, outcome
        assert "[/bold] [red]x[/]" in outcome.out or argv[0] == "programs", outcome


def test_escape_sequences_from_the_log_never_reach_the_terminal(tmp_path: Path) -> None:
    """Notes and names in the log come from check-ins and imports: any text at all."""
    fresh_home(tmp_path)
    hostile = "".join(ESCAPES) + "\x00\x1b[31mred"
    seed([noted(make_session(TODAY), hostile, hostile, hostile, hostile)])
    checked = hipcoach(
        "checkin", "--effort", "3", "--pain", "2", "--note", hostile, "--pain-where", hostile
    )
    assert_clean(checked)
    for argv in (
        ["log"],
        ["today"],
        ["stats"],
        ["log", "--json"],
        ["stats", "--json"],
        ["export", "--format", "md"],  # a report may be read in the terminal first
    ):
        outcome = hipcoach(*argv)
        assert_clean(outcome)
        assert outcome.code == 0, outcome
    for kind in ("csv", "html", "ics"):  # ... or any export written to stdout (issue 16)
        outcome = hipcoach("export", "--format", kind)
        assert_clean(outcome, terminal_stdout=False)
        assert outcome.code == 0, outcome
        # CSV and iCalendar end lines with CRLF, as they must; no other CR, no ESC, no C1
        assert not RAW_CONTROL.search(outcome.out.replace("\r\n", "\n")), outcome
    for kind in ("csv", "html"):  # the note is there, escaped where it stands (md strips)
        assert "\\x1b]0;pwned\\x07" in hipcoach("export", "--format", kind).out, kind
    log = hipcoach("log").out
    assert "\\x1b]0;pwned\\x07" in log  # shown, escaped, where it stands
    exported = hipcoach("export", "--format", "jsonl").out
    assert not re.search("[\x80-\x9f]", exported)  # C1 as \\u escapes, like C0
    records = [json.loads(line) for line in exported.splitlines()][1:]
    assert [r["note"] for r in records if r.get("record") == "check-in"] == [hostile] * 2
    written = export_file(tmp_path, "--format", "csv").decode("utf-8")
    assert hostile.replace("\r", "") in written.replace("\r", "")  # a file: the note exactly


def test_the_tests_can_tell(tmp_path: Path) -> None:
    """The checks above fail on what they guard against."""
    with pytest.raises(AssertionError):
        check_html("<p><img src=x onerror=alert(1)></p>", "<p></p>", [])
    with pytest.raises(AssertionError):
        unfold(b"BEGIN:VEVENT\nEND:VEVENT\r\n")
    with pytest.raises(AssertionError):
        unfold(("X:" + "y" * 80 + "\r\n").encode())
    assert expected_cell("=1") == "'=1" and expected_cell("a=1") == "a=1"
