"""What the candidate profile adds to the person record: skills with ESCO URIs, and the ranking's weights.

A person's free-text ``Person.skills`` stay as the person wrote them; the skills the ranking reads are rows
here, each pointing to a taxonomy skill, with where it comes from: declared by the person (recorded by the
case manager) or assessed by an operator (observed, tested). Skills inferred from past occupations are
never stored: the profile builder derives them from the work history each time, marked ``inferred``.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SkillSource(models.TextChoices):
    DECLARED = "declared", _("declared by the person")
    ASSESSED = "assessed", _("assessed by an operator")


class PersonSkill(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="taxonomy_skills")
    skill = models.ForeignKey("matching.Skill", verbose_name=_("skill"), on_delete=models.PROTECT,
                              related_name="person_links")
    source = models.CharField(_("source"), max_length=10, choices=SkillSource.choices, default=SkillSource.DECLARED)
    # proficiency 1–4 (basic, intermediate, good, expert); empty when not stated. Scales the ranking's credit.
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True,
                                             validators=[MinValueValidator(1), MaxValueValidator(4)])
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by_user_id = models.BigIntegerField(null=True, blank=True)
    recorded_by_label = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["person", "skill__uri"]
        verbose_name = _("skill of a person")
        verbose_name_plural = _("skills of people")
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], name="person_skill_unique"),
            models.CheckConstraint(condition=Q(source__in=SkillSource.values), name="person_skill_source_valid"),
            models.CheckConstraint(condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=4),
                                   name="person_skill_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.source} {self.skill_id}"

    @property
    def level_label(self) -> str:
        return str(dict(LevelChoice.choices).get(self.level, "")) if self.level else ""

    @property
    def credit_level(self) -> float | None:
        """The level as the ranking core's 0–1 proficiency."""
        return None if self.level is None else self.level / 4


class LevelChoice(models.IntegerChoices):
    BASIC = 1, _("basic")
    INTERMEDIATE = 2, _("intermediate")
    GOOD = 3, _("good")
    EXPERT = 4, _("expert")


class RankingWeights(models.Model):
    """One version of the ranking's weights (the core's ``Weights`` as JSON). The newest row is in force;
    older rows are the history, never changed, so a past ranking can be explained with its weights."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    values = models.JSONField(_("weights"))
    note = models.CharField(_("reason for the change"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("in force from"))
    created_by_label = models.CharField(_("by"), max_length=200, blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("ranking weights")
        verbose_name_plural = _("ranking weights")

    def __str__(self) -> str:
        return f"weights v{self.version}"
