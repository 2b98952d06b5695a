"""The CSV tables: flat, the same columns and values in every language, numbers and dates a
spreadsheet reads as such, and no cell it would run as a formula."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hipcoach.cli import app
from hipcoach.reports.spreadsheet import SESSION_COLUMNS, SET_COLUMNS, neutralise
from tests.histories import make_session
from tests.test_export_import import DAY, export, history, seed

runner = CliRunner()


def table(text: str) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_sets_one_row_each_with_a_column_per_unit() -> None:
    seed(*history())
    text = export("--format", "csv")
    assert text.splitlines()[0] == ",".join(SET_COLUMNS)
    rows = table(text)
    assert len(rows) == 8 + 3 + 1 + 8  # the aborted session keeps one row
    first = rows[0]
    assert (first["date"], first["start"], first["end"], first["duration_s"]) == (
        "2026-11-10",
        "2026-11-10 07:00:05",
        "2026-11-10 07:00:25",
        "20",
    )
    assert (first["exercise"], first["exercise_name"], first["phase"], first["side"]) == (
        "glute-stretch",
        "Glute stretch",
        "flexibility",
        "left",
    )
    assert (first["planned_seconds"], first["done_seconds"], first["planned_reps"]) == (
        "20",
        "20",
        "",
    )
    hinge = next(r for r in rows if r["exercise"] == "hip-hinge")
    assert (hinge["planned_reps"], hinge["done_reps"], hinge["planned_seconds"]) == ("10", "10", "")
    skipped = rows[9]
    assert skipped["skipped"] == "1" and skipped["done_seconds"] == ""
    assert "effort" not in first and "note" not in first  # session fields: the other table


def test_sessions_one_row_each_so_a_pivot_is_not_weighted_by_sets() -> None:
    seed(*history())
    text = export("--format", "csv-sessions")
    assert text.splitlines()[0] == ",".join(SESSION_COLUMNS)
    rows = table(text)
    assert [r["status"] for r in rows] == ["completed", "partial", "aborted", "completed"]
    partial = rows[1]
    assert (partial["sets_done"], partial["sets_skipped"], partial["pain"]) == ("2", "1", "5")
    assert partial["pain_where"] == "left knee" and partial["note"].startswith("'=cmd")
    assert rows[0]["duration_s"] == "285" and rows[0]["end"] == "2026-11-10 07:04:45"
    assert rows[3]["note"] == "'-2 reps: +felt @home"


def test_columns_and_values_are_the_same_in_every_language() -> None:
    seed(*history())
    for kind in ("csv", "csv-sessions"):
        en, ja = table(export("--format", kind)), table(export("--format", kind, "--lang", "ja"))
        assert [list(r) for r in en] == [list(r) for r in ja]
        localised = {"exercise_name", "program_name"}
        for a, b in zip(en, ja, strict=True):
            assert {k: v for k, v in a.items() if k not in localised} == {
                k: v for k, v in b.items() if k not in localised
            }
    assert "お尻のストレッチ" in export("--format", "csv", "--lang", "ja")


@pytest.mark.parametrize(
    "text", ["=1+1", " =1+1", "\t=1+1", "  +1", "\n-1", " @SUM(A1)", "\r=1", "\u3000=1"]
)
def test_formulas_are_neutralised_after_leading_whitespace_too(text: str) -> None:
    assert str(neutralise(text)) == "'" + text
    assert neutralise("fine = good") == "fine = good" and neutralise(3) == 3


def test_for_excel_a_byte_order_mark_and_nothing_else() -> None:
    seed(*history())
    assert export("--format", "csv", "--excel") == "\ufeff" + export("--format", "csv")


OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def read_back(source: Path, work: Path) -> list[list[tuple[str, str]]]:
    """The cells LibreOffice makes of a CSV read as UTF-8, with "trim spaces" and "evaluate
    formulas" on (the riskiest import): (type, value) per cell, "formula" for a formula."""
    soffice = shutil.which("soffice")
    assert soffice is not None
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={(work / 'lo').as_uri()}",
            # comma, quote, UTF-8, from line 1, standard, en-US, quoted not as text,
            # detect special numbers, -, -, trim spaces, -, evaluate formulas
            "--infilter=CSV:44,34,76,1,,1033,false,true,false,false,true,-1,true",
            "--convert-to",
            "fods",
            "--outdir",
            str(work),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    root = ET.parse(work / (source.stem + ".fods")).getroot()  # noqa: S314 - our own file
    rows = []
    for row in root.iter(f"{{{TABLE}}}table-row"):
        cells = []
        for cell in row.iter(f"{{{TABLE}}}table-cell"):
            repeat = int(cell.get(f"{{{TABLE}}}number-columns-repeated", "1"))
            kind = (
                "formula"
                if cell.get(f"{{{TABLE}}}formula")
                else cell.get(f"{{{OFFICE}}}value-type", "")
            )
            value = (
                cell.get(f"{{{OFFICE}}}value")
                or cell.get(f"{{{OFFICE}}}date-value")
                or "\n".join("".join(p.itertext()) for p in cell.iter(f"{{{TEXT}}}p"))
            )
            cells += [(kind, value)] * min(repeat, 64)
        rows.append(cells)
    return [r for r in rows if any(kind for kind, _ in r)]


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)",
)
def test_libreoffice_reads_numbers_dates_and_no_formulas_in_both_languages(
    tmp_path: Path,
) -> None:
    seed(*history(), make_session(DAY + timedelta(4), note=" =1+1", pain=2))
    for lang in ("en", "ja"):
        for kind, columns in (("csv", SET_COLUMNS), ("csv-sessions", SESSION_COLUMNS)):
            source = tmp_path / f"{kind}-{lang}.csv"
            args = ["export", "--format", kind, "--lang", lang, "-o", str(source)]
            assert runner.invoke(app, args).exit_code == 0
            rows = read_back(source, tmp_path)
            assert [value for _, value in rows[0][: len(columns)]] == list(columns)
            typed = [dict(zip(columns, row, strict=False)) for row in rows[1:]]
            assert all(kind != "formula" for row in rows for kind, _ in row)
            first = typed[0]
            assert first["date"] == ("date", "2026-11-10")
            assert first["start"][0] == "date" and first["start"][1].startswith("2026-11-10T07:00")
            assert first["duration_s"][0] == "float"
            if kind == "csv":
                assert first["planned_seconds"] == ("float", "20")
                assert first["exercise"] == ("string", "glute-stretch")
            else:
                assert typed[0]["pain"] == ("float", "1")
                notes = [row["note"][1] for row in typed if "note" in row and row["note"][1]]
                assert "' =1+1" in notes  # text, never the 2 a formula would give
