"""ATECO divisions and sections, and which occupations (ISCO-08 groups) each division employs: data read from
``data/sector_occupations.json`` (pure, no Django).

Divisions (the first two digits) keep their numbers across ATECO 2007, 2022 and 2025 (NACE Rev. 2 / 2.1);
the section letters moved in 2025 (NACE Rev. 2.1 added sections), so the letter depends on the edition.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_PATH = Path(__file__).parent / "data" / "sector_occupations.json"
EDITION_2025 = "2025"


@dataclass(frozen=True)
class SectorMap:
    sections: dict[str, dict[str, tuple[int, int]]]  # edition family -> section -> (first, last division)
    by_section: dict[str, tuple[str, ...]]  # 2007 section -> ISCO prefixes
    by_division: dict[str, tuple[str, ...]]  # division -> ISCO prefixes

    def section_of(self, division: str, edition: str = "2007") -> str:
        if not division.isdigit():
            return ""
        number = int(division)
        family = EDITION_2025 if edition == EDITION_2025 else "2007"
        for letter, (first, last) in self.sections[family].items():
            if first <= number <= last:
                return letter
        return ""

    def divisions_of(self, section: str, edition: str) -> list[str]:
        family = EDITION_2025 if edition == EDITION_2025 else "2007"
        first, last = self.sections[family].get(section, (1, 0))
        return [f"{n:02d}" for n in range(first, last + 1)]

    def groups_of(self, division: str) -> tuple[str, ...]:
        """The ISCO prefixes a division employs: its own list, else its (2007) section's."""
        if division in self.by_division:
            return self.by_division[division]
        return self.by_section.get(self.section_of(division), ())

    def all_divisions(self) -> dict[str, tuple[str, ...]]:
        return {f"{n:02d}": self.groups_of(f"{n:02d}") for n in range(1, 100) if self.groups_of(f"{n:02d}")}

    def section_letters(self) -> list[str]:
        return sorted(set(self.sections["2007"]) | set(self.sections[EDITION_2025]))


def division_of(ateco_code: str) -> str:
    digits = ateco_code.strip()[:2]
    return digits if len(digits) == 2 and digits.isdigit() else ""


def parse(data: dict) -> SectorMap:
    sections = {family: {letter: (int(r[0]), int(r[1])) for letter, r in table.items()}
                for family, table in data["sections"].items()}
    return SectorMap(sections=sections,
                     by_section={k: tuple(v) for k, v in data["by_section_2007"].items()},
                     by_division={k: tuple(v) for k, v in data["by_division"].items()})


@lru_cache(maxsize=1)
def sector_map() -> SectorMap:
    return parse(json.loads(DATA_PATH.read_text(encoding="utf-8")))
