"""The person record. Special-category data (GDPR art. 9: health, disability) lives in its own table,
``PersonSensitive``, loaded only for roles granted PERSON_VIEW_SPECIAL."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from florwork.people.choices import (
    Availability,
    BenefitKind,
    CaregivingLoad,
    CefrLevel,
    ConsentPurpose,
    ContractKind,
    HoursPreference,
    IscedLevel,
    Sex,
)


class Person(models.Model):
    # identity: what the person states; the codice fiscale is cross-checked against it, never overwrites it
    codice_fiscale = models.CharField(_("codice fiscale"), max_length=16, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_place_code = models.CharField(
        _("birth place"), max_length=4, blank=True,
        help_text=_("Cadastral code of the comune of birth, or Z + three digits for a foreign state."),
    )
    citizenship = models.CharField(_("citizenship"), max_length=2, blank=True, help_text=_("ISO 3166 country code"))
    # residence and contacts
    residence_istat = models.CharField(_("comune of residence (ISTAT)"), max_length=6, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # education and languages
    isced_level = models.PositiveSmallIntegerField(_("education (ISCED)"), choices=IscedLevel.choices, null=True,
                                                   blank=True)
    education_title = models.CharField(_("title of study"), max_length=200, blank=True)
    italian_level = models.CharField(_("Italian (CEFR)"), max_length=6, choices=CefrLevel.choices, blank=True)
    other_languages = models.JSONField(_("other languages"), default=list, blank=True,
                                       help_text=_('e.g. [{"language": "en", "level": "B1"}]'))
    driving_licences = models.JSONField(_("driving licences"), default=list, blank=True)
    own_vehicle = models.BooleanField(_("own vehicle"), default=False)
    # household
    household_size = models.PositiveSmallIntegerField(_("household members"), default=1,
                                                      validators=[MinValueValidator(1), MaxValueValidator(30)])
    minors_in_household = models.PositiveSmallIntegerField(_("minors in the household"), default=0)
    caregiving_load = models.CharField(_("caregiving load"), max_length=8, choices=CaregivingLoad.choices,
                                       default=CaregivingLoad.NONE)
    # skills and preferences
    skills = models.JSONField(_("skills"), default=list, blank=True)
    occupations_sought = models.JSONField(_("occupations sought"), default=list, blank=True)
    hours_preference = models.CharField(_("hours"), max_length=10, choices=HoursPreference.choices,
                                        default=HoursPreference.ANY)
    max_commute_minutes = models.PositiveSmallIntegerField(_("maximum commute (minutes)"), null=True, blank=True,
                                                           validators=[MaxValueValidator(240)])
    availability = models.CharField(_("availability"), max_length=10, choices=Availability.choices,
                                    default=Availability.IMMEDIATE)
    # bookkeeping
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by_organization_id = models.BigIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking: a stale form gets a conflict

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(fields=["codice_fiscale"], condition=~Q(codice_fiscale=""),
                                    name="person_codice_fiscale_unique"),
            models.CheckConstraint(condition=Q(sex__in=Sex.values), name="person_sex_valid"),
            models.CheckConstraint(condition=Q(minors_in_household__lt=F("household_size")),
                                   name="person_minors_within_household"),
        ]
        indexes = [
            models.Index(fields=["birth_date", "last_name"], name="person_birth_name"),
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class PersonSensitive(models.Model):
    """Health and disability (GDPR art. 9), seen only by roles granted PERSON_VIEW_SPECIAL."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="sensitive", primary_key=True)
    invalidity_percentage = models.PositiveSmallIntegerField(
        _("civil invalidity (%)"), null=True, blank=True, validators=[MaxValueValidator(100)])
    # L. 68/1999 art. 8: enrolment in the lists of "collocamento mirato"; art. 1: invalidity above 45%
    law68_enrolled = models.BooleanField(_("enrolled in collocamento mirato (L. 68/1999)"), default=False)
    law68_enrolled_on = models.DateField(_("enrolled on"), null=True, blank=True)
    disability_detail = models.TextField(_("disability detail"), blank=True)
    health_notes = models.TextField(_("health as it affects work"), blank=True)
    # structured needs (choices.AccessibilityFeature codes): the ranking's accessibility constraint
    accessibility_needs = models.JSONField(_("workplace accessibility needs"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("health and disability")
        constraints = [
            models.CheckConstraint(condition=Q(invalidity_percentage__isnull=True) | Q(invalidity_percentage__lte=100),
                                   name="sensitive_invalidity_percentage_range"),
            models.CheckConstraint(condition=Q(law68_enrolled=True) | Q(law68_enrolled_on__isnull=True),
                                   name="sensitive_law68_date_only_if_enrolled"),
        ]

    def __str__(self) -> str:
        return f"health and disability of person {self.person_id}"


class Benefit(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="benefits")
    kind = models.CharField(_("kind"), max_length=12, choices=BenefitKind.choices)
    monthly_amount = models.DecimalField(_("monthly amount (EUR)"), max_digits=9, decimal_places=2)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("benefit received")
        verbose_name_plural = _("benefits received")
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                                   name="benefit_end_after_start"),
            models.CheckConstraint(condition=Q(monthly_amount__gte=0), name="benefit_amount_not_negative"),
            models.CheckConstraint(condition=Q(kind__in=BenefitKind.values), name="benefit_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} from {self.start}"


class WorkExperience(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="work_history")
    occupation = models.CharField(_("occupation"), max_length=200)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)
    contract_kind = models.CharField(_("contract"), max_length=16, choices=ContractKind.choices)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("work experience")
        verbose_name_plural = _("work history")
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                                   name="work_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.occupation} from {self.start}"


class Consent(models.Model):
    """Consent for one purpose; for partner sharing, with one named organization. Withdrawal is a date,
    never a deletion: the record of what was allowed when is kept."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=24, choices=ConsentPurpose.choices)
    organization_id = models.BigIntegerField(_("partner organization"), null=True, blank=True)
    given_at = models.DateTimeField(_("given on"))
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    document = models.FileField(_("signed document"), upload_to="consents/%Y/%m/", blank=True)
    recorded_by_user_id = models.BigIntegerField(null=True)
    recorded_by_label = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(condition=Q(purpose__in=ConsentPurpose.values), name="consent_purpose_valid"),
            # sharing names exactly one partner organization; the other purposes name none
            models.CheckConstraint(
                condition=(Q(purpose=ConsentPurpose.PARTNER_SHARING) & Q(organization_id__isnull=False))
                | (~Q(purpose=ConsentPurpose.PARTNER_SHARING) & Q(organization_id__isnull=True)),
                name="consent_partner_named_only_for_sharing",
            ),
            models.CheckConstraint(condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=F("given_at")),
                                   name="consent_withdrawn_after_given"),
            # at most one live consent per purpose (and partner)
            models.UniqueConstraint(fields=["person", "purpose"],
                                    condition=Q(withdrawn_at__isnull=True, organization_id__isnull=True),
                                    name="consent_one_live_per_purpose"),
            models.UniqueConstraint(fields=["person", "purpose", "organization_id"],
                                    condition=Q(withdrawn_at__isnull=True, organization_id__isnull=False),
                                    name="consent_one_live_per_partner"),
        ]
        indexes = [models.Index(fields=["person", "purpose"], name="consent_person_purpose")]

    def __str__(self) -> str:
        return f"{self.purpose} ({'withdrawn' if self.withdrawn_at else 'live'})"
