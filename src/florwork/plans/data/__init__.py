"""The plans' data files: the first suggestion rules, loaded by a data migration."""

from pathlib import Path

RULES_V1 = Path(__file__).resolve().parent / "suggestion_rules_v1.json"
