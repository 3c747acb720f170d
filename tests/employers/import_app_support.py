"""Shared by the import pipeline tests: the comuni, a registry, partner files as bytes, upload → map → run."""

import pytest

from florwork.employers import import_selectors, import_services
from tests.employers import registry_support
from tests.employers.registry_support import new_partita_iva

florence, make_company = registry_support.florence, registry_support.make_company

HEADER = "Ragione sociale;P.IVA;Indirizzo;CAP;Comune;Telefono;E-mail"


def csv_bytes(*lines: str, header: str = HEADER, encoding: str = "cp1252") -> bytes:
    return ("\r\n".join([header, *lines]) + "\r\n").encode(encoding)


@pytest.fixture
def linkage_defaults(db):
    """The thresholds row the migration loads (a transactional test before may have flushed it)."""
    from decimal import Decimal

    from django.utils import timezone

    from florwork.employers.models import LinkageSettings

    if not LinkageSettings.objects.exists():
        LinkageSettings.objects.create(merge_threshold=Decimal("0.99"), review_threshold=Decimal("0.5"),
                                       updated_at=timezone.now())


@pytest.fixture
def imported(actors, linkage_defaults):
    """Upload, map as suggested and run a file as the company officer; returns the file."""

    def run(data: bytes, *, name="partner.csv", source="Confartigianato Firenze", mapping=None, go=True):
        by = actors["company_officer"]
        file, _created = import_services.import_upload(by=by, source_name=source, filename=name, data=data)
        chosen = mapping or {field: column for column, field in
                             import_selectors.mapping_suggestions(file=file).items()}
        file = import_services.import_map(by=by, file=file, mapping=chosen)
        return import_services.import_run(by=by, file=file) if go else file

    return run


__all__ = ["florence", "make_company", "new_partita_iva"]
