"""Real watch files (tests/data/fit, see its README): a mixed folder imports with every file
accounted for, as read from the files themselves; a second import adds nothing and decodes
nothing again; a real run's summary agrees with what the watch wrote in its session."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hipcoach.cli import app
from hipcoach.log.store import open_store
from hipcoach.runs.decode import Format, read_watch_data
from hipcoach.runs.importer import ImportReport, import_runs, watch_files
from hipcoach.runs.track import Track
from tests.runsynth import Plan, fit_bytes

DATA = Path(__file__).parent / "data" / "fit"
runner = CliRunner()

# What each file must end as, read from the file (with fitdecode 0.11, CRC check on, and by
# reading the TCX/GPX text), not from what hipcoach printed. "run" files give runs (how
# many), the others are skipped or failed with the code why.
RUN, SKIPPED, FAILED = "run", "skipped", "failed"
EXPECTED: dict[str, tuple[str, str | int]] = {
    # session: running, 9,008 m in 2,832 s, heart rate, cadence, contact time, oscillation
    "fitparse/activity-small-fenix2-run.fit": (RUN, 1),
    # session: running, 6,754 m; Stryd developer fields (Form Power, Leg Spring Stiffness)
    "fitparse/developer-types-sample.fit": (RUN, 1),
    # session: running, 4,835 m in 2,625 s; no cadence field at all, one 52 s record gap
    "fitparse/2013-02-06-12-11-14.fit": (RUN, 1),
    # session: running, 10,249 m, but every time in it is below 0x10000000: counted from
    # the watch's power-on (FIT's "system time"), so the run has no date to be placed at
    "fitparse/compressed-speed-distance.fit": (SKIPPED, "no_date"),
    # session: running, 158 m in 57 s at 83 strides/min (166 steps): tiny, but a run
    "fitparse/garmin-fenix-5-run.fit": (RUN, 1),
    # five sessions: swim, transition, cycling, transition, running 9,806 m: one run
    "fitparse/sample_mulitple_header.fit": (RUN, 1),
    # seven sessions, two of them running (2,245 m and 12,740 m): two runs, one file
    "fitparse/activity-large-fenxi2-multisport.fit.gz": (RUN, 2),
    # session: running, 16,773 m, 19 stop events; Stryd's Ground Time, Power as dev fields
    "tormoder-fit/mornindew-broken.fit": (RUN, 1),
    # Sport="Running", 2.6 km with heart rate and cadence, a 2-minute stop
    "handmade/easy-run-with-stop.tcx": (RUN, 1),
    # a session of sport cycling (and the sport message says so) in each of these
    "fitparse/2015-10-13-08-43-15.fit": (SKIPPED, "not_a_run"),
    "fitparse/garmin-fenix-5-bike.fit": (SKIPPED, "not_a_run"),
    "fitparse/elemnt-bolt-no-application-id-inside-developer-data-id.fit": (
        SKIPPED,
        "not_a_run",
    ),
    "tormoder-fit/unterminated-strings.fit": (SKIPPED, "not_a_run"),
    # GPX <type>cycling</type>
    "handmade/commute-ride.gpx": (SKIPPED, "not_a_run"),
    # session: swimming / lap_swimming
    "fitparse/event_timestamp.fit": (SKIPPED, "not_a_run"),
    # session: walking
    "fitparse/garmin-fenix-5-walk.fit": (SKIPPED, "not_a_run"),
    # session: fitness_equipment / indoor_rowing
    "fitparse/20170518-191602-1740899583.fit": (SKIPPED, "not_a_run"),
    # file_id type settings / monitoring_b: no session, no record at all
    "fitparse/Settings2.fit": (SKIPPED, "no_running"),
    "fitparse/MonitoringFile.fit": (SKIPPED, "no_running"),
    # a running session of 5.7 m in 14 s (chained with a settings file): no run in it
    "fitparse/activity-settings.fit": (SKIPPED, "no_running"),
    # a running session, but its records hold heart rate only: no distance, speed, position
    "fitparse/antfs-dump.63.fit": (SKIPPED, "no_running"),
    # the file CRC does not match its bytes (in the second file of the chain for the first)
    "fitdecode/activity-filecrc.fit": (FAILED, "unreadable"),
    "fitdecode/activity-activity-filecrc.fit": (FAILED, "unreadable"),
    # the second chained file's header is not a FIT header
    "fitdecode/activity-settings-corruptheader.fit": (FAILED, "unreadable"),
    # cut: the second header promises data that is not there; the file ends before its CRC
    "fitdecode/activity-settings-nodata.fit": (FAILED, "unreadable"),
    "fitdecode/activity-unexpected-eof.fit": (FAILED, "unreadable"),
    # the header declares 78,236 data bytes, the file holds 78,219; at byte 7,471 a data
    # message uses local message 11, which no definition message declared
    "fitparse/strava-android-app-201.10-b1218918.fit": (FAILED, "unreadable"),
    # XML cut after 1,500 bytes, inside an element
    "handmade/cut-off-run.gpx": (FAILED, "unreadable"),
    # a gzip stream cut in half
    "handmade/broken-download.gpx.gz": (FAILED, "broken_gzip"),
    # 0 bytes
    "handmade/empty.fit": (FAILED, "empty_file"),
}
SPORTS = {  # what the skipped files name as their sport
    "fitparse/2015-10-13-08-43-15.fit": "cycling",
    "fitparse/garmin-fenix-5-bike.fit": "cycling",
    "fitparse/elemnt-bolt-no-application-id-inside-developer-data-id.fit": "cycling",
    "tormoder-fit/unterminated-strings.fit": "cycling",
    "handmade/commute-ride.gpx": "cycling",
    "fitparse/event_timestamp.fit": "swimming",
    "fitparse/garmin-fenix-5-walk.fit": "walking",
    "fitparse/20170518-191602-1740899583.fit": "fitness_equipment",
}
# activity-small-fenix2-run.fit's session message, as fitdecode 0.11 reads it
FENIX2 = {
    "start_time": "2015-08-15T14:45:08+00:00",
    "total_distance": 9008.22,  # m
    "total_timer_time": 2832.0,  # s
    "avg_running_cadence": 81,  # strides a minute, whole: 162-163 steps
    "avg_stance_time": 252.0,  # ms
    "avg_vertical_oscillation": 106.2,  # mm
}
# ... and the mean of its records' non-zero values: the watch's session average of contact
# time (252 ms) is above its own records' (241.6 ms), so the records are the yardstick
FENIX2_RECORDS = {"stance_time": 241.6, "vertical_oscillation": 106.1}


@dataclass
class Imported:
    first: dict[str, Any]
    first_code: int
    first_output: str
    second: dict[str, Any]
    second_code: int
    listed: list[dict[str, Any]]
    listed_again: list[dict[str, Any]]
    shown: dict[str, dict[str, Any]]  # by source name


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Imported]:
    """The whole folder imported twice through the CLI into one log (decoding it is the
    slow part, so the module's tests share it)."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HIPCOACH_HOME", str(home))
        patch.setenv("NO_COLOR", "1")
        first = invoke("runs", "import", str(DATA), "--json")
        listed = json.loads(invoke("runs", "--json").stdout)
        second = invoke("runs", "import", str(DATA), "--json")
        listed_again = json.loads(invoke("runs", "--json").stdout)
        shown = {
            run["source_name"]: json.loads(invoke("runs", "show", run["id"], "--json").stdout)
            for run in listed
        }
        yield Imported(
            json.loads(first.stdout),
            first.exit_code,
            first.output,
            json.loads(second.stdout),
            second.exit_code,
            listed,
            listed_again,
            shown,
        )


def relative(file: str) -> str:
    return Path(file).resolve().relative_to(DATA.resolve()).as_posix()


def test_the_expectations_cover_every_watch_file_in_the_folder() -> None:
    on_disk = {relative(str(p)) for p in watch_files([DATA])}
    assert on_disk == set(EXPECTED)
    assert sum(p.stat().st_size for p in DATA.rglob("*") if p.is_file()) < 2_000_000


def test_every_file_is_accounted_for_as_the_files_say(imported: Imported) -> None:
    report = imported.first
    assert imported.first_code == 2, imported.first_output  # bad files are bad input
    assert "Traceback" not in imported.first_output
    runs_from = {}
    for run in imported.listed:
        runs_from[run["source_name"]] = runs_from.get(run["source_name"], 0) + 1
    expected_runs = {Path(f).name: n for f, (s, n) in EXPECTED.items() if s == RUN}
    assert runs_from == expected_runs
    assert report["imported"] == len(expected_runs)
    assert report["already_present"] == 0
    got = {relative(i["file"]): (SKIPPED, i["code"]) for i in report["skipped"]}
    got |= {relative(i["file"]): (FAILED, i["code"]) for i in report["failed"]}
    assert got == {f: want for f, want in EXPECTED.items() if want[0] != RUN}
    for item in report["skipped"] + report["failed"]:
        assert item["reason"] and "\n" not in item["reason"] and not item["seen_before"]
    for item in report["skipped"]:
        if item["code"] == "not_a_run":
            assert item["params"] == {"sports": SPORTS[relative(item["file"])]}


def test_a_second_import_adds_nothing_and_reports_the_rest_from_memory(
    imported: Imported,
) -> None:
    again = imported.second
    assert imported.second_code == 2  # the broken files are still broken
    assert again["imported"] == 0
    assert again["already_present"] == sum(1 for s, _ in EXPECTED.values() if s == RUN)
    assert again["runs"] == []
    assert imported.listed_again == imported.listed
    for before, now in [("skipped", "skipped"), ("failed", "failed")]:
        first = {i["file"]: (i["code"], i["reason"]) for i in imported.first[before]}
        assert {i["file"]: (i["code"], i["reason"]) for i in again[now]} == first
        assert all(i["seen_before"] for i in again[now])


def test_a_real_run_is_summarised_as_its_watch_summarised_it(imported: Imported) -> None:
    run = imported.shown["activity-small-fenix2-run.fit"]
    assert run["start_utc"] == FENIX2["start_time"]
    # cleaning only removes (pauses, walking, GPS spikes): never more than the watch
    # counted, and a steady run like this one loses little
    metres = run["distance_km"] * 1000
    assert 0.9 * FENIX2["total_distance"] <= metres <= FENIX2["total_distance"]
    assert 0.85 * FENIX2["total_timer_time"] <= run["moving_seconds"] <= FENIX2["total_timer_time"]

    def mean(metric: str) -> float:
        pairs = [(km[metric], km["seconds"]) for km in run["km"] if km.get(metric)]
        return sum(v * s for v, s in pairs) / sum(s for _, s in pairs)

    steps = 2 * FENIX2["avg_running_cadence"]  # the session drops the fractional part
    assert steps - 2 <= mean("cadence") <= steps + 8  # and walking is left out here
    contact, bounce = FENIX2_RECORDS["stance_time"], FENIX2_RECORDS["vertical_oscillation"]
    assert mean("ground_contact_time") == pytest.approx(contact, rel=0.05)
    assert mean("vertical_oscillation") == pytest.approx(bounce, rel=0.05)
    assert mean("vertical_oscillation") == pytest.approx(
        FENIX2["avg_vertical_oscillation"], rel=0.05
    )
    assert set(run["fields"]) == {
        "heart_rate", "cadence", "ground_contact_time", "vertical_oscillation",
    }  # fmt: skip


def test_the_session_figures_are_what_fitdecode_reads() -> None:
    """The constants above, read again (fitdecode is a dev dependency while the decoder
    is being replaced: without it this check is skipped, the constants stay)."""
    fitdecode = pytest.importorskip("fitdecode")
    session: dict[str, Any] = {}
    records: dict[str, list[float]] = {name: [] for name in FENIX2_RECORDS}
    with fitdecode.FitReader(str(DATA / "fitparse" / "activity-small-fenix2-run.fit")) as fit:
        for frame in fit:
            if not isinstance(frame, fitdecode.FitDataMessage):
                continue
            if frame.name == "session":
                session = {f.name: f.value for f in frame.fields}
            elif frame.name == "record":
                for name, values in records.items():
                    if frame.get_value(name, fallback=None):
                        values.append(frame.get_value(name))
    for name, value in FENIX2.items():
        got = session[name]
        assert (got.isoformat() if isinstance(got, datetime) else got) == value, name
    for name, values in records.items():
        assert sum(values) / len(values) == pytest.approx(FENIX2_RECORDS[name], abs=0.05)


def test_multisport_files_give_their_running_parts_only(imported: Imported) -> None:
    triathlon = imported.shown["sample_mulitple_header.fit"]
    assert 9.0 <= triathlon["distance_km"] <= 9.806  # the run leg's session: 9,806 m
    parts = [r for r in imported.listed if r["source_name"].startswith("activity-large")]
    short, long = sorted(r["metres"] for r in parts)  # sessions: 2,245 m and 12,740 m
    assert 0 < short <= 2245  # mostly under walking speed (2,245 m in 2,295 s): little left
    assert 0.8 * 12740 <= long <= 12740


# --- a second import decodes nothing again ---------------------------------------------


class CountingDecoder:
    """The real decoders, counting the files they are given; or failing every file, as an
    older reader that could not read them."""

    def __init__(self, *, broken: bool = False) -> None:
        self.calls: list[int] = []
        self.broken = broken

    def __call__(self, kind: Format, data: bytes) -> tuple[list[Track], list[str]]:
        self.calls.append(len(data))
        if self.broken:
            raise ValueError("this reader cannot read it")
        return read_watch_data(kind, data)


def import_with(files: list[Path], decoder: CountingDecoder, reader: str) -> ImportReport:
    assert len(files) < 3  # decoded in this process, where the decoder counts
    with open_store() as store:
        return import_runs(
            store,
            files,
            offset_minutes=lambda _at: 540,
            now=datetime(2026, 11, 25, tzinfo=UTC),
            reader=reader,
            decode=decoder,
        )


def test_files_that_gave_no_run_are_not_decoded_again() -> None:
    ride = DATA / "fitparse" / "garmin-fenix-5-bike.fit"
    broken = DATA / "fitdecode" / "activity-filecrc.fit"
    first = CountingDecoder()
    report = import_with([ride, broken], first, "v1")
    assert len(first.calls) == 2
    assert [i["code"] for i in report.skipped + report.failed] == ["not_a_run", "unreadable"]
    again = CountingDecoder()
    report_again = import_with([ride, broken], again, "v1")
    assert again.calls == []  # nothing decoded: both outcomes from memory
    assert [(i["code"], i["reason"]) for i in report_again.skipped + report_again.failed] == [
        (i["code"], i["reason"]) for i in report.skipped + report.failed
    ]
    assert all(i["seen_before"] for i in report_again.skipped + report_again.failed)


def test_a_newer_reader_reads_failures_again_but_not_other_sports(tmp_path: Path) -> None:
    ride = DATA / "fitparse" / "garmin-fenix-5-bike.fit"
    broken = DATA / "fitdecode" / "activity-filecrc.fit"
    import_with([ride, broken], CountingDecoder(), "v1")
    newer = CountingDecoder()
    report = import_with([ride, broken], newer, "v2")
    assert len(newer.calls) == 1  # the failure only: a ride stays a ride
    assert [i["seen_before"] for i in report.skipped + report.failed] == [True, False]
    still = CountingDecoder()
    import_with([ride, broken], still, "v2")
    assert still.calls == []  # remembered again, for v2


def test_a_file_an_older_reader_could_not_read_imports_with_a_newer_one(
    tmp_path: Path,
) -> None:
    run = tmp_path / "run.fit"
    run.write_bytes(fit_bytes(Plan(km=2)))
    old = import_with([run], CountingDecoder(broken=True), "v1")
    assert [i["code"] for i in old.failed] == ["unreadable"] and old.imported_files == 0
    fixed = import_with([run], CountingDecoder(), "v2")
    assert fixed.imported_files == 1 and fixed.failed == []
    after = CountingDecoder()
    report = import_with([run], after, "v2")  # known by its content now, not from memory
    assert after.calls == [] and report.already_present == 1 and report.failed == []


def test_the_same_bytes_under_another_name_are_not_decoded_again(tmp_path: Path) -> None:
    ride = DATA / "fitparse" / "garmin-fenix-5-bike.fit"
    import_with([ride], CountingDecoder(), "v1")
    copy = tmp_path / "renamed.fit"
    shutil.copyfile(ride, copy)
    counting = CountingDecoder()
    report = import_with([copy], counting, "v1")
    assert counting.calls == [] and report.skipped[0]["file"] == os.fspath(copy)


@pytest.mark.parametrize(
    ("lang", "skipped", "failed", "summary"),
    [
        (
            "en",
            "garmin-fenix-5-bike.fit: skipped, not a run: cycling",
            "activity-filecrc.fit: not imported, unreadable FIT: damaged: its checksum does not"
            " match",
            "Files: 0 imported, 0 already present, 1 skipped (1 seen before), 1 failed.",
        ),
        (
            "ja",
            "garmin-fenix-5-bike.fit: スキップしました。ランではありません（自転車）。",
            "activity-filecrc.fit: 取り込めませんでした。FIT として読めません。チェックサムが"
            "一致せず、壊れています。",
            "ファイル: 取り込み 0 件、取り込み済み 0 件、スキップ 1 件（うち以前に確認済み 1 件）、"
            "失敗 1 件。",
        ),
    ],
)
def test_the_reasons_are_worded_in_each_language(
    lang: str, skipped: str, failed: str, summary: str
) -> None:
    files = [str(DATA / "fitparse" / "garmin-fenix-5-bike.fit")]
    files.append(str(DATA / "fitdecode" / "activity-filecrc.fit"))
    first = invoke("runs", "import", *files, "--lang", lang)
    assert first.exit_code == 2
    lines = first.output.splitlines()
    assert lines[0].endswith(skipped) and failed in lines[1]
    again = invoke("runs", "import", *files, "--lang", lang)
    assert again.exit_code == 2  # still a bad file: said again, as the exit code says it
    lines = again.output.splitlines()
    assert not any(line.endswith(skipped) for line in lines)  # a known ride is only counted
    before = {
        "en": "not imported, as on the last import",
        "ja": "前回と同じく取り込めませんでした",
    }[lang]
    assert before in lines[0] and lines[-1] == summary
    machine = invoke("runs", "import", *files, "--json", "--lang", lang)
    reasons = [i["reason"] for i in json.loads(machine.stdout)["skipped"]]
    assert machine.exit_code == 2
    assert reasons == ["not a run: cycling"]  # --json: English whatever --lang


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_report_lines_wrap_to_the_terminal_between_words(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 60 columns a long file name and its reason are wrapped by hipcoach, not split
    mid-word by the terminal ("no" / "t a run"); the words are the same as on a pipe."""
    from rich.cells import cell_len

    import hipcoach.cli.lines as lines_cli

    files = [str(DATA / "fitparse" / "garmin-fenix-5-bike.fit")]
    files.append(str(DATA / "fitdecode" / "activity-filecrc.fit"))
    piped = invoke("runs", "import", *files, "--lang", lang)
    monkeypatch.setattr(lines_cli, "terminal_width", lambda err=False: 60)
    monkeypatch.setenv("HIPCOACH_HOME", os.environ["HIPCOACH_HOME"] + "-again")
    shown = invoke("runs", "import", *files, "--lang", lang)
    assert max(cell_len(line) for line in shown.output.splitlines()) <= 60
    assert max(cell_len(line) for line in piped.output.splitlines()) > 60
    assert "".join(shown.output.split()) == "".join(piped.output.split())  # only breaks
