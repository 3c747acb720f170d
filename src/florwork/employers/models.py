"""The company registry: companies with per-field provenance, sites, contacts, relationship history,
Law 68/1999 figures and Art. 14 D.Lgs 276/2003 conventions with their regional parameters.

Built so that the later features sit on top: imports add claims with source ``import:<file>`` (and keep
their rows elsewhere), outreach and visits read sites (coordinates, opening hours) and contacts (never
the opted-out ones), opportunities point at the company.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from florwork.employers.relationship import Relationship


class RelationshipState(models.TextChoices):
    PROSPECT = Relationship.PROSPECT, _("prospect")
    CONTACTED = Relationship.CONTACTED, _("contacted")
    VISITED = Relationship.VISITED, _("visited")
    PARTNER = Relationship.PARTNER, _("active partner")
    DORMANT = Relationship.DORMANT, _("dormant")


class LegalForm(models.TextChoices):
    SOLE_TRADER = "di", _("sole trader (ditta individuale)")
    SNC = "snc", _("S.n.c.")
    SAS = "sas", _("S.a.s.")
    SRL = "srl", _("S.r.l.")
    SRLS = "srls", _("S.r.l.s.")
    SPA = "spa", _("S.p.A.")
    SAPA = "sapa", _("S.a.p.a.")
    COOPERATIVE = "coop", _("cooperative")
    CONSORTIUM = "consortium", _("consortium")
    ASSOCIATION = "association", _("association or foundation")
    PUBLIC = "public", _("public body")
    OTHER = "other", _("other")


class Company(models.Model):
    """One company of the registry. Its tracked fields hold the value chosen among the claims
    (see provenance.py); ``services`` is the only writer."""

    legal_name = models.CharField(_("legal name"), max_length=200, db_index=True)
    trade_names = models.JSONField(_("trade names"), default=list, blank=True)
    partita_iva = models.CharField(_("partita IVA"), max_length=11, blank=True)
    codice_fiscale = models.CharField(_("codice fiscale"), max_length=16, blank=True, db_index=True)
    ateco_code = models.CharField(_("ATECO code"), max_length=8, blank=True, db_index=True)
    ateco_edition = models.CharField(_("ATECO edition"), max_length=4, blank=True)
    ateco_label = models.CharField(_("ATECO activity"), max_length=300, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=12, choices=LegalForm.choices, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    employees_as_of = models.DateField(_("employees as of"), null=True, blank=True)
    employees_source = models.CharField(_("employees source"), max_length=200, blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    phone = models.CharField(_("switchboard phone"), max_length=30, blank=True)
    email = models.EmailField(_("general e-mail"), blank=True)
    # Law 68/1999 as the employer declares it (prospetto informativo) or the officer learns it
    computable_headcount = models.PositiveIntegerField(_("computable headcount (L. 68/1999)"), null=True,
                                                       blank=True)
    disabled_employed = models.PositiveIntegerField(_("disabled workers employed"), null=True, blank=True)
    protected_employed = models.PositiveIntegerField(_("protected-category workers employed"), null=True,
                                                     blank=True)
    # derived by the services from the figures above and the conventions, for filtering and ordering
    law68_shortfall = models.PositiveIntegerField(_("Law 68 shortfall"), default=0, db_index=True)
    law68_art14_room = models.PositiveIntegerField(_("Art. 14 room"), default=0)
    state = models.CharField(_("relationship"), max_length=10, choices=RelationshipState.choices,
                             default=RelationshipState.PROSPECT, db_index=True)
    state_changed_at = models.DateTimeField(_("relationship since"))
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))
    version = models.PositiveIntegerField(default=1)  # optimistic locking: no lost update

    class Meta:
        ordering = ["legal_name", "pk"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        constraints = [
            models.UniqueConstraint(fields=["partita_iva"], condition=~Q(partita_iva=""),
                                    name="company_partita_iva_unique"),
            models.CheckConstraint(condition=Q(partita_iva="") | Q(partita_iva__regex=r"^[0-9]{11}$"),
                                   name="company_partita_iva_eleven_digits"),
            models.CheckConstraint(condition=Q(codice_fiscale="") | Q(codice_fiscale__regex=r"^[0-9]{11}$")
                                   | Q(codice_fiscale__regex=r"^[A-Z0-9]{16}$"),
                                   name="company_codice_fiscale_format"),
            models.CheckConstraint(condition=Q(state__in=RelationshipState.values), name="company_state_valid"),
            models.CheckConstraint(condition=Q(legal_form="") | Q(legal_form__in=LegalForm.values),
                                   name="company_legal_form_valid"),
            models.CheckConstraint(condition=Q(ateco_code="") | ~Q(ateco_edition=""),
                                   name="company_ateco_has_edition"),
        ]

    def __str__(self) -> str:
        return self.legal_name

    @property
    def code(self) -> str:
        return f"AZ-{self.pk:06d}"


class ClaimField(models.TextChoices):
    """The company fields whose every value is kept with its source (per-field provenance)."""

    LEGAL_NAME = "legal_name", _("legal name")
    TRADE_NAMES = "trade_names", _("trade names")
    PARTITA_IVA = "partita_iva", _("partita IVA")
    CODICE_FISCALE = "codice_fiscale", _("codice fiscale")
    ATECO_CODE = "ateco_code", _("ATECO code")
    LEGAL_FORM = "legal_form", _("legal form")
    EMPLOYEES = "employees", _("employees")
    WEBSITE = "website", _("website")
    PHONE = "phone", _("switchboard phone")
    EMAIL = "email", _("general e-mail")
    COMPUTABLE_HEADCOUNT = "computable_headcount", _("computable headcount (L. 68/1999)")
    DISABLED_EMPLOYED = "disabled_employed", _("disabled workers employed")
    PROTECTED_EMPLOYED = "protected_employed", _("protected-category workers employed")


class FieldClaim(models.Model):
    """What one source said about one field of a company, and when. Append-only: a correction is a new claim."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="claims")
    field = models.CharField(_("field"), max_length=24, choices=ClaimField.choices)
    value = models.JSONField(_("value"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200)  # "manual", "import:<file>", "demo", …
    observed_at = models.DateTimeField(_("observed on"))  # when the source said it (the file's date…)
    recorded_at = models.DateTimeField(_("recorded on"))
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    by_label = models.CharField(_("by"), max_length=200)

    class Meta:
        ordering = ["company", "field", "-observed_at", "-pk"]
        verbose_name = _("field claim")
        verbose_name_plural = _("field claims")
        constraints = [models.CheckConstraint(condition=Q(field__in=ClaimField.values), name="claim_field_valid")]
        indexes = [models.Index(fields=["company", "field"], name="claim_company_field")]

    def __str__(self) -> str:
        return f"{self.field} ← {self.source}"


class CoordinatesSource(models.TextChoices):
    NONE = "", _("no coordinates")
    GEOCODE = "geocode", _("geocoded address")
    COMUNE = "comune", _("centre of the comune")


class Site(models.Model):
    """A place where the company works: where visits go."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="sites")
    label = models.CharField(_("name of the site"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    comune_istat = models.CharField(_("comune (ISTAT code)"), max_length=6, db_index=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    coordinates_source = models.CharField(_("coordinates source"), max_length=8, choices=CoordinatesSource.choices,
                                          blank=True)
    is_headquarters = models.BooleanField(_("registered office"), default=False)
    opening_hours = models.JSONField(_("opening hours"), default=dict, blank=True)  # for visit planning (later)
    source = models.CharField(_("source"), max_length=200, default="manual")
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["-is_headquarters", "pk"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.CheckConstraint(condition=Q(comune_istat__regex=r"^[0-9]{6}$"), name="site_istat_six_digits"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True, coordinates_source="")
                | (Q(latitude__isnull=False, longitude__isnull=False) & ~Q(coordinates_source="")),
                name="site_coordinates_paired"),
            models.UniqueConstraint(fields=["company"], condition=Q(is_headquarters=True),
                                    name="site_one_headquarters"),
        ]

    def __str__(self) -> str:
        return self.label or self.address


class MarketingBasis(models.TextChoices):
    """Why the hub may contact this person about work opportunities (GDPR art. 6)."""

    LEGITIMATE_INTEREST = "legitimate_interest", _("legitimate interest (business contact, may object)")
    CONSENT = "consent", _("consent given")


class Contact(models.Model):
    """A person at a company. Personal data: reads are audited, and an opted-out contact is never listed
    for outreach (GDPR art. 21: the objection to direct marketing is absolute)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    job_title = models.CharField(_("role in the company"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    marketing_basis = models.CharField(_("basis for contacting"), max_length=20, choices=MarketingBasis.choices,
                                       default=MarketingBasis.LEGITIMATE_INTEREST)
    consent_given_at = models.DateTimeField(_("consent given on"), null=True, blank=True)
    opted_out_at = models.DateTimeField(_("opted out on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, default="manual")
    created_at = models.DateTimeField(_("created"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(condition=Q(marketing_basis__in=MarketingBasis.values),
                                   name="contact_basis_valid"),
            models.CheckConstraint(condition=~Q(marketing_basis=MarketingBasis.CONSENT)
                                   | Q(consent_given_at__isnull=False), name="contact_consent_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def may_be_contacted(self) -> bool:
        if self.opted_out_at is not None:
            return False
        return self.marketing_basis != MarketingBasis.CONSENT or self.consent_given_at is not None


class StateChange(models.Model):
    """One step of the relationship's history."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="state_changes")
    from_state = models.CharField(max_length=10, choices=RelationshipState.choices, blank=True)
    to_state = models.CharField(max_length=10, choices=RelationshipState.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    at = models.DateTimeField(_("when"))
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    by_label = models.CharField(_("by"), max_length=200)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("relationship change")
        verbose_name_plural = _("relationship changes")

    def __str__(self) -> str:
        return f"{self.from_state or '—'} → {self.to_state}"


class Art14Parameters(models.Model):
    """The regional framework agreement's parameters for one year (Art. 14 c.2 lett. d D.Lgs 276/2003)."""

    region = models.CharField(_("region"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    coefficient = models.DecimalField(_("coefficient"), max_digits=5, decimal_places=3)
    annual_labour_cost = models.DecimalField(_("annual labour cost of the reference contract"), max_digits=10,
                                             decimal_places=2)
    max_share_of_quota = models.DecimalField(_("largest share of the quota coverable"), max_digits=4,
                                             decimal_places=3)
    reference_contract = models.CharField(_("reference contract"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=300)
    is_example = models.BooleanField(_("example values"), default=False)

    class Meta:
        ordering = ["region", "-year"]
        verbose_name = _("Art. 14 parameters")
        verbose_name_plural = _("Art. 14 parameters")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="art14_parameters_one_per_region_year"),
            models.CheckConstraint(condition=Q(coefficient__gt=0) & Q(annual_labour_cost__gt=0)
                                   & Q(max_share_of_quota__gte=0) & Q(max_share_of_quota__lte=1),
                                   name="art14_parameters_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}"


class Art14Convention(models.Model):
    """A company commissions work to a type-B social cooperative under Art. 14 D.Lgs 276/2003, for one year."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="art14_conventions")
    cooperative = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                    related_name="art14_conventions", verbose_name=_("type-B cooperative"))
    region = models.CharField(_("region"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    commission_value = models.DecimalField(_("value of the work commissioned in the year"), max_digits=12,
                                           decimal_places=2)
    disabled_workers_placed = models.PositiveSmallIntegerField(_("disabled workers placed at the cooperative"),
                                                               default=0)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"))
    by_label = models.CharField(_("by"), max_length=200)

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("Art. 14 convention")
        verbose_name_plural = _("Art. 14 conventions")
        constraints = [
            models.UniqueConstraint(fields=["company", "cooperative", "year"], name="art14_one_per_coop_year"),
            models.CheckConstraint(condition=Q(commission_value__gte=0), name="art14_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.company_id} → {self.cooperative_id} ({self.year})"


from florwork.employers.import_models import (  # noqa: E402, F401
    ImportFile,
    ImportRow,
    ImportSource,
    LinkageSettings,
    ReviewPair,
)
