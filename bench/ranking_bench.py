"""``python -m bench.ranking_bench [--small] [--json]``: the candidate–vacancy ranking core on the full ESCO 1.1.1
relations — one vacancy × 100,000 candidates (p50/p95 latency), 1,000 vacancies × 100,000 candidates in batch
(throughput), both beside the straightforward per-pair Python scorer measured in the same run on a subsample and
extrapolated; and quality on generated profiles with known ground truth (recall@5, MRR) beside a plain
skill-overlap (Jaccard) baseline.

Pure core only (no database). The ESCO relation CSVs are read straight from the shared zip with the csv module;
nothing is copied into the repository. Profiles are synthetic and seeded (see ``_candidate``).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import platform
import random
import statistics
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from florwork.matching.ranking import (  # noqa: E402
    CandidateIndex,
    CandidateProfile,
    Experience,
    SkillClaim,
    TaxonomyView,
    Vacancy,
    Weights,
    rank_vacancies,
    score_pair,
)

RELATIONS_ZIP = "esco-1.1.1-relations-csv.zip"
FLORENCE_BOX = ((43.55, 44.10), (10.95, 11.60))  # lat, lon of the Metropolitan City of Florence, roughly


def _rows(archive: zipfile.ZipFile, name: str):
    with archive.open(name) as raw:
        yield from csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))


def load_esco(esco_dir: Path) -> tuple[TaxonomyView, dict[str, tuple[list[str], list[str]]], dict]:
    started = time.perf_counter()
    with zipfile.ZipFile(esco_dir / RELATIONS_ZIP) as archive:
        occupation_skills = [(r["occupationUri"], r["skillUri"], r["relationType"])
                             for r in _rows(archive, "occupationSkillRelations.csv")]
        skill_skills = [(r["originalSkillUri"], r["relatedSkillUri"], r["relationType"])
                        for r in _rows(archive, "skillSkillRelations.csv")]
        skill_broader = [(r["conceptUri"], r["broaderUri"]) for r in _rows(archive, "broaderRelationsSkillPillar.csv")
                         if r["conceptType"] == r["broaderType"] == "KnowledgeSkillCompetence"]
        occupation_broader = [(r["conceptUri"], r["broaderUri"])
                              for r in _rows(archive, "broaderRelationsOccPillar.csv")
                              if r["conceptType"] == r["broaderType"] == "Occupation"]
    view = TaxonomyView.build(occupation_skills=occupation_skills, skill_skills=skill_skills,
                              skill_broader=skill_broader, occupation_broader=occupation_broader)
    by_occupation: dict[str, tuple[list[str], list[str]]] = {}
    for occupation, skill, relation in occupation_skills:
        by_occupation.setdefault(occupation, ([], []))[0 if relation == "essential" else 1].append(skill)
    sizes = {"occupation_skills": len(occupation_skills), "skill_skills": len(skill_skills),
             "skill_broader": len(skill_broader), "occupation_broader": len(occupation_broader),
             "occupations": len(by_occupation), "seconds": round(time.perf_counter() - started, 2)}
    return view, by_occupation, sizes


def _point(rng: random.Random) -> tuple[float, float]:
    return rng.uniform(*FLORENCE_BOX[0]), rng.uniform(*FLORENCE_BOX[1])


def _vacancy(rng: random.Random, i: int, occupation: str, skills: tuple[list[str], list[str]],
             constrained: bool) -> Vacancy:
    essential, optional = skills
    return Vacancy(
        id=f"v{i:05d}", occupation_uri=occupation,
        essential_skills=tuple(rng.sample(essential, min(12, len(essential)))),
        optional_skills=tuple(rng.sample(optional, min(6, len(optional)))),
        required_licences=frozenset({"B"}) if constrained and rng.random() < 0.2 else frozenset(),
        legal_requirements=frozenset({"law68_enrolled"}) if constrained and rng.random() < 0.05 else frozenset(),
        min_isced=rng.choice([None, 2, 3]) if constrained else None,
        languages={"it": rng.choice(["A2", "B1"])} if constrained else {},
        weekly_hours=rng.choice([20.0, 30.0, 38.0, 40.0]) if constrained else None,
        site=_point(rng) if constrained else None,
        accessibility_offered=frozenset({"step_free"}) if rng.random() < 0.5 else frozenset())


def _candidate(rng: random.Random, i: int, occupation: str, esco: dict[str, tuple[list[str], list[str]]],
               view: TaxonomyView, all_skills: list[str], occupations: list[str],
               constrained: bool) -> CandidateProfile:
    """A person who once did ``occupation`` (the ground truth): holds 30–60% of its essential skills (a third of
    them only as an ESCO neighbour), some optional ones and 3–6 unrelated skills; half have worked in the
    occupation, a fifth in a broader/narrower one, the rest elsewhere or nowhere."""
    essential, optional = esco[occupation]
    held = rng.sample(essential, max(1, round(len(essential) * rng.uniform(0.3, 0.6))))
    skills = []
    for uri in held:
        near = sorted(view.skill_neighbours.get(uri, {}))
        skills.append(rng.choice(near) if near and rng.random() < 0.33 else uri)
    skills += rng.sample(optional, min(len(optional), rng.randint(0, 3))) + rng.sample(all_skills, rng.randint(3, 6))
    draw = rng.random()
    neighbours = sorted(view.occupation_neighbours.get(occupation, ()))
    past = occupation if draw < 0.5 else (rng.choice(neighbours) if neighbours and draw < 0.7 else
                                          rng.choice(occupations) if draw < 0.85 else None)
    experience = (Experience(past, rng.randint(3, 60)),) if past else ()
    return CandidateProfile(
        id=f"c{i:06d}",
        skills=tuple(SkillClaim(s, rng.choice(("declared", "assessed"))) for s in dict.fromkeys(skills)),
        experience=experience, isced_level=rng.randint(1, 6),
        languages={"it": rng.choice(["A2", "B1", "B2", "native"])},
        licences=frozenset({"B"}) if rng.random() < 0.6 else frozenset(),
        legal_status=frozenset({"law68_enrolled"}) if rng.random() < 0.1 else frozenset(),
        hours_min=0.0, hours_max=rng.choice([30.0, 48.0]), home=_point(rng),
        max_commute_min=float(rng.choice([30, 45, 60, 90])) if constrained else None,
        accessibility_needs=frozenset({"step_free"}) if constrained and rng.random() < 0.05 else frozenset(),
        pathway=rng.randint(1, 4), readiness=rng.random(),
        consent_to_present=not constrained or rng.random() < 0.9,
        case_state=rng.choice(["active", "planned", "assessed", "referred"]) if constrained else "active")


def _population(esco, view, n_vacancies: int, n_candidates: int, seed: int, constrained: bool):
    rng = random.Random(seed)
    usable = sorted(o for o, (essential, _) in esco.items() if len(essential) >= 5)
    occupations = rng.sample(usable, min(n_vacancies, len(usable)))
    vacancies = [_vacancy(rng, i, occupations[i % len(occupations)], esco[occupations[i % len(occupations)]],
                          constrained) for i in range(n_vacancies)]
    all_skills = sorted({s for e, o in esco.values() for s in e + o})
    truth = [rng.choice(occupations) for _ in range(n_candidates)]
    candidates = [_candidate(rng, i, truth[i], esco, view, all_skills, usable, constrained)
                  for i in range(n_candidates)]
    return vacancies, candidates, truth


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def speed(esco, view, n_candidates: int, n_vacancies: int, repeats: int, sample: int) -> dict:
    weights = Weights()
    started = time.perf_counter()
    vacancies, candidates, _ = _population(esco, view, n_vacancies, n_candidates, seed=1, constrained=True)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    index = CandidateIndex(candidates, view, weights)
    build = time.perf_counter() - started
    latencies = []
    for vacancy in vacancies[:repeats]:
        t = time.perf_counter()
        index.rank_candidates(vacancy, top=20)
        latencies.append((time.perf_counter() - t) * 1000)
    started = time.perf_counter()
    shortlists = sum(1 for _ in index.rank_batch(vacancies, top=10))
    batch = time.perf_counter() - started
    person_ms = []
    for candidate in candidates[:repeats]:
        t = time.perf_counter()
        rank_vacancies(candidate, vacancies, view, weights, top=10)
        person_ms.append((time.perf_counter() - t) * 1000)
    # the straightforward baseline: every pair scored in Python, on a subsample, extrapolated
    subsample, baseline_vacancies = candidates[:sample], vacancies[:3]
    started = time.perf_counter()
    for vacancy in baseline_vacancies:
        scored = [score_pair(c, vacancy, view, weights) for c in subsample]
        sorted((r for r in scored if r.passed), key=lambda r: (-r.score, r.candidate_id))[:20]
    per_pair = (time.perf_counter() - started) / (len(subsample) * len(baseline_vacancies))
    return {
        "candidates": n_candidates, "vacancies": n_vacancies, "generate_s": round(generated, 1),
        "index_build_s": round(build, 2), "one_vacancy_p50_ms": round(statistics.median(latencies), 1),
        "one_vacancy_p95_ms": round(_percentile(latencies, 0.95), 1), "repeats": len(latencies),
        "one_person_all_vacancies_p50_ms": round(statistics.median(person_ms), 1),
        "one_person_all_vacancies_p95_ms": round(_percentile(person_ms, 0.95), 1),
        "batch_s": round(batch, 1), "batch_shortlists": shortlists,
        "batch_pairs_per_s": round(n_candidates * n_vacancies / batch),
        "baseline_subsample_pairs": len(subsample) * len(baseline_vacancies),
        "baseline_us_per_pair": round(per_pair * 1e6, 1),
        "baseline_one_vacancy_ms_extrapolated": round(per_pair * n_candidates * 1000),
        "baseline_batch_s_extrapolated": round(per_pair * n_candidates * n_vacancies),
        "peak_mb": _peak_mb(),
    }


def _jaccard(candidate: CandidateProfile, vacancy: Vacancy) -> float:
    held = {s.uri for s in candidate.skills}
    wanted = set(vacancy.essential_skills) | set(vacancy.optional_skills)
    return len(held & wanted) / len(held | wanted) if held | wanted else 0.0


def _rank_metrics(score_rows: list[list[float]], ids: list[str], relevant: list[set[int]]) -> tuple[float, float]:
    """recall@5 (share of the relevant items, at most 5, found in the top 5) and MRR of the first relevant one;
    ties by id so that the figures are deterministic."""
    recall, reciprocal = 0.0, 0.0
    for scores, wanted in zip(score_rows, relevant, strict=True):
        order = sorted(range(len(scores)), key=lambda j: (-round(scores[j], 9), ids[j]))
        recall += len(wanted & set(order[:5])) / min(5, len(wanted))
        reciprocal += 1 / (1 + next(rank for rank, j in enumerate(order) if j in wanted))
    return round(recall / len(score_rows), 3), round(reciprocal / len(score_rows), 3)


def quality(esco, view, n_vacancies: int, n_candidates: int) -> dict:
    """Vacancies of distinct occupations; each candidate's true vacancy is the one of the occupation they were
    generated from. Both directions: the case manager's (a person's vacancies) and the officer's (a vacancy's
    candidates). No hard constraints here: this measures the score."""
    vacancies, candidates, truth = _population(esco, view, n_vacancies, n_candidates, seed=2, constrained=False)
    column = {v.occupation_uri: j for j, v in enumerate(vacancies)}
    true_vacancy = [column[t] for t in truth]
    methods = {"ranker": Weights(),
               "ranker, skills only": Weights.from_dict({"experience": 0, "education": 0, "language": 0,
                                                         "readiness": 0})}
    matrices: dict[str, list[list[float]]] = {}
    for name, weights in methods.items():
        index = CandidateIndex(candidates, view, weights)
        matrices[name] = [index.scores(v).score.tolist() for v in vacancies]
    matrices["baseline: Jaccard of skills"] = [[_jaccard(c, v) for c in candidates] for v in vacancies]
    out = {"vacancies": n_vacancies, "candidates": n_candidates}
    vacancy_ids, candidate_ids = [v.id for v in vacancies], [c.id for c in candidates]
    for name, matrix in matrices.items():
        by_candidate = [[matrix[j][i] for j in range(len(vacancies))] for i in range(len(candidates))]
        r_c, m_c = _rank_metrics(by_candidate, vacancy_ids, [{t} for t in true_vacancy])
        wanted = [{i for i, t in enumerate(true_vacancy) if t == j} for j in range(len(vacancies))]
        keep = [j for j in range(len(vacancies)) if wanted[j]]
        r_v, m_v = _rank_metrics([matrix[j] for j in keep], candidate_ids, [wanted[j] for j in keep])
        out[name] = {"person_to_vacancies_recall@5": r_c, "person_to_vacancies_mrr": m_c,
                     "vacancy_to_people_recall@5": r_v, "vacancy_to_people_mrr": m_v}
    return out


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return 0.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ranking_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--esco-dir", type=Path, default=ROOT.parent / "shared/data/esco-1.1.1")
    parser.add_argument("--small", action="store_true", help="10,000 candidates, 100 vacancies: a quick run")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if not (args.esco_dir / RELATIONS_ZIP).is_file():
        print(f"skipped: {args.esco_dir / RELATIONS_ZIP} not found (the full ESCO relations are needed)")
        return
    n_candidates, n_vacancies = (10_000, 100) if args.small else (100_000, 1_000)
    view, esco, sizes = load_esco(args.esco_dir)
    results = {"environment": f"Python {platform.python_version()} · {platform.machine()}", "esco": sizes,
               "speed": speed(esco, view, n_candidates, n_vacancies, repeats=30, sample=2_000),
               "quality": quality(esco, view, 100 if args.small else 300, 1_000 if args.small else 3_000)}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    _print(results)


def _print(r: dict) -> None:
    s, q, e = r["speed"], r["quality"], r["esco"]
    print(f"Florwork ranking bench · {r['environment']}")
    print(f"ESCO 1.1.1 relations read in {e['seconds']} s: {e['occupation_skills']:,} occupation-skill, "
          f"{e['skill_skills']:,} skill-skill, {e['skill_broader']:,} skill broader, "
          f"{e['occupation_broader']:,} occupation broader")
    print(f"\nSpeed · {s['candidates']:,} candidates (generated in {s['generate_s']} s, indexed in "
          f"{s['index_build_s']} s), peak {s['peak_mb']} MB")
    print(f"  one vacancy, top 20 explained: p50 {s['one_vacancy_p50_ms']} ms, p95 {s['one_vacancy_p95_ms']} ms "
          f"({s['repeats']} vacancies)")
    print(f"  batch {s['vacancies']:,} vacancies, top 10 each: {s['batch_s']} s "
          f"({s['batch_pairs_per_s']:,} pairs/s)")
    print(f"  one person against all {s['vacancies']:,} vacancies, top 10 explained: "
          f"p50 {s['one_person_all_vacancies_p50_ms']} ms, p95 {s['one_person_all_vacancies_p95_ms']} ms")
    print(f"  baseline, per-pair Python (score_pair): {s['baseline_us_per_pair']} µs/pair measured on "
          f"{s['baseline_subsample_pairs']:,} pairs, extrapolated: one vacancy "
          f"{s['baseline_one_vacancy_ms_extrapolated']:,} ms, batch {s['baseline_batch_s_extrapolated']:,} s")
    print(f"\nQuality · {q['vacancies']} vacancies of distinct occupations, {q['candidates']:,} generated people "
          "with a known true occupation")
    print(f"  {'method':<30} {'person→vac R@5':>15} {'MRR':>6} {'vac→people R@5':>15} {'MRR':>6}")
    for name, m in q.items():
        if isinstance(m, dict):
            print(f"  {name:<30} {m['person_to_vacancies_recall@5']:>15} {m['person_to_vacancies_mrr']:>6} "
                  f"{m['vacancy_to_people_recall@5']:>15} {m['vacancy_to_people_mrr']:>6}")


if __name__ == "__main__":
    main()
