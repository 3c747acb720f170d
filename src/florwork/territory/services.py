"""Loading the comuni: one transaction, bulk upsert by ISTAT code, audited when anything changed.

Why a command and not a data migration: the comuni are reference data that ISTAT revises every
year (mergers, new codes), so the load must be re-runnable against a live database, and it reads
files inside two installed packages whose content a frozen migration would not follow. Migrations
create the table only; ``florwork territory load`` (also run by ``florwork demo``) fills it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from florwork.accounts.policy import Action, Actor, may
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record
from florwork.territory.models import Comune
from florwork.territory.sources import ComuneRecord, read_comuni

FIELDS = ("name", "cadastral_code", "province_code", "province_name", "region",
          "latitude", "longitude", "coordinates_source", "coordinates_place", "is_active")
_POINT = Decimal("0.00001")  # the model keeps 5 decimals (about one metre)


@dataclass(frozen=True)
class LoadReport:
    total: int
    created: int
    updated: int
    deactivated: int
    with_coordinates: int
    without_coordinates: int

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deactivated)


def _values(record: ComuneRecord) -> dict:
    values = asdict(record)
    del values["istat_code"]
    for axis in ("latitude", "longitude"):
        if values[axis] is not None:
            values[axis] = values[axis].quantize(_POINT)
    values["is_active"] = True
    return values


def _apply(row: Comune, values: dict) -> bool:
    """Copies the values onto the row; True if any differed."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def comuni_load(*, by: Actor, records: Sequence[ComuneRecord] | None = None) -> LoadReport:
    """Upserts every comune of ``records`` (default: the installed packages); a second run changes nothing.

    Comuni that have disappeared from the source are deactivated, never deleted: people and
    companies may still point at them.
    """
    if not may(by, Action.PARAMETERS_MANAGE):
        raise PermissionDenied
    records = read_comuni() if records is None else records
    with transaction.atomic():
        existing = {row.istat_code: row for row in Comune.objects.select_for_update()}
        to_create, to_update = [], []
        for record in records:
            row = existing.pop(record.istat_code, None)
            if row is None:
                to_create.append(Comune(istat_code=record.istat_code, **_values(record)))
            elif _apply(row, _values(record)):
                to_update.append(row)
        gone = [row for row in existing.values() if row.is_active]
        for row in gone:
            row.is_active = False
        Comune.objects.bulk_create(to_create, batch_size=500)
        Comune.objects.bulk_update(to_update + gone, FIELDS, batch_size=500)
        active = Comune.objects.filter(is_active=True)
        located = active.filter(latitude__isnull=False).count()
        report = LoadReport(
            total=active.count(), created=len(to_create), updated=len(to_update), deactivated=len(gone),
            with_coordinates=located, without_coordinates=active.count() - located,
        )
        if report.changed:
            audit_record(
                actor=by, operation=Operation.CREATE if report.created else Operation.UPDATE,
                purpose=Purpose.ADMINISTRATION, object_type="territory.Comune", object_label="comuni",
                fields=FIELDS, detail=asdict(report),
            )
    return report
