"""The custody rules of the feed importer, stated once, as pure functions over plain values.

No Django here: the standard library only (and ``Decision`` and the date words of the house rule
style, ``ttg.core.rules``). The contract is the custody feed's (docs/custody-feed.md); this module
is what the importer (``ttg/people/importer.py``) decides with it, event by event. Checking one row on
its own (prison number form, known prisons, dates, a transfer to a different prison, …) is
``ttg/people/feed.py``; everything that depends on what is already recorded about the person is
here. The contract gives these rules no ids: ours are C1…C8 (``RULES``, "Custody rules" in
docs/rules.md), each naming the part of the contract it comes from.

A person has at most one open custody period. The event types, once an event may apply:

    RECEPTION  opens a custody period at the prison it names; the identity the prison holds
               replaces ours. It waits while the person has an open period, wherever and whenever
               that period began.
    TRANSFER   moves the open period to the prison it names, recorded as a movement.
    SENTENCE   sets the legal status; with a sentence type, the sentence and release date too. A
               release date that changes is recorded as a release-date change.
    RELEASE    closes the open period, recorded as a movement out of the prison it is in.

A transfer, sentence or release waits while the person has no open period (custody-feed.md,
guarantee 2: reported and kept, tried again by later runs), and is refused when it is dated before
the reception of the open period (the contract's bad row "release before reception"). An event id
seen before is a duplicate or a conflict (guarantee 1): ``replay``.

Speed: the importer applies every event of national files (millions of them) through these rules.
So the values are named tuples (the cheapest immutable values to make, in the column order of the
rows the importer writes); the event and the open period are read through protocols, so the
importer's own light objects pass as they are; a transfer, sentence or release returns only the
fields of the open period it changes, which the importer sets on its object (``after`` gives the
period after a step as a value); and the rule of each event type returns its outcome alone:
``decide`` gives the same outcome with its reasons in plain words, as a ``Decision``. The only
texts the importer stores, why an event waits or is refused, are in the outcome
(``Waiting.reason``, ``Refused.message``).

Words are in the reader's language (``_``, ``ngettext``: issue 22), one whole sentence per message. What
the importer stores is English: it applies a whole run inside ``translation.override("en-gb")``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, NamedTuple, Protocol, TypeAlias
from zoneinfo import ZoneInfo

from ttg.core.rules import Decision, Rule, _, format_date, format_datetime, gettext_noop, ngettext, only_version, register_rules

LONDON = ZoneInfo("Europe/London")

RECEPTION, TRANSFER, SENTENCE, RELEASE = "RECEPTION", "TRANSFER", "SENTENCE", "RELEASE"
EVENT_TYPES = (RECEPTION, TRANSFER, SENTENCE, RELEASE)
# What a feed event is recorded as (FeedEvent.outcome): the values the importer stores.
APPLIED, PENDING = "applied", "pending"

_CONTRACT = "The custody feed contract (docs/custody-feed.md)"

RULES: tuple[Rule, ...] = register_rules(
    (
        Rule(
            id="C1",
            title="A RECEPTION opens a custody period",
            value="a person has one open custody period at a time; a reception opens one at the prison it names, the reception date being its day in England and Wales",
            in_force_from=None,
            source=f"{_CONTRACT}: RECEPTION",
        ),
        Rule(
            id="C2",
            title="A TRANSFER moves the open custody period",
            value="the open period's prison becomes the one the transfer names, recorded as a movement",
            in_force_from=None,
            source=f"{_CONTRACT}: TRANSFER",
        ),
        Rule(
            id="C3",
            title="A SENTENCE records sentencing or a changed release date",
            value="the legal status; with a sentence type, the sentence and release date too; a release date that changes is kept in the period's history",
            in_force_from=None,
            source=f"{_CONTRACT}: SENTENCE",
        ),
        Rule(
            id="C4",
            title="A RELEASE closes the open custody period",
            value="the period closes at the release, recorded as a movement out of the prison it is in",
            in_force_from=None,
            source=f"{_CONTRACT}: RELEASE",
        ),
        Rule(
            id="C5",
            title="The prison's identity is the truth",
            value="a new person is recorded with the identity the prison holds; a known person whose identity differs takes the prison's",
            in_force_from=None,
            source=f"{_CONTRACT}: the prison system is the source of truth",
        ),
        Rule(
            id="C6",
            title="An event is applied once",
            value="an event id seen before with the same content is a duplicate (nothing happens); with other content, a conflict (reported, not applied)",
            in_force_from=None,
            source=f"{_CONTRACT}, guarantee 1: idempotent",
        ),
        Rule(
            id="C7",
            title="An event that cannot apply yet waits",
            value="a reception while the person has an open period, or a transfer, sentence or release while they have none, is kept and tried again by later imports",
            in_force_from=None,
            source=f"{_CONTRACT}, guarantee 2: order-tolerant",
        ),
        Rule(
            id="C8",
            title="History before the open period is refused",
            value="a transfer, sentence or release dated before the reception of the open period is reported, not applied",
            in_force_from=None,
            source=f"{_CONTRACT}, bad rows: release before reception",
        ),
    ),
    part="Custody rules",
)


def _cite(rule_id: str) -> str:
    return only_version(rule_id, RULES).citation


_IDEMPOTENT = _cite("C6")
_ORDER_TOLERANT = _cite("C7")
_BAD_ROWS = _cite("C8")
_TRUTH = _cite("C5")


# --------------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------------


class Event(Protocol):
    """What the rules read of one valid feed event (feed.py has checked it: dates parsed, required
    fields present for its type; an absent optional field is "" or None)."""

    @property
    def event_type(self) -> str: ...
    @property
    def occurred_at(self) -> datetime: ...
    @property
    def prison_number(self) -> str: ...
    @property
    def prison_code(self) -> str: ...
    @property
    def from_prison_code(self) -> str: ...
    @property
    def to_prison_code(self) -> str: ...
    @property
    def first_name(self) -> str: ...
    @property
    def last_name(self) -> str: ...
    @property
    def date_of_birth(self) -> date | None: ...
    @property
    def sex(self) -> str: ...
    @property
    def ethnicity(self) -> str: ...
    @property
    def legal_status(self) -> str: ...
    @property
    def sentence_type(self) -> str: ...
    @property
    def sentence_start_date(self) -> date | None: ...
    @property
    def sentence_length_days(self) -> int | None: ...
    @property
    def release_date(self) -> date | None: ...
    @property
    def release_type(self) -> str: ...


class Identity(NamedTuple):
    """Who the person is, as the prison holds it (Person's fields, in this order)."""

    first_name: str
    last_name: str
    date_of_birth: date | None
    sex: str
    ethnicity: str


class Period(NamedTuple):
    """What the feed has said about one custody period. Prisons are establishment codes. (The rules
    read an open period through ``OpenPeriod``, which a ``Period`` is.)"""

    received_at: datetime
    reception_date: date  # received_at's date in England and Wales
    reception_prison: str
    current_prison: str
    legal_status: str
    sentence_type: str
    sentence_start_date: date | None
    sentence_length_days: int | None
    release_date: date | None
    released_at: datetime | None = None
    release_type: str = ""


class OpenPeriod(Protocol):
    """What the rules read of the person's open custody period: a ``Period``, or any object with
    its fields (the importer passes its own light objects). The rules never change it."""

    @property
    def received_at(self) -> datetime: ...
    @property
    def reception_date(self) -> date: ...
    @property
    def reception_prison(self) -> str: ...
    @property
    def current_prison(self) -> str: ...
    @property
    def legal_status(self) -> str: ...
    @property
    def sentence_type(self) -> str: ...
    @property
    def sentence_start_date(self) -> date | None: ...
    @property
    def sentence_length_days(self) -> int | None: ...
    @property
    def release_date(self) -> date | None: ...
    @property
    def released_at(self) -> datetime | None: ...
    @property
    def release_type(self) -> str: ...


class Movement(NamedTuple):
    """Into a prison (RECEPTION: no from), between prisons (TRANSFER), or out (RELEASE: no to)."""

    kind: str
    occurred_at: datetime
    from_prison: str | None
    to_prison: str | None


class ReleaseDateChange(NamedTuple):
    occurred_at: datetime
    old_release_date: date | None
    new_release_date: date | None


class Step(NamedTuple):
    """What an event that applies does to the person's custody. ``after(open_period, step)`` is the
    custody period as it stands after it."""

    opens: Period | None  # a reception: the custody period it opens
    changes: dict[str, Any]  # otherwise: the open period's fields that change, by name (a new dict each time)
    movement: Movement | None  # None for a sentence
    release_change: ReleaseDateChange | None  # None when the release date stays as it was
    identity: Identity | None  # a reception whose identity differs from ours (or a new person): store it


@dataclass(frozen=True)
class Waiting:
    """The event cannot apply yet: it is kept, with this reason, and tried again by later runs."""

    reason: str


@dataclass(frozen=True)
class Refused:
    """The event can never apply as sent: reported like a bad row, naming the field."""

    field: str
    message: str


Outcome: TypeAlias = Step | Waiting | Refused


class Replay(Enum):
    """What an event id already recorded means for the event arriving now."""

    NEW = "new"  # never seen: try it
    RETRY = "retry"  # it waited before, with the same content: try it again
    DUPLICATE = "duplicate"  # applied before, with the same content: nothing to do
    CONFLICT = "conflict"  # seen before with different content: reported, not applied


# --------------------------------------------------------------------------------------------------
# An event id seen before
# --------------------------------------------------------------------------------------------------

# Stored in English with a rejected row (the importer's); translate where read: `_(CONFLICT_MESSAGE)`.
CONFLICT_MESSAGE = gettext_noop("Conflict: an event with this event_id was received before with different content. It was not applied.")


def seen(known: tuple[str, str] | None, content_hash: str) -> Replay:
    """``replay(...).value``, without its reasons: what the importer asks of every event."""
    if known is None:
        return Replay.NEW
    if known[0] != content_hash:
        return Replay.CONFLICT
    return Replay.DUPLICATE if known[1] == APPLIED else Replay.RETRY


def _replay_reasons(value: Replay) -> tuple[str, ...]:
    if value is Replay.NEW:
        return (_("This event_id has not been received before: the event is applied if it can be (%(rule)s).") % {"rule": _IDEMPOTENT},)
    if value is Replay.RETRY:
        return (
            _("This event waited for an earlier event and is tried again: it applies now if it can (%(rule)s).")
            % {"rule": _ORDER_TOLERANT},
        )
    if value is Replay.DUPLICATE:
        return (
            _("This event was applied before with the same content: applying it again changes nothing (%(rule)s).") % {"rule": _IDEMPOTENT},
        )
    return (
        _("Conflict: an event with this event_id was received before with different content. It was not applied (%(rule)s).")
        % {"rule": _IDEMPOTENT},
    )


def replay(known: tuple[str, str] | None, content_hash: str) -> Decision[Replay]:
    """Idempotency: ``known`` is the (content hash, outcome) recorded for the event id, if any."""
    value = seen(known, content_hash)
    return Decision(value, lambda: _replay_reasons(value))


# --------------------------------------------------------------------------------------------------
# What each event type does
# --------------------------------------------------------------------------------------------------

# The rule of each event type: (the event, the person's open custody period or None, the identity we
# hold for them or None) -> what happens. These run for every event of national files, so they
# return the outcome only: `decide` below gives the same outcome with its reasons.


def reception(event: Event, open_period: OpenPeriod | None, known: Identity | None) -> Outcome:
    """A RECEPTION opens a custody period at the prison it names, unless the person already has one
    open (at any prison, whenever it began): then it waits for that period's release. The reception
    date is the day of reception in England and Wales. The identity the prison holds is the truth: it
    is stored when the person is new or it differs from ``known``."""
    if open_period is not None:
        return Waiting(_("%(number)s is already in custody: waiting for their release") % {"number": event.prison_number})
    at, prison, release_date = event.occurred_at, event.prison_code, event.release_date
    identity: Identity | None = Identity(event.first_name, event.last_name, event.date_of_birth, event.sex, event.ethnicity)
    if identity == known:
        identity = None
    period = Period(
        at,
        at.astimezone(LONDON).date(),
        prison,
        prison,
        event.legal_status,
        event.sentence_type,
        event.sentence_start_date,
        event.sentence_length_days,
        release_date,
    )
    change = None if release_date is None else ReleaseDateChange(at, None, release_date)
    return Step(period, {}, Movement(RECEPTION, at, None, prison), change, identity)


def _not_applicable(event: Event, open_period: OpenPeriod | None) -> Waiting | Refused | None:
    """Why a TRANSFER, SENTENCE or RELEASE cannot apply to the person's open custody period, or None:
    there is none yet, or the event is dated before its reception."""
    if open_period is None:
        return Waiting(_("%(number)s is not in custody yet: waiting for their reception") % {"number": event.prison_number})
    if event.occurred_at < open_period.received_at:
        return Refused("occurred_at", _(_BEFORE_RECEPTION[event.event_type]) % {"received": open_period.received_at.isoformat()})
    return None


# Why a transfer, sentence or release is refused (C8), by event type: one whole sentence each.
_BEFORE_RECEPTION = {
    TRANSFER: gettext_noop("This transfer is before the reception it belongs to (%(received)s)."),
    SENTENCE: gettext_noop("This sentence is before the reception it belongs to (%(received)s)."),
    RELEASE: gettext_noop("This release is before the reception it belongs to (%(received)s)."),
}


def transfer(event: Event, open_period: OpenPeriod | None, known: Identity | None = None) -> Outcome:
    """A TRANSFER moves the open period to ``to_prison_code``. The movement is from ``from_prison_code``
    as sent: it is not compared with the prison the period is in."""
    not_applicable = _not_applicable(event, open_period)
    if not_applicable is not None:
        return not_applicable
    to = event.to_prison_code
    return Step(None, {"current_prison": to}, Movement(TRANSFER, event.occurred_at, event.from_prison_code, to), None, None)


def sentence(event: Event, open_period: OpenPeriod | None, known: Identity | None = None) -> Outcome:
    """A SENTENCE sets the legal status. With a sentence type it replaces the whole sentence: type,
    start, length and release date (None for an indeterminate sentence); without one the sentence
    stays. A release date that changes (to or from none too) is a release-date change."""
    not_applicable = _not_applicable(event, open_period)
    if not_applicable is not None:
        return not_applicable
    assert open_period is not None
    if not event.sentence_type:
        return Step(None, {"legal_status": event.legal_status}, None, None, None)
    old, new = open_period.release_date, event.release_date
    changes = {
        "legal_status": event.legal_status,
        "sentence_type": event.sentence_type,
        "sentence_start_date": event.sentence_start_date,
        "sentence_length_days": event.sentence_length_days,
        "release_date": new,
    }
    return Step(None, changes, None, None if new == old else ReleaseDateChange(event.occurred_at, old, new), None)


def release(event: Event, open_period: OpenPeriod | None, known: Identity | None = None) -> Outcome:
    """A RELEASE closes the open period at its time, with its release type, as a movement out of the
    prison the period is in (the event's ``prison_code`` is not compared with it)."""
    not_applicable = _not_applicable(event, open_period)
    if not_applicable is not None:
        return not_applicable
    assert open_period is not None
    at = event.occurred_at
    changes = {"released_at": at, "release_type": event.release_type}
    return Step(None, changes, Movement(RELEASE, at, open_period.current_prison, None), None, None)


RULE_FOR_EVENT_TYPE: dict[str, Callable[[Event, OpenPeriod | None, Identity | None], Outcome]] = {
    RECEPTION: reception,
    TRANSFER: transfer,
    SENTENCE: sentence,
    RELEASE: release,
}


def outcome(event: Event, open_period: OpenPeriod | None, known: Identity | None) -> Outcome:
    """What one event does to the person's custody (feed.py lets no other event type through)."""
    return RULE_FOR_EVENT_TYPE[event.event_type](event, open_period, known)


def after(open_period: Period | None, step: Step) -> Period:
    """The custody period as it stands after a step: the one a reception opens, or the open one with
    the step's changes (closed, when the step is a release)."""
    if step.opens is not None:
        return step.opens
    assert open_period is not None, "only a reception applies to a person with no open custody period"
    return open_period._replace(**step.changes)


# --------------------------------------------------------------------------------------------------
# The same decisions with their reasons
# --------------------------------------------------------------------------------------------------


def decide(event: Event, open_period: Period | None, known: Identity | None) -> Decision[Outcome]:
    """``outcome(...)`` with its reasons in plain English, each citing the contract."""
    result = outcome(event, open_period, known)
    return Decision(result, _reasons(event, open_period, known, result))


def _date_words(d: date | None) -> str:
    return _("none") if d is None else format_date(d)


# The reasons of a refused or waiting event that is not a reception, by event type (C8, C7).
_REFUSED_REASONS = {
    TRANSFER: gettext_noop(
        "%(message)s A transfer belongs to the custody period open when it happened, and history dated before "
        "the open period is not slotted into the past: the event is reported, not applied (%(rule)s)."
    ),
    SENTENCE: gettext_noop(
        "%(message)s A sentence belongs to the custody period open when it happened, and history dated before "
        "the open period is not slotted into the past: the event is reported, not applied (%(rule)s)."
    ),
    RELEASE: gettext_noop(
        "%(message)s A release belongs to the custody period open when it happened, and history dated before "
        "the open period is not slotted into the past: the event is reported, not applied (%(rule)s)."
    ),
}
_WAITING_REASONS = {
    TRANSFER: gettext_noop(
        "%(number)s is not in custody yet: waiting for their reception. A transfer applies to an open custody period, and "
        "%(number)s has none: it is kept and tried again by later imports, and applies once a reception opens one (%(rule)s)."
    ),
    SENTENCE: gettext_noop(
        "%(number)s is not in custody yet: waiting for their reception. A sentence applies to an open custody period, and "
        "%(number)s has none: it is kept and tried again by later imports, and applies once a reception opens one (%(rule)s)."
    ),
    RELEASE: gettext_noop(
        "%(number)s is not in custody yet: waiting for their reception. A release applies to an open custody period, and "
        "%(number)s has none: it is kept and tried again by later imports, and applies once a reception opens one (%(rule)s)."
    ),
}


def _sentence_words(period: Period) -> str:
    """C3's reason for a SENTENCE with a sentence type: one whole sentence for each type, with or without its length."""
    values = {
        "status": period.legal_status,
        "num": period.sentence_length_days,
        "start": _date_words(period.sentence_start_date),
        "release": _date_words(period.release_date),
        "rule": _cite("C3"),
    }
    n = period.sentence_length_days
    if period.sentence_type == "INDETERMINATE":
        if n is None:
            return (
                _(
                    "Legal status %(status)s: the event's indeterminate sentence from %(start)s, release date %(release)s, replaces the "
                    "period's sentence (%(rule)s)."
                )
                % values
            )
        return (
            ngettext(
                "Legal status %(status)s: the event's indeterminate sentence of %(num)d day from %(start)s, release date %(release)s, "
                "replaces the period's sentence (%(rule)s).",
                "Legal status %(status)s: the event's indeterminate sentence of %(num)d days from %(start)s, release date %(release)s, "
                "replaces the period's sentence (%(rule)s).",
                n,
            )
            % values
        )
    if n is None:
        return (
            _(
                "Legal status %(status)s: the event's determinate sentence from %(start)s, release date %(release)s, replaces the "
                "period's sentence (%(rule)s)."
            )
            % values
        )
    return (
        ngettext(
            "Legal status %(status)s: the event's determinate sentence of %(num)d day from %(start)s, release date %(release)s, "
            "replaces the period's sentence (%(rule)s).",
            "Legal status %(status)s: the event's determinate sentence of %(num)d days from %(start)s, release date %(release)s, "
            "replaces the period's sentence (%(rule)s).",
            n,
        )
        % values
    )


def _reasons(event: Event, open_period: Period | None, known: Identity | None, result: Outcome) -> tuple[str, ...]:
    kind, at = event.event_type, event.occurred_at
    if isinstance(result, Refused):
        return (_(_REFUSED_REASONS[kind]) % {"message": result.message, "rule": _BAD_ROWS},)
    if isinstance(result, Waiting):
        if open_period is not None:  # a reception
            return (
                _(
                    "%(number)s is already in custody: waiting for their release. Their custody period received at %(received)s, "
                    "now at %(prison)s, is still open, and a person has one open custody period at a time: the reception is kept and "
                    "tried again by later imports (%(rule)s)."
                )
                % {
                    "number": event.prison_number,
                    "received": format_datetime(open_period.received_at),
                    "prison": open_period.current_prison,
                    "rule": _ORDER_TOLERANT,
                },
            )
        return (_(_WAITING_REASONS[kind]) % {"number": event.prison_number, "rule": _ORDER_TOLERANT},)
    step, period = result, after(open_period, result)
    reasons: list[str] = []
    if kind == RECEPTION:
        reasons.append(
            _(
                "Received at %(at)s into %(prison)s: a custody period opens there, reception date %(date)s (the day in England and "
                "Wales), legal status %(status)s (%(rule)s)."
            )
            % {
                "at": format_datetime(at),
                "prison": period.reception_prison,
                "date": format_date(period.reception_date),
                "status": period.legal_status,
                "rule": _cite("C1"),
            }
        )
        if known is None:
            words = _("The prison number is new: the person is recorded with the identity the prison holds (%(rule)s).")
        elif step.identity is not None:
            words = _("The identity the prison holds differs from ours, and the prison's is the truth: it replaces ours (%(rule)s).")
        else:
            words = _("The identity the prison holds is the one we hold: the person's record does not change (%(rule)s).")
        reasons.append(words % {"rule": _TRUTH})
    elif kind == TRANSFER:
        assert step.movement is not None
        reasons.append(
            _("Transferred at %(at)s from %(from)s to %(to)s: the open custody period is now there (%(rule)s).")
            % {"at": format_datetime(at), "from": step.movement.from_prison, "to": step.movement.to_prison, "rule": _cite("C2")}
        )
    elif kind == SENTENCE:
        if event.sentence_type:
            reasons.append(_sentence_words(period))
        else:
            reasons.append(
                _("Legal status %(status)s: with no sentence type, the sentence and release date stay as they were (%(rule)s).")
                % {"status": period.legal_status, "rule": _cite("C3")}
            )
    else:
        reasons.append(
            _("Released at %(at)s from %(prison)s (%(type)s): the custody period closes (%(rule)s).")
            % {"at": format_datetime(at), "prison": period.current_prison, "type": period.release_type, "rule": _cite("C4")}
        )
    change = step.release_change
    if change is not None:
        values = {"new": _date_words(change.new_release_date), "rule": _cite("C3")}
        if change.old_release_date is None:
            words = _(
                "Release date %(new)s: recorded in the period's history of release dates (later SENTENCE events may change it, and "
                "a changed release date moves the pre-release and handover deadlines: %(rule)s)."
            )
        else:
            values["old"] = format_date(change.old_release_date)
            words = _(
                "Release date %(new)s, was %(old)s: recorded in the period's history of release dates (later SENTENCE events may "
                "change it, and a changed release date moves the pre-release and handover deadlines: %(rule)s)."
            )
        reasons.append(words % values)
    return tuple(reasons)


# --------------------------------------------------------------------------------------------------
# Allocation: who works with a person, and how many each caseworker holds (issue 23, item 5)
# --------------------------------------------------------------------------------------------------

ALLOCATION_RULES: tuple[Rule, ...] = register_rules(
    (
        Rule(
            id="AL1",
            title="A person is allocated to one caseworker at a time",
            value="a CRC manager allocates a person in one of the CRC's prisons to one of the CRC's own TTG caseworkers; reallocating ends the current allocation, which is kept with who made it and when",
            in_force_from=None,
            source="Issue 23, item 5 (allocation and capacity); service brief: the CRC manager oversees the CRC's caseworkers",
        ),
        Rule(
            id="AL2",
            title="A caseworker's caseload against their capacity",
            value="the caseload is the people currently allocated to the caseworker whom the CRC still works with (in custody, or released within the weeks the CRC still sees them); below the capacity there is room, at it the caseworker is at capacity, above it over capacity",
            in_force_from=None,
            source="Unsourced: no caseload standard is given for TTG caseworkers; the capacity is a setting until the CRCs agree one",
            setting="TTG_CASEWORKER_CAPACITY",
        ),
    ),
    part="Allocation rules",
)

ROOM, AT_CAPACITY, OVER_CAPACITY = "room", "at_capacity", "over_capacity"


def capacity(caseload: int, capacity: int) -> Decision[str]:
    """Whether a caseworker holding `caseload` people has room, is at capacity or is over it (rule AL2).

    A caseload equal to the capacity is at capacity (allocating one more puts them over); one more is over."""
    if caseload < 0 or capacity < 0:
        raise ValueError("A caseload and a capacity are never negative")
    values = {"caseload": caseload, "capacity": capacity, "rule": only_version("AL2", ALLOCATION_RULES).citation}
    if caseload < capacity:
        value = ROOM
        words = _("Caseload %(caseload)d of %(capacity)d: room for %(more)d more (%(rule)s).") % {**values, "more": capacity - caseload}
    elif caseload == capacity:
        value = AT_CAPACITY
        words = _("Caseload %(caseload)d of %(capacity)d: at capacity (%(rule)s).") % values
    else:
        value = OVER_CAPACITY
        words = _("Caseload %(caseload)d of %(capacity)d: over capacity by %(over)d (%(rule)s).") % {**values, "over": caseload - capacity}
    return Decision(value, (words,))


# --------------------------------------------------------------------------------------------------
# Language: what the person is given is in their language, or their prison's (issue 22)
# --------------------------------------------------------------------------------------------------

LANGUAGE_RULES: tuple[Rule, ...] = register_rules(
    (
        Rule(
            id="L1",
            title="The language of what the person is given",
            value="the language the person chose, recorded on their record; until they have chosen, the language their prison chose; English for a person in no prison",
            in_force_from=None,
            source="Issue 22 (Welsh): what the person receives is in Welsh where the person or the prison chooses Welsh; Welsh Language Act 1993 and HMPPS's Welsh Language Scheme (service brief, U11)",
        ),
    ),
    part="Language rules",
)

ENGLISH, WELSH = "en-gb", "cy"
LANGUAGE_NAMES = {ENGLISH: "English", WELSH: "Cymraeg"}  # each language's name in itself (as the language switcher shows them)


def language_for_person(recorded: str, prison_language: str | None, prison_name: str | None) -> Decision[str]:
    """Rule L1: the language the person's plan and anything else they are given is written in.

    `recorded` is the person's own choice ("" when not recorded); `prison_language` the language of the
    prison they are in (None when they are in no prison)."""
    for value in (recorded, prison_language):
        if value not in ("", None, ENGLISH, WELSH):
            raise ValueError(f"unknown language {value!r}: expected {ENGLISH} or {WELSH}")
    cite = {"rule": only_version("L1", LANGUAGE_RULES).citation}
    if recorded:
        if recorded == WELSH:
            return Decision(recorded, (_("Cymraeg: the person's own choice, recorded on their record (%(rule)s).") % cite,))
        return Decision(recorded, (_("English: the person's own choice, recorded on their record (%(rule)s).") % cite,))
    if prison_language:
        values = {**cite, "prison": prison_name}
        if prison_language == WELSH:
            words = (
                _("Cymraeg: %(prison)s's language, as the person has not chosen one (%(rule)s).")
                if prison_name
                else _("Cymraeg: Their prison's language, as the person has not chosen one (%(rule)s).")
            )
        else:
            words = (
                _("English: %(prison)s's language, as the person has not chosen one (%(rule)s).")
                if prison_name
                else _("English: Their prison's language, as the person has not chosen one (%(rule)s).")
            )
        return Decision(prison_language, (words % values,))
    return Decision(ENGLISH, (_("English: the person has not chosen a language and is in no prison (%(rule)s).") % cite,))
