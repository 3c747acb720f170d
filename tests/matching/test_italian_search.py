"""Italian job titles and CV lines find the right occupation in the bundled taxonomy (top 3).

The list mixes forms we wrote as synonyms with forms we did not (plural, feminine, typos, whole CV
lines with verbs and places), so that it measures the normalisation and not only our label list.
"""

import pytest

from florwork.accounts.policy import SYSTEM
from florwork.matching.models import Occupation
from florwork.matching.selectors import taxonomy_search
from tests.matching.italian_titles import TITLES


@pytest.mark.parametrize(("text", "expected"), TITLES)
def test_an_italian_title_finds_its_occupation(db, text, expected):
    uri = Occupation.objects.get(preferred__en=expected).uri

    result = taxonomy_search(actor=SYSTEM, text=text, limit=3, semantic=False)

    top = [occupation.uri for _hit, occupation in result.occupations]
    assert uri in top, (text, [(h.label, h.score) for h, _o in result.occupations])


def test_the_result_says_which_label_matched(db):
    result = taxonomy_search(actor=SYSTEM, text="magazziniere con patentino muletto", limit=3, semantic=False)

    hit, occupation = result.occupations[0]
    assert occupation.preferred["en"] == "forklift operator"
    assert (hit.label, hit.language, hit.kind) == ("magazziniere con patentino muletto", "it", "alternative")
    skill_hit, skill = result.skills[0]
    assert skill.preferred["en"] == "operate forklift" and skill_hit.label == "patentino muletto"


def test_nonsense_finds_nothing(db):
    result = taxonomy_search(actor=SYSTEM, text="zzzz qqqq", semantic=False)

    assert result.occupations == [] and result.skills == []
