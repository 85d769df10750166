"""The custody, allocation and language rules' reasons in the reader's language (issue 22): Welsh when Welsh
is active, the same English otherwise, the rule citation split off either way (`split_citations`)."""

from __future__ import annotations

from django.utils import translation

from ttg.core.rules import split_citations
from ttg.people import rules
from ttg.people.rules import WELSH, capacity, language_for_person, replay

L1 = "rule L1, in force throughout the service"


def test_the_language_reason_is_welsh_when_welsh_is_active_and_english_otherwise() -> None:
    with translation.override("cy"):
        words, cited = split_citations(language_for_person("", WELSH, "HMP Cardiff").reasons[0])
    assert words == "Cymraeg: iaith HMP Cardiff, gan nad yw’r person wedi dewis iaith."
    assert cited == (L1,)
    with translation.override("en-gb"):
        assert split_citations(language_for_person("", WELSH, "HMP Cardiff").reasons[0]) == (
            "Cymraeg: HMP Cardiff's language, as the person has not chosen one.",
            (L1,),
        )


def test_caseload_and_replay_reasons_in_welsh() -> None:
    with translation.override("cy"):
        caseload = capacity(38, 40).reasons[0]
        new = replay(None, "hash").reasons[0]
    assert caseload.startswith("Llwyth achosion 38 o 40: lle i 2 arall (rule AL2,")
    assert new.startswith("Nid yw’r event_id hwn wedi dod i law o’r blaen") and "(rule C6, in force throughout the service)" in new
    # What the importer stores is the English constant, whatever the language.
    with translation.override("cy"):
        assert rules.CONFLICT_MESSAGE.startswith("Conflict: an event with this event_id")
