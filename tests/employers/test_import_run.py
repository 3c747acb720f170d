"""The run: certain matches merge with the file as the claims' source, uncertain ones wait for review, the
others become companies; rows with errors are kept and not imported; nothing is lost."""


from florwork.employers.import_models import ImportRow, ImportStatus, ReviewPair, RowOutcome
from florwork.employers.models import Company, FieldClaim
from tests.employers import import_app_support as support
from tests.employers.import_app_support import csv_bytes, new_partita_iva

florence, make_company, linkage_defaults, imported = (support.florence, support.make_company,
                                                       support.linkage_defaults, support.imported)


def test_a_known_partita_iva_merges_and_the_claims_name_the_file(make_company, imported):
    rossi = make_company(name="Officine Rossi S.r.l.", phone="055 111111")
    data = csv_bytes(f"OFFICINE ROSSI SRL;IT{rossi.partita_iva};Via Roma 1;50100;Firenze;055 222222;info@rossi.it")

    file = imported(data, name="confartigianato.csv")

    row = ImportRow.objects.get(file=file)
    assert file.status == ImportStatus.IMPORTED and row.outcome == RowOutcome.MERGED and row.company == rossi
    rossi.refresh_from_db()
    assert rossi.email == "info@rossi.it"  # nobody said otherwise
    assert rossi.phone == "055 111111"  # an officer's value wins over any import (provenance.py)
    assert FieldClaim.objects.filter(company=rossi, field="phone", value="055 222222").exists()
    sources = set(FieldClaim.objects.filter(company=rossi).values_list("source", flat=True))
    assert f"import:confartigianato.csv#{file.pk}/2" in sources and "manual" in sources
    assert file.counts["merged"] == 1 and Company.objects.count() == 1


def test_unknown_companies_become_new_ones_with_their_site(florence, imported):
    piva = new_partita_iva()
    file = imported(csv_bytes(f"Forno Bianchi;{piva};Via Pisana 3;50143;Firenze;055 333333;"))

    company = Company.objects.get(partita_iva=piva)
    assert company.legal_name == "Forno Bianchi" and company.sites.get().comune_istat == "048017"
    assert ImportRow.objects.get(file=file).outcome == RowOutcome.NEW


def test_rows_with_errors_are_kept_verbatim_and_not_imported(florence, imported):
    bad = new_partita_iva()[:-1] + "0" if not new_partita_iva().endswith("0") else new_partita_iva()[:-1] + "1"
    line = f"Ditta Sbagliata;{bad};Via X 1;50100;Firenze;;"
    file = imported(csv_bytes(line))

    row = ImportRow.objects.get(file=file)
    assert row.outcome in (RowOutcome.INVALID, RowOutcome.NEW)
    assert row.original.rstrip("\r\n") == line


def test_similar_names_without_identifiers_go_to_review(make_company, imported):
    make_company(name="Trattoria Da Gino", phone="055 444444")
    file = imported(csv_bytes("Trattoria da Gino;;Via Roma 1;50100;Firenze;055 444444;"))

    row = ImportRow.objects.get(file=file)
    assert row.outcome in (RowOutcome.REVIEW, RowOutcome.MERGED), row.outcome
    print(row.outcome, list(ReviewPair.objects.values_list("probability", flat=True)), file.linkage)
