"""A FIT reader that decodes only the messages and fields asked for.

Why not a library: every maintained FIT decoder was measured (BENCHMARKS.md, "FIT
decoders"). fitdecode reads every valid test file correctly but takes about 2 s for a
3-hour run, because it builds an object for every field of every message; the one
compiled decoder (fitfast) misreads compressed timestamps and rejects valid files.
The FIT format itself is small: definitions say how the next data messages are laid
out, so one ``struct.Struct`` per definition unpacks a whole message at C speed, and
fields nobody asked for are skipped as padding; a long run's records, back to back in
one layout, are read as columns straight from the bytes (``Columnar``). It follows the
FIT protocol (and fitdecode's reading of it, checked file by file in
tests/test_fit_reader.py):

- a data message's invalid value (all ones, or zero for the ``z`` types) is absent;
- a field whose size is not its base type's size (an array) is absent, as is one of
  an unknown base type, except strings;
- the compressed-timestamp header adds 5 bits to the last full timestamp;
- chained FIT files (several in one) are read one after the other;
- the header's and each file's CRC are checked, and a mismatch fails the file.
"""

from __future__ import annotations

import math
import struct
import sys
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter, truediv
from typing import Any

NAN = math.nan
TIMESTAMP = 253
FIELD_DESCRIPTION = 206
DEVELOPER_PREFIX = "dev:"
_DEFINITION = 0x40
_COMPRESSED = 0x80
_DEVELOPER = 0x20

# base type -> (struct code, size, invalid raw value); None: nan is the invalid float
_BASE_TYPES: dict[int, tuple[str, int, int | None]] = {
    0x00: ("B", 1, 0xFF),  # enum
    0x01: ("b", 1, 0x7F),
    0x02: ("B", 1, 0xFF),
    0x83: ("h", 2, 0x7FFF),
    0x84: ("H", 2, 0xFFFF),
    0x85: ("i", 4, 0x7FFFFFFF),
    0x86: ("I", 4, 0xFFFFFFFF),
    0x88: ("f", 4, None),
    0x89: ("d", 8, None),
    0x0A: ("B", 1, 0),  # uint8z
    0x8B: ("H", 2, 0),
    0x8C: ("I", 4, 0),
    0x8E: ("q", 8, 0x7FFFFFFFFFFFFFFF),
    0x8F: ("Q", 8, 0xFFFFFFFFFFFFFFFF),
    0x90: ("Q", 8, 0),
}
# struct codes as array codes of the same width (C's int and long vary by platform)
_ARRAY_CODES = {
    code: next(c for c in candidates if array(c).itemsize == struct.calcsize(code))
    for code, candidates in {
        "B": "B", "b": "b", "H": "H", "h": "h", "I": "IL", "i": "il",
        "f": "f", "d": "d", "q": "qlL", "Q": "QL",
    }.items()
}  # fmt: skip
_ARRAY_WIDTH = {c: array(c).itemsize for c in set(_ARRAY_CODES.values())}
_STRING = 0x07
_BYTES = 0x0D
_NO_TIME = 0xFFFFFFFF
_RAW = -1  # "invalid" marker of a byte array: kept as bytes unless all 0xFF
_TEXT = -2  # of a string: up to its first NUL, absent when empty


class FitError(ValueError):
    """The file cannot be read as FIT; ``code`` says how, the message says where."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code  # "not_fit", "truncated", "bad_crc" or "corrupt"


@dataclass(frozen=True)
class Wanted:
    """What to decode: per global message number, field number -> (name, scale).
    ``developer`` names developer fields (lower case) to read from any message of
    ``developer_messages``, as ``dev:<name>``, unscaled."""

    fields: dict[int, dict[int, tuple[str, float]]]
    developer: frozenset[str] = frozenset()
    developer_messages: frozenset[int] = frozenset()


Raw = tuple[object, ...]


@dataclass(eq=False)
class Layout:
    """A definition message compiled: how to unpack the data messages it announces."""

    message: int  # the global message number
    wanted: bool
    size: int
    unpack: Callable[[bytes, int], Raw]
    names: tuple[str, ...]
    invalid: tuple[int | None, ...]
    scale: tuple[float, ...]
    timestamp_index: int | None  # where the raw timestamp sits in the unpacked values
    unpack_run: Callable[[memoryview], Iterator[Raw]]  # messages back to back, headers too
    offsets: tuple[int, ...] = ()  # each named field's byte offset in a message's body
    codes: tuple[str, ...] = ()  # each named field's struct code ("H", "3s", ...)
    swap: bool = False  # its byte order is not this machine's

    def values(self, raw: Raw) -> dict[str, object]:
        """One message's fields: ints, scaled floats, strings or (byte arrays) bytes."""
        values: dict[str, object] = {}
        for name, number, invalid, scale in zip(
            self.names, raw, self.invalid, self.scale, strict=True
        ):
            if invalid == _RAW:
                if isinstance(number, bytes) and number.strip(b"\xff"):
                    values[name] = number
            elif invalid == _TEXT and isinstance(number, bytes):
                text = number.split(b"\0", 1)[0].decode("utf-8", "replace")
                if text:
                    values[name] = text
            elif isinstance(number, int | float) and number != invalid and not math.isnan(number):
                values[name] = number / scale if scale != 1 else number
        return values

    def columns(self, rows: list[Raw]) -> dict[str, list[Any]]:
        """Many messages' fields at once, one list per field (see ``finish``): the rows
        transposed with ``zip`` at C speed."""
        transposed: list[Sequence[Any]] = (
            list(zip(*rows, strict=True)) if rows else [()] * len(self.names)
        )
        return self.finish(transposed)

    def run_columns(self, data: bytes, start: int, count: int) -> list[Sequence[Any]]:
        """The raw values of ``count`` messages back to back from ``start`` (each a header
        byte and a body), one column per named field, as ``zip`` of their rows would give
        but without a tuple per message: each field's bytes, a stride apart, are sliced
        out and read as one array."""
        stride = self.size + 1
        end = start + count * stride
        columns: list[Sequence[Any]] = []
        for offset, code in zip(self.offsets, self.codes, strict=True):
            first = start + 1 + offset
            typecode = _ARRAY_CODES.get(code)
            if typecode is None:  # a string or a byte array: rare in records
                width = int(code[:-1])
                columns.append([data[p : p + width] for p in range(first, end, stride)])
                continue
            width = _ARRAY_WIDTH[typecode]
            gathered = bytearray(count * width)
            for byte in range(width):
                gathered[byte::width] = data[first + byte : end : stride]
            values = array(typecode, gathered)
            if self.swap:
                values.byteswap()
            columns.append(values.tolist())
        return columns

    def finish(self, raw: list[Sequence[Any]]) -> dict[str, list[Any]]:
        """Raw columns (one per named field) as values: numbers scaled (ints stay ints
        when the scale is 1), nan where invalid; byte arrays as bytes (None where
        invalid); strings up to their NUL. A long run has ten thousand records, so
        each column is checked at C speed before any per-value rule."""
        columns: dict[str, list[Any]] = {}
        for name, column, invalid, scale in zip(
            self.names, raw, self.invalid, self.scale, strict=True
        ):
            if name == "timestamp":
                continue  # the reader hands each message's time over already
            if invalid == _RAW:
                columns[name] = [v if v.strip(b"\xff") else None for v in column]
            elif invalid == _TEXT:
                columns[name] = [v.split(b"\0", 1)[0].decode("utf-8", "replace") for v in column]
            elif invalid is None or invalid not in column:  # (nan is a float's invalid value)
                # an unscaled column keeps its ints (exact, and no new objects)
                columns[name] = (
                    list(column) if scale == 1 else list(map(truediv, column, repeat(scale)))
                )
            else:
                columns[name] = [NAN if v == invalid else v / scale for v in column]
        return columns


@dataclass
class Columnar:
    """Every data message of one global number, kept as columns in file order instead of
    one tuple each (a long run's records): parts of one layout each, either rows (a
    message read alone) or columns (a run of messages read at once)."""

    message: int
    parts: list[tuple[Layout, list[Raw] | list[Sequence[Any]], list[int | None], bool]] = field(
        default_factory=list
    )

    def add_row(self, layout: Layout, raw: Raw, stamp: int | None) -> None:
        if self.parts and self.parts[-1][0] is layout and not self.parts[-1][3]:
            rows, stamps = self.parts[-1][1], self.parts[-1][2]
            rows.append(raw)
            stamps.append(stamp)
        else:
            self.parts.append((layout, [raw], [stamp], False))

    def add_run(
        self, layout: Layout, columns: list[Sequence[Any]], stamps: list[int | None]
    ) -> None:
        self.parts.append((layout, columns, stamps, True))

    def __len__(self) -> int:
        return sum(len(stamps) for _, _, stamps, _ in self.parts)


@dataclass
class _State:
    layouts: dict[int, Layout] = field(default_factory=dict)
    developer_names: dict[tuple[int, int], tuple[str, int]] = field(default_factory=dict)
    last_timestamp: int = 0


def read_messages(
    data: bytes, wanted: Wanted, columnar: Columnar | None = None
) -> list[tuple[Layout, Raw, int | None]]:
    """Each wanted data message in file order: its layout, its raw values (decode them
    with ``Layout.values`` or, many at once, ``Layout.columns``) and its timestamp in
    FIT seconds (the field's, or the compressed header's; None when it has neither).
    The messages of ``columnar.message``, if given, go there instead, as columns.

    Raises:
        FitError: not FIT, truncated, a bad CRC or a malformed message.
    """
    messages: list[tuple[Layout, Raw, int | None]] = []
    offset = 0
    while offset < len(data):
        end = _check_file(data, offset)
        try:
            _read_body(data, offset + data[offset], end, wanted, messages, columnar)
        except (struct.error, IndexError) as error:  # a message cut off by the file's end
            raise FitError("corrupt", f"a message is cut off: {error}") from None
        offset = end + 2
    return messages


def _check_file(data: bytes, offset: int) -> int:
    """Where this FIT file's data ends (its CRC follows), after checking both CRCs."""
    if len(data) - offset < 12:
        raise FitError("truncated", f"file truncated in a FIT header at byte {offset}")
    header_size, _, _, data_size, magic = struct.unpack_from("<BBHI4s", data, offset)
    if header_size < 12 or magic != b".FIT":
        raise FitError("not_fit", f"not a FIT file at byte {offset}")
    if len(data) - offset < header_size:
        raise FitError("truncated", f"file truncated in a FIT header at byte {offset}")
    if header_size >= 14:
        (header_crc,) = struct.unpack_from("<H", data, offset + 12)
        if header_crc and crc16(data, offset, offset + 12) != header_crc:
            raise FitError("bad_crc", f"the FIT header's CRC does not match at byte {offset}")
    end = offset + header_size + data_size
    if end + 2 > len(data):
        raise FitError("truncated", f"file truncated: {end + 2 - len(data)} bytes missing")
    (stored,) = struct.unpack_from("<H", data, end)
    if crc16(data, offset, end) != stored:
        raise FitError("bad_crc", "the file's CRC does not match: it is damaged")
    return int(end)


def _read_body(
    data: bytes,
    start: int,
    end: int,
    wanted: Wanted,
    messages: list[tuple[Layout, Raw, int | None]],
    columnar: Columnar | None,
) -> None:
    """The data messages of one FIT file into ``messages`` (or ``columnar``). The hot
    loop of a long run (ten thousand records): kept to a lookup, an unpack and the clock."""
    state = _State()
    layouts = state.layouts
    keep = messages.append
    offset = start
    while offset < end:
        header = data[offset]
        if header & _DEFINITION and not header & _COMPRESSED:
            offset = _define(data, offset, end, header, state, wanted)
            continue
        compressed = header & _COMPRESSED
        layout = layouts.get((header >> 5) & 0x3 if compressed else header & 0xF)
        if layout is None:
            raise FitError("corrupt", f"data message at byte {offset} has no definition")
        following = offset + layout.size + 1
        if not compressed and following < end and data[following] == header:
            offset = _read_run(data, offset, end, layout, state, messages, columnar)
            continue
        raw: Raw = layout.unpack(data, offset + 1)
        offset += 1 + layout.size
        stamp: int | None = None
        if layout.timestamp_index is not None:
            stamp = raw[layout.timestamp_index]  # type: ignore[assignment]
            if stamp == 0xFFFFFFFF:
                stamp = None
            else:
                state.last_timestamp = stamp  # type: ignore[assignment]
        if compressed:
            stamp = state.last_timestamp = _add_time_offset(state.last_timestamp, header & 0x1F)
        if columnar is not None and layout.message == columnar.message:
            columnar.add_row(layout, raw, stamp)
        elif layout.wanted:
            keep((layout, raw, stamp))
            if layout.message == FIELD_DESCRIPTION:
                _describe_developer_field(layout.values(raw), state)
    if offset > end:
        raise FitError("corrupt", f"the last message runs past the data (byte {end})")


RUN_LIMIT = 1024  # messages looked at at once: a bound on the bytes copied to find a run


def _read_run(
    data: bytes,
    offset: int,
    end: int,
    layout: Layout,
    state: _State,
    messages: list[tuple[Layout, Raw, int | None]],
    columnar: Columnar | None,
) -> int:
    """Data messages of one layout back to back (a long run's records, mostly), unpacked
    at C speed: the message at ``offset`` and the next start with the same header byte,
    and each header is followed by the same layout, so the run goes on while the header
    bytes, a stride apart, stay the same. Returns where the run ends."""
    stride = layout.size + 1
    headers = data[offset : min(end, offset + stride * RUN_LIMIT) : stride]
    count = len(headers) - len(headers.lstrip(headers[:1]))
    if offset + count * stride > end:
        count -= 1  # the last one would run past the data: read it alone, and fail
        if count < 1:
            raise FitError("corrupt", f"message at byte {offset} runs past the data")
    if columnar is not None and layout.message == columnar.message:
        columns = layout.run_columns(data, offset, count)
        index = layout.timestamp_index
        columnar.add_run(
            layout,
            columns,
            _run_stamps(columns[index] if index is not None else None, count, state),
        )
        return offset + count * stride
    raws = list(layout.unpack_run(memoryview(data)[offset : offset + count * stride]))
    index = layout.timestamp_index
    stamps = _run_stamps(
        None if index is None else list(map(itemgetter(index), raws)), count, state
    )
    if layout.wanted:
        if layout.message == FIELD_DESCRIPTION:
            for raw in raws:
                _describe_developer_field(layout.values(raw), state)
        messages.extend(zip(repeat(layout, count), raws, stamps, strict=True))
    return offset + count * stride


def _run_stamps(raw: Sequence[Any] | None, count: int, state: _State) -> list[int | None]:
    """A run's timestamps (None where absent or invalid); the last one sets the clock
    that compressed timestamps count from."""
    if raw is None:
        return [None] * count
    stamps: list[int | None] = list(raw)
    if _NO_TIME in stamps:
        stamps = [None if stamp == _NO_TIME else stamp for stamp in stamps]
    for stamp in reversed(stamps):
        if stamp is not None:
            state.last_timestamp = stamp
            break
    return stamps


def _add_time_offset(last: int, offset: int) -> int:
    """The compressed timestamp: the low 5 bits of the time, rolled over past ``last``."""
    stamp = (last & ~0x1F) + offset
    return stamp + 0x20 if offset < (last & 0x1F) else stamp


# Field descriptions are read for every file: they name the developer fields.
_DESCRIPTION_FIELDS = {0: ("developer_data_index", 1.0), 1: ("field_definition_number", 1.0),
                       2: ("fit_base_type_id", 1.0), 3: ("field_name", 1.0)}  # fmt: skip


def _describe_developer_field(values: dict[str, object], state: _State) -> None:
    index, number = values.get("developer_data_index"), values.get("field_definition_number")
    name, base = values.get("field_name"), values.get("fit_base_type_id")
    if isinstance(index, int) and isinstance(number, int) and isinstance(name, str):
        base_type = base if isinstance(base, int) else 0x0D
        state.developer_names[(index, number)] = (name.strip().lower(), base_type)


def _define(data: bytes, offset: int, end: int, header: int, state: _State, wanted: Wanted) -> int:
    """Compile the definition at ``offset``; returns where the next message starts."""
    if offset + 6 > end:
        raise FitError("corrupt", f"definition at byte {offset} runs past the data")
    big_endian = data[offset + 2] == 1
    endian = ">" if big_endian else "<"
    (message,) = struct.unpack_from(endian + "H", data, offset + 3)
    count = data[offset + 5]
    fields_at = offset + 6
    after = fields_at + 3 * count
    developer: list[tuple[int, int, int]] = []
    if header & _DEVELOPER:
        if after + 1 > end:
            raise FitError("corrupt", f"definition at byte {offset} runs past the data")
        developer_count = data[after]
        developer_at = after + 1
        after = developer_at + 3 * developer_count
        if after > end:
            raise FitError("corrupt", f"definition at byte {offset} runs past the data")
        developer = [(data[p], data[p + 1], data[p + 2]) for p in range(developer_at, after, 3)]
    if after > end:
        raise FitError("corrupt", f"definition at byte {offset} runs past the data")
    standard = [
        (data[p], data[p + 1], data[p + 2]) for p in range(fields_at, fields_at + 3 * count, 3)
    ]
    state.layouts[header & 0xF] = _compile(message, endian, standard, developer, state, wanted)
    return after


def _compile(
    message: int,
    endian: str,
    standard: list[tuple[int, int, int]],
    developer: list[tuple[int, int, int]],
    state: _State,
    wanted: Wanted,
) -> Layout:
    asked = _DESCRIPTION_FIELDS if message == FIELD_DESCRIPTION else wanted.fields.get(message, {})
    codes: list[str] = []
    names: list[str] = []
    invalid: list[int | None] = []
    scale: list[float] = []
    timestamp_index = None
    offsets: list[int] = []  # where each named field sits in the body
    at = 0  # the byte offset of the field at hand (no padding: FIT packs its fields)

    def take(code: tuple[str, int | None], name: str, factor: float) -> None:
        codes.append(code[0])
        names.append(name)
        invalid.append(code[1])
        scale.append(factor)
        offsets.append(at)

    for number, size, base_type in standard:
        spec = asked.get(number)
        code = _code(base_type, size)
        if number == TIMESTAMP and base_type == 0x86 and size == 4:
            timestamp_index = len(names)  # read for the compressed timestamps' clock
            take(("I", 0xFFFFFFFF), "timestamp", 1.0)
        elif spec is not None and code is not None:
            take(code, spec[0], spec[1])
        else:
            codes.append(f"{size}x")
        at += size
    developer_wanted = message in wanted.developer_messages
    for number, size, index in developer:
        described = state.developer_names.get((index, number))
        code = _code(described[1], size) if described else None
        if developer_wanted and described and described[0] in wanted.developer and code:
            take(code, DEVELOPER_PREFIX + described[0], 1.0)
        else:
            codes.append(f"{size}x")
        at += size
    layout = struct.Struct(endian + "".join(codes))
    return Layout(
        message,
        message in wanted.fields or message == FIELD_DESCRIPTION,
        layout.size,
        layout.unpack_from,
        tuple(names),
        tuple(invalid),
        tuple(scale),
        timestamp_index,
        struct.Struct(endian + "x" + "".join(codes)).iter_unpack,  # header byte first
        tuple(offsets),
        tuple(code for code in codes if not code.endswith("x")),
        (endian == ">") != (sys.byteorder == "big"),
    )


def _code(base_type: int, size: int) -> tuple[str, int | None] | None:
    """The struct code and invalid value of one field asked for; None when it is an
    array or of an unknown type (left out: fitdecode reads those as raw bytes)."""
    if base_type == _STRING:
        return (f"{size}s", _TEXT) if size else None
    if base_type == _BYTES:
        return (f"{size}s", _RAW) if size else None
    known = _BASE_TYPES.get(base_type)
    if known is None or known[1] != size:
        return None
    return known[0], known[2]


def crc16(data: bytes, start: int, end: int) -> int:
    """FIT's CRC (CRC-16/ARC) of ``data[start:end]``.

    A byte-wise loop costs CPython about 0.1 µs a byte, 40 ms for a 3-hour run. So the
    bytes are cut into blocks of ``_LANE_BLOCK`` and every block's CRC is computed at
    once, one byte position at a time, each block a lane of a wide integer: the table
    look-up is ``bytes.translate`` and the XOR is big-integer XOR, both in C. The CRC
    has no initial value or final XOR, so it is linear and the blocks' CRCs combine.
    """
    blocks = (end - start) // _LANE_BLOCK if end - start >= _LANES_FROM else 0
    crc = _lane_crc(data, start, blocks) if blocks else 0
    table = _BYTE_TABLE
    for byte in memoryview(data)[start + blocks * _LANE_BLOCK : end]:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def _lane_crc(data: bytes, start: int, blocks: int) -> int:
    low = high = 0  # each lane's register: its low bytes in one integer, high in another
    for position in range(start, start + _LANE_BLOCK):
        column = data[position : start + blocks * _LANE_BLOCK : _LANE_BLOCK]
        index = (low ^ int.from_bytes(column, "little")).to_bytes(blocks, "little")
        low = high ^ int.from_bytes(index.translate(_LOW_BYTES), "little")
        high = int.from_bytes(index.translate(_HIGH_BYTES), "little")
    lows, highs = low.to_bytes(blocks, "little"), high.to_bytes(blocks, "little")
    crc = 0
    for lane_low, lane_high in zip(lows, highs, strict=True):
        # the CRC so far, carried over a whole block, then this block's own
        crc = _CARRY_LOW[crc & 0xFF] ^ _CARRY_HIGH[crc >> 8] ^ lane_low ^ (lane_high << 8)
    return crc


def _byte_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return table


def _carried(crc: int, zeros: int) -> int:
    """The register after ``zeros`` zero bytes: how a CRC moves across a block."""
    for _ in range(zeros):
        crc = (crc >> 8) ^ _BYTE_TABLE[crc & 0xFF]
    return crc


def _carry_table(shift: int) -> list[int]:
    """``_carried`` of every value of one register byte, from its 8 bits: linear."""
    bits = [_carried(1 << (shift + bit), _LANE_BLOCK) for bit in range(8)]
    table = [0] * 256
    for byte in range(1, 256):
        lowest = byte & -byte
        table[byte] = table[byte ^ lowest] ^ bits[lowest.bit_length() - 1]
    return table


_BYTE_TABLE = _byte_table()
_LOW_BYTES = bytes(entry & 0xFF for entry in _BYTE_TABLE)
_HIGH_BYTES = bytes(entry >> 8 for entry in _BYTE_TABLE)
_LANE_BLOCK = 256  # bytes a lane: a 400 kB file is ~1,600 lanes, 256 wide steps
_LANES_FROM = 8 * _LANE_BLOCK  # below this, the byte loop is as quick
_CARRY_LOW = _carry_table(0)  # what a register's low byte becomes over one block
_CARRY_HIGH = _carry_table(8)
