"""`callback`: like `dash.callback`, but the decorated function stays a plain function, and names its area.

Dash's global callback list is emptied by the first app that serves a request, so a second app in
the same process (tests, several `create_app` calls) would get no callbacks; this registry keeps
them and `register_all(app)` adds them to each app.

Every callback is an HTTP endpoint anyone can call with any inputs. So each server callback names
the information area of its page, and `register_all` wraps it: the policy decides whether the
signed-in user may read that area (or edit it, for a callback registered with `level=Level.EDIT`)
before the function runs (a refusal is audited), and a refused or malformed request answers
"no update", never data and never a traceback. A callback that writes names the tables it may
change (`writes`): tests/security lets those, and only those, change for a role that holds the level.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from dash import ClientsideFunction, Dash
from dash.exceptions import PreventUpdate
from sqlalchemy.exc import StatementError

from core.errors import KundenakteError
from core.vocabulary import Area, Level
from dashboard.context import current_user, engine
from services.policy import ensure

F = TypeVar("F", bound=Callable[..., Any])
LOG = logging.getLogger(__name__)
#: what malformed inputs raise inside a callback's parsing (a list where a string was expected, ...), and a
#: statement the database refuses for such a value (a NUL in a text, a number out of range)
MALFORMED = (TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError, RecursionError,
             StatementError)


@dataclass(frozen=True)
class Registered:
    """One callback: Dash's arguments, the area it serves (None: clientside), and the plain function;
    the level it needs of the area and the tables it may write (a read writes none)."""

    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    func: Callable[..., Any] | ClientsideFunction
    area: Area | None = None
    level: Level = Level.READ
    writes: frozenset[str] = frozenset()


CALLBACKS: list[Registered] = []


def callback(area: Area, *args: Any, level: Level = Level.READ, writes: frozenset[str] = frozenset(),
             **kwargs: Any) -> Callable[[F], F]:
    """Remember a callback of `area` with `dash.callback`'s arguments; the function is returned unchanged.

    `level`: what the user must hold of `area` (EDIT for a callback that changes data); `writes`: the tables
    its service may change."""
    def remember(func: F) -> F:
        CALLBACKS.append(Registered(args, kwargs, func, area, level, writes))
        return func
    return remember


def clientside_callback(function: ClientsideFunction, *args: Any, **kwargs: Any) -> None:
    """Remember a clientside callback (a function of an `assets/*.js` namespace): it runs in the browser."""
    CALLBACKS.append(Registered(args, kwargs, function))


def guarded(func: Callable[..., Any], area: Area, level: Level = Level.READ) -> Callable[..., Any]:
    """`func` behind the policy: run only for a user who holds `level` of `area`; refusals and bad input:
    no update."""
    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            ensure(engine(), current_user(), area, level)
            return func(*args, **kwargs)
        except KundenakteError as exc:
            LOG.info("callback %s refused: %s", func.__name__, type(exc).__name__)
            raise PreventUpdate from None
        except MALFORMED as exc:
            LOG.warning("callback %s: malformed input (%s)", func.__name__, type(exc).__name__)
            raise PreventUpdate from None
    return run


def register_all(app: Dash) -> None:
    """Add every remembered callback to `app`, each server callback behind its area's check."""
    for cb in CALLBACKS:
        if isinstance(cb.func, ClientsideFunction):
            app.clientside_callback(cb.func, *cb.args, **cb.kwargs)
        else:
            assert cb.area is not None, f"callback {cb.func.__name__} names no area"
            app.callback(*cb.args, **cb.kwargs)(guarded(cb.func, cb.area, cb.level))
