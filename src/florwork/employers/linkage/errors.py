"""The one error the linkage core raises on bad input: its message is the one-line reason shown to the user."""


class LinkageError(ValueError):
    """Bad input (file, mapping, ids); the CLI turns it into exit code 2."""
