"""Helpers for the assessment tests: pages in English, an assessment filled in with given answers."""

import pytest


@pytest.fixture
def fill(actors):
    """fill(assessment, value=4, skip=(), values={code: v}) answers every item (as its respondent)."""
    from florwork.assessment.models import Item
    from florwork.assessment.services import answer_save

    def answer(assessment, *, value=4, skip=(), values=None, by="case_manager"):
        for item in Item.objects.filter(dimension__instrument=assessment.instrument):
            if item.code in skip:
                continue
            answer_save(by=actors[by], assessment=assessment, item_code=item.code,
                        value=(values or {}).get(item.code, value), answered_by=item.respondent)
        return assessment

    return answer


@pytest.fixture
def started(actors, make_case):
    """started(state="intake") -> an assessment in progress on a new case of the hub team."""
    from florwork.assessment.services import assessment_start

    def start(*, state="intake", **case_fields):
        case = make_case(state=state, **case_fields)
        return assessment_start(by=actors["case_manager"], case=case)

    return start
