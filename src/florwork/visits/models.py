"""Visit plans (a week of routed visits per officer and day) and visit reports.

A saved plan is a snapshot: it copies each company's name, address, coordinates and opening hours, so a
later change in the registry never changes a plan already made (re-solving uses the snapshot too).
"""

from datetime import date, time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RoutingParameters(models.Model):
    """How travel times are estimated from coordinates, and the default visit length (one row, as data)."""

    road_factor = models.DecimalField(_("road factor over straight-line distance"), max_digits=4, decimal_places=2,
                                      default=1.35)
    speed_kmh = models.DecimalField(_("average speed (km/h)"), max_digits=5, decimal_places=1, default=35)
    visit_minutes = models.PositiveSmallIntegerField(_("default visit length (minutes)"), default=45)
    lunch_minutes = models.PositiveSmallIntegerField(_("lunch break (minutes, 0 for none)"), default=45)
    lunch_from = models.TimeField(_("lunch starts no earlier than"), default=time(12, 30))
    lunch_to = models.TimeField(_("lunch starts no later than"), default=time(14, 0))
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)
    by_label = models.CharField(_("by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("routing parameters")
        verbose_name_plural = _("routing parameters")
        constraints = [
            models.CheckConstraint(condition=Q(road_factor__gte=1) & Q(road_factor__lte=5),
                                   name="routing_road_factor_range"),
            models.CheckConstraint(condition=Q(speed_kmh__gt=0) & Q(speed_kmh__lte=150),
                                   name="routing_speed_range"),
            models.CheckConstraint(condition=Q(visit_minutes__gte=5) & Q(visit_minutes__lte=480),
                                   name="routing_visit_minutes_range"),
            models.CheckConstraint(condition=Q(lunch_minutes__lte=180) & Q(lunch_from__lte=models.F("lunch_to")),
                                   name="routing_lunch_valid"),
        ]

    def __str__(self) -> str:
        return f"× {self.road_factor} @ {self.speed_kmh} km/h"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SOLVED = "solved", _("planned")


class VisitPlan(models.Model):
    """A week of visits for some officers of one organization."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="visit_plans")
    title = models.CharField(_("title"), max_length=200)
    days = models.JSONField(_("days"), default=list)  # ISO dates, sorted
    visit_minutes = models.PositiveSmallIntegerField(_("visit length (minutes)"))
    road_factor = models.DecimalField(_("road factor"), max_digits=4, decimal_places=2)
    speed_kmh = models.DecimalField(_("average speed (km/h)"), max_digits=5, decimal_places=1)
    lunch_minutes = models.PositiveSmallIntegerField(_("lunch break (minutes)"), default=0)
    lunch_from = models.TimeField(_("lunch starts no earlier than"), null=True, blank=True)
    lunch_to = models.TimeField(_("lunch starts no later than"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    solved_at = models.DateTimeField(_("planned on"), null=True, blank=True)
    solve_seconds = models.FloatField(_("solver time (s)"), null=True, blank=True)
    travel_seconds = models.PositiveIntegerField(_("total travel (s)"), default=0)
    distance_m = models.PositiveIntegerField(_("total distance (m)"), default=0)
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_by_label = models.CharField(_("created by"), max_length=200)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("visit plan")
        verbose_name_plural = _("visit plans")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=PlanStatus.values), name="visitplan_status_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def code(self) -> str:
        return f"PV-{self.pk:05d}"

    @property
    def first_day(self) -> date | None:
        return date.fromisoformat(self.days[0]) if self.days else None

    @property
    def last_day(self) -> date | None:
        return date.fromisoformat(self.days[-1]) if self.days else None


class PlanOfficer(models.Model):
    """One officer of a plan: where each day starts and ends, and the working hours."""

    plan = models.ForeignKey(VisitPlan, on_delete=models.CASCADE, related_name="officers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    label = models.CharField(_("officer"), max_length=200)
    start_label = models.CharField(_("start point"), max_length=200)
    start_latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    start_longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    work_start = models.TimeField(_("working day starts"))
    work_end = models.TimeField(_("working day ends"))

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name = _("officer of a plan")
        verbose_name_plural = _("officers of a plan")
        constraints = [
            models.CheckConstraint(condition=Q(work_start__lt=models.F("work_end")), name="planofficer_hours_order"),
        ]

    def __str__(self) -> str:
        return self.label


class PlanCompany(models.Model):
    """A company to visit, as it was when chosen (snapshot), with its priority and optional appointment."""

    plan = models.ForeignKey(VisitPlan, on_delete=models.CASCADE, related_name="companies")
    company = models.ForeignKey("employers.Company", on_delete=models.SET_NULL, null=True, related_name="+")
    site = models.ForeignKey("employers.Site", on_delete=models.SET_NULL, null=True, related_name="+")
    name = models.CharField(_("company"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    opening_hours = models.JSONField(_("opening hours"), default=dict, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority (0-100)"), default=50)
    priority_source = models.CharField(_("priority from"), max_length=20, default="officer")
    appointment_day = models.DateField(_("appointment day"), null=True, blank=True)
    appointment_start = models.TimeField(_("appointment from"), null=True, blank=True)
    appointment_end = models.TimeField(_("appointment to"), null=True, blank=True)
    left_out_reason = models.CharField(_("left out because"), max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "-priority", "name", "pk"]
        verbose_name = _("company of a plan")
        verbose_name_plural = _("companies of a plan")
        constraints = [
            models.CheckConstraint(condition=Q(priority__lte=100), name="plancompany_priority_range"),
            models.CheckConstraint(
                condition=Q(appointment_day__isnull=True, appointment_start__isnull=True, appointment_end__isnull=True)
                | Q(appointment_day__isnull=False, appointment_start__isnull=False, appointment_end__isnull=False,
                    appointment_start__lt=models.F("appointment_end")),
                name="plancompany_appointment_complete"),
        ]

    def __str__(self) -> str:
        return self.name


class PlanRoute(models.Model):
    """One officer's day in a solved plan."""

    plan = models.ForeignKey(VisitPlan, on_delete=models.CASCADE, related_name="routes")
    officer = models.ForeignKey(PlanOfficer, on_delete=models.CASCADE, related_name="routes")
    day = models.DateField(_("day"))
    leave_at = models.DateTimeField(_("leaves"))
    back_at = models.DateTimeField(_("back"))
    lunch_at = models.DateTimeField(_("lunch break"), null=True, blank=True)
    travel_seconds = models.PositiveIntegerField(_("travel (s)"), default=0)
    distance_m = models.PositiveIntegerField(_("distance (m)"), default=0)

    class Meta:
        ordering = ["day", "officer", "pk"]
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        constraints = [models.UniqueConstraint(fields=["officer", "day"], name="planroute_one_per_officer_day")]

    def __str__(self) -> str:
        return f"{self.officer} {self.day}"


class PlanStop(models.Model):
    """One visit of a route, in order."""

    route = models.ForeignKey(PlanRoute, on_delete=models.CASCADE, related_name="stops")
    company = models.ForeignKey(PlanCompany, on_delete=models.CASCADE, related_name="stops")
    sequence = models.PositiveSmallIntegerField(_("order"))
    arrive_at = models.DateTimeField(_("arrives"))
    start_at = models.DateTimeField(_("visit starts"))
    end_at = models.DateTimeField(_("visit ends"))
    travel_seconds = models.PositiveIntegerField(_("travel from the previous place (s)"), default=0)
    distance_m = models.PositiveIntegerField(_("distance from the previous place (m)"), default=0)

    class Meta:
        ordering = ["route", "sequence"]
        verbose_name = _("planned visit")
        verbose_name_plural = _("planned visits")
        constraints = [models.UniqueConstraint(fields=["route", "sequence"], name="planstop_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.sequence}. {self.company}"


class VisitOutcome(models.TextChoices):
    OPPORTUNITY = "opportunity", _("opportunity found")
    INTERESTED = "interested", _("interested, to follow up")
    NOT_NOW = "not_now", _("not interested for now")
    NOT_MET = "not_met", _("nobody available")


class Visit(models.Model):
    """A visit report: who of the hub met whom at the company, what was learned, the outcome, the next step."""

    company = models.ForeignKey("employers.Company", on_delete=models.PROTECT, related_name="visits",
                                verbose_name=_("company"))
    site = models.ForeignKey("employers.Site", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("site"))
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="visits")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    officer_label = models.CharField(_("officer"), max_length=200)
    date = models.DateField(_("date of the visit"))
    contacts = models.ManyToManyField("employers.Contact", blank=True, related_name="visits",
                                      verbose_name=_("people met"))
    met_others = models.CharField(_("others met"), max_length=300, blank=True)
    notes = models.TextField(_("what was learned"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=VisitOutcome.choices)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    next_step_on = models.DateField(_("next step by"), null=True, blank=True)
    stop = models.OneToOneField(PlanStop, on_delete=models.SET_NULL, null=True, blank=True, related_name="visit",
                                verbose_name=_("planned visit"))
    created_at = models.DateTimeField(_("recorded on"))
    updated_at = models.DateTimeField(_("updated"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.CheckConstraint(condition=Q(outcome__in=VisitOutcome.values), name="visit_outcome_valid"),
        ]
        indexes = [models.Index(fields=["company", "-date"], name="visit_company_date")]

    def __str__(self) -> str:
        return f"{self.company_id} {self.date}"

    @property
    def code(self) -> str:
        return f"VI-{self.pk:06d}"
