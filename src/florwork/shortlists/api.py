"""JSON API of shortlists."""

from ninja import Router

router = Router(tags=["shortlists"])
