"""JSON API of plans."""

from ninja import Router

router = Router(tags=["plans"])
