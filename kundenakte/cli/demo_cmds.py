"""`kundenakte demo`: generate a realistic company, load it, serve it."""

from __future__ import annotations

import argparse
from pathlib import Path

from kundenakte.cli.common import add_db_option


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="fill a database with a generated demo company and serve it")
    p.add_argument("--generate-only", action="store_true", help="generate and load, do not serve")
    p.add_argument("--size", choices=("small", "large"), default="small",
                   help="small: ~600 organisations; large: 100,000 organisations, 10 million invoices")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--out", type=Path, default=None, metavar="FOLDER",
                   help="also keep the generated interchange files in this folder")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8050)
    add_db_option(p)
    p.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    raise NotImplementedError("demo")
