"""All or nothing per file: a run that fails halfway leaves nothing written (no row, company, claim or pair) and
the file ready to run again; running it again completes it."""

import pytest

from florwork.employers import import_services
from florwork.employers.import_models import ImportFile, ImportRow, ImportStatus, ReviewPair
from florwork.employers.models import Company, FieldClaim, Site
from tests.employers import import_app_support as support
from tests.employers.import_app_support import csv_bytes, new_partita_iva

florence, make_company, linkage_defaults, imported = (support.florence, support.make_company,
                                                       support.linkage_defaults, support.imported)


def _state():
    return (Company.objects.count(), FieldClaim.objects.count(), Site.objects.count(), ImportRow.objects.count(),
            ReviewPair.objects.count())


def test_a_run_interrupted_halfway_writes_nothing_and_can_run_again(make_company, imported, actors, monkeypatch):
    known = make_company(name="Officine Rossi S.r.l.")
    lines = [f"Officine Rossi;{known.partita_iva};Via Roma 1;50100;Firenze;;"]
    lines += [f"Ditta Nuova {i};{new_partita_iva()};Via Nuova {i};50100;Firenze;;" for i in range(6)]
    file = imported(csv_bytes(*lines), go=False)
    before = _state()
    real, calls = import_services.new_company, []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 4:
            raise RuntimeError("the server stopped")
        return real(*args, **kwargs)

    monkeypatch.setattr(import_services, "new_company", failing)
    with pytest.raises(RuntimeError):
        import_services.import_run(by=actors["company_officer"], file=file)

    assert _state() == before  # three companies were created before the failure: rolled back with the rest
    file.refresh_from_db()
    assert file.status == ImportStatus.VALIDATED

    monkeypatch.setattr(import_services, "new_company", real)
    done = import_services.import_run(by=actors["company_officer"], file=file)

    assert done.status == ImportStatus.IMPORTED and done.counts["new"] == 6 and done.counts["merged"] == 1
    assert ImportRow.objects.filter(file=file).count() == 7


def test_running_an_imported_file_again_changes_nothing(florence, imported, actors):
    file = imported(csv_bytes(f"Forno Verdi;{new_partita_iva()};Via Pisana 3;50143;Firenze;;"))
    before = _state()

    with pytest.raises(import_services.AlreadyImported):
        import_services.import_run(by=actors["company_officer"], file=ImportFile.objects.get(pk=file.pk))

    assert _state() == before
