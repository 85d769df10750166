"""No dead links (issue 16): every demo persona signs in through the real form in Chromium and, from its
home page, follows the links of this service it reaches, breadth first: no page may answer 4xx or 5xx.
A dead link is reported with the page that links to it.

Chromium asks for each page as a click on the link would (a GET with the persona's session, redirects
followed) and reads the page's links; the pages are not drawn, which would only slow the walk (the other
browser tests draw them and check each with axe). The links of a batch are followed in one call into the
browser. Links to files (the plan's PDF, CSV and XLSX exports) are asked for like any other, and only
their status read. Sign-out is a button, not a link, and is never followed.

Bounded, to stay fast:
- at most PAGES_PER_PERSONA pages each;
- the next links followed are to the routes (Django's URL names) followed fewest times so far, the first
  found of those, and a route is followed at most PER_ROUTE times: the bound is spent on every kind of
  page a persona can reach, rather than on the same page for other people or in another order;
- a persona with the role and employer of one walked before (the second partner caseworker) follows only
  the links that one did not.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve

from conftest import PASSWORD
from tests.browser.conftest import give_code
from ttg.demo.personas import LOGINS

pytestmark = pytest.mark.browser

PAGES_PER_PERSONA = 40
PER_ROUTE = 2
BATCH = 8
NEVER = ("/sign-out/", "/admin/logout/")

# Runs in the page: asks for each address in turn and returns its status and, for a page, its links.
FOLLOW = """
async (paths) => {
  const found = [];
  for (const path of paths) {
    const response = await fetch(path, {credentials: "same-origin", redirect: "follow"});
    let links = [];
    if (response.ok && (response.headers.get("content-type") || "").startsWith("text/html")) {
      const doc = new DOMParser().parseFromString(await response.text(), "text/html");
      const base = doc.createElement("base");
      base.href = response.url;
      doc.head.prepend(base);
      links = Array.from(doc.querySelectorAll("a[href]"), (a) => a.href);
    } else {
      await response.arrayBuffer();
    }
    found.push([response.status, links]);
  }
  return found;
}
"""


def _route(path: str) -> str:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return path  # not a route of ours: a kind of its own (it answers 404, and is reported)


@dataclass
class Crawl:
    """One persona's walk: the pages followed (each with the page that linked to it), and the dead links."""

    origin: str
    seen: set[str]  # every address found so far (shared with a persona of the same role and employer)
    visited: dict[str, str] = field(default_factory=dict)
    dead: list[str] = field(default_factory=list)
    # route -> its links waiting, in the order found: (found as the n-th link, path, linked from)
    waiting: dict[str, deque[tuple[int, str, str]]] = field(default_factory=dict)
    visits: dict[str, int] = field(default_factory=dict)  # route -> pages of it followed

    def found(self, hrefs: list[str], on: str) -> None:
        for href in hrefs:
            parts = urlsplit(urldefrag(href)[0])
            if f"{parts.scheme}://{parts.netloc}" != self.origin:
                continue  # another site
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path in self.seen or path.startswith(NEVER):
                continue
            self.seen.add(path)
            self.waiting.setdefault(_route(path), deque()).append((len(self.seen), path, on))

    def next(self) -> tuple[str, str] | None:
        """A waiting link to the route followed fewest times (under PER_ROUTE), the first found of those."""
        routes = [r for r, links in self.waiting.items() if links and self.visits.get(r, 0) < PER_ROUTE]
        if not routes:
            return None
        route = min(routes, key=lambda r: (self.visits.get(r, 0), self.waiting[r][0][0]))
        _n, path, on = self.waiting[route].popleft()
        self.visits[route] = self.visits.get(route, 0) + 1
        self.visited[path] = on
        return path, on


def _walk(page: Any, origin: str, username: str, seen: set[str]) -> Crawl:
    # While signing in, the pages' styles, scripts, fonts and images are not fetched (they add no link;
    # test_frontend.py checks them); nothing is intercepted afterwards.
    page.route("**/static/**", lambda route: route.abort())
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    give_code(page, username)
    page.wait_for_url(f"{origin}/")
    page.unroute_all()
    crawl = Crawl(origin, seen)
    crawl.visited["/"] = "the sign-in form"
    seen.add("/")
    crawl.found(page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"), "/")
    while len(crawl.visited) < PAGES_PER_PERSONA:
        batch = []
        while len(batch) < min(BATCH, PAGES_PER_PERSONA - len(crawl.visited)) and (link := crawl.next()) is not None:
            batch.append(link)
        if not batch:
            break
        for (path, on), (status, hrefs) in zip(batch, page.evaluate(FOLLOW, [path for path, _on in batch]), strict=True):
            if status >= 400:
                crawl.dead.append(f"{username}: {path} answered {status} (linked from {on})")
            crawl.found(hrefs, path)
    return crawl


def test_every_persona_follows_every_link_it_reaches(browser: Any, live_server: Any, demo: None) -> None:
    dead: list[str] = []
    kinds: set[str] = set()
    seen_by: dict[tuple[str, str], set[str]] = {}  # (role, employer) -> the addresses its personas found
    for persona in LOGINS:
        context = browser.new_context(base_url=live_server.url)
        try:
            seen = seen_by.setdefault((persona.role, persona.organisation or persona.crc or persona.prison or persona.nps_division), set())
            first = not seen
            crawl = _walk(context.new_page(), live_server.url, persona.username, seen)
        finally:
            context.close()
        if first:
            assert len(crawl.visited) >= 10, f"{persona.username} reached only {list(crawl.visited)}"
        dead += crawl.dead
        kinds |= set(crawl.visits)
    assert not dead, f"{len(dead)} dead link(s):\n" + "\n".join(dead)
    # A guard on the guard: the walk reaches most kinds of page of the service, not just the home pages.
    assert len(kinds) >= 75, sorted(kinds)
