"""Writes of the taxonomy: import a TaxonomyData (ESCO download or the bundled file) in one transaction.

Idempotent: concepts are matched by URI and updated in place, labels of a (source, language) are
replaced only for the concepts the import carries, relations are added or their type updated, never
dropped (an import of one language's labels must not erase relations). Bulk statements throughout:
the full English ESCO (3,007 occupations, 13,896 skills, ~124k relations, ~133k labels) is a few
dozen statements per thousand rows, not one per row.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connections, router, transaction
from django.utils import timezone

from florwork.accounts.policy import Actor
from florwork.audit.models import Operation, Purpose
from florwork.matching.taxonomy.data import Concept, Link, TaxonomyData
from florwork.matching.taxonomy.esco import drop_unknown
from florwork.matching.taxonomy.normalize import normalized

BATCH = 2000
Progress = Callable[[str, int, int], None]  # (step, done, total)


@dataclass(frozen=True)
class ModelSet:
    """The taxonomy's models: the current ones, or a migration's historical ones."""

    Occupation: Any
    Skill: Any
    OccupationSkill: Any
    SkillSkill: Any
    Label: Any
    TaxonomyRelease: Any

    @classmethod
    def current(cls) -> ModelSet:
        from florwork.matching import models

        return cls(models.Occupation, models.Skill, models.OccupationSkill, models.SkillSkill, models.Label,
                   models.TaxonomyRelease)


class NothingToImport(ValueError):
    """Every row was refused (e.g. relations whose concepts are known nowhere): nothing is written."""


def _no_progress(step: str, done: int, total: int) -> None:
    return None


def _chunks(items: list, size: int = BATCH) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start: start + size]


def _executemany(model: Any, sql: str, rows: list[tuple], progress: Progress, step: str) -> None:
    """Plain INSERT/UPDATE statements for the big tables: the ORM's per-row model instances and SQL
    compilation cost more than the database work (measured: ~5x on the full ESCO)."""
    connection = connections[router.db_for_write(model)]
    with connection.cursor() as cursor:
        for done, chunk in enumerate(_chunks(rows, 5000), 1):
            cursor.executemany(sql, chunk)
            progress(step, min(done * 5000, len(rows)), len(rows))


def _insert(model: Any, columns: list[str], rows: list[tuple], progress: Progress, step: str) -> None:
    """Multi-row INSERT statements (one round trip per few hundred rows, on SQLite and PostgreSQL)."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    per_statement = max(1, min(1000, connection.ops.bulk_batch_size(columns, rows) if rows else 1))
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    one = f"({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start: start + per_statement]
            cursor.execute(head + ", ".join([one] * len(chunk)), [value for row in chunk for value in row])
            progress(step, start + len(chunk), len(rows))


def _update(model: Any, column: str, rows: list[tuple], progress: Progress, step: str) -> None:
    """rows: (value, pk)"""
    quote = connections[router.db_for_write(model)].ops.quote_name
    sql = f"UPDATE {quote(model._meta.db_table)} SET {quote(column)} = %s WHERE {quote('id')} = %s"
    _executemany(model, sql, rows, progress, step)


class _Writer:
    def __init__(self, models: ModelSet, source: str, progress: Progress):
        self.m, self.source, self.progress = models, source, progress
        self.created: dict[str, int] = {}
        self.updated: dict[str, int] = {}

    # --- concepts ------------------------------------------------------------------------------------
    def concepts(self, model: Any, concepts: dict[str, Concept], kind: str) -> dict[str, int]:
        """Create or update the concepts; the pk of every stored concept by URI."""
        fields = (["code", "isco_group"] if kind == "occupations" else ["skill_type", "reuse_level"])
        stored = {row.uri: row for row in model.objects.filter(uri__in=list(concepts)).only(
            "pk", "uri", "preferred", "description", "our_languages", *fields)} if len(concepts) < 5000 else \
            {row.uri: row for row in model.objects.only("pk", "uri", "preferred", "description", "our_languages",
                                                          *fields)}
        new, changed = [], []
        for uri, concept in concepts.items():
            row = stored.get(uri)
            if row is None:
                new.append(model(uri=uri, preferred=concept.preferred, description=concept.description,
                                 our_languages=concept.our_languages,
                                 **{f: getattr(concept, f) for f in fields}))
            elif self._merge(row, concept, fields):
                changed.append(row)
        for done, chunk in enumerate(_chunks(new), 1):
            model.objects.bulk_create(chunk)
            self.progress(kind, done * BATCH, len(new) + len(changed))
        for chunk in _chunks(changed):
            model.objects.bulk_update(chunk, ["preferred", "description", "our_languages", *fields])
        self.created[kind], self.updated[kind] = len(new), len(changed)
        return dict(model.objects.values_list("uri", "pk"))

    def _merge(self, row: Any, concept: Concept, fields: list[str]) -> bool:
        before = (dict(row.preferred), dict(row.description), list(row.our_languages),
                  [getattr(row, f) for f in fields])
        row.preferred = {**row.preferred, **concept.preferred}
        row.description = {**row.description, **concept.description}
        languages = set(concept.preferred)
        ours = (set(row.our_languages) - languages) | set(concept.our_languages)
        row.our_languages = sorted(ours)
        for name in fields:
            if getattr(concept, name):
                setattr(row, name, getattr(concept, name))
        after = (row.preferred, row.description, row.our_languages, [getattr(row, f) for f in fields])
        return before != after

    # --- labels ----------------------------------------------------------------------------------------
    def labels(self, concepts: dict[str, Concept], pks: dict[str, int], column: str, languages: set[str]) -> int:
        """Replace this source's labels, in the imported languages, of the imported concepts."""
        ids = [pks[uri] for uri in concepts]
        for chunk in _chunks(ids, 900):  # SQLite's limit on bound parameters
            self.m.Label.objects.filter(**{f"{column}__in": chunk}, source=self.source,
                                        language__in=sorted(languages)).delete()
        rows: list[tuple] = []
        for uri, concept in concepts.items():
            rows += self._label_rows(concept, pks[uri])
        _insert(self.m.Label, [f"{column}_id", "source", "language", "kind", "text", "normalized"], rows,
                self.progress, f"{column} labels")
        return len(rows)

    def _label_rows(self, concept: Concept, pk: int) -> list[tuple]:
        seen: set[tuple[str, str, str]] = set()
        rows = []
        texts = [("preferred", lang, [text]) for lang, text in concept.preferred.items()]
        texts += [("alternative", lang, items) for lang, items in concept.alternative.items()]
        texts += [("hidden", lang, items) for lang, items in concept.hidden.items()]
        for kind, language, items in texts:
            for text in items:
                text = text.strip()[:300]
                if text and (kind, language, text) not in seen:
                    seen.add((kind, language, text))
                    rows.append((pk, self.source, language, kind, text, normalized(text)[:300]))
        return rows

    # --- relations -------------------------------------------------------------------------------------
    def relations(self, model: Any, links: list[Link], left: dict[str, int], right: dict[str, int],
                  columns: tuple[str, str], name: str) -> None:
        wanted = {(left[link.source], right[link.target]): link.relation for link in links}
        existing = {(a, b): (pk, rel) for pk, a, b, rel in model.objects.values_list(
            "pk", f"{columns[0]}_id", f"{columns[1]}_id", "relation")} if wanted else {}
        new, changed = [], []
        for (a, b), relation in wanted.items():
            found = existing.get((a, b))
            if found is None:
                new.append((a, b, relation))
            elif found[1] != relation:
                changed.append((relation, found[0]))
        _insert(model, [f"{columns[0]}_id", f"{columns[1]}_id", "relation"], new, self.progress, name)
        _update(model, "relation", changed, self.progress, name)
        self.created[name], self.updated[name] = len(new), len(changed)

    def broader(self, model: Any, links: list[Link], pks: dict[str, int], name: str) -> None:
        wanted = {pks[link.source]: pks[link.target] for link in links if link.source != link.target}
        current = dict(model.objects.filter(pk__in=list(wanted)).values_list("pk", "broader_id")) \
            if len(wanted) < 5000 else dict(model.objects.values_list("pk", "broader_id"))
        changed = [(parent, pk) for pk, parent in wanted.items() if current.get(pk) != parent]
        _update(model, "broader_id", changed, self.progress, name)
        self.updated[name] = len(changed)


def write_taxonomy(*, data: TaxonomyData, source: str, version: str, models: ModelSet,
                   progress: Progress = _no_progress) -> Any:
    """Store the data (call inside a transaction); the TaxonomyRelease row describing the import."""
    started = time.monotonic()
    m = models
    drop_unknown(data, set(m.Occupation.objects.values_list("uri", flat=True)),
                 set(m.Skill.objects.values_list("uri", flat=True)))
    if not any(data.counts().values()):
        first = f" (first: {data.problems[0]})" if data.problems else ""
        raise NothingToImport(f"nothing loadable: {data.problem_count} rows refused{first}")
    writer = _Writer(m, source, progress)
    occupations = writer.concepts(m.Occupation, data.occupations, "occupations")
    skills = writer.concepts(m.Skill, data.skills, "skills")
    labels = {"occupations": writer.labels(data.occupations, occupations, "occupation", data.languages),
              "skills": writer.labels(data.skills, skills, "skill", data.languages)}
    writer.relations(m.OccupationSkill, data.occupation_skills, occupations, skills, ("occupation", "skill"),
                     "occupation_skills")
    writer.relations(m.SkillSkill, data.skill_skills, skills, skills, ("skill", "related"), "skill_skills")
    writer.broader(m.Occupation, data.occupation_broader, occupations, "occupation_broader")
    writer.broader(m.Skill, data.skill_broader, skills, "skill_broader")
    counts = {"read": data.counts(), "labels_read": data.label_counts(), "labels_written": labels,
              "created": writer.created, "updated": writer.updated, "problems": data.problem_count,
              "rows_by_file": data.rows_by_file}
    return m.TaxonomyRelease.objects.create(
        source=source, version=version, languages=sorted(data.languages), files=data.files, counts=counts,
        problems=data.problems, seconds=round(time.monotonic() - started, 2), imported_at=timezone.now())


def taxonomy_import(*, data: TaxonomyData, source: str, version: str, by: Actor,
                    progress: Progress = _no_progress) -> Any:
    """Import a taxonomy, all or nothing, audited (the taxonomy holds no personal data: ids and counts only)."""
    from florwork.audit.services import audit_record

    with transaction.atomic():
        release = write_taxonomy(data=data, source=source, version=version, models=ModelSet.current(),
                                 progress=progress)
        audit_record(actor=by, operation=Operation.CREATE, purpose=Purpose.ADMINISTRATION,
                     object_type="matching.TaxonomyRelease", object_id=release.pk,
                     object_label=f"{source} {version}"[:200],
                     detail={"languages": release.languages, "read": release.counts["read"],
                             "problems": data.problem_count})
    return release


def taxonomy_load_bundled(*, by: Actor, progress: Progress = _no_progress) -> Any:
    """Load (or refresh) the taxonomy shipped with the product."""
    from florwork.matching.taxonomy import bundled

    data, version = bundled.read()
    return taxonomy_import(data=data, source="bundled", version=version, by=by, progress=progress)


# vacancies and candidate profiles live in their own modules; these are the names other apps import
from florwork.matching.profile_services import (  # noqa: E402,F401
    person_skill_add,
    person_skill_remove,
    weights_save,
)
from florwork.matching.vacancy_services import (  # noqa: E402,F401
    vacancy_close,
    vacancy_create,
    vacancy_publish,
    vacancy_update,
)
