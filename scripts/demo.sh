#!/usr/bin/env bash
# Install Kundenakte into .venv, generate the demo company and serve it on http://127.0.0.1:8050
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet .
exec kundenakte demo "$@"
