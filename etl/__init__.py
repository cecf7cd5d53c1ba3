"""ETL: read module data and raw inbound files, validate, match, load into the reporting schema.

The import's public functions are re-exported lazily, so `import etl.phone` stays light.
"""

from __future__ import annotations

from typing import Any

_EXPORTS = {
    "LoadResult": "etl.importer",
    "import_tables": "etl.importer",
    "run_import": "etl.importer",
    "TABLES": "etl.tables",
    "open_tables": "etl.sources.tables",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'etl' has no attribute {name!r}")


__all__ = ["TABLES", "LoadResult", "import_tables", "open_tables", "run_import"]
