"""Errors whose message is Dutch, safe to show a user, and free of personal data."""


class UserError(Exception):
    """A problem the user can act on. `str(error)` is a one-line Dutch message."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
