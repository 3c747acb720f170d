"""The network's refusal messages are in the reader's language, whatever language was active when the
services module was first imported (module-level texts are lazy)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from florwork.network import services


def test_module_level_messages_follow_the_active_language():
    with translation.override("it"):
        italian = [str(services.MESSAGES["reason_required"]), str(services.INELIGIBLE["age"])]
    with translation.override("en"):
        english = [str(services.MESSAGES["reason_required"]), str(services.INELIGIBLE["age"])]
    assert english == ["Give the reason (it is shared with the case manager).",
                       "the person's age is outside the service's age range"]
    assert all(it != en for it, en in zip(italian, english, strict=True))


def test_a_refusal_is_worded_in_the_language_of_the_request(make_service, referable, send, actors):
    referral = send(referable(), make_service())
    for language, words in (("it", "motivo"), ("en", "Give the reason")):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            services.partner_referral_transition(by=actors["partner_operator"], referral=referral,
                                                 to_state="declined", version=referral.version)
        assert words in refused.value.message_dict["reason"][0]
