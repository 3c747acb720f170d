"""Helpers for the case pages: the referral form's data and small valid files."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from florwork.people.codice_fiscale import generate

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name="report.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name="id.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def referral_data(**overrides):
    """A valid referral of Giulia Bianchi, born in Florence on 12 March 1990."""
    birth = overrides.pop("birth_date", dt.date(1990, 3, 12))
    first, last, sex = overrides.get("first_name", "Giulia"), overrides.get("last_name", "Bianchi"), \
        overrides.get("sex", "F")
    data = {
        "codice_fiscale": generate(last, first, birth, sex, "D612"),
        "first_name": first, "last_name": last, "birth_date": birth.isoformat(), "sex": sex,
        "phone": "055 123456", "email": "", "residence": "",
        "reason": "Lost her job in 2023; ADI since January.", "needs": ["work", "skills"], "urgency": "high",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def tuscany(db):
    from florwork.accounts.policy import SYSTEM
    from florwork.territory.services import comuni_load
    from florwork.territory.sources import read_comuni

    comuni_load(by=SYSTEM, records=[r for r in read_comuni() if r.province_code in ("FI", "PO")])


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files go to a directory of the test, not to the machine's var/media."""
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "media"}}}
