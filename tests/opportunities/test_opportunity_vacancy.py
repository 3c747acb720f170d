"""A direct opportunity becomes a vacancy: the vacancy form prefilled from it (occupation guessed from the
title with the taxonomy search), the vacancy created and linked in one transaction, published at once if asked;
indirect or already-converted opportunities refused; nothing written when the vacancy is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from florwork.matching.models import Occupation, OccupationSkill
from florwork.matching.vacancy_models import Vacancy
from florwork.opportunities import services
from florwork.opportunities.models import Opportunity
from tests.matching.vacancy_support import WAREHOUSE_WORKER, vacancy_data


def _post(company, job, **extra):
    essential = OccupationSkill.objects.filter(occupation=job, relation="essential").values_list("skill_id",
                                                                                                flat=True)
    return {"occupation": job.pk, "essential_skills": [str(pk) for pk in essential][:4], "contract_kind": "fixed_term",
            "hours": "full_time", "positions": "2", "title": "Magazzinieri", **extra}


def test_the_form_is_prefilled_from_the_opportunity(client, login, make_opportunity):
    opportunity = make_opportunity(title="magazziniere", expected_places=2, description="Night shifts")
    login(client, "company_officer")

    page = client.get(f"/opportunities/{opportunity.pk}/vacancy/")

    assert page.status_code == 200
    assert 'value="magazziniere"' in page.text and "Night shifts" in page.text
    assert 'name="occupation"' in page.text and "checked" in page.text  # an occupation guessed and ticked
    assert 'name="positions" value="2"' in page.text


def test_saving_creates_the_vacancy_linked_and_moves_the_opportunity_on(client, login, company, make_opportunity):
    opportunity = make_opportunity(title="magazziniere", expected_places=2)
    job = Occupation.objects.get(uri=WAREHOUSE_WORKER)
    login(client, "company_officer")

    response = client.post(f"/opportunities/{opportunity.pk}/vacancy/", _post(company, job))

    vacancy = Vacancy.objects.get()
    opportunity.refresh_from_db()
    assert response.status_code == 302 and response.url == reverse("vacancy_detail", args=[vacancy.pk])
    assert opportunity.vacancy == vacancy and vacancy.status == "draft" and vacancy.positions == 2
    assert opportunity.status == "in_progress"
    assert client.get(f"/opportunities/{opportunity.pk}/").status_code == 200


def test_save_and_publish_publishes_at_once(client, login, company, make_opportunity):
    opportunity = make_opportunity(kind="tirocinio", title="magazziniere")
    job = Occupation.objects.get(uri=WAREHOUSE_WORKER)
    login(client, "company_officer")

    client.post(f"/opportunities/{opportunity.pk}/vacancy/", _post(company, job, publish="1",
                                                                   contract_kind="tirocinio"))

    assert Vacancy.objects.get().status == "published"


def test_a_refused_vacancy_writes_nothing(client, login, company, make_opportunity):
    opportunity = make_opportunity(title="magazziniere")
    login(client, "company_officer")

    response = client.post(f"/opportunities/{opportunity.pk}/vacancy/", {"contract_kind": "fixed_term",
                                                                        "hours": "full_time", "positions": "1"})

    assert response.status_code == 400 and not Vacancy.objects.exists()
    assert Opportunity.objects.get().vacancy is None


def test_indirect_or_converted_opportunities_do_not_become_vacancies(actors, coop, make_opportunity):
    csr = make_opportunity(kind="csr", title="Volunteering day")
    direct = make_opportunity(title="Drivers")
    officer = actors["company_officer"]
    data = vacancy_data(WAREHOUSE_WORKER)
    services.opportunity_to_vacancy(by=officer, opportunity=direct, data=data)

    with pytest.raises(ValidationError):
        services.opportunity_to_vacancy(by=officer, opportunity=csr, data=data)
    with pytest.raises(ValidationError):
        services.opportunity_to_vacancy(by=officer, opportunity=Opportunity.objects.get(pk=direct.pk), data=data)

    assert Vacancy.objects.count() == 1


def test_the_case_manager_cannot_turn_an_opportunity_into_a_vacancy(client, login, make_opportunity):
    opportunity = make_opportunity()
    login(client, "case_manager")

    assert client.get(f"/opportunities/{opportunity.pk}/vacancy/").status_code == 403
