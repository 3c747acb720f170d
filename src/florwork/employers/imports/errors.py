"""What the import core raises on input it refuses: a stable code and its parameters, never a sentence.

The pages and the API turn ``code`` + ``params`` into a message in the user's language; the core stays
free of Django and of translations.
"""

from __future__ import annotations

from typing import Any


class ImportRefused(ValueError):
    """The file or the mapping cannot be used at all (nothing was read into rows, nothing is written)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(f"{code}: {params}" if params else code)
        self.code = code
        self.params = params


class ImportFileError(ImportRefused):
    """The file itself: too big, an XLSX bomb, too many rows, not a CSV or XLSX, malformed, empty…

    Codes: ``file_too_large`` (size, limit), ``empty_file``, ``unsupported_format`` (format),
    ``binary_content`` (line), ``malformed_csv`` (line, reason), ``malformed_xlsx`` (reason),
    ``xlsx_too_large`` (size, limit), ``xlsx_bomb`` (entry, ratio, limit), ``xlsx_too_many_entries`` (count,
    limit), ``sheet_not_found`` (sheet, available), ``too_many_rows`` (limit), ``too_many_columns`` (count, limit).
    """


class MappingError(ImportRefused):
    """The column mapping: ``unknown_field`` (field), ``unknown_column`` (field, column), ``name_not_mapped``."""
