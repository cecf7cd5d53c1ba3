"""The dashboard's writes over the API (issue 21): enter a supplier rating, fix a relationship by hand.

Each calls the command the dashboard calls, with the request's user: the policy decides (a rating: edit level of
purchasing; a relationship: edit level of master data), a refusal is audited by the command. A token needs the
`write` scope (kundenakte.api.scopes). 400: the body does not match its schema; 422: the rules refuse it.
"""

from __future__ import annotations

from flask import Response, jsonify

from core.vocabulary import TokenScope
from kundenakte.api.bodies import body_of, refusals_unprocessable
from kundenakte.api.context import current_user, engine
from kundenakte.api.models import NewRating, RatingAdded, RelationshipFixed, RelationshipSetting
from kundenakte.api.routes import api
from kundenakte.api.scopes import token_scope
from kundenakte.api.spec import SPEC, write_answers
from services.policy import checked_id


@api.post("/organisations/<organisation_id>/ratings")
@token_scope(TokenScope.WRITE)
@SPEC.validate(json=NewRating, resp=write_answers(RatingAdded, 201), tags=["purchasing"], skip_validation=True)
def add_rating(organisation_id: str) -> tuple[Response, int]:
    """Rate a supplier: time, quality and cost from 1 (poor) to 5 (excellent) on a day (not in the future), and
    an optional note. 422 for an organisation that is no supplier or a date in the future."""
    from services.commands import ratings

    checked_id(organisation_id, "organisation id")
    body = body_of(NewRating)
    with refusals_unprocessable():
        added = ratings.add_rating(engine(), current_user(), ratings.NewRating(
            organisation_id, body.rated_at, body.time, body.quality, body.cost, body.note))
    return jsonify({"id": added.id, "organisation_id": added.organisation_id}), 201


def _state(setting: object) -> dict[str, object]:
    from services.commands.relationship_fix import RelationshipSetting as Setting

    assert isinstance(setting, Setting)
    return {"mode": setting.mode.value, "roles": [r.value for r in setting.roles]}


@api.put("/organisations/<organisation_id>/relationship")
@token_scope(TokenScope.WRITE)
@SPEC.validate(json=RelationshipSetting, resp=write_answers(RelationshipFixed), tags=["organisations"],
               skip_validation=True)
def fix_relationship(organisation_id: str) -> Response:
    """Fix the organisation's relationships by hand (`{"mode": "fixed", "roles": ["customer"]}`: exactly these,
    for good) or hand them back to its documents (`{"mode": "auto"}`); a role held for the first time gets its
    account number. The same setting again changes nothing."""
    from services.commands.relationship_fix import fix_relationship as fix

    checked_id(organisation_id, "organisation id")
    body = body_of(RelationshipSetting)
    with refusals_unprocessable():
        done = fix(engine(), current_user(), organisation_id, body.mode, body.roles)
    return jsonify({"organisation_id": done.organisation_id, "before": _state(done.before),
                    "after": _state(done.after), "changed": done.changed, "account_numbers": done.account_numbers})
