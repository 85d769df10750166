"""The resettlement pathways and the need areas of the 2019 enhanced specification. Pure Python: no Django.

Sources (shared/domain/facts.md, "Pathways"): the seven reducing-reoffending pathways of the NOMS
Reducing Re-offending National Action Plan (2004), and two more for women (Women's Offending
Reduction Programme 2004, Corston 2007). The 2019 enhanced specification grouped tiered support into
four need areas (Justice Committee, "The future of the Probation Service", 2019, paras 88–90);
health, drugs and alcohol, family, attitudes and the women's pathways fall in "personal,
relationships and community" (health and drugs/alcohol are mostly signposted to prison healthcare
and substance-misuse services).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pathway:
    code: str
    name: str
    women_only: bool = False


PATHWAYS: tuple[Pathway, ...] = (
    Pathway("accommodation", "Accommodation"),
    Pathway("ete", "Education, training and employment"),
    Pathway("health", "Health"),
    Pathway("drugs_alcohol", "Drugs and alcohol"),
    Pathway("finance", "Finance, benefit and debt"),
    Pathway("children_families", "Children and families"),
    Pathway("attitudes", "Attitudes, thinking and behaviour"),
    Pathway("abuse", "Support for women who have been abused, raped or experienced domestic violence", women_only=True),
    Pathway("sex_work", "Support for women who have been involved in sex work", women_only=True),
)
PATHWAY_CODES: tuple[str, ...] = tuple(p.code for p in PATHWAYS)
_BY_CODE = {p.code: p for p in PATHWAYS}


def pathway(code: str) -> Pathway:
    """The pathway with that code; KeyError if there is none."""
    return _BY_CODE[code]


@dataclass(frozen=True)
class NeedArea:
    code: str
    name: str
    pathways: tuple[str, ...]


# The four need areas of the enhanced specification (in force from 2019-04-01, facts.md T7).
NEED_AREAS: tuple[NeedArea, ...] = (
    NeedArea("accommodation", "Accommodation", ("accommodation",)),
    NeedArea("ete", "Education, training and employment", ("ete",)),
    NeedArea("finance", "Finance, benefit and debt", ("finance",)),
    NeedArea(
        "personal",
        "Personal, relationships and community",
        ("health", "drugs_alcohol", "children_families", "attitudes", "abuse", "sex_work"),
    ),
)
_AREA_BY_CODE = {a.code: a for a in NEED_AREAS}
_AREA_BY_PATHWAY = {p: a for a in NEED_AREAS for p in a.pathways}


def need_area(code: str) -> NeedArea:
    """The need area with that code; KeyError if there is none."""
    return _AREA_BY_CODE[code]


def need_area_for(pathway_code: str) -> NeedArea:
    """The need area a pathway belongs to; KeyError for an unknown pathway."""
    return _AREA_BY_PATHWAY[pathway_code]
