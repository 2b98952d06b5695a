"""A plain aligned table, for listings that must start fast (Rich costs ~20 ms to import)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to the widest cell (East Asian wide characters count two)."""
    widths = [cell_len(h) for h in headers]
    for row in rows:
        widths = [max(w, cell_len(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        padded = [cell + " " * (w - cell_len(cell)) for cell, w in zip(cells, widths, strict=True)]
        return "  ".join(padded).rstrip()

    rule = "  ".join("─" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def stacked(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """The same rows for a narrow terminal: the first two cells as a title line, the
    others under it as ``header: value`` pairs."""
    blocks = []
    for row in rows:
        details = " · ".join(f"{h}: {cell}" for h, cell in zip(headers[2:], row[2:], strict=True))
        blocks.append(f"{row[0]}  {row[1]}\n  {details}")
    return "\n".join(blocks)
