"""The catalogue as the plan rules read it: a plain copy of an activity (`CatalogueActivity`), with the
levels, modes and cohorts it may have. Pure: no Django."""

from __future__ import annotations

from dataclasses import dataclass

from ttg.core.pathways import PATHWAY_CODES, pathway
from ttg.core.rules import gettext_noop

LEVEL_NUMBERS = (1, 2, 3)
DELIVER, SIGNPOST = "deliver", "signpost"
MODES = (DELIVER, SIGNPOST)

# Cohorts (vulnerabilities) from the screening answers, and "women" from the person's sex. The words are
# read in reasons: translated where they are read (`_(COHORTS[c])`), not here at import.
COHORTS: dict[str, str] = {
    "women": gettext_noop("women"),
    "domestic_abuse": gettext_noop("people who have experienced domestic abuse"),
    "learning_disability": gettext_noop("people with a learning disability"),
    "sex_work": gettext_noop("people who have been involved in sex work"),
    "veterans": gettext_noop("veterans of the armed forces"),
    "care_leavers": gettext_noop("care leavers"),
}
WOMEN_ONLY_COHORTS = frozenset({"women"})

# The languages the catalogue's standard texts are held in (issue 22): English is the source, Welsh beside it.
ENGLISH, WELSH = "en-gb", "cy"


def is_welsh(language: str | None) -> bool:
    """Whether a language code ("cy", "cy-GB", "en-gb", None) asks for the Welsh text."""
    return (language or "").lower().replace("_", "-").split("-")[0] == WELSH


def in_language(english: str, welsh: str, language: str | None) -> str:
    """The text in the language asked for: the Welsh for a Welsh reader, when there is one (a draft's new row
    may have none yet; a published version always has), the English otherwise."""
    return welsh if is_welsh(language) and welsh.strip() else english


@dataclass(frozen=True)
class CatalogueActivity:
    """A plain copy of one catalogue row (the Django model converts to this)."""

    code: str
    title: str
    pathway: str
    level: int  # 1..3
    mode: str  # "deliver" | "signpost"
    signpost_to: str  # "" when delivered
    mandatory: bool
    cohort: str  # "" = everyone; else one of COHORTS
    guidance: str = ""

    def __post_init__(self) -> None:
        where = f"Catalogue activity {self.code!r}"
        if not self.code.strip():
            raise ValueError("Catalogue activity has no code")
        # Level 1 (screening and planning) may span every pathway: its pathway is then blank.
        if self.pathway not in PATHWAY_CODES and not (self.pathway == "" and self.level == 1):
            raise ValueError(f"{where}: unknown pathway {self.pathway!r}")
        if self.level not in LEVEL_NUMBERS:
            raise ValueError(f"{where}: level must be 1, 2 or 3, not {self.level!r}")
        if self.mode not in MODES:
            raise ValueError(f"{where}: mode must be 'deliver' or 'signpost', not {self.mode!r}")
        if (self.mode == SIGNPOST) != bool(self.signpost_to.strip()):
            raise ValueError(f"{where}: a signposted activity names what it signposts to, and a delivered one does not")
        if self.cohort and self.cohort not in COHORTS:
            raise ValueError(f"{where}: unknown cohort {self.cohort!r} (expected one of {', '.join(COHORTS)})")

    @property
    def women_only(self) -> bool:
        """For women only: a women-only cohort, or one of the two pathways for women."""
        return self.cohort in WOMEN_ONLY_COHORTS or (bool(self.pathway) and pathway(self.pathway).women_only)
