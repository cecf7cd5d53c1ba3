"""Dash's callback endpoint behind a shape check: a malformed request is a 400, never a server error.

`/_dash-update-component` is an HTTP endpoint anyone signed in can call with any body. Dash's own
dispatch trusts the renderer's request shape; a hand-made body (a list, a missing `inputs`, an
unknown output, 20,000 nested arrays) or a value Dash's page router does not expect (a pathname
that is a number) makes it raise. Here the body is parsed and checked first, and whatever the
dispatch still raises for such a request is answered as a bad request, logged with its traceback.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

from dash.exceptions import PreventUpdate
from flask import Flask, Response, jsonify, request

LOG = logging.getLogger(__name__)
ENDPOINT_PATH = "/_dash-update-component"
#: the most inputs, states or outputs one callback has (Dash apps have a handful; this bounds the work)
MAX_DEPS = 200


def _deps(items: object) -> bool:
    return isinstance(items, list) and len(items) <= MAX_DEPS and all(
        (isinstance(i, Mapping) and "property" in i and isinstance(i.get("property"), str) and "id" in i)
        or (isinstance(i, list) and _deps(i))  # pattern-matching ALL: a list of dependencies
        for i in items)


def well_formed(body: object) -> bool:
    """Whether a callback request has the renderer's shape: output, outputs, inputs (and state) as it sends them."""
    if not isinstance(body, Mapping) or not isinstance(body.get("output"), str) or len(body["output"]) > 10_000:
        return False
    outputs = body.get("outputs")
    if not ((isinstance(outputs, Mapping) and isinstance(outputs.get("property"), str)) or _deps(outputs)):
        return False
    changed = body.get("changedPropIds", [])
    return (_deps(body.get("inputs")) and _deps(body.get("state", []))
            and isinstance(changed, list) and all(isinstance(c, str) for c in changed))


def _bad_request() -> tuple[Response, int]:
    return jsonify({"error": "malformed callback request"}), 400


def guard_dispatch(view: Callable[..., Any]) -> Callable[..., Any]:
    """The dispatch view, answering 400 to a request it cannot serve as the renderer would have asked."""
    @functools.wraps(view)
    def dispatch(*args: Any, **kwargs: Any) -> Any:
        try:
            body = json.loads(request.get_data(cache=True) or b"null")
        except (ValueError, RecursionError):
            return _bad_request()
        if not well_formed(body):
            return _bad_request()
        try:
            return view(*args, **kwargs)
        except PreventUpdate:  # Dash answers it with 204 through its own error handler
            raise
        except Exception:
            LOG.warning("callback request refused by the dispatch", exc_info=True)
            return _bad_request()
    return dispatch


def harden_dispatch(server: Flask) -> None:
    """Wrap the view of Dash's callback endpoint on `server` (after Dash registered its routes)."""
    for rule in server.url_map.iter_rules():
        if rule.rule.endswith(ENDPOINT_PATH):
            server.view_functions[rule.endpoint] = guard_dispatch(server.view_functions[rule.endpoint])


__all__ = ["guard_dispatch", "harden_dispatch", "well_formed"]
