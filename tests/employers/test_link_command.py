"""``florwork link``: the stable command-line contract (exit codes, output file, JSON summary, determinism)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError

from florwork.employers.linkage import synthetic

from .link_support import COMPANIES, PERSONS, link, read_pairs, write_csv

# Linkage touches no database: running it again in the SQLite pass would only cost CI time.
pytestmark = pytest.mark.slow

SUMMARY_KEYS = {"kind", "mode", "threshold", "records", "candidate_pairs", "matches", "seconds", "training",
                "invalid_identifiers", "fields", "out"}


@pytest.fixture(scope="module")
def companies(tmp_path_factory):
    """Two partner files in different encodings and separators: UTF-8 with BOM and ';', cp1252 and tabs."""
    folder = tmp_path_factory.mktemp("companies")
    truth = synthetic.companies_link(300, 250, seed=11)
    left = write_csv(truth.left, folder / "left.csv", encoding="utf-8-sig", delimiter=";")
    right = write_csv(truth.right, folder / "right.csv", encoding="cp1252", delimiter="\t")
    return truth, left, right


@pytest.fixture(scope="module")
def linked(companies, tmp_path_factory):
    truth, left, right = companies
    out = tmp_path_factory.mktemp("out") / "pairs.csv"
    summary = json.loads(link("companies", str(left), str(right), "--id", "id", "--columns", COMPANIES,
                              "--out", str(out), "--json"))
    return summary, out


def test_two_files_in_different_encodings_and_separators_are_linked(companies, linked):
    truth, _, _ = companies
    summary, out = linked
    pairs = read_pairs(out)
    precision, recall = synthetic.precision_recall({(a, b) for a, b, _ in pairs}, truth.pairs)
    assert precision >= 0.95 and recall >= 0.9, (precision, recall)
    assert all(a.startswith("A") and b.startswith("B") and p >= 0.9 for a, b, p in pairs)


def test_the_json_summary_has_the_contract_keys(linked):
    summary, out = linked
    assert SUMMARY_KEYS <= set(summary)
    assert summary["records"] == {"left": 300, "right": 250}
    assert summary["matches"] == len(read_pairs(out)) <= summary["candidate_pairs"]
    assert summary["mode"] == "link" and summary["threshold"] == 0.9 and summary["seconds"] >= 0
    assert summary["training"]["method"] == "em"
    assert summary["invalid_identifiers"]["vat_number"] > 0  # the generator writes some wrong check digits


def test_the_output_has_one_row_per_pair_in_a_deterministic_order(linked, companies, tmp_path):
    _, left, right = companies
    _, first = linked
    again = tmp_path / "again.csv"
    link("companies", str(left), str(right), "--id", "id", "--columns", COMPANIES, "--out", str(again))
    assert first.read_bytes() == again.read_bytes()
    header = first.read_text(encoding="utf-8").splitlines()[0]
    assert header == "left_id,right_id,match_probability,match_weight"
    pairs = [(a, b) for a, b, _ in read_pairs(first)]
    assert len(pairs) == len(set(pairs))


def test_a_lower_threshold_writes_more_pairs(companies, tmp_path):
    _, left, _ = companies
    counts = {}
    for threshold in ("0", "0.9"):
        out = tmp_path / f"{threshold}.csv"
        summary = json.loads(link("companies", str(left), "--id", "id", "--columns", COMPANIES, "--out", str(out),
                                  "--threshold", threshold, "--json"))
        counts[threshold] = len(read_pairs(out))
        assert summary["matches"] == counts[threshold]
    assert counts["0"] == summary["candidate_pairs"] > counts["0.9"]


def test_deduplication_of_people_with_dates_in_three_formats(tmp_path):
    truth = synthetic.persons_dedupe(400, seed=12)
    path = write_csv(truth.left, tmp_path / "people.csv", encoding="latin-1", delimiter=",")
    out = tmp_path / "pairs.csv"
    summary = json.loads(link("persons", str(path), "--id", "id", "--columns", PERSONS, "--out", str(out), "--json"))
    assert summary["mode"] == "dedupe" and summary["records"] == {"left": 400}
    found = {(a, b) for a, b, _ in read_pairs(out)}
    precision, recall = synthetic.precision_recall(found, truth.pairs)
    assert precision >= 0.95 and recall >= 0.9, (precision, recall)
    order = {row["id"]: index for index, row in enumerate(truth.left)}
    assert all(order[a] < order[b] for a, b in found)  # each pair once, the earlier row first


def test_a_handful_of_records_falls_back_to_fixed_priors_and_says_so(tmp_path):
    rows = [{"id": "1", "rs": "Arnoplast S.r.l.", "piva": "00743110157", "cap": "50019"},
            {"id": "2", "rs": "ARNOPLAST SRL", "piva": "IT00743110157", "cap": "50019"},
            {"id": "3", "rs": "Vetreria Conti", "piva": "", "cap": "50100"}]
    path = write_csv(rows, tmp_path / "few.csv")
    out = tmp_path / "pairs.csv"
    summary = json.loads(link("companies", str(path), "--id", "id", "--columns", "name=rs,vat_number=piva,postcode=cap",
                              "--out", str(out), "--json"))
    assert summary["training"]["method"] == "fixed priors" and "too few records" in summary["training"]["reason"]
    assert [(a, b) for a, b, _ in read_pairs(out)] == [("1", "2")]


@pytest.mark.parametrize("content", [b"", b"id;rs\n"], ids=["empty", "header-only"])
def test_an_empty_file_gives_zero_matches(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    out = tmp_path / "pairs.csv"
    summary = json.loads(link("companies", str(path), "--id", "id", "--columns", "name=rs", "--out", str(out),
                              "--json"))
    assert summary["matches"] == 0 and summary["candidate_pairs"] == 0
    assert read_pairs(out) == []


def _refused(*args):
    with pytest.raises(CommandError) as refusal:
        link(*args)
    assert refusal.value.returncode == 2
    return str(refusal.value)


@pytest.fixture
def small(tmp_path):
    rows = [{"id": "1", "rs": "Alfa Srl", "cap": "50100"}, {"id": "2", "rs": "Beta Spa", "cap": "50019"}]
    return write_csv(rows, tmp_path / "small.csv"), tmp_path / "pairs.csv"


def test_an_unknown_canonical_field_exits_2_naming_it(small):
    path, out = small
    reason = _refused("companies", str(path), "--id", "id", "--columns", "name=rs,birth_date=cap", "--out", str(out))
    assert "unknown companies field 'birth_date'" in reason


def test_a_missing_column_exits_2_naming_it(small):
    path, out = small
    reason = _refused("companies", str(path), "--id", "id", "--columns", "name=ragione_sociale", "--out", str(out))
    assert "'ragione_sociale' not found" in reason and "name" in reason


def test_a_missing_id_column_exits_2(small):
    path, out = small
    assert "--id column 'codice' not found" in _refused("companies", str(path), "--id", "codice", "--columns",
                                                         "name=rs", "--out", str(out))


def test_a_repeated_id_exits_2_naming_the_line(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("id,rs\n1,Alfa\n2,Beta\n1,Gamma\n", encoding="utf-8")
    reason = _refused("companies", str(path), "--id", "id", "--columns", "name=rs", "--out", str(tmp_path / "o.csv"))
    assert "line 4: id '1' repeats line 2" in reason


def test_a_malformed_file_exits_2_naming_the_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id;rs;cap\n1;Alfa;50100\n2;Beta;50019;extra;cells\n", encoding="utf-8")
    reason = _refused("companies", str(path), "--id", "id", "--columns", "name=rs", "--out", str(tmp_path / "o.csv"))
    assert "line 3 has 5 fields, the header has 3" in reason


def test_a_missing_file_exits_2(tmp_path):
    assert "No such file" in _refused("persons", str(tmp_path / "nope.csv"), "--id", "id", "--columns",
                                      "last_name=cognome", "--out", str(tmp_path / "o.csv"))


def test_the_florwork_script_links_two_files_and_exits_2_on_a_bad_mapping(companies, tmp_path):
    _, left, right = companies
    script = Path(sys.executable).with_name("florwork")
    env = {**os.environ, "DEBUG": "1", "FLORWORK_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [str(script), "link", "companies", str(left), str(right), "--id", "id", "--out", str(tmp_path / "p.csv")]
    ok = subprocess.run([*command, "--columns", COMPANIES, "--json"], env=env, capture_output=True, text=True,
                        timeout=600)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["matches"] == len(read_pairs(tmp_path / "p.csv")) > 0
    assert ok.stderr == ""  # Splink's log stays quiet without --verbose
    refused = subprocess.run([*command, "--columns", "name=nome"], env=env, capture_output=True, text=True, timeout=600)
    assert refused.returncode == 2
    assert "'nome' not found" in refused.stderr and "Traceback" not in refused.stderr


def test_a_binary_file_exits_2_naming_the_line(tmp_path):
    path = tmp_path / "book.csv"
    path.write_bytes(b"id,rs\n1,Alfa\nPK\x03\x04\x00\x00")
    reason = _refused("companies", str(path), "--id", "id", "--columns", "name=rs", "--out", str(tmp_path / "o.csv"))
    assert "line 3: binary content" in reason


def test_a_mapping_that_cannot_tell_records_apart_exits_2(small):
    path, out = small
    assert "postcode cannot tell records apart" in _refused("companies", str(path), "--id", "id", "--columns",
                                                           "postcode=cap", "--out", str(out))
