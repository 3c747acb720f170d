"""Closed lists of the person record, with the rule or standard each one comes from."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "F", _("female")
    MALE = "M", _("male")


class IscedLevel(models.IntegerChoices):
    """ISCED 2011 levels (UNESCO), as used by ISTAT for educational attainment."""

    EARLY = 0, _("ISCED 0 – no formal education")
    PRIMARY = 1, _("ISCED 1 – primary (licenza elementare)")
    LOWER_SECONDARY = 2, _("ISCED 2 – lower secondary (licenza media)")
    UPPER_SECONDARY = 3, _("ISCED 3 – upper secondary (diploma, qualifica)")
    POST_SECONDARY = 4, _("ISCED 4 – post-secondary non-tertiary (IFTS)")
    SHORT_TERTIARY = 5, _("ISCED 5 – short-cycle tertiary (ITS Academy)")
    BACHELOR = 6, _("ISCED 6 – bachelor (laurea triennale)")
    MASTER = 7, _("ISCED 7 – master (laurea magistrale)")
    DOCTORATE = 8, _("ISCED 8 – doctorate")


class CefrLevel(models.TextChoices):
    """Common European Framework of Reference for Languages; NATIVE for a mother tongue."""

    NONE = "none", _("none")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "native", _("mother tongue")


class CaregivingLoad(models.TextChoices):
    NONE = "none", _("none")
    LIGHT = "light", _("light (a few hours a week)")
    HEAVY = "heavy", _("heavy (daily care of a child or a dependent adult)")


class BenefitKind(models.TextChoices):
    # Assegno di inclusione and Supporto formazione e lavoro: D.L. 48/2023, conv. L. 85/2023
    ADI = "adi", _("Assegno di inclusione (ADI)")
    SFL = "sfl", _("Supporto formazione e lavoro (SFL)")
    MUNICIPAL = "municipal", _("municipal economic contribution")
    HOUSING = "housing", _("housing support")
    # NASpI: D.Lgs. 22/2015
    NASPI = "naspi", _("NASpI unemployment benefit")
    OTHER = "other", _("other benefit")


class ContractKind(models.TextChoices):
    PERMANENT = "permanent", _("permanent (tempo indeterminato)")
    FIXED_TERM = "fixed_term", _("fixed-term (tempo determinato)")
    APPRENTICESHIP = "apprenticeship", _("apprenticeship (apprendistato)")
    AGENCY = "agency", _("agency work (somministrazione)")
    TIROCINIO = "tirocinio", _("traineeship (tirocinio)")
    SELF_EMPLOYED = "self_employed", _("self-employed")
    OCCASIONAL = "occasional", _("occasional work")
    UNDECLARED = "undeclared", _("undeclared work")


class HoursPreference(models.TextChoices):
    FULL_TIME = "full_time", _("full time")
    PART_TIME = "part_time", _("part time")
    ANY = "any", _("any")


class Availability(models.TextChoices):
    IMMEDIATE = "immediate", _("immediately")
    ONE_MONTH = "one_month", _("within a month")
    LATER = "later", _("later")
    NOT_NOW = "not_now", _("not available now")


class DrivingLicence(models.TextChoices):
    AM = "AM", "AM"
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"
    CQC = "CQC", _("CQC (professional driver)")


class ConsentPurpose(models.TextChoices):
    CASE_MANAGEMENT = "case_management", _("case management by the hub")
    PARTNER_SHARING = "partner_sharing", _("sharing with a named partner organization")
    EMPLOYER_PRESENTATION = "employer_presentation", _("presentation to employers")
    EVALUATION = "evaluation", _("evaluation research")
    FOLLOW_UP = "follow_up", _("contact for follow-up")


class AccessibilityFeature(models.TextChoices):
    """What a workplace offers and a person may need (L. 68/1999 art. 10 and D.Lgs. 216/2003 art. 3 c. 3-bis:
    the employer's "accomodamenti ragionevoli"); matched as a hard constraint, never shown to employers."""

    STEP_FREE = "step_free", _("step-free access")
    ACCESSIBLE_TOILET = "accessible_toilet", _("accessible toilet")
    SEATED_WORK = "seated_work", _("work that can be done seated")
    NO_HEAVY_LIFTING = "no_heavy_lifting", _("no heavy lifting")
    ADAPTED_WORKSTATION = "adapted_workstation", _("adapted workstation")
    QUIET_ENVIRONMENT = "quiet_environment", _("quiet environment")
    FLEXIBLE_HOURS = "flexible_hours", _("flexible hours")
    WORKPLACE_TUTOR = "workplace_tutor", _("workplace tutor")
