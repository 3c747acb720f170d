"""The plan of an import (pure): exact partita IVA first, certain groups within the file, review between the
thresholds, two different valid partite IVA never together, rows with errors left out."""

from florwork.employers.import_plan import Candidate, RowFacts, Thresholds, plan

T = Thresholds(merge=0.95, review=0.5)


def test_a_known_partita_iva_merges_whatever_the_linkage_says():
    decisions = plan([RowFacts(2, True, "12345670488", registry_match=7)], [Candidate(2, 0.1, company=9)],
                     company_vats={9: ""}, thresholds=T)
    assert decisions[2].kind == "merge" and decisions[2].company == 7 and decisions[2].automatic


def test_certain_uncertain_and_no_match():
    rows = [RowFacts(2, True), RowFacts(3, True), RowFacts(4, True), RowFacts(5, False)]
    candidates = [Candidate(2, 0.99, company=1), Candidate(3, 0.7, company=1), Candidate(4, 0.2, company=1),
                  Candidate(5, 0.99, company=1)]
    decisions = plan(rows, candidates, company_vats={1: ""}, thresholds=T)
    assert [decisions[n].kind for n in (2, 3, 4, 5)] == ["merge", "review", "new", "invalid"]
    assert decisions[3].pairs[0].company == 1


def test_duplicates_within_the_file_follow_their_first_row():
    rows = [RowFacts(2, True), RowFacts(3, True), RowFacts(4, True, "12345670488"), RowFacts(5, True, "12345670488")]
    candidates = [Candidate(3, 0.99, other_row=2)]
    decisions = plan(rows, candidates, company_vats={}, thresholds=T)
    assert decisions[2].kind == "new" and decisions[3].kind == "follow" and decisions[3].follows == 2
    assert decisions[4].kind == "new" and decisions[5].kind == "follow" and decisions[5].follows == 4


def test_a_group_goes_where_its_member_certainly_matches():
    rows = [RowFacts(2, True), RowFacts(3, True)]
    candidates = [Candidate(3, 0.99, other_row=2), Candidate(3, 0.97, company=8)]
    decisions = plan(rows, candidates, company_vats={8: ""}, thresholds=T)
    assert decisions[2].kind == "merge" and decisions[2].company == 8 and decisions[3].company == 8


def test_two_different_valid_partite_iva_are_never_merged_nor_reviewed():
    rows = [RowFacts(2, True, "12345670488"), RowFacts(3, True, "76543210488")]
    candidates = [Candidate(2, 0.999, company=1), Candidate(3, 0.999, other_row=2)]
    decisions = plan(rows, candidates, company_vats={1: "11111111111"}, thresholds=T)
    assert decisions[2].kind == "new" and decisions[3].kind == "new"


def test_an_uncertain_pair_within_the_file_is_reviewed_against_the_earlier_row():
    decisions = plan([RowFacts(2, True), RowFacts(3, True)], [Candidate(2, 0.7, other_row=3)], company_vats={},
                     thresholds=T)
    assert decisions[2].kind == "new" and decisions[3].kind == "review" and decisions[3].pairs[0].other_row == 2
