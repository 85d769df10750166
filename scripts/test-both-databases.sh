#!/usr/bin/env bash
# CI's two test runs at once: the whole suite on SQLite (with the browser tests) in the foreground,
# and the suite again without the browser tests on PostgreSQL in the background. They share nothing
# (each has its own database and its own temporary folder), and together they take little longer than
# the longer of the two, on a machine with two or more cores. Fails if either fails.
set -uo pipefail
PY=${PY:-.venv/bin/python}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/ttg}
mkdir -p test-artifacts
log=test-artifacts/pytest-postgres.log
DATABASE_URL=$PG_URL "$PY" -m pytest -m "not browser" -p no:randomly -p no:cacheprovider \
  --basetemp=test-artifacts/tmp-postgres >"$log" 2>&1 &
pg=$!
trap 'kill $pg 2>/dev/null' INT TERM
echo "== pytest on SQLite (PostgreSQL runs beside it; its output follows when both are done)"
"$PY" -m pytest --basetemp=test-artifacts/tmp-sqlite
sqlite=$?
wait $pg
postgres=$?
echo
echo "== pytest on PostgreSQL ($PG_URL)"
cat "$log"
echo
echo "SQLite: $([ $sqlite -eq 0 ] && echo passed || echo "FAILED ($sqlite)"); PostgreSQL: $([ $postgres -eq 0 ] && echo passed || echo "FAILED ($postgres)")"
[ $sqlite -eq 0 ] && [ $postgres -eq 0 ]
