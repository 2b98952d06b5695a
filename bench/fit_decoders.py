"""Which FIT decoder should hipcoach use? Correctness and speed on real files.

    uv run --with fitfast --with fitparse python bench/fit_decoders.py DIR [--repeat 3]

(hipcoach's own reader, fitdecode and garmin-fit-sdk come with the dev environment.)

DIR holds real FIT files (for example the `tests/files` folders of the MIT-licensed
fitdecode and python-fitparse repositories). Each decoder reads every file, the runs
interleaved so a busy machine slows all alike. Correctness: a decoder must read the
file without an error and agree with the others on what hipcoach uses from the
`record` messages: how many there are, the last timestamp, the sum of heart rates
and of cadences, and the last distance. The file is judged by the majority of the
decoders that read it. Decoders that are not installed are left out and said so.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

Summary = tuple[int, float | None, int, int, float | None]
Records = list[dict[str, Any]]


def _epoch(value: Any) -> float | None:
    if isinstance(value, datetime):
        return value.timestamp() if value.tzinfo else value.replace(tzinfo=UTC).timestamp()
    return float(value) if value is not None else None


def summarise(records: Records) -> Summary:
    """What hipcoach reads from the records, reduced to numbers that must agree."""
    last = _epoch(records[-1].get("timestamp")) if records else None
    hr = sum(int(r.get("heart_rate") or 0) for r in records)
    cadence = sum(int(r.get("cadence") or 0) for r in records)
    distances = [r["distance"] for r in records if r.get("distance") is not None]
    return len(records), last, hr, cadence, round(distances[-1], 1) if distances else None


def read_fitdecode(path: Path) -> Records:
    import fitdecode

    out: Records = []
    with fitdecode.FitReader(
        str(path), check_crc=fitdecode.CrcCheck.DISABLED, keep_raw_chunks=False
    ) as fit:
        for frame in fit:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                out.append({f.name: f.value for f in frame.fields})
    return out


def read_garmin(path: Path) -> Records:
    from garmin_fit_sdk import Decoder, Stream

    messages, errors = Decoder(Stream.from_file(str(path))).read(
        apply_scale_and_offset=True, convert_datetimes_to_dates=True
    )
    if errors:
        raise ValueError(str(errors[0]))
    return list(messages.get("record_mesgs", []))


def read_fitparse(path: Path) -> Records:
    import fitparse

    fit = fitparse.FitFile(str(path), check_crc=False)
    return [m.get_values() for m in fit.get_messages("record")]


def read_fitfast(path: Path) -> Records:
    import fitfast

    return list(fitfast.parse(str(path), datetimes=True).get("record", []))


def read_hipcoach(path: Path) -> Records:
    """hipcoach's own reader (it always checks the CRC, as fitdecode does when asked)."""
    from hipcoach.runs.fitreader import Wanted, read_messages

    fit_epoch = 631065600  # 1989-12-31 in Unix seconds
    wanted = Wanted(fields={20: {3: ("heart_rate", 1), 4: ("cadence", 1), 5: ("distance", 100)}})
    out: Records = []
    for layout, raw, stamp in read_messages(path.read_bytes(), wanted):
        if layout.message != 20:  # the reader also hands over developer field descriptions
            continue
        values: dict[str, Any] = layout.values(raw)
        values["timestamp"] = None if stamp is None else stamp + fit_epoch
        out.append(values)
    return out


DECODERS: dict[str, tuple[str, Callable[[Path], Records]]] = {
    "hipcoach": ("hipcoach.runs.fitreader", read_hipcoach),
    "fitdecode": ("fitdecode", read_fitdecode),
    "garmin-fit-sdk": ("garmin_fit_sdk", read_garmin),
    "fitparse": ("fitparse", read_fitparse),
    "fitfast": ("fitfast", read_fitfast),
}


def available() -> dict[str, Callable[[Path], Records]]:
    found = {}
    for name, (module, reader) in DECODERS.items():
        try:
            __import__(module)
        except ImportError:
            print(f"{name}: not installed, left out", file=sys.stderr)
            continue
        found[name] = reader
    return found


def measure(files: list[Path], readers: dict[str, Callable[[Path], Records]], repeat: int) -> None:
    seconds: dict[str, list[float]] = {name: [] for name in readers}
    results: dict[str, dict[Path, Summary | str]] = {name: {} for name in readers}
    for _ in range(repeat):
        for name, reader in readers.items():  # interleaved: one pass of each in turn
            start = time.perf_counter()
            for path in files:
                try:
                    results[name][path] = summarise(reader(path))
                except Exception as error:  # a decoder's failure is a result here
                    results[name][path] = f"{type(error).__name__}: {error}"[:90]
            seconds[name].append(time.perf_counter() - start)
    report(files, results, seconds)


def report(
    files: list[Path],
    results: dict[str, dict[Path, Summary | str]],
    seconds: dict[str, list[float]],
) -> None:
    size = sum(p.stat().st_size for p in files) / 1e6
    print(f"{len(files)} files, {size:.1f} MB\n")
    print(
        "| decoder | files read | agrees with majority (or no majority) | median time, all files |"
    )
    print("| --- | ---: | ---: | ---: |")
    disagreements: list[str] = []
    majority = {}
    for path in files:
        votes = Counter(r[path] for r in results.values() if not isinstance(r[path], str))
        top = votes.most_common(2)
        tie = len(top) == 2 and top[0][1] == top[1][1]
        majority[path] = top[0][0] if top and not tie else None  # None: no majority
    for name, per_file in results.items():
        read = [p for p in files if not isinstance(per_file[p], str)]
        agree = [p for p in read if per_file[p] == majority[p] or majority[p] is None]
        median = statistics.median(seconds[name])
        print(f"| {name} | {len(read)}/{len(files)} | {len(agree)}/{len(read)} | {median:.2f} s |")
        for path in files:
            outcome = per_file[path]
            differs = majority[path] is not None and outcome != majority[path]
            if isinstance(outcome, str) or differs:
                disagreements.append(f"- {name}, {path.name}: {outcome}")
    print("\nFailures and disagreements (count, last timestamp, Σ hr, Σ cadence, last distance):")
    print("\n".join(disagreements) or "- none")
    print("\nMajority per file:")
    for path in files:
        print(f"- {path.name}: {majority[path]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = sorted(p for p in args.folder.rglob("*") if p.suffix.lower() == ".fit")
    measure(files, available(), args.repeat)


if __name__ == "__main__":
    main()
