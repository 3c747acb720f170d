"""The demo's statistical profile: two active models (6 and 12 months) on a synthetic history imported as
historical data, said so on their cards, and a biased candidate the audit catches, left inactive."""

from florwork.assessment.profile_models import ProfileModel
from florwork.demo.profile_model import demo_profile_load


def test_the_demo_trains_and_activates_a_model_per_horizon_keeps_the_biased_one_inactive_once(db):
    report = demo_profile_load()
    assert report.created == 3 and set(report.active) == {6, 12}
    for horizon, model_id in report.active.items():
        model = ProfileModel.objects.get(pk=model_id)
        assert model.status == "active" and model.horizon == horizon and model.gate_reasons == []
        assert model.source == "imported" and "Synthetic history generated for the demo" in model.card["data"]["note"]
        assert model.card["data"]["period"] and model.cases == 2000
    biased = ProfileModel.objects.get(pk=report.candidate)
    assert biased.status == "trained"
    assert any(reason.startswith("citizenship: fnr gap") for reason in biased.gate_reasons)

    again = demo_profile_load()  # loaded once (one test: training takes seconds)
    assert again.created == 0 and len(again.active) == 2 and ProfileModel.objects.count() == 3
