"""Opening hours and appointments as time windows on the plan's days.

Opening hours are kept on a site as ``{"mon": [["08:30", "12:30"], ["14:00", "18:00"]], "sat": [], …}``: a day
listed with no intervals is closed, a day not listed is unknown. An empty mapping means the hours are not
known: the visit may then happen at any time of the officer's working day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

DAY = 86_400
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def clock_seconds(value: str) -> int:
    """"08:30" → 30 600; refuses anything that is not HH:MM within the day."""
    hours, _, minutes = value.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise ValueError(f"not a time of day: {value!r}")
    seconds = int(hours) * 3600 + int(minutes) * 60
    if not 0 <= seconds <= DAY or int(minutes) >= 60:
        raise ValueError(f"not a time of day: {value!r}")
    return seconds


def check_opening_hours(hours: Mapping[str, Sequence[Sequence[str]]]) -> None:
    """Raises ValueError naming the first bad day or interval."""
    for day, intervals in hours.items():
        if day not in WEEKDAYS:
            raise ValueError(f"unknown day {day!r} (use {', '.join(WEEKDAYS)})")
        for interval in intervals:
            if len(interval) != 2 or clock_seconds(interval[0]) >= clock_seconds(interval[1]):
                raise ValueError(f"{day}: {interval!r} is not an interval from opening to closing")


def opening_intervals(hours: Mapping[str, Sequence[Sequence[str]]], day: date) -> list[tuple[int, int]] | None:
    """Seconds from midnight when open on ``day``; None when not known."""
    if not hours:
        return None
    intervals = hours.get(WEEKDAYS[day.weekday()])
    if intervals is None:
        return None
    return sorted((clock_seconds(a), clock_seconds(b)) for a, b in intervals)


def merge(windows: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping windows (VROOM wants them so)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
