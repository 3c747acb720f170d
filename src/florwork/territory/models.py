from django.db import models
from django.utils.translation import gettext_lazy as _


class CoordinatesSource(models.TextChoices):
    NONE = "", _("no coordinates")
    GEONAMES_NAME = "geonames_name", _("GeoNames place of the same name")
    GEONAMES_MAIN_TOWN = "geonames_main_town", _("GeoNames place of the main town (merged comune)")


class Comune(models.Model):
    """An Italian comune as ISTAT lists it; reference data loaded by ``florwork territory load``.

    Other apps refer to a comune by its ISTAT code (residence, company sites) or by its cadastral
    code (the birth place inside a codice fiscale), so both are unique.
    """

    istat_code = models.CharField(_("ISTAT code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    cadastral_code = models.CharField(_("cadastral code"), max_length=4, unique=True)
    province_code = models.CharField(_("province"), max_length=2, db_index=True)
    province_name = models.CharField(_("province name"), max_length=100)
    region = models.CharField(_("region"), max_length=100)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    coordinates_source = models.CharField(
        _("coordinates source"), max_length=32, choices=CoordinatesSource.choices, blank=True
    )
    coordinates_place = models.CharField(_("coordinates place"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name", "province_code"]
        verbose_name = _("comune")
        verbose_name_plural = _("comuni")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(istat_code__regex=r"^[0-9]{6}$"), name="comune_istat_code_six_digits"
            ),
            models.CheckConstraint(
                condition=models.Q(cadastral_code__regex=r"^[A-Z][0-9]{3}$"), name="comune_cadastral_code_format"
            ),
            # a point is a pair, and it always says where it came from
            models.CheckConstraint(
                condition=(
                    models.Q(latitude__isnull=True, longitude__isnull=True, coordinates_source="")
                    | (models.Q(latitude__isnull=False, longitude__isnull=False) & ~models.Q(coordinates_source=""))
                ),
                name="comune_coordinates_paired",
            ),
            models.CheckConstraint(
                condition=models.Q(coordinates_source__in=CoordinatesSource.values),
                name="comune_coordinates_source_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.province_code})"
