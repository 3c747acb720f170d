"""What a partner organization sees of a person it receives a referral for — written down in one place.

Data minimisation (GDPR art. 5(1)(c)): the receiving partner needs to contact the person and to know
why they are referred and on which GOL pathway. Nothing else leaves the hub: never the codice fiscale,
birth date, address, household, benefits, health or disability (special categories, art. 9), work
history, the assessment's answers or scores, nor the hub's case timeline.

Every page and API operation of the partner's inbox renders a referral through ``shared_view`` only,
and shows the person's fields only while the sharing consent with that partner is live.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

# the person's fields the partner sees, in this order (labels for the pages)
SHARED_PERSON_FIELDS = {
    "first_name": _("first name"),
    "last_name": _("last name"),
    "phone": _("phone"),
    "email": _("e-mail"),
    "italian_level": _("Italian (CEFR)"),
    "other_languages": _("other languages"),
}
# the referral's own fields the partner sees
SHARED_REFERRAL_FIELDS = ("code", "state", "state_reason", "service", "reason", "pathway", "sending_organization",
                          "sent_by_label", "sent_at", "answer_due", "answered_at", "started_at", "closed_at",
                          "version")


@dataclass(frozen=True)
class SharedPerson:
    first_name: str
    last_name: str
    phone: str
    email: str
    italian_level: str
    other_languages: list

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def italian_level_label(self) -> str:
        from florwork.people.choices import CefrLevel

        return str(dict(CefrLevel.choices).get(self.italian_level, self.italian_level))


@dataclass(frozen=True)
class SharedReferral:
    id: int
    code: str
    state: str
    state_label: str
    state_reason: str
    service_id: int
    service_title: str
    reason: str
    pathway: int | None
    pathway_label: str
    sending_organization: str
    sent_by_label: str
    sent_at: datetime
    answer_due: date
    answered_at: datetime | None
    started_at: datetime | None
    closed_at: datetime | None
    version: int
    person: SharedPerson | None  # None: the sharing consent is no longer live


def shared_person(person) -> SharedPerson:
    return SharedPerson(**{name: getattr(person, name) for name in SHARED_PERSON_FIELDS})


def shared_view(referral, *, consent_live: bool) -> SharedReferral:
    """The referral as its receiving partner sees it (needs service, sending_organization and person)."""
    from florwork.assessment.models import Pathway

    return SharedReferral(
        id=referral.pk, code=referral.code, state=referral.state, state_label=str(referral.get_state_display()),
        state_reason=referral.state_reason, service_id=referral.service_id, service_title=referral.service.title,
        reason=referral.reason, pathway=referral.pathway,
        pathway_label=str(Pathway(referral.pathway).label) if referral.pathway else "",
        sending_organization=referral.sending_organization.name, sent_by_label=referral.sent_by_label,
        sent_at=referral.sent_at, answer_due=referral.answer_due, answered_at=referral.answered_at,
        started_at=referral.started_at, closed_at=referral.closed_at, version=referral.version,
        person=shared_person(referral.person) if consent_live else None)
