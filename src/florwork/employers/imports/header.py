"""Finding the header among the first records and giving every column a usable, unique name."""

from __future__ import annotations

from collections.abc import Sequence

LOOKAHEAD = 20  # title lines above a header are a handful at most


def header_position(records: Sequence[Sequence[str]]) -> int:
    """Index of the header among the first non-empty records: the first one filled at least half as much as the
    fullest of them (a title line such as 'Elenco aziende 2025' above the header is skipped, and kept)."""
    filled = [sum(1 for cell in record if cell.strip()) for record in records[:LOOKAHEAD]]
    if not filled:
        return 0
    wanted = max(1 if max(filled) == 1 else 2, (max(filled) + 1) // 2)
    return next(index for index, count in enumerate(filled) if count >= wanted)


def column_names(cells: Sequence[str]) -> list[str]:
    """Stripped names; an empty one becomes ``column N``, a repeated one ``Name (2)``: a file with two 'Telefono'
    columns is still importable, and the mapping can still tell them apart."""
    names: list[str] = []
    seen: set[str] = set()
    for position, cell in enumerate(cells, start=1):
        base = " ".join(cell.split()) or f"column {position}"
        name, copy = base, 1
        while name.casefold() in seen:
            copy += 1
            name = f"{base} ({copy})"
        seen.add(name.casefold())
        names.append(name)
    return names
