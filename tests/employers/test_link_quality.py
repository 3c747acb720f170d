"""Precision and recall on generated partner files with known truth (typos, swapped names, missing or wrong
P.IVA, legal forms and dates written differently, relatives and same-named branches that must stay apart)."""

import pytest

from florwork.employers.linkage import dataset_from_records, link, synthetic

# Linkage touches no database: running it again in the SQLite pass would only cost CI time.
pytestmark = pytest.mark.slow

PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.9


def _run(truth, kind, mapping):
    left = dataset_from_records(truth.left, name="left", id_key="id", mapping=mapping)
    right = dataset_from_records(truth.right, name="right", id_key="id", mapping=mapping) if truth.right else None
    result = link(left, right, kind=kind, threshold=0.9)
    found = {(pair.left_id, pair.right_id) for pair in result.pairs}
    return result, synthetic.precision_recall(found, truth.pairs)


@pytest.mark.parametrize("kind, make, mapping", [
    ("companies", lambda: synthetic.companies_link(500, 400, seed=1), synthetic.COMPANY_COLUMNS),
    ("companies", lambda: synthetic.companies_dedupe(900, seed=2), synthetic.COMPANY_COLUMNS),
    ("persons", lambda: synthetic.persons_link(500, 400, seed=3), synthetic.PERSON_COLUMNS),
    ("persons", lambda: synthetic.persons_dedupe(900, seed=4), synthetic.PERSON_COLUMNS),
], ids=["companies-link", "companies-dedupe", "persons-link", "persons-dedupe"])
def test_precision_and_recall_above_the_floors(kind, make, mapping):
    truth = make()
    result, (precision, recall) = _run(truth, kind, mapping)
    assert result.summary["training"]["method"] == "em", result.summary["training"]
    assert precision >= PRECISION_FLOOR and recall >= RECALL_FLOOR, (precision, recall)


def test_companies_link_on_name_and_address_alone_without_any_identifier():
    truth = synthetic.companies_link(500, 400, seed=5)
    mapping = {k: v for k, v in synthetic.COMPANY_COLUMNS.items()
               if k in ("name", "address", "postcode", "city")}
    result, (precision, recall) = _run(truth, "companies", mapping)
    assert precision >= 0.9 and recall >= 0.75, (precision, recall)


def test_each_pair_explains_itself_with_per_comparison_weights_and_levels():
    truth = synthetic.persons_link(300, 200, seed=6)
    result, _ = _run(truth, "persons", synthetic.PERSON_COLUMNS)
    pair = result.pairs[0]
    assert set(pair.weights) == set(pair.levels) >= {"full_name", "birth_date", "tax_code", "email"}
    assert pair.levels["full_name"] in {"exact", "swapped", "both jaro-winkler >= 0.92", "both jaro-winkler >= 0.85",
                                        "last name exact", "first name exact", "different", "missing"}
    assert pair.weights["birth_date"] > 0 if pair.levels["birth_date"] == "exact" else True
    assert pair.match_weight > 0 and 0.9 <= pair.probability <= 1.0


def test_swapped_first_and_last_names_are_their_own_level():
    rows = [{"id": "1", "nome": "Mario", "cognome": "Bianchi", "nato": "1980-01-02"},
            {"id": "2", "nome": "Bianchi", "cognome": "Mario", "nato": "02/01/1980"}]
    data = dataset_from_records(rows, name="x", id_key="id",
                                mapping={"first_name": "nome", "last_name": "cognome", "birth_date": "nato"})
    result = link(data, kind="persons", threshold=0.0)
    assert result.pairs[0].levels["full_name"] == "swapped"
    assert result.pairs[0].levels["birth_date"] == "exact"


def test_dates_in_the_three_formats_match_each_other():
    rows = [{"id": str(i), "nome": "Giulia", "cognome": "Neri", "nato": date}
            for i, date in enumerate(["19850310", "10/03/1985", "1985-03-10"])]
    rows.append({"id": "9", "nome": "Giulia", "cognome": "Neri", "nato": "1985-03-11"})
    data = dataset_from_records(rows, name="x", id_key="id",
                                mapping={"first_name": "nome", "last_name": "cognome", "birth_date": "nato"})
    result = link(data, kind="persons", threshold=0.0)
    exact = {(p.left_id, p.right_id) for p in result.pairs if p.levels["birth_date"] == "exact"}
    assert exact == {("0", "1"), ("0", "2"), ("1", "2")}


def test_an_invalid_partita_iva_is_counted_and_not_used_as_a_key():
    rows = [{"id": "a", "rs": "Alfa Srl", "piva": "00743110157"}, {"id": "b", "rs": "Beta Spa", "piva": "00743110158"}]
    data = dataset_from_records(rows, name="x", id_key="id", mapping={"name": "rs", "vat_number": "piva"})
    assert data.fields["vat_number"] == ["00743110157", None]
    assert data.invalid["vat_number"] == 1
    assert link(data, kind="companies").summary["invalid_identifiers"] == {"vat_number": 1}


def test_an_identifier_column_empty_everywhere_is_survived_and_reported():
    truth = synthetic.companies_link(300, 200, seed=8)
    for row in truth.left + truth.right:
        row["partita_iva"] = row["codice_fiscale"] = ""
    result, (precision, recall) = _run(truth, "companies", synthetic.COMPANY_COLUMNS)
    training = result.summary["training"]
    assert training["method"] == "em"
    assert any("vat_number" in note and "no record pairs" in note for note in training["notes"])
    assert precision >= 0.95 and recall >= 0.9, (precision, recall)
