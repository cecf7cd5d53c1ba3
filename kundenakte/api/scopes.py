"""What a token's scope must allow for a route, declared at the route (issue 21, "API tokens").

`kundenakte.web` checks a bearer token before any route runs: a read (GET) needs `read`; a write needs what its
route declares here, and a write that declares nothing needs `admin` (a route added later is closed by default).
`uploads` names the body types other than JSON a route takes from a token (a zip, a mail, a calendar): no
cookie is involved then, so no cross-site form can send them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from core.vocabulary import TokenScope

View = TypeVar("View", bound=Callable[..., Any])

#: the attributes a declared view carries
SCOPE_ATTRIBUTE = "kundenakte_token_scope"
UPLOADS_ATTRIBUTE = "kundenakte_upload_types"


def token_scope(scope: TokenScope, *, uploads: frozenset[str] = frozenset()) -> Callable[[View], View]:
    """Declare the token scope a write route needs (and the non-JSON body types it takes from a token).

    Place it between the route decorator and `SPEC.validate`, so it marks the function Flask registers."""
    def mark(view: View) -> View:
        setattr(view, SCOPE_ATTRIBUTE, scope)
        setattr(view, UPLOADS_ATTRIBUTE, frozenset(uploads))
        return view

    return mark


def declared_scope(view: Callable[..., Any] | None) -> TokenScope | None:
    """The scope a view declared, or None."""
    found = getattr(view, SCOPE_ATTRIBUTE, None)
    return found if isinstance(found, TokenScope) else None


def declared_uploads(view: Callable[..., Any] | None) -> frozenset[str]:
    """The non-JSON body types a view takes from a token (none unless declared)."""
    found = getattr(view, UPLOADS_ATTRIBUTE, frozenset())
    return found if isinstance(found, frozenset) else frozenset()


__all__ = ["declared_scope", "declared_uploads", "token_scope"]
