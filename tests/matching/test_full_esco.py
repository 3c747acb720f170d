"""The real English ESCO 1.1.1 download (shared test data): full import, and the bundled file's URIs exist in it."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from florwork.matching.models import Label, Occupation, OccupationSkill, Skill
from florwork.matching.taxonomy import bundled, esco
from florwork.matching.taxonomy.data import OCCUPATION_URI_PREFIX, SKILL_URI_PREFIX, well_formed

ESCO_DIR = Path(__file__).resolve().parents[2].parent / "shared/data/esco-1.1.1"
ZIPS = [ESCO_DIR / "esco-1.1.1-classification-en-csv.zip", ESCO_DIR / "esco-1.1.1-relations-csv.zip"]
needs_esco = pytest.mark.skipif(not all(p.exists() for p in ZIPS), reason="shared ESCO 1.1.1 files not present")


def test_every_bundled_uri_is_well_formed(db):
    data, version = bundled.read()

    assert version and 60 <= len(data.occupations) <= 140
    assert all(well_formed(uri, OCCUPATION_URI_PREFIX) for uri in data.occupations)
    assert all(well_formed(uri, SKILL_URI_PREFIX) for uri in data.skills)
    assert all(c.preferred.get("it") and c.preferred.get("en") for c in data.occupations.values())
    assert bundled.BUNDLED_PATH.stat().st_size < 1_000_000


def test_the_bundled_taxonomy_is_loaded_by_the_migrations(db):
    data, _ = bundled.read()

    assert Occupation.objects.filter(uri__in=list(data.occupations)).count() == len(data.occupations)
    assert OccupationSkill.objects.count() == len(data.occupation_skills)


def test_load_bundled_again_changes_nothing(db):
    before = (Occupation.objects.count(), Skill.objects.count(), Label.objects.count())
    out = StringIO()

    call_command("taxonomy", "load-bundled", "--json", stdout=out, stderr=StringIO())

    summary = json.loads(out.getvalue())
    assert summary["created"]["occupations"] == 0 and summary["created"]["occupation_skills"] == 0
    assert (Occupation.objects.count(), Skill.objects.count(), Label.objects.count()) == before


@needs_esco
@pytest.mark.slow
def test_bundled_uris_and_labels_are_in_the_english_esco():
    official = esco.read(ZIPS)
    data, _ = bundled.read()

    for uri, concept in data.occupations.items():
        assert official.occupations[uri].preferred["en"] == concept.preferred["en"]
    for uri, concept in data.skills.items():
        assert official.skills[uri].preferred["en"] == concept.preferred["en"]
    official_links = {(link.source, link.target, link.relation) for link in official.occupation_skills}
    assert {(link.source, link.target, link.relation) for link in data.occupation_skills} <= official_links


@needs_esco
@pytest.mark.slow
def test_imports_the_full_english_esco(db):
    out = StringIO()

    call_command("taxonomy", "import-esco", *map(str, ZIPS), "--version", "1.1.1", "--json", stdout=out,
                 stderr=StringIO())

    summary = json.loads(out.getvalue())
    assert summary["read"]["occupations"] == 3007 and summary["read"]["skills"] == 13896
    # 67 occupation-skill links and 1 broader link name an occupation missing from occupations_en.csv
    assert summary["problems"] == 68
    assert all("unknown ESCO URI" in line for line in summary["problem_lines"])
    assert Occupation.objects.count() == 3007 and Skill.objects.count() == 13896
    assert OccupationSkill.objects.count() == 123788
    # the bundled Italian labels survive the English import (same URIs, merged)
    assert Occupation.objects.get(preferred__en="kitchen assistant").preferred["it"] == "aiuto cuoco"
