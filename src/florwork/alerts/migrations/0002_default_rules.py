"""The alert rules as data: each with its threshold, severity and the days its tasks allow to act.

``placement_ending`` is shipped without an evaluator: placements come with ``matching``, which registers
one (see alerts/engine.py); until then the scan reports the rule as skipped.
"""

from django.db import migrations

# code: (threshold, severity, due_in_days)
RULES = {
    "no_contact": (30, "medium", 3),
    "action_overdue": (0, "medium", 5),
    "referral_unanswered": (2, "medium", 2),
    # tirocini extracurriculari last 2–12 months (Linee guida Conferenza Stato-Regioni 25 maggio 2017)
    "placement_ending": (14, "high", 5),
    # ADI lasts 18 months, renewable after a month's pause; SFL 12 months (D.L. 48/2023, L. 85/2023)
    "benefit_ending": (30, "high", 7),
    "assessment_due": (14, "low", 14),
    "follow_up_due": (7, "medium", 7),
    "sla_breach": (2, "high", 1),
    "risk_worsened": (10, "high", 3),
}


def load(apps, schema_editor):
    AlertRule = apps.get_model("alerts", "AlertRule")
    for code, (threshold, severity, due_in_days) in RULES.items():
        AlertRule.objects.get_or_create(code=code, defaults={"threshold": threshold, "severity": severity,
                                                             "due_in_days": due_in_days})


def unload(apps, schema_editor):
    apps.get_model("alerts", "AlertRule").objects.filter(code__in=RULES, tasks__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
