"""Statistical profile: a calibrated probability of work, explained per person and audited by group.

Pure core: no Django. ``train`` → ``TrainedProfile`` (with its model card) → ``store.save``;
``store.load`` → ``score``. Every bad input raises ``ProfileError`` with a one-line reason.
"""

from .card import INTENDED_USE, markdown
from .data import PROTECTED_NAMES, Table, parse_table, read_table
from .errors import ProfileError
from .fairness import Activation, activation_allowed
from .score import Scores, score, summary, write_csv
from .store import FORMAT_VERSION, dumps, load, loads, save
from .train import DEFAULT_MIN_CASES, TrainedProfile, TrainOptions, train

__all__ = [
    "DEFAULT_MIN_CASES", "FORMAT_VERSION", "INTENDED_USE", "PROTECTED_NAMES", "Activation", "ProfileError",
    "Scores", "Table", "TrainOptions", "TrainedProfile", "activation_allowed", "dumps", "load", "loads", "markdown",
    "parse_table", "read_table", "save", "score", "summary", "train", "write_csv",
]
