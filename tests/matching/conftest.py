"""The vacancy and ranking fixtures (tests/matching/vacancy_support.py) for every test of this folder."""

from tests.matching import vacancy_support as support

florence, make_company, company = support.florence, support.make_company, support.company
make_vacancy, make_candidate = support.make_vacancy, support.make_candidate
