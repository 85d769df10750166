"""Pseudonymised extracts (R-E2): the rows of `selectors.extract` as a file a thematic review can use.

Each extract has its own key (32 random bytes, never stored): a person's pseudonym is an HMAC-SHA256
of their id under it, the same on every row of that extract and unlinkable to any other extract or to
the service's case references. No name, prison number or date of birth is in a row; release dates
are coarsened (`TTG_INSIGHTS_EXTRACT_DATES`), age and sentence given as bands, ethnicity as its ONS
group. Rows are sorted by pseudonym, so their order says nothing of the records'.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from typing import Any

from ttg.insights import constants

HEADER = (
    "Pseudonym",
    "Sex",
    "Ethnic group",
    "Age at release",
    "Health condition or disability",
    "Sentence length",
    *(str(label) for _, label in constants.LEVEL3_QUESTIONS),
    "Released (from)",
    "Prison released from",
    "Resettlement prison",
    "CRC",
    "BCST1 within 72 hours",
    "BCST2 and plan",
    "Accommodation on the first night",
    "Accommodation safe",
    "ETE arranged",
    "Bank account",
    "Identification",
    "Benefit claim made",
    "Registered with a GP",
    "Accommodation after release",
    "Plan activities",
    "Plan activities delivered or signposted",
    "Cost (pence)",
)


def new_key() -> bytes:
    return secrets.token_bytes(32)


def pseudonym(key: bytes, person_id: int) -> str:
    return "P-" + hmac.new(key, f"person:{person_id}".encode(), hashlib.sha256).hexdigest()[:16].upper()


def _labels(groups: Sequence[tuple[str, Any]]) -> dict[str, str]:
    return {code: str(label) for code, label in groups}


def rows(found: list[dict[str, Any]], key: bytes) -> list[list[Any]]:
    sex, ethnic, age = _labels(constants.SEX_GROUPS), _labels(constants.ETHNIC_GROUPS), _labels(constants.AGE_GROUPS)
    disability, sentence = _labels(constants.DISABILITY_GROUPS), _labels(constants.SENTENCE_GROUPS)

    def yes(value: bool) -> str:
        return "yes" if value else "no"

    out = []
    for r in found:
        out.append(
            [
                pseudonym(key, r["person_id"]),
                sex.get(r["person__sex"], r["person__sex"]),
                ethnic[r["x_ethnicity"]],
                age[r["x_age"]],
                disability[r["x_disability"]],
                sentence[r["x_sentence"]],
                *(yes(r[f"l3_{code}"]) for code, _ in constants.LEVEL3_QUESTIONS),
                r["released"],
                r["screening_state__prison__name"],
                yes(r["x_resettlement"] == "resettlement"),
                r["screening_state__prison__crc__name"] or "",
                yes(r["bcst1_on_time"]),
                r["bcst2"],
                r["day__accommodation"] or "",
                r["day__accommodation_safe"] or "",
                r["day__ete"] or "",
                r["day__bank_account"] or "",
                r["day__id_documents"] or "",
                r["day__benefit_claim"] or "",
                r["day__gp_registration"] or "",
                r["after__accommodation"] or "",
                r["activities"],
                r["activities_achieved"],
                r["cost_pence"],
            ]
        )
    out.sort(key=lambda row: (row[0], str(row[len(constants.LEVEL3_QUESTIONS) + 6])))
    return out
