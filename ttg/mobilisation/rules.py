"""Mobilisation and readiness (R-M1 to R-M4): the plan's and the readiness's state machines as data,
the go-live date rule, what a plan must hold before it is submitted, and what changed between two
submitted versions. Pure functions over plain values: no Django, no database, no clock.

Roles are their plain codes ("crc_manager", "contract_manager", "governor", "partner_caseworker"),
as in `ttg.accounts.constants.Role`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ttg.core.rules import Decision, Rule, format_date, only_version, register_rules

RULES: tuple[Rule, ...] = register_rules(
    (
        Rule(
            id="R-M1",
            title="What a mobilisation plan holds",
            value="per CRC and prison: staff to recruit, space and access to prisoners, partners relied on with their commitments, and risks with actions; each section has at least one row before the plan is submitted",
            in_force_from=None,
            source="Service brief R-M1",
        ),
        Rule(
            id="R-M2",
            title="Plan sign-off",
            value="the CRC manager submits; the HMPPS contract manager signs the plan off against every item of the checklist, or returns it with comments; each submission is kept as a version",
            in_force_from=None,
            source="Service brief R-M2",
        ),
        Rule(
            id="R-M3",
            title="Readiness and go-live",
            value="with the plan signed off the CRC declares a prison ready from a date; the governor agrees or disagrees with reasons; HMPPS signs off a go-live date on or after that date and no later than 1 April 2019, which becomes the prison's go-live date",
            in_force_from=None,
            source="Service brief R-M3",
        ),
        Rule(
            id="R-M4",
            title="Partner transparency",
            value="an organisation named in a submitted plan sees only its own commitments and confirms or disputes that it was engaged, with a reason for a dispute; organisations named in a bid but never contracted see that they were",
            in_force_from=None,
            source="Service brief R-M4",
        ),
    ),
    part="Mobilisation rules",
)

LATEST_GO_LIVE = date(2019, 4, 1)  # R-M3: the enhanced specification is live everywhere by then

CRC_MANAGER, CONTRACT_MANAGER, GOVERNOR, PARTNER = "crc_manager", "contract_manager", "governor", "partner_caseworker"
ROLE_WORDS = {
    CRC_MANAGER: "the CRC manager",
    CONTRACT_MANAGER: "the HMPPS contract manager",
    GOVERNOR: "the prison's governor",
    PARTNER: "the partner organisation",
}

# The plan's states and the readiness's states, in words.
DRAFT, SUBMITTED, RETURNED, SIGNED_OFF = "draft", "submitted", "returned", "signed_off"
NOT_DECLARED, DECLARED, AGREED, DISAGREED, READY = "not_declared", "declared", "governor_agreed", "governor_disagreed", "signed_off"
STATE_WORDS = {
    DRAFT: "a draft",
    SUBMITTED: "submitted",
    RETURNED: "returned to the CRC",
    SIGNED_OFF: "signed off",
    NOT_DECLARED: "not declared ready",
    DECLARED: "declared ready by the CRC",
    AGREED: "agreed by the governor",
    DISAGREED: "disagreed by the governor",
}
READINESS_WORDS = {**STATE_WORDS, READY: "signed off by HMPPS"}


@dataclass(frozen=True)
class Transition:
    action: str
    words: str  # what it does, in words
    role: str
    from_states: tuple[str, ...]
    to_state: str
    rule: str


# R-M2: the plan. Editing is only in a draft or a returned plan.
PLAN_TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", "submit the plan", CRC_MANAGER, (DRAFT, RETURNED), SUBMITTED, "R-M2"),
    Transition("return", "return the plan with comments", CONTRACT_MANAGER, (SUBMITTED,), RETURNED, "R-M2"),
    Transition("sign_off", "sign the plan off", CONTRACT_MANAGER, (SUBMITTED,), SIGNED_OFF, "R-M2"),
    Transition("revise", "start a new version of a signed-off plan", CRC_MANAGER, (SIGNED_OFF,), DRAFT, "R-M2"),
)
EDITABLE = (DRAFT, RETURNED)

# R-M3: readiness at a prison. A governor's disagreement sends it back for the CRC to declare again.
READINESS_TRANSITIONS: tuple[Transition, ...] = (
    Transition("declare", "declare the prison ready", CRC_MANAGER, (NOT_DECLARED, DISAGREED), DECLARED, "R-M3"),
    Transition("agree", "agree the prison is ready", GOVERNOR, (DECLARED,), AGREED, "R-M3"),
    Transition("disagree", "disagree that the prison is ready", GOVERNOR, (DECLARED,), DISAGREED, "R-M3"),
    Transition("sign_off", "sign readiness off and set the go-live date", CONTRACT_MANAGER, (AGREED,), READY, "R-M3"),
    Transition("move", "move the go-live date", CONTRACT_MANAGER, (READY,), READY, "R-M3"),
)


def _cite(rule_id: str) -> str:
    return only_version(rule_id, RULES).citation


def _find(table: Sequence[Transition], action: str) -> Transition:
    for t in table:
        if t.action == action:
            return t
    raise KeyError(action)


def _transition(table: Sequence[Transition], words: Mapping[str, str], state: str, action: str, role: str) -> Decision[str | None]:
    t = _find(table, action)
    cite = _cite(t.rule)
    if role != t.role:
        return Decision(None, (f"Only {ROLE_WORDS[t.role]} may {t.words} ({cite}).",))
    if state not in t.from_states:
        allowed = " or ".join(words[s] for s in t.from_states)
        return Decision(None, (f"You can {t.words} only when it is {allowed}; it is {words[state]} ({cite}).",))
    return Decision(
        t.to_state,
        (
            f"{ROLE_WORDS[t.role][:1].upper()}{ROLE_WORDS[t.role][1:]} may {t.words} when it is {words[state]}: it becomes {words[t.to_state]} ({cite}).",
        ),
    )


def plan_transition(state: str, action: str, role: str) -> Decision[str | None]:
    """R-M2: the plan's state after `role` does `action` to a plan in `state`; None when refused."""
    return _transition(PLAN_TRANSITIONS, STATE_WORDS, state, action, role)


def readiness_transition(state: str, action: str, role: str) -> Decision[str | None]:
    """R-M3: the readiness's state after `role` does `action`; None when refused."""
    return _transition(READINESS_TRANSITIONS, READINESS_WORDS, state, action, role)


# R-M2: what the contract manager checks before signing a plan off.
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("staff", "Staff to recruit are named by role and employer, with numbers planned and in post"),
    ("space", "Space in the prison and access to prisoners (rooms, wings, regime times, keys, clearance) are agreed or have an action"),
    ("partners", "Each partner relied on is named, with the services, money, FTE and dates committed to it"),
    ("risks", "Each risk has an action and an owner"),
)
SECTIONS = ("staff", "space", "partners", "risks")
SECTION_WORDS = {
    "staff": "Staff to recruit",
    "space": "Space and access",
    "partners": "Partners and commitments",
    "risks": "Risks and actions",
}


def sign_off_checklist(ticked: Sequence[str]) -> Decision[bool]:
    """R-M2: a plan is signed off only with every checklist item ticked."""
    missing = [text for key, text in CHECKLIST if key not in ticked]
    if missing:
        return Decision(False, tuple(f"Not checked: {text} ({_cite('R-M2')})." for text in missing))
    return Decision(True, (f"Every item of the checklist is checked ({_cite('R-M2')}).",))


def plan_complete(content: Mapping[str, Sequence[Any]]) -> Decision[bool]:
    """R-M1: every section has at least one row before the plan is submitted."""
    empty = [SECTION_WORDS[s] for s in SECTIONS if not content.get(s)]
    if empty:
        return Decision(False, tuple(f"{name} has nothing in it yet ({_cite('R-M1')})." for name in empty))
    return Decision(True, (f"Every section of the plan has something in it ({_cite('R-M1')}).",))


def go_live_date_allowed(go_live_on: date, *, ready_from: date | None) -> Decision[bool]:
    """R-M3: a go-live date is on or after the day the CRC declared itself ready from, and no later than 1 April 2019."""
    cite = _cite("R-M3")
    if go_live_on > LATEST_GO_LIVE:
        return Decision(False, (f"The go-live date must be no later than {format_date(LATEST_GO_LIVE)} ({cite}).",))
    if ready_from is not None and go_live_on < ready_from:
        return Decision(
            False, (f"The go-live date must be on or after {format_date(ready_from)}, when the CRC said it would be ready ({cite}).",)
        )
    return Decision(True, (f"{format_date(go_live_on)} is no later than {format_date(LATEST_GO_LIVE)} ({cite}).",))


def ready_from_allowed(ready_from: date) -> Decision[bool]:
    """R-M3: the CRC declares itself ready from a day no later than 1 April 2019."""
    if ready_from > LATEST_GO_LIVE:
        return Decision(False, (f"The prison must be ready by {format_date(LATEST_GO_LIVE)} ({_cite('R-M3')}).",))
    return Decision(True, (f"Ready from {format_date(ready_from)} ({_cite('R-M3')}).",))


def dispute_allowed(*, disputed: bool, reason: str) -> Decision[bool]:
    """R-M4: a partner disputes a commitment only with a reason; confirming needs none."""
    if disputed and not reason.strip():
        return Decision(False, (f"Say why you dispute it ({_cite('R-M4')}).",))
    return Decision(True, (f"The organisation answers for its own commitment ({_cite('R-M4')}).",))


# What changed between two versions. A row is known by its key; the same key with other values is a change.
KEYS: dict[str, tuple[str, ...]] = {
    "staff": ("role", "employer"),
    "space": ("kind", "description"),
    "partners": ("organisation", "services"),
    "risks": ("risk",),
}


def row_words(section: str, row: Mapping[str, Any]) -> str:
    """One row of a section in words."""
    if section == "staff":
        return f"{row['role']} ({row['employer']}): {row['planned']} planned, {row['in_post']} in post"
    if section == "space":
        person = f" for {row['person']}" if row.get("person") else ""
        return f"{row['kind_words']}: {row['description']}{person} ({'agreed' if row.get('agreed') else 'not yet agreed'})"
    if section == "partners":
        whole, part = divmod(int(row["money_pence"]), 100)
        pounds = f"£{whole:,}" + (f".{part:02d}" if part else "")
        until = f" to {format_date(date.fromisoformat(row['ends_on']))}" if row.get("ends_on") else ""
        return f"{row['organisation']}: {row['services']}, {pounds}, {row['fte']} FTE, from {format_date(date.fromisoformat(row['starts_on']))}{until}"
    owner = f", owned by {row['owner']}" if row.get("owner") else ""
    return f"{row['risk']}: {row['action']}{owner}"


def changes(old: Mapping[str, Sequence[Mapping[str, Any]]] | None, new: Mapping[str, Sequence[Mapping[str, Any]]]) -> list[str]:
    """What changed from `old` (the last submitted version; None for none) to `new`, in words, section by section."""
    if old is None:
        return ["This is the first version: there is nothing to compare it with."]
    out: list[str] = []
    for section in SECTIONS:
        key = KEYS[section]
        before = {tuple(r.get(k) for k in key): r for r in old.get(section, ())}
        after = {tuple(r.get(k) for k in key): r for r in new.get(section, ())}
        name = SECTION_WORDS[section]
        for k, row in after.items():
            if k not in before:
                out.append(f"{name}: added {row_words(section, row)}.")
            elif row_words(section, before[k]) != row_words(section, row):
                out.append(f"{name}: changed from {row_words(section, before[k])} to {row_words(section, row)}.")
        out.extend(f"{name}: removed {row_words(section, row)}." for k, row in before.items() if k not in after)
    return out or ["Nothing changed since the last version."]
