"""Importing partner company databases, the part before linkage: read, map, validate. Pure (no Django).

``read_file`` turns an upload's bytes (CSV in any common encoding and separator, or XLSX) into a ``RawTable``
whose every row keeps its place in the file and its verbatim text, with the file's SHA-256; limits are
checked before parsing. ``suggest_mapping`` proposes which column holds which registry field;
``validate`` reports every issue by row and field, with codes and parameters, writing nothing.
``neutralise_for_export`` defuses formula-looking cells in files people will open.
Refusals raise ``ImportFileError`` / ``MappingError`` with a code and parameters, never a sentence.
"""

from .cells import looks_like_formula, neutralise_for_export, parse_employees
from .errors import ImportFileError, ImportRefused, MappingError
from .fields import CANONICAL_FIELDS, REQUIRED
from .mapping import Suggestion, check_mapping, mapping_of, suggest_mapping
from .reading import file_sha256, read_file
from .table import DEFAULT_LIMITS, Limits, RawTable, SourceRow
from .validation import ComuneLookup, Issue, Severity, ValidationReport, validate

__all__ = [
    "CANONICAL_FIELDS", "DEFAULT_LIMITS", "REQUIRED", "ComuneLookup", "ImportFileError", "ImportRefused", "Issue",
    "Limits", "MappingError", "RawTable", "Severity", "SourceRow", "Suggestion", "ValidationReport",
    "check_mapping", "file_sha256", "looks_like_formula", "mapping_of", "neutralise_for_export", "parse_employees",
    "read_file", "suggest_mapping", "validate",
]
