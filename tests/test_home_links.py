"""Every link on each role's home page leads somewhere that role may go: a home page promises only
what exists (issue 18). A link to a route that answers 404 (or 403, or 405) for that role fails."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from conftest import ALL_ROLES

HREF = re.compile(r'href="(/[^"#]*)')
OUTSIDE = ("/static/", "/admin/", "/accounts/logout")


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_home_page_link_answers_for_its_role(role: str, client_for: Any) -> None:
    client = client_for(role)
    page = client.get(reverse("home")).content.decode()
    # The page's own links: its tasks, sections and intro (the navigation is the access matrix's and the link crawl's).
    page = page[page.index("<main") : page.index("</main>")]
    links = sorted({h.replace("&amp;", "&") for h in HREF.findall(page) if not h.startswith(OUTSIDE)})
    assert links, f"the {role} home page has no links"
    dead = [(href, status) for href in links if (status := client.get(href).status_code) not in (200, 302)]
    assert not dead, f"{role}'s home page links to pages it cannot reach: {dead}"
