"""The question sets (question_sets/*.json) and the pure functions that read answers (questions.py)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ttg.core.pathways import PATHWAY_CODES, PATHWAYS, pathway
from ttg.screening.questions import (
    QUESTION_SETS_DIR,
    QuestionSet,
    QuestionSetError,
    all_question_sets,
    answer_label,
    clean_section,
    error_in,
    homeless_or_at_risk,
    immediate_needs,
    incomplete_sections,
    needs_summary,
    parse_question_set,
    question_set,
    question_set_version,
    section_status,
    sections_for,
    stored_text_in,
    visible_questions,
)

DOC = Path(__file__).resolve().parents[3] / "docs" / "screening-questions.md"
FILES = sorted(QUESTION_SETS_DIR.glob("*.json"))
YES_NO = {"yes", "no", "dont_know", "not_applicable"}


def raw(name: str) -> dict[str, Any]:
    return json.loads((QUESTION_SETS_DIR / name).read_text(encoding="utf-8"))


def bcst1_2018() -> QuestionSet:
    return question_set_version("BCST1", "2018-10-01")


def bcst2_2018() -> QuestionSet:
    return question_set_version("BCST2", "2018-10-01")


# --- Pathways -----------------------------------------------------------------------------------


def test_nine_pathways_two_for_women_only() -> None:
    assert PATHWAY_CODES == (
        "accommodation",
        "ete",
        "health",
        "drugs_alcohol",
        "finance",
        "children_families",
        "attitudes",
        "abuse",
        "sex_work",
    )
    assert [p.code for p in PATHWAYS if p.women_only] == ["abuse", "sex_work"]
    assert pathway("finance").name == "Finance, benefit and debt"
    with pytest.raises(KeyError):
        pathway("housing")


# --- The files ----------------------------------------------------------------------------------


def test_the_four_versions_load() -> None:
    assert [s.key for s in all_question_sets()] == ["BCST1/2015-02-01", "BCST1/2018-10-01", "BCST2/2015-02-01", "BCST2/2018-10-01"]
    assert all_question_sets() is all_question_sets()  # read once


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_name_kind_and_version_agree(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert path.name == f"{data['kind'].lower()}-{data['version']}.json"
    assert data["in_force_from"] == data["version"]


@pytest.mark.parametrize("qs", all_question_sets(), ids=lambda s: s.key)
def test_structure(qs: QuestionSet) -> None:
    """Checked again here, independently of the loader, on the built sets."""
    ids = [q.id for s in qs.sections for q in s.questions]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids)
    assert len({s.id for s in qs.sections}) == len(qs.sections)
    for section in qs.sections:
        assert section.pathway is None or section.pathway in PATHWAY_CODES
        assert section.women_only == (section.pathway is not None and pathway(section.pathway).women_only)
        earlier: dict[str, set[str]] = {}
        for q in section.questions:
            values = {o.value for o in q.options}
            assert q.text.strip() and q.text == q.text.strip()
            if q.answer in ("choice", "scale"):
                assert len(q.options) >= 2
                assert all(o.label for o in q.options)
            if q.answer == "scale":
                assert [o.value for o in q.options] == ["0", "1", "2"]
                assert q.text.startswith("How much")
            if q.answer == "yes_no":
                assert values <= YES_NO
            if q.answer == "text":
                assert q.options == () and q.max_length and q.error_too_long.endswith(f"in {q.max_length} characters or fewer")
            else:
                assert q.max_length is None and q.error.startswith("Select ")
            for parent, shown_for in q.show_if.items():
                assert parent in earlier, f"{q.id}: show_if names {parent}, not an earlier question of {section.id}"
                assert shown_for and shown_for <= earlier[parent]
            for marker in (q.immediate_need_if, q.need_if, q.homeless_if):
                assert marker <= values
            if q.immediate_need_if or q.need_if:
                assert q.need and q.pathway in PATHWAY_CODES
            earlier[q.id] = values


@pytest.mark.parametrize("qs", all_question_sets(), ids=lambda s: s.key)
def test_required_questions_have_a_gov_uk_error(qs: QuestionSet) -> None:
    for section in qs.sections:
        for q in section.questions:
            if q.required:
                assert re.fullmatch(r"(Select|Enter) [^.]+", q.error), q.id


def test_bcst1_covers_the_screening_content() -> None:
    """facts.md "Screening content" and issue 4: one question for each topic."""
    for qs in (question_set_version("BCST1", "2015-02-01"), bcst1_2018()):
        for qid in (
            "accommodation_before_custody",
            "accommodation_at_risk",
            "somewhere_to_live_on_release",
            "housing_benefit",
            "children",
            "caring_for_someone",
            "care_arrangements_needed",
            "id_documents",
            "bank_account",
            "debts_or_fines",
            "employer_to_notify",
            "health_condition",
            "prescribed_medication",
            "learning_disability",
            "drug_problem",
            "alcohol_problem",
            "ever_injected",
            "maintenance_programme",
            "domestic_abuse",
            "sex_work",
            "veteran",
            "care_leaver",
            "consent_to_share",
        ):
            qs.question(qid)
        assert [o.value for o in qs.question("accommodation_before_custody").options] == [
            "permanent",
            "temporary",
            "rough_sleeping",
            "no_fixed_abode",
        ]
        consent = qs.question("consent_to_share")
        assert consent.required and [o.value for o in consent.options] == ["yes", "no"]
        assert not any(s.women_only for s in qs.sections)


def test_october_2018_bcst1_adds_the_duty_to_refer_and_new_consent_wording() -> None:
    old, new = question_set_version("BCST1", "2015-02-01"), bcst1_2018()
    for qid in ("homeless_within_56_days", "duty_to_refer_consent", "housing_authority"):
        new.question(qid)
        with pytest.raises(KeyError):
            old.question(qid)
    assert "56 days" in new.question("homeless_within_56_days").text
    assert old.question("consent_to_share").text != new.question("consent_to_share").text


def test_bcst2_has_every_pathway_with_a_scale_and_notes() -> None:
    for qs in (question_set_version("BCST2", "2015-02-01"), bcst2_2018()):
        assert [s.pathway for s in qs.sections] == list(PATHWAY_CODES)
        assert [s.id for s in qs.sections if s.women_only] == ["abuse", "sex_work"]
        for section in qs.sections:
            first, last = section.questions[0], section.questions[-1]
            assert first.answer == "scale" and first.required and first.need_if == {"1", "2"}
            assert last.answer == "text" and not last.required and last.max_length == 500


# --- The loader refuses bad files ---------------------------------------------------------------


def _broken(change: Any) -> dict[str, Any]:
    data = raw("bcst1-2018-10-01.json")
    change(data)
    return data


def _q(data: dict[str, Any], section: int, question: int) -> dict[str, Any]:
    return data["sections"][section]["questions"][question]


BROKEN = {
    "duplicate id": (lambda d: _q(d, 4, 0).update(id="bank_account"), "question ids must be unique"),
    "unknown pathway": (lambda d: d["sections"][0].update(pathway="housing"), "unknown pathway 'housing'"),
    "choice without options": (lambda d: _q(d, 0, 0).pop("options"), "needs at least two options"),
    "scale with 1 to 3": (
        lambda d: _q(d, 5, 0).update(options=[{"value": v, "label": {"en-gb": v, "cy": v}} for v in ("1", "2", "3")]),
        "a scale's options are 0, 1 and 2",
    ),
    "show_if names a later question": (
        lambda d: _q(d, 0, 0).update(show_if={"somewhere_to_live_on_release": ["no"]}),
        "not an earlier question of the same section",
    ),
    "show_if names another section": (lambda d: _q(d, 2, 0).update(show_if={"children": ["yes"]}), "not an earlier question"),
    "show_if with an impossible value": (
        lambda d: _q(d, 0, 1).update(show_if={"accommodation_before_custody": ["castle"]}),
        "show_if.accommodation_before_custody",
    ),
    "need_if with an impossible value": (lambda d: _q(d, 5, 0).update(need_if=["3"]), "'need_if' lists values the question cannot have: 3"),
    "homeless_if on a text": (lambda d: _q(d, 0, 6).update(homeless_if=["none"]), "'homeless_if' lists values"),
    "need_if without a need": (lambda d: _q(d, 2, 0).pop("need"), "says which, in 'need'"),
    "need off any pathway": (
        lambda d: _q(d, 6, 2).update(need_if=["yes"], need={"en-gb": "Veteran", "cy": "Cyn-filwr"}),
        "must be on a pathway",
    ),
    "text without max_length": (lambda d: _q(d, 0, 6).pop("max_length"), "positive 'max_length'"),
    "required without error": (lambda d: _q(d, 0, 0).pop("error"), "its error message ('error') must be in English and Welsh"),
    "misspelt key": (lambda d: _q(d, 0, 0).update(shows_if={}), "unknown keys shows_if"),
    "yes_no with a made-up value": (lambda d: _q(d, 7, 0).update(values=["yes", "maybe"]), "'values' must list"),
    "women's pathway not women_only": (lambda d: d["sections"][6].update(pathway="abuse"), "is women_only"),
    "bad date": (lambda d: d.update(in_force_from="1 October 2018"), "YYYY-MM-DD"),
    "unknown kind": (lambda d: d.update(kind="BCST3"), "'kind' must be one of"),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_loader_refuses(case: str) -> None:
    change, message = BROKEN[case]
    parse_question_set(raw("bcst1-2018-10-01.json"), source="x.json")  # the unbroken file loads
    with pytest.raises(QuestionSetError, match=re.escape(message)):
        parse_question_set(_broken(change), source="x.json")


def test_loader_names_the_file_and_question() -> None:
    with pytest.raises(QuestionSetError, match=r"^bcst1-2018-10-01\.json, section 'money', question 'id_documents': "):
        parse_question_set(_broken(lambda d: _q(d, 2, 0).update(need_if=["perhaps"])), source="bcst1-2018-10-01.json")


# Each text a user reads, without its Welsh (or its English): the loader refuses the version and says
# which file, and which item of it.
MISSING_WORDS = {
    "set title": (lambda d: d["title"].pop("cy"), r"^bcst1-2018-10-01\.json: its title \('title'\) has no Welsh \(cy\)"),
    "section title": (
        lambda d: d["sections"][1]["title"].update(cy=""),
        r"^bcst1-2018-10-01\.json, section 'dependants': its title \('title'\) has no Welsh \(cy\)",
    ),
    "question": (
        lambda d: _q(d, 2, 1)["text"].pop("cy"),
        r"^bcst1-2018-10-01\.json, section 'money', question 'bank_account': its question \('text'\) has no Welsh \(cy\)",
    ),
    "hint": (
        lambda d: _q(d, 2, 0)["hint"].update(cy="  "),
        r"^bcst1-2018-10-01\.json, section 'money', question 'id_documents': its hint \('hint'\) has no Welsh \(cy\)",
    ),
    "option label": (
        lambda d: _q(d, 0, 0)["options"][2]["label"].pop("cy"),
        r"^bcst1-2018-10-01\.json, section 'accommodation', question 'accommodation_before_custody', option 'rough_sleeping': "
        r"its label \('label'\) has no Welsh \(cy\)",
    ),
    "error message": (
        lambda d: _q(d, 2, 1)["error"].pop("cy"),
        r"^bcst1-2018-10-01\.json, section 'money', question 'bank_account': its error message \('error'\) has no Welsh \(cy\)",
    ),
    "error for a text too long": (
        lambda d: _q(d, 0, 6)["error_too_long"].pop("cy"),
        r"question 'housing_authority': its error message for a text too long \('error_too_long'\) has no Welsh \(cy\)",
    ),
    "need sentence": (
        lambda d: _q(d, 2, 1)["need"].pop("cy"),
        r"^bcst1-2018-10-01\.json, section 'money', question 'bank_account': its need sentence \('need'\) has no Welsh \(cy\)",
    ),
    "English": (
        lambda d: _q(d, 2, 1)["text"].pop("en-gb"),
        r"question 'bank_account': its question \('text'\) has no English \(en-gb\)",
    ),
    "English only, as a string": (
        lambda d: _q(d, 2, 1).update(text="Does the person have a bank account?"),
        r"question 'bank_account': its question \('text'\) must be in English and Welsh",
    ),
    "a third language": (
        lambda d: _q(d, 2, 1)["text"].update(fr="A-t-il un compte bancaire ?"),
        r"question 'bank_account': its question \('text'\) has unknown languages \['fr'\]",
    ),
}


@pytest.mark.parametrize("case", MISSING_WORDS, ids=list(MISSING_WORDS))
def test_loader_refuses_a_text_without_its_welsh_naming_the_file_and_item(case: str) -> None:
    change, message = MISSING_WORDS[case]
    with pytest.raises(QuestionSetError, match=message):
        parse_question_set(_broken(change), source="bcst1-2018-10-01.json")


@pytest.mark.parametrize("qs", all_question_sets(), ids=lambda s: s.key)
def test_every_text_has_its_welsh(qs: QuestionSet) -> None:
    """Checked on the built sets too: the Welsh is there, and is not the English copied."""
    assert qs.title_in("cy") and qs.title_in("cy") != qs.title
    for section in qs.sections:
        assert section.title_in("cy") != section.title
        for q in section.questions:
            for english, welsh in (
                (q.text, q.text_in("cy")),
                (q.hint, q.hint_in("cy")),
                (q.error, q.error_in("cy")),
                (q.error_too_long, q.error_too_long_in("cy")),
                (q.need, q.need_in("cy")),
                *((o.label, o.label_in("cy")) for o in q.options if not o.value.isdigit()),
            ):
                assert bool(english) == bool(welsh) and (not english or english != welsh), (q.id, english)


def test_the_words_in_a_language() -> None:
    q = bcst1_2018().question("accommodation_before_custody")
    assert q.text_in("cy") == "Ble roedd y person yn byw cyn mynd i’r ddalfa?"
    assert q.text_in("en-gb") == q.text_in("en") == q.text_in(None) == q.text == "Where was the person living before custody?"
    assert q.error_in("cy") == "Dewiswch ble roedd y person yn byw cyn mynd i’r ddalfa"
    assert answer_label(q, "rough_sleeping", "cy") == "Cysgu allan"
    assert answer_label(q, "rough_sleeping") == "Rough sleeping"
    assert [answer_label(bcst1_2018().question("bank_account"), v, "cy") for v in ("yes", "no", "dont_know", "not_applicable")] == [
        "Ie",
        "Na",
        "Ddim yn gwybod",
        "Amherthnasol",
    ]
    assert bcst2_2018().section("abuse").title_in("cy") == "Cymorth ar ôl cam-drin, trais rhywiol neu drais domestig"
    assert bcst1_2018().title_in("cy") == "Offeryn Sgrinio Sylfaenol yn y Ddalfa rhan 1 (BCST1)"


def test_an_error_from_the_services_in_a_language() -> None:
    qs = bcst1_2018()
    _, errors = clean_section(qs, "accommodation", {**BASE, "housing_authority": "x" * 101})
    q = qs.question("housing_authority")
    assert error_in(q, errors["housing_authority"], "cy") == "Rhowch yr awdurdod tai lleol mewn 100 nod neu lai"
    assert error_in(q, errors["housing_authority"], "en-gb") == "Enter the local housing authority in 100 characters or fewer"
    assert error_in(q, "Something else", "cy") == "Something else"


def test_stored_texts_are_english_and_read_in_welsh() -> None:
    """Needs and the duty's reasons are stored in English whoever is reading; a Welsh reader gets
    them back in Welsh from the question sets."""
    qs = bcst1_2018()
    (need,) = immediate_needs(qs, {"accommodation_before_custody": "permanent", "accommodation_at_risk": "yes"})
    assert need.text == "Needs help to keep their accommodation while in custody"
    assert stored_text_in(need.text, "cy") == "Angen help i gadw ei lety tra bydd yn y ddalfa"
    assert stored_text_in(need.text, "en-gb") == need.text
    _, reasons = homeless_or_at_risk(qs, {"somewhere_to_live_on_release": "no"})
    assert reasons == ("Does the person have somewhere to live on release? – No",)
    assert stored_text_in(reasons[0], "cy") == "A oes gan y person rywle i fyw ar ôl cael ei ryddhau? – Na"
    # Text the question sets did not give (a rule's reason, a need worded before a correction) is left as it is.
    assert stored_text_in("Refer by 1 October 2019 (rule T8).", "cy") == "Refer by 1 October 2019 (rule T8)."


# --- Which version ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "on", "version"),
    [
        ("BCST1", date(2014, 6, 1), "2015-02-01"),  # before the first version: the first
        ("BCST1", date(2015, 2, 1), "2015-02-01"),
        ("BCST1", date(2018, 9, 30), "2015-02-01"),
        ("BCST1", date(2018, 10, 1), "2018-10-01"),  # the boundary day: the new version
        ("BCST1", date(2021, 6, 26), "2018-10-01"),
        ("BCST2", date(2018, 9, 30), "2015-02-01"),
        ("BCST2", date(2018, 10, 1), "2018-10-01"),
    ],
)
def test_version_in_force(kind: str, on: date, version: str) -> None:
    qs = question_set(kind, on)
    assert (qs.kind, qs.version) == (kind, version)
    assert qs.key == f"{kind}/{version}"


def test_unknown_kind_or_version() -> None:
    with pytest.raises(KeyError):
        question_set("BCST3", date(2019, 1, 1))
    with pytest.raises(KeyError):
        question_set_version("BCST1", "2016-01-01")
    with pytest.raises(KeyError):
        bcst1_2018().section("nope")
    with pytest.raises(KeyError):
        bcst1_2018().question("nope")


# --- Follow-ups and cleaning ----------------------------------------------------------------------


def test_follow_ups_shown_by_any_of_their_conditions() -> None:
    section = bcst1_2018().section("dependants")

    def ids(answers: dict[str, str]) -> list[str]:
        return [q.id for q in visible_questions(section, answers)]

    assert ids({}) == ["children", "caring_for_someone"]
    assert ids({"children": "no", "caring_for_someone": "no"}) == ["children", "caring_for_someone"]
    assert ids({"children": "yes"})[-1] == "care_arrangements_needed"
    assert ids({"children": "no", "caring_for_someone": "yes"})[-1] == "care_arrangements_needed"


def test_follow_up_of_a_hidden_follow_up_is_hidden() -> None:
    section = bcst1_2018().section("accommodation")
    chain = {"homeless_within_56_days": "yes", "duty_to_refer_consent": "yes"}
    assert "housing_authority" in [q.id for q in visible_questions(section, chain)]
    assert "housing_authority" not in [q.id for q in visible_questions(section, {**chain, "homeless_within_56_days": "no"})]


def test_clean_section_missing_required_answers() -> None:
    answers, errors = clean_section(bcst1_2018(), "accommodation", {})
    assert answers == {}
    assert errors == {
        "accommodation_before_custody": "Select where the person was living before custody",
        "somewhere_to_live_on_release": "Select whether the person has somewhere to live on release",
        "homeless_within_56_days": "Select whether the person is homeless or at risk of becoming homeless within 56 days of release",
    }


def test_clean_section_scale_error() -> None:
    _, errors = clean_section(bcst1_2018(), "drugs_alcohol", {"alcohol_problem": "no"})
    assert errors == {"drug_problem": "Select how much of a problem the person’s current drug use is"}


def test_clean_section_unknown_values_are_errors() -> None:
    answers, errors = clean_section(
        bcst1_2018(),
        "accommodation",
        {
            "accommodation_before_custody": "castle",
            "somewhere_to_live_on_release": "Yes",
            "homeless_within_56_days": "not_applicable",  # a yes/no value this question does not offer
        },
    )
    assert answers == {}
    assert set(errors) == {"accommodation_before_custody", "somewhere_to_live_on_release", "homeless_within_56_days"}
    # A follow-up is not asked when its question's answer was refused.
    assert "accommodation_at_risk" not in errors


def test_clean_section_drops_hidden_follow_ups_and_other_keys() -> None:
    answers, errors = clean_section(
        bcst1_2018(),
        "accommodation",
        {
            "accommodation_before_custody": "rough_sleeping",
            "accommodation_at_risk": "yes",  # only asked of people who had accommodation
            "somewhere_to_live_on_release": "  no ",
            "homeless_within_56_days": "no",
            "duty_to_refer_consent": "yes",  # only asked if homeless
            "bank_account": "yes",  # another section
            "csrfmiddlewaretoken": "x",
        },
    )
    assert errors == {}
    assert answers == {
        "accommodation_before_custody": "rough_sleeping",
        "somewhere_to_live_on_release": "no",
        "homeless_within_56_days": "no",
    }


def test_clean_section_asks_visible_follow_ups() -> None:
    answers, errors = clean_section(
        bcst1_2018(),
        "accommodation",
        {"accommodation_before_custody": "temporary", "somewhere_to_live_on_release": "yes", "homeless_within_56_days": "yes"},
    )
    assert answers == {"accommodation_before_custody": "temporary", "somewhere_to_live_on_release": "yes", "homeless_within_56_days": "yes"}
    assert errors == {
        "accommodation_at_risk": "Select whether the person could lose their accommodation while in custody",
        "housing_benefit": "Select whether the person was getting Housing Benefit or help with housing costs",
        "duty_to_refer_consent": "Select whether the person agrees to be referred to a local housing authority",
    }


BASE = {
    "somewhere_to_live_on_release": "no",
    "accommodation_before_custody": "no_fixed_abode",
    "homeless_within_56_days": "yes",
    "duty_to_refer_consent": "yes",
}


def test_clean_section_text_length() -> None:
    qs = bcst1_2018()
    answers, errors = clean_section(qs, "accommodation", {**BASE, "housing_authority": "x" * 100})
    assert errors == {} and len(answers["housing_authority"]) == 100
    _, errors = clean_section(qs, "accommodation", {**BASE, "housing_authority": "x" * 101})
    assert errors == {"housing_authority": "Enter the local housing authority in 100 characters or fewer"}
    # A new line typed in a browser arrives as CRLF and counts as one character.
    answers, errors = clean_section(qs, "accommodation", {**BASE, "housing_authority": "x" * 49 + "\r\n" + "y" * 50})
    assert errors == {} and answers["housing_authority"] == "x" * 49 + "\n" + "y" * 50


def test_clean_section_optional_text_left_blank() -> None:
    answers, errors = clean_section(bcst1_2018(), "accommodation", {**BASE, "housing_authority": "   "})
    assert errors == {} and "housing_authority" not in answers


def test_clean_section_notes_in_bcst2() -> None:
    data = {"health_problem": "1", "registered_with_gp": "yes", "mental_health_support": "no", "health_notes": "n" * 501}
    _, errors = clean_section(bcst2_2018(), "health", data)
    assert errors == {"health_notes": "Enter notes about health in 500 characters or fewer"}


def test_clean_section_unknown_section() -> None:
    with pytest.raises(KeyError):
        clean_section(bcst1_2018(), "nope", {})


# --- Status ---------------------------------------------------------------------------------------


def test_section_status() -> None:
    qs = bcst1_2018()
    work = qs.section("work")
    assert section_status(qs, work, {}) == "not_started"
    assert section_status(qs, work, {"bank_account": "yes"}) == "not_started"
    assert section_status(qs, work, {"employed_before_custody": "no"}) == "completed"
    assert section_status(qs, work, {"employed_before_custody": "yes"}) == "in_progress"  # the follow-up is now asked
    assert section_status(qs, work, {"employed_before_custody": "yes", "employer_to_notify": "no"}) == "completed"
    assert section_status(qs, work, {"employed_before_custody": "perhaps"}) == "not_started"


def test_incomplete_sections_include_the_womens_sections_for_women_only() -> None:
    qs = bcst2_2018()
    assert len(incomplete_sections(qs, {}, sex="M")) == 7
    assert [s.id for s in incomplete_sections(qs, {}, sex="F")][-2:] == ["abuse", "sex_work"]
    answers = {"accommodation_problem": "0", "accommodation_on_release": "approved_premises"}
    assert "accommodation" not in [s.id for s in incomplete_sections(qs, answers, sex="M")]


def test_sections_for() -> None:
    qs = bcst2_2018()
    assert [s.id for s in sections_for(qs, sex="M")] == [
        "accommodation",
        "ete",
        "health",
        "drugs_alcohol",
        "finance",
        "children_families",
        "attitudes",
    ]
    assert len(sections_for(qs, sex="F")) == 9
    assert len(sections_for(bcst1_2018(), sex="M")) == len(bcst1_2018().sections)


def test_answer_label() -> None:
    qs = bcst1_2018()
    assert answer_label(qs.question("bank_account"), "dont_know") == "Don’t know"
    assert answer_label(qs.question("drug_problem"), "2") == "2 – significant problem"
    assert answer_label(qs.question("accommodation_before_custody"), "no_fixed_abode") == "No fixed abode"
    assert answer_label(qs.question("housing_authority"), "Leeds") == "Leeds"
    assert answer_label(qs.question("bank_account"), "") == ""


# --- Needs ----------------------------------------------------------------------------------------


def test_immediate_needs() -> None:
    qs = bcst1_2018()
    answers = {
        "accommodation_before_custody": "permanent",
        "accommodation_at_risk": "yes",
        "housing_benefit": "no",
        "children": "yes",
        "care_arrangements_needed": "yes",
        "drug_problem": "2",
        "maintenance_programme": "yes",
        "bank_account": "no",  # a need, not an immediate one
    }
    needs = immediate_needs(qs, answers)
    assert [(n.pathway, n.question_id, n.immediate) for n in needs] == [
        ("accommodation", "accommodation_at_risk", True),
        ("children_families", "care_arrangements_needed", True),
        ("drugs_alcohol", "maintenance_programme", True),
    ]
    assert needs[0].text == "Needs help to keep their accommodation while in custody"


def test_no_immediate_need_from_a_follow_up_that_is_not_asked() -> None:
    qs = bcst1_2018()
    assert immediate_needs(qs, {"drug_problem": "0", "maintenance_programme": "yes"}) == ()
    assert immediate_needs(qs, {}) == ()


@pytest.mark.parametrize(
    ("qs_key", "answers", "reasons"),
    [
        ("BCST1/2015-02-01", {"somewhere_to_live_on_release": "no"}, ["Does the person have somewhere to live on release? – No"]),
        ("BCST1/2015-02-01", {"somewhere_to_live_on_release": "dont_know"}, []),
        ("BCST1/2018-10-01", {"somewhere_to_live_on_release": "yes", "homeless_within_56_days": "yes"}, ["56 days of release? – Yes"]),
        (
            "BCST1/2018-10-01",
            {"accommodation_before_custody": "temporary", "accommodation_at_risk": "yes", "somewhere_to_live_on_release": "yes"},
            ["while they are in custody? – Yes"],
        ),
        ("BCST1/2018-10-01", {"accommodation_before_custody": "rough_sleeping", "accommodation_at_risk": "yes"}, []),  # not asked
        ("BCST2/2015-02-01", {"accommodation_on_release": "nowhere"}, ["Where is the person likely to live on release? – Nowhere yet"]),
        (
            "BCST2/2018-10-01",
            {"accommodation_on_release": "family_friends", "accommodation_safe": "no"},
            ["be safe where they are going to live? – No"],
        ),
        ("BCST2/2018-10-01", {"accommodation_on_release": "own_home", "accommodation_safe": "yes"}, []),
    ],
)
def test_homeless_or_at_risk(qs_key: str, answers: dict[str, str], reasons: list[str]) -> None:
    kind, version = qs_key.split("/")
    homeless, found = homeless_or_at_risk(question_set_version(kind, version), answers)
    assert homeless == bool(reasons)
    assert len(found) == len(reasons)
    for expected, actual in zip(reasons, found, strict=True):
        assert actual.endswith(expected)


def _levels(qs: QuestionSet, answers: dict[str, str], sex: str = "M") -> dict[str, str]:
    return {p.pathway: p.level for p in needs_summary(qs, answers, sex=sex)}


def test_needs_summary_levels() -> None:
    qs = bcst2_2018()
    levels = _levels(
        qs,
        {
            "accommodation_problem": "2",  # significant
            "ete_problem": "1",  # some
            "health_problem": "0",
            "registered_with_gp": "no",  # a need_if answer: at least some
            "drugs_alcohol_problem": "0",
            "wants_substance_support": "no",  # answered, no need
        },
    )
    assert levels == {
        "accommodation": "significant",
        "ete": "some",
        "health": "some",
        "drugs_alcohol": "none",
        "finance": "unknown",
        "children_families": "unknown",
        "attitudes": "unknown",
    }


def test_needs_summary_lists_the_needs_in_pathway_order() -> None:
    qs = bcst2_2018()
    summary = needs_summary(
        qs, {"finance_problem": "2", "benefit_claim_on_release": "yes", "debt_advice": "yes", "accommodation_problem": "1"}, sex="F"
    )
    assert [p.pathway for p in summary] == list(PATHWAY_CODES)
    by_pathway = {p.pathway: p for p in summary}
    assert by_pathway["finance"].needs == (
        "Needs help with money, benefits or debt",
        "Needs a benefit claim ready for release",
        "Wants debt advice",
    )
    assert by_pathway["accommodation"].needs == ("Needs help with accommodation",)
    assert by_pathway["abuse"].level == "unknown"


def test_immediate_need_counts_as_a_need_on_its_pathway() -> None:
    qs = bcst1_2018()
    summary = {p.pathway: p for p in needs_summary(qs, {"employed_before_custody": "yes", "employer_to_notify": "yes"}, sex="M")}
    assert summary["ete"].level == "some"
    assert summary["ete"].needs == ("Needs their employer told, to try to keep their job",)


def test_womens_pathways_in_the_summary() -> None:
    qs1 = bcst1_2018()
    # BCST1 asks everyone about domestic abuse: a man's answer shows on the pathway only if it is a need.
    assert "abuse" not in _levels(qs1, {"domestic_abuse": "no"}, "M")
    assert _levels(qs1, {"domestic_abuse": "yes"}, "M")["abuse"] == "some"
    assert _levels(qs1, {"domestic_abuse": "no"}, "F")["abuse"] == "none"
    # BCST2 asks women only.
    assert "sex_work" not in _levels(bcst2_2018(), {"sex_work_problem": "2"}, "M")
    assert _levels(bcst2_2018(), {"sex_work_problem": "2"}, "F")["sex_work"] == "significant"


def test_bcst1_summary_has_no_attitudes_pathway() -> None:
    """One entry per pathway the set asks about: BCST1 asks nothing on attitudes."""
    assert "attitudes" not in _levels(bcst1_2018(), {}, "F")


# --- Any input ------------------------------------------------------------------------------------


def _answers_for(qs: QuestionSet) -> st.SearchStrategy[dict[str, Any]]:
    ids = [q.id for s in qs.sections for q in s.questions]
    values = sorted({o.value for s in qs.sections for q in s.questions for o in q.options})
    return st.dictionaries(
        st.one_of(st.sampled_from(ids), st.text(max_size=10)),
        st.one_of(st.sampled_from(values), st.text(max_size=600), st.none(), st.integers()),
        max_size=30,
    )


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_answers_never_crash(data: st.DataObject) -> None:
    qs = data.draw(st.sampled_from(all_question_sets()))
    section = data.draw(st.sampled_from(qs.sections))
    answers = data.draw(_answers_for(qs))
    cleaned, errors = clean_section(qs, section.id, answers)
    asked = {q.id for q in visible_questions(section, cleaned)}
    assert set(cleaned) <= asked
    assert set(errors) <= {q.id for q in section.questions}
    assert not set(cleaned) & set(errors)
    for qid, value in cleaned.items():
        q = qs.question(qid)
        assert value == value.strip() and value
        assert value in {o.value for o in q.options} if q.options else len(value) <= (q.max_length or 0)
    # Cleaning clean answers changes nothing; what is left is only missing required answers.
    again, errors_again = clean_section(qs, section.id, cleaned)
    assert again == cleaned
    assert all(qs.question(qid).required and qid not in cleaned for qid in errors_again)
    # The readers take anything the store might hold.
    for sex in ("M", "F"):
        needs_summary(qs, answers, sex=sex)
        incomplete_sections(qs, answers, sex=sex)
    immediate_needs(qs, answers)
    homeless_or_at_risk(qs, answers)


# --- The docs -------------------------------------------------------------------------------------


def test_the_doc_lists_every_section_and_question() -> None:
    doc = DOC.read_text(encoding="utf-8")
    assert "our reading" in doc
    for qs in all_question_sets():
        assert qs.key in doc
        for section in qs.sections:
            assert section.title in doc, section.title
            for q in section.questions:
                assert f"`{q.id}`" in doc, q.id


def test_questions_module_imports_no_django() -> None:
    for name in ("questions.py",):
        source = (QUESTION_SETS_DIR.parent / name).read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) django", source, re.MULTILINE), name
