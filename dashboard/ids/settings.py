"""Component ids of administration (`/settings`): models, windows, weights, probabilities, matrix, users."""

from __future__ import annotations


class Settings:
    """Administration (`/settings`): models, windows, weights, probabilities, matrix, users.

    Each tab has a form (filled by a callback from the stored values), a save button and a message; the
    fields of a form are dict ids of the form's type, one per model, letter, status, cell or account.
    """

    TAB = "settings-tab"
    ABC_FORM = "settings-abc-form"
    ABC_SAVE = "settings-abc-save"
    ABC_MESSAGE = "settings-abc-message"
    WEIGHTS_FORM = "settings-weights-form"
    WEIGHTS_SAVE = "settings-weights-save"
    WEIGHTS_MESSAGE = "settings-weights-message"
    PROBABILITIES_FORM = "settings-probabilities-form"
    PROBABILITIES_SAVE = "settings-probabilities-save"
    PROBABILITIES_MESSAGE = "settings-probabilities-message"
    RETENTION_MONTHS = "settings-retention-months"
    RETENTION_SAVE = "settings-retention-save"
    RETENTION_MESSAGE = "settings-retention-message"
    PERMISSIONS_FORM = "settings-permissions-form"
    PERMISSIONS_SAVE = "settings-permissions-save"
    PERMISSIONS_MESSAGE = "settings-permissions-message"
    USERS_LIST = "settings-users-list"
    USERS_MESSAGE = "settings-users-message"
    NEW_NAME = "settings-new-name"
    NEW_ROLE = "settings-new-role"
    NEW_AGENT = "settings-new-agent"
    NEW_CONTACT = "settings-new-contact"
    NEW_LOCALE = "settings-new-locale"
    NEW_PASSWORD = "settings-new-password"
    NEW_ADD = "settings-new-add"
    NEW_MESSAGE = "settings-new-message"
    #: the page state mirrored into the URL's query string
    QUERY = "settings-query"
    #: the forms whose saves bump their own counter (`saved`)
    FORMS = ("abc", "weights", "probabilities", "retention", "permissions", "users", "new")

    @staticmethod
    def saved(form: str) -> dict[str, str]:
        """Bumped by each save of `form` that changed something: the form shows the stored values again."""
        return {"type": "settings-saved", "form": form}

    @staticmethod
    def model(aspect: str) -> dict[str, str]:
        """The ABC model of one relationship."""
        return {"type": "settings-model", "aspect": aspect}

    @staticmethod
    def window(model: str) -> dict[str, str]:
        """The window (days) of one ABC model."""
        return {"type": "settings-window", "model": model}

    @staticmethod
    def share(letter: str) -> dict[str, str]:
        """The share (percent) of one ABC class."""
        return {"type": "settings-share", "letter": letter}

    @staticmethod
    def weight(criterion: str) -> dict[str, str]:
        """The weight of one rating criterion (time, quality, cost)."""
        return {"type": "settings-weight", "criterion": criterion}

    @staticmethod
    def probability(status: str) -> dict[str, str]:
        """The default probability (percent) of one opportunity status."""
        return {"type": "settings-probability", "status": status}

    @staticmethod
    def level(role: str, area: str) -> dict[str, str]:
        """One cell of the permission matrix."""
        return {"type": "settings-level", "role": role, "area": area}

    @staticmethod
    def scope(role: str) -> dict[str, str]:
        """The organisation scope of one internal role."""
        return {"type": "settings-scope", "role": role}

    @staticmethod
    def user_role(name: str) -> dict[str, str]:
        """The role of one account."""
        return {"type": "settings-user-role", "name": name}

    @staticmethod
    def user_active(name: str) -> dict[str, str]:
        """The button that disables or enables one account."""
        return {"type": "settings-user-active", "name": name}
