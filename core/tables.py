"""Core-only views of the few tables the quick paths read and write, without the ORM (issue 22, quick start).

`kundenakte caller` is asked on every ring of the phone: its look-up (etl.match), the grants it is
decided by (services.policy) and the audit log they write run on these lightweight tables, so that
answering loads SQLAlchemy Core but neither `sqlalchemy.orm` nor the declarative schema of every table
(core.schema, about 0.2 s). core.schema stays the one definition of the tables (migrations, DDL); each
table here names some of its columns with the same types, for queries only, and
tests/core/test_tables.py checks every one of them against core.schema.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Connection, DateTime, Integer, String, Text, column, select, table

#: where the business configuration names none (core.businessconfig.BusinessConfig.phone_region)
DEFAULT_PHONE_REGION = "DE"

organisations = table(
    "organisations",
    column("id", String), column("name", String), column("phone_e164", String),
    column("switchboard_prefix", String), column("key_account_manager_id", String), column("deputy_id", String),
    column("vip", Boolean),
)
organisation_domains = table("organisation_domains", column("domain", String), column("organisation_id", String))
contacts = table(
    "contacts",
    column("id", String), column("organisation_id", String), column("first_name", String),
    column("last_name", String), column("email_lower", String), column("phone_e164", String),
    column("mobile_e164", String),
)
agents = table("agents", column("id", String), column("name", String), column("email", String),
               column("team", String))
tickets = table("tickets", column("organisation_id", String), column("status", String))
projects = table("projects", column("id", String), column("restricted_team", String))

activities = table(
    "activities",
    column("id", Integer), column("kind", String), column("direction", String), column("from_address", Text),
    column("to_address", Text), column("phone_number", String), column("organisation_id", String),
    column("contact_id", String),
)
activity_links = table("activity_links", column("activity_id", Integer), column("organisation_id", String),
                       column("contact_id", String), column("matched_by", String))
inbox_items = table("inbox_items", column("activity_id", Integer), column("address", String),
                    column("reason", String), column("created_at", DateTime))
learned_mappings = table("learned_mappings", column("address", String), column("organisation_id", String),
                         column("contact_id", String))

config = table("config", column("key", String), column("value", JSON))
permissions = table("permissions", column("role", String), column("area", String), column("level", String))
role_scopes = table("role_scopes", column("role", String), column("scope", String))
audit_log = table(
    "audit_log",
    column("id", Integer), column("at", DateTime), column("who", String), column("action", String),
    column("subject", String), column("why", Text), column("address", String),
)

#: every table here, by name (tests/core/test_tables.py checks each against core.schema)
TABLES = {t.name: t for t in (organisations, organisation_domains, contacts, agents, tickets, projects, activities,
                              activity_links, inbox_items, learned_mappings, config, permissions, role_scopes,
                              audit_log)}


def phone_region(conn: Connection) -> str:
    """The configured region of written phone numbers (BusinessConfig.phone_region), read alone.

    The one stored value, without the pydantic model of the whole configuration; a stored value that
    is not a text is refused (ValueError) as that model (core.businessconfig.load_config) refuses it.
    """
    stored = conn.execute(select(config.c.value).where(config.c.key == "phone_region")).first()
    if stored is None:
        return DEFAULT_PHONE_REGION
    if not isinstance(stored[0], str):
        raise ValueError(f"phone_region of the configuration is not a text: {stored[0]!r}")
    return stored[0]


__all__ = ["DEFAULT_PHONE_REGION", "TABLES", "activities", "activity_links", "agents", "audit_log", "config",
           "contacts", "inbox_items", "learned_mappings", "organisation_domains", "organisations", "permissions",
           "phone_region", "projects", "role_scopes", "tickets"]
