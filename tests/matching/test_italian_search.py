"""Italian job titles and CV lines find the right occupation in the bundled taxonomy (top 3).

The list mixes forms we wrote as synonyms with forms we did not (plural, feminine, typos, whole CV
lines with verbs and places), so that it measures the normalisation and not only our label list.
"""

import pytest

from florwork.accounts.policy import SYSTEM
from florwork.matching.models import Occupation
from florwork.matching.selectors import taxonomy_search

TITLES = [  # (free text as written by a person or an operator, ESCO English preferred label)
    ("aiuto cuoco", "kitchen assistant"),
    ("ho lavorato come aiuto cuoco in una mensa", "kitchen assistant"),
    ("cuoca", "cook"),
    ("cuochi di ristorante", "cook"),
    ("magazziniere con patentino muletto", "forklift operator"),
    ("magazziniera", "warehouse worker"),
    ("magazinere", "warehouse worker"),  # typo
    ("addetta pulizie uffici", "building cleaner"),
    ("impresa di pulizie, addetto", "building cleaner"),
    ("colf", "domestic cleaner"),
    ("badante per anziani", "home care aide"),
    ("OSS in RSA", "healthcare assistant"),
    ("operatrice socio sanitaria", "healthcare assistant"),
    ("giardiniere", "landscape gardener"),
    ("manutenzione aree verdi", "garden labourer"),
    ("commessa in un negozio di abbigliamento", "shop assistant"),
    ("cassiera al supermercato", "cashier"),
    ("cameriera di sala", "waiter/waitress"),
    ("lavapiatti", "kitchen porter"),
    ("pizzaiolo", "pizzaiolo"),
    ("fattorino consegne a domicilio", "motorcycle delivery person"),
    ("autista furgone per consegne", "car and van delivery driver"),
    ("custode di condominio", "building caretaker"),
    ("cameriera ai piani in albergo", "room attendant"),
    ("operatore call center inbound", "call centre agent"),
    ("inserimento dati al computer", "data entry clerk"),
    ("manovale edile", "building construction worker"),
    ("imbianchino", "construction painter"),
    ("aiuto elettricista", "building electrician"),
    ("bracciante agricolo stagionale", "crop production worker"),
    ("confezionamento e imballaggio merci", "hand packer"),
    ("guardia giurata", "security guard"),
    ("receptionist", "receptionist"),
    ("baby-sitter", "babysitter"),
    ("aiuto parrucchiera", "hairdresser assistant"),
    ("sarta", "dressmaker"),
    ("pellettiera", "leather goods manual operator"),
]


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
