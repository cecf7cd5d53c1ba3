#!/usr/bin/env bash
# pip-audit over the installed environment (.venv, the editable project itself left out): a known
# vulnerability in a dependency fails; a vulnerability service that cannot be reached only warns.
set -uo pipefail
cd "$(dirname "$0")/.."
. .venv/bin/activate
out="$(pip-audit --skip-editable --progress-spinner off 2>&1)"
rc=$?
printf '%s\n' "$out" | grep -v "could not be audited" || true
if [ "$rc" -eq 0 ]; then
    exit 0
fi
if printf '%s\n' "$out" | grep -qE "Found [0-9]+ known vulnerabilit"; then
    echo "pip-audit: known vulnerabilities (raise the pins in pyproject.toml)" >&2
    exit 1
fi
echo "pip-audit: the vulnerability service could not be asked (exit $rc); not failing the run" >&2
exit 0
