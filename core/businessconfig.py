"""Business configuration kept in the database (`config` table), with the spec's defaults.

Everything here is editable at run time (the dashboard's settings page, the
API); analytics and ETL read it through `load_config(conn)`.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, model_validator
from sqlalchemy import Connection, select

from core.schema import ConfigEntry
from core.tables import DEFAULT_PHONE_REGION
from core.vocabulary import MODELS, AbcModel, Aspect

#: the window (days) of each model that has one, where the configuration names none (spec/analytics.md)
DEFAULT_WINDOWS: dict[AbcModel, int] = {
    AbcModel.INVOICES: 365,
    AbcModel.PROJECT_HOURS: 365,
    AbcModel.QUOTES: 60,
    AbcModel.RATINGS: 90,
    AbcModel.INCOMING_INVOICES: 365,
}


class RatingWeights(BaseModel):
    """Weights of the averages of time, quality and cost (spec default 1:1:1)."""

    time: float = 1.0
    quality: float = 1.0
    cost: float = 1.0


class AbcConfig(BaseModel):
    """ABC models per aspect (each one of the aspect's `MODELS`, default its first), windows per model (days),
    and the class shares."""

    customer_model: AbcModel = MODELS[Aspect.CUSTOMER][0]
    prospect_model: AbcModel = MODELS[Aspect.PROSPECT][0]
    supplier_model: AbcModel = MODELS[Aspect.SUPPLIER][0]
    windows: dict[AbcModel, int] = Field(default_factory=lambda: dict(DEFAULT_WINDOWS))
    a_share: float = 0.20
    b_share: float = 0.60
    rating_weights: RatingWeights = Field(default_factory=RatingWeights)

    @model_validator(mode="after")
    def _models_of_their_aspect(self) -> AbcConfig:
        for aspect in Aspect:
            if self.model_for(aspect) not in MODELS[aspect]:
                raise ValueError(f"{aspect}_model must be one of {', '.join(MODELS[aspect])}, "
                                 f"not '{self.model_for(aspect)}'")
        return self

    def model_for(self, aspect: Aspect) -> AbcModel:
        """The configured model of `aspect`."""
        return {Aspect.CUSTOMER: self.customer_model, Aspect.PROSPECT: self.prospect_model,
                Aspect.SUPPLIER: self.supplier_model}[aspect]


class NumberRange(BaseModel):
    """An inclusive range of account numbers."""

    first: int
    last: int


class BusinessConfig(BaseModel):
    """All business settings with the defaults of spec/analytics.md and interchange.md."""

    abc: AbcConfig = Field(default_factory=AbcConfig)
    customer_numbers: NumberRange = Field(default_factory=lambda: NumberRange(first=100000, last=699999))
    supplier_numbers: NumberRange = Field(default_factory=lambda: NumberRange(first=700000, last=999999))
    retention_months: int = 24
    concentration_window: int = 365
    concentration_flag_share: float = 0.10
    #: HHI band limits: below the first `unconcentrated`, up to the second `moderate`, above `high`
    hhi_moderate_from: float = 1000.0
    hhi_high_above: float = 1800.0
    #: our own mail domains; empty = the domains of the agents' addresses
    own_domains: list[str] = Field(default_factory=list)
    phone_region: str = DEFAULT_PHONE_REGION
    #: open-ended recurring appointments are expanded this many days ahead
    calendar_horizon_days: int = 365
    #: a prospect's revenue_potential older than this is flagged stale
    stale_potential_days: int = 365
    #: customers/suppliers whose share crosses this are warned about
    share_warning: float = 0.10


def load_config(conn: Connection) -> BusinessConfig:
    """The stored configuration, defaults for whatever is not stored."""
    stored = dict(conn.execute(select(ConfigEntry.key, ConfigEntry.value)).all())
    return BusinessConfig.model_validate(stored)


def save_config(conn: Connection, config: BusinessConfig) -> None:
    """Store every top-level key of `config` (the caller owns the transaction)."""
    now = datetime.now()
    table = ConfigEntry.__table__
    for key, value in config.model_dump(mode="json").items():
        conn.execute(table.delete().where(table.c.key == key))
        conn.execute(table.insert().values(key=key, value=value, updated_at=now))
