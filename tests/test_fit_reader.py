"""hipcoach's own FIT reader against fitdecode (the reference it replaced for speed), on
every real FIT file under tests/data/fit and on synthetic runs; and the format's corners
built by hand: CRCs, compressed timestamps, big-endian and chained files, invalid
values, arrays, developer fields, and damaged files that must fail in one line."""

from __future__ import annotations

import gzip
import math
import struct
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipcoach.runs.fitfile import read_fit
from hipcoach.runs.fitreader import FitError, Wanted, crc16, read_messages
from hipcoach.runs.track import Track
from tests import fitdecode_reference
from tests.runsynth import Plan, fit_bytes

REAL = Path(__file__).parent / "data" / "fit"
REAL_FILES = sorted(p for p in REAL.rglob("*") if p.name.endswith((".fit", ".fit.gz")))


def _content(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def _decoded(data: bytes, reader: object) -> tuple[list[Track], list[str]] | str:
    try:
        return reader(data)  # type: ignore[operator, no-any-return]
    except ValueError as error:
        return f"failed: {error}"


def _same_column(ours: list[float], theirs: list[float]) -> bool:
    return len(ours) == len(theirs) and all(
        (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-12)
        for a, b in zip(ours, theirs, strict=True)
    )


def _assert_same_tracks(ours: list[Track], theirs: list[Track]) -> None:
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs, strict=True):
        for attribute in ("start", "sport", "sub_sport", "utc_offset_minutes"):
            assert getattr(a, attribute) == getattr(b, attribute), attribute
        for column in ("seconds", "distance", "speed", "heart_rate", "cadence", "lat", "lon"):
            assert _same_column(getattr(a, column), getattr(b, column)), column
        assert sorted(a.dynamics) == sorted(b.dynamics)
        for metric, values in a.dynamics.items():
            assert _same_column(values, b.dynamics[metric]), metric


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: str(p.relative_to(REAL)))
def test_real_files_read_as_fitdecode_reads_them(path: Path) -> None:
    """Same failures, same running parts, same samples, same skipped sports. (The device
    is named differently on purpose: by the file's numbers, not a product table.)"""
    data = _content(path)
    ours, theirs = _decoded(data, read_fit), _decoded(data, fitdecode_reference.read_fit)
    if isinstance(theirs, str) or isinstance(ours, str):
        assert isinstance(ours, str) and isinstance(theirs, str), (ours, theirs)
        return
    assert ours[1] == theirs[1]
    _assert_same_tracks(ours[0], theirs[0])


def test_the_real_files_include_what_the_reader_must_handle() -> None:
    """The comparison above means something only if the folder holds these cases."""
    names = {p.name for p in REAL_FILES}
    assert "compressed-speed-distance.fit" in names  # compressed timestamps and distance
    assert "mornindew-broken.fit" in names  # Stryd developer fields
    assert "activity-settings.fit" in names  # chained FIT files
    assert "activity-filecrc.fit" in names  # a bad CRC
    tracks, _ = read_fit(_content(REAL / "tormoder-fit" / "mornindew-broken.fit"))
    assert {"power", "ground_contact_time", "vertical_oscillation"} <= set(tracks[0].dynamics)


@pytest.mark.parametrize(
    "plan",
    [
        Plan(km=12.0, drift={"ground_contact_time": 5.0}, drift_from_km=8.0),
        Plan(km=11.0, pauses=[(3.0, 40)], walks=[(6.0, 60)], seed=3),
        Plan(km=10.5, treadmill=True, seed=5),
    ],
    ids=["drift", "pauses-and-walks", "treadmill"],
)
def test_synthetic_runs_read_as_fitdecode_reads_them(plan: Plan) -> None:
    data = fit_bytes(plan)
    ours, theirs = read_fit(data), fitdecode_reference.read_fit(data)
    assert ours[1] == theirs[1]
    _assert_same_tracks(ours[0], theirs[0])
    assert len(ours[0][0]) > 3000  # a real run's worth of samples was compared


# --- the format's corners, built by hand -------------------------------------------


def _crc_bytewise(data: bytes) -> int:
    """FIT's CRC as the FIT SDK writes it: a nibble at a time."""
    table = [0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
             0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400]  # fmt: skip
    crc = 0
    for byte in data:
        for nibble in (byte & 0xF, byte >> 4):
            low = table[crc & 0xF]
            crc = ((crc >> 4) & 0x0FFF) ^ low ^ table[nibble]
    return crc


def test_crc_is_crc16_arc() -> None:
    assert crc16(b"123456789", 0, 9) == 0xBB3D  # the catalogue's check value
    assert crc16(b"x123456789", 1, 10) == 0xBB3D
    assert crc16(b"", 0, 0) == 0


@given(st.binary(max_size=300))
def test_crc_matches_the_sdks_bytewise_crc(data: bytes) -> None:
    assert crc16(data, 0, len(data)) == _crc_bytewise(data)


@settings(max_examples=30)
@given(st.binary(min_size=1500, max_size=9000), st.integers(0, 600), st.integers(0, 600))
def test_a_long_crc_computed_in_lanes_is_the_sdks(data: bytes, cut: int, short: int) -> None:
    """Files of a few kB and more take the lane-parallel path: any span, any length."""
    start, end = min(cut, len(data)), max(min(cut, len(data)), len(data) - short)
    assert crc16(data, start, end) == _crc_bytewise(data[start:end])


Fields = list[tuple[int, int, int]]  # (number, size, base type or developer index)


def _definition(
    local: int,
    message: int,
    fields: Fields,
    big_endian: bool = False,
    developer: Fields | None = None,
) -> bytes:
    header = 0x40 | local | (0x20 if developer is not None else 0)
    endian = ">" if big_endian else "<"
    out = bytes([header, 0, 1 if big_endian else 0]) + struct.pack(endian + "H", message)
    out += bytes([len(fields)]) + b"".join(bytes(f) for f in fields)
    if developer is not None:
        out += bytes([len(developer)]) + b"".join(bytes(f) for f in developer)
    return out


def _fit(body: bytes) -> bytes:
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
    header += struct.pack("<H", crc16(header, 0, 12))
    data = header + body
    return data + struct.pack("<H", crc16(data, 0, len(data)))


RECORDS = Wanted(fields={20: {3: ("heart_rate", 1), 5: ("distance", 100)}})


def _records(data: bytes, wanted: Wanted = RECORDS) -> list[tuple[dict[str, object], int | None]]:
    return [(layout.values(raw), stamp) for layout, raw, stamp in read_messages(data, wanted)]


def test_invalid_values_are_absent_and_scales_apply() -> None:
    body = _definition(0, 20, [(253, 4, 0x86), (3, 1, 0x02), (5, 4, 0x86)])
    body += b"\x00" + struct.pack("<IBI", 1000, 150, 123456)
    body += b"\x00" + struct.pack("<IBI", 1001, 0xFF, 0xFFFFFFFF)
    assert _records(_fit(body)) == [
        ({"timestamp": 1000, "heart_rate": 150, "distance": 1234.56}, 1000),
        ({"timestamp": 1001}, 1001),
    ]


def test_big_endian_definitions_are_read() -> None:
    body = _definition(1, 20, [(253, 4, 0x86), (5, 4, 0x86)], big_endian=True)
    body += b"\x01" + struct.pack(">II", 2000, 500)
    assert _records(_fit(body)) == [({"timestamp": 2000, "distance": 5.0}, 2000)]


def test_compressed_timestamps_roll_over_from_the_last_full_one() -> None:
    """5 bits of time past the last timestamp: 0x3E + 3 s is 0x41, past the 32 s wrap."""
    body = _definition(0, 20, [(253, 4, 0x86), (3, 1, 0x02)])
    body += b"\x00" + struct.pack("<IB", 0x3E, 140)
    body += _definition(1, 20, [(3, 1, 0x02)])
    body += bytes([0x80 | (1 << 5) | 0x01]) + bytes([141])  # offset 1: 0x41
    body += bytes([0x80 | (1 << 5) | 0x03]) + bytes([142])  # offset 3: 0x43
    stamps = [stamp for _, stamp in _records(_fit(body))]
    assert stamps == [0x3E, 0x41, 0x43]


def test_arrays_and_unknown_base_types_are_left_out() -> None:
    """A heart rate sent as two bytes, or in a base type FIT does not define, is not a
    heart rate (fitdecode reads those as tuples of bytes)."""
    body = _definition(0, 20, [(253, 4, 0x86), (3, 2, 0x02), (5, 4, 0x77)])
    body += b"\x00" + struct.pack("<I", 5) + b"\x96\x97" + b"\x01\x02\x03\x04"
    assert _records(_fit(body)) == [({"timestamp": 5}, 5)]


def test_developer_fields_are_named_by_their_description() -> None:
    wanted = Wanted(fields={20: {}}, developer=frozenset({"power"}),
                    developer_messages=frozenset({20}))  # fmt: skip
    description = _definition(2, 206, [(0, 1, 0x02), (1, 1, 0x02), (2, 1, 0x02), (3, 8, 0x07)])
    description += b"\x02" + bytes([0, 7, 0x84]) + b"Power\0\0\0"
    record = _definition(0, 20, [(253, 4, 0x86)], developer=[(7, 2, 0)])
    record += b"\x00" + struct.pack("<IH", 77, 251)
    found = [values for values, _ in _records(_fit(description + record), wanted)]
    assert found[-1] == {"timestamp": 77, "dev:power": 251}


def test_chained_files_are_read_one_after_the_other() -> None:
    first = _definition(0, 20, [(253, 4, 0x86)]) + b"\x00" + struct.pack("<I", 10)
    second = _definition(0, 20, [(253, 4, 0x86)]) + b"\x00" + struct.pack("<I", 20)
    stamps = [stamp for _, stamp in _records(_fit(first) + _fit(second))]
    assert stamps == [10, 20]


@pytest.mark.parametrize(
    ("damage", "code"),
    [
        (lambda d: d[:-1], "truncated"),  # half of the CRC missing
        (lambda d: d[:20], "truncated"),
        (lambda d: d[:8], "truncated"),
        (lambda d: d[:8] + b".FAT" + d[12:], "not_fit"),
        (lambda d: d[:30] + bytes([d[30] ^ 0x10]) + d[31:], "bad_crc"),
        (lambda d: d + b"\x0e\x20", "truncated"),  # trailing bytes after the CRC
    ],
)
def test_damaged_files_fail_with_a_code_and_one_line(damage: object, code: str) -> None:
    body = _definition(0, 20, [(253, 4, 0x86), (3, 1, 0x02)])
    body += b"".join(b"\x00" + struct.pack("<IB", 100 + i, 120) for i in range(5))
    with pytest.raises(FitError) as raised:
        read_messages(damage(_fit(body)), RECORDS)  # type: ignore[operator]
    assert raised.value.code == code
    assert "\n" not in str(raised.value)


def test_a_message_before_its_definition_is_corrupt() -> None:
    with pytest.raises(FitError) as raised:
        read_messages(_fit(b"\x03" + b"\x00" * 4), RECORDS)
    assert raised.value.code == "corrupt"


def test_a_message_running_past_the_data_is_corrupt() -> None:
    body = _definition(0, 20, [(253, 4, 0x86), (3, 1, 0x02)]) + b"\x00" + b"\x01\x00"
    with pytest.raises(FitError) as raised:
        read_messages(_fit(body), RECORDS)
    assert raised.value.code == "corrupt"


SMALL_RUN = (REAL / "fitparse" / "garmin-fenix-5-run.fit").read_bytes()


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_hostile_bodies_fail_cleanly_even_with_a_good_crc(data: st.DataObject) -> None:
    """Bytes changed inside the data and the CRC recomputed, so the parser itself meets
    them: it reads the file or raises FitError, never anything else."""
    header_size, body_end = SMALL_RUN[0], len(SMALL_RUN) - 2
    body = bytearray(SMALL_RUN[header_size:body_end])
    for _ in range(data.draw(st.integers(1, 12))):
        position = data.draw(st.integers(0, len(body) - 1))
        body[position] = data.draw(st.integers(0, 255))
    header = bytearray(SMALL_RUN[:header_size])
    header[12:14] = struct.pack("<H", crc16(bytes(header), 0, 12))
    file = bytes(header) + bytes(body)
    file += struct.pack("<H", crc16(file, 0, len(file)))
    try:
        read_fit(file)
    except FitError as error:
        assert "\n" not in str(error)


_TYPES = [(0x02, 1), (0x01, 1), (0x84, 2), (0x83, 2), (0x86, 4), (0x85, 4), (0x88, 4),
          (0x89, 8), (0x8C, 4), (0x8E, 8), (0x0D, 3), (0x07, 5)]  # fmt: skip


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return a == b and type(a) is type(b)


@settings(max_examples=60, deadline=None)
@given(
    st.booleans(),
    st.lists(st.sampled_from(_TYPES), min_size=1, max_size=8),
    st.lists(
        st.tuples(st.booleans(), st.binary(min_size=64, max_size=64)), min_size=1, max_size=30
    ),
)
def test_records_read_as_columns_are_the_rows_transposed(
    big_endian: bool, types: list[tuple[int, int]], records: list[tuple[bool, bytes]]
) -> None:
    """A run of records is read column by column from the bytes (no tuple per record):
    every value, invalid value, scale, type and time is what the row-by-row reading
    gives, in either byte order, with records read alone (another message between them)
    mixed in."""
    from hipcoach.runs.fitfile import _record_columns
    from hipcoach.runs.fitreader import Columnar

    fields = [(253, 4, 0x86)] + [(n, size, base) for n, (base, size) in enumerate(types, 1)]
    wanted = Wanted(fields={20: {n: (f"f{n}", 10.0 if n % 2 else 1.0) for n in range(1, 9)}})
    size = sum(f[1] for f in fields)
    body = _definition(0, 20, fields, big_endian=big_endian) + _definition(1, 21, [(0, 1, 0x00)])
    for k, (alone, payload) in enumerate(records):
        stamp = struct.pack(">I" if big_endian else "<I", 1000 + k)
        body += b"\x00" + stamp + payload[: size - 4]
        if alone:
            body += b"\x01\x00"  # an event: the next record starts a new run
    data = _fit(body)
    rows = [(layout, raw) for layout, raw, _ in read_messages(data, wanted) if layout.message == 20]
    expected = rows[0][0].columns([raw for _, raw in rows])
    columnar = Columnar(20)
    assert all(layout.message != 20 for layout, _, _ in read_messages(data, wanted, columnar))
    stamps, columns = _record_columns(columnar)
    assert stamps == [1000 + k for k in range(len(records))]
    assert columns.keys() == expected.keys()
    for name, column in columns.items():
        assert len(column) == len(expected[name])
        assert all(map(_same, column, expected[name])), name
