"""The model card's sentences in the reader's language.

The pure core writes its card in English (it is also a file beside the model and a Markdown download);
the page rebuilds each sentence it recognises from the figures inside it, in the active language. A
sentence it does not recognise (a card written by a later core) is shown as written."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def _n(text: str) -> str:
    """A number of the card in the active language's format ("0.731" -> "0,731" in Italian)."""
    decimals = len(text.split(".")[1]) if "." in text else 0
    return number_format(float(text), decimal_pos=decimals, use_l10n=True)


def _rewrite(text: str, rules: list[Rule]) -> str:
    for pattern, build in rules:
        match = pattern.fullmatch(text)
        if match:
            return build(match)
    return text


def _known(text: str, rules: list[Rule]) -> bool:
    return any(pattern.fullmatch(text) for pattern, _build in rules)


_EVALUATION: list[Rule] = [(
    re.compile(r"out-of-fold predictions, stratified (\d+)-fold, seed (\d+)"),
    lambda m: _("out-of-fold predictions, stratified %(folds)s-fold cross-validation, seed %(seed)s")
    % {"folds": m[1], "seed": m[2]},
)]
_NUMBERS = r"AUC ([\d.]+) vs ([\d.]+), Brier ([\d.]+) vs ([\d.]+)"
_REASON: list[Rule] = [
    (re.compile(r"logistic regression only \(the gradient-boosted model was not tried\)"),
     lambda m: _("logistic regression only (the gradient-boosted model was not tried)")),
    (re.compile(r"gradient boosting beat the logistic baseline out of sample: " + _NUMBERS),
     lambda m: _("gradient boosting beat the logistic baseline out of sample: AUC %(a)s vs %(b)s, "
                 "Brier %(c)s vs %(d)s") % {"a": _n(m[1]), "b": _n(m[2]), "c": _n(m[3]), "d": _n(m[4])}),
    (re.compile(r"logistic baseline kept: gradient boosting did not beat it out of sample by ([\d.]+) AUC and on "
                r"Brier \(" + _NUMBERS + r"\)"),
     lambda m: _("logistic baseline kept: gradient boosting did not beat it out of sample by %(gain)s AUC and on "
                 "Brier (AUC %(a)s vs %(b)s, Brier %(c)s vs %(d)s)")
     % {"gain": _n(m[1]), "a": _n(m[2]), "b": _n(m[3]), "c": _n(m[4]), "d": _n(m[5])}),
]
_EXPLANATIONS: list[Rule] = [
    (re.compile(r"exact: each feature's share of the log-odds against the training mean"),
     lambda m: _("exact: each feature's share of the log-odds against the training mean")),
    (re.compile(r"advisory: from the logistic baseline, not from the gradient-boosted model that scores"),
     lambda m: _("advisory: from the logistic baseline, not from the gradient-boosted model that scores")),
]
_LIMITS: list[Rule] = [
    (re.compile(r"Learned from (\d+) closed cases of one hub; people unlike them \(other services, other years, "
                r"other labour markets\) are predicted less reliably\."),
     lambda m: _("Learned from %(rows)s closed cases of one hub; people unlike them (other services, other "
                 "years, other labour markets) are predicted less reliably.") % {"rows": m[1]}),
    (re.compile(r"Predicts '([^']*)' as it was recorded: work that went unrecorded teaches the model to "
                r"underrate the people it happened to \(see the false-negative rates by group\)\."),
     lambda m: _("Predicts “%(outcome)s” as it was recorded: work that went unrecorded teaches the model to "
                 "underrate the people it happened to (see the false-negative rates by group).")
     % {"outcome": m[1]}),
    (re.compile(r"Associations, not causes: a factor that lowers the probability is never a reason to withhold a "
                r"service\."),
     lambda m: _("Associations, not causes: a factor that lowers the probability is never a reason to withhold "
                 "a service.")),
    (re.compile(r"Protected attributes are not inputs, but other features can stand in for them; the audit by "
                r"group is the check, and it covers only the attributes listed\."),
     lambda m: _("Protected attributes are not inputs, but other features can stand in for them; the audit by "
                 "group is the check, and it covers only the attributes listed.")),
    (re.compile(r"Groups under (\d+) cases are reported but not in the gaps: (.*)\."),
     lambda m: _("Groups under %(min)s cases are reported but not in the gaps: %(groups)s.")
     % {"min": m[1], "groups": m[2]}),
]


def card_texts(card: dict[str, Any]) -> dict[str, Any]:
    """The card's sentences for the page, in the active language."""
    return {
        "evaluation": _rewrite(card.get("metrics", {}).get("evaluation", ""), _EVALUATION),
        "model_reason": _rewrite(card.get("model_reason", ""), _REASON),
        "explanations": _rewrite(card.get("explanations", ""), _EXPLANATIONS),
        "limits": [_rewrite(limit, _LIMITS) for limit in card.get("limits", [])],
    }


def unrecognised(card: dict[str, Any]) -> list[str]:
    """The card's sentences no rule rebuilds (they would be shown in English): a check for the tests."""
    sentences = [(card.get("metrics", {}).get("evaluation", ""), _EVALUATION),
                 (card.get("model_reason", ""), _REASON), (card.get("explanations", ""), _EXPLANATIONS),
                 *[(limit, _LIMITS) for limit in card.get("limits", [])]]
    return [text for text, rules in sentences if not _known(text, rules)]
