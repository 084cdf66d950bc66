"""The errors of alerts, each with a message for the visitor (Dutch)."""


class AlertError(ValueError):
    """Bad input to a subscription (an unknown list or filters the list refuses)."""


class TokenExpired(AlertError):
    """A genuine link that is too old (the message says what to do instead)."""
