#!/usr/bin/env bash
# CI's two test runs at once: the whole suite on SQLite (with the browser tests) in the foreground,
# and, in the background, on PostgreSQL, the tests that use the database (without the browser tests:
# the others do not touch the database, and have just run on SQLite). They share nothing (each has
# its own databases and its own temporary folder). Each prints its 20 slowest tests. Fails if either
# fails.
#
# SQLITE_WORKERS and PG_WORKERS are pytest-xdist's -n for each run (each worker has its own test
# database); the defaults suit a machine with two cores, where the two runs share them.
set -uo pipefail
PY=${PY:-.venv/bin/python}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/ttg}
SQLITE_WORKERS=${SQLITE_WORKERS:-2}
PG_WORKERS=${PG_WORKERS:-2}
mkdir -p test-artifacts
log=test-artifacts/pytest-postgres.log
DATABASE_URL=$PG_URL "$PY" -m pytest -m "not browser" --database-tests-only -n "$PG_WORKERS" --durations=20 \
  -p no:randomly -p no:cacheprovider --basetemp=test-artifacts/tmp-postgres >"$log" 2>&1 &
pg=$!
trap 'kill $pg 2>/dev/null' INT TERM
echo "== pytest on SQLite (PostgreSQL runs beside it; its output follows when both are done)"
"$PY" -m pytest -n "$SQLITE_WORKERS" --durations=20 --basetemp=test-artifacts/tmp-sqlite
sqlite=$?
wait $pg
postgres=$?
echo
echo "== pytest on PostgreSQL ($PG_URL): the tests that use the database"
cat "$log"
echo
echo "SQLite: $([ $sqlite -eq 0 ] && echo passed || echo "FAILED ($sqlite)"); PostgreSQL: $([ $postgres -eq 0 ] && echo passed || echo "FAILED ($postgres)")"
[ $sqlite -eq 0 ] && [ $postgres -eq 0 ]
