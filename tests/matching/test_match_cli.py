"""``florwork match rank``: the batch matching contract, called exactly as the automated checks call it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

OCC = "http://data.europa.eu/esco/occupation/"
SKILL = "http://data.europa.eu/esco/skill/"
WAITER = OCC + "d5db9d5c-2ebf-4a54-a79a-1b7e7ff70471"
COOK = OCC + "90f75f67-495d-49fa-ab57-2f320e251d7e"
BRICKLAYER = OCC + "05f321f8-055b-407d-bf19-e0ddabda56b7"
WAITER_SKILLS = [SKILL + s for s in ("0e21e183-e787-4f23-a240-93b416c088c2", "0ff99f51-40d9-42f1-a1ec-377b2bb5e15f",
                                     "1e9bd245-3118-45e0-83e4-751f2ce556e5", "2239694b-771a-4586-8b54-2794e361a9ae")]
MASON_SKILLS = [SKILL + s for s in ("110d7aa3-e44e-4cce-a927-8d4de615f3d9", "13e1c0a2-b90d-46f4-be51-11730360b38d")]
ESCO_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "esco-1.1.1"


def _jsonl(path: Path, rows) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path):
    vacancies = _jsonl(tmp_path / "v.jsonl", [
        {"id": "v-waiter", "occupation": WAITER, "essential_skills": WAITER_SKILLS, "optional_skills": [],
         "comune": "048017", "hours": 30},
        {"id": "v-mason", "occupation": BRICKLAYER, "essential_skills": MASON_SKILLS, "optional_skills": [],
         "comune": "Empoli"},
        {"id": "v-cook", "occupation": COOK, "essential_skills": [], "optional_skills": []},
    ])
    candidates = _jsonl(tmp_path / "c.jsonl", [
        {"id": "c1", "skills": WAITER_SKILLS[:3], "occupations": [WAITER], "comune": "Firenze", "max_commute_min": 60},
        {"id": "c2", "skills": MASON_SKILLS, "occupations": [BRICKLAYER], "comune": "048014", "hours": "full_time"},
        {"id": "c3", "skills": [], "occupations": []},
    ])
    return vacancies, candidates, tmp_path / "r.jsonl"


def _run(*args, capsys=None):
    call_command("match", "rank", *[str(a) for a in args])
    return capsys.readouterr() if capsys else None


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_each_candidate_gets_its_top_k_with_score_and_explanation(db, files, capsys):
    vacancies, candidates, out = files

    captured = _run("--vacancies", vacancies, "--candidates", candidates, "--top", 2, "--out", out, "--json",
                    capsys=capsys)

    rows = {row["candidate"]: row["vacancies"] for row in _lines(out)}
    assert list(rows) == ["c1", "c2", "c3"]
    assert rows["c1"][0]["vacancy"] == "v-waiter"
    assert rows["c2"][0]["vacancy"] == "v-mason"
    assert all(len(v) <= 2 for v in rows.values())
    first = rows["c1"][0]
    assert 0 < first["score"] <= 100
    assert {"matched_skills", "missing_essential", "constraints_passed", "parts", "notes"} <= set(first["explanation"])
    assert [r["rank"] for r in rows["c1"]] == list(range(1, len(rows["c1"]) + 1))
    summary = json.loads(captured.out)
    assert summary["vacancies"] == 3 and summary["candidates"] == 3 and summary["unknown_uris"] == 0
    assert summary["seconds"] >= 0


def test_a_vacancy_without_essential_skills_still_ranks_and_says_so(db, files, capsys):
    vacancies, candidates, out = files

    _run("--vacancies", vacancies, "--candidates", candidates, "--top", 3, "--out", out, capsys=capsys)

    cook = [v for row in _lines(out) for v in row["vacancies"] if v["vacancy"] == "v-cook"]
    assert cook
    assert any(note["code"] == "no_essential_skills" for note in cook[0]["explanation"]["notes"])


def test_scores_are_ordered_and_deterministic(db, files, capsys):
    vacancies, candidates, out = files
    _run("--vacancies", vacancies, "--candidates", candidates, "--top", 3, "--out", out, capsys=capsys)
    first = out.read_text()

    _run("--vacancies", vacancies, "--candidates", candidates, "--top", 3, "--out", out, capsys=capsys)

    assert out.read_text() == first
    for row in _lines(out):
        scores = [v["score"] for v in row["vacancies"]]
        assert scores == sorted(scores, reverse=True)


def test_commute_beyond_the_limit_excludes_the_vacancy(db, tmp_path, capsys):
    vacancies = _jsonl(tmp_path / "v.jsonl", [
        {"id": "far", "occupation": WAITER, "essential_skills": WAITER_SKILLS, "optional_skills": [],
         "comune": "Firenzuola"}])
    candidates = _jsonl(tmp_path / "c.jsonl", [
        {"id": "c1", "skills": WAITER_SKILLS, "occupations": [], "comune": "Firenze", "max_commute_min": 20}])
    out = tmp_path / "r.jsonl"

    _run("--vacancies", vacancies, "--candidates", candidates, "--top", 5, "--out", out, capsys=capsys)

    assert _lines(out) == [{"candidate": "c1", "vacancies": []}]


def test_without_out_the_results_go_to_stdout(db, files, capsys):
    vacancies, candidates, _out = files

    captured = _run("--vacancies", vacancies, "--candidates", candidates, "--top", 1, capsys=capsys)

    assert [json.loads(line)["candidate"] for line in captured.out.splitlines()] == ["c1", "c2", "c3"]


def test_unknown_uris_are_warnings_with_file_and_line(db, files, capsys):
    vacancies, candidates, out = files
    _jsonl(candidates, [{"id": "c1", "skills": [SKILL + "not-a-real-skill"], "occupations": [WAITER]},
                        {"id": "c2", "skills": WAITER_SKILLS, "occupations": [OCC + "nope"]}])

    captured = _run("--vacancies", vacancies, "--candidates", candidates, "--top", 1, "--out", out, "--json",
                    capsys=capsys)

    assert f"{candidates}:1: unknown ESCO URI in skills: {SKILL}not-a-real-skill" in captured.err
    assert f"{candidates}:2: unknown ESCO URI in occupations: {OCC}nope" in captured.err
    summary = json.loads(captured.out)
    assert summary["unknown_uris"] == 2
    assert summary["unknown"][0] == {"file": str(candidates), "line": 1, "uri": SKILL + "not-a-real-skill",
                                     "field": "skills"}
    assert len(_lines(out)) == 2


def test_nothing_usable_is_exit_2(db, tmp_path, capsys):
    vacancies = _jsonl(tmp_path / "v.jsonl", [{"id": "v", "occupation": OCC + "x", "essential_skills": [SKILL + "y"],
                                               "optional_skills": []}])
    candidates = _jsonl(tmp_path / "c.jsonl", [{"id": "c", "skills": [], "occupations": []}])

    with pytest.raises(CommandError) as error:
        _run("--vacancies", vacancies, "--candidates", candidates, "--top", 1, capsys=capsys)

    assert error.value.returncode == 2
    assert "nothing usable" in str(error.value)


@pytest.mark.parametrize(("line", "reason"), [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "expected a JSON object"),
    ('{"skills": [], "occupations": []}', "'id' is missing"),
    ('{"id": "c", "skills": "http://x", "occupations": []}', "'skills' must be a list"),
    ('{"id": "c", "skills": [], "occupations": [], "max_commute_min": -5}', "'max_commute_min' must be"),
])
def test_a_malformed_line_is_named_with_exit_2(db, files, capsys, line, reason):
    vacancies, candidates, out = files
    _jsonl(candidates, [{"id": "ok", "skills": [], "occupations": []}, line])

    with pytest.raises(CommandError) as error:
        _run("--vacancies", vacancies, "--candidates", candidates, "--top", 1, "--out", out, capsys=capsys)

    assert error.value.returncode == 2
    assert str(error.value).startswith(f"{candidates}:2: ")
    assert reason in str(error.value)
    assert "\n" not in str(error.value)
    assert not out.exists()


def test_a_repeated_id_is_bad_input(db, files, capsys):
    vacancies, candidates, _out = files
    _jsonl(candidates, [{"id": "c", "skills": [], "occupations": []}, {"id": "c", "skills": [], "occupations": []}])

    with pytest.raises(CommandError, match="already on line 1"):
        _run("--vacancies", vacancies, "--candidates", candidates, "--top", 1, capsys=capsys)


def test_a_missing_file_or_bad_top_is_exit_2(db, files, tmp_path, capsys):
    vacancies, candidates, _out = files
    with pytest.raises(CommandError) as missing:
        _run("--vacancies", tmp_path / "none.jsonl", "--candidates", candidates, "--top", 1, capsys=capsys)
    with pytest.raises(CommandError) as bad_top:
        _run("--vacancies", vacancies, "--candidates", candidates, "--top", 0, capsys=capsys)
    assert missing.value.returncode == bad_top.value.returncode == 2


def test_no_taxonomy_in_the_database_asks_for_esco_dir(db, files, capsys):
    from florwork.matching.models import Occupation

    Occupation.objects.all().delete()
    vacancies, candidates, _out = files

    with pytest.raises(CommandError, match="--esco-dir"):
        _run("--vacancies", vacancies, "--candidates", candidates, "--top", 1, capsys=capsys)


def test_the_console_script_exits_2_with_one_line(files, tmp_path):
    vacancies, candidates, _out = files
    _jsonl(vacancies, ["{broken"])
    florwork = Path(sys.executable).with_name("florwork")

    done = subprocess.run([str(florwork), "match", "rank", "--vacancies", str(vacancies), "--candidates",
                           str(candidates), "--top", "3", "--esco-dir", str(tmp_path)],
                          capture_output=True, text=True, env={"FLORWORK_VAR_DIR": str(tmp_path), "DEBUG": "1",
                                                               "PATH": "/usr/bin:/bin"}, timeout=120)

    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.slow
@pytest.mark.skipif(not (ESCO_DIR / "esco-1.1.1-relations-csv.zip").is_file(), reason="full ESCO files not present")
def test_esco_dir_uses_the_real_esco_relations(db, files, capsys):
    from florwork.matching.models import Occupation

    Occupation.objects.all().delete()  # the database holds no taxonomy: only the files can be used
    vacancies, candidates, out = files

    captured = _run("--vacancies", vacancies, "--candidates", candidates, "--top", 2, "--out", out, "--json",
                    "--esco-dir", ESCO_DIR, capsys=capsys)

    summary = json.loads(captured.out)
    assert summary["taxonomy"] == str(ESCO_DIR) and summary["unknown_uris"] == 0
    rows = {row["candidate"]: row["vacancies"] for row in _lines(out)}
    assert rows["c1"][0]["vacancy"] == "v-waiter"
    assert rows["c2"][0]["vacancy"] == "v-mason"
