"""Record linkage of persons and companies (Splink on DuckDB): deduplicate one dataset or link two.

Pure core: no Django. Build a ``Dataset`` (``read_csv`` + ``dataset_from_table`` for files,
``dataset_from_records`` / ``dataset_from_columns`` for rows already in hand), then ``link`` returns the pairs
at or above a threshold, each with its probability and per-comparison match weights, and a summary.
Every bad input raises ``LinkageError`` with a one-line reason.
"""

from .engine import DEFAULT_THRESHOLD, MIN_TRAINING_RECORDS, LinkResult, Pair, link
from .errors import LinkageError
from .fields import COMPANY_FIELDS, PERSON_FIELDS, Kind, fields_for, parse_mapping
from .table import Dataset, RawTable, dataset_from_columns, dataset_from_records, dataset_from_table, read_csv

__all__ = [
    "COMPANY_FIELDS", "DEFAULT_THRESHOLD", "MIN_TRAINING_RECORDS", "PERSON_FIELDS", "Dataset", "Kind",
    "LinkResult", "LinkageError", "Pair", "RawTable", "dataset_from_columns", "dataset_from_records",
    "dataset_from_table", "fields_for", "link", "parse_mapping", "read_csv",
]
