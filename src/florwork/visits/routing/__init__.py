"""The routing core of visit planning: travel times from coordinates, the VROOM problem, its solution.

Pure (no Django), typed, deterministic for the same input. Times are whole seconds counted from midnight of
the plan's first day, so a shift on the third day starts at 2 × 86 400 + its working hours.
"""

from florwork.visits.routing.problem import DAY, Job, Lunch, Problem, Shift
from florwork.visits.routing.solve import LeftOut, Reason, Route, Solution, Step, solve
from florwork.visits.routing.travel import Matrix, MatrixBuilder, OsrmMatrix, Point, StraightLineMatrix, TravelModel

__all__ = ["DAY", "Job", "LeftOut", "Lunch", "Matrix", "MatrixBuilder", "OsrmMatrix", "Point", "Problem", "Reason",
           "Route", "Shift", "Solution", "Step", "StraightLineMatrix", "TravelModel", "solve"]
