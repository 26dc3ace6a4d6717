#!/usr/bin/env bash
# Creates bench/compare/.venv and installs the pinned baselines (spaCy, flashtext).
# Idempotent: re-running does nothing once requirements.txt is installed unchanged.
# Usage: bench/compare/setup.sh   (PYTHON=python3.11 to pick another interpreter)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"
stamp="$venv/.requirements.installed"

if [[ ! -x "$venv/bin/python" ]]; then
    echo "setup.sh: creating $venv with $("$python" --version 2>&1)"
    "$python" -m venv "$venv"
fi
if [[ -f "$stamp" ]] && cmp -s "$stamp" "$here/requirements.txt"; then
    echo "setup.sh: $venv is up to date"
    exit 0
fi
"$venv/bin/python" -m pip install --disable-pip-version-check --quiet --upgrade pip setuptools wheel
"$venv/bin/python" -m pip install --disable-pip-version-check --quiet -r "$here/requirements.txt"
"$venv/bin/python" - <<'PY'
import importlib.metadata as md
import flashtext, spacy  # noqa: F401  (fails here rather than in compare.py)
print("setup.sh: spacy", md.version("spacy"), "flashtext", md.version("flashtext"))
PY
cp "$here/requirements.txt" "$stamp"
