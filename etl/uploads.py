"""Module data that arrives over HTTP, made into what `kundenakte import` reads (issue 21, "Import over HTTP").

A JSON batch (`{"tables": {"invoices": [{...}, ...], ...}}`) becomes a CSV folder in the interchange format;
a zip of a CSV folder is unpacked and a workbook kept as it is, each only after its central directory was
checked: at most MAX_ENTRIES entries, at most MAX_UNPACKED bytes unpacked, no entry that compresses more than
MAX_RATIO (a zip bomb is refused before one byte is inflated). Names from the upload never become paths:
only `<table>.csv` of a known table is written, under the name of the table. The folder is then imported
exactly as a file import: the same validation, all or nothing.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from core.errors import InvalidInput
from etl.tables import TABLES

MAX_ENTRIES = 200
MAX_UNPACKED = 2 * 1024**3
MAX_RATIO = 200


def check_zip(path: Path, *, what: str = "upload", max_entries: int = MAX_ENTRIES,
              max_unpacked: int = MAX_UNPACKED, max_ratio: int = MAX_RATIO) -> list[zipfile.ZipInfo]:
    """The entries of a zip (or xlsx), refused (InvalidInput) before anything is unpacked when it is not a
    zip, has too many entries, unpacks to too much, or holds an entry packed more tightly than `max_ratio`."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise InvalidInput(f"{what}: not a zip file ({exc})") from None
    if len(entries) > max_entries:
        raise InvalidInput(f"{what}: {len(entries)} entries, at most {max_entries}")
    total = sum(e.file_size for e in entries)
    if total > max_unpacked:
        raise InvalidInput(f"{what}: unpacks to {total:,} bytes, at most {max_unpacked:,}")
    for e in entries:
        if e.file_size > 1024 * 1024 and e.file_size > max_ratio * max(e.compress_size, 1):
            raise InvalidInput(f"{what}: entry {e.filename!r} unpacks {e.file_size // max(e.compress_size, 1)} "
                               f"times its size, at most {max_ratio}")
    return entries


def unpack_csv_folder(path: Path, folder: Path) -> list[str]:
    """The `<table>.csv` entries of a checked zip into `folder` under their table's name; the tables written.

    Folders inside the zip are ignored (a CSV folder zipped with its parent is accepted); any other
    entry, a table named twice, or a table this version does not know is refused."""
    entries = check_zip(path, what="the zip")
    chosen: dict[str, zipfile.ZipInfo] = {}
    for e in entries:
        if e.is_dir():
            continue
        name = PurePosixPath(e.filename.replace("\\", "/")).name
        stem, _, suffix = name.rpartition(".")
        if name.startswith(".") or "__MACOSX" in e.filename:
            continue
        if suffix.lower() != "csv" or stem not in TABLES:
            raise InvalidInput(f"the zip: {e.filename!r} is not <table>.csv of a known table "
                               f"({', '.join(sorted(TABLES))})")
        if stem in chosen:
            raise InvalidInput(f"the zip: table {stem} twice ({chosen[stem].filename!r}, {e.filename!r})")
        chosen[stem] = e
    if not chosen:
        raise InvalidInput("the zip holds no <table>.csv")
    with zipfile.ZipFile(path) as archive:
        for table, e in chosen.items():
            with archive.open(e) as source, (folder / f"{table}.csv").open("wb") as target:
                while block := source.read(1024 * 1024):
                    target.write(block)
    return sorted(chosen)


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        raise TypeError
    return value


def write_json_batch(batch: Any, folder: Path) -> list[str]:
    """A JSON batch `{"tables": {table: [row, ...]}}` (or the tables object itself) as `<table>.csv` files in
    `folder`; refused (InvalidInput, naming table and row) where the shape is wrong. The values are then
    checked by the import like a file's."""
    tables = batch.get("tables", batch) if isinstance(batch, Mapping) else None
    if not isinstance(tables, Mapping) or not tables:
        raise InvalidInput('the body must be {"tables": {"<table>": [{column: value, ...}, ...]}}')
    unknown = sorted(str(t) for t in tables if t not in TABLES)
    if unknown:
        raise InvalidInput(f"unknown tables: {', '.join(unknown)} (known: {', '.join(sorted(TABLES))})")
    for table, rows in tables.items():
        if not isinstance(rows, list):
            raise InvalidInput(f"{table}: a list of rows expected")
        bad = next((i for i, r in enumerate(rows) if not isinstance(r, Mapping)), None)
        if bad is not None:
            raise InvalidInput(f"{table}, row index {bad}: an object {{column: value}} expected")
        columns = list(dict.fromkeys(k for r in rows for k in r))
        with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(columns)
            try:
                writer.writerows([_cell(r.get(c)) for c in columns] for r in rows)
            except TypeError:
                raise InvalidInput(f"{table}: a value is an object or a list; every value is text, a number, "
                                   "true/false or null") from None
    return sorted(str(t) for t in tables)


__all__ = ["MAX_ENTRIES", "MAX_RATIO", "MAX_UNPACKED", "check_zip", "unpack_csv_folder", "write_json_batch"]
