"""gunicorn's settings for production (docs/operations.md, "Web"): `gunicorn -c gunicorn.conf.py`.

Each can be overridden from the environment. The defaults were chosen by measurement on a 2-core
machine (docs/performance.md, "Production layout and load (P4)"): threaded workers (gthread), one
process per core with four threads each. Threads overlap a request's waits for PostgreSQL; more
processes than cores only added memory and context switches (PostgreSQL shared the cores there:
measure again with bench/load.py on a web machine of its own).
"""

from __future__ import annotations

import os

cores = os.cpu_count() or 1

wsgi_app = "ttg.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", str(cores)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# Recycle a worker after this many requests (with jitter, so they do not all restart at once).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # seconds: a request still running then has its process restarted
graceful_timeout = 30
keepalive = 5  # seconds: behind a load balancer that keeps connections open

# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - gunicorn's own heartbeat files

# The service logs one JSON line per event itself (docs/operations.md, "Logs"); gunicorn's access log
# would add a line for every request, so it is off unless asked for.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "ttg-web"
# gunicorn's control socket (one fixed path for every gunicorn of the user) is not used.
control_socket_disable = True
