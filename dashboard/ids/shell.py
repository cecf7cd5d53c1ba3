"""Component ids: app-wide pieces: navigation, language, and the as-of date every page computes with."""

from __future__ import annotations


class Shell:
    """App-wide pieces: navigation, language, and the as-of date every page computes with."""

    NAV = "shell-nav"
    AS_OF = "shell-as-of"
    #: the plain notice under the bar while a past date is chosen ("historical figures")
    HISTORY = "shell-history"
    CSRF = "shell-csrf"
    LANGUAGE = "shell-language"
    #: the language saved in the profile; the page reloads to show it
    LANGUAGE_SAVED = "shell-language-saved"
