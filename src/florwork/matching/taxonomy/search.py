"""Label search over the taxonomy: ranked occupations and skills for free text, with the reason.

Built once from the label rows (in memory, per process) and queried many times. A label scores by
how much of it the text covers (IDF-weighted, so "addetto" counts less than "magazziniere"), a
little by how much of the text it explains, and a bonus when its words appear together in the text;
unknown words of the text match vocabulary words by trigram similarity (typos: "magazinere").
A concept's score is its best label's; the result says which label matched and in which language.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from florwork.matching.taxonomy.normalize import tokens, trigrams

OCCUPATION = "occupation"
SKILL = "skill"
KIND_BONUS = {"preferred": 0.02, "alternative": 0.0, "hidden": -0.02}
PHRASE_BONUS = 0.05
MIN_SCORE = 0.35
FUZZY_MIN = 0.45  # trigram Jaccard for a typo to count as the vocabulary word
FUZZY_MAX_EXPANSIONS = 3


@dataclass(frozen=True)
class LabelRecord:
    concept: str  # OCCUPATION or SKILL
    uri: str
    language: str
    kind: str  # preferred, alternative, hidden
    text: str


@dataclass(frozen=True)
class Hit:
    concept: str
    uri: str
    score: float
    label: str  # the label that matched best
    language: str
    kind: str
    matched: tuple[str, ...]  # the words of the label that the text covered
    lexical: float = 0.0
    semantic: float | None = None


class Reranker(Protocol):
    """Optional sentence-embedding similarity (see embeddings.py); cosine in [-1, 1] per text."""

    def similarities(self, query: str, texts: Sequence[str]) -> list[float]: ...


@dataclass
class _Entry:
    record: LabelRecord
    toks: tuple[str, ...]
    weight: float = 0.0  # sum of the IDF of its distinct tokens


@dataclass
class SearchIndex:
    entries: list[_Entry] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    by_trigram: dict[str, set[str]] = field(default_factory=dict)
    preferred: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    @classmethod
    def build(cls, records: Iterable[LabelRecord]) -> SearchIndex:
        index = cls()
        postings: dict[str, list[int]] = defaultdict(list)
        concepts_of: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for record in records:
            toks = tuple(tokens(record.text))
            if not toks:
                continue
            position = len(index.entries)
            index.entries.append(_Entry(record, toks))
            for tok in set(toks):
                postings[tok].append(position)
                concepts_of[tok].add((record.concept, record.uri))
            if record.kind == "preferred":
                index.preferred.setdefault((record.concept, record.uri), {})[record.language] = record.text
        total = max(1, len({(e.record.concept, e.record.uri) for e in index.entries}))
        index.idf = {tok: math.log(1 + total / len(c)) for tok, c in concepts_of.items()}
        index.postings = dict(postings)
        for entry in index.entries:
            entry.weight = sum(index.idf[t] for t in set(entry.toks))
        by_trigram: dict[str, set[str]] = defaultdict(set)
        for tok in index.idf:
            for gram in trigrams(tok):
                by_trigram[gram].add(tok)
        index.by_trigram = dict(by_trigram)
        return index

    def __len__(self) -> int:
        return len(self.entries)

    def _expansions(self, tok: str) -> dict[str, float]:
        """The vocabulary words a text word stands for, with a similarity in (0, 1]."""
        if tok in self.idf:
            return {tok: 1.0}
        grams = trigrams(tok)
        counts: dict[str, int] = defaultdict(int)
        for gram in grams:
            for word in self.by_trigram.get(gram, ()):
                counts[word] += 1
        scored = []
        for word, shared in counts.items():
            jaccard = shared / (len(grams) + len(trigrams(word)) - shared)
            if jaccard >= FUZZY_MIN:
                scored.append((jaccard, word))
        scored.sort(reverse=True)
        # a near word counts between half and nearly all of an exact one
        return {word: round(0.5 + 0.5 * sim, 4) for sim, word in scored[:FUZZY_MAX_EXPANSIONS]}

    def search(self, text: str, *, concept: str | None = None, limit: int = 10,
               reranker: Reranker | None = None) -> list[Hit]:
        """The concepts (of one kind, or both) best matching the text, best first."""
        query = list(dict.fromkeys(tokens(text)))
        if not query:
            return []
        expansions = {tok: self._expansions(tok) for tok in query}
        sim_of: dict[str, float] = {}
        for found in expansions.values():
            for word, sim in found.items():
                sim_of[word] = max(sim, sim_of.get(word, 0.0))
        candidates = {i for word in sim_of for i in self.postings.get(word, ())}
        max_idf = max(self.idf.values(), default=1.0)
        query_weight = sum(self.idf.get(tok, max_idf) for tok in query)
        best: dict[tuple[str, str], Hit] = {}
        for position in candidates:
            entry = self.entries[position]
            if concept and entry.record.concept != concept:
                continue
            hit = self._score(entry, query, expansions, sim_of, query_weight, max_idf)
            key = (entry.record.concept, entry.record.uri)
            if hit.score >= MIN_SCORE and (key not in best or _better(hit, best[key])):
                best[key] = hit
        ranked = sorted(best.values(), key=_order)
        if reranker is not None:
            ranked = self._rerank(text, ranked[: max(limit * 2, 10)], reranker)
        return ranked[:limit]

    def _score(self, entry: _Entry, query: list[str], expansions: dict[str, dict[str, float]],
               sim_of: dict[str, float], query_weight: float, max_idf: float) -> Hit:
        label_toks = set(entry.toks)
        covered = sum(self.idf[t] * sim_of.get(t, 0.0) for t in label_toks)
        coverage = covered / entry.weight if entry.weight else 0.0
        explained = sum(self.idf.get(q, max_idf) * max((expansions[q].get(t, 0.0) for t in label_toks), default=0.0)
                        for q in query)
        query_coverage = explained / query_weight if query_weight else 0.0
        score = coverage * (0.5 + 0.5 * query_coverage) + KIND_BONUS.get(entry.record.kind, 0.0)
        if len(entry.toks) > 1 and _contiguous(entry.toks, query, expansions):
            score += PHRASE_BONUS
        score = round(min(1.0, max(0.0, score)), 4)
        matched = tuple(t for t in entry.toks if t in sim_of)
        r = entry.record
        return Hit(r.concept, r.uri, score, r.text, r.language, r.kind, matched, lexical=score)

    def _rerank(self, text: str, hits: list[Hit], reranker: Reranker) -> list[Hit]:
        """Blend the lexical score with the embedding similarity of the query to the matched label."""
        if not hits:
            return hits
        sims = reranker.similarities(text, [h.label for h in hits])
        blended = [Hit(h.concept, h.uri, round(0.5 * h.lexical + 0.5 * max(0.0, s), 4), h.label, h.language,
                       h.kind, h.matched, lexical=h.lexical, semantic=round(s, 4))
                   for h, s in zip(hits, sims, strict=True)]
        return sorted(blended, key=_order)

    def preferred_labels(self, concept: str, uri: str) -> dict[str, str]:
        return self.preferred.get((concept, uri), {})


def _better(a: Hit, b: Hit) -> bool:
    return _order(a) < _order(b)


def _order(hit: Hit) -> tuple:
    return (-hit.score, hit.kind != "preferred", len(hit.label), hit.uri)


def _contiguous(label: tuple[str, ...], query: list[str], expansions: dict[str, dict[str, float]]) -> bool:
    """Whether the label's words appear one after the other in the text."""
    width = len(label)
    for start in range(len(query) - width + 1):
        if all(label[k] in expansions[query[start + k]] for k in range(width)):
            return True
    return False
