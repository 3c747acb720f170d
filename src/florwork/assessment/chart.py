"""Geometry of the small distance-travelled charts, drawn as SVG by the template (pure: no Django)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 260, 90, 10


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
    label: str


def y_of(value: float, *, height: int = HEIGHT, pad: int = PAD) -> float:
    """Scores run 0–100 from the bottom to the top of the chart."""
    return round(height - pad - value / 100 * (height - 2 * pad), 1)


def points(series: list[tuple[str, float | None]], *, width: int = WIDTH, height: int = HEIGHT,
           pad: int = PAD) -> list[Point]:
    """One point per assessment with a score, spread evenly from left to right."""
    steps = max(len(series) - 1, 1)
    placed = []
    for n, (label, value) in enumerate(series):
        if value is None:
            continue
        x = pad + n * (width - 2 * pad) / steps if len(series) > 1 else width / 2
        placed.append(Point(round(x, 1), y_of(value, height=height, pad=pad), value, label))
    return placed


def polyline(placed: list[Point]) -> str:
    return " ".join(f"{p.x},{p.y}" for p in placed)
