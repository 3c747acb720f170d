"""The imports API: upload (multipart) with a mapping, status and report, run, rows, review pairs, decide with 409
on a stale version; the same bytes again change nothing; roles without the grant get 403."""

import json

import pytest
from django.test import Client

from florwork.accounts.services import apitoken_create
from florwork.employers.import_models import ImportFile, LinkageSettings
from tests.employers import import_app_support as support
from tests.employers.import_app_support import HEADER, csv_bytes, new_partita_iva

pytestmark = pytest.mark.usefixtures("in_english")

florence, make_company, linkage_defaults = support.florence, support.make_company, support.linkage_defaults

MAPPING = {"name": "Ragione sociale", "vat_number": "P.IVA", "address": "Indirizzo", "postcode": "CAP",
           "city": "Comune", "phone": "Telefono", "email": "E-mail"}


@pytest.fixture
def api(actors):
    class As:
        def __init__(self, key):
            _, raw = apitoken_create(by=actors[key], name="test")
            self.auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

        def get(self, path, **params):
            return Client().get(path, params, **self.auth)

        def post(self, path, body):
            return Client().post(path, json.dumps(body), content_type="application/json", **self.auth)

        def upload(self, data: bytes, name="partner.csv", mapping=None):
            from django.core.files.uploadedfile import SimpleUploadedFile

            fields = {"source": "CNA Firenze", "file": SimpleUploadedFile(name, data)}
            if mapping is not None:
                fields["mapping"] = json.dumps(mapping)
            return Client().post("/api/imports", fields, **self.auth)

    return As


def test_upload_check_run_and_read_rows(api, make_company, linkage_defaults):
    rossi = make_company(name="Officine Rossi S.r.l.")
    officer = api("company_officer")
    data = csv_bytes(f"Officine Rossi;{rossi.partita_iva};Via Roma 1;50100;Firenze;;",
                     "Senza Partita;12345;Via X 1;50100;Firenze;;")

    created = officer.upload(data, mapping=MAPPING)
    body = created.json()
    report = officer.get(f"/api/imports/{body['id']}/report").json()
    run = officer.post(f"/api/imports/{body['id']}/run", {})
    rows = officer.get(f"/api/imports/{body['id']}/rows").json()

    assert created.status_code == 201 and body["created"] and body["status"] == "validated"
    assert body["suggested_mapping"]["name"] == "Ragione sociale" and body["report"]["with_errors"] == 1
    assert any(i["code"] == "vat_number_invalid" and i["row"] == 3 and "partita IVA" in i["message"]
               for i in report)
    assert run.status_code == 200 and run.json()["changed"] and run.json()["counts"]["merged"] == 1
    assert [r["outcome"] for r in rows["items"]] == ["merged", "invalid"]
    assert rows["items"][1]["original"].startswith("Senza Partita;12345")
    again = officer.post(f"/api/imports/{body['id']}/run", {})
    assert again.status_code == 200 and again.json()["changed"] is False
    same_bytes = officer.upload(data, name="copy.csv")
    assert same_bytes.status_code == 200 and same_bytes.json()["created"] is False
    assert ImportFile.objects.count() == 1


def test_review_pairs_and_a_stale_decision_is_a_409(api, make_company, linkage_defaults):
    make_company(name="Trattoria Da Gino", phone="055 444444")
    LinkageSettings.objects.update(merge_threshold="0.999", review_threshold="0.01")
    officer = api("company_officer")
    file_id = officer.upload(csv_bytes("Trattoria Gino;;Via Garibaldi 9;50100;Firenze;055 999999;"),
                             mapping=MAPPING).json()["id"]
    officer.post(f"/api/imports/{file_id}/run", {})
    pairs = officer.get(f"/api/imports/{file_id}/pairs").json()
    pair = pairs[0]

    decided = officer.post(f"/api/imports/pairs/{pair['id']}/decision", {"decision": "same", "version": 1})
    stale = officer.post(f"/api/imports/pairs/{pair['id']}/decision", {"decision": "different", "version": 1})

    assert pair["sides"]["row"]["name"] == "Trattoria Gino" and pair["sides"]["other"]["name"] == "Trattoria Da Gino"
    assert decided.status_code == 200 and decided.json()["status"] == "same"
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"


def test_bad_files_and_mappings_are_named(api, florence, linkage_defaults):
    officer = api("company_officer")
    refused = officer.upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, name="old.xls")
    unmapped = officer.upload(csv_bytes(f"Forno;{new_partita_iva()};;;;;"), mapping={"city": "Comune"})

    assert refused.status_code == 422 and refused.json()["error"]["fields"][0]["field"] == "file"
    assert unmapped.status_code == 422 and "name" in unmapped.json()["error"]["fields"][0]["message"]
    assert HEADER  # the partner's header the helpers write


@pytest.mark.parametrize("persona", ["case_manager", "programme_manager"])
def test_roles_without_the_grant_get_403(api, persona, florence):
    assert api(persona).get("/api/imports").status_code == 403


def test_an_unknown_import_is_404(api, florence):
    assert api("company_officer").get("/api/imports/999").status_code == 404
