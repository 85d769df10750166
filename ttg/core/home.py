"""Home pages (design/ui.md, "Home pages by role"): the mechanism only.

Each role's home page opens with what its work is (its intro: title, lead and what it sees), then
sections — what waits for the user, in counts, and the pages they can reach. Apps register both
from their own `home.py` in `AppConfig.ready()`: accounts the intro of each role, every other app
its own sections, placed by an order number (lower first). A section builder returns nothing for a
user it has nothing for, and each asks a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Row:
    text: str
    href: str = ""
    hint: str = ""


@dataclass
class Section:
    heading: str
    rows: list[Row] = field(default_factory=list)
    empty: str = ""


@dataclass
class Home:
    title: str
    lead: str
    sees: str
    sections: list[Section] = field(default_factory=list)


Intro = Callable[[Any], Home]
Sections = Callable[[Any], list[Section]]

# Role -> its home page's intro (title, lead, what the user sees), without sections.
INTROS: dict[str, Intro] = {}
# (order, builder): every app's sections, in order.
SECTIONS: list[tuple[int, Sections]] = []


def register_intro(role: str, intro: Intro) -> None:
    INTROS[role] = intro


def register_sections(order: int, builder: Sections) -> None:
    """Add an app's home-page sections; `order` places them among other apps' (lower first)."""
    if all(b is not builder for _, b in SECTIONS):
        SECTIONS.append((order, builder))
        SECTIONS.sort(key=lambda pair: pair[0])


def home_for(user: Any) -> Home:
    intro = INTROS.get(user.role)
    if intro is None:
        raise ValueError(f"No home page for role {user.role!r}")
    home = intro(user)
    for _, builder in SECTIONS:
        home.sections.extend(builder(user))
    return home
