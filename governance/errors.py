"""Domain errors. Each message is the one sentence a chat user sees."""


class MlgovError(Exception):
    """Base of every error a chat user may be shown.

    ``str(error)`` is the user-facing sentence; ``usage`` is the right form of the
    command, when there is one to show.
    """

    def __init__(self, message: str, usage: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.usage = usage


class BadCommand(MlgovError):
    """The command line could not be understood."""


class UnknownProject(MlgovError):
    """No project matches the name or slug given."""


class NotAllowed(MlgovError):
    """The person may not do this."""


class GateClosed(MlgovError):
    """A phase gate refuses: exit items are still open."""

    def __init__(self, message: str, missing: list[str]) -> None:
        super().__init__(message)
        self.missing = missing


class Conflict(MlgovError):
    """The request contradicts the project's current state."""


class Closed(MlgovError):
    """The project is abandoned or retired: read-only until an admin reopens it."""


class Unavailable(MlgovError):
    """The database did not answer in time; ``ref`` finds the log line."""

    def __init__(self, ref: str) -> None:
        super().__init__(
            f"The database is not answering right now; nothing was changed (ref {ref})."
        )
        self.ref = ref


class ConfigError(Exception):
    """A setting is missing or malformed; the message names it. Stops start-up."""
