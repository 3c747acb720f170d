"""The committed migrations match the models, and keep matching from one run to the next."""

from io import StringIO

import pytest
from django.core.management import call_command

from florwork.cases.lifecycle import FINAL
from florwork.cases.models import FINAL_VALUES


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    out = StringIO()

    # exits (fails) on a change; a set iterated into a constraint once showed one in every other process
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)

    assert "No changes detected" in out.getvalue()


def test_the_fixed_list_of_final_states_is_the_lifecycle_s():
    assert set(FINAL_VALUES) == {state.value for state in FINAL}
