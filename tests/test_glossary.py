"""docs/glossary.md and the pages' "What is …?" hints use the same words (ttg/core/glossary.py), both ways:
every term has its section with its meaning, and the doc has no term the code lacks. The pages that must
explain their words on first use are checked in tests/test_words_for_people.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ttg.core import glossary

DOC = Path(__file__).resolve().parents[1] / "docs" / "glossary.md"
NOT_TERMS = {"Where the words come from"}


def _sections() -> dict[str, str]:
    parts = re.split(r"^## (.+)$", DOC.read_text(), flags=re.M)
    return {title.strip(): body for title, body in zip(parts[1::2], parts[2::2], strict=True) if title.strip() not in NOT_TERMS}


def test_the_doc_has_every_term_with_its_meaning_and_nothing_else() -> None:
    sections = _sections()
    assert set(sections) == {t.term for t in glossary.TERMS}
    for t in glossary.TERMS:
        body = " ".join(sections[t.term].split())
        assert t.meaning in body, t.term
        if t.short:
            assert t.short.lower() in body.lower(), t.term


def test_the_words_the_issue_names_are_there() -> None:
    named = {
        "BCST1",
        "BCST2",
        "CRC",
        "NPS",
        "responsible officer",
        "resettlement plan",
        "rate card",
        "purchase",
        "claim",
        "duty to refer",
        "resettlement prison",
    }
    assert named <= {t.term for t in glossary.TERMS}
    assert "Level 1" in glossary.BY_KEY["level"].meaning and "Level 3" in glossary.BY_KEY["level"].meaning


@pytest.mark.parametrize(
    ("keys", "asked"),
    [
        (["bcst2"], "What is BCST2?"),
        (["crc"], "What is a CRC?"),
        (["level"], "What are Levels 1, 2 and 3?"),
        (["bcst1", "bcst2", "immediate_need", "duty_to_refer"], "What are BCST1, BCST2, an immediate need and the duty to refer?"),
        (["rate_card", "purchase", "claim"], "What are a rate card, a purchase and a claim?"),
    ],
)
def test_the_question_names_the_terms_in_plain_english(keys: list[str], asked: str) -> None:
    assert glossary.question(keys) == asked


def test_an_unknown_term_is_an_error() -> None:
    with pytest.raises(KeyError):
        glossary.terms(["no_such_term"])
