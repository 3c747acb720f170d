"""``python -m bench.taxonomy_bench``: label search over the full English ESCO 1.1.1 plus the bundled Italian
labels — index build time, query latency (p50/p95) for Italian titles and CV lines, and accuracy (top 1 / top 3)
beside a straightforward baseline (exact match of the normalised text against the labels).

Pure core only (no database): reads the shared ESCO zips and the bundled file.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def _records(data, source_records):
    from florwork.matching.taxonomy.search import LabelRecord

    for concept, items in (("occupation", data.occupations), ("skill", data.skills)):
        for c in items.values():
            for language, text in c.preferred.items():
                source_records.append(LabelRecord(concept, c.uri, language, "preferred", text))
            for kind, labels in (("alternative", c.alternative), ("hidden", c.hidden)):
                for language, texts in labels.items():
                    source_records += [LabelRecord(concept, c.uri, language, kind, t) for t in texts]


def run(esco_dir: Path) -> dict:
    from tests.matching.italian_titles import TITLES

    from florwork.matching.taxonomy import bundled, esco
    from florwork.matching.taxonomy.normalize import normalized
    from florwork.matching.taxonomy.search import SearchIndex

    started = time.perf_counter()
    official = esco.read([esco_dir / "esco-1.1.1-classification-en-csv.zip",
                          esco_dir / "esco-1.1.1-relations-csv.zip"])
    read_seconds = time.perf_counter() - started
    ours, _ = bundled.read()
    records: list = []
    _records(official, records)
    _records(ours, records)
    started = time.perf_counter()
    index = SearchIndex.build(records)
    build_seconds = time.perf_counter() - started
    by_label = {c.preferred["en"]: uri for uri, c in official.occupations.items()}
    exact: dict[str, set[str]] = {}
    for r in records:
        if r.concept == "occupation":
            exact.setdefault(normalized(r.text), set()).add(r.uri)
    latencies, top1, top3, base1 = [], 0, 0, 0
    for _round in range(3):
        for text, expected in TITLES:
            t = time.perf_counter()
            hits = index.search(text, concept="occupation", limit=3)
            latencies.append((time.perf_counter() - t) * 1000)
            if _round == 0:
                uris = [h.uri for h in hits]
                top1 += bool(uris) and uris[0] == by_label[expected]
                top3 += by_label[expected] in uris
                base1 += by_label[expected] in exact.get(normalized(text), set())
    latencies.sort()
    return {"labels": len(index), "read_esco_s": round(read_seconds, 2), "index_build_s": round(build_seconds, 2),
            "queries": len(TITLES), "p50_ms": round(statistics.median(latencies), 2),
            "p95_ms": round(latencies[int(0.95 * len(latencies)) - 1], 2),
            "top1": top1, "top3": top3, "baseline_exact_match": base1}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--esco-dir", type=Path, default=ROOT.parent / "shared/data/esco-1.1.1")
    args = parser.parse_args()
    print(json.dumps(run(args.esco_dir), indent=2))


if __name__ == "__main__":
    main()
