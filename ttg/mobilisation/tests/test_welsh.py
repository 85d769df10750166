"""Mobilisation's reasons and words in the reader's language (issue 22): Welsh under Welsh, unchanged in English,
the rule's citation still split off."""

from __future__ import annotations

from django.utils import translation

from ttg.core.rules import split_citations
from ttg.mobilisation import rules

R_M2 = "rule R-M2, in force throughout the service"
STAFF = {"role": "Caseworker", "employer": "Shelter", "planned": 3, "in_post": 1}


def test_the_reasons_are_in_welsh_for_a_welsh_reader_and_unchanged_in_english() -> None:
    with translation.override("cy"):
        (refused,) = rules.plan_transition(rules.SIGNED_OFF, "submit", rules.CRC_MANAGER).reasons
        (role,) = rules.plan_transition(rules.DRAFT, "sign_off", rules.CRC_MANAGER).reasons
        changed = rules.changes({"staff": [STAFF]}, {"staff": [{**STAFF, "in_post": 2}]})
    assert split_citations(refused) == (
        "Dim ond pan fydd yn ddrafft neu wedi’i ddychwelyd i’r CRC y gallwch gyflwyno’r cynllun; mae’r cynllun wedi’i gymeradwyo.",
        (R_M2,),
    )
    assert split_citations(role) == ("Dim ond rheolwr contract HMPPS all gymeradwyo’r cynllun.", (R_M2,))
    assert changed == [
        "Staff i’w recriwtio: newidiwyd o Caseworker (Shelter): 3 wedi’u cynllunio, 1 yn y swydd "
        "i Caseworker (Shelter): 3 wedi’u cynllunio, 2 yn y swydd."
    ]
    with translation.override("en-gb"):
        (english,) = rules.plan_transition(rules.SIGNED_OFF, "submit", rules.CRC_MANAGER).reasons
        assert rules.changes({"staff": [STAFF]}, {"staff": []}) == ["Staff to recruit: removed Caseworker (Shelter): 3 planned, 1 in post."]
    assert english == f"You can submit the plan only when it is a draft or returned to the CRC; it is signed off ({R_M2})."


def test_a_space_row_is_stored_in_english_and_said_in_the_readers_language() -> None:
    from ttg.mobilisation.forms import SpaceForm

    with translation.override("cy"):
        form = SpaceForm({"kind": "keys", "description": "Set of keys", "person": "Tom Okafor", "agreed": "yes"})
        assert form.is_valid(), form.errors
        row = form.row()
    assert row["kind_words"] == "Keys"
    with translation.override("cy"):
        welsh = rules.row_words("space", row)
    assert "Tom Okafor" in welsh and "Keys" not in welsh
    assert rules.row_words("space", row).startswith("Keys: Set of keys for Tom Okafor")
