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

from .rules import _, gettext_noop


@dataclass(frozen=True)
class Pathway:
    code: str
    english: str  # the name in English: for records, which are kept in English
    women_only: bool = False

    @property
    def name(self) -> str:
        """The name in the reader's language (issue 22; English until the core app plugs translation in)."""
        return _(self.english)


PATHWAYS: tuple[Pathway, ...] = (
    Pathway("accommodation", gettext_noop("Accommodation")),
    Pathway("ete", gettext_noop("Education, training and employment")),
    Pathway("health", gettext_noop("Health")),
    Pathway("drugs_alcohol", gettext_noop("Drugs and alcohol")),
    Pathway("finance", gettext_noop("Finance, benefit and debt")),
    Pathway("children_families", gettext_noop("Children and families")),
    Pathway("attitudes", gettext_noop("Attitudes, thinking and behaviour")),
    Pathway("abuse", gettext_noop("Support for women who have been abused, raped or experienced domestic violence"), women_only=True),
    Pathway("sex_work", gettext_noop("Support for women who have been involved in sex work"), women_only=True),
)
PATHWAY_CODES: tuple[str, ...] = tuple(p.code for p in PATHWAYS)
_BY_CODE = {p.code: p for p in PATHWAYS}


def pathway(code: str) -> Pathway:
    """The pathway with that code; KeyError if there is none."""
    return _BY_CODE[code]
