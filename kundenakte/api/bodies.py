"""Request bodies of the writes: JSON checked against the route's model (the one the OpenAPI document shows), and
the split of refusals into 400 (the body does not match that schema) and 422 (well-formed, refused by a rule)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from flask import request
from pydantic import BaseModel, ValidationError

from core.errors import InvalidInput, KundenakteError

Body = TypeVar("Body", bound=BaseModel)
#: problems named in one refusal at most
MAX_PROBLEMS = 10


class Refused(KundenakteError):
    """A well-formed write the domain's rules refuse (answered 422, with the command's reason)."""


def body_of(model: type[Body]) -> Body:
    """The request's JSON body as `model`, strictly (no text for a number, no number for a text); else
    InvalidInput (400) naming each wrong field."""
    raw = request.get_data(cache=True) or b"null"
    try:
        return model.model_validate_json(raw, strict=True)
    except ValidationError as exc:
        problems = [f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}"
                    for e in exc.errors(include_url=False)[:MAX_PROBLEMS]]
        raise InvalidInput("the body does not match its schema: " + "; ".join(problems)) from None


@contextmanager
def refusals_unprocessable() -> Iterator[None]:
    """Around a command called with a well-formed body: its InvalidInput becomes Refused (422); Forbidden and
    NotFound pass as they are (403, 404)."""
    try:
        yield
    except InvalidInput as exc:
        raise Refused(str(exc)) from exc


__all__ = ["Refused", "body_of", "refusals_unprocessable"]
