"""Rows that hang at a project (invoices, time entries, documents) counted without the projects a caller hides.

Analytics knows no users: the caller (the policy in `services`) passes the ids of the projects to
leave out as a select, so the restriction stays one SQL condition inside each aggregate.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, or_, true


def outside_projects(project_id: ColumnElement[str | None], hidden_projects: Select | None) -> ColumnElement[bool]:
    """True for a row without a project or at a project that is not among `hidden_projects` (None: none hidden)."""
    if hidden_projects is None:
        return true()
    return or_(project_id.is_(None), project_id.not_in(hidden_projects))


__all__ = ["outside_projects"]
