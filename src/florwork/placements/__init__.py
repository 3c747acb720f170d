"""Placements: tirocini and employment contracts, extensions and early terminations."""
