"""Fixtures of the person pages: Tuscany's comuni (to name birth places and residences), people
visible to each persona, and a minimal valid PDF for consent documents."""

import pytest

from florwork.accounts.policy import SYSTEM
from florwork.territory.services import comuni_load
from florwork.territory.sources import read_comuni

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def tuscany(db):
    comuni_load(by=SYSTEM, records=[r for r in read_comuni() if r.region == "Toscana"])


@pytest.fixture
def followed(make_case):
    """A person with a case in the hub's team at intake (the case manager sees them, with no consent yet)."""
    return make_case(state="intake").person
