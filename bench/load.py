#!/usr/bin/env python3
"""Benchmark P4 (issue 14): 100 users of mixed pages and API calls against a running server, then
the same stack's hello-world floor (`/healthz` only), with locust, headless. `make bench`
(bench/run.py) runs it against its own gunicorn.

    python bench/load.py --url http://127.0.0.1:8000 [--users 100] [--seconds 60]

The server must hold the demo data (`make run`'s, or `scripts/serve-production.sh --trial` on a
database loaded the same way); when the personas are missing and DATABASE_URL is set (the server's
database), `manage.py load_demo --personas-only` adds them first. Before the measured runs this signs in one session
for each simulated user as its persona (password: TTG_DEMO_PASSWORD, or the demo's default), finds
the prison's people from its caseload page, and gets the API tokens: given with --token
username=key, or made with `manage.py drf_create_token` on DATABASE_URL.

Each run: `locust --headless` with bench/locustfile.py, every user started within about a second,
no think time unless --think (then each wait between half and 1.5 times it, and each user's first request within one think time of the start), for a fixed time. Prints one JSON object: requests/s, p50/p95/p99 in
ms, errors, the floor's figures, the ratio, the goals, whether each is met (`met_each`) and all are
(`met`), and each page's own figures. locust's own output goes to <--out>/locust-*.log.
"""

from __future__ import annotations

import argparse
import csv
import http.cookiejar
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django_otp.oath import totp
from mix import API_WEIGHT, FLOOR_CLASSES, MIX_CLASSES, PERSONA_WEIGHTS, SEARCHES, TOKEN_USERS

ROOT = Path(__file__).resolve().parent.parent
# locust and Django run in the project's virtual environment, whichever Python started this script.
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
DEMO_NOW = "2019-09-02T09:30:00+01:00"  # the demo's date (Makefile), for load_demo when TTG_NOW is unset
DEMO_PASSWORD = "through-the-gate-2019"  # noqa: S105 - the demo's public default (TTG_DEMO_PASSWORD, README)
GOALS = {"errors": 0, "p95_ms": 300, "share_of_floor": 0.40}
CODE_USERS = {"samuel.adeyemi", "helen.price", "alex.morgan"}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PERSON_LINK = re.compile(r'href="/people/([A-Z][0-9]{4}[A-Z]{2})/"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class NotSignedIn(Exception):
    pass


def sign_in(url: str, username: str, password: str) -> dict[str, str]:
    """A new session for the persona, through the sign-in form: its cookies."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    with opener.open(f"{url}/sign-in/", timeout=60) as response:
        token = CSRF.search(response.read().decode())
    if token is None:
        raise SystemExit(f"no sign-in form at {url}/sign-in/")
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}).encode()
    request = urllib.request.Request(f"{url}/sign-in/", data=body, headers={"Referer": f"{url}/sign-in/"})  # noqa: S310 - http(s) from --url
    try:
        opener.open(request, timeout=60)
        raise NotSignedIn(f"could not sign in as {username}: the sign-in page came back (no such user? wrong password? TTG_DEMO_PASSWORD)")
    except urllib.error.HTTPError as redirect:
        if redirect.code != 302:
            raise SystemExit(f"could not sign in as {username}: {redirect.code}") from redirect
    try:  # signed in: does this persona's role need a code too (it is sent to the code page)?
        opener.open(f"{url}/", timeout=60)
    except urllib.error.HTTPError as redirect:
        if "/sign-in/two-factor/" in (redirect.headers.get("Location") or ""):
            _give_code(opener, url, username)
    return {cookie.name: cookie.value or "" for cookie in jar}


# The demo personas whose role signs in with a code (administrators, contract managers, CRC managers)
# have an authenticator with the demo's published secret (README, "Demo logins"; TTG_DEMO_TOTP_KEY).
DEMO_TOTP_KEY = bytes.fromhex(os.environ.get("TTG_DEMO_TOTP_KEY", "3132333435363738393031323334353637383930"))
_last_step: dict[str, int] = {}
_code_lock = threading.Lock()


def _give_code(opener: Any, url: str, username: str) -> None:
    """The second step of signing in. A code is accepted once: a second session for the same persona
    waits for the app's next code (30 seconds at most)."""
    with _code_lock:
        while (step := int(time.time()) // 30) == _last_step.get(username):
            time.sleep(0.5)
        _last_step[username] = step
        code = f"{totp(DEMO_TOTP_KEY):06d}"
    with opener.open(f"{url}/sign-in/two-factor/", timeout=60) as response:
        token = CSRF.search(response.read().decode())
    if token is None:
        raise SystemExit(f"no code form at {url}/sign-in/two-factor/")
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "code": code}).encode()
    request = urllib.request.Request(f"{url}/sign-in/two-factor/", data=body, headers={"Referer": f"{url}/sign-in/two-factor/"})  # noqa: S310
    try:
        opener.open(request, timeout=60)
        raise NotSignedIn(f"could not sign in as {username}: the code was refused")
    except urllib.error.HTTPError as redirect:
        if redirect.code != 302:
            raise SystemExit(f"could not sign in as {username}: the code step answered {redirect.code}") from redirect


def get(url: str, *, cookies: dict[str, str] | None = None, token: str | None = None) -> tuple[int, str]:
    headers = {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if token:
        headers["Authorization"] = f"Token {token}"
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http(s) from --url
    opener = urllib.request.build_opener(NoRedirect())
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def manage(*args: str) -> str:
    """A management command on DATABASE_URL's database (the server's), on the demo's date."""
    env = {"TTG_NOW": DEMO_NOW, **os.environ}
    if not env.get("SECRET_KEY"):
        env["DEBUG"] = "true"  # a management command only: it needs no real key
    result = subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603
    return result.stdout


def make_token(username: str) -> str:
    """The user's API token (made if missing; an existing one is kept)."""
    return manage("drf_create_token", username).split()[2]  # "Generated token <key> for user <username>"


def ensure_personas(args: argparse.Namespace) -> None:
    """Sign in as the first persona; on a database without the demo (e.g. make bench's national one),
    load them first with `manage.py load_demo --personas-only` (it only adds what is missing), when DATABASE_URL is set."""
    first = next(iter(PERSONA_WEIGHTS))
    try:
        sign_in(args.url, first, args.password)
    except NotSignedIn as refused:
        if not os.environ.get("DATABASE_URL") or args.no_load_demo:
            raise SystemExit(f"{refused}: load the demo (manage.py load_demo) on the server's database") from None
        print(f"{refused}: loading the demo personas (manage.py load_demo --personas-only) on DATABASE_URL", file=sys.stderr)
        manage("load_demo", "--personas-only")
        sign_in(args.url, first, args.password)


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    url = args.url
    ensure_personas(args)
    total = sum(PERSONA_WEIGHTS.values()) + API_WEIGHT
    # One session for a persona who signs in with a code (each code works once: more would wait 30 s each).
    wanted = [(u, 1 if u in CODE_USERS else math.ceil(args.users * w / total) + 1) for u, w in PERSONA_WEIGHTS.items()]
    with ThreadPoolExecutor(max_workers=4) as pool:
        opened = {u: list(pool.map(lambda _, u=u: sign_in(url, u, args.password), range(n))) for u, n in wanted}

    tokens = dict(token.split("=", 1) for token in args.token)
    for username in TOKEN_USERS:
        if username not in tokens:
            tokens[username] = make_token(username)
        status, _ = get(f"{url}/api/v1/me/", token=tokens[username])
        if status != 200:
            raise SystemExit(f"the API token of {username} is refused ({status}): is DATABASE_URL the server's database? Or give --token")

    status, page = get(f"{url}/prisons/{args.prison}/caseload/", cookies=opened["tom.okafor"][0])
    people = sorted(set(PERSON_LINK.findall(page)))
    if status != 200 or not people:
        raise SystemExit(f"no people on {url}/prisons/{args.prison}/caseload/ ({status}): is the demo data loaded?")
    return {
        "sessions": opened,
        "tokens": tokens,
        "people": people,
        "prison": args.prison,
        "search": [*SEARCHES, *people[:5]],
        "think": args.think,
    }


def run_locust(args: argparse.Namespace, context: dict[str, Any], classes: list[str], seconds: int, out: Path, label: str) -> Path:
    prefix = out / f"locust-{label}"
    command = [
        PYTHON, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
        "--users", str(args.users), "--spawn-rate", str(args.spawn_rate or args.users), "--run-time", f"{seconds}s",
        "--host", args.url, "--csv", str(prefix), "--exit-code-on-error", "0", "--stop-timeout", "10", "--loglevel", "WARNING",
        *classes,
    ]  # fmt: skip
    env = {**os.environ, "TTG_BENCH_CONTEXT": json.dumps(context)}
    with open(f"{prefix}.log", "w") as log:
        subprocess.run(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, check=True)  # noqa: S603
    return Path(f"{prefix}_stats.csv")


def figures(row: dict[str, str]) -> dict[str, Any]:
    return {
        "requests": int(row["Request Count"]),
        "errors": int(row["Failure Count"]),
        "requests_per_s": round(float(row["Requests/s"]), 1),
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "p99_ms": float(row["99%"]),
    }


def read_stats(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    pages = {f"{r['Type']} {r['Name']}": figures(r) for r in rows if r["Name"] != "Aggregated"}
    return figures(total), pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="the running server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--spawn-rate", type=float, default=0, help="users started per second (default: all in one second)")
    parser.add_argument("--seconds", type=int, default=60, help="length of the mixed run")
    parser.add_argument("--floor-seconds", type=int, default=0, help="length of the /healthz run (default: --seconds)")
    parser.add_argument("--think", type=float, default=0, help="seconds each user waits between requests (default 0)")
    parser.add_argument("--prison", default="ACI", help="the prison whose lists the prison officer and caseworker open")
    parser.add_argument("--password", default=os.environ.get("TTG_DEMO_PASSWORD", DEMO_PASSWORD))
    parser.add_argument("--token", action="append", default=[], metavar="USERNAME=KEY", help="an API token to use instead of making one")
    parser.add_argument("--no-load-demo", action="store_true", help="never run load_demo when the personas are missing")
    parser.add_argument("--out", type=Path, default=None, help="where locust's CSV files and logs go (default: a new temporary folder)")
    args = parser.parse_args()
    args.url = args.url.rstrip("/")
    out = args.out or Path(tempfile.mkdtemp(prefix="ttg-load-"))
    out.mkdir(parents=True, exist_ok=True)

    prepared_at = time.monotonic()
    context = prepare(args)
    prepare_seconds = round(time.monotonic() - prepared_at, 1)
    load_before = os.getloadavg()[0]
    mixed, pages = read_stats(run_locust(args, context, MIX_CLASSES, args.seconds, out, "mixed"))
    floor, _ = read_stats(run_locust(args, context, FLOOR_CLASSES, args.floor_seconds or args.seconds, out, "floor"))
    load_after = os.getloadavg()[0]

    ratio = round(mixed["requests_per_s"] / floor["requests_per_s"], 3) if floor["requests_per_s"] else 0.0
    met_each = {
        "errors": mixed["errors"] == GOALS["errors"] and floor["errors"] == 0,
        "p95_ms": mixed["p95_ms"] <= GOALS["p95_ms"],
        "share_of_floor": ratio >= GOALS["share_of_floor"],
    }
    print(
        json.dumps(
            {
                "benchmark": "P4 locust: mixed pages and API, then /healthz",
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "url": args.url,
                "users": args.users,
                "seconds": args.seconds,
                "think_seconds": args.think,
                **mixed,
                "floor": floor,
                "ratio": ratio,
                "goals": GOALS,
                "met_each": met_each,
                "met": all(met_each.values()),
                "load_before": round(load_before, 2),
                "load_after": round(load_after, 2),
                "prepare_seconds": prepare_seconds,
                "pages": pages,
                "locust_output": str(out),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
