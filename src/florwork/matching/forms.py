"""Forms of matching: the vacancy (occupation and skills from the taxonomy), a person's skills, the weights.

The occupation and skill fields validate against the whole taxonomy but list only a few choices (the
search hits, the chosen occupation's ESCO skills, what is already selected): the full ESCO has 3,000
occupations and 14,000 skills, far too many for a page.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from florwork.matching.models import Occupation, OccupationSkill, Relation, Skill
from florwork.matching.profile_models import LevelChoice, SkillSource
from florwork.matching.vacancy_models import Vacancy
from florwork.people.choices import (
    AccessibilityFeature,
    CefrLevel,
    ContractKind,
    DrivingLicence,
    HoursPreference,
    IscedLevel,
)

OCCUPATION_CHOICES_LIMIT = 12
# contracts a hub vacancy can be: not self-employment, occasional or undeclared work
VACANCY_CONTRACTS = [(k, label) for k, label in ContractKind.choices
                     if k not in (ContractKind.SELF_EMPLOYED, ContractKind.OCCASIONAL, ContractKind.UNDECLARED)]
# D.Lgs. 81/2015 art. 4: part time is any schedule shorter than the full time of 40 hours (D.Lgs. 66/2003 art. 3)
FULL_TIME_WEEKLY_HOURS = 40


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def occupation_skills(occupation: Occupation | None) -> tuple[list[Skill], list[Skill]]:
    """The occupation's (essential, optional) ESCO skills, by label."""
    if occupation is None:
        return [], []
    links = OccupationSkill.objects.filter(occupation=occupation).select_related("skill")
    essential, optional = [], []
    for link in links:
        (essential if link.relation == Relation.ESSENTIAL else optional).append(link.skill)
    order = lambda s: s.label.casefold()  # noqa: E731
    return sorted(essential, key=order), sorted(optional, key=order)


def occupation_hits(text: str, limit: int = OCCUPATION_CHOICES_LIMIT) -> list[Occupation]:
    """Occupations for a job title, by the taxonomy's label search (no personal data: no policy needed)."""
    from florwork.matching.selectors import search_index
    from florwork.matching.taxonomy.search import OCCUPATION

    text = text.strip()[:200]
    if not text:
        return []
    hits = search_index().search(text, concept=OCCUPATION, limit=limit)
    rows = Occupation.objects.in_bulk([h.uri for h in hits], field_name="uri")
    return [rows[h.uri] for h in hits if h.uri in rows]


def skill_hits(text: str, limit: int = 10) -> list[Skill]:
    from florwork.matching.selectors import search_index
    from florwork.matching.taxonomy.search import SKILL

    text = text.strip()[:200]
    if not text:
        return []
    hits = search_index().search(text, concept=SKILL, limit=limit)
    rows = Skill.objects.in_bulk([h.uri for h in hits], field_name="uri")
    return [rows[h.uri] for h in hits if h.uri in rows]


def _ids(values) -> list[int]:
    out = []
    for value in values or ():
        pk = getattr(value, "pk", value)
        try:
            out.append(int(pk))
        except (TypeError, ValueError):
            continue
    return out


class VacancyForm(forms.Form):
    title = forms.CharField(label=_("Title of the job"), max_length=200, required=False,
                            help_text=_("As the company calls it; empty: the occupation's name."))
    occupation_query = forms.CharField(label=_("Search an occupation"), max_length=200, required=False,
                                       help_text=_("A job title in Italian or English, e.g. “aiuto cuoco”."))
    occupation = forms.ModelChoiceField(label=_("Occupation (ESCO)"), queryset=Occupation.objects.all(),
                                        widget=forms.RadioSelect,
                                        error_messages={"required": _("Choose the occupation: search it by "
                                                                      "job title, then pick one.")})
    essential_skills = forms.ModelMultipleChoiceField(
        label=_("Essential skills"), queryset=Skill.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Suggested from the occupation: a candidate without them scores lower. Untick what the job "
                    "does not need."))
    optional_skills = forms.ModelMultipleChoiceField(
        label=_("Optional skills"), queryset=Skill.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("Useful, not required."))
    skill_query = forms.CharField(label=_("Add another skill"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    contract_kind = forms.ChoiceField(label=_("Contract"), choices=VACANCY_CONTRACTS)
    hours = forms.ChoiceField(label=_("Hours"), choices=HoursPreference.choices, initial=HoursPreference.FULL_TIME)
    weekly_hours = forms.IntegerField(label=_("Weekly hours"), min_value=1, max_value=48, required=False,
                                      help_text=_("Candidates whose hours do not fit are left out."))
    positions = forms.IntegerField(label=_("Places"), min_value=1, max_value=999, initial=1)
    site = forms.ModelChoiceField(label=_("Site of the company"), queryset=None, required=False,
                                  empty_label=_("— not stated —"),
                                  help_text=_("Where the work is: candidates farther than their commute limit "
                                              "are left out."))
    required_licences = forms.MultipleChoiceField(label=_("Driving licences required"), required=False,
                                                  choices=DrivingLicence.choices,
                                                  widget=forms.CheckboxSelectMultiple)
    min_isced_level = forms.TypedChoiceField(label=_("Minimum education"), required=False, coerce=int,
                                             empty_value=None,
                                             choices=[("", _("— none —")), *IscedLevel.choices])
    min_italian_level = forms.ChoiceField(label=_("Minimum Italian"), required=False,
                                          choices=[("", _("— none —")), *CefrLevel.choices[1:]])
    other_requirements = forms.CharField(label=_("Other requirements"), required=False,
                                         widget=forms.Textarea(attrs={"rows": 2}))
    accessibility = forms.MultipleChoiceField(
        label=_("Accessibility of the workplace"), required=False, choices=AccessibilityFeature.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the workplace offers: candidates who need something it lacks are left out."))
    law68_eligible = forms.BooleanField(label=_("Reserved to people in collocamento mirato (L. 68/1999)"),
                                        required=False)
    closes_on = forms.DateField(label=_("Applications close"), required=False, widget=_date_input())

    def __init__(self, *args, company=None, **kwargs):
        super().__init__(*args, **kwargs)
        from florwork.employers.models import Site

        self.company = company
        self.fields["site"].queryset = Site.objects.filter(company=company) if company else Site.objects.none()
        self._limit_choices()

    # ---- which choices to show ----------------------------------------------------------------------
    def _value(self, name: str):
        if self.is_bound:
            field = self.fields[name]
            return field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        return self.initial.get(name)

    def chosen_occupation(self) -> Occupation | None:
        ids = _ids([self._value("occupation")])
        return Occupation.objects.filter(pk=ids[0]).first() if ids else None

    def _limit_choices(self) -> None:
        occupation = self.chosen_occupation()
        query = self._value("occupation_query") or ""
        occupations = occupation_hits(query) if query else []
        if occupation is not None and occupation not in occupations:
            occupations.insert(0, occupation)
        self.occupation_options = occupations
        self.fields["occupation"].widget.choices = [(o.pk, o.label) for o in occupations]
        essential, optional = occupation_skills(occupation)
        self.suggested_essential, self.suggested_optional = essential, optional
        chosen = {}
        for name in ("essential_skills", "optional_skills"):
            chosen[name] = _ids(self._value(name))
        extra_ids = set(chosen["essential_skills"] + chosen["optional_skills"]) - {s.pk for s in essential + optional}
        extra = list(Skill.objects.filter(pk__in=extra_ids))
        extra += [s for s in skill_hits(self._value("skill_query") or "") if s.pk not in extra_ids
                  and s not in essential and s not in optional]
        everything = essential + optional + extra
        self.fields["essential_skills"].widget.choices = [(s.pk, s.label) for s in everything]
        self.fields["optional_skills"].widget.choices = [(s.pk, s.label) for s in everything]
        self.skill_rows = everything

    # ---- validation ---------------------------------------------------------------------------------
    def clean_closes_on(self) -> date | None:
        value = self.cleaned_data.get("closes_on")
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("The closing date is in the past."))
        return value

    def clean(self):
        data = super().clean()
        both = set(data.get("essential_skills") or []) & set(data.get("optional_skills") or [])
        if both:
            names = ", ".join(sorted(s.label for s in both))
            self.add_error("optional_skills", _("A skill is either essential or optional, not both: %(skills)s.")
                           % {"skills": names})
        hours, weekly = data.get("hours"), data.get("weekly_hours")
        if hours == HoursPreference.PART_TIME and weekly and weekly >= FULL_TIME_WEEKLY_HOURS:
            self.add_error("weekly_hours", _("A part-time job has fewer than %(full)s weekly hours.")
                           % {"full": FULL_TIME_WEEKLY_HOURS})
        return data

    @classmethod
    def initial_from(cls, vacancy: Vacancy) -> dict:
        """The form's initial values for editing a vacancy."""
        links = list(vacancy.skill_links.all())
        return {
            "title": vacancy.title, "occupation": vacancy.occupation_id, "description": vacancy.description,
            "essential_skills": [link.skill_id for link in links if link.essential],
            "optional_skills": [link.skill_id for link in links if not link.essential],
            "contract_kind": vacancy.contract_kind, "hours": vacancy.hours, "weekly_hours": vacancy.weekly_hours,
            "positions": vacancy.positions, "site": vacancy.site_id, "required_licences": vacancy.required_licences,
            "min_isced_level": vacancy.min_isced_level, "min_italian_level": vacancy.min_italian_level,
            "other_requirements": vacancy.other_requirements, "accessibility": vacancy.accessibility,
            "law68_eligible": vacancy.law68_eligible, "closes_on": vacancy.closes_on,
        }

    @staticmethod
    def suggested_initial(occupation: Occupation) -> dict:
        """The occupation with its ESCO essential/optional skills ticked, as a suggestion."""
        essential, optional = occupation_skills(occupation)
        return {"occupation": occupation.pk, "essential_skills": [s.pk for s in essential],
                "optional_skills": [s.pk for s in optional]}


class PersonSkillForm(forms.Form):
    """A case manager records a skill of the person, found in the taxonomy."""

    skill_query = forms.CharField(label=_("Search a skill"), max_length=200, required=False)
    skill = forms.ModelChoiceField(label=_("Skill (ESCO)"), queryset=Skill.objects.all(), widget=forms.RadioSelect,
                                   error_messages={"required": _("Choose the skill: search it, then pick one.")})
    source = forms.ChoiceField(label=_("Source"), choices=SkillSource.choices, initial=SkillSource.DECLARED)
    level = forms.TypedChoiceField(label=_("Level"), required=False, coerce=int, empty_value=None,
                                   choices=[("", _("— not stated —")), *LevelChoice.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        query = (self.data.get(self.add_prefix("skill_query")) if self.is_bound else "") or ""
        hits = skill_hits(query) if query else []
        chosen = _ids([self.data.get(self.add_prefix("skill"))]) if self.is_bound else []
        for skill in Skill.objects.filter(pk__in=chosen):
            if skill not in hits:
                hits.insert(0, skill)
        self.hits = hits
        self.fields["skill"].widget.choices = [(s.pk, s.label) for s in hits]


class WeightsForm(forms.Form):
    values = forms.CharField(label=_("Weights (JSON)"), widget=forms.Textarea(attrs={"rows": 22, "class": "fw-mono"}))
    note = forms.CharField(label=_("Reason for the change"), max_length=300)

    def clean_values(self):
        from florwork.matching.ranking.weights import Weights, WeightsError

        try:
            weights = Weights.from_json(self.cleaned_data["values"])
        except WeightsError as problem:
            raise forms.ValidationError(str(problem)) from problem
        return weights
