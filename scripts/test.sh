#!/usr/bin/env bash
# Install the dev extras into .venv and run every check: lint, layer contract, tests on
# SQLite and PostgreSQL, then the browser tests in headless chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -e '.[dev]'
ruff check .
lint-imports
python -m pytest -n 2 --dist loadfile
python -m pytest -m browser -p no:cacheprovider
