"""A person's skills in the taxonomy's terms, and the ranking's weights: one transaction each, audited."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from florwork.accounts.policy import Action, Actor, may
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record
from florwork.matching.models import Skill
from florwork.matching.profile_models import PersonSkill, RankingWeights, SkillSource
from florwork.matching.ranking import Weights


def _require_person(by: Actor, person) -> None:
    if not may(by, Action.PERSON_UPDATE, person):
        raise PermissionDenied


def _audit_person(by: Actor, operation: str, person_id: int, **detail: Any) -> None:
    audit_record(actor=by, operation=operation, purpose=Purpose.CASE_MANAGEMENT, object_type="people.Person",
                 object_id=person_id, object_label=f"person {person_id}", fields=["skills"], detail=detail)


def person_skill_add(*, person, skill: Skill, source: str = SkillSource.DECLARED, level: int | None = None,
                     by: Actor) -> PersonSkill:
    """Record (or update) a skill of the person, declared by them or assessed by an operator."""
    _require_person(by, person)
    if source not in SkillSource.values:
        raise ValidationError({"source": _("Unknown source of the skill.")})
    if level is not None and not 1 <= level <= 4:
        raise ValidationError({"level": _("The level is 1 to 4.")})
    with transaction.atomic():
        link, created = PersonSkill.objects.update_or_create(
            person=person, skill=skill,
            defaults={"source": source, "level": level, "recorded_at": timezone.now(),
                      "recorded_by_user_id": by.user_id, "recorded_by_label": by.label[:200]})
        _audit_person(by, Operation.CREATE if created else Operation.UPDATE, person.pk, skill=skill.uri,
                      source=source)
    return link


def person_skill_remove(*, link: PersonSkill, by: Actor) -> None:
    _require_person(by, link.person)
    with transaction.atomic():
        person_id, uri = link.person_id, link.skill.uri
        link.delete()
        _audit_person(by, Operation.DELETE, person_id, skill=uri)


def weights_save(*, weights: Weights, note: str, by: Actor) -> RankingWeights:
    """A new version of the ranking's weights, in force from now; the old versions stay as history."""
    if not may(by, Action.RULES_MANAGE):
        raise PermissionDenied
    if not note.strip():
        raise ValidationError({"note": _("Say why the weights change.")})
    values = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(weights).items()}
    with transaction.atomic():
        latest = RankingWeights.objects.aggregate(v=Max("version"))["v"] or 0
        row = RankingWeights.objects.create(version=latest + 1, values=values, note=note.strip()[:300],
                                            created_at=timezone.now(), created_by_label=by.label[:200])
        audit_record(actor=by, operation=Operation.CREATE, purpose=Purpose.GOVERNANCE,
                     object_type="matching.RankingWeights", object_id=row.pk, object_label=str(row),
                     fields=["values"], detail={"version": row.version})
    return row
