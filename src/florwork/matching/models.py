"""The occupation/skill taxonomy (ESCO): concepts, their labels per language, relations, releases.

Labels live in one table with their normalised text (indexed) so that search and the per-process
search index read ~90k short rows instead of parsing JSON; the concept rows keep the preferred label
and description per language as small JSON maps for display.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

ESCO_OCCUPATION_PREFIX = "http://data.europa.eu/esco/occupation/"
ESCO_SKILL_PREFIX = "http://data.europa.eu/esco/skill/"


def in_language(texts: dict, language: str | None = None) -> str:
    """The text in the active language, else Italian, else English, else any."""
    language = (language or get_language() or "it")[:2]
    return texts.get(language) or texts.get("it") or texts.get("en") or next(iter(texts.values()), "")


class SkillType(models.TextChoices):
    SKILL = "skill", _("skill/competence")
    KNOWLEDGE = "knowledge", _("knowledge")
    UNKNOWN = "", _("not stated")


class ReuseLevel(models.TextChoices):
    TRANSVERSAL = "transversal", _("transversal")
    CROSS_SECTOR = "cross-sector", _("cross-sector")
    SECTOR_SPECIFIC = "sector-specific", _("sector-specific")
    OCCUPATION_SPECIFIC = "occupation-specific", _("occupation-specific")
    UNKNOWN = "", _("not stated")


class Relation(models.TextChoices):
    ESSENTIAL = "essential", _("essential")
    OPTIONAL = "optional", _("optional")


class LabelKind(models.TextChoices):
    PREFERRED = "preferred", _("preferred label")
    ALTERNATIVE = "alternative", _("synonym")
    HIDDEN = "hidden", _("hidden label (search only)")


class TaxonomyRelease(models.Model):
    """One import (ESCO download or the bundled file): what was loaded, from where, when."""

    source = models.CharField(_("source"), max_length=40)  # "esco" or "bundled"
    version = models.CharField(_("version"), max_length=40, blank=True)
    languages = models.JSONField(_("languages"), default=list)
    files = models.JSONField(_("files"), default=list)
    counts = models.JSONField(_("counts"), default=dict)
    problems = models.JSONField(_("problems"), default=list)
    seconds = models.FloatField(_("seconds"), default=0)
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("taxonomy release")

    def __str__(self) -> str:
        return f"{self.source} {self.version} {self.imported_at:%Y-%m-%d}"


class Occupation(models.Model):
    uri = models.CharField(_("ESCO URI"), max_length=200, unique=True)
    code = models.CharField(_("ESCO code"), max_length=40, blank=True)
    isco_group = models.CharField(_("ISCO group"), max_length=8, blank=True, db_index=True)
    preferred = models.JSONField(_("preferred label"), default=dict)  # {"en": …, "it": …}
    description = models.JSONField(_("description"), default=dict)
    broader = models.ForeignKey("self", verbose_name=_("broader occupation"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="narrower")
    # which languages of the labels were written by us (the bundled file) rather than by ESCO
    our_languages = models.JSONField(_("languages written by the project"), default=list, blank=True)

    class Meta:
        ordering = ["code", "uri"]
        verbose_name = _("occupation")
        constraints = [models.CheckConstraint(condition=Q(uri__startswith="http"), name="occupation_uri_http")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return in_language(self.preferred) or self.uri


class Skill(models.Model):
    uri = models.CharField(_("ESCO URI"), max_length=200, unique=True)
    skill_type = models.CharField(_("type"), max_length=12, choices=SkillType.choices, blank=True)
    reuse_level = models.CharField(_("reuse level"), max_length=24, choices=ReuseLevel.choices, blank=True)
    preferred = models.JSONField(_("preferred label"), default=dict)
    description = models.JSONField(_("description"), default=dict)
    broader = models.ForeignKey("self", verbose_name=_("broader skill"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="narrower")
    our_languages = models.JSONField(_("languages written by the project"), default=list, blank=True)

    class Meta:
        ordering = ["uri"]
        verbose_name = _("skill")
        constraints = [
            models.CheckConstraint(condition=Q(uri__startswith="http"), name="skill_uri_http"),
            models.CheckConstraint(condition=Q(skill_type__in=SkillType.values), name="skill_type_valid"),
            models.CheckConstraint(condition=Q(reuse_level__in=ReuseLevel.values), name="skill_reuse_level_valid"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return in_language(self.preferred) or self.uri


class OccupationSkill(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="occupation_links")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)

    class Meta:
        verbose_name = _("occupation skill")
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="occupation_skill_unique"),
            models.CheckConstraint(condition=Q(relation__in=Relation.values), name="occupation_skill_relation_valid"),
        ]
        indexes = [models.Index(fields=["skill", "relation"], name="occskill_skill_relation")]

    def __str__(self) -> str:
        return f"{self.occupation_id} {self.relation} {self.skill_id}"


class SkillSkill(models.Model):
    """ESCO's skill-to-skill relation: ``related`` is essential or optional for ``skill``."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="related_from_links")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)

    class Meta:
        verbose_name = _("skill relation")
        constraints = [
            models.UniqueConstraint(fields=["skill", "related"], name="skill_skill_unique"),
            models.CheckConstraint(condition=Q(relation__in=Relation.values), name="skill_skill_relation_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.skill_id} {self.relation} {self.related_id}"


class Label(models.Model):
    """One label of one concept (occupation xor skill) in one language, with its normalised text."""

    occupation = models.ForeignKey(Occupation, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="labels")
    skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.CASCADE, related_name="labels")
    language = models.CharField(_("language"), max_length=8)
    # where the label comes from ("esco", "bundled"): an import replaces only its own labels of a language,
    # so the project's Italian synonyms survive an import of ESCO's Italian download and vice versa
    source = models.CharField(_("source"), max_length=16)
    kind = models.CharField(_("kind"), max_length=12, choices=LabelKind.choices)
    text = models.CharField(_("label"), max_length=300)
    normalized = models.CharField(_("normalised label"), max_length=300, db_index=True)

    class Meta:
        ordering = ["language", "kind", "text"]
        verbose_name = _("label")
        constraints = [
            models.CheckConstraint(condition=Q(occupation__isnull=True) ^ Q(skill__isnull=True),
                                   name="label_one_concept"),
            models.CheckConstraint(condition=Q(kind__in=LabelKind.values), name="label_kind_valid"),
            models.UniqueConstraint(fields=["occupation", "source", "language", "kind", "text"],
                                    name="label_occupation_unique"),
            models.UniqueConstraint(fields=["skill", "source", "language", "kind", "text"], name="label_skill_unique"),
        ]

    def __str__(self) -> str:
        return self.text

from florwork.matching.profile_models import (  # noqa: E402,F401  (own module, one app)
    LevelChoice,
    PersonSkill,
    RankingWeights,
    SkillSource,
)
from florwork.matching.vacancy_models import Vacancy, VacancySkill, VacancyStatus  # noqa: E402,F401  (own module, one app)
