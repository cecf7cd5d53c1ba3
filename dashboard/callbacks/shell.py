"""The frame's callbacks: the language saved in the profile, the as-of date kept in the address."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State
from dash.exceptions import PreventUpdate

from core.vocabulary import Area
from dashboard.callbacks.registry import callback, clientside_callback
from dashboard.context import current_user, engine
from dashboard.i18n import Language
from dashboard.ids import Shell
from services.commands.users import set_locale

#: Dash pages' own location component (dash.dash._ID_LOCATION): a new page keeps the as-of date in its address
PAGES_LOCATION = "_pages_location"


@callback(Area.MASTER_DATA, Output(Shell.LANGUAGE_SAVED, "data"), Input(Shell.LANGUAGE, "value"),
          writes=frozenset({"users"}), prevent_initial_call=True)
def save_language(value: str | None) -> str:
    """The chosen language into the user's own profile (anyone signed in may read master data, and so
    choose their language); the browser then reloads the page in it."""
    if value is None:
        raise PreventUpdate
    set_locale(engine(), current_user(), Language(value).value)
    return value


clientside_callback(ClientsideFunction(namespace="kundenakte", function_name="reloadPage"),
                    Output(Shell.NAV, "title"), Input(Shell.LANGUAGE_SAVED, "data"),
                    prevent_initial_call=True)

#: the as-of date and `as_of` in the address kept in step (an address with it sets the picker, a chosen date
#: goes into the address), and the notice that historical figures are shown
clientside_callback(ClientsideFunction(namespace="kundenakte", function_name="showAsOf"),
                    Output(Shell.AS_OF, "date"), Output(Shell.HISTORY, "children"), Output(Shell.HISTORY, "hidden"),
                    Input(Shell.AS_OF, "date"), Input(PAGES_LOCATION, "search"), Input(PAGES_LOCATION, "pathname"),
                    State(Shell.HISTORY, "data-template"), State(Shell.HISTORY, "data-lang"))
