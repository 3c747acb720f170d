"""Outreach use cases: weights, campaigns, targets, contacts. One transaction each, audited, the policy
asked first; optimistic locking where two officers could clash (the campaign, a target)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from florwork.accounts.models import Organization, User
from florwork.accounts.policy import Action, Actor, may
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record
from florwork.conflicts import Conflict
from florwork.employers.models import Company, Contact
from florwork.outreach import scoring
from florwork.outreach.models import (
    Campaign,
    CampaignContact,
    CampaignStatus,
    CampaignTarget,
    Channel,
    Outcome,
    ScoringWeights,
)

MAX_TARGETS = 2000  # a campaign is a calling list for a few officers, not the whole registry


def _require(actor: Actor, action: Action, obj=None) -> None:
    if not may(actor, action, obj):
        raise PermissionDenied


def _audit(by: Actor, operation: str, campaign: Campaign, fields, **detail) -> None:
    audit_record(actor=by, operation=operation, purpose=Purpose.EMPLOYER_ENGAGEMENT,
                 object_type="outreach.Campaign", object_id=campaign.pk, object_label=campaign.code,
                 fields=fields, detail=detail)


# --- weights ----------------------------------------------------------------------------------------------

def weights_save(*, by: Actor, values: dict[str, Any], note: str = "") -> ScoringWeights:
    """A new version of the weights, in force from now (the older ones stay as history). Who steers the
    priorities is who sets the rules (RULES_MANAGE: the programme manager), not each officer."""
    _require(by, Action.RULES_MANAGE)
    try:
        weights = scoring.Weights.from_dict(values)
    except scoring.WeightsError as problem:
        raise ValidationError({"values": str(problem)}) from problem
    with transaction.atomic():
        row = ScoringWeights.objects.create(values=weights.to_dict(), note=note[:300], created_at=timezone.now(),
                                            by_user_id=by.user_id, by_label=by.label or "system")
        audit_record(actor=by, operation=Operation.CREATE, purpose=Purpose.ADMINISTRATION,
                     object_type="outreach.ScoringWeights", object_id=row.pk, object_label=f"weights #{row.pk}",
                     fields=sorted(values))
    return row


# --- campaigns --------------------------------------------------------------------------------------------

def _officers(by: Actor, organization_id: int | None, officer_ids) -> list[User]:
    """Officers of the campaign's organization who may manage companies; anyone else is refused by name."""
    ids = sorted({int(pk) for pk in officer_ids or ()})
    users = list(User.objects.filter(pk__in=ids, memberships__organization_id=organization_id,
                                     memberships__role__in=_managing_roles()).distinct())
    if len(users) != len(ids):
        raise ValidationError({"officers": _("Every assigned officer must be a company officer of your "
                                             "organization.")})
    return users


def _managing_roles() -> list[str]:
    from florwork.accounts.policy import ROLE_GRANTS

    return [role for role, grants in ROLE_GRANTS.items() if Action.COMPANY_MANAGE in grants]


def officer_name(by: Actor) -> str:
    """The officer as colleagues know them (full name), else the actor's label."""
    user = User.objects.filter(pk=by.user_id).first() if by.user_id else None
    return ((user.get_full_name() if user else "") or by.label or "system")[:200]


def _organization(by: Actor) -> Organization:
    organization = Organization.objects.filter(pk=by.organization_id).first()
    if organization is None:
        raise ValidationError({"organization": _("A campaign belongs to an organization; act through one.")})
    return organization


def campaign_create(*, by: Actor, name: str, purpose: str, script: str = "", officer_ids=(),
                    company_ids=(), filters: dict | None = None, organization: Organization | None = None
                    ) -> Campaign:
    """A campaign with its target list (companies picked or taken from a filtered list), each target
    with its priority now; targets are shared round-robin among the officers in priority order."""
    _require(by, Action.COMPANY_MANAGE)
    organization = organization or _organization(by)
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the campaign a name.")
    if not purpose.strip():
        errors["purpose"] = _("Say what the campaign is for.")
    ids = list(dict.fromkeys(int(pk) for pk in company_ids))
    if len(ids) > MAX_TARGETS:
        errors["companies"] = _("A campaign takes at most %(n)d companies; narrow the filters.") % {"n": MAX_TARGETS}
    if errors:
        raise ValidationError(errors)
    officers = _officers(by, organization.pk, officer_ids)
    companies = list(Company.objects.filter(pk__in=ids).values_list("pk", flat=True))
    if len(companies) != len(ids):
        raise ValidationError({"companies": _("Some of the companies chosen do not exist.")})
    from florwork.outreach.selectors import priority_scores

    scores = priority_scores(actor=by, company_ids=ids) if ids else {}
    order = sorted(ids, key=lambda pk: (-scores[pk].score if pk in scores else 0, pk))
    now = timezone.now()
    with transaction.atomic():
        campaign = Campaign.objects.create(organization=organization, name=name.strip()[:150],
                                           purpose=purpose.strip(), script=script.strip(),
                                           filters=filters or {}, created_at=now,
                                           created_by_label=officer_name(by))
        campaign.officers.set(officers)
        CampaignTarget.objects.bulk_create([
            CampaignTarget(campaign=campaign, company_id=pk, added_at=now,
                           priority=scores[pk].score if pk in scores else 0.0,
                           assigned_to=officers[i % len(officers)] if officers else None)
            for i, pk in enumerate(order)])
        _audit(by, Operation.CREATE, campaign, ["name", "purpose", "script", "officers", "targets"],
               targets=len(order), officers=[u.pk for u in officers])
    return campaign


def campaign_update(*, by: Actor, campaign: Campaign, version: int, name: str, purpose: str, script: str,
                    officer_ids=(), status: str = CampaignStatus.OPEN) -> Campaign:
    _require(by, Action.COMPANY_MANAGE, campaign)
    if not name.strip() or not purpose.strip():
        raise ValidationError({"name" if not name.strip() else "purpose": _("This field is required.")})
    if status not in CampaignStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    officers = _officers(by, campaign.organization_id, officer_ids)
    with transaction.atomic():
        updated = Campaign.objects.filter(pk=campaign.pk, version=version).update(
            name=name.strip()[:150], purpose=purpose.strip(), script=script.strip(), status=status,
            version=F("version") + 1)
        if not updated:
            raise Conflict
        campaign.officers.set(officers)
        campaign.refresh_from_db()
        _audit(by, Operation.UPDATE, campaign, ["name", "purpose", "script", "officers", "status"])
    return campaign


def campaign_add_targets(*, by: Actor, campaign: Campaign, company_ids) -> int:
    """Add companies to the list (those already on it are skipped); returns how many were added."""
    _require(by, Action.COMPANY_MANAGE, campaign)
    present = set(campaign.targets.values_list("company_id", flat=True))
    ids = [pk for pk in dict.fromkeys(int(pk) for pk in company_ids) if pk not in present]
    if len(present) + len(ids) > MAX_TARGETS:
        raise ValidationError({"companies": _("A campaign takes at most %(n)d companies.") % {"n": MAX_TARGETS}})
    if Company.objects.filter(pk__in=ids).count() != len(ids):
        raise ValidationError({"companies": _("Some of the companies chosen do not exist.")})
    from florwork.outreach.selectors import priority_scores

    scores = priority_scores(actor=by, company_ids=ids) if ids else {}
    now = timezone.now()
    with transaction.atomic():
        CampaignTarget.objects.bulk_create([
            CampaignTarget(campaign=campaign, company_id=pk, added_at=now,
                           priority=scores[pk].score if pk in scores else 0.0) for pk in ids])
        _audit(by, Operation.UPDATE, campaign, ["targets"], added=len(ids))
    return len(ids)


# --- contacts ---------------------------------------------------------------------------------------------

def _check_contact(target: CampaignTarget, contact: Contact | None, channel: str, outcome: str,
                   at: datetime) -> None:
    errors = {}
    if channel not in Channel.values:
        errors["channel"] = _("Choose phone, e-mail or visit.")
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose an outcome from the list.")
    if at > timezone.now() + timedelta(minutes=5):
        errors["at"] = _("A contact cannot be in the future.")
    if contact is not None:
        if contact.company_id != target.company_id:
            errors["contact"] = _("This person does not work at the company.")
        elif not contact.may_be_contacted:
            # GDPR art. 21 c. 3: once a person objects to direct marketing, their data is no longer used for it
            errors["contact"] = _("This person opted out of marketing contacts: they may not be contacted.")
    if errors:
        raise ValidationError(errors)


def contact_record(*, by: Actor, campaign: Campaign, target: CampaignTarget, version: int, channel: str,
                   outcome: str, at: datetime | None = None, contact: Contact | None = None,
                   notes: str = "") -> CampaignContact:
    """One contact attempt and its outcome. The target's version guards against two officers recording on
    the same company at once; "opted out" also records the person's objection in the registry."""
    _require(by, Action.COMPANY_MANAGE, campaign)
    if target.campaign_id != campaign.pk:
        raise PermissionDenied
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError({"campaign": _("The campaign is closed.")})
    at = at or timezone.now()
    _check_contact(target, contact, channel, outcome, at)
    with transaction.atomic():
        updated = CampaignTarget.objects.filter(pk=target.pk, version=version).update(version=F("version") + 1)
        if not updated:
            raise Conflict
        row = CampaignContact.objects.create(
            target=target, company_id=target.company_id, contact=contact, officer_id=by.user_id,
            officer_label=officer_name(by), at=at, channel=channel, outcome=outcome, notes=notes.strip(),
            recorded_at=timezone.now())
        latest = target.contacts.order_by("-at", "-pk").first()
        CampaignTarget.objects.filter(pk=target.pk).update(last_outcome=latest.outcome, last_contact_at=latest.at)
        if outcome == Outcome.OPTED_OUT and contact is not None:
            from florwork.employers.services import contact_opt_out

            contact_opt_out(by=by, contact=contact)
        _audit(by, Operation.CREATE, campaign, ["contact"], target=target.pk, company=target.company_id,
               contact=contact.pk if contact else None, channel=channel, outcome=outcome)
    target.refresh_from_db()
    return row
