"""The caller look-up under need-to-know (services.caller on core.tables, decided by services.policy)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from core.errors import Forbidden
from core.vocabulary import Role
from etl.inbound import read_inbound_folder
from services.audit import entries
from services.caller import CallerInfo, lookup_caller
from services.users import CurrentUser
from tests.etl.inbound.world import DATA, seed_world
from tests.support import own_accounts_user


@pytest.fixture
def world(engine: Engine) -> Engine:
    seed_world(engine)
    read_inbound_folder(engine, DATA, today=date(2026, 3, 1))
    return engine


def test_a_number_of_an_account_the_user_may_not_see_answers_as_unknown(world: Engine) -> None:
    """An agent seeing own accounts only: a caller of another's account is an unknown number (its existence
    is not revealed), a caller of the agent's own account is answered in full."""
    agent = own_accounts_user(world, "a1")
    assert lookup_caller(world, agent, "0049 6151 12345") == CallerInfo(number="+49615112345", reason="no_match")
    own = lookup_caller(world, agent, "+49 6151 1234-56")
    assert (own.organisation_id, own.key_account_manager_id, own.deputy_id, own.vip) == ("o1", "a1", "a2", True)


def test_an_external_user_may_not_look_callers_up_and_the_refusal_is_audited(world: Engine) -> None:
    external = CurrentUser(id="ext", role=Role.EXTERNAL, contact_id="c2", organisation_id="o2")
    with pytest.raises(Forbidden):
        lookup_caller(world, external, "0049 6151 12345")
    assert [(e.who, e.action, e.subject) for e in entries(world, action="denied")] == [
        ("ext", "denied", "caller look-up")]
