"""The pure search core: normalisation of Italian forms, scores and reasons."""

from florwork.matching.taxonomy.normalize import fold, normalized, stem, tokens
from florwork.matching.taxonomy.search import LabelRecord, SearchIndex


def test_gender_and_number_forms_share_a_stem():
    assert {stem(w) for w in ("cuoco", "cuoca", "cuochi", "cuoche")} == {"cuoc"}
    assert {stem(w) for w in ("magazziniere", "magazziniera", "magazzinieri")} == {"magazzinier"}
    assert stem("operatrice") == stem("operatore") == stem("operatori") == "operator"
    assert stem("cleaners") == "cleaner"


def test_accents_punctuation_and_stopwords_go():
    assert fold("Addetta all'Assistenza – più") == "addetta all assistenza piu"
    assert tokens("ho lavorato come aiuto cuoco in una mensa") == ["aiut", "cuoc", "mens"]
    assert normalized("Carrellista (muletto)") == "carrellist mulett"


def _index():
    return SearchIndex.build([
        LabelRecord("occupation", "u:ka", "it", "preferred", "aiuto cuoco"),
        LabelRecord("occupation", "u:cook", "it", "preferred", "cuoco"),
        LabelRecord("occupation", "u:cook", "it", "alternative", "cuoca"),
        LabelRecord("occupation", "u:wh", "it", "preferred", "magazziniere"),
        LabelRecord("skill", "u:fl", "it", "preferred", "guidare il muletto"),
    ])


def test_the_most_specific_label_wins_and_says_why():
    hits = _index().search("aiuto cuoca", concept="occupation")

    assert [h.uri for h in hits] == ["u:ka", "u:cook"]
    assert hits[0].score == 1.0 and hits[0].label == "aiuto cuoco" and hits[0].matched == ("aiut", "cuoc")


def test_typos_match_at_a_lower_score():
    hits = _index().search("magazinere")

    assert hits[0].uri == "u:wh" and 0.35 < hits[0].score < 1.0


def test_kinds_are_separated():
    assert [h.uri for h in _index().search("muletto", concept="skill")] == ["u:fl"]
    assert _index().search("muletto", concept="occupation") == []
    assert _index().search("   ") == []
