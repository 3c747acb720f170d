"""Running Splink on DuckDB: load, block, train (u by sampling, m by EM, priors when EM cannot), predict.

``link(left, right=None, kind=…, threshold=…)`` deduplicates one dataset or links two, and returns the pairs at or
above the threshold with each comparison's match weight (the review queue's explanation) and a summary.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .errors import LinkageError
from .fields import fields_for
from .model import (
    DETERMINISTIC_RULES,
    TRAINING_RULES,
    BlockKey,
    block_keys,
    comparisons,
    usable,
)
from .normalise import phonetic
from .table import Dataset

DEFAULT_THRESHOLD = 0.9
MIN_TRAINING_RECORDS = 100  # below this (per file) EM has too few pairs to learn from: the priors are the model
BLOCK_KEY_CAP = 100  # a blocking key shared by more records of one file than this is dropped for those records
U_SAMPLE_PAIRS = 1_000_000  # at most; fewer for small inputs (U_PAIRS_PER_RECORD), the fuzzy functions cost
U_PAIRS_PER_RECORD = 50
EM_MAX_PAIRS = 1_000_000
EM_ITERATIONS = 25
EM_RETRY_ITERATIONS = 4
M_FLOOR = 0.002  # EM on clean, separable data drives some m to ~1e-80: one typo would then veto a match
U_FLOOR = 1e-8
FALLBACK_MATCH_RATE = 0.5  # with no deterministic rule: assume half the smaller side has a counterpart


@dataclass(frozen=True)
class Pair:
    left_id: str
    right_id: str
    probability: float
    match_weight: float
    weights: dict[str, float]  # per comparison: log2 Bayes factor (positive = evidence for a match)
    levels: dict[str, str]  # per comparison: the level the pair fell in (e.g. 'exact', 'swapped')


@dataclass
class LinkResult:
    pairs: list[Pair]
    summary: dict[str, Any] = field(default_factory=dict)


@contextmanager
def quiet(verbose: bool) -> Iterator[None]:
    """Splink logs every step and warns about defaults; a command prints its own summary instead."""
    logger = logging.getLogger("splink")
    before = logger.level
    logger.setLevel(logging.INFO if verbose else logging.CRITICAL)
    with warnings.catch_warnings():
        if not verbose:
            warnings.simplefilter("ignore")
        try:
            yield
        finally:
            logger.setLevel(before)


def link(left: Dataset, right: Dataset | None = None, *, kind: str, threshold: float = DEFAULT_THRESHOLD,
         seed: int = 0, verbose: bool = False, threads: int | None = None) -> LinkResult:
    fields_for(kind)
    if not 0.0 <= threshold <= 1.0:
        raise LinkageError(f"--threshold must be between 0 and 1, not {threshold}")
    mapped = set(left.fields)
    if right is not None and set(right.fields) != mapped:
        raise LinkageError("both files must map the same fields")
    started = time.perf_counter()
    datasets = [left] if right is None else [left, right]
    summary: dict[str, Any] = {
        "kind": kind, "mode": "dedupe" if right is None else "link", "threshold": threshold,
        "records": {"left": len(left)} | ({} if right is None else {"right": len(right)}),
        "fields": [name for name in fields_for(kind) if name in mapped],
        "invalid_identifiers": _invalid(datasets),
    }
    if any(len(d) == 0 for d in datasets) or (right is None and len(left) < 2):
        summary |= {"candidate_pairs": 0, "matches": 0, "training": {"method": "none", "reason": "no pairs to compare"},
                    "seconds": round(time.perf_counter() - started, 3)}
        return LinkResult(pairs=[], summary=summary)
    with quiet(verbose):
        pairs, details = _run(datasets, kind=kind, mapped=mapped, threshold=threshold, seed=seed, threads=threads)
    summary |= details | {"matches": len(pairs), "seconds": round(time.perf_counter() - started, 3)}
    return LinkResult(pairs=pairs, summary=summary)


def _invalid(datasets: list[Dataset]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for dataset in datasets:
        for name, count in dataset.invalid.items():
            totals[name] = totals.get(name, 0) + count
    return totals


def _run(datasets: list[Dataset], *, kind: str, mapped: set[str], threshold: float, seed: int,
         threads: int | None) -> tuple[list[Pair], dict[str, Any]]:
    import duckdb
    from splink import DuckDBAPI, Linker

    keys = block_keys(kind, mapped)
    if not keys:
        raise LinkageError(f"--columns: {', '.join(sorted(mapped))} cannot tell records apart: map at least a "
                           "name, an identifier, a phone, an e-mail or an address")
    connection = duckdb.connect(":memory:")
    try:
        if threads:
            connection.execute(f"SET threads = {int(threads)}")
        dropped = [_load(connection, f"input_{'lr'[i]}", dataset, kind, keys) for i, dataset in enumerate(datasets)]
        api = DuckDBAPI(connection)
        tables = [api.register(f"input_{'lr'[i]}", dataset_display_name=f"{i}_{'lr'[i]}")
                  for i in range(len(datasets))]
        settings: dict[str, Any] = {
            "link_type": "dedupe_only" if len(datasets) == 1 else "link_only",
            "unique_id_column_name": "unique_id",
            "comparisons": comparisons(kind, mapped),
            "blocking_rules_to_generate_predictions": [f"l.bk_{key.name} = r.bk_{key.name}" for key in keys],
            "retain_matching_columns": False,
            "retain_intermediate_calculation_columns": True,  # the per-comparison match weights
            "probability_two_random_records_match": _fallback_prior(datasets),
            "max_iterations": EM_ITERATIONS,
        }
        linker = Linker(tables if len(tables) > 1 else tables[0], settings, log_level=None)
        training = _train(linker, datasets, kind=kind, mapped=mapped, seed=seed,
                          settings_comparisons=settings["comparisons"])
        predictions = linker.inference.predict(warning_mode="never")
        pairs, candidates = _collect(connection, predictions.physical_name, datasets, threshold,
                                     _level_weights(linker))
        held = connection.execute("SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()").fetchall()[0][0]
    finally:
        connection.close()
    return pairs, {"candidate_pairs": candidates, "training": training, "duckdb_memory_mb": round(held / 2**20, 1),
                   "blocking_keys": [key.name for key in keys],
                   "blocking_keys_dropped_as_too_common": {k: v for k, v in _merge(dropped).items() if v}}


def _merge(dropped: list[dict[str, int]]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for per_key in dropped:
        for name, count in per_key.items():
            totals[name] = totals.get(name, 0) + count
    return totals


def _load(connection: Any, table: str, dataset: Dataset, kind: str, keys: list[BlockKey]) -> dict[str, int]:
    """The normalised columns, phonetic helpers and blocking keys; keys shared by too many records nulled."""
    import pyarrow as pa

    columns: dict[str, Any] = {"unique_id": pa.array(range(len(dataset)), type=pa.int64())}
    for name, values in dataset.fields.items():
        columns[name] = pa.array(values, type=pa.string())
    sounds = ("first_name", "last_name") if kind == "persons" else ("name",)
    for name in sounds:
        if name in dataset.fields:
            columns[f"{name}_sound"] = pa.array([phonetic(v) for v in dataset.fields[name]], type=pa.string())
    connection.register(f"{table}_arrow", pa.table(columns))
    derived = ", ".join(f"{key.sql} AS bk_{key.name}" for key in keys) or "NULL AS bk_none"
    connection.execute(f"CREATE TABLE {table} AS SELECT *, {derived} FROM {table}_arrow")
    connection.unregister(f"{table}_arrow")
    dropped: dict[str, int] = {}
    for key in keys:
        column = f"bk_{key.name}"
        dropped[key.name] = connection.execute(
            f"UPDATE {table} SET {column} = NULL WHERE {column} IN "
            f"(SELECT {column} FROM {table} GROUP BY {column} HAVING count(*) > {BLOCK_KEY_CAP})").fetchone()[0]
    return dropped


def _fallback_prior(datasets: list[Dataset]) -> float:
    sizes = [len(d) for d in datasets]
    if len(sizes) == 1:
        pairs = sizes[0] * (sizes[0] - 1) / 2
        return min(0.5, max(1e-9, 0.1 * sizes[0] / max(pairs, 1)))
    return min(0.5, max(1e-9, FALLBACK_MATCH_RATE * min(sizes) / (sizes[0] * sizes[1])))


def _em_session(linker: Any, rule: str, priors: Priors) -> str | None:
    """One EM session; None when it trained, else why not. On clean, separable data EM drives some m towards 0
    until Splink refuses a 0.0: retried with fewer iterations (the estimates are already good after a few)."""
    problem = ""
    for iterations in (EM_ITERATIONS, EM_RETRY_ITERATIONS):
        _floor(linker, priors)  # each session starts from the current estimates: none may be zero
        before = linker._settings_obj.core_model_settings.copy()
        settings = linker._settings_obj
        settings.training_settings = dataclasses.replace(settings.training_settings, max_iterations=iterations)
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(rule, max_pairs=EM_MAX_PAIRS)
            return None
        except Exception as failure:  # noqa: BLE001 - Splink raises many kinds; the priors then stay
            # a failed session leaves Splink's model cut down to the comparisons it was estimating: put it back
            linker._settings_obj.core_model_settings = before
            problem = _short(failure)
    return problem


def _comparison_fields(name: str) -> set[str]:
    return {"first_name", "last_name"} if name == "full_name" else {name}


def _train(linker: Any, datasets: list[Dataset], *, kind: str, mapped: set[str], seed: int,
           settings_comparisons: list[dict[str, Any]]) -> dict[str, Any]:
    """u by random sampling, m by EM over each fitting rule; every step that cannot run leaves its priors."""
    smallest = min(len(d) for d in datasets)
    if smallest < MIN_TRAINING_RECORDS:
        return {"method": "fixed priors", "reason": f"too few records for EM ({smallest} < {MIN_TRAINING_RECORDS})"}
    notes: list[str] = []
    training: dict[str, Any] = {"method": "em", "seed": seed}
    deterministic = usable(DETERMINISTIC_RULES[kind], mapped)
    training["match_prior"] = "fallback"
    if deterministic:
        try:
            linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
            training["match_prior"] = "deterministic rules"
        except Exception as problem:  # noqa: BLE001 - Splink raises many kinds; the prior then stays the fallback
            notes.append(f"match prior: {_short(problem)}")
    try:
        records = sum(len(d) for d in datasets)
        pairs = min(U_SAMPLE_PAIRS, max(100_000, U_PAIRS_PER_RECORD * records))
        linker.training.estimate_u_using_random_sampling(max_pairs=pairs, seed=seed)
        training["u"] = "random sampling"
    except Exception as problem:  # noqa: BLE001
        training["u"] = "priors"
        notes.append(f"u: {_short(problem)}")
    priors = _priors(settings_comparisons)
    sessions: list[str] = []
    untrained = {c["output_column_name"]: _comparison_fields(c["output_column_name"]) for c in settings_comparisons}
    for needs, rule in [(set(n), sql) for n, sql in TRAINING_RULES[kind] if set(n) <= mapped]:
        trains = [name for name, uses in untrained.items() if not uses & needs]
        if not trains:
            continue  # this rule would only re-estimate what an earlier session already did
        failure = _em_session(linker, rule, priors)
        if failure:
            notes.append(f"EM on {rule}: {failure}")
            continue
        sessions.append(rule)
        for name in trains:
            untrained.pop(name)
        if not untrained:
            break
    if untrained:
        training["m_priors_kept_for"] = sorted(untrained)
    training["em_rules"] = sessions
    _floor(linker, priors)
    _bound_prior(linker, datasets, training)
    if not sessions:
        training["method"] = "fixed priors"
        training["reason"] = "EM could not run on any training rule"
    if notes:
        training["notes"] = notes
    return training


def _bound_prior(linker: Any, datasets: list[Dataset], training: dict[str, Any]) -> None:
    """A prior of 0 or 1 (a degenerate estimate) would make every weight meaningless: fall back instead."""
    prior = linker._settings_obj._probability_two_random_records_match
    if not isinstance(prior, float | int) or not 1e-12 < prior <= 0.5:
        linker._settings_obj._probability_two_random_records_match = _fallback_prior(datasets)
        training["match_prior"] = "fallback"


Priors = dict[str, dict[str, tuple[float, float]]]  # comparison → level label → (m, u) set by hand in model.py


def _priors(comparisons: list[dict[str, Any]]) -> Priors:
    return {c["output_column_name"]: {level["label_for_charts"]: (level["m_probability"], level["u_probability"])
                                      for level in c["comparison_levels"] if "m_probability" in level}
            for c in comparisons}


def _floor(linker: Any, priors: Priors) -> None:
    """Keep every m and u probability strictly positive (log weights stay finite and bounded); a level never
    observed (Splink leaves a text marker) takes back its prior rather than a floor that would overstate it."""
    for comparison in linker._settings_obj.comparisons:
        for level in comparison.comparison_levels:
            if level.is_null_level:
                continue
            prior = priors.get(comparison.output_column_name, {}).get(level.label_for_charts)
            for index, (name, floor) in enumerate((("m_probability", M_FLOOR), ("u_probability", U_FLOOR))):
                value = getattr(level, f"_{name}")
                if not isinstance(value, float | int) or not math.isfinite(value):
                    setattr(level, name, prior[index] if prior else floor)
                elif value < floor:
                    setattr(level, name, floor)


def _short(problem: Exception) -> str:
    return str(problem).strip().splitlines()[0][:200] if str(problem).strip() else type(problem).__name__


def _collect(connection: Any, predictions: str, datasets: list[Dataset], threshold: float,
             labels: dict[str, list[tuple[float, str]]]) -> tuple[list[Pair], int]:
    names = list(labels)
    candidates = connection.execute(f"SELECT count(*) FROM {predictions}").fetchone()[0]
    columns = ", ".join(f"mw_{n}" for n in names)
    side = "source_dataset_l, " if len(datasets) > 1 else "'0_l' AS source_dataset_l, "
    rows = connection.execute(
        f"SELECT {side} unique_id_l, unique_id_r, match_probability, match_weight, {columns} FROM {predictions} "
        "WHERE match_probability >= ?", [threshold]).fetchall()
    left_ids, right_ids = datasets[0].ids, datasets[-1].ids
    pairs: list[tuple[int, int, Pair]] = []
    for row in rows:
        source, a, b = row[0], int(row[1]), int(row[2])
        if len(datasets) > 1 and not str(source).startswith("0"):
            a, b = b, a  # keep the left file's record on the left
        elif len(datasets) == 1 and a > b:
            a, b = b, a
        weights = {name: _weight(row[5 + i]) for i, name in enumerate(names)}
        levels = {name: _label(labels[name], row[5 + i]) for i, name in enumerate(names)}
        pairs.append((a, b, Pair(left_id=left_ids[a], right_id=right_ids[b], probability=round(float(row[3]), 6),
                                  match_weight=round(float(row[4]), 4), weights=weights, levels=levels)))
    pairs.sort(key=lambda item: (item[0], item[1]))
    return [pair for _, _, pair in pairs], int(candidates)


def _weight(match_weight: Any) -> float:
    """Splink's per-comparison match weight (log2 Bayes factor); a missing value is no evidence either way."""
    if match_weight is None or not math.isfinite(float(match_weight)):
        return 0.0
    return round(float(match_weight), 4)


def _level_weights(linker: Any) -> dict[str, list[tuple[float, str]]]:
    """Each comparison's levels as (match weight, label), read from the trained model: a pair's per-comparison
    weight is exactly its level's weight, so the label follows without keeping Splink's gamma columns."""
    found: dict[str, list[tuple[float, str]]] = {}
    for comparison in linker._settings_obj.comparisons:
        found[comparison.output_column_name] = [
            (0.0 if level.is_null_level else float(level._match_weight), level.label_for_charts)
            for level in comparison.comparison_levels]
    return found


def _label(levels: list[tuple[float, str]], weight: Any) -> str:
    if weight is None:
        return "missing"
    closest = min(levels, key=lambda level: abs(level[0] - float(weight)))
    return closest[1]
