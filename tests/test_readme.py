"""The README's "Demo logins" and the demo agree (issue 16): every persona in its table is one the demo
makes, and `load_demo` prints exactly the accounts the README names (the table, the integration account
and the contract managers of the generated estate), with the roles and employers the table gives."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from ttg.accounts.constants import Role
from ttg.demo.personas import LOGINS, PERSONA_BY_ROLE

README = Path(__file__).resolve().parents[1] / "README.md"


def _logins_section() -> str:
    text = README.read_text()
    start = text.index("## Demo logins")
    return text[start : text.index("\n## ", start + 1)]


def _table() -> list[tuple[str, str, str, str]]:
    """(username, name, role, works for) of each row of the README's table."""
    return [
        (username, name, role, works_for)
        for username, name, role, works_for in re.findall(r"^\| `([^`]+)` \| ([^|]+?) \| ([^|]+?) \| ([^|]+?) \|$", _logins_section(), re.M)
    ]


def test_the_readme_table_lists_every_demo_login_in_order() -> None:
    assert [(u, n, r) for u, n, r, _w in _table()] == [(p.username, p.name, str(Role(p.role).label)) for p in LOGINS]


@pytest.mark.django_db
def test_load_demo_prints_the_accounts_the_readme_names(tmp_path: Path, personas: dict[str, Any]) -> None:
    # As `make run` does: the generated demo-scale estate adds its contract managers.
    call_command("generate_national", scale="demo", seed=1, out=str(tmp_path / "feed.csv"), stdout=io.StringIO())
    call_command("load_estate", str(tmp_path / "feed.estate.json"), stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    printed = {m[0]: m[1] for m in re.findall(r"^  (\S+)\s+(.*)$", out.getvalue(), re.M)}

    section = _logins_section()
    named = set(re.findall(r"`([a-z]+\.[a-z0-9]+)`", section))
    assert set(printed) == named  # nothing printed that the README does not name, and the reverse
    for username, name, role, works_for in _table():
        employer = works_for.split(" (")[0]  # the table adds which CRCs a contract manager manages
        assert re.match(rf"{re.escape(role)}\s+{re.escape(name)}\s+{re.escape(employer)}$", printed[username]), username
    feed = PERSONA_BY_ROLE[Role.INTEGRATION].username
    assert printed[feed].startswith("Integration account") and "Authorization: Token " in printed[feed]
    assert {u for u in printed if u.startswith("cm.")} == {"cm.01", "cm.02"}
    assert all("no password" in printed[u] for u in ("cm.01", "cm.02"))
