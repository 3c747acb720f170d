"""The one error the profile core raises on bad input: its message is the one-line reason shown to the user."""


class ProfileError(ValueError):
    """Bad input or an unusable model file; the CLI turns it into exit code 2."""
