#!/usr/bin/env bash
# The longer Schemathesis run (issue 17, item 6; docs/reliability.md): the suite's test
# tests/test_api_schemathesis.py with more examples per operation and role (default 20: 200 per
# operation, about 11,800 cases over 59 operations × 10 roles). In-process, no network; SQLite by
# default, PostgreSQL with DATABASE_URL=postgres://... It prints the figures and fails on any server
# error or response that breaks docs/openapi.yaml.
#   bash scripts/schemathesis-long.sh [EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
SCHEMATHESIS_EXAMPLES=${1:-20} "$PY" -m pytest -n 0 -p no:randomly -p no:cacheprovider -s -q \
  tests/test_api_schemathesis.py 2>/dev/null | grep -v '^{"time"'
