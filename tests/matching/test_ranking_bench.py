"""The ranking benchmark runs end to end on a tiny population (skipped without the full ESCO files)."""

from pathlib import Path

import pytest
from bench import ranking_bench

ESCO_DIR = Path(__file__).resolve().parents[2].parent / "shared/data/esco-1.1.1"
pytestmark = pytest.mark.skipif(not (ESCO_DIR / ranking_bench.RELATIONS_ZIP).is_file(),
                                reason="the full ESCO 1.1.1 relations are not here")


def test_the_bench_measures_speed_and_quality_on_the_full_esco_relations():
    view, esco, sizes = ranking_bench.load_esco(ESCO_DIR)
    assert sizes["occupation_skills"] > 100_000 and sizes["skill_skills"] > 5_000

    fast = ranking_bench.speed(esco, view, n_candidates=400, n_vacancies=4, repeats=3, sample=40)
    scores = ranking_bench.quality(esco, view, n_vacancies=8, n_candidates=80)

    assert fast["batch_shortlists"] == 4 and fast["baseline_us_per_pair"] > 0
    for method in ("ranker", "baseline: Jaccard of skills"):
        assert 0 < scores[method]["person_to_vacancies_mrr"] <= 1


def test_the_bench_skips_with_a_message_without_the_files(tmp_path, capsys):
    ranking_bench.main(["--esco-dir", str(tmp_path), "--small"])

    assert capsys.readouterr().out.startswith("skipped:")
