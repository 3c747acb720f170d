"""JSON API of alerts."""

from ninja import Router

router = Router(tags=["alerts"])
