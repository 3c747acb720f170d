"""``florwork taxonomy import-esco``: the ESCO CSV format, languages merged by URI, idempotent, bad files."""

import json
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from florwork.audit.models import AuditEntry
from florwork.matching.models import Label, Occupation, OccupationSkill, Skill, TaxonomyRelease
from tests.matching import esco_fixture as esco


def run(*args) -> dict:
    out = StringIO()
    call_command("taxonomy", "import-esco", *map(str, args), "--json", stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def test_imports_the_esco_csv_format(db, tmp_path):
    summary = run(esco.english_zip(tmp_path), esco.relations_zip(tmp_path))

    assert summary["read"]["occupations"] == 2 and summary["read"]["skills"] == 3
    assert summary["read"]["occupation_skills"] == 4 and summary["problems"] == 0
    assert summary["languages"] == ["en"] and "seconds" in summary
    assert summary["labels"]["occupations"] == {"en": 5}
    cook = Occupation.objects.get(uri=esco.COOK)
    assert cook.preferred == {"en": "cook"} and cook.code == "5120.1" and cook.isco_group == "5120"
    assert Occupation.objects.get(uri=esco.KITCHEN).broader == cook
    assert set(cook.labels.values_list("kind", "text")) == {
        ("preferred", "cook"), ("alternative", "chef de partie"), ("alternative", "line cook")}
    assert OccupationSkill.objects.get(occupation=cook, skill__uri=esco.COOKING).relation == "essential"
    assert Skill.objects.get(uri=esco.KNIFE).skill_type == "skill"
    assert TaxonomyRelease.objects.filter(source="esco").count() == 1
    assert AuditEntry.objects.filter(object_type="matching.TaxonomyRelease").exists()


def test_a_second_language_merges_by_uri(db, tmp_path):
    run(esco.english_zip(tmp_path), esco.relations_zip(tmp_path))

    summary = run(esco.italian_folder(tmp_path))

    assert summary["languages"] == ["it"] and summary["created"]["occupations"] == 0
    cook = Occupation.objects.get(uri=esco.COOK)
    assert cook.preferred == {"en": "cook", "it": "cuoco"}
    assert cook.skill_links.count() == 2  # an import of labels only keeps the relations
    assert set(Label.objects.filter(skill__uri=esco.KNIFE).values_list("language", flat=True)) == {"en", "it"}


def test_re_import_is_idempotent(db, tmp_path):
    files = (esco.english_zip(tmp_path), esco.relations_zip(tmp_path))
    run(*files)
    before = (Occupation.objects.count(), Skill.objects.count(), Label.objects.count(),
              OccupationSkill.objects.count())

    summary = run(*files)

    assert summary["created"] == {"occupations": 0, "skills": 0, "occupation_skills": 0, "skill_skills": 0}
    assert summary["updated"]["occupations"] == 0
    assert (Occupation.objects.count(), Skill.objects.count(), Label.objects.count(),
            OccupationSkill.objects.count()) == before


def test_relations_to_unknown_uris_are_reported_with_their_line(db, tmp_path):
    unknown = esco.SKILL + "not-in-any-file"
    summary = run(esco.english_zip(tmp_path), esco.relations_zip(tmp_path, [(esco.COOK, "essential", unknown)]))

    assert summary["problems"] == 1
    assert summary["problem_lines"] == [f"occupationSkillRelations.csv:6: unknown ESCO URI {unknown}"]
    assert OccupationSkill.objects.filter(occupation__uri=esco.COOK).count() == 2  # the rest is stored


def test_the_text_summary_lists_the_problems(db, tmp_path):
    out = StringIO()
    call_command("taxonomy", "import-esco", str(esco.english_zip(tmp_path)),
                 str(esco.relations_zip(tmp_path, [(esco.OCC + "ghost", "optional", esco.KNIFE)])),
                 stdout=out, stderr=StringIO())

    assert "occupationSkillRelations.csv:6: unknown ESCO URI " + esco.OCC + "ghost" in out.getvalue()


def _refused(*args) -> str:
    with pytest.raises(CommandError) as refused:
        run(*args)
    assert refused.value.returncode == 2
    return str(refused.value)


def test_a_file_without_the_esco_columns_exits_2_and_writes_nothing(db, tmp_path):
    bad = esco.write_zip(tmp_path / "bad.zip", {"occupations_en.csv": "uri,label\nx,y\n"})
    before = (Occupation.objects.count(), TaxonomyRelease.objects.count())

    message = _refused(esco.english_zip(tmp_path), bad)

    assert message == "occupations_en.csv: missing column conceptUri, preferredLabel (is it an ESCO CSV file?)"
    assert (Occupation.objects.count(), TaxonomyRelease.objects.count()) == before
    assert not Occupation.objects.filter(uri=esco.COOK).exists()


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("occupations.csv", "conceptUri,preferredLabel\n", "cannot tell the language"),
    ("skills_en.csv", b"conceptUri,preferredLabel\n\xff\xfe,x\n", "not UTF-8"),
    ("notes.txt", "hello", "no ESCO occupations, skills or relations file"),
])
def test_unreadable_files_exit_2_with_a_reason(db, tmp_path, name, content, reason):
    path = tmp_path / "esco"
    path.mkdir()
    (path / name).write_bytes(content if isinstance(content, bytes) else content.encode())

    assert reason in _refused(path)


def test_a_missing_path_or_a_broken_zip_exits_2(db, tmp_path):
    assert "no such file" in _refused(tmp_path / "missing.zip")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert "not a zip" in _refused(broken)


def test_a_malformed_uri_is_skipped_and_reported(db, tmp_path):
    text = esco.occupations("en", {"not-a-uri": ("ghost", ""), esco.COOK: ("cook", "")})
    summary = run(esco.write_zip(tmp_path / "o.zip", {"occupations_en.csv": text}))

    assert summary["problem_lines"] == ["occupations_en.csv:2: malformed occupation URI 'not-a-uri'"]
    assert summary["read"]["occupations"] == 1
    assert zipfile.is_zipfile(tmp_path / "o.zip")


def test_relations_alone_to_unknown_concepts_exit_2_and_write_nothing(db, tmp_path):
    before = TaxonomyRelease.objects.count()

    message = _refused(esco.relations_zip(tmp_path))

    assert message.startswith("nothing loadable: 5 rows refused (first: occupationSkillRelations.csv:2: "
                              "unknown ESCO URI")
    assert TaxonomyRelease.objects.count() == before
