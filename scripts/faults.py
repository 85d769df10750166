#!/usr/bin/env python3
"""Faults (issue 17, item 7; docs/reliability.md): runs each fault and prints its figures as JSON.

  (a) worker   the task worker killed (SIGKILL) in the middle of a task: restarted under the same id
               (manage.py task_worker), it completes the task once.
  (b) restart  PostgreSQL restarted under load (`pg_ctlcluster 15 main restart`, root): requests fail
               cleanly (503, a problem or a GOV.UK page, never a 500) and recover; every write the
               service acknowledged is there, and those refused succeed when sent again.
               THIS RESTARTS THE MACHINE'S POSTGRESQL: everyone using it sees a few seconds' outage.
  (c) conflict two people changing one plan activity: the second gets a clear conflict, not a lost
               update (runs the plans test that proves it: ttg/plans/plan/tests/test_plan_pages.py).

    .venv/bin/python scripts/faults.py                  # (a) and (c): harmless to others
    .venv/bin/python scripts/faults.py --only restart   # (b), as root, once
    .venv/bin/python scripts/faults.py --only worker,restart,conflict

It uses its own PostgreSQL database (--database-url, default postgres://postgres@127.0.0.1:5432/ttg_faults),
migrated and given the demo personas when new; gunicorn (gunicorn.conf.py) on --port, 2 processes.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import secrets
import shlex
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ttg.settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TTG_NOW": os.environ.get("TTG_NOW", "2019-09-02T09:30:00+01:00"),
        "TTG_TASKS_BACKEND": "database",
        "TTG_NOTIFY_BACKEND": "console",
        "TTG_STATIC_ROOT": "/tmp/ttg-faults-static",  # noqa: S108 - collected once, for the pages
    }


def prepare(database_url: str, env: dict[str, str]) -> None:
    """The database: created when missing, migrated, with the estate and the demo personas."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([PY, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    if not Path(env["TTG_STATIC_ROOT"], "staticfiles.json").exists():  # the pages need their styles' manifest
        subprocess.run([PY, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    os.environ.update(env)
    import django

    django.setup()
    from ttg.demo.loader import load_demo

    load_demo(personas_only=True)


# --- (a) the task worker killed in the middle of a task -------------------------------------------------


def slow_worker(worker_id: str, marker: str, slow: float) -> None:
    """A task worker whose notification backend waits `slow` seconds inside the task (the moment to kill
    it), and notes each notification it really sends."""
    import django

    django.setup()
    from django.core.management import call_command

    from ttg.notifications import backends

    send = backends.ConsoleBackend.send

    def slow_send(self: Any, notification: Any) -> None:
        Path(marker, "started").write_text(str(os.getpid()))
        time.sleep(slow)
        send(self, notification)
        with open(Path(marker, "sent.log"), "a") as f:
            f.write(f"{notification.pk}\n")

    backends.ConsoleBackend.send = slow_send  # type: ignore[method-assign]
    call_command("task_worker", "--worker-id", worker_id, "--interval", "0.2", "--no-startup-delay", "--batch", verbosity=0)


def fault_worker(env: dict[str, str]) -> dict[str, Any]:
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from ttg.accounts.constants import Role
    from ttg.accounts.models import User
    from ttg.notifications.models import Notification
    from ttg.notifications.tasks import deliver

    marker = Path(f"/tmp/ttg-faults-{uuid.uuid4().hex[:8]}")  # noqa: S108
    marker.mkdir()
    recipient = User.objects.filter(role=Role.TTG_CASEWORKER).first()
    assert recipient is not None
    notification = Notification.objects.create(
        key=f"faults-{marker.name}", recipient=recipient, template="faults", subject="A fault test", body="-", created_at=timezone.now()
    )
    result = deliver.enqueue(notification.pk)
    worker_id = f"faults-{marker.name}"
    this = [sys.executable, __file__, "--slow-worker", worker_id, str(marker)]
    started = time.monotonic()
    first = subprocess.Popen([*this, "60"], cwd=ROOT, env=env)  # noqa: S603
    while not (marker / "started").exists():
        if time.monotonic() - started > 120 or first.poll() is not None:
            raise SystemExit("the worker never started the task")
        time.sleep(0.05)
    in_task = time.monotonic()
    first.send_signal(signal.SIGKILL)
    first.wait()
    row = DBTaskResult.objects.get(pk=result.id)
    notification.refresh_from_db()
    after_kill = {"task_status": row.status, "notification_sent": notification.sent_at is not None, "attempts": notification.attempts}

    restarted = time.monotonic()
    subprocess.run([*this, "0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    done = time.monotonic()
    row.refresh_from_db()
    notification.refresh_from_db()
    sends = (marker / "sent.log").read_text().split() if (marker / "sent.log").exists() else []
    figures = {
        "fault": "(a) task worker killed (SIGKILL) in the middle of a task, then restarted under the same id",
        "task": "ttg.notifications.tasks.deliver",
        "seconds_from_start_to_task": round(in_task - started, 2),
        "killed_inside": "the task's transaction, while the backend was sending (the row locked, nothing committed)",
        "after_kill": after_kill,
        "restart_to_done_seconds": round(done - restarted, 2),
        "task_status_after_restart": row.status,
        "claimed_by": row.worker_ids,
        "times_sent": len(sends),
        "notification_attempts": notification.attempts,
        "notification_sent": notification.sent_at is not None,
        "task_results_for_it": DBTaskResult.objects.filter(args_kwargs__args=[notification.pk]).count(),
    }
    figures["survived"] = (
        after_kill["task_status"] == "RUNNING"
        and not after_kill["notification_sent"]
        and row.status == "SUCCESSFUL"
        and len(sends) == 1
        and notification.attempts == 1
    )
    return figures


# --- (b) PostgreSQL restarted under load ---------------------------------------------------------------


class Load:
    """Threads sending a mix of requests to the served app, recording what each got."""

    def __init__(self, port: int, tokens: dict[str, str], session_cookie: tuple[str, str]) -> None:
        self.port, self.tokens, self.cookie = port, tokens, session_cookie
        self.records: list[dict[str, Any]] = []
        self.acknowledged: list[str] = []  # feed events the service said it applied
        self.refused: list[str] = []  # feed events refused (to send again)
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.started = time.monotonic()
        self.written = 0
        self.suffix = "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(2))  # this run's people

    def request(
        self, kind: str, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> dict[str, Any]:
        started = time.monotonic()
        record: dict[str, Any] = {"kind": kind, "at": round(started - self.started, 2)}
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            content = response.read()
            conn.close()
            record.update(
                status=response.status, content_type=response.getheader("Content-Type", ""), retry_after=response.getheader("Retry-After")
            )
            if response.status >= 500:
                record["body"] = content[:4000].decode(errors="replace")
        except OSError as error:
            record.update(status=0, error=f"{type(error).__name__}: {error}")
        record["ms"] = round(1000 * (time.monotonic() - started))
        with self.lock:
            self.records.append(record)
        return record

    def feed(self, event_id: str, number: str) -> dict[str, Any]:
        row = f"{event_id},RECEPTION,2019-09-01T10:00:00+01:00,{number},LEI,,,Faults,Test,1980-01-01,M,W1,SENTENCED,DETERMINATE,2019-08-30,365,2020-08-29,\n"
        header = (ROOT / "ttg/people/data/custody-feed-sample.csv").read_text().splitlines()[0] + "\n"
        return self.request(
            "feed POST (API write)",
            "POST",
            "/api/v1/custody-feed/",
            (header + row).encode(),
            {"Authorization": f"Token {self.tokens['feed']}", "Content-Type": "text/csv"},
        )

    def user(self, number: int) -> None:
        i = 0
        while not self.stop.is_set():
            i += 1
            which = i % 4
            if which == 0:
                with self.lock:
                    self.written += 1
                    prison_number = f"F{self.written:04d}{self.suffix}"  # a new person each time
                event_id = f"faults-{uuid.uuid4().hex[:12]}"
                record = self.feed(event_id, prison_number)
                with self.lock:
                    (self.acknowledged if 200 <= record["status"] < 300 else self.refused).append(event_id + " " + prison_number)
            elif which == 1:
                self.request("me GET (API read)", "GET", "/api/v1/me/", headers={"Authorization": f"Token {self.tokens['caseworker']}"})
            elif which == 2:
                self.request("home GET (page)", "GET", "/", headers={"Cookie": f"{self.cookie[0]}={self.cookie[1]}"})
            else:
                self.request("healthz GET", "GET", "/healthz")


def fault_restart(env: dict[str, str], port: int, seconds: int, cluster: list[str]) -> dict[str, Any]:
    from django.conf import settings
    from django.db import connections
    from django.test import Client
    from django_tasks_db.models import DBTaskResult
    from rest_framework.authtoken.models import Token

    from ttg.accounts.constants import Role
    from ttg.accounts.models import User
    from ttg.core.tasks import clear_expired_sessions
    from ttg.people.models import FeedEvent

    caseworker = User.objects.filter(role=Role.TTG_CASEWORKER).first()
    feed_user = User.objects.filter(role=Role.INTEGRATION).first()
    assert caseworker is not None and feed_user is not None
    tokens = {"caseworker": Token.objects.get_or_create(user=caseworker)[0].key, "feed": Token.objects.get_or_create(user=feed_user)[0].key}
    client = Client()
    client.force_login(caseworker)
    cookie = (settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    connections.close_all()

    server_env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "4",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    log = open(f"/tmp/ttg-faults-server-{port}.log", "w")  # noqa: S108, SIM115
    server = subprocess.Popen([GUNICORN, "-c", "gunicorn.conf.py"], cwd=ROOT, env=server_env, stdout=log, stderr=log)  # noqa: S603
    worker = subprocess.Popen(  # noqa: S603
        [PY, "manage.py", "task_worker", "--interval", "0.5", "--worker-id", "faults-restart", "--no-startup-delay", "-v0"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        for _ in range(120):
            with contextlib.suppress(OSError):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            time.sleep(0.5)
        load = Load(port, tokens, cookie)
        threads = [threading.Thread(target=load.user, args=(n,), daemon=True) for n in range(6)]
        for t in threads:
            t.start()
        time.sleep(seconds / 3)
        restart_at = time.monotonic() - load.started
        subprocess.run(cluster, check=True)  # noqa: S603
        restarted_at = time.monotonic() - load.started
        time.sleep(2 * seconds / 3)
        load.stop.set()
        for t in threads:
            t.join()

        # Nothing lost: what was acknowledged is there; what was refused goes again, and is there.
        resent = [load.feed(*item.split()) for item in load.refused]
        connections.close_all()
        ids = [item.split()[0] for item in load.acknowledged + load.refused]
        present = set(FeedEvent.objects.filter(event_id__in=ids).values_list("event_id", flat=True))
        task = clear_expired_sessions.enqueue()  # the worker lived through the restart, and still works
        for _ in range(60):
            if DBTaskResult.objects.get(pk=task.id).status == "SUCCESSFUL":
                break
            time.sleep(0.5)
        worker_alive = worker.poll() is None
        task_done = DBTaskResult.objects.get(pk=task.id).status == "SUCCESSFUL"
    finally:
        for process in (server, worker):
            process.send_signal(signal.SIGTERM)
        for process in (server, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()

    records = load.records
    failed = [r for r in records if not 200 <= r["status"] < 400]
    clean = [
        r
        for r in failed
        if r["status"] == 503
        and (
            r["content_type"].startswith("application/problem+json")
            or (r["content_type"].startswith("text/html") and "Sorry, the service is unavailable" in r.get("body", ""))
            or (r["kind"] == "healthz GET" and '"unavailable"' in r.get("body", ""))
        )
    ]
    after = [r for r in records if r["at"] > restarted_at]
    first_ok_after = {
        kind: min((r["at"] for r in after if 200 <= r["status"] < 400 and r["kind"] == kind), default=None)
        for kind in {r["kind"] for r in records}
    }
    failures_after = [r["at"] for r in after if not 200 <= r["status"] < 400]
    return {
        "fault": "(b) PostgreSQL restarted under load: " + " ".join(cluster),
        "load": "6 threads, no think time: feed POST (API write), me GET (API read), home GET (signed-in page), healthz GET",
        "requests": len(records),
        "by_kind_and_status": {f"{k[0]} {k[1]}": v for k, v in sorted(Counter((r["kind"], r["status"]) for r in records).items())},
        "restart_began_at_s": round(restart_at, 2),
        "restart_took_s": round(restarted_at - restart_at, 2),
        "failed": len(failed),
        "failed_cleanly_503": len(clean),
        "server_errors_500": sum(1 for r in records if r["status"] == 500),
        "connection_errors": sum(1 for r in records if r["status"] == 0),
        "retry_after_on_503": sorted({r.get("retry_after") for r in failed if r["status"] == 503} - {None}),
        "last_failure_after_restart_s": round(max(failures_after) - restarted_at, 2) if failures_after else None,
        "first_success_after_restart_s": {
            k: (round(v - restarted_at, 2) if v is not None else None) for k, v in sorted(first_ok_after.items())
        },
        "writes_acknowledged": len(load.acknowledged),
        "writes_refused_then_sent_again": len(load.refused),
        "resent_succeeded": sum(1 for r in resent if 200 <= r["status"] < 300),
        "writes_present": len(present),
        "writes_lost": len(set(ids) - present),
        "task_worker_alive_after": worker_alive,
        "task_after_restart_done": task_done,
        "examples_of_failures": [
            {**{k: r.get(k) for k in ("kind", "status", "content_type")}, "body": r.get("body", "")[:200]}
            for r in {r["kind"]: r for r in failed}.values()
        ],
        "survived": bool(
            len(clean) == len(failed)
            and not set(ids) - present
            and worker_alive
            and task_done
            and all(200 <= r["status"] < 300 for r in resent)
            and not any(r["at"] > restarted_at + 15 and not 200 <= r["status"] < 400 for r in records)
        ),
    }


# --- (c) two people editing one plan --------------------------------------------------------------------


def fault_conflict() -> dict[str, Any]:
    test = "ttg/plans/plan/tests/test_plan_pages.py::test_two_people_editing_one_activity_get_a_conflict_not_a_lost_update"
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "DATABASE_URL")}
    started = time.monotonic()
    command = [PY, "-m", "pytest", "-n", "0", "-p", "no:randomly", "-q", test]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    return {
        "fault": "(c) two people change one plan activity from the same version",
        "test": test,
        "proves": "the second gets 'This plan was changed by <name> at <time>, after you opened it. Nothing you sent has been saved.' "
        "(page: GOV.UK error summary; API: 409 problem), the first's change stays, and a change from the current version is saved",
        "passed": run.returncode == 0,
        "seconds": round(time.monotonic() - started, 1),
        "output": run.stdout.strip().splitlines()[-1:] if run.stdout else run.stderr[-500:],
        "survived": run.returncode == 0,
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--slow-worker":
        sys.path.insert(0, str(ROOT))
        slow_worker(sys.argv[2], sys.argv[3], float(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="worker,conflict", help="comma-separated: worker, restart, conflict (default: worker,conflict)")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/ttg_faults")
    parser.add_argument("--port", type=int, default=8418)
    parser.add_argument("--seconds", type=int, default=30, help="length of the load around the restart (default 30)")
    parser.add_argument("--cluster", default="pg_ctlcluster 15 main restart -m fast", help="the command that restarts PostgreSQL")
    args = parser.parse_args()
    only = set(args.only.split(","))
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    env = environment(args.database_url)
    results = []
    if only & {"worker", "restart"}:
        prepare(args.database_url, env)
    if "worker" in only:
        results.append(fault_worker(env))
    if "restart" in only:
        results.append(fault_restart(env, args.port, args.seconds, shlex.split(args.cluster)))
    if "conflict" in only:
        results.append(fault_conflict())
    print(json.dumps({"faults": results, "survived": all(r["survived"] for r in results)}, indent=1, default=str))
    sys.exit(0 if all(r["survived"] for r in results) else 1)


if __name__ == "__main__":
    main()
