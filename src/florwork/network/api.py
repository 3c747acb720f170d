"""JSON API of network."""

from ninja import Router

router = Router(tags=["network"])
