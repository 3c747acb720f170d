"""The anonymized profile a company receives: as a page, as JSON and as an A4 PDF (WeasyPrint).

What it shows is chosen field by field (an allow-list, never "the person minus some fields"): the
pseudonymous code, skills (those the vacancy asks for first), experience as occupations and durations,
the education level, languages, licences, availability and hours. What it never shows: name, age or
birth date, sex, nationality or birthplace, photo, address or comune, phone, e-mail, codice fiscale,
employers' names — the GDPR's data minimisation (art. 5(1)(c)) and the ban on selecting workers by
personal characteristics (D.Lgs. 276/2003 art. 10; D.Lgs. 198/2006 art. 27; D.Lgs. 215/2003).
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field

from django.conf.locale import LANG_INFO
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from florwork.accounts.models import Organization, User
from florwork.accounts.policy import Actor
from florwork.assessment.models import in_language
from florwork.audit.models import Operation
from florwork.audit.services import audit_record
from florwork.people.choices import Availability, CefrLevel, ContractKind, HoursPreference, IscedLevel
from florwork.shortlists.models import ShortlistEntry

LANGUAGES = ("it", "en")
DAYS_PER_MONTH = 30.44


@dataclass(frozen=True)
class Job:
    occupation: str
    months: int
    duration: str  # "2 years 3 months", in the profile's language
    contract: str
    current: bool


@dataclass(frozen=True)
class AnonymizedProfile:
    code: str
    vacancy_title: str
    vacancy_code: str
    company: str
    matched_skills: list[str] = field(default_factory=list)  # asked for by the vacancy, held by the candidate
    other_skills: list[str] = field(default_factory=list)
    experience: list[Job] = field(default_factory=list)
    education: str = ""
    education_title: str = ""
    languages: list[tuple[str, str]] = field(default_factory=list)  # (language, level)
    licences: list[str] = field(default_factory=list)
    own_vehicle: bool = False
    availability: str = ""
    hours: str = ""
    presented_by: str = ""
    officer: str = ""
    officer_email: str = ""  # the hub officer's work address, for the company to answer
    generated_on: datetime.date | None = None

    def as_json(self) -> dict:
        data = asdict(self)
        data["generated_on"] = self.generated_on.isoformat() if self.generated_on else None
        data["languages"] = [{"language": name, "level": level} for name, level in self.languages]
        return data


def _language_name(code: str) -> str:
    info = LANG_INFO.get(code.lower())
    return str(translation.gettext(info["name"])) if info else code.upper()


def _languages(person) -> list[tuple[str, str]]:
    levels = dict(CefrLevel.choices)
    found = []
    if person.italian_level:
        found.append((_language_name("it"), str(levels.get(person.italian_level, person.italian_level))))
    for item in person.other_languages or []:
        if isinstance(item, dict) and item.get("language"):
            level = str(item.get("level") or "")
            found.append((_language_name(str(item["language"])), str(levels.get(level, level))))
    return found


def _skills(entry: ShortlistEntry, language: str) -> tuple[list[str], list[str]]:
    """Skills the vacancy asks for first (from the taxonomy), then the candidate's other skills."""
    wanted = set(entry.vacancy.skill_links.values_list("skill_id", flat=True))
    held = getattr(entry.person, "taxonomy_skills", None)
    matched, other = [], []
    for link in (held.select_related("skill").order_by("skill__uri") if held is not None else []):
        label = in_language(link.skill.preferred, language)
        (matched if link.skill_id in wanted else other).append(label)
    # skills the ranking inferred from past work for this vacancy (kept with the entry when it was added)
    for line in (entry.explanation or {}).get("matched_skills", []):
        if isinstance(line, dict) and line.get("how_code") == "inferred" and line.get("label") not in matched:
            matched.append(str(line["label"]))
    seen = {label.lower() for label in matched + other}
    other += [text for text in entry.person.skills or [] if text and text.lower() not in seen]
    return matched, other


def _duration(months: int) -> str:
    years, rest = divmod(months, 12)
    parts = [ngettext("%(n)d year", "%(n)d years", years) % {"n": years}] if years else []
    if rest or not years:
        parts.append(ngettext("%(n)d month", "%(n)d months", rest) % {"n": rest})
    return " ".join(parts)


def _experience(person, today: datetime.date) -> list[Job]:
    contracts = dict(ContractKind.choices)
    jobs = []
    for job in person.work_history.order_by("-start"):
        months = max(1, round(((job.end or today) - job.start).days / DAYS_PER_MONTH))
        jobs.append(Job(occupation=job.occupation, months=months, duration=_duration(months),
                        contract=str(contracts.get(job.contract_kind, "")), current=job.end is None))
    return jobs


def anonymized_profile(entry: ShortlistEntry, language: str = "it") -> AnonymizedProfile:
    """The profile, with its labels in ``language``; built from an allow-list of the person's fields."""
    language = language if language in LANGUAGES else "it"
    person = entry.person
    today = timezone.localdate()
    with translation.override(language):
        matched, other = _skills(entry, language)
        organization = Organization.objects.filter(pk=entry.officer_organization_id).first()
        officer = User.objects.filter(pk=entry.officer_user_id).first() if entry.officer_user_id else None
        return AnonymizedProfile(
            code=entry.code, vacancy_title=entry.vacancy.title, vacancy_code=entry.vacancy.code,
            company=entry.vacancy.company.legal_name, matched_skills=matched, other_skills=other,
            experience=_experience(person, today),
            education=str(IscedLevel(person.isced_level).label) if person.isced_level is not None else "",
            education_title=person.education_title, languages=_languages(person),
            licences=list(person.driving_licences or []), own_vehicle=person.own_vehicle,
            availability=str(dict(Availability.choices).get(person.availability, "")),
            hours=str(dict(HoursPreference.choices).get(person.hours_preference, "")),
            presented_by=organization.name if organization else "",
            officer=(officer.get_full_name() or entry.officer_label) if officer else entry.officer_label,
            officer_email=officer.email if officer else "",
            generated_on=today)


def profile_html(entry: ShortlistEntry, language: str) -> str:
    language = language if language in LANGUAGES else "it"
    profile = anonymized_profile(entry, language)
    with translation.override(language):
        return render_to_string("shortlists/presentation_pdf.html", {"p": profile, "language": language})


def profile_pdf(entry: ShortlistEntry, language: str = "it") -> bytes:
    from weasyprint import HTML  # imported here: loading WeasyPrint costs ~0.5 s, only the PDF needs it

    return HTML(string=profile_html(entry, language)).write_pdf()


def profile_export(*, actor: Actor, entry: ShortlistEntry, language: str, purpose: str) -> bytes:
    """The PDF for an actor the gate let in; it leaves the hub for the company, so it is an export."""
    pdf = profile_pdf(entry, language)
    audit_record(actor=actor, operation=Operation.EXPORT, purpose=purpose, object_type="shortlists.ShortlistEntry",
                 object_id=entry.pk, object_label=entry.code,
                 fields=["skills", "experience", "education", "languages", "licences", "availability"],
                 detail={"vacancy": entry.vacancy_id, "person": entry.person_id, "language": language,
                         "document": "anonymized-profile.pdf"})
    return pdf


def filename(entry: ShortlistEntry, language: str) -> str:
    return _("profile") + f"-{entry.vacancy.code}-{entry.code}-{language}.pdf"
