"""JSON API of placements."""

from ninja import Router

router = Router(tags=["placements"])
