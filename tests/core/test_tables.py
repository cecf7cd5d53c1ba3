"""core.tables names only columns core.schema has, with the same types; its phone region is load_config's."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, insert

from core.businessconfig import BusinessConfig, load_config
from core.schema import ConfigEntry, metadata
from core.tables import DEFAULT_PHONE_REGION, TABLES, phone_region


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_column_is_the_schemas_with_its_type(name: str) -> None:
    """A renamed column or a changed type in core.schema fails here, not in the caller look-up."""
    schema = metadata.tables[name]
    for light in TABLES[name].c:
        assert light.name in schema.c, f"{name}.{light.name} is not in core.schema"
        real = schema.c[light.name].type
        assert type(real) is type(light.type), f"{name}.{light.name}: {real!r}, not {light.type!r}"


def test_the_default_region_is_the_configurations() -> None:
    assert BusinessConfig().phone_region == DEFAULT_PHONE_REGION


@pytest.mark.parametrize("stored", [None, "AT", "CH"])
def test_phone_region_as_load_config_reads_it(engine: Engine, stored: str | None) -> None:
    """Nothing stored: the default; a stored region: that one, on both databases."""
    with engine.begin() as conn:
        if stored is not None:
            conn.execute(insert(ConfigEntry).values(key="phone_region", value=stored))
        assert phone_region(conn) == load_config(conn).phone_region == (stored or DEFAULT_PHONE_REGION)


def test_a_stored_region_that_is_no_text_is_refused_as_load_config_refuses_it(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(ConfigEntry).values(key="phone_region", value=49))
        with pytest.raises(ValueError, match="phone_region"):
            load_config(conn)
        with pytest.raises(ValueError, match="phone_region"):
            phone_region(conn)
