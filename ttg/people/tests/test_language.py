"""Rule L1 (issue 22): the person's own language, else their prison's, else English, for every combination."""

from __future__ import annotations

import pytest

from ttg.people.rules import ENGLISH, WELSH, language_for_person

CHOICES = ("", ENGLISH, WELSH)


@pytest.mark.parametrize("recorded", CHOICES)
@pytest.mark.parametrize("prison", (None, ENGLISH, WELSH))
def test_the_persons_choice_then_the_prisons_then_english(recorded: str, prison: str | None) -> None:
    decision = language_for_person(recorded, prison, "HMP Cardiff" if prison else None)
    assert decision.value == (recorded or prison or ENGLISH)
    (reason,) = decision.reasons
    assert "rule L1" in reason
    if recorded:
        assert "the person's own choice" in reason
    elif prison:
        assert "HMP Cardiff's language, as the person has not chosen one" in reason
    else:
        assert "is in no prison" in reason


def test_the_reason_names_the_language() -> None:
    assert language_for_person("", WELSH, "HMP Cardiff").reasons[0].startswith("Cymraeg: HMP Cardiff's language")
    assert language_for_person(ENGLISH, WELSH, "HMP Cardiff").reasons[0].startswith("English: the person's own choice")


@pytest.mark.parametrize(("recorded", "prison"), [("fr", None), ("", "de"), ("en", WELSH)])
def test_a_language_the_service_does_not_offer_is_an_error(recorded: str, prison: str | None) -> None:
    with pytest.raises(ValueError, match="unknown language"):
        language_for_person(recorded, prison, None)
