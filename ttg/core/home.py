"""Home pages (design/ui.md, "Home pages by role"): the mechanism only.

Each role's home page answers "what do I need to do now?" first: the tasks waiting for the user, each a
count with a link to where the work is, most pressing first (overdue, then due, then waiting; those with
nothing in them last). Then sections: the pages they can reach. Last, what their work is (the intro's lead)
and what they may see. Apps register all of these from their own `home.py` in `AppConfig.ready()`:
accounts the intro of each role, every other app its own tasks and sections, placed by an order number
(lower first). A builder returns nothing for a user it has nothing for, and each asks a fixed number of
queries.
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


# How pressing a task is: orders the list and colours its count (design/ui.md: overdue red, due soon yellow).
OVERDUE, DUE, WAITING = 0, 1, 2


@dataclass
class Task:
    """Something waiting for the user, counted, with a link to where it is done."""

    text: str
    count: int
    href: str
    hint: str = ""
    urgency: int = WAITING


@dataclass
class Home:
    title: str
    lead: str
    sees: str
    tasks: list[Task] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


Intro = Callable[[Any], Home]
Sections = Callable[[Any], list[Section]]
Tasks = Callable[[Any], list[Task]]

# Role -> its home page's intro (title, lead, what the user sees), without sections.
INTROS: dict[str, Intro] = {}
# (order, builder): every app's sections, in order.
SECTIONS: list[tuple[int, Sections]] = []
# (order, builder): every app's tasks, in order.
TASKS: list[tuple[int, Tasks]] = []


def register_intro(role: str, intro: Intro) -> None:
    INTROS[role] = intro


def register_sections(order: int, builder: Sections) -> None:
    """Add an app's home-page sections; `order` places them among other apps' (lower first)."""
    if all(b is not builder for _, b in SECTIONS):
        SECTIONS.append((order, builder))
        SECTIONS.sort(key=lambda pair: pair[0])


def register_tasks(order: int, builder: Tasks) -> None:
    """Add an app's tasks; `order` places them among other apps' of the same urgency (lower first)."""
    if all(b is not builder for _, b in TASKS):
        TASKS.append((order, builder))
        TASKS.sort(key=lambda pair: pair[0])


def home_for(user: Any) -> Home:
    intro = INTROS.get(user.role)
    if intro is None:
        raise ValueError(f"No home page for role {user.role!r}")
    home = intro(user)
    tasks = [task for _, builder in TASKS for task in builder(user)]
    # Most pressing first; a task with nothing in it after every task with something (sorted is stable).
    home.tasks = sorted(tasks, key=lambda task: (task.count == 0, task.urgency))
    for _, builder in SECTIONS:
        home.sections.extend(builder(user))
    return home
