from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from florwork.territory.models import Comune


def resolve_comune(value: str) -> str:
    """The ISTAT code of a comune given by its code or by its name (Florence's province first)."""
    value = " ".join(value.split())
    if not value:
        return ""
    if value.isdigit():
        if Comune.objects.filter(istat_code=value.zfill(6)).exists():
            return value.zfill(6)
        raise ValidationError(_("No comune has the ISTAT code %(code)s.") % {"code": value})
    matches = list(Comune.objects.filter(name__iexact=value, is_active=True).values_list("istat_code",
                                                                                          "province_code"))
    if len(matches) == 1:
        return matches[0][0]
    florentine = [code for code, province in matches if province == "FI"]
    if len(florentine) == 1:
        return florentine[0]
    if not matches:
        raise ValidationError(_("No comune is called “%(name)s”: check the spelling or give its ISTAT code.")
                              % {"name": value})
    raise ValidationError(_("Several comuni are called “%(name)s”: give the ISTAT code.") % {"name": value})
