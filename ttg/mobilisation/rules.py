"""Mobilisation and readiness (R-M1 to R-M4): the plan's and the readiness's state machines as data,
the go-live date rule, what a plan must hold before it is submitted, and what changed between two
submitted versions. Pure functions over plain values: no Django, no database, no clock.

Roles are their plain codes ("crc_manager", "contract_manager", "governor", "partner_caseworker"),
as in `ttg.accounts.constants.Role`.

The reasons and words are in the reader's language (issue 22, docs/welsh.md): whole sentences through `_`
and `ngettext`, one for each transition (Welsh orders the words differently); the words kept in constants
(states, sections, the checklist) are marked with `gettext_noop` and translated where they are read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ttg.core.rules import Decision, Rule, _, format_date, gettext_noop, only_version, register_rules

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

# The plan's states and the readiness's states, in words (English; translated where read: `_(STATE_WORDS[state])`).
DRAFT, SUBMITTED, RETURNED, SIGNED_OFF = "draft", "submitted", "returned", "signed_off"
NOT_DECLARED, DECLARED, AGREED, DISAGREED, READY = "not_declared", "declared", "governor_agreed", "governor_disagreed", "signed_off"
STATE_WORDS = {
    DRAFT: gettext_noop("a draft"),
    SUBMITTED: gettext_noop("submitted"),
    RETURNED: gettext_noop("returned to the CRC"),
    SIGNED_OFF: gettext_noop("signed off"),
    NOT_DECLARED: gettext_noop("not declared ready"),
    DECLARED: gettext_noop("declared ready by the CRC"),
    AGREED: gettext_noop("agreed by the governor"),
    DISAGREED: gettext_noop("disagreed by the governor"),
}
READINESS_WORDS = {**STATE_WORDS, READY: gettext_noop("signed off by HMPPS")}


@dataclass(frozen=True)
class Transition:
    """One step of a state machine: who may take it, from which states, to which. Its reasons are whole
    sentences (marked for translation, translated when a decision is made; %(state)s is the state it is in):
    `only` when someone else tries, `when` from another state, `may` when it is allowed."""

    action: str
    role: str
    from_states: tuple[str, ...]
    to_state: str
    rule: str
    only: str
    when: str
    may: str


# R-M2: the plan. Editing is only in a draft or a returned plan.
PLAN_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "submit",
        CRC_MANAGER,
        (DRAFT, RETURNED),
        SUBMITTED,
        "R-M2",
        only=gettext_noop("Only the CRC manager may submit the plan (%(rule)s)."),
        when=gettext_noop("You can submit the plan only when it is a draft or returned to the CRC; it is %(state)s (%(rule)s)."),
        may=gettext_noop("The CRC manager may submit the plan when it is %(state)s: it becomes submitted (%(rule)s)."),
    ),
    Transition(
        "return",
        CONTRACT_MANAGER,
        (SUBMITTED,),
        RETURNED,
        "R-M2",
        only=gettext_noop("Only the HMPPS contract manager may return the plan with comments (%(rule)s)."),
        when=gettext_noop("You can return the plan with comments only when it is submitted; it is %(state)s (%(rule)s)."),
        may=gettext_noop(
            "The HMPPS contract manager may return the plan with comments when it is submitted: it becomes returned to the CRC (%(rule)s)."
        ),
    ),
    Transition(
        "sign_off",
        CONTRACT_MANAGER,
        (SUBMITTED,),
        SIGNED_OFF,
        "R-M2",
        only=gettext_noop("Only the HMPPS contract manager may sign the plan off (%(rule)s)."),
        when=gettext_noop("You can sign the plan off only when it is submitted; it is %(state)s (%(rule)s)."),
        may=gettext_noop("The HMPPS contract manager may sign the plan off when it is submitted: it becomes signed off (%(rule)s)."),
    ),
    Transition(
        "revise",
        CRC_MANAGER,
        (SIGNED_OFF,),
        DRAFT,
        "R-M2",
        only=gettext_noop("Only the CRC manager may start a new version of a signed-off plan (%(rule)s)."),
        when=gettext_noop("You can start a new version of a signed-off plan only when it is signed off; it is %(state)s (%(rule)s)."),
        may=gettext_noop(
            "The CRC manager may start a new version of a signed-off plan when it is signed off: it becomes a draft (%(rule)s)."
        ),
    ),
)
EDITABLE = (DRAFT, RETURNED)

# R-M3: readiness at a prison. A governor's disagreement sends it back for the CRC to declare again.
READINESS_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "declare",
        CRC_MANAGER,
        (NOT_DECLARED, DISAGREED),
        DECLARED,
        "R-M3",
        only=gettext_noop("Only the CRC manager may declare the prison ready (%(rule)s)."),
        when=gettext_noop(
            "You can declare the prison ready only when it is not declared ready or disagreed by the governor; it is %(state)s (%(rule)s)."
        ),
        may=gettext_noop(
            "The CRC manager may declare the prison ready when it is %(state)s: it becomes declared ready by the CRC (%(rule)s)."
        ),
    ),
    Transition(
        "agree",
        GOVERNOR,
        (DECLARED,),
        AGREED,
        "R-M3",
        only=gettext_noop("Only the prison's governor may agree the prison is ready (%(rule)s)."),
        when=gettext_noop("You can agree the prison is ready only when it is declared ready by the CRC; it is %(state)s (%(rule)s)."),
        may=gettext_noop(
            "The prison's governor may agree the prison is ready when it is declared ready by the CRC: it becomes agreed by the governor (%(rule)s)."
        ),
    ),
    Transition(
        "disagree",
        GOVERNOR,
        (DECLARED,),
        DISAGREED,
        "R-M3",
        only=gettext_noop("Only the prison's governor may disagree that the prison is ready (%(rule)s)."),
        when=gettext_noop(
            "You can disagree that the prison is ready only when it is declared ready by the CRC; it is %(state)s (%(rule)s)."
        ),
        may=gettext_noop(
            "The prison's governor may disagree that the prison is ready when it is declared ready by the CRC: it becomes disagreed by the "
            "governor (%(rule)s)."
        ),
    ),
    Transition(
        "sign_off",
        CONTRACT_MANAGER,
        (AGREED,),
        READY,
        "R-M3",
        only=gettext_noop("Only the HMPPS contract manager may sign readiness off and set the go-live date (%(rule)s)."),
        when=gettext_noop(
            "You can sign readiness off and set the go-live date only when it is agreed by the governor; it is %(state)s (%(rule)s)."
        ),
        may=gettext_noop(
            "The HMPPS contract manager may sign readiness off and set the go-live date when it is agreed by the governor: it becomes "
            "signed off by HMPPS (%(rule)s)."
        ),
    ),
    Transition(
        "move",
        CONTRACT_MANAGER,
        (READY,),
        READY,
        "R-M3",
        only=gettext_noop("Only the HMPPS contract manager may move the go-live date (%(rule)s)."),
        when=gettext_noop("You can move the go-live date only when it is signed off by HMPPS; it is %(state)s (%(rule)s)."),
        may=gettext_noop(
            "The HMPPS contract manager may move the go-live date when it is signed off by HMPPS: it becomes signed off by HMPPS (%(rule)s)."
        ),
    ),
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
        return Decision(None, (_(t.only) % {"rule": cite},))
    filled = {"state": _(words[state]), "rule": cite}
    if state not in t.from_states:
        return Decision(None, (_(t.when) % filled,))
    return Decision(t.to_state, (_(t.may) % filled,))


def plan_transition(state: str, action: str, role: str) -> Decision[str | None]:
    """R-M2: the plan's state after `role` does `action` to a plan in `state`; None when refused."""
    return _transition(PLAN_TRANSITIONS, STATE_WORDS, state, action, role)


def readiness_transition(state: str, action: str, role: str) -> Decision[str | None]:
    """R-M3: the readiness's state after `role` does `action`; None when refused."""
    return _transition(READINESS_TRANSITIONS, READINESS_WORDS, state, action, role)


# R-M2: what the contract manager checks before signing a plan off (the words translated where read).
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("staff", gettext_noop("Staff to recruit are named by role and employer, with numbers planned and in post")),
    (
        "space",
        gettext_noop(
            "Space in the prison and access to prisoners (rooms, wings, regime times, keys, clearance) are agreed or have an action"
        ),
    ),
    ("partners", gettext_noop("Each partner relied on is named, with the services, money, FTE and dates committed to it")),
    ("risks", gettext_noop("Each risk has an action and an owner")),
)
SECTIONS = ("staff", "space", "partners", "risks")
SECTION_WORDS = {
    "staff": gettext_noop("Staff to recruit"),
    "space": gettext_noop("Space and access"),
    "partners": gettext_noop("Partners and commitments"),
    "risks": gettext_noop("Risks and actions"),
}
# R-M1: a section with nothing in it, one sentence each.
_EMPTY_SECTION = {
    "staff": gettext_noop("Staff to recruit has nothing in it yet (%(rule)s)."),
    "space": gettext_noop("Space and access has nothing in it yet (%(rule)s)."),
    "partners": gettext_noop("Partners and commitments has nothing in it yet (%(rule)s)."),
    "risks": gettext_noop("Risks and actions has nothing in it yet (%(rule)s)."),
}


def sign_off_checklist(ticked: Sequence[str]) -> Decision[bool]:
    """R-M2: a plan is signed off only with every checklist item ticked."""
    cite = _cite("R-M2")
    missing = [text for key, text in CHECKLIST if key not in ticked]
    if missing:
        return Decision(False, tuple(_("Not checked: %(item)s (%(rule)s).") % {"item": _(text), "rule": cite} for text in missing))
    return Decision(True, (_("Every item of the checklist is checked (%(rule)s).") % {"rule": cite},))


def plan_complete(content: Mapping[str, Sequence[Any]]) -> Decision[bool]:
    """R-M1: every section has at least one row before the plan is submitted."""
    cite = _cite("R-M1")
    empty = [s for s in SECTIONS if not content.get(s)]
    if empty:
        return Decision(False, tuple(_(_EMPTY_SECTION[s]) % {"rule": cite} for s in empty))
    return Decision(True, (_("Every section of the plan has something in it (%(rule)s).") % {"rule": cite},))


def go_live_date_allowed(go_live_on: date, *, ready_from: date | None) -> Decision[bool]:
    """R-M3: a go-live date is on or after the day the CRC declared itself ready from, and no later than 1 April 2019."""
    cite = _cite("R-M3")
    if go_live_on > LATEST_GO_LIVE:
        return Decision(
            False, (_("The go-live date must be no later than %(date)s (%(rule)s).") % {"date": format_date(LATEST_GO_LIVE), "rule": cite},)
        )
    if ready_from is not None and go_live_on < ready_from:
        return Decision(
            False,
            (
                _("The go-live date must be on or after %(date)s, when the CRC said it would be ready (%(rule)s).")
                % {"date": format_date(ready_from), "rule": cite},
            ),
        )
    return Decision(
        True,
        (
            _("%(date)s is no later than %(latest)s (%(rule)s).")
            % {"date": format_date(go_live_on), "latest": format_date(LATEST_GO_LIVE), "rule": cite},
        ),
    )


def ready_from_allowed(ready_from: date) -> Decision[bool]:
    """R-M3: the CRC declares itself ready from a day no later than 1 April 2019."""
    if ready_from > LATEST_GO_LIVE:
        return Decision(
            False, (_("The prison must be ready by %(date)s (%(rule)s).") % {"date": format_date(LATEST_GO_LIVE), "rule": _cite("R-M3")},)
        )
    return Decision(True, (_("Ready from %(date)s (%(rule)s).") % {"date": format_date(ready_from), "rule": _cite("R-M3")},))


def dispute_allowed(*, disputed: bool, reason: str) -> Decision[bool]:
    """R-M4: a partner disputes a commitment only with a reason; confirming needs none."""
    if disputed and not reason.strip():
        return Decision(False, (_("Say why you dispute it (%(rule)s).") % {"rule": _cite("R-M4")},))
    return Decision(True, (_("The organisation answers for its own commitment (%(rule)s).") % {"rule": _cite("R-M4")},))


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
        return _("%(role)s (%(employer)s): %(planned)s planned, %(in_post)s in post") % {
            "role": row["role"],
            "employer": row["employer"],
            "planned": row["planned"],
            "in_post": row["in_post"],
        }
    if section == "space":
        # The kind's label is stored in English (the plan's record); said in the reader's language.
        kind = row["kind_words"]
        said = {"kind": _(kind), "description": row["description"], "person": row.get("person")}
        if row.get("person"):
            words = (
                _("%(kind)s: %(description)s for %(person)s (agreed)")
                if row.get("agreed")
                else _("%(kind)s: %(description)s for %(person)s (not yet agreed)")
            )
        else:
            words = _("%(kind)s: %(description)s (agreed)") if row.get("agreed") else _("%(kind)s: %(description)s (not yet agreed)")
        return words % said
    if section == "partners":
        whole, part = divmod(int(row["money_pence"]), 100)
        said = {
            "organisation": row["organisation"],
            "services": row["services"],
            "money": f"£{whole:,}" + (f".{part:02d}" if part else ""),  # written the same way in Welsh
            "fte": row["fte"],
            "start": format_date(date.fromisoformat(row["starts_on"])),
        }
        if row.get("ends_on"):
            said["end"] = format_date(date.fromisoformat(row["ends_on"]))
            return _("%(organisation)s: %(services)s, %(money)s, %(fte)s FTE, from %(start)s to %(end)s") % said
        return _("%(organisation)s: %(services)s, %(money)s, %(fte)s FTE, from %(start)s") % said
    if row.get("owner"):
        return _("%(risk)s: %(action)s, owned by %(owner)s") % {"risk": row["risk"], "action": row["action"], "owner": row["owner"]}
    return f"{row['risk']}: {row['action']}"


def changes(old: Mapping[str, Sequence[Mapping[str, Any]]] | None, new: Mapping[str, Sequence[Mapping[str, Any]]]) -> list[str]:
    """What changed from `old` (the last submitted version; None for none) to `new`, in words, section by section."""
    if old is None:
        return [_("This is the first version: there is nothing to compare it with.")]
    out: list[str] = []
    for section in SECTIONS:
        key = KEYS[section]
        before = {tuple(r.get(k) for k in key): r for r in old.get(section, ())}
        after = {tuple(r.get(k) for k in key): r for r in new.get(section, ())}
        name = _(SECTION_WORDS[section])
        for k, row in after.items():
            if k not in before:
                out.append(_("%(section)s: added %(row)s.") % {"section": name, "row": row_words(section, row)})
            elif row_words(section, before[k]) != row_words(section, row):
                was, now = row_words(section, before[k]), row_words(section, row)
                out.append(_("%(section)s: changed from %(before)s to %(after)s.") % {"section": name, "before": was, "after": now})
        out.extend(
            _("%(section)s: removed %(row)s.") % {"section": name, "row": row_words(section, row)}
            for k, row in before.items()
            if k not in after
        )
    return out or [_("Nothing changed since the last version.")]
