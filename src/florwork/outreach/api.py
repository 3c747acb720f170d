"""JSON API of outreach."""

from ninja import Router

router = Router(tags=["outreach"])
