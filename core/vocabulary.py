"""The closed sets of the domain, named once: aspects, ABC models, modes, roles, kinds, periods.

Each is a `StrEnum`, so a member equals the word the interchange format and the database
use (`Aspect.CUSTOMER == "customer"`), and `Aspect("customer")` parses that word (an unknown
word is a ValueError). The words themselves appear only here and in the interchange readers.
"""

from __future__ import annotations

from enum import StrEnum


class Aspect(StrEnum):
    """A relationship an organisation can hold (spec/analytics.md, "Relationships")."""

    PROSPECT = "prospect"
    CUSTOMER = "customer"
    SUPPLIER = "supplier"


#: the relationships that carry an account number and a concentration risk (outgoing / incoming invoices)
ACCOUNT_ASPECTS: tuple[Aspect, ...] = (Aspect.CUSTOMER, Aspect.SUPPLIER)


class AbcModel(StrEnum):
    """A rating model of the ABC classification (spec/analytics.md, the models table)."""

    INVOICES = "invoices"
    PROJECT_HOURS = "project_hours"
    REVENUE_POTENTIAL = "revenue_potential"
    QUOTES = "quotes"
    OPPORTUNITIES = "opportunities"
    POTENTIAL_AND_OPPORTUNITIES = "potential_and_opportunities"
    RATINGS = "ratings"
    INCOMING_INVOICES = "incoming_invoices"


#: the models each aspect may use, its default first
MODELS: dict[Aspect, tuple[AbcModel, ...]] = {
    Aspect.CUSTOMER: (AbcModel.INVOICES, AbcModel.PROJECT_HOURS, AbcModel.REVENUE_POTENTIAL),
    Aspect.PROSPECT: (AbcModel.QUOTES, AbcModel.OPPORTUNITIES, AbcModel.REVENUE_POTENTIAL,
                      AbcModel.POTENTIAL_AND_OPPORTUNITIES),
    Aspect.SUPPLIER: (AbcModel.RATINGS, AbcModel.INCOMING_INVOICES),
}


class MetricUnit(StrEnum):
    """What a model's metric counts: money (EUR), hours, or a rating score (1 to 5)."""

    EUR = "eur"
    HOURS = "hours"
    SCORE = "score"


#: the unit of each model's metric
MODEL_UNITS: dict[AbcModel, MetricUnit] = {
    AbcModel.INVOICES: MetricUnit.EUR,
    AbcModel.PROJECT_HOURS: MetricUnit.HOURS,
    AbcModel.REVENUE_POTENTIAL: MetricUnit.EUR,
    AbcModel.QUOTES: MetricUnit.EUR,
    AbcModel.OPPORTUNITIES: MetricUnit.EUR,
    AbcModel.POTENTIAL_AND_OPPORTUNITIES: MetricUnit.EUR,
    AbcModel.RATINGS: MetricUnit.SCORE,
    AbcModel.INCOMING_INVOICES: MetricUnit.EUR,
}


class RelationshipMode(StrEnum):
    """How an organisation's relationships are decided: from its documents, or fixed by hand."""

    AUTO = "auto"
    FIXED = "fixed"


class ProjectKind(StrEnum):
    """A project's kind (interchange.md, projects): a customer's, a contractor's, or our own."""

    CUSTOMER = "customer"
    CONTRACTOR = "contractor"
    INTERNAL = "internal"


class Grouping(StrEnum):
    """Whose metrics concentration adds up: each organisation, or the root of its group."""

    ORGANISATION = "organisation"
    GROUP = "group"


class ActivityGrouping(StrEnum):
    """The groups of the activity analysis."""

    AGENT = "agent"
    ORGANISATION = "organisation"
    CONTACT = "contact"
    KIND = "kind"


class Period(StrEnum):
    """A bucket of the activity analysis and the trends."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"


class ActivityKind(StrEnum):
    """A trace's kind (interchange.md, activities)."""

    EMAIL = "email"
    CALL = "call"
    APPOINTMENT = "appointment"
    NOTE = "note"
    TASK = "task"


class InboxReason(StrEnum):
    """Why an inbound trace landed nowhere (interchange.md, "Assignment of inbound traces")."""

    NO_MATCH = "no_match"
    FREEMAIL = "freemail"
    AMBIGUOUS_DOMAIN = "ambiguous_domain"
    AMBIGUOUS_NUMBER = "ambiguous_number"


class Role(StrEnum):
    """A sign-in role (spec/analytics.md, "Security: need-to-know"); `system` is the command line."""

    ADMIN = "admin"
    MANAGEMENT = "management"
    SALES = "sales"
    SUPPORT = "support"
    ACCOUNTING = "accounting"
    PURCHASING = "purchasing"
    EXTERNAL = "external"
    SYSTEM = "system"


#: the roles a person signs in with (the system user never does)
SIGN_IN_ROLES: tuple[Role, ...] = tuple(r for r in Role if r is not Role.SYSTEM)


class Area(StrEnum):
    """An information area of the permission matrix (spec/analytics.md, "Security: need-to-know")."""

    MASTER_DATA = "master_data"
    PIPELINE = "pipeline"
    BILLING = "billing"
    PURCHASING = "purchasing"
    SERVICE = "service"
    PROJECTS = "projects"
    ACTIVITIES = "activities"
    DOCUMENTS = "documents"
    ANALYTICS = "analytics"
    ADMINISTRATION = "administration"


class Level(StrEnum):
    """What a role may do with an area: nothing, read, or read and edit."""

    NONE = "none"
    READ = "read"
    EDIT = "edit"

    @property
    def reads(self) -> bool:
        return self is not Level.NONE

    @property
    def edits(self) -> bool:
        return self is Level.EDIT


class Scope(StrEnum):
    """Which organisations an internal role sees: all, or its own accounts (KAM, deputy, their team)."""

    ALL = "all"
    OWN_ACCOUNTS = "own_accounts"


class TokenScope(StrEnum):
    """What an API token may do beyond its user's permissions: read; also make the dashboard's writes (a rating,
    a relationship fixed, an inbox item assigned); also push module data and inbound traces; or all of it."""

    READ = "read"
    WRITE = "write"
    IMPORT = "import"
    ADMIN = "admin"


#: the aspect whose ABC figures each area holds (pipeline: prospects, billing: customers, purchasing: suppliers)
ASPECT_AREAS: dict[Aspect, Area] = {
    Aspect.PROSPECT: Area.PIPELINE,
    Aspect.CUSTOMER: Area.BILLING,
    Aspect.SUPPLIER: Area.PURCHASING,
}

__all__ = [
    "ACCOUNT_ASPECTS", "ASPECT_AREAS", "MODELS", "MODEL_UNITS", "SIGN_IN_ROLES", "AbcModel", "ActivityGrouping",
    "ActivityKind", "Area", "Aspect", "Grouping", "InboxReason", "Level", "MetricUnit", "Period", "ProjectKind",
    "RelationshipMode", "Role", "Scope", "TokenScope",
]
