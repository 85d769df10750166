"""Locust users for benchmark P4 (bench/load.py runs this file; see bench/README.md).

A day's mix of the demo personas' pages and API calls, each simulated user signed in beforehand as
one persona (bench/load.py signs in and hands the session cookies over in TTG_BENCH_CONTEXT, so the
measured minute holds no sign-ins: a real session lasts hours), and `HealthzUser`, the same stack's
hello-world floor: `GET /healthz` only.

TTG_BENCH_CONTEXT is JSON: {"sessions": {username: [{cookie: value}, ...]}, "tokens": {username:
key}, "people": [prison numbers], "prison": code, "search": [name prefixes], "think": seconds}.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from http.cookiejar import Cookie
from typing import Any
from urllib.parse import urlsplit

import gevent
from locust import between, constant, task
from locust.contrib.fasthttp import FastHttpUser
from mix import API_WEIGHT, PERSONA_WEIGHTS

CONTEXT: dict[str, Any] = json.loads(os.environ.get("TTG_BENCH_CONTEXT") or "{}")
THINK = float(CONTEXT.get("think", 0))
# With think time, each wait is drawn between half and one and a half times it, so that users started
# in the same second do not keep clicking in step.
WAIT = between(THINK / 2, THINK * 1.5) if THINK else constant(0)


def stagger() -> None:
    """With think time, a user's first request comes within one think time of its start, not all
    in the first second."""
    if THINK:
        gevent.sleep(random.uniform(0, THINK))


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_next_session: dict[str, Any] = {}


def take_session(username: str) -> dict[str, str]:
    """The next of the sessions bench/load.py opened for this persona (each user its own)."""
    if username not in _next_session:
        _next_session[username] = itertools.cycle(CONTEXT["sessions"][username])
    return dict(next(_next_session[username]))


def person() -> str:
    return random.choice(CONTEXT["people"])


class Persona(FastHttpUser):
    """A signed-in person: their session's cookies put in the client's cookie jar."""

    abstract = True
    username = ""
    wait_time = WAIT

    def on_start(self) -> None:
        stagger()
        host = urlsplit(self.host).hostname or "127.0.0.1"
        for name, value in take_session(self.username).items():
            self.client.cookiejar.set_cookie(
                Cookie(0, name, value, None, False, host, False, False, "/", True, False, None, False, None, None, {})
            )

    def page(self, path: str, name: str | None = None) -> None:
        # No redirects followed: a session that ended would be sent to the sign-in page (a 302).
        with self.client.get(path, name=name or path, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")

    def search(self) -> None:
        """Find a person: the search form, then a name (POST: names never go in a URL)."""
        form = self.client.get("/people/", name="/people/ (form)", allow_redirects=False)
        token = CSRF.search(form.text or "")
        if token is None:
            return
        query = random.choice(CONTEXT["search"])
        with self.client.post(
            "/people/",
            data={"csrfmiddlewaretoken": token.group(1), "query": query},
            headers={"Referer": f"{self.host}/people/"},
            name="/people/ (search)",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")


class PrisonOfficer(Persona):
    weight = PERSONA_WEIGHTS["priya.shah"]
    username = "priya.shah"

    @task(2)
    def home(self) -> None:
        self.page("/", "/ (prison officer)")

    @task(4)
    def screening_list(self) -> None:
        self.page(f"/prisons/{CONTEXT['prison']}/screening/", "/prisons/[code]/screening/")

    @task(2)
    def caseload(self) -> None:
        self.page(f"/prisons/{CONTEXT['prison']}/caseload/", "/prisons/[code]/caseload/")

    @task(3)
    def person_record(self) -> None:
        self.page(f"/people/{person()}/", "/people/[number]/")

    @task(1)
    def person_screening(self) -> None:
        self.page(f"/people/{person()}/screening/", "/people/[number]/screening/")

    @task(2)
    def find(self) -> None:
        self.search()


class Caseworker(Persona):
    weight = PERSONA_WEIGHTS["tom.okafor"]
    username = "tom.okafor"

    @task(2)
    def home(self) -> None:
        self.page("/", "/ (caseworker)")

    @task(4)
    def work(self) -> None:
        self.page("/work/")

    @task(2)
    def caseload(self) -> None:
        self.page(f"/prisons/{CONTEXT['prison']}/caseload/", "/prisons/[code]/caseload/")

    @task(4)
    def person_record(self) -> None:
        self.page(f"/people/{person()}/", "/people/[number]/")

    @task(2)
    def find(self) -> None:
        self.search()

    @task(2)
    def referrals(self) -> None:
        self.page("/referrals/")


class PartnerCaseworker(Persona):
    weight = PERSONA_WEIGHTS["aisha.begum"]
    username = "aisha.begum"

    @task(1)
    def home(self) -> None:
        self.page("/", "/ (partner)")

    @task(3)
    def inbox(self) -> None:
        self.page("/partner/referrals/")


class ResponsibleOfficer(Persona):
    weight = PERSONA_WEIGHTS["david.jones"]
    username = "david.jones"

    @task(1)
    def home(self) -> None:
        self.page("/", "/ (responsible officer)")

    @task(2)
    def handovers(self) -> None:
        self.page("/handovers/")


class Managers(Persona):
    """The governor's screening list and the contract manager's funding report and claims."""

    weight = PERSONA_WEIGHTS["samuel.adeyemi"]
    username = "samuel.adeyemi"

    @task(1)
    def home(self) -> None:
        self.page("/", "/ (contract manager)")

    @task(1)
    def funding(self) -> None:
        self.page("/funding/")

    @task(1)
    def claims(self) -> None:
        self.page("/claims/")


class ApiClient(FastHttpUser):
    """Other systems reading through the API with tokens: a CRC's case management system (the
    caseworker's token), a partner's, and the probation service's (handovers)."""

    weight = API_WEIGHT
    wait_time = WAIT

    def on_start(self) -> None:
        stagger()

    def get(self, username: str, path: str, name: str) -> None:
        headers = {"Authorization": f"Token {CONTEXT['tokens'][username]}"}
        with self.client.get(path, headers=headers, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")

    @task(1)
    def me(self) -> None:
        self.get("tom.okafor", "/api/v1/me/", "/api/v1/me/")

    @task(4)
    def screening(self) -> None:
        self.get("tom.okafor", f"/api/v1/people/{person()}/screening/", "/api/v1/people/[number]/screening/")

    @task(2)
    def referrals(self) -> None:
        self.get("tom.okafor", "/api/v1/referrals/", "/api/v1/referrals/ (CRC)")

    @task(2)
    def partner_referrals(self) -> None:
        self.get("aisha.begum", "/api/v1/referrals/", "/api/v1/referrals/ (partner)")

    @task(1)
    def handovers(self) -> None:
        self.get("david.jones", "/api/v1/handovers/", "/api/v1/handovers/")


class HealthzUser(FastHttpUser):
    """The floor: the same server, the same middleware, one `SELECT 1`; never any think time."""

    wait_time = constant(0)

    @task
    def healthz(self) -> None:
        self.client.get("/healthz")
