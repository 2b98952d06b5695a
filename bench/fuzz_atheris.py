"""Coverage-guided fuzzing (atheris, libFuzzer) of the program loader and the importer.

Not part of the test suite, and atheris is not a project dependency: run it on demand
from a scratch virtual environment, never from the project's lock::

    uv venv -p 3.11 /tmp/atheris-venv
    uv export --no-dev --no-emit-project --format requirements-txt -q > /tmp/reqs.txt
    VIRTUAL_ENV=/tmp/atheris-venv uv pip install atheris -r /tmp/reqs.txt
    PYTHONPATH=src:. /tmp/atheris-venv/bin/python bench/fuzz_atheris.py yaml \
        -max_total_time=120
    PYTHONPATH=src:. /tmp/atheris-venv/bin/python bench/fuzz_atheris.py import \
        -max_total_time=120

``yaml`` feeds bytes to the program loader (``parse_yaml_bytes`` then the pydantic
validation, then the dataclasses the rest of hipcoach uses); ``import`` writes them to
a file and reads it as an export (``read_export``). Either must return or raise
``HipcoachError``, the one clean refusal; any other exception is a crash, and
libFuzzer saves the input as ``crash-*`` in the working directory. Other libFuzzer
flags (``-runs=N``, ``-max_len=N``, ``-jobs=N``, a corpus folder) pass through.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris  # type: ignore[import-not-found]

with atheris.instrument_imports():
    from hipcoach.errors import HipcoachError
    from hipcoach.log.importer import read_export
    from hipcoach.program.fileformat import validate_document
    from hipcoach.program.model import Program, from_data
    from hipcoach.program.yamlsafe import parse_yaml_bytes

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = Path(tempfile.mkdtemp(prefix="hipcoach-fuzz-"))
EXPORT = SCRATCH / "export.json"


def program_file(data: bytes) -> None:
    try:
        validated = validate_document(parse_yaml_bytes(data, "fuzz.yaml"))
    except HipcoachError as exc:
        assert exc.lines()
        return
    assert isinstance(from_data(Program, validated), Program)


def import_file(data: bytes) -> None:
    EXPORT.write_bytes(data)
    try:
        sessions = read_export(EXPORT)
    except HipcoachError as exc:
        assert exc.lines()
        return
    for session in sessions:
        session.to_dict()


def seeds(target: str) -> Path:
    """A small corpus: the built-in program, or a real export in both layouts."""
    folder = SCRATCH / f"seeds-{target}"
    folder.mkdir()
    if target == "yaml":
        for path in (ROOT / "programs").glob("*.yaml"):
            (folder / path.name).write_bytes(path.read_bytes())
        (folder / "small.yaml").write_bytes(b"format: 1\nid: x\nsteps: [{id: a}]\n")
        return folder
    import io
    from datetime import UTC, date, datetime

    from tests.histories import make_session

    from hipcoach.log.interchange import write_json, write_jsonl

    sessions = [make_session(date(2026, 11, 10), note="n", pain=1, effort=5)]
    for name, writer in (("log.json", write_json), ("log.jsonl", write_jsonl)):
        out = io.StringIO()
        writer(sessions, out, datetime(2026, 11, 10, 9, 0, tzinfo=UTC))
        (folder / name).write_text(out.getvalue(), encoding="utf-8")
    return folder


def main() -> None:
    targets = {"yaml": program_file, "import": import_file}
    if len(sys.argv) < 2 or sys.argv[1] not in targets:
        sys.exit(f"usage: {sys.argv[0]} yaml|import [libFuzzer flags] [corpus folder]")
    target = sys.argv[1]
    flags = sys.argv[2:]
    corpus = [] if any(not flag.startswith("-") for flag in flags) else [str(seeds(target))]
    atheris.Setup([sys.argv[0], *flags, *corpus], targets[target])
    atheris.Fuzz()


if __name__ == "__main__":
    main()
