"""The fixed list of resettlement pathway codes. Pure Python: no Django.

Sources (shared/domain/facts.md, "Pathways"): the seven reducing-reoffending pathways of the NOMS
Reducing Re-offending National Action Plan (2004), and two more for women (Women's Offending
Reduction Programme 2004, Corston 2007).

The codes are code because the screening question sets (`question_sets/*.json`) and the pure rules
key on them. Everything else the specification says about a pathway (its name and description in
a catalogue version, which of the version's need areas it is in) is data in the catalogue
(`ttg.plans.catalogue.models.CataloguePathway`, docs/catalogue.md). The names here are what the screening
pages show, and a fallback for a pathway a draft catalogue version does not list yet.
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
