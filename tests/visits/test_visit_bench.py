"""The visit-planning benchmark runs small: both plans checked by the same validator, VROOM places at least as many
visits as the nearest-neighbour baseline with no violation."""

from bench import visit_bench


def test_bench_small_run():
    report = visit_bench.run(companies=30, officers=2, days=2, seed=3)
    vroom, baseline = report["results"]
    assert (vroom["method"], baseline["method"]) == ("vroom", "nearest_neighbour")
    assert vroom["violations"] == 0 and baseline["violations"] == 0
    assert vroom["placed"] >= baseline["placed"] > 0
    assert vroom["priority_placed"] >= baseline["priority_placed"]
