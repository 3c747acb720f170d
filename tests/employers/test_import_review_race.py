"""Two officers deciding the same review pair at once: one decision stands, the other gets a Conflict (the pair
row is locked with SELECT ... FOR UPDATE, then its version checked). Real threads on PostgreSQL."""

import threading

import pytest
from django.db import connection, connections

from florwork.conflicts import Conflict
from florwork.employers import import_services
from florwork.employers.import_models import ImportRow, LinkageSettings, PairStatus, ReviewPair, RowOutcome
from florwork.employers.models import Company
from tests.employers import import_app_support as support
from tests.employers.import_app_support import csv_bytes

florence, make_company, linkage_defaults, imported = (support.florence, support.make_company,
                                                       support.linkage_defaults, support.imported)

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="row locks need PostgreSQL (SQLite serializes every writer anyway)")


@pytest.mark.django_db(transaction=True)
def test_two_officers_deciding_one_pair_at_once(make_company, imported, actors, linkage_defaults):
    make_company(name="Trattoria Da Gino", phone="055 444444")
    LinkageSettings.objects.update(merge_threshold="0.999", review_threshold="0.01")
    file = imported(csv_bytes("Trattoria Gino;;Via Garibaldi 9;50100;Firenze;055 999999;"))
    pair = ReviewPair.objects.get(file=file)
    start = threading.Barrier(2)
    done, conflicts, errors = [], [], []

    def decide(decision: str) -> None:
        try:
            mine = ReviewPair.objects.get(pk=pair.pk)
            start.wait(timeout=30)
            import_services.pair_decide(by=actors["company_officer"], pair=mine, decision=decision,
                                        version=mine.version)
            done.append(decision)
        except Conflict:
            conflicts.append(decision)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(d,)) for d in ("same", "different")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == [] and len(done) == 1 and len(conflicts) == 1
    pair.refresh_from_db()
    row = ImportRow.objects.get(file=file)
    assert pair.status == done[0]
    if done[0] == PairStatus.SAME:
        assert row.outcome == RowOutcome.MERGED and Company.objects.count() == 1
    else:
        assert row.outcome == RowOutcome.NEW and Company.objects.count() == 2
