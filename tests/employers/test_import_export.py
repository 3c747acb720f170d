"""The registry's CSV export: every company, formula-looking cells neutralised (OWASP CSV injection), audited;
only for roles that see the registry."""

import csv
import io

import pytest

from florwork.audit.models import AuditEntry, Operation
from tests.employers import registry_support as support

florence, make_company = support.florence, support.make_company


def _rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_formula_looking_cells_are_neutralised_on_export(client, login, make_company):
    make_company(name="=HYPERLINK(\"http://evil\",\"click\")", phone="+39 055 123456")
    make_company(name="Panificio Bianchi")
    login(client, "company_officer")

    response = client.get("/employers/export.csv")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert rows[0][:3] == ["code", "legal_name", "trade_names"]
    names = [row[1] for row in rows[1:]]
    assert "'=HYPERLINK(\"http://evil\",\"click\")" in names and "Panificio Bianchi" in names
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert AuditEntry.objects.filter(operation=Operation.EXPORT, object_type="employers.Company").exists()


@pytest.mark.parametrize("persona", ["social_worker", "funder"])
def test_roles_without_the_registry_cannot_export_it(client, login, persona, florence):
    login(client, persona)
    assert client.get("/employers/export.csv").status_code == 403
