#!/usr/bin/env bash
# Soak (issue 17, item 8; docs/reliability.md): the mixed load of issue 14 (bench/load.py, locust
# headless, bench/README.md) for a long time on loopback against the service served as production
# serves it (scripts/serve-production.sh --trial: gunicorn and a task worker, PostgreSQL), sampling
# the resident memory (RSS) of every server process once a minute. Prints one JSON object: locust's
# figures (requests, errors, p50/p95) and the memory samples, with the growth from minute 2 (the
# first minute of load is a warm-up) to the last. Goals: zero errors, memory flat (≤ 10% growth).
#
#   scripts/soak.sh                      # 10 minutes, 100 users, 2 s think time
#   SOAK_MINUTES=2 SOAK_USERS=20 scripts/soak.sh
#
# Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ttg_soak; loaded as `make
# run` loads the demo when it has no people yet), SOAK_MINUTES (10), SOAK_USERS (100), SOAK_THINK (2:
# seconds each user waits between requests; 0 is issue 14's P4, which saturates a small machine),
# SOAK_PORT (8417), SOAK_OUT (a new folder under /tmp: the server's log, locust's files, the JSON).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
MINUTES=${SOAK_MINUTES:-10}
USERS=${SOAK_USERS:-100}
THINK=${SOAK_THINK:-2}
PORT=${SOAK_PORT:-8417}
OUT=${SOAK_OUT:-$(mktemp -d /tmp/ttg-soak-XXXX)}
mkdir -p "$OUT"
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ttg_soak}
export TTG_NOW=${TTG_NOW:-2019-09-02T09:30:00+01:00}
export TTG_TASKS_BACKEND=database
if [ -z "${SECRET_KEY:-}" ]; then SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))'); export SECRET_KEY; fi

# The demo data, as `make run` loads it, when the database has no people yet.
db_name=${DATABASE_URL##*/}
if ! psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1; then
  createdb --maintenance-db="${DATABASE_URL%/*}/postgres" "$db_name"
fi
if ! psql "$DATABASE_URL" -tAc "SELECT count(*) FROM people_person" 2>/dev/null | grep -qv '^0$'; then
  echo "Loading the demo into $DATABASE_URL" >&2
  "$PY" manage.py migrate --no-input -v0
  "$PY" manage.py load_demo --quiet-logins >/dev/null
  "$PY" manage.py generate_national --scale demo --seed 1 --out "$OUT/feed.csv" >/dev/null
  "$PY" manage.py load_estate "$OUT/feed.estate.json" >/dev/null
  "$PY" manage.py import_custody_feed ttg/people/data/custody-feed-sample.csv "$OUT/feed.csv" >/dev/null
  "$PY" manage.py load_demo >/dev/null
  "$PY" manage.py refresh_decisions >/dev/null
fi

# No recycling of gunicorn's workers (production recycles each after GUNICORN_MAX_REQUESTS, 2,000):
# a leak must show in the soak, not be hidden by a fresh process.
GUNICORN_MAX_REQUESTS=0 TTG_STATIC_ROOT="$OUT/static" PORT=$PORT bash scripts/serve-production.sh --trial >"$OUT/server.log" 2>&1 &
server=$!
stop() { kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
trap stop EXIT INT TERM
for _ in $(seq 1 240); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null

# Every server process (gunicorn's master and workers, the task worker): RSS once a minute.
"$PY" - "$server" "$MINUTES" "$OUT/memory.json" <<'EOF' &
import json, sys, time
import psutil
root, minutes, out = psutil.Process(int(sys.argv[1])), int(sys.argv[2]), sys.argv[3]
samples = []
for minute in range(minutes + 1):
    procs = [p for p in root.children(recursive=True) if p.name() not in ("bash", "sh")]
    rows = {}
    for p in procs:
        try:
            rows[f"{p.pid} {' '.join(p.cmdline()[1:4])[:60]}"] = p.memory_info().rss // 2**20
        except psutil.Error:
            pass
    samples.append({"minute": minute, "total_mib": sum(rows.values()), "processes": rows})
    with open(out, "w") as f:
        json.dump(samples, f)
    if minute < minutes:
        time.sleep(60)
EOF
sampler=$!

"$PY" bench/load.py --url "http://127.0.0.1:$PORT" --users "$USERS" --think "$THINK" --seconds $((MINUTES * 60)) \
  --floor-seconds 5 --out "$OUT/locust" >"$OUT/load.json" 2>"$OUT/load.log" || true
wait "$sampler" || true

"$PY" - "$OUT" "$MINUTES" "$USERS" "$THINK" <<'EOF'
import json, os, sys
out, minutes, users, think = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
text = open(os.path.join(out, "load.json")).read().strip()
load = json.loads(text[text.rfind("\n{") + 1 :] if "\n{" in text else text) if text else {}
memory = json.load(open(os.path.join(out, "memory.json")))
totals = [s["total_mib"] for s in memory]
warm = totals[min(2, len(totals) - 1)]  # after the first full minute of load (its start is a burst)
mixed = load.get("mixed", load)
summary = {
    "minutes": minutes, "users": users, "think_seconds": think, "load_average": list(os.getloadavg()),
    "requests": mixed.get("requests"), "errors": mixed.get("errors", mixed.get("failures")),
    "requests_per_second": mixed.get("requests_per_s"),
    "p50_ms": mixed.get("p50_ms"), "p95_ms": mixed.get("p95_ms"),
    "rss_total_mib_each_minute": totals, "rss_growth_after_warm_up_mib": totals[-1] - warm,
    "rss_growth_after_warm_up_percent": round(100 * (totals[-1] - warm) / warm, 1) if warm else None,
    "out": out,
}
summary["met"] = bool(summary["errors"] == 0 and summary["rss_growth_after_warm_up_percent"] is not None and summary["rss_growth_after_warm_up_percent"] <= 10)
print(json.dumps(summary, indent=1))
json.dump({"summary": summary, "load": load, "memory": memory}, open(os.path.join(out, "soak.json"), "w"), indent=1)
EOF
