"""docs/rules.md describes exactly the rules in RULES: same ids, in-force dates, sources and settings."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from ttg.screening.rules import RULES, Rule, format_date

DOC = Path(__file__).resolve().parents[3] / "docs" / "rules.md"
START = "start of the service"
NO_SETTING = "—"
COLUMNS = ["Id", "Decides", "Value", "In force from", "Source", "Setting"]

Row = tuple[str, str, str, str]  # id, in force from, source, setting


def table_rows(markdown: str) -> list[Row]:
    """The rows of the table under "## Rule table"."""
    section = markdown.split("\n## Rule table\n", 1)
    assert len(section) == 2, "docs/rules.md has no '## Rule table' section"
    body = section[1].split("\n## ", 1)[0]
    lines = [line.strip() for line in body.splitlines() if line.strip().startswith("|")]
    assert lines, "the rule table is empty"
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header == COLUMNS, f"rule table columns are {header}, expected {COLUMNS}"
    rows = []
    for line in lines[2:]:  # after the header and its |---| line
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert len(cells) == len(COLUMNS), f"rule table row has {len(cells)} cells: {line}"
        rule_id, _decides, _value, in_force, source, setting = cells
        rows.append((rule_id, in_force, source, setting))
    return rows


def row_for(rule: Rule) -> Row:
    in_force = format_date(rule.in_force_from) if rule.in_force_from else START
    return (rule.id, in_force, rule.source, rule.setting or NO_SETTING)


def sections(markdown: str) -> list[str]:
    """The rule ids with a "### <id>" heading explaining how the rule is read."""
    return re.findall(r"^### (\S+)\s*$", markdown, flags=re.MULTILINE)


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def test_every_rule_in_the_code_is_in_the_doc(doc: str) -> None:
    listed = Counter(table_rows(doc))
    missing = [row for row in (row_for(r) for r in RULES) if listed[row] == 0]
    assert not missing, f"docs/rules.md lacks these rules (id, in force from, source, setting): {missing}"


def test_the_doc_lists_no_rule_the_code_lacks(doc: str) -> None:
    code = Counter(row_for(r) for r in RULES)
    extra = [row for row in table_rows(doc) if code[row] == 0]
    assert not extra, f"docs/rules.md lists rules that RULES does not have (or with other dates, sources or settings): {extra}"
    assert Counter(table_rows(doc)) == code, "docs/rules.md lists a rule twice"


def test_every_rule_id_is_explained_and_no_other(doc: str) -> None:
    ids = {r.id for r in RULES}
    headings = sections(doc)
    assert sorted(headings) == sorted(ids), f"'### id' sections {headings} do not match the rule ids {sorted(ids)}"


def test_every_setting_is_named_in_the_doc(doc: str) -> None:
    for name in ("TTG_BCST2_WORKING_DAYS", "TTG_HANDOVER_WORKING_DAYS", "TTG_DUE_SOON_HOURS", "TTG_DUE_SOON_WORKING_DAYS"):
        assert name in doc


def test_unsourced_rules_have_settings() -> None:
    # facts.md: a value marked unsourced must be a setting, never a literal.
    for rule in RULES:
        assert ("unsourced" in rule.source.lower()) == (rule.setting is not None), rule


def test_the_parser_sees_a_wrong_date() -> None:
    table = "## Rule table\n\n| " + " | ".join(COLUMNS) + " |\n|---|---|---|---|---|---|\n| T1 | x | y | 2 October 2018 | s | — |\n"
    assert table_rows("intro\n" + table) == [("T1", "2 October 2018", "s", "—")]
    assert row_for(RULES[0]) not in table_rows("intro\n" + table)
