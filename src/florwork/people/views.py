"""Person pages: list, profile, edits, history and consents. Thin: parse, call a selector or a service,
render. Who may see whom is decided by the selectors (404 for a person out of reach)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from florwork.accounts.policy import Action, may
from florwork.conflicts import CONFLICT_MESSAGE
from florwork.people import codice_fiscale as cf
from florwork.people import selectors, services
from florwork.people.choices import CefrLevel, Sex
from florwork.people.forms import (
    BenefitForm,
    ConsentForm,
    PersonForm,
    PersonSearchForm,
    SensitiveForm,
    WorkExperienceForm,
)
from florwork.territory.selectors import comuni_in_province
from florwork.web.lists import list_page, render_list

# what the profile page shows, as written into the audit log (person_get adds "sensitive" where shown)
PROFILE_FIELDS = ["identity", "codice_fiscale", "residence", "contacts", "education", "languages", "mobility",
                  "household", "benefits", "work_history", "skills", "preferences", "consents"]
EDIT_FIELDS = [f for f in PROFILE_FIELDS if f not in ("benefits", "work_history", "consents")]
CONFLICT = CONFLICT_MESSAGE
CONTENT_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


def _person(request, person_id: int, *, action: Action = Action.PERSON_VIEW, fields: list[str]):
    return selectors.person_get(actor=request.actor, person_id=person_id, purpose=request.purpose, action=action,
                                fields=fields)


def _apply_errors(form, error: ValidationError, renames: dict[str, str] | None = None) -> None:
    for field, errors in error.message_dict.items():
        field = (renames or {}).get(field, field)
        form.add_error(field if field in form.fields else None, errors)


def _to_profile(person, section: str = ""):
    return redirect(reverse("person_detail", args=[person.pk]) + (f"#{section}" if section else ""))


MISMATCH_LABELS = {"last_name": gettext_lazy("Surname"), "first_name": gettext_lazy("First name"),
                   "birth_date": gettext_lazy("Birth date"), "sex": gettext_lazy("Sex"),
                   "birth_place": gettext_lazy("Birth place")}


def _shown(field: str, value: str, *, stated: bool = False):
    # a stated name is shown with the three letters it gives, beside the three the code has
    if stated and field == "last_name":
        return f"{value} ({cf.expected_name_letters(value, '')[:3]})"
    if stated and field == "first_name":
        return f"{value} ({cf.expected_name_letters('', value)[3:]})"
    if field == "birth_date":
        return date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    if field == "sex":
        return Sex(value).label if value in Sex.values else value
    return value


def mismatch_rows(mismatches) -> list[dict]:
    """The mismatches as a table: which datum, what the person stated, what the code encodes."""
    return [{"field": m.field, "label": MISMATCH_LABELS[m.field], "stated": _shown(m.field, m.stated, stated=True),
             "from_code": _shown(m.field, m.from_code)} for m in mismatches]


def _language_name(code: str) -> str:
    """The language's name in the user's language for an ISO 639-1 code ("zh" too, Django knowing only its
    variants); anything else as written."""
    for candidate in (code.lower(), f"{code.lower()}-hans"):
        try:
            return get_language_info(candidate)["name_translated"]
        except KeyError:
            continue
    return code


def languages_shown(languages) -> list[tuple[str, str]]:
    """Other languages as (name in the user's language, level): codes such as "ro" become "rumeno"."""
    shown = []
    for item in languages:
        name, level = (item.get("language", ""), item.get("level", "")) if isinstance(item, dict) else (item, "")
        name = _language_name(name)
        shown.append((name, CefrLevel(level).label if level in CefrLevel.values else level))
    return shown


def _age(birth_date: dt.date, today: dt.date) -> int:
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def person_list(request):
    filters = PersonSearchForm(request.GET or None)
    query = filters.cleaned_data["q"] if filters.is_valid() else ""
    page = list_page(request, selectors.person_search(actor=request.actor, query=query))
    persons = list(page)
    selectors.persons_audit_list(actor=request.actor, purpose=request.purpose, persons=persons)
    comuni = selectors.comuni_by_istat(p.residence_istat for p in persons)
    rows = [(person, comuni.get(person.residence_istat)) for person in persons]
    return render_list(request, template="people/person_list.html", partial="people/_person_rows.html",
                       page=page, filters=filters, context={"rows": rows})


def person_detail(request, person_id: int):
    person = _person(request, person_id, fields=PROFILE_FIELDS)
    actor = request.actor
    today = timezone.localdate()
    benefits = list(person.benefits.all())
    current = [b for b in benefits if b.start <= today and (b.end is None or b.end >= today)]
    identity = selectors.person_identity(person)
    return render(request, "people/person_detail.html", {
        "person": person,
        "age": _age(person.birth_date, today),
        "languages": languages_shown(person.other_languages),
        "identity": identity,
        "mismatches": mismatch_rows(identity.mismatches),
        "decoded_sex": Sex(identity.decoded.sex).label if identity.decoded and identity.decoded.sex else "",
        "residence": selectors.comuni_by_istat([person.residence_istat]).get(person.residence_istat),
        "benefits": benefits,
        "current_benefit_ids": {b.pk for b in current},
        "current_monthly_total": sum((b.monthly_amount for b in current), start=0),
        "work_history": list(person.work_history.all()),
        "consents": selectors.person_consents(person=person),
        "cases": selectors.person_cases(actor=actor, person=person),
        "sensitive": selectors.person_sensitive(actor=actor, person=person),
        "can_update": may(actor, Action.PERSON_UPDATE, person),
    })


def person_edit(request, person_id: int):
    person = _person(request, person_id, action=Action.PERSON_UPDATE, fields=EDIT_FIELDS)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(person))
    form.fields["residence"].widget.attrs["list"] = "comuni-fi"
    status = 200
    if request.method == "POST" and form.is_valid():
        if form.mismatches_confirmed():
            try:
                services.person_update(by=request.actor, person=person, version=form.cleaned_data["version"],
                                       changes=form.changes(), accept_mismatches=bool(form.mismatches))
            except services.Conflict:
                form.add_error(None, CONFLICT)
                status = 409
            except ValidationError as error:
                _apply_errors(form, error, {"residence_istat": "residence"})
            else:
                messages.success(request, _("Changes saved."))
                return _to_profile(person)
            person.refresh_from_db()  # the failed save changed the object, not the record
    return render(request, "people/person_form.html", {
        "form": form, "person": person, "conflict": status == 409,
        "mismatches": mismatch_rows(getattr(form, "mismatches", [])),
        "comuni_fi": comuni_in_province(province_code="FI"),
    }, status=status)


def person_sensitive_edit(request, person_id: int):
    person = _person(request, person_id, action=Action.PERSON_VIEW_SPECIAL, fields=["sensitive"])
    record = selectors.person_sensitive(actor=request.actor, person=person)
    initial = {name: getattr(record, name) for name in services.SENSITIVE_FIELDS}
    form = SensitiveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.sensitive_update(by=request.actor, person=person, changes=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Health and disability data saved."))
            return _to_profile(person, "health")
    return render(request, "people/sensitive_form.html", {"form": form, "person": person})


def _item_form(request, person, form, *, save, title, lead, section: str, saved: str):
    """A small form that adds one item to the profile (a benefit, a job, a consent)."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, saved)
            return _to_profile(person, section)
    return render(request, "people/item_form.html", {"form": form, "person": person, "title": title, "lead": lead,
                                                     "section": section})


def benefit_add(request, person_id: int):
    person = _person(request, person_id, action=Action.PERSON_UPDATE, fields=["benefits"])
    return _item_form(
        request, person, BenefitForm(request.POST or None),
        save=lambda form: services.benefit_add(by=request.actor, person=person, **form.cleaned_data),
        title=_("Add a benefit"), section="benefits", saved=_("Benefit added."),
        lead=_("A benefit the person receives or received. Two periods of the same benefit cannot overlap."))


def work_experience_add(request, person_id: int):
    person = _person(request, person_id, action=Action.PERSON_UPDATE, fields=["work_history"])
    return _item_form(
        request, person, WorkExperienceForm(request.POST or None),
        save=lambda form: services.work_experience_add(by=request.actor, person=person, **form.cleaned_data),
        title=_("Add a job"), section="work", saved=_("Job added to the work history."),
        lead=_("A job the person has done, declared or not: it counts as experience."))


def consent_give(request, person_id: int):
    person = _person(request, person_id, action=Action.PERSON_UPDATE, fields=["consents"])

    def save(form):
        organization = form.cleaned_data["organization"]
        services.consent_give(by=request.actor, person=person, purpose=form.cleaned_data["purpose"],
                              organization_id=organization.pk if organization else None,
                              given_at=form.given_at(), document=form.cleaned_data["document"])

    form = ConsentForm(request.POST or None, request.FILES or None, initial={"given_on": timezone.localdate()})
    return _item_form(request, person, form, save=save, title=_("Record a consent"), section="consents",
                      saved=_("Consent recorded."),
                      lead=_("A consent the person has given, for one purpose, with the document they signed."))


def consent_withdraw(request, person_id: int, consent_id: int):
    person = _person(request, person_id, action=Action.PERSON_UPDATE, fields=["consents"])
    consent = get_object_or_404(person.consents, pk=consent_id)
    if consent.withdrawn_at is not None:
        messages.info(request, _("This consent was already withdrawn."))
        return _to_profile(person, "consents")
    if request.method == "POST":
        try:
            services.consent_withdraw(by=request.actor, consent=consent)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Consent withdrawn: it no longer applies, from now on."))
        if not selectors.visible_persons(actor=request.actor).filter(pk=person.pk).exists():
            messages.info(request, _("Without this consent you can no longer open this person's record."))
            return redirect("person_list")
        return _to_profile(person, "consents")
    row = next(r for r in selectors.person_consents(person=person) if r.consent.pk == consent.pk)
    return render(request, "people/consent_withdraw.html", {"person": person, "row": row})


def consent_document(request, person_id: int, consent_id: int):
    """The signed document, only through the policy (never from a public media URL)."""
    person = _person(request, person_id, fields=["consents.document"])
    consent = get_object_or_404(person.consents, pk=consent_id)
    if not consent.document:
        raise Http404
    extension = Path(consent.document.name).suffix.lower()
    try:
        handle = consent.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=f"consent-{consent.pk}{extension}",
                            content_type=CONTENT_TYPES.get(extension, "application/octet-stream"))
    response["Cache-Control"] = "private, no-store"
    return response
