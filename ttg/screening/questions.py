"""The BCST1 and BCST2 question sets, and pure functions that read answers. Plain Python: no Django.

Each version of each set is one JSON file in `question_sets/` (docs/screening-questions.md). The
files are read once, checked, and turned into frozen dataclasses. Answers are plain
`{question id: value}` mappings of strings: a yes/no answer is `yes`, `no`, `dont_know` or
`not_applicable`, a scale is `0`, `1` or `2`, a choice is one of its option values, a text is the
text.

Every text a user reads (titles, questions, hints, option labels, error messages, need sentences)
is held in English and Welsh, `{"en-gb": ..., "cy": ...}` as the catalogue's `for_person`: the
English fields (`text`, `title`, ...) are the service's own record of it (copied into stored needs
and reasons, the API, the audit trail), and `text_in(language)` and its siblings give the words for
a reader. The language is passed in (the pages give Django's active one): nothing here reads it.

Nothing here knows about people or dates other than the date that picks a version: which set a
person gets, and when it is due, are rules (rules.py); storing answers is services.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ttg.core.pathways import PATHWAY_CODES, pathway

QUESTION_SETS_DIR = Path(__file__).resolve().parent / "question_sets"

KINDS = ("BCST1", "BCST2")
ANSWER_TYPES = ("yes_no", "scale", "choice", "text")
SEXES = ("M", "F")

# The languages every text of a question set is held in (the codes Django's i18n uses).
LANGUAGES = {"en-gb": "English", "cy": "Welsh"}

YES_NO_LABELS = {"yes": "Yes", "no": "No", "dont_know": "Don’t know", "not_applicable": "Not applicable"}
# Not yet checked by a Welsh speaker (docs/welsh.md).
YES_NO_LABELS_CY = {"yes": "Ie", "no": "Na", "dont_know": "Ddim yn gwybod", "not_applicable": "Amherthnasol"}
SCALE_VALUES = ("0", "1", "2")
SIGNIFICANT = "2"

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"

LEVELS = ("none", "some", "significant", "unknown")
NEED_LEVELS = ("some", "significant")  # the levels of a pathway in a needs summary that are a need


def is_welsh(language: str | None) -> bool:
    """Whether a language code (Django's "cy", "en-gb", "en", or None) asks for the Welsh."""
    return (language or "").lower().split("-")[0] == "cy"


def _pick(english: str, welsh: str, language: str | None) -> str:
    return welsh if is_welsh(language) and welsh else english


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    label_cy: str = ""

    def label_in(self, language: str | None) -> str:
        return _pick(self.label, self.label_cy, language)


@dataclass(frozen=True)
class Question:
    """One question. `pathway` is the question's own pathway if the file gives one, else its section's
    (None for questions on no pathway, such as consent). `error` is the message for a missing or
    unknown answer; `error_too_long` for a text over `max_length`. Each text is in English; its
    Welsh is the same name with `_cy`, and `text_in(language)` etc. give the one to show."""

    id: str
    text: str
    hint: str | None
    answer: str
    options: tuple[Option, ...]
    required: bool
    show_if: Mapping[str, frozenset[str]] = field(hash=False)
    immediate_need_if: frozenset[str]
    need: str
    need_if: frozenset[str]
    homeless_if: frozenset[str]
    max_length: int | None
    pathway: str | None
    error: str
    error_too_long: str
    text_cy: str = ""
    hint_cy: str | None = None
    need_cy: str = ""
    error_cy: str = ""
    error_too_long_cy: str = ""

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options)

    def text_in(self, language: str | None) -> str:
        return _pick(self.text, self.text_cy, language)

    def hint_in(self, language: str | None) -> str | None:
        return _pick(self.hint, self.hint_cy or "", language) if self.hint else None

    def need_in(self, language: str | None) -> str:
        return _pick(self.need, self.need_cy, language)

    def error_in(self, language: str | None) -> str:
        return _pick(self.error, self.error_cy, language)

    def error_too_long_in(self, language: str | None) -> str:
        return _pick(self.error_too_long, self.error_too_long_cy, language)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    pathway: str | None
    women_only: bool
    questions: tuple[Question, ...]
    title_cy: str = ""

    def title_in(self, language: str | None) -> str:
        return _pick(self.title, self.title_cy, language)


@dataclass(frozen=True)
class QuestionSet:
    kind: str
    version: str
    in_force_from: date
    title: str
    sections: tuple[Section, ...]
    title_cy: str = ""
    _sections: Mapping[str, Section] = field(init=False, repr=False, compare=False, hash=False)
    _questions: Mapping[str, Question] = field(init=False, repr=False, compare=False, hash=False)
    _section_of: Mapping[str, Section] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sections", MappingProxyType({s.id: s for s in self.sections}))
        object.__setattr__(self, "_questions", MappingProxyType({q.id: q for s in self.sections for q in s.questions}))
        object.__setattr__(self, "_section_of", MappingProxyType({q.id: s for s in self.sections for q in s.questions}))

    def title_in(self, language: str | None) -> str:
        return _pick(self.title, self.title_cy, language)

    @property
    def key(self) -> str:
        """`BCST1/2018-10-01`: what a stored screening records to say which questions it answered."""
        return f"{self.kind}/{self.version}"

    def section(self, id: str) -> Section:
        """KeyError if the set has no such section."""
        return self._sections[id]

    def question(self, id: str) -> Question:
        """KeyError if the set has no such question."""
        return self._questions[id]

    def section_of(self, question_id: str) -> Section:
        """The section a question is in; KeyError if the set has no such question."""
        return self._section_of[question_id]


# --- Loading and checking -------------------------------------------------------------------------


class QuestionSetError(ValueError):
    """A question-set file does not have the structure questions.py expects, or lacks a text in
    English or Welsh. The message names the file and the item (section, question, option)."""


_SET_KEYS = {"kind", "version", "in_force_from", "title", "sections"}
_SECTION_KEYS = {"id", "title", "pathway", "women_only", "questions"}
_QUESTION_KEYS = {
    "id",
    "text",
    "hint",
    "answer",
    "values",
    "options",
    "max_length",
    "required",
    "error",
    "error_too_long",
    "pathway",
    "show_if",
    "immediate_need_if",
    "need_if",
    "need",
    "homeless_if",
}


def _str(obj: Mapping[str, Any], key: str, where: str, *, optional: bool = False) -> str | None:
    value = obj.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise QuestionSetError(f"{where}: '{key}' must be a non-empty string")
    return value


# What each text is, in the words of a refusal.
_WHAT = {
    "title": "title",
    "text": "question",
    "hint": "hint",
    "label": "label",
    "error": "error message",
    "error_too_long": "error message for a text too long",
    "need": "need sentence",
}


def words_problem(words: Any, key: str) -> str:
    """Why a text of a question set will not do, or "": it is shown to users in English and in
    Welsh, so it carries both (as the catalogue's `for_person`, ttg/plans/catalogue/loader.py)."""
    what = f"its {_WHAT.get(key, key)} ('{key}')"
    if not isinstance(words, dict):
        return f'{what} must be in English and Welsh: {{"en-gb": ..., "cy": ...}}'
    if unknown := sorted(set(words) - set(LANGUAGES)):
        return f"{what} has unknown languages {unknown}"
    missing = [f"{name} ({code})" for code, name in LANGUAGES.items() if not isinstance(words.get(code), str) or not words[code].strip()]
    if missing:
        return f"{what} has no {' or '.join(missing)}: each text is shown in the reader's language"
    return ""


def _words(obj: Mapping[str, Any], key: str, where: str, *, optional: bool = False) -> tuple[str, str]:
    """(English, Welsh) of one text; ("", "") for an optional one that is absent."""
    raw: Any = obj.get(key)
    if raw is None and optional:
        return "", ""
    if problem := words_problem(raw, key):
        raise QuestionSetError(f"{where}: {problem}")
    return raw["en-gb"], raw["cy"]


def _values(raw: Any, allowed: Iterable[str], where: str, key: str) -> frozenset[str]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, list) or not raw or not all(isinstance(v, str) for v in raw):
        raise QuestionSetError(f"{where}: '{key}' must be a non-empty list of answer values")
    unknown = sorted(set(raw) - set(allowed))
    if unknown:
        raise QuestionSetError(f"{where}: '{key}' lists values the question cannot have: {', '.join(unknown)}")
    return frozenset(raw)


def _options(raw: Mapping[str, Any], where: str) -> tuple[Option, ...]:
    answer = raw["answer"]
    if answer == "text":
        if "options" in raw or "values" in raw:
            raise QuestionSetError(f"{where}: a text question has no options")
        return ()
    if answer == "yes_no":
        if "options" in raw:
            raise QuestionSetError(f"{where}: a yes_no question takes 'values' (a subset of {', '.join(YES_NO_LABELS)}), not 'options'")
        values = raw.get("values", list(YES_NO_LABELS))
        if not isinstance(values, list) or len(values) < 2 or not set(values) <= set(YES_NO_LABELS) or len(set(values)) != len(values):
            raise QuestionSetError(f"{where}: 'values' must list at least two of {', '.join(YES_NO_LABELS)}, once each")
        return tuple(Option(v, YES_NO_LABELS[v], YES_NO_LABELS_CY[v]) for v in YES_NO_LABELS if v in values)
    if "values" in raw:
        raise QuestionSetError(f"{where}: only a yes_no question takes 'values'")
    options = raw.get("options")
    if not isinstance(options, list) or len(options) < 2:
        raise QuestionSetError(f"{where}: a {answer} question needs at least two options")
    parsed = []
    for o in options:
        if not isinstance(o, dict) or set(o) != {"value", "label"} or not (isinstance(o["value"], str) and o["value"]):
            raise QuestionSetError(
                f"{where}: each option is {{'value': ..., 'label': {{'en-gb': ..., 'cy': ...}}}}, the value a non-empty string"
            )
        label, label_cy = _words(o, "label", f"{where}, option '{o['value']}'")
        parsed.append(Option(o["value"], label, label_cy))
    values = [o.value for o in parsed]
    if len(set(values)) != len(values):
        raise QuestionSetError(f"{where}: option values must be unique")
    if answer == "scale" and tuple(values) != SCALE_VALUES:
        raise QuestionSetError(f"{where}: a scale's options are 0, 1 and 2, in that order")
    return tuple(parsed)


def _question(raw: Any, section_pathway: str | None, earlier: Mapping[str, Question], where: str) -> Question:
    if not isinstance(raw, dict):
        raise QuestionSetError(f"{where}: a question must be an object")
    qid = _str(raw, "id", where)
    assert qid is not None
    where = f"{where}, question '{qid}'"
    if not qid.isidentifier() or qid != qid.lower():
        raise QuestionSetError(f"{where}: ids are snake_case")
    unknown_keys = sorted(set(raw) - _QUESTION_KEYS)
    if unknown_keys:
        raise QuestionSetError(f"{where}: unknown keys {', '.join(unknown_keys)}")
    if raw.get("answer") not in ANSWER_TYPES:
        raise QuestionSetError(f"{where}: 'answer' must be one of {', '.join(ANSWER_TYPES)}")
    if not isinstance(raw.get("required"), bool):
        raise QuestionSetError(f"{where}: 'required' must be true or false")
    answer: str = raw["answer"]
    options = _options(raw, where)
    values = [o.value for o in options]

    max_length = raw.get("max_length")
    if answer == "text":
        if not isinstance(max_length, int) or isinstance(max_length, bool) or max_length < 1:
            raise QuestionSetError(f"{where}: a text question needs a positive 'max_length'")
        error_too_long = _words(raw, "error_too_long", where)
    else:
        if max_length is not None or "error_too_long" in raw:
            raise QuestionSetError(f"{where}: only a text question has 'max_length' and 'error_too_long'")
        error_too_long = ("", "")
    # Every question that can be answered wrongly needs a message: a missing required answer, or an
    # unknown option value.
    error = _words(raw, "error", where, optional=answer == "text" and not raw["required"])

    own_pathway = _str(raw, "pathway", where, optional=True)
    if own_pathway is not None and own_pathway not in PATHWAY_CODES:
        raise QuestionSetError(f"{where}: unknown pathway '{own_pathway}'")
    effective_pathway = own_pathway or section_pathway

    show_if_raw = raw.get("show_if")
    show_if: dict[str, frozenset[str]] = {}
    if show_if_raw is not None:
        if not isinstance(show_if_raw, dict) or not show_if_raw:
            raise QuestionSetError(f"{where}: 'show_if' maps earlier question ids to lists of answer values")
        for parent_id, parent_values in show_if_raw.items():
            parent = earlier.get(parent_id)
            if parent is None:
                raise QuestionSetError(f"{where}: 'show_if' refers to '{parent_id}', which is not an earlier question of the same section")
            if parent.answer == "text":
                raise QuestionSetError(f"{where}: 'show_if' cannot depend on a text answer ('{parent_id}')")
            show_if[parent_id] = _values(parent_values, parent.values, where, f"show_if.{parent_id}")

    immediate_need_if = _values(raw.get("immediate_need_if"), values, where, "immediate_need_if")
    need_if = _values(raw.get("need_if"), values, where, "need_if")
    homeless_if = _values(raw.get("homeless_if"), values, where, "homeless_if")
    need, need_cy = _words(raw, "need", where, optional=True)
    if (immediate_need_if or need_if) and not need:
        raise QuestionSetError(f"{where}: a question that flags a need says which, in 'need'")
    if need and not (immediate_need_if or need_if):
        raise QuestionSetError(f"{where}: 'need' without 'need_if' or 'immediate_need_if'")
    if (immediate_need_if or need_if) and effective_pathway is None:
        raise QuestionSetError(f"{where}: a question that flags a need must be on a pathway")

    text = _words(raw, "text", where)
    hint = _words(raw, "hint", where, optional=True)
    return Question(
        id=qid,
        text=text[0],
        hint=hint[0] or None,
        answer=answer,
        options=options,
        required=raw["required"],
        show_if=MappingProxyType(show_if),
        immediate_need_if=immediate_need_if,
        need=need,
        need_if=need_if,
        homeless_if=homeless_if,
        max_length=max_length,
        pathway=effective_pathway,
        error=error[0],
        error_too_long=error_too_long[0],
        text_cy=text[1],
        hint_cy=hint[1] or None,
        need_cy=need_cy,
        error_cy=error[1],
        error_too_long_cy=error_too_long[1],
    )


def parse_question_set(data: Any, *, source: str = "question set") -> QuestionSet:
    """Check one question set's data (as read from its JSON file) and build it. QuestionSetError,
    naming `source` and the question, if anything is wrong."""
    if not isinstance(data, dict):
        raise QuestionSetError(f"{source}: the file must hold one object")
    unknown_keys = sorted(set(data) - _SET_KEYS)
    if unknown_keys:
        raise QuestionSetError(f"{source}: unknown keys {', '.join(unknown_keys)}")
    if data.get("kind") not in KINDS:
        raise QuestionSetError(f"{source}: 'kind' must be one of {', '.join(KINDS)}")
    version = _str(data, "version", source)
    try:
        in_force_from = date.fromisoformat(data.get("in_force_from", ""))
    except (TypeError, ValueError):
        raise QuestionSetError(f"{source}: 'in_force_from' must be a date, YYYY-MM-DD") from None
    sections_raw = data.get("sections")
    if not isinstance(sections_raw, list) or not sections_raw:
        raise QuestionSetError(f"{source}: 'sections' must be a non-empty list")

    sections: list[Section] = []
    seen_sections: set[str] = set()
    seen_questions: set[str] = set()
    for raw in sections_raw:
        if not isinstance(raw, dict):
            raise QuestionSetError(f"{source}: a section must be an object")
        sid = _str(raw, "id", source)
        where = f"{source}, section '{sid}'"
        unknown_keys = sorted(set(raw) - _SECTION_KEYS)
        if unknown_keys:
            raise QuestionSetError(f"{where}: unknown keys {', '.join(unknown_keys)}")
        if sid in seen_sections:
            raise QuestionSetError(f"{where}: section ids must be unique")
        seen_sections.add(sid or "")
        section_pathway = raw.get("pathway")
        if section_pathway is not None and section_pathway not in PATHWAY_CODES:
            raise QuestionSetError(f"{where}: unknown pathway '{section_pathway}' (pathways.py lists them)")
        women_only = raw.get("women_only", False)
        if not isinstance(women_only, bool):
            raise QuestionSetError(f"{where}: 'women_only' must be true or false")
        if section_pathway is not None and pathway(section_pathway).women_only and not women_only:
            raise QuestionSetError(f"{where}: a section on a women's pathway is women_only")
        questions_raw = raw.get("questions")
        if not isinstance(questions_raw, list) or not questions_raw:
            raise QuestionSetError(f"{where}: 'questions' must be a non-empty list")
        earlier: dict[str, Question] = {}
        for q_raw in questions_raw:
            question = _question(q_raw, section_pathway, earlier, where)
            if question.id in seen_questions:
                raise QuestionSetError(f"{where}, question '{question.id}': question ids must be unique in the set")
            seen_questions.add(question.id)
            earlier[question.id] = question
        title, title_cy = _words(raw, "title", where)
        sections.append(
            Section(
                id=sid or "",
                title=title,
                pathway=section_pathway,
                women_only=women_only,
                questions=tuple(earlier.values()),
                title_cy=title_cy,
            )
        )
    title, title_cy = _words(data, "title", source)
    return QuestionSet(
        kind=data["kind"],
        version=version or "",
        in_force_from=in_force_from,
        title=title,
        sections=tuple(sections),
        title_cy=title_cy,
    )


@cache
def all_question_sets() -> tuple[QuestionSet, ...]:
    """Every version of every set, by kind and then date in force. Read from disk once."""
    sets = []
    for path in sorted(QUESTION_SETS_DIR.glob("*.json")):
        with path.open(encoding="utf-8") as f:
            sets.append(parse_question_set(json.load(f), source=path.name))
    keys = [s.key for s in sets]
    if len(set(keys)) != len(keys):
        raise QuestionSetError(f"{QUESTION_SETS_DIR}: two files hold the same kind and version")
    for kind in KINDS:
        dates = [s.in_force_from for s in sets if s.kind == kind]
        if len(set(dates)) != len(dates):
            raise QuestionSetError(f"{QUESTION_SETS_DIR}: two {kind} versions come into force on the same day")
    return tuple(sorted(sets, key=lambda s: (s.kind, s.in_force_from)))


def question_set(kind: str, on: date) -> QuestionSet:
    """The version of `kind` in force on `on`: the latest whose in_force_from is on or before it.
    Before the first version, the first (the service had screening from its start). KeyError for an
    unknown kind."""
    versions = [s for s in all_question_sets() if s.kind == kind]
    if not versions:
        raise KeyError(kind)
    in_force = [s for s in versions if s.in_force_from <= on]
    return in_force[-1] if in_force else versions[0]


def question_set_version(kind: str, version: str) -> QuestionSet:
    """A stored screening's own version, whatever is in force today. KeyError if unknown."""
    for s in all_question_sets():
        if s.kind == kind and s.version == version:
            return s
    raise KeyError(f"{kind}/{version}")


# --- Reading answers ------------------------------------------------------------------------------


def sections_for(qs: QuestionSet, *, sex: str) -> tuple[Section, ...]:
    """The sections a person is asked: the women's pathways only when sex is "F"."""
    return tuple(s for s in qs.sections if sex == "F" or not s.women_only)


def _valid(question: Question, value: object) -> bool:
    if not isinstance(value, str) or not value:
        return False
    if question.answer == "text":
        return question.max_length is None or len(value) <= question.max_length
    return value in question.values


def visible_questions(section: Section, answers: Mapping[str, str]) -> tuple[Question, ...]:
    """The questions of a section that are asked, given the answers so far. A follow-up (show_if)
    is asked when any question it names is asked and has one of the listed answers."""
    return tuple(_asked(section, answers))


def _asked(section: Section, answers: Mapping[str, str]) -> Iterator[Question]:
    # Reads `answers` as it goes, so that clean_section can fill them in while iterating.
    shown: set[str] = set()
    for q in section.questions:
        if not q.show_if or any(parent in shown and answers.get(parent) in values for parent, values in q.show_if.items()):
            shown.add(q.id)
            yield q


def _clean_text(value: str) -> str:
    # Browsers send new lines as CRLF; count them as one character, as the GOV.UK character count
    # does. PostgreSQL cannot store NUL.
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()


def clean_section(qs: QuestionSet, section_id: str, data: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """Check a submitted section. Returns (answers, errors): the cleaned answers to the questions
    asked (visible), and {question id: message} in question order. Answers to follow-ups that are
    not asked are dropped, as are keys that are not questions of this section. A follow-up is asked
    only when its question's cleaned answer shows it. KeyError for an unknown section."""
    section = qs.section(section_id)
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for q in _asked(section, cleaned):
        raw = data.get(q.id)
        value = _clean_text(raw) if isinstance(raw, str) else ""
        if not value:
            if q.required:
                errors[q.id] = q.error
            continue
        if q.answer == "text":
            if q.max_length is not None and len(value) > q.max_length:
                errors[q.id] = q.error_too_long
                continue
        elif value not in q.values:
            errors[q.id] = q.error
            continue
        cleaned[q.id] = value
    return cleaned, errors


def section_status(qs: QuestionSet, section: Section, answers: Mapping[str, str]) -> str:
    """not_started (nothing answered), completed (every required question asked has a valid
    answer), else in_progress. For the task list."""
    asked = visible_questions(section, answers)
    answered = [q for q in asked if _valid(q, answers.get(q.id))]
    if not answered:
        return NOT_STARTED
    if all(_valid(q, answers.get(q.id)) for q in asked if q.required):
        return COMPLETED
    return IN_PROGRESS


def incomplete_sections(qs: QuestionSet, answers: Mapping[str, str], *, sex: str) -> tuple[Section, ...]:
    """The sections still to complete before the screening can be submitted."""
    return tuple(s for s in sections_for(qs, sex=sex) if section_status(qs, s, answers) != COMPLETED)


def answer_label(question: Question, value: str | None, language: str | None = None) -> str:
    """What to show for an answer on check-your-answers and summaries: the option's label (in
    `language`; English without one), the text itself, or "" when there is no answer. An unknown
    value is shown as it is."""
    if not value:
        return ""
    for option in question.options:
        if option.value == value:
            return option.label_in(language)
    return value


def error_in(question: Question, message: str, language: str | None) -> str:
    """A message `clean_section` gave for `question` (in English, as the services raise it), in
    `language`. A message that is not the question's own is returned as it is."""
    if message == question.error:
        return question.error_in(language)
    if message == question.error_too_long:
        return question.error_too_long_in(language)
    return message


def _asked_answers(
    qs: QuestionSet, answers: Mapping[str, str], sections: Iterable[Section] | None = None
) -> Iterable[tuple[Question, str]]:
    """(question, answer) for every question asked and validly answered."""
    for section in qs.sections if sections is None else sections:
        for q in visible_questions(section, answers):
            value = answers.get(q.id)
            if _valid(q, value):
                assert isinstance(value, str)
                yield q, value


@dataclass(frozen=True)
class Need:
    pathway: str
    question_id: str
    text: str
    immediate: bool


def immediate_needs(qs: QuestionSet, answers: Mapping[str, str]) -> tuple[Need, ...]:
    """The immediate needs the answers flag (immediate_need_if), in question order. For BCST1 these
    go to the CRC's provider in the prison straight away (R-S3)."""
    return tuple(
        Need(pathway=q.pathway or "", question_id=q.id, text=q.need, immediate=True)
        for q, value in _asked_answers(qs, answers)
        if value in q.immediate_need_if
    )


@dataclass(frozen=True)
class PathwayNeeds:
    pathway: str
    level: str
    needs: tuple[str, ...]


def needs_summary(qs: QuestionSet, answers: Mapping[str, str], *, sex: str) -> tuple[PathwayNeeds, ...]:
    """One entry per pathway the set asks about, in PATHWAYS order, with a level:

    - "unknown": no question on the pathway answered;
    - "significant": a scale on the pathway answered 2, and 2 is one of its need_if values;
    - "some": any other need_if or immediate_need_if answer on the pathway;
    - "none": answered, and no need.

    `needs` are the need texts of the answers that flag one (an immediate need is a need too).
    The women's pathways are listed for women; for anyone else only when an answer shows a need
    there (BCST1 asks everyone about domestic abuse and sex work)."""
    sections = sections_for(qs, sex=sex)
    on_pathway: dict[str, list[tuple[Question, str]]] = {}
    asked_pathways = {q.pathway for s in sections for q in s.questions if q.pathway}
    for q, value in _asked_answers(qs, answers, sections):
        if q.pathway:
            on_pathway.setdefault(q.pathway, []).append((q, value))

    summary = []
    for code in PATHWAY_CODES:
        if code not in asked_pathways:
            continue
        answered = on_pathway.get(code, [])
        hits = [(q, v) for q, v in answered if v in q.need_if or v in q.immediate_need_if]
        if not answered:
            level = "unknown"
        elif any(q.answer == "scale" and v == SIGNIFICANT and v in q.need_if for q, v in hits):
            level = "significant"
        elif hits:
            level = "some"
        else:
            level = "none"
        if pathway(code).women_only and sex != "F" and level in ("none", "unknown"):
            continue
        texts = tuple(dict.fromkeys(q.need for q, _ in hits))
        summary.append(PathwayNeeds(pathway=code, level=level, needs=texts))
    return tuple(summary)


def _homeless_reason(question: Question, value: str, language: str | None = None) -> str:
    return f"{question.text_in(language)} – {answer_label(question, value, language)}"


def homeless_or_at_risk(qs: QuestionSet, answers: Mapping[str, str]) -> tuple[bool, tuple[str, ...]]:
    """Whether the answers say the person is homeless or at risk of homelessness on release (the
    duty to refer, facts.md T8, depends on it), with the reasons: each answer that says so, as
    "question – answer", in English (they are stored; `stored_text_in` gives a reader's words)."""
    reasons = tuple(_homeless_reason(q, value) for q, value in _asked_answers(qs, answers) if value in q.homeless_if)
    return bool(reasons), reasons


@cache
def _stored_welsh() -> Mapping[str, str]:
    # Every English text the services copy out of a question set (need sentences, and the
    # homelessness reasons), with its Welsh, from every version: the latest version's Welsh wins,
    # so a corrected translation reaches what was stored before it.
    welsh: dict[str, str] = {}
    for qs in sorted(all_question_sets(), key=lambda s: s.in_force_from):
        for q in (q for section in qs.sections for q in section.questions):
            if q.need and q.need_cy:
                welsh[q.need] = q.need_cy
            for value in q.homeless_if:
                welsh[_homeless_reason(q, value)] = _homeless_reason(q, value, "cy")
    return MappingProxyType(welsh)


def stored_text_in(text: str, language: str | None) -> str:
    """A text stored as a question set gave it in English (a flag's need, a need of a BCST2's
    summary, a reason of the duty to refer), in `language`: the Welsh is looked up in the question
    sets, so what is stored never depends on who was reading. Any other text is returned as it is."""
    return _stored_welsh().get(text, text) if is_welsh(language) else text


# The questions whose answers the duty to refer (T8) takes as its own (issue 23 item 8): asked once, at
# screening, never again on the duty's page. Question sets before the duty existed do not ask them.
DUTY_CONSENT_QUESTION = "duty_to_refer_consent"
HOUSING_AUTHORITY_QUESTION = "housing_authority"


@dataclass(frozen=True)
class DutyAnswers:
    consent: bool | None  # None: not asked (or not answered)
    local_housing_authority: str  # "": not chosen yet


def duty_to_refer_answers(qs: QuestionSet, answers: Mapping[str, str]) -> DutyAnswers:
    """What the person said about the duty to refer in this screening: whether they agree to be
    referred, and the local housing authority they chose. Only questions actually asked count (a
    follow-up hidden by an earlier answer is ignored)."""
    asked = {q.id: value for q, value in _asked_answers(qs, answers)}
    consent = {"yes": True, "no": False}.get(asked.get(DUTY_CONSENT_QUESTION, ""))
    authority = asked.get(HOUSING_AUTHORITY_QUESTION, "").strip() if consent else ""
    return DutyAnswers(consent=consent, local_housing_authority=authority)
