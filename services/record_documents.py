"""The record's documents by folder, each file with its versions newest first (interchange.md, documents).

The interchange format carries the metadata of a version (folder, file name, version, created, size,
`external`) but no content and no storage path, so there is nothing to download: the record lists the
versions only. Need-to-know (spec/analytics.md, "Security"): the documents area; nothing that hangs at a
project the user may not see; an external user only the documents marked `external` of their own
organisation (the organisation check is `visible_record`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine, func, or_, select, true

from analytics.period import day_end
from core.schema import Agent, Document
from core.vocabulary import Area
from services import policy
from services.record import visible_record
from services.users import CurrentUser

#: the most versions one record lists (the folders say when more exist)
MAX_VERSIONS = 2000


@dataclass(frozen=True)
class DocumentVersion:
    """One stored version of a file."""

    id: str
    version: int
    created_at: datetime | None
    created_by: str | None
    size_bytes: int | None
    external: bool


@dataclass(frozen=True)
class DocumentFile:
    """A file of a folder with its versions, newest first."""

    filename: str
    versions: tuple[DocumentVersion, ...]

    @property
    def latest(self) -> DocumentVersion:
        return self.versions[0]


@dataclass(frozen=True)
class DocumentFolder:
    """A folder (`/`-separated path) with its files by name."""

    folder: str
    files: tuple[DocumentFile, ...]


@dataclass(frozen=True)
class RecordDocuments:
    """The folders in order, how many files and versions, and whether the list was cut at MAX_VERSIONS."""

    folders: tuple[DocumentFolder, ...]
    files: int
    versions: int
    truncated: bool
    #: the data holds no file content, so no version can be downloaded (see the module's docstring)
    downloadable: bool = False


def record_documents(engine: Engine, user: CurrentUser, organisation_id: str,
                     as_of: date | None = None) -> RecordDocuments | None:
    """The documents created up to D (undated ones too); None if the user may not read documents."""
    as_of = as_of or date.today()
    d, ag = Document, Agent
    with engine.connect() as conn:
        g = visible_record(engine, conn, user, organisation_id)
        if not g.reads(Area.DOCUMENTS):
            return None
        author = ag.name if not g.user.is_external else None
        columns = [d.id, d.folder, d.filename, d.version, d.created_at, d.size_bytes, d.external,
                   func.coalesce(author, d.created_by).label("created_by") if author is not None
                   else d.created_by.label("created_by")]
        query = (select(*columns)
                 .where(d.organisation_id == organisation_id,
                        or_(d.created_at.is_(None), d.created_at < day_end(as_of)),
                        policy.not_in_hidden_project(g.user, d.project_id),
                        d.external.is_(True) if g.user.is_external else true())
                 .order_by(d.folder, d.filename, d.version.desc(), d.created_at.desc(), d.id)
                 .limit(MAX_VERSIONS + 1))
        if author is not None:
            query = query.outerjoin(ag, ag.id == d.created_by)
        rows = conn.execute(query).all()
    truncated = len(rows) > MAX_VERSIONS
    folders: dict[str, dict[str, list[DocumentVersion]]] = {}
    for r in rows[:MAX_VERSIONS]:
        folders.setdefault(r.folder, {}).setdefault(r.filename, []).append(DocumentVersion(
            r.id, int(r.version or 1), r.created_at, None if g.user.is_external else r.created_by, r.size_bytes,
            bool(r.external)))
    shown = tuple(DocumentFolder(name, tuple(DocumentFile(f, tuple(v)) for f, v in files.items()))
                  for name, files in folders.items())
    return RecordDocuments(shown, sum(len(f.files) for f in shown), min(len(rows), MAX_VERSIONS), truncated)


__all__ = ["MAX_VERSIONS", "DocumentFile", "DocumentFolder", "DocumentVersion", "RecordDocuments",
           "record_documents"]
