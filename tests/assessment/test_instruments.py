"""Instruments as versioned data: our own instrument is loaded from its JSON file; a published version never
changes (an edit makes a new version) and old assessments keep theirs."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from florwork.assessment import instruments
from florwork.assessment.models import Instrument, Item
from florwork.assessment.services import assessment_start, instrument_publish, instrument_revise

DATA = instruments.read(instruments.EMPLOYABILITY_V1)


def test_the_instrument_is_loaded_published_with_ten_dimensions_in_two_languages(db):
    instrument = Instrument.objects.get()
    assert (instrument.code, instrument.version, instrument.status) == ("florwork-employability", 1, "published")
    assert instrument.dimensions.count() == 10
    items = Item.objects.filter(dimension__instrument=instrument)
    assert items.count() == sum(len(d["items"]) for d in DATA["dimensions"])
    for item in items:
        assert item.question_it and item.question_en and item.scale["min"] == 1 and item.scale["max"] == 5
        assert all(item.scale["anchors"][str(v)]["it"] and item.scale["anchors"][str(v)]["en"] for v in range(1, 6))
    assert items.filter(respondent="person").exists() and items.filter(reverse_scored=True).exists()


def test_every_dimension_has_three_or_four_items():
    assert all(3 <= len(d["items"]) <= 4 for d in DATA["dimensions"])


def test_editing_a_published_version_makes_a_new_one_and_old_assessments_keep_theirs(actors, make_case):
    old = Instrument.objects.get()
    assessment = assessment_start(by=actors["case_manager"], case=make_case(state="intake"))
    changed = instruments.as_data(old)
    changed["dimensions"][0]["items"][0]["question"]["en"] = "A reworded question?"
    new = instrument_revise(by=actors["programme_manager"], instrument=old, data=changed)
    old.refresh_from_db()
    assert (new.version, new.status) == (2, "draft") and old.status == "published"
    assert Item.objects.get(dimension__instrument=old, code="we_recent_work").question_en != "A reworded question?"
    instrument_publish(by=actors["programme_manager"], instrument=new)
    old.refresh_from_db()
    assert old.status == "retired"
    assessment.refresh_from_db()
    assert assessment.instrument_id == old.pk
    later = assessment_start(by=actors["case_manager"], case=make_case(state="intake"))
    assert later.instrument_id == new.pk


def test_only_programme_managers_change_instruments(actors):
    with pytest.raises(PermissionDenied):
        instrument_revise(by=actors["case_manager"], instrument=Instrument.objects.get(), data=DATA)


def test_the_database_allows_one_published_version_per_code(db):
    from django.utils import timezone

    with pytest.raises(IntegrityError):
        Instrument.objects.create(code="florwork-employability", version=9, title_it="x", title_en="x",
                                  status="published", created_at=timezone.now(), published_at=timezone.now())
