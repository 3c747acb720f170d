"""Tuscany's tirocinio figures as data (the minimum allowance by date, the Region's contribution and its
conditions, each with its source), and the alert rule "placement ended, no next step".

Where a figure or date could not be confirmed on the official text it says so (``note`` / ``confirmed``).
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

MINIMUMS = [
    # L.R. Toscana 3/2012 (art. 17 ter L.R. 32/2002; BURT 1 Feb 2012), DPGR 47/R/2003 as amended by DPGR 39/R/2015
    (date(2012, 2, 2), Decimal("500.00"),
     "L.R. Toscana 32/2002 art. 17 ter (L.R. 3/2012); DPGR 47/R/2003 as amended by DPGR 39/R/2015", ""),
    # DGR Toscana 206 of 26 Feb 2024 (new tirocini guidelines) and the amended DPGR 47/R/2003
    (date(2024, 2, 26), Decimal("600.00"),
     "DGR Toscana 206/2024 (linee guida tirocini) and DPGR 47/R/2003 as amended",
     "UNCONFIRMED DATE: the 600 € minimum is confirmed (press release of the Region, March 2024); the exact "
     "day it applies from was not found in the BURT text, the date of the DGR is used. May fall to 400 € in a "
     "month with under 70% attendance."),
]

CONDITIONS = ("Paid to the host only if the trainee is hired at the end: within 30 days by the host (permanent, "
              "apprenticeship, or fixed-term of at least 12 months) or within 6 months by another employer "
              "(fixed-term of at least 6 months). Full amount with at least 70% monthly attendance, reduced below.")
SOURCE = ("DGR Toscana 206/2024; ARTI call for tirocini 2025 (GOL-PNRR funds), as reported by the Region's "
          "Giovanisì pages and the regional press")
CONTRIBUTIONS = [
    ("standard", Decimal("400.00"), Decimal("267.00"), 6),
    ("disadvantaged", Decimal("600.00"), Decimal("400.00"), 6),
]

RULE = ("placement_ended", 7, "medium", 7)  # code, threshold (days after the end), severity, days to act


def load(apps, schema_editor):
    Minimum = apps.get_model("placements", "AllowanceMinimum")
    Contribution = apps.get_model("placements", "RegionalContribution")
    AlertRule = apps.get_model("alerts", "AlertRule")
    for applies_from, amount, source, note in MINIMUMS:
        Minimum.objects.get_or_create(region="Toscana", applies_from=applies_from,
                                      defaults={"amount": amount, "source": source, "note": note})
    for category, amount, reduced, months in CONTRIBUTIONS:
        Contribution.objects.get_or_create(
            region="Toscana", applies_from=date(2024, 2, 26), category=category,
            defaults={"monthly_amount": amount, "reduced_monthly_amount": reduced, "max_months": months,
                      "conditions": CONDITIONS, "source": SOURCE, "confirmed": False})
    code, threshold, severity, due = RULE
    AlertRule.objects.get_or_create(code=code, defaults={"threshold": threshold, "severity": severity,
                                                         "due_in_days": due})


def unload(apps, schema_editor):
    apps.get_model("alerts", "AlertRule").objects.filter(code=RULE[0], tasks__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial"), ("alerts", "0004_placement_ended_rule_code")]
    operations = [migrations.RunPython(load, unload)]
