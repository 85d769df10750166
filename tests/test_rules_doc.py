"""docs/rules.md describes exactly the rules of every rule table: same ids, in-force dates, sources and settings.

Every `rules.py` of the service that has a rule table registers it with `ttg.core.rules.register_rules`
under its part of the doc ("# Screening rules", "# Referral rules", ...). The doc has one part per
table, each with its own "## Rule table" and "### <id>" sections, checked against its table both ways:
every rule in the code is in the doc, and the doc has no rule, and no part, that the code lacks."""

from __future__ import annotations

import importlib
import re
from collections import Counter
from pathlib import Path

import pytest

from ttg.core.rules import RULE_TABLES, TABLE_PARTS, Rule, format_date
from ttg.screening.rules import RULES

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "rules.md"
# Every rules.py of the service, imported so that each registers its table.
RULES_MODULES = {
    ".".join(path.relative_to(ROOT).with_suffix("").parts): importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
    for path in sorted((ROOT / "ttg").rglob("rules.py"))
    if "tests" not in path.parts
}
START = "start of the service"
NO_SETTING = "—"
COLUMNS = ["Id", "Decides", "Value", "In force from", "Source", "Setting"]

Row = tuple[str, str, str, str]  # id, in force from, source, setting

# Each part of the doc (its "# " heading) and the rules it describes.
PARTS: dict[str, tuple[Rule, ...]] = dict(TABLE_PARTS)
SETTINGS = (
    "TTG_BCST2_WORKING_DAYS",
    "TTG_HANDOVER_WORKING_DAYS",
    "TTG_DUE_SOON_HOURS",
    "TTG_DUE_SOON_WORKING_DAYS",
    "TTG_WALES_HOUSING_REFERRAL_DAYS",
    "TTG_IMMEDIATE_NEED_WORKING_DAYS",
    "TTG_POST_RELEASE_OUTCOME_WEEKS",
    "TTG_CLAIM_ESCALATION_DAYS",
    "TTG_UNFUNDED_HOUR_VALUE_PENCE",
    "TTG_PURCHASE_MAX_UNITS",
    "TTG_PURCHASE_MAX_VALUE_PENCE",
    "TTG_NOTICE_REMINDER_WORKING_DAYS",
    "TTG_RETENTION_YEARS_AFTER_RELEASE",
    "TTG_STEWARDSHIP_AT_RISK_PERCENT",
    "TTG_HANDOVER_ALERT_WORKING_DAYS",
    "TTG_INSIGHTS_SUPPRESS_BELOW",
    "TTG_RELEASE_LIST_WEEKS",
    "TTG_INSIGHTS_BASELINE_COST_PER_PERSON_PENCE",
    "TTG_CASEWORKER_CAPACITY",
)


def part(markdown: str, title: str) -> str:
    """The text under "# <title>", up to the next "# " heading."""
    pieces = re.split(r"^# (.+?)\s*$", markdown, flags=re.MULTILINE)
    found = {pieces[i]: pieces[i + 1] for i in range(1, len(pieces) - 1, 2)}
    assert title in found, f"docs/rules.md has no '# {title}' part (it has {sorted(found)})"
    return found[title]


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


@pytest.mark.parametrize("title", PARTS)
def test_every_rule_in_the_code_is_in_the_doc(doc: str, title: str) -> None:
    listed = Counter(table_rows(part(doc, title)))
    missing = [row for row in (row_for(r) for r in PARTS[title]) if listed[row] == 0]
    assert not missing, f"docs/rules.md ({title}) lacks these rules (id, in force from, source, setting): {missing}"


@pytest.mark.parametrize("title", PARTS)
def test_the_doc_lists_no_rule_the_code_lacks(doc: str, title: str) -> None:
    code = Counter(row_for(r) for r in PARTS[title])
    rows = table_rows(part(doc, title))
    extra = [row for row in rows if code[row] == 0]
    assert not extra, f"docs/rules.md ({title}) lists rules that RULES does not have (or with other dates, sources or settings): {extra}"
    assert Counter(rows) == code, f"docs/rules.md ({title}) lists a rule twice"


@pytest.mark.parametrize("title", PARTS)
def test_every_rule_id_is_explained_and_no_other(doc: str, title: str) -> None:
    ids = {r.id for r in PARTS[title]}
    headings = sections(part(doc, title))
    assert sorted(headings) == sorted(ids), f"'### id' sections {headings} of '{title}' do not match the rule ids {sorted(ids)}"


def test_the_doc_has_no_other_part(doc: str) -> None:
    assert sorted(re.findall(r"^# (.+?)\s*$", doc, flags=re.MULTILINE)) == sorted(PARTS)


@pytest.mark.parametrize("module", sorted(RULES_MODULES))
def test_every_rule_table_of_a_rules_module_is_registered(module: str) -> None:
    table = getattr(RULES_MODULES[module], "RULES", None)
    assert table is None or any(t is table for t in RULE_TABLES), f"{module}.RULES is not registered with register_rules"


def test_the_referral_rules_are_described() -> None:
    assert {"R-R2", "R-R3", "R-R4"} <= {r.id for r in PARTS["Referral rules"]}


@pytest.mark.parametrize("name", SETTINGS)
def test_every_setting_is_named_in_the_doc(doc: str, name: str) -> None:
    assert name in doc


@pytest.mark.parametrize("title", PARTS)
def test_every_setting_of_a_rule_is_in_the_list(title: str) -> None:
    assert {r.setting for r in PARTS[title] if r.setting} <= set(SETTINGS)


@pytest.mark.parametrize("title", PARTS)
def test_unsourced_rules_have_settings(title: str) -> None:
    # facts.md: a value marked unsourced must be a setting, never a literal.
    for rule in PARTS[title]:
        assert ("unsourced" in rule.source.lower()) == (rule.setting is not None), rule


def test_the_parser_sees_a_wrong_date() -> None:
    table = "## Rule table\n\n| " + " | ".join(COLUMNS) + " |\n|---|---|---|---|---|---|\n| T1 | x | y | 2 October 2018 | s | — |\n"
    assert table_rows("intro\n" + table) == [("T1", "2 October 2018", "s", "—")]
    assert row_for(RULES[0]) not in table_rows("intro\n" + table)


def test_the_parts_are_told_apart() -> None:
    doc = "# A\n\n## Rule table\n\nx\n\n### T1\n\n# B\n\n### P1\n"
    assert sections(part(doc, "A")) == ["T1"]
    assert sections(part(doc, "B")) == ["P1"]
