#!/usr/bin/env bash
# Serve the service on this machine as production runs it (docs/operations.md, "Production layout"):
# PostgreSQL, Redis for the task queue, static files collected under hashed names, migrations,
# gunicorn with gunicorn.conf.py, and the task worker(s). Ctrl+C stops them all.
#
#   scripts/serve-production.sh            # production settings; refuses TTG_NOW
#   scripts/serve-production.sh --trial    # a local trial: TTG_NOW allowed (e.g. on the demo data)
#
# Environment (each has a default for a trial on this machine):
#   DATABASE_URL        postgres://postgres@127.0.0.1:5432/ttg (a local database is created if missing)
#   REDIS_URL           redis://127.0.0.1:6379/0; TTG_TASKS_BACKEND=database uses the database queue instead
#   SECRET_KEY          generated when unset (sessions then end when the script stops: a trial only)
#   ALLOWED_HOSTS       127.0.0.1,localhost
#   TTG_STATIC_ROOT     build/collected-static
#   PORT                8000 (gunicorn binds 127.0.0.1:$PORT unless GUNICORN_BIND is set)
#   GUNICORN_WORKERS, GUNICORN_THREADS   see gunicorn.conf.py
#   TTG_TASK_WORKERS    1: how many task worker processes
#   TTG_TRIAL           true: the same as --trial
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
for arg in "$@"; do
  case "$arg" in
    --trial) TTG_TRIAL=true ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done
TTG_TRIAL=${TTG_TRIAL:-false}

export DEBUG=false
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ttg}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export TTG_STATIC_ROOT=${TTG_STATIC_ROOT:-$PWD/build/collected-static}
export TTG_TASKS_BACKEND=${TTG_TASKS_BACKEND:-rq}
if [ "$TTG_TASKS_BACKEND" = "rq" ]; then export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}; fi

# A frozen clock is for demos and tests (ttg.E001): only a trial may have one.
if [ -n "${TTG_NOW:-}" ] && [ "$TTG_TRIAL" != "true" ]; then
  echo "TTG_NOW is set ($TTG_NOW): it freezes the service's clock, which production must never do (ttg.E001)." >&2
  echo "Unset it, or say this is a local trial: $0 --trial" >&2
  exit 1
fi
if [ -z "${SECRET_KEY:-}" ]; then
  if [ "$TTG_TRIAL" != "true" ]; then
    echo "SECRET_KEY is not set. Production needs its own, kept secret; for a local trial use --trial." >&2
    exit 1
  fi
  SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
  export SECRET_KEY
  echo "SECRET_KEY was not set: a new one for this trial (sessions end when it stops)."
fi

# PostgreSQL: started when it is local and not answering; a local database is created if missing.
db_host=$("$PY" -c 'import os, urllib.parse as u; print(u.urlsplit(os.environ["DATABASE_URL"]).hostname or "")')
db_name=$("$PY" -c 'import os, urllib.parse as u; print(u.urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/"))')
case "$db_host" in
  127.0.0.1|localhost)
    bash scripts/ensure-postgres.sh
    if ! psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1; then
      echo "Creating the database $db_name"
      createdb --maintenance-db="${DATABASE_URL%/*}/postgres" "$db_name"
    fi ;;
esac
"$PY" -c 'import os, psycopg; psycopg.connect(os.environ["DATABASE_URL"], connect_timeout=5).close()' \
  || { echo "PostgreSQL does not answer at $DATABASE_URL" >&2; exit 1; }

# Redis, for the task queue: started when it is local and not answering.
if [ "$TTG_TASKS_BACKEND" = "rq" ]; then
  redis_ping() { "$PY" -c 'import os, redis; redis.Redis.from_url(os.environ["REDIS_URL"], socket_connect_timeout=2).ping()' 2>/dev/null; }
  if ! redis_ping; then
    redis_host=$("$PY" -c 'import os, urllib.parse as u; print(u.urlsplit(os.environ["REDIS_URL"]).hostname or "")')
    if [[ "$redis_host" =~ ^(127\.0\.0\.1|localhost)$ ]] && command -v redis-server >/dev/null; then
      echo "Redis is not running: starting it"
      redis-server --bind 127.0.0.1 --daemonize yes >/dev/null
      for _ in $(seq 1 20); do redis_ping && break; sleep 0.5; done
    fi
    redis_ping || { echo "Redis does not answer at $REDIS_URL (or set TTG_TASKS_BACKEND=database)" >&2; exit 1; }
  fi
fi

# Static files: the styles (npm run build), then collected under hashed names.
if [ ! -f build/static/ttg/app.css ]; then npm run --silent build; fi
echo "Collecting static files into $TTG_STATIC_ROOT"
"$PY" manage.py collectstatic --no-input -v0

if [ "$TTG_TRIAL" != "true" ]; then
  "$PY" manage.py check --deploy --fail-level ERROR
fi
"$PY" manage.py migrate --no-input
# The stored screening decisions made under other settings or rule versions, or missing (docs/screening.md).
"$PY" manage.py refresh_decisions

pids=()
stop() {
  trap - INT TERM EXIT
  echo "Stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
}
trap stop INT TERM EXIT

"$(dirname "$PY")/gunicorn" -c gunicorn.conf.py &
pids+=($!)
for number in $(seq 1 "${TTG_TASK_WORKERS:-1}"); do
  if [ "$TTG_TASKS_BACKEND" = "rq" ]; then
    "$PY" manage.py rqworker --with-scheduler --job-class django_tasks_rq.Job default &
  else
    # db_worker with a stable id per worker: on restart it takes back the task it was killed in.
    TTG_WORKER_NUMBER=$number "$PY" manage.py task_worker --interval 1 &
  fi
  pids+=($!)
done
echo "Serving at http://${GUNICORN_BIND:-127.0.0.1:${PORT:-8000}}/ (gunicorn, $TTG_TASKS_BACKEND task worker x ${TTG_TASK_WORKERS:-1}). Ctrl+C stops them all."
# Stop everything as soon as one of them stops.
wait -n || true
