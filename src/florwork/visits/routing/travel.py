"""Travel times and distances between points.

Without a road network the time is the straight-line (great-circle) distance times a road factor, driven at
an average speed; both are parameters. ``MatrixBuilder`` is the seam where an OSRM server plugs in.
"""

from __future__ import annotations

import json
import math
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Matrix:
    """Seconds and metres from every point (row) to every point (column)."""

    durations: list[list[int]]
    distances: list[list[int]]


class MatrixBuilder(Protocol):
    def build(self, points: Sequence[Point]) -> Matrix: ...


def haversine_m(a: Point, b: Point) -> float:
    """Great-circle distance in metres."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat, dlon = lat2 - lat1, math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class TravelModel:
    road_factor: float = 1.35
    speed_kmh: float = 35.0

    def __post_init__(self) -> None:
        if not 1.0 <= self.road_factor <= 5.0:
            raise ValueError("road_factor must be between 1 and 5")
        if not 0 < self.speed_kmh <= 150:
            raise ValueError("speed_kmh must be above 0 and at most 150")

    def leg(self, a: Point, b: Point) -> tuple[int, int]:
        """(seconds, metres) by road from a to b."""
        metres = haversine_m(a, b) * self.road_factor
        return round(metres / (self.speed_kmh / 3.6)), round(metres)


@dataclass(frozen=True)
class StraightLineMatrix:
    model: TravelModel

    def build(self, points: Sequence[Point]) -> Matrix:
        n = len(points)
        durations = [[0] * n for _ in range(n)]
        distances = [[0] * n for _ in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                seconds, metres = self.model.leg(points[i], points[j])
                durations[i][j] = durations[j][i] = seconds
                distances[i][j] = distances[j][i] = metres
        return Matrix(durations, distances)


def _fetch_json(url: str, timeout: float) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (the URL is a setting)
        return json.load(response)


@dataclass(frozen=True)
class OsrmMatrix:
    """Road times from an OSRM server's table service (``/table/v1/driving/``), e.g. http://osrm:5000."""

    base_url: str
    timeout: float = 30.0
    fetch: Callable[[str, float], dict] = _fetch_json

    def url(self, points: Sequence[Point]) -> str:
        coordinates = ";".join(f"{p.longitude:.6f},{p.latitude:.6f}" for p in points)
        return f"{self.base_url.rstrip('/')}/table/v1/driving/{coordinates}?annotations=duration,distance"

    def build(self, points: Sequence[Point]) -> Matrix:
        answer = self.fetch(self.url(points), self.timeout)
        if answer.get("code") != "Ok":
            raise RuntimeError(f"OSRM table failed: {answer.get('code')} {answer.get('message', '')}".strip())

        def whole(rows: list[list[float | None]]) -> list[list[int]]:
            # OSRM answers null for a pair it cannot route: such a leg is made impossible in practice
            return [[round(v) if v is not None else 10**7 for v in row] for row in rows]

        return Matrix(whole(answer["durations"]), whole(answer["distances"]))
