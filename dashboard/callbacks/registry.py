"""`callback`: like `dash.callback`, but the decorated function stays a plain function.

Dash's global callback list is emptied by the first app that serves a request, so
a second app in the same process (tests, several `create_app` calls) would get
no callbacks; this registry keeps them and `register_all(app)` adds them to each app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from dash import ClientsideFunction, Dash

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Registered:
    """One callback: Dash's arguments and the plain function."""

    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    func: Callable[..., Any] | ClientsideFunction


CALLBACKS: list[Registered] = []


def callback(*args: Any, **kwargs: Any) -> Callable[[F], F]:
    """Remember a callback with `dash.callback`'s arguments; the function is returned unchanged."""
    def remember(func: F) -> F:
        CALLBACKS.append(Registered(args, kwargs, func))
        return func
    return remember


def clientside_callback(function: ClientsideFunction, *args: Any, **kwargs: Any) -> None:
    """Remember a clientside callback (a function of an `assets/*.js` namespace)."""
    CALLBACKS.append(Registered(args, kwargs, function))


def register_all(app: Dash) -> None:
    """Add every remembered callback to `app`."""
    for cb in CALLBACKS:
        if isinstance(cb.func, ClientsideFunction):
            app.clientside_callback(cb.func, *cb.args, **cb.kwargs)
        else:
            app.callback(*cb.args, **cb.kwargs)(cb.func)
