"""Instruments and routing rules as plain, reviewable JSON files, and the loader that turns one into rows.

The loader takes the model classes as arguments so that the data migration (historical models) and the
services (the real ones) create instruments the same way.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
EMPLOYABILITY_V1 = HERE / "florwork_employability_v1.json"
ROUTING_RULES_V1 = HERE / "routing_rules_v1.json"


def read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _scale(data: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    scale = item["scale"]
    return dict(data["scales"][scale]) if isinstance(scale, str) else dict(scale)


def create_rows(*, data: dict[str, Any], version: int, status: str, at, instrument_model, dimension_model,
                item_model):
    """Create one instrument version from its JSON description; returns the Instrument row."""
    instrument = instrument_model.objects.create(
        code=data["code"], version=version, title_it=data["title"]["it"], title_en=data["title"]["en"],
        description_it=data.get("description", {}).get("it", ""),
        description_en=data.get("description", {}).get("en", ""),
        status=status, created_at=at, published_at=at if status != "draft" else None)
    for d_order, dim in enumerate(data["dimensions"], start=1):
        dimension = dimension_model.objects.create(
            instrument=instrument, code=dim["code"], label_it=dim["label"]["it"], label_en=dim["label"]["en"],
            weight=dim.get("weight", 1), order=d_order)
        item_model.objects.bulk_create([item_model(
            dimension=dimension, code=item["code"], question_it=item["question"]["it"],
            question_en=item["question"]["en"], help_it=item.get("help", {}).get("it", ""),
            help_en=item.get("help", {}).get("en", ""), scale=_scale(data, item), weight=item.get("weight", 1),
            respondent=item["respondent"], reverse_scored=bool(item.get("reverse", False)), order=i_order)
            for i_order, item in enumerate(dim["items"], start=1)])
    return instrument


def as_data(instrument) -> dict[str, Any]:
    """The JSON description of an instrument version (the shape ``create_rows`` reads, scales inlined)."""
    return {
        "code": instrument.code,
        "title": {"it": instrument.title_it, "en": instrument.title_en},
        "description": {"it": instrument.description_it, "en": instrument.description_en},
        "scales": {},
        "dimensions": [{
            "code": dim.code, "weight": dim.weight, "label": {"it": dim.label_it, "en": dim.label_en},
            "items": [{
                "code": item.code, "respondent": item.respondent, "scale": item.scale, "weight": item.weight,
                "reverse": item.reverse_scored, "question": {"it": item.question_it, "en": item.question_en},
                "help": {"it": item.help_it, "en": item.help_en},
            } for item in dim.items.order_by("order")],
        } for dim in instrument.dimensions.order_by("order")],
    }
