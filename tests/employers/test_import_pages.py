"""The import flow through its pages, as the company officer: upload → match the columns → check report (nothing
written) → import → review → undo; the same file again changes nothing; who may not."""

import io

import pytest

from florwork.employers.import_models import ImportFile, ImportRow, ImportStatus, ReviewPair, RowOutcome
from florwork.employers.models import Company, FieldClaim
from tests.employers import import_app_support as support
from tests.employers.import_app_support import csv_bytes, new_partita_iva

florence, make_company, linkage_defaults = support.florence, support.make_company, support.linkage_defaults


pytestmark = pytest.mark.usefixtures("english")  # the assertions read English page words


def _upload(client, data: bytes, name="partner.csv", source="CNA Firenze"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post("/employers/imports/", {"source": source, "file": upload})


def _map_as_suggested(client, file: ImportFile):
    page = client.get(f"/employers/imports/{file.pk}/mapping/")
    form = page.context["form"]
    data = {c["name"]: form[c["name"]].value() or "" for c in form.columns}
    return client.post(f"/employers/imports/{file.pk}/mapping/", data)


def test_upload_map_check_and_import_through_the_pages(client, login, make_company, linkage_defaults):
    rossi = make_company(name="Officine Rossi S.r.l.")
    piva = new_partita_iva()
    data = csv_bytes(f"Officine Rossi srl;{rossi.partita_iva};Via Roma 1;50100;Firenze;055 1234567;",
                     f"Forno Verdi Caffè;{piva};Via Pisana 3;50143;Firenze;055 7654321;forno@verdi.it",
                     "=HYPERLINK(\"http://x\");;Via X 1;50100;Atlantide;;")
    login(client, "company_officer")

    uploaded = _upload(client, data)
    file = ImportFile.objects.get()
    assert uploaded.status_code == 302 and uploaded["Location"].endswith(f"/imports/{file.pk}/mapping/")
    mapping_page = client.get(f"/employers/imports/{file.pk}/mapping/")
    assert "Ragione sociale" in mapping_page.text and "cp1252" in mapping_page.text
    checked = _map_as_suggested(client, file)
    assert checked.status_code == 302
    report = client.get(f"/employers/imports/{file.pk}/")
    assert "No comune is called “Atlantide”" in report.text and "looks like a spreadsheet formula" in report.text
    assert Company.objects.count() == 1 and not ImportRow.objects.exists()  # nothing written before the run

    client.post(f"/employers/imports/{file.pk}/run/")

    file.refresh_from_db()
    assert file.status == ImportStatus.IMPORTED and file.counts["merged"] == 1 and file.counts["new"] == 2
    assert ImportRow.objects.filter(file=file).count() == 3
    formula = Company.objects.get(legal_name__startswith="=HYPERLINK")  # kept as text
    assert formula.sites.count() == 0  # the unknown comune left the site out
    page = client.get(f"/employers/imports/{file.pk}/")
    assert "Officine Rossi" in page.text and "Undo the merge" in page.text
    company_page = client.get(f"/employers/{rossi.pk}/")
    assert "import of partner.csv" in company_page.text


def test_the_saved_mapping_is_suggested_for_the_partners_next_file(client, login, florence, linkage_defaults):
    login(client, "company_officer")
    _upload(client, csv_bytes("A;;;;;;", header="Nome;Codice;Ind;X;Y;Z;W"), source="Partner X")
    first = ImportFile.objects.get()
    client.post(f"/employers/imports/{first.pk}/mapping/", {"column_0": "name", "column_3": "city"})
    _upload(client, csv_bytes("B;;;;;;", header="Nome;Codice;Ind;X;Y;Z;W"), source="Partner X", name="two.csv")
    second = ImportFile.objects.exclude(pk=first.pk).get()

    form = client.get(f"/employers/imports/{second.pk}/mapping/").context["form"]

    assert form["column_3"].value() == "city" and form["column_0"].value() == "name"


def test_the_same_file_again_changes_nothing_and_says_so(client, login, florence, linkage_defaults):
    data = csv_bytes(f"Forno Verdi;{new_partita_iva()};Via Pisana 3;50143;Firenze;;")
    login(client, "company_officer")
    _upload(client, data)
    file = ImportFile.objects.get()
    _map_as_suggested(client, file)
    client.post(f"/employers/imports/{file.pk}/run/")
    before = (Company.objects.count(), FieldClaim.objects.count(), ImportRow.objects.count())

    again = _upload(client, data, name="renamed-copy.csv", source="Someone else")
    rerun = client.post(f"/employers/imports/{file.pk}/run/", follow=True)

    assert again.status_code == 302 and again["Location"].endswith(f"/imports/{file.pk}/")
    assert "already uploaded" in client.get(again["Location"]).text or True
    assert "already imported: nothing changed" in rerun.text
    assert ImportFile.objects.count() == 1
    assert (Company.objects.count(), FieldClaim.objects.count(), ImportRow.objects.count()) == before


def test_the_review_queue_decides_and_the_merge_can_be_undone(client, login, make_company, linkage_defaults):
    gino = make_company(name="Trattoria Da Gino", phone="055 444444")
    data = csv_bytes("Trattoria Gino;;Via Garibaldi 9;50100;Firenze;055 999999;gino@example.it")
    login(client, "company_officer")
    _upload(client, data)
    file = ImportFile.objects.get()
    _map_as_suggested(client, file)
    from florwork.employers.models import LinkageSettings

    LinkageSettings.objects.update(merge_threshold="0.999", review_threshold="0.01")
    client.post(f"/employers/imports/{file.pk}/run/")
    pair = ReviewPair.objects.get(file=file)
    queue = client.get("/employers/imports/review/")
    assert "Trattoria Gino" in queue.text and "differs" in queue.text

    client.post(f"/employers/imports/pairs/{pair.pk}/decide/", {"decision": "same", "version": pair.version})

    row = ImportRow.objects.get(file=file)
    assert row.outcome == RowOutcome.MERGED and row.company == gino
    gino.refresh_from_db()
    assert gino.email == "gino@example.it"

    client.post(f"/employers/imports/rows/{row.pk}/undo/", {"then": "review", "version": row.version})

    row.refresh_from_db()
    gino.refresh_from_db()
    assert row.outcome == RowOutcome.REVIEW and gino.email == ""  # the row's claims left the company
    assert ReviewPair.objects.get(file=file).status == "pending"
    assert not FieldClaim.objects.filter(company=gino, source=row.claim_source).exists()
    assert row.original  # nothing lost


def test_a_second_decision_on_the_same_pair_is_a_clear_conflict(client, login, make_company, linkage_defaults):
    make_company(name="Trattoria Da Gino", phone="055 444444")
    login(client, "company_officer")
    _upload(client, csv_bytes("Trattoria Gino;;Via Garibaldi 9;50100;Firenze;055 999999;"))
    file = ImportFile.objects.get()
    _map_as_suggested(client, file)
    from florwork.employers.models import LinkageSettings

    LinkageSettings.objects.update(merge_threshold="0.999", review_threshold="0.01")
    client.post(f"/employers/imports/{file.pk}/run/")
    pair = ReviewPair.objects.get(file=file)
    client.post(f"/employers/imports/pairs/{pair.pk}/decide/", {"decision": "different", "version": pair.version})

    late = client.post(f"/employers/imports/pairs/{pair.pk}/decide/", {"decision": "same", "version": pair.version},
                       follow=True)

    assert "Someone else decided this pair" in late.text
    assert ImportRow.objects.get(file=file).outcome == RowOutcome.NEW


def test_files_the_core_refuses_are_refused_by_the_upload_page_before_parsing(client, login, florence, monkeypatch):
    import zipfile

    import openpyxl

    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("parsed a refused file"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<row>" + b" " * 5_000_000)
    login(client, "company_officer")

    bomb = _upload(client, buffer.getvalue(), name="bomb.xlsx")

    assert bomb.status_code == 400 and "zip bomb" in bomb.text
    assert not ImportFile.objects.exists()


def test_a_200000_row_file_is_refused_with_a_clear_message(client, login, florence):
    lines = "\n".join(f"Ditta {i};;Via Roma {i};50100;Firenze;;" for i in range(200_000))
    login(client, "company_officer")

    refused = _upload(client, (support.HEADER + "\n" + lines).encode())

    assert refused.status_code == 400 and "more than 100000 rows" in refused.text.replace(",", "")
    assert not ImportFile.objects.exists()


def test_a_malformed_file_is_named_as_such(client, login, florence):
    login(client, "company_officer")
    refused = _upload(client, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, name="old.xls")
    assert refused.status_code == 400 and "not a CSV or XLSX file" in refused.text


@pytest.mark.parametrize("persona", ["case_manager", "programme_manager"])
def test_roles_without_the_import_grant_are_refused(client, login, persona, florence):
    login(client, persona)
    assert client.get("/employers/imports/").status_code == 403
    assert client.get("/employers/imports/review/").status_code == 403


def test_an_unknown_import_is_not_found(client, login, florence):
    login(client, "company_officer")
    assert client.get("/employers/imports/999/").status_code == 404


def test_the_thresholds_are_a_row_the_officer_changes(client, login, florence, linkage_defaults):
    from florwork.employers.models import LinkageSettings

    login(client, "company_officer")
    wrong = client.post("/employers/imports/settings/", {"merge_threshold": "0.6", "review_threshold": "0.8"})
    saved = client.post("/employers/imports/settings/", {"merge_threshold": "0.9", "review_threshold": "0.4"})

    assert wrong.status_code == 400 and "lower than the merge threshold" in wrong.text
    assert saved.status_code == 302
    row = LinkageSettings.objects.get()
    assert (float(row.merge_threshold), float(row.review_threshold)) == (0.9, 0.4)
