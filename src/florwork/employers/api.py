"""JSON API of employers."""

from ninja import Router

router = Router(tags=["employers"])
