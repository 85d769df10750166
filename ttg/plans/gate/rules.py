"""Through the gate, as pure rules: the pre-release review, the release checklist (its items as data, and
rules G1 and G2, registered under "Through-the-gate rules" in docs/rules.md), the outcomes on and after
release, and what may still change after release. Plain values in, a `Decision` with reasons in words out.

No Django here. The dates come from the plan rules (``rules.pre_release_review_opens`` for T5,
``rules.post_release_outcome_due`` for P12); this module decides what may be done on a given day.

The reasons are in the reader's language (issue 22, docs/welsh.md): whole sentences through `_` and
`ngettext`; the answers' and the items' states are marked with `gettext_noop` and translated where read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from ttg.core.pathways import PATHWAY_CODES, pathway
from ttg.core.rules import Decision, Rule, _, format_date, gettext_noop, ngettext, register_rules
from ttg.plans.catalogue.rules import is_welsh
from ttg.plans.plan import rules

READY, NOT_READY, NOT_APPLICABLE = "ready", "not_ready", "not_applicable"
REVIEW_ANSWERS = (READY, NOT_READY, NOT_APPLICABLE)
# In English as stored (the audit trail); a page translates them where it reads them, `_(REVIEW_ANSWER_LABELS[answer])`.
REVIEW_ANSWER_LABELS = {READY: gettext_noop("Ready"), NOT_READY: gettext_noop("Not ready"), NOT_APPLICABLE: gettext_noop("Not applicable")}

NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"

RELEASE_DAY, AFTER_RELEASE = "release_day", "after_release"
OUTCOME_KINDS = (RELEASE_DAY, AFTER_RELEASE)

AFTER_RELEASE_VISIBLE_WEEKS = 12  # TTG_AFTER_RELEASE_VISIBLE_WEEKS: unsourced


def review_pathways(plan_pathways: Iterable[str], need_pathways: Iterable[str]) -> tuple[str, ...]:
    """The pathways the review asks about: each pathway of the plan and each the person's needs name,
    in the order of the pathways (blank, for Level 1 activities across all pathways, is left out)."""
    wanted = {p for p in (*plan_pathways, *need_pathways) if p}
    unknown = sorted(wanted - set(PATHWAY_CODES))
    if unknown:
        raise ValueError(f"unknown pathways: {', '.join(unknown)}")
    return tuple(code for code in PATHWAY_CODES if code in wanted)


def review_open(release_date: date | None, today: date) -> Decision[bool]:
    """T5: the review can be done from 12 weeks before the person's current release date."""
    opens = rules.pre_release_review_opens(release_date, today)
    if opens.value is None:
        return Decision(False, opens.reasons)
    if today >= opens.value:
        return Decision(True, opens.reasons)
    return Decision(False, (_("The pre-release review is not open yet. %(why)s") % {"why": opens.reasons[0]},))


def check_answer(code: str, answer: str, note: str) -> Decision[bool]:
    """One pathway's answer: ready, not ready or not applicable; a note saying why when not ready."""
    # The pathway's name in the reader's language (marked for translation with the plan rules' reasons).
    name = _(pathway(code).name) if code in PATHWAY_CODES else code
    if answer not in REVIEW_ANSWERS:
        return Decision(False, (_("Select whether the person is ready on the %(pathway)s pathway.") % {"pathway": name},))
    if answer == NOT_READY and not note.strip():
        return Decision(
            False, (_("Say what is not ready on the %(pathway)s pathway and what is being done about it.") % {"pathway": name},)
        )
    return Decision(True, ())


def unanswered(pathways: Iterable[str], answers: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(p for p in pathways if not (answers.get(p) or {}).get("answer"))


def review_status(pathways: Iterable[str], answers: Mapping[str, Any], *, completed: bool) -> str:
    if completed:
        return COMPLETED
    return IN_PROGRESS if any((answers.get(p) or {}).get("answer") for p in pathways) else NOT_STARTED


def can_complete_review(release_date: date | None, today: date, pathways: Iterable[str], answers: Mapping[str, Any]) -> Decision[bool]:
    """Complete the review: only once it is open (T5), and with every pathway answered."""
    pathways = tuple(pathways)
    is_open = review_open(release_date, today)
    if not is_open.value:
        return is_open
    missing = unanswered(pathways, answers)
    if missing:
        names = [_(pathway(p).name) for p in missing]
        listed = rules._list_words(names)
        return Decision(
            False, (_("Answer every pathway before completing the review: %(pathways)s still to answer.") % {"pathways": listed},)
        )
    for code in pathways:
        entry = answers[code]
        ok = check_answer(code, entry.get("answer", ""), entry.get("note", ""))
        if not ok.value:
            return ok
    return Decision(True, (_("Every pathway answered."),))


def outcome_allowed(kind: str, *, release_date: date | None, released_on: date | None, today: date) -> Decision[bool]:
    """Release-day outcomes from the release date onwards; outcomes after release once the person is released."""
    if kind == RELEASE_DAY:
        day = released_on or release_date
        if day is None:
            return Decision(False, (_("Release-day outcomes can be recorded from the release date: no release date is recorded."),))
        if today < day:
            return Decision(
                False, (_("Release-day outcomes can be recorded from the release date, %(date)s.") % {"date": format_date(day)},)
            )
        return Decision(True, ())
    if kind == AFTER_RELEASE:
        if released_on is None:
            return Decision(False, (_("Outcomes after release can be recorded once the person has been released."),))
        return Decision(True, ())
    raise ValueError(f"unknown outcome kind {kind!r}")


def after_release_due(released_on: date | None, s: rules.PlanSettings) -> Decision[date | None]:
    """P12, or nothing before release."""
    if released_on is None:
        return Decision(None, (_("Outcomes are recorded again after release."),))
    due = rules.post_release_outcome_due(released_on, s)
    return Decision(due.value, due.reasons)


def visible_after_release_until(released_on: date, weeks: int) -> date:
    """The last day a released person stays visible to their CRC (TTG_AFTER_RELEASE_VISIBLE_WEEKS)."""
    if weeks < 0:
        raise ValueError("weeks must not be negative")
    return released_on + timedelta(weeks=weeks)


def released_on_or_after_to_be_visible(today: date, weeks: int) -> date:
    """The earliest release date still visible today: the inverse of `visible_after_release_until`."""
    return today - timedelta(weeks=weeks)


# --------------------------------------------------------------------------------------------------
# The release checklist (service brief U5, R-P5; issue 23 item 3): day one covered
# --------------------------------------------------------------------------------------------------

_U5 = "Service brief U5 (“Day-one essentials”: a release checklist stays open until each item is done or explained), R-P5"

RULES: tuple[Rule, ...] = register_rules(
    (
        Rule(
            id="G1",
            title="Release checklist due",
            value="opens with the pre-release review (rule T5); due by the day before the release date; overdue from the release "
            "date while any item is neither done nor marked not needed",
            in_force_from=None,
            source=f"{_U5}; issue 23 (“is due before release”)",
        ),
        Rule(
            id="G2",
            title="Release checklist items",
            value="first night's accommodation (and whether it is safe and suitable), identification, bank account, benefit claim "
            "(an advance or an appointment), GP registration, travel to the first appointment and the accommodation, money for "
            "the first day, medication: each done, or not needed with a reason",
            in_force_from=None,
            source=f"{_U5}; issue 23; HMI Probation accommodation thematic (2020)",
        ),
    ),
    part="Through-the-gate rules",
)
G1, G2 = RULES

OPEN, DONE, NOT_NEEDED = CHECK_STATUSES = ("open", "done", "not_needed")
# As REVIEW_ANSWER_LABELS: English as stored, translated where read (`_(CHECK_STATUS_LABELS[status])`).
CHECK_STATUS_LABELS = {OPEN: gettext_noop("To do"), DONE: gettext_noop("Done"), NOT_NEEDED: gettext_noop("Not needed")}
# Where the person stays on the first night, when the accommodation item is done (the release-day
# outcome's values for accommodation in place; rough sleeping or not known is no accommodation).
ACCOMMODATION_IN_PLACE = (
    ("settled", "Settled accommodation"),
    ("temporary", "Temporary accommodation"),
    ("approved_premises", "Approved premises"),
)
ACCOMMODATION_IN_PLACE_CY = ("Llety sefydlog", "Llety dros dro", "Eiddo a gymeradwywyd")
YES, NO = "yes", "no"


@dataclass(frozen=True)
class ChecklistItem:
    """One item of the release checklist (rule G2). `outcome`: the release-day outcome it answers when done
    (ttg.plans.gate.models.ReleaseOutcome's field; "" for none). `options`: what "done" must say (one of
    them); `asks_safe`: done must also say whether it is safe and suitable.

    Its words in Welsh beside the English (issue 22): `title_cy`, `hint_cy`, and `options_cy` (the
    options' labels, in their order). Every item has them: `in_language` gives the item as a reader of
    a language reads it. Not yet checked by a Welsh speaker (docs/welsh.md)."""

    code: str
    title: str
    hint: str
    outcome: str = ""
    options: tuple[tuple[str, str], ...] = ()
    asks_safe: bool = False
    title_cy: str = ""
    hint_cy: str = ""
    options_cy: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Like the catalogue's files (its loader): an item without its Welsh is refused, naming it.
        if not (self.title_cy.strip() and self.hint_cy.strip()) or len(self.options_cy) != len(self.options):
            raise ValueError(f"Release checklist item {self.code!r}: give its title, hint and every option in Welsh (cy)")

    def in_language(self, language: str | None) -> ChecklistItem:
        """The item in the reader's language: its title, hint and options in Welsh for a Welsh reader, as it is otherwise."""
        if not is_welsh(language):
            return self
        options = tuple((value, welsh) for (value, _english), welsh in zip(self.options, self.options_cy, strict=True))
        return replace(self, title=self.title_cy, hint=self.hint_cy, options=options)


# The items, as data, in the order they are shown.
CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem(
        "accommodation",
        "Accommodation for the first night",
        "Where the person will stay on the first night, and whether it is safe and suitable.",
        outcome="accommodation",
        options=ACCOMMODATION_IN_PLACE,
        asks_safe=True,
        title_cy="Llety ar gyfer y noson gyntaf",
        hint_cy="Ble bydd y person yn aros ar y noson gyntaf, ac a yw’n ddiogel ac yn addas.",
        options_cy=ACCOMMODATION_IN_PLACE_CY,
    ),
    ChecklistItem(
        "id",
        "Identification",
        "The person leaves with identification (for a bank, benefits and housing).",
        outcome="id_documents",
        title_cy="Dogfennau adnabod",
        hint_cy="Mae’r person yn gadael gyda dogfennau adnabod (ar gyfer banc, budd-daliadau a thai).",
    ),
    ChecklistItem(
        "bank_account",
        "Bank account",
        "The person has a bank account, or one is opened for them.",
        outcome="bank_account",
        title_cy="Cyfrif banc",
        hint_cy="Mae gan y person gyfrif banc, neu mae un yn cael ei agor ar ei gyfer.",
    ),
    ChecklistItem(
        "benefit_claim",
        "Benefit claim",
        "A claim is started: an advance payment, or an appointment at the Jobcentre.",
        outcome="benefit_claim",
        options=(("advance", "An advance payment is arranged"), ("appointment", "An appointment at the Jobcentre is booked")),
        title_cy="Cais am fudd-dal",
        hint_cy="Mae cais wedi’i ddechrau: taliad ymlaen llaw, neu apwyntiad yn y Ganolfan Byd Gwaith.",
        options_cy=("Mae taliad ymlaen llaw wedi’i drefnu", "Mae apwyntiad yn y Ganolfan Byd Gwaith wedi’i drefnu"),
    ),
    ChecklistItem(
        "gp",
        "GP registration",
        "The person is registered with a GP near where they will live.",
        outcome="gp_registration",
        title_cy="Cofrestru gyda meddyg teulu",
        hint_cy="Mae’r person wedi’i gofrestru gyda meddyg teulu yn agos at ble bydd yn byw.",
    ),
    ChecklistItem(
        "travel",
        "Travel",
        "The person can get to their first appointment and to their accommodation (a travel warrant or a ticket).",
        title_cy="Teithio",
        hint_cy="Gall y person gyrraedd ei apwyntiad cyntaf a’i lety (gwarant teithio neu docyn).",
    ),
    ChecklistItem(
        "money",
        "Money for the first day",
        "The person has money for the first day (a discharge grant, or their own).",
        title_cy="Arian ar gyfer y diwrnod cyntaf",
        hint_cy="Mae gan y person arian ar gyfer y diwrnod cyntaf (grant rhyddhau, neu ei arian ei hun).",
    ),
    ChecklistItem(
        "medication",
        "Medication",
        "The person leaves with the medication they need, or a prescription.",
        title_cy="Meddyginiaeth",
        hint_cy="Mae’r person yn gadael gyda’r feddyginiaeth sydd ei hangen arno, neu bresgripsiwn.",
    ),
)
CHECKLIST_CODES = tuple(i.code for i in CHECKLIST)
_ITEMS = {i.code: i for i in CHECKLIST}


def checklist_item(code: str, language: str | None = None) -> ChecklistItem:
    """The item in the language given (None or English: as it is; Welsh: its Welsh). KeyError for a code that
    is not an item."""
    return _ITEMS[code].in_language(language)


def checklist(language: str | None) -> tuple[ChecklistItem, ...]:
    """The items, in order, in the reader's language."""
    return tuple(item.in_language(language) for item in CHECKLIST)


def checklist_due(release_date: date | None) -> Decision[date | None]:
    """G1: the checklist is due by the day before the release date."""
    if release_date is None:
        return Decision(None, (_("No due date yet: no release date is recorded (%(rule)s).") % {"rule": G1.citation},))
    due = release_date - timedelta(days=1)
    return Decision(
        due,
        (
            _("Due by %(date)s, before release on %(release)s (%(rule)s).")
            % {"date": format_date(due), "release": format_date(release_date), "rule": G1.citation},
        ),
    )


def open_items(items: Mapping[str, Any]) -> tuple[str, ...]:
    """The items neither done nor marked not needed, in checklist order (`items`: code -> {"status": ...})."""
    return tuple(code for code in CHECKLIST_CODES if (items.get(code) or {}).get("status") not in (DONE, NOT_NEEDED))


def checklist_overdue(*, release_date: date | None, open_count: int, today: date) -> Decision[bool]:
    """G1: overdue once its due date has passed (from the release date) while any item is open.

    The work list asks the same in SQL over stored state: a checklist with items open and a release date on
    or before today (``ttg.worklist.selectors``)."""
    if open_count < 0:
        raise ValueError("open_count must not be negative")
    due = checklist_due(release_date).value
    if open_count == 0:
        return Decision(False, (_("Every item is done or marked not needed (%(rule)s).") % {"rule": G1.citation},))
    if due is None:
        return Decision(False, (_("Not overdue: no release date is recorded (%(rule)s).") % {"rule": G1.citation},))
    words = {"num": open_count, "date": format_date(due), "rule": G1.citation}
    if today > due:
        overdue = ngettext(
            "Overdue: it was due by %(date)s and %(num)d item is still to do (%(rule)s).",
            "Overdue: it was due by %(date)s and %(num)d items are still to do (%(rule)s).",
            open_count,
        )
        return Decision(True, (overdue % words,))
    due_by = ngettext(
        "Due by %(date)s: %(num)d item is still to do (%(rule)s).", "Due by %(date)s: %(num)d items are still to do (%(rule)s).", open_count
    )
    return Decision(False, (due_by % words,))


def check_item(
    code: str, status: str, *, detail: str = "", safe: str = "", note: str = "", language: str | None = None
) -> Decision[dict[str, str]]:
    """G2: what an item may record. Done: the option it asks for (and whether the accommodation is safe and
    suitable); not needed: a reason; to do: nothing more. The value is the field that is wrong ("" when
    none) and the cleaned entry. The reasons name the item in `language` (the reader's)."""
    if code not in _ITEMS:
        raise ValueError(f"unknown checklist item {code!r}")
    item = _ITEMS[code].in_language(language)
    note = note.strip()
    if status not in CHECK_STATUSES:
        return Decision({"field": "status"}, (_("Select whether “%(item)s” is done, not needed or still to do.") % {"item": item.title},))
    if status == NOT_NEEDED and not note:
        return Decision(
            {"field": "note"}, (_("Give the reason “%(item)s” is not needed (%(rule)s).") % {"item": item.title, "rule": G2.citation},)
        )
    if status == DONE and item.options and detail not in dict(item.options):
        return Decision(
            {"field": "detail"}, (_("Select what is in place for “%(item)s” (%(rule)s).") % {"item": item.title, "rule": G2.citation},)
        )
    if status == DONE and item.asks_safe and safe not in (YES, NO):
        return Decision(
            {"field": "safe"}, (_("Select whether the accommodation is safe and suitable (%(rule)s).") % {"rule": G2.citation},)
        )
    entry = {"status": status, "note": note}
    if status == DONE:
        entry["detail"] = detail if item.options else ""
        entry["safe"] = safe if item.asks_safe else ""
    return Decision({"field": "", **entry}, ())


def outcomes_from_checklist(items: Mapping[str, Any]) -> dict[str, str]:
    """The release-day outcomes the checklist already answers, so they are not asked again: each item done
    answers its outcome "yes" (the accommodation: where, and whether safe and suitable). Items not needed
    or still to do answer nothing: the release-day form asks those."""
    out: dict[str, str] = {}
    for item in CHECKLIST:
        entry = items.get(item.code) or {}
        if not item.outcome or entry.get("status") != DONE:
            continue
        if item.code == "accommodation":
            out["accommodation"] = entry.get("detail", "")
            out["accommodation_safe"] = entry.get("safe", "")
        else:
            out[item.outcome] = YES
    return out
