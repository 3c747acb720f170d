"""``florwork profile train|score``: the statistical profile from the command line (thin: the core does the work)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from florwork.assessment import profile as core

DEFAULT_MAX_GAP = 0.1


def _names(value: str | None) -> list[str]:
    return [name.strip() for name in (value or "").split(",") if name.strip()]


def default_model_path(data: str, outcome: str) -> Path:
    return Path(settings.VAR_DIR) / "models" / f"profile-{Path(data).stem}-{outcome}.model"


def run_train(*, data: str, outcome: str, features: str, protected: str | None = None, seed: int = 0,
              out: str | Path, min_cases: int = core.DEFAULT_MIN_CASES, threshold: float = 0.5,
              date_column: str | None = None, max_gap: float = DEFAULT_MAX_GAP, as_json: bool = False) -> str:
    options = core.TrainOptions(outcome=outcome, features=_names(features), protected=_names(protected), seed=seed,
                                min_cases=min_cases, threshold=threshold, date_column=date_column)
    trained = core.train(core.read_table(data), options)
    core.save(trained, out)
    Path(f"{out}.card.json").write_text(json.dumps(trained.card, indent=2), encoding="utf-8")
    Path(f"{out}.card.md").write_text(core.markdown(trained.card), encoding="utf-8")
    activation = core.activation_allowed(trained.card, max_gap)
    card, scores = trained.card, trained.card["metrics"]
    result: dict[str, Any] = {
        "auc": scores["auc"], "brier": scores["brier"], "calibration_slope": scores["calibration_slope"],
        "calibration_intercept": scores["calibration_intercept"], "model": card["model"],
        "model_reason": card["model_reason"], "rows": card["data"]["rows"], "positives": card["data"]["positives"],
        "candidates": card["candidates"], "calibration_curve": card["calibration_curve"],
        "threshold": threshold, "groups": card["fairness"]["groups"], "gaps": card["fairness"]["gaps"],
        "activation": {"allowed": activation.allowed, "max_gap": max_gap, "reasons": activation.reasons},
        "out": str(out), "card": f"{out}.card.md",
    }
    return json.dumps(result, indent=2) if as_json else _train_report(result)


def _train_report(result: dict[str, Any]) -> str:
    lines = [f"model: {result['model']} ({result['model_reason']})",
             f"cases: {result['rows']} ({result['positives']} with the outcome)",
             f"cross-validated AUC {result['auc']:.3f}, Brier {result['brier']:.4f}, calibration slope "
             f"{result['calibration_slope']:.3f}, intercept {result['calibration_intercept']:.3f}"]
    for attribute, by_metric in result["gaps"].items():
        for name in ("fnr", "fpr", "calibration_gap"):
            gap = by_metric.get(name)
            if gap:
                ci = f" (95% CI {gap['ci'][0]:.3f} to {gap['ci'][1]:.3f})" if gap["ci"] else ""
                label = name.replace("_gap", "")
                lines.append(f"{attribute}: {label} gap {gap['gap']:.3f}, {gap['high']} vs {gap['low']}{ci}")
    activation = result["activation"]
    lines.append("activation: allowed" if activation["allowed"] else
                 "activation: needs a programme manager's sign-off:\n  " + "\n  ".join(activation["reasons"]))
    lines += [f"model saved to {result['out']}", f"model card: {result['card']}"]
    return "\n".join(lines)


def run_score(*, model: str, data: str, out: str | None = None, id_column: str | None = None,
              as_json: bool = False) -> str:
    trained = core.load(model)
    scores = core.score(trained, core.read_table(data), id_column=id_column)
    summary = core.summary(scores, trained)
    if out:
        core.write_csv(scores, trained, out, id_column=id_column)
        summary["out"] = out
    if as_json:
        return json.dumps(summary, indent=2)
    mean, bands = summary["mean_probability"], summary["bands"]
    assert isinstance(bands, dict)
    lines = [f"scored {summary['rows']} people with the {summary['model']} model (trained on {summary['trained_on']})",
             f"mean probability: {mean:.3f}" if isinstance(mean, float) else "no rows",
             "by band: " + ", ".join(f"{band}: {n}" for band, n in bands.items()),
             f"scores written to {out}" if out else "scores not written (pass --out SCORES.csv)",
             str(summary["intended_use"])]
    return "\n".join(lines)


class Command(BaseCommand):
    help = ("Statistical profile: 'train' a calibrated model of the probability of work from closed cases "
            "(with its model card and fairness audit), 'score' a file of people with a trained model. "
            "Model files are trusted artefacts: load only those written by 'profile train'.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        train = actions.add_parser("train", help="train a model from a CSV of closed cases")
        train.add_argument("data", help="CSV with a header row (delimiter and encoding detected)")
        train.add_argument("--outcome", required=True, help="binary outcome column (0/1, yes/no, true/false)")
        train.add_argument("--features", required=True, help="comma-separated feature columns")
        train.add_argument("--protected", help="comma-separated protected attributes: audited, never inputs")
        train.add_argument("--seed", type=int, default=0, help="seed for folds and bootstrap (0)")
        train.add_argument("--out", help="model file (default: VAR_DIR/models/profile-<data>-<outcome>.model)")
        train.add_argument("--min-cases", type=int, default=core.DEFAULT_MIN_CASES, help="refuse fewer cases (200)")
        train.add_argument("--threshold", type=float, default=0.5, help="probability threshold for error rates (0.5)")
        train.add_argument("--date-column", help="column with the case date, for the period on the model card")
        train.add_argument("--max-gap", type=float, default=DEFAULT_MAX_GAP,
                           help="largest group gap allowed without a sign-off (0.1)")
        train.add_argument("--json", action="store_true", help="print the result as JSON")
        score = actions.add_parser("score", help="score a CSV of people with a trained model")
        score.add_argument("model", help="model file written by 'profile train'")
        score.add_argument("data", help="CSV with the model's feature columns")
        score.add_argument("--out", help="write the scores (probability and factors) to this CSV")
        score.add_argument("--id", dest="id_column", help="column copied to the scores as the person's id")
        score.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, action: str, **options):
        try:
            if action == "train":
                out = options["out"] or default_model_path(options["data"], options["outcome"])
                text = run_train(data=options["data"], outcome=options["outcome"], features=options["features"],
                                 protected=options["protected"], seed=options["seed"], out=out,
                                 min_cases=options["min_cases"], threshold=options["threshold"],
                                 date_column=options["date_column"], max_gap=options["max_gap"],
                                 as_json=options["json"])
            else:
                text = run_score(model=options["model"], data=options["data"], out=options["out"],
                                 id_column=options["id_column"], as_json=options["json"])
        except core.ProfileError as problem:
            raise CommandError(str(problem), returncode=2) from problem
        except OSError as problem:
            raise CommandError(f"{problem.filename}: {problem.strerror}", returncode=2) from problem
        self.stdout.write(text)
