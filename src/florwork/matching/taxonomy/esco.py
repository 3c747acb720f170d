"""Reader of the official ESCO CSV download (any language), as zips, extracted folders or CSV files.

File names say what a file holds and in which language (``occupations_it.csv``); relation files
carry no language (``occupationSkillRelations.csv``; a ``_en`` suffix is accepted too). Several
languages merge by URI. A file that cannot be read (not UTF-8 CSV, a required column missing, a
concept file without a language) raises ``EscoError``: the import stops with a one-line reason.
A row that cannot be used (malformed URI, unknown relation type) is reported with its file and line
and skipped; relations to URIs known nowhere are reported the same way by ``drop_unknown``.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from florwork.matching.taxonomy.data import (
    OCCUPATION_URI_PREFIX,
    SKILL_URI_PREFIX,
    Concept,
    Link,
    TaxonomyData,
    well_formed,
)

csv.field_size_limit(10_000_000)

_NAME = re.compile(r"^(?P<kind>[A-Za-z]+?)(?:_(?P<language>[a-z]{2,3}(?:-[A-Za-z]+)?))?\.csv$")
KINDS = {  # file kind -> required columns
    "occupations": ("conceptUri", "preferredLabel"),
    "skills": ("conceptUri", "preferredLabel"),
    "occupationSkillRelations": ("occupationUri", "relationType", "skillUri"),
    "skillSkillRelations": ("originalSkillUri", "relationType", "relatedSkillUri"),
    "broaderRelationsOccPillar": ("conceptType", "conceptUri", "broaderType", "broaderUri"),
    "broaderRelationsSkillPillar": ("conceptType", "conceptUri", "broaderType", "broaderUri"),
}
CONCEPT_KINDS = ("occupations", "skills")  # read first, so that relations can be checked
SKILL_TYPES = {"skill/competence": "skill", "knowledge": "knowledge"}
REUSE_LEVELS = {"transversal", "cross-sector", "sector-specific", "occupation-specific"}
RELATIONS = {"essential", "optional"}


class EscoError(Exception):
    """A file that cannot be imported; the message is one line naming the file and the reason."""


Opener = Callable[[], IO[bytes]]


def _members(source: Path) -> Iterator[tuple[str, Opener]]:
    """(file name, opener) of every CSV file in a zip, a folder (recursively) or a single CSV."""
    if not source.exists():
        raise EscoError(f"{source}: no such file or folder")
    if source.is_dir():
        for path in sorted(source.rglob("*.csv")):
            yield path.name, _file_opener(path)
    elif zipfile.is_zipfile(source):
        archive = zipfile.ZipFile(source)
        for info in archive.infolist():
            if info.filename.lower().endswith(".csv") and not info.is_dir():
                yield Path(info.filename).name, _zip_opener(archive, info.filename)
    elif source.suffix.lower() == ".csv":
        yield source.name, _file_opener(source)
    else:
        raise EscoError(f"{source}: not a zip, a folder or a CSV file")


def _file_opener(path: Path) -> Opener:
    return lambda: path.open("rb")


def _zip_opener(archive: zipfile.ZipFile, name: str) -> Opener:
    return lambda: archive.open(name)


def classify(name: str) -> tuple[str, str] | None:
    """(kind, language) of an ESCO file name, or None for a file we do not read."""
    match = _NAME.match(name)
    if not match or match["kind"] not in KINDS:
        return None
    return match["kind"], (match["language"] or "")


def _rows(name: str, opener: Opener) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) of a CSV file with its required columns checked; line is where the row starts."""
    kind_info = classify(name)
    assert kind_info is not None
    required = KINDS[kind_info[0]]
    with opener() as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.reader(text)
        try:
            header = next(reader, None)
            if header is None:
                raise EscoError(f"{name}: empty file")
            missing = [column for column in required if column not in header]
            if missing:
                raise EscoError(f"{name}: missing column {', '.join(missing)} (is it an ESCO CSV file?)")
            start = reader.line_num + 1
            for values in reader:
                if values:
                    yield start, dict(zip(header, values, strict=False))
                start = reader.line_num + 1
        except UnicodeDecodeError as problem:
            raise EscoError(f"{name}: not UTF-8 text ({problem.reason} at byte {problem.start})") from problem
        except csv.Error as problem:
            raise EscoError(f"{name}:{reader.line_num}: not valid CSV ({problem})") from problem


def _lines(value: str) -> list[str]:
    """ESCO's multi-valued cells: one label per line, duplicates dropped, order kept."""
    return list(dict.fromkeys(part.strip() for part in value.splitlines() if part.strip()))


def _concept(kind: str, language: str, row: dict[str, str]) -> Concept:
    preferred = row.get("preferredLabel", "").strip()
    alternative = [label for label in _lines(row.get("altLabels", "")) if label != preferred]
    concept = Concept(
        uri=row["conceptUri"].strip(),
        preferred={language: preferred} if preferred else {},
        alternative={language: alternative} if alternative else {},
        hidden={language: h} if (h := _lines(row.get("hiddenLabels", ""))) else {},
        description={language: d} if (d := row.get("description", "").strip()) else {},
    )
    if kind == "occupations":
        concept.code = row.get("code", "").strip()
        concept.isco_group = row.get("iscoGroup", "").strip()
    else:
        concept.skill_type = SKILL_TYPES.get(row.get("skillType", "").strip(), "")
        level = row.get("reuseLevel", "").strip()
        concept.reuse_level = level if level in REUSE_LEVELS else ""
    return concept


def _read_concepts(data: TaxonomyData, name: str, kind: str, language: str, opener: Opener) -> None:
    if not language:
        raise EscoError(f"{name}: cannot tell the language from the file name (expected {kind}_<language>.csv)")
    prefix = OCCUPATION_URI_PREFIX if kind == "occupations" else SKILL_URI_PREFIX
    data.languages.add(language)
    count = 0
    for line, row in _rows(name, opener):
        count += 1
        uri = row["conceptUri"].strip()
        if not well_formed(uri, prefix):
            data.problem(f"{name}:{line}: malformed {kind[:-1]} URI {uri!r}")
            continue
        concept = _concept(kind, language, row)
        (data.add_occupation if kind == "occupations" else data.add_skill)(concept)
    data.rows_by_file[name] = count


def _relation_link(data: TaxonomyData, name: str, line: int, row: dict[str, str],
                   columns: tuple[str, str]) -> Link | None:
    relation = row["relationType"].strip()
    if relation not in RELATIONS:
        data.problem(f"{name}:{line}: unknown relation type {relation!r}")
        return None
    return Link(row[columns[0]].strip(), row[columns[1]].strip(), relation, f"{name}:{line}")


def _read_relations(data: TaxonomyData, name: str, kind: str, opener: Opener) -> None:
    count = 0
    for line, row in _rows(name, opener):
        count += 1
        if kind == "occupationSkillRelations":
            link = _relation_link(data, name, line, row, ("occupationUri", "skillUri"))
            if link:
                data.occupation_skills.append(link)
        elif kind == "skillSkillRelations":
            link = _relation_link(data, name, line, row, ("originalSkillUri", "relatedSkillUri"))
            if link:
                data.skill_skills.append(link)
        else:
            _read_broader(data, name, kind, line, row)
    data.rows_by_file[name] = count


def _read_broader(data: TaxonomyData, name: str, kind: str, line: int, row: dict[str, str]) -> None:
    """Broader relations between occupations or between skills; the ISCO and skill-group
    hierarchy (groups are not stored) is skipped on purpose, not reported."""
    concept_type, broader_type = row["conceptType"].strip(), row["broaderType"].strip()
    wanted = "Occupation" if kind == "broaderRelationsOccPillar" else "KnowledgeSkillCompetence"
    if concept_type != wanted or broader_type != wanted:
        return
    link = Link(row["conceptUri"].strip(), row["broaderUri"].strip(), "", f"{name}:{line}")
    (data.occupation_broader if wanted == "Occupation" else data.skill_broader).append(link)


def read(sources: Iterable[str | Path]) -> TaxonomyData:
    """Everything the sources hold, merged by URI; raises EscoError on a file that cannot be read."""
    data = TaxonomyData()
    members: list[tuple[str, str, str, Opener]] = []
    for source in sources:
        for name, opener in _members(Path(source)):
            found = classify(name)
            if found is None:
                data.ignored_files.append(name)
            else:
                members.append((name, found[0], found[1], opener))
    if not members:
        raise EscoError("no ESCO occupations, skills or relations file found in the given paths")
    members.sort(key=lambda m: (m[1] not in CONCEPT_KINDS, m[0]))
    for name, kind, language, opener in members:
        data.files.append(name)
        if kind in CONCEPT_KINDS:
            _read_concepts(data, name, kind, language, opener)
        else:
            _read_relations(data, name, kind, opener)
    return data


def drop_unknown(data: TaxonomyData, known_occupations: set[str], known_skills: set[str]) -> None:
    """Remove (and report with file and line) the relations to URIs neither read nor already stored."""
    occupations = known_occupations | data.occupations.keys()
    skills = known_skills | data.skills.keys()

    def keep(links: list[Link], left: set[str], right: set[str]) -> list[Link]:
        kept = []
        for link in links:
            unknown = [uri for uri, known in ((link.source, left), (link.target, right)) if uri not in known]
            if unknown:
                data.problem(f"{link.where}: unknown ESCO URI {unknown[0]}")
            else:
                kept.append(link)
        return kept

    data.occupation_skills = keep(data.occupation_skills, occupations, skills)
    data.skill_skills = keep(data.skill_skills, skills, skills)
    data.occupation_broader = keep(data.occupation_broader, occupations, occupations)
    data.skill_broader = keep(data.skill_broader, skills, skills)
