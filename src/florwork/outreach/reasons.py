"""The score's reasons in words (the pure core returns codes and values; this layer translates them)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from florwork.employers.models import RelationshipState
from florwork.outreach import scoring

PART_LABELS = {
    scoring.SECTOR_DEMAND: gettext_lazy("Sector demand"),
    scoring.SIZE: gettext_lazy("Size"),
    scoring.LAW68: gettext_lazy("Law 68 shortfall"),
    scoring.DISTANCE: gettext_lazy("Candidates nearby"),
    scoring.RELATIONSHIP: gettext_lazy("Relationship"),
    scoring.LAST_CONTACT: gettext_lazy("Last contact"),
}


@dataclass(frozen=True)
class ReasonLine:
    code: str
    label: str
    text: str
    points: float
    maximum: float

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.maximum) if self.maximum else 0


def _text(reason: scoring.Reason, weights: scoring.Weights) -> str:
    value = reason.value
    if reason.code == scoring.SECTOR_DEMAND:
        if not value:
            return _("no active candidate seeks or has done the jobs this sector employs")
        return ngettext("%(n)d active candidate seeks or has done jobs this sector employs",
                        "%(n)d active candidates seek or have done jobs this sector employs", int(value)) % {
            "n": int(value)}
    if reason.code == scoring.SIZE:
        if value is None:
            return _("number of employees unknown")
        return ngettext("%(n)d employee", "%(n)d employees", int(value)) % {"n": int(value)}
    if reason.code == scoring.LAW68:
        if not value:
            return _("no uncovered reserved place")
        return ngettext("%(n)d reserved place uncovered (L. 68/1999)", "%(n)d reserved places uncovered "
                        "(L. 68/1999)", int(value)) % {"n": int(value)}
    if reason.code == scoring.DISTANCE:
        if value is None:
            return _("location unknown")
        return ngettext("%(n)d active candidate lives within %(km)s km", "%(n)d active candidates live within "
                        "%(km)s km", int(value)) % {"n": int(value), "km": f"{weights.near_km:g}"}
    if reason.code == scoring.RELATIONSHIP:
        if value == scoring.FORMER_PARTNER:
            return _("former partner, now dormant: worth waking up")
        return str(dict(RelationshipState.choices).get(value, value))
    if reason.code == scoring.LAST_CONTACT:
        if value is None:
            return _("never contacted")
        if value == 0:
            return _("contacted today")
        return ngettext("last contact %(n)d day ago", "last contact %(n)d days ago", int(value)) % {"n": int(value)}
    return str(value)


def reason_lines(result: scoring.ScoreResult, weights: scoring.Weights) -> list[ReasonLine]:
    maxima = weights.points()
    return [ReasonLine(r.code, str(PART_LABELS.get(r.code, r.code)), _text(r, weights), r.points,
                       maxima.get(r.code, 0.0)) for r in result.reasons]


def reason_dicts(result: scoring.ScoreResult, weights: scoring.Weights) -> list[dict]:
    """For the API: code, value, points, the maximum and the sentence."""
    return [{"code": r.code, "value": r.value, "points": r.points, "max_points": round(line.maximum, 2),
             "text": line.text} for r, line in zip(result.reasons, reason_lines(result, weights), strict=True)]
