"""What the insights pages measure and by what they break it down: codes, labels and order.

How each is counted is in `selectors.py`; the bands themselves are rule E4 (`rules.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from ttg.insights import rules


@dataclass(frozen=True)
class Measure:
    code: str
    label: Any
    of: Any  # what the denominator counts, in words
    context: bool = False  # timeliness: context for the outcomes, not an outcome


MEASURES = (
    Measure("outcome_recorded", _("Release-day outcome recorded"), _("people released")),
    Measure("settled", _("Settled accommodation on the first night"), _("people with a release-day outcome")),
    Measure("settled_safe", _("Settled and safe accommodation on the first night"), _("people with a release-day outcome")),
    Measure("ete", _("Education, training or employment arranged"), _("people with a release-day outcome")),
    Measure("bank_account", _("Bank account"), _("people with a release-day outcome")),
    Measure("id_documents", _("Identification"), _("people with a release-day outcome")),
    Measure("benefit_claim", _("Benefit claim made"), _("people with a release-day outcome")),
    Measure("gp_registration", _("Registered with a GP"), _("people with a release-day outcome")),
    Measure("settled_after", _("Settled accommodation after release"), _("people with an after-release outcome")),
    Measure("activities_achieved", _("Plan activities delivered or signposted"), _("plan activities not cancelled or found not required")),
    Measure("bcst1_on_time", _("BCST1 completed within 72 hours"), _("people released"), context=True),
    Measure("bcst2_on_time", _("BCST2 and plan completed on time"), _("people released who needed BCST2"), context=True),
)
MEASURE_CODES = tuple(m.code for m in MEASURES)
BY_CODE = {m.code: m for m in MEASURES}


@dataclass(frozen=True)
class Dimension:
    code: str
    label: Any
    equality: bool = False  # part of the equality analysis (R-E1)
    partition: bool = True  # the groups add up to everyone (secondary suppression applies, rule E2)


DIMENSIONS = (
    Dimension("sex", _("Sex (women and men)"), equality=True),
    Dimension("ethnicity", _("Ethnic group"), equality=True),
    Dimension("age", _("Age at release"), equality=True),
    Dimension("disability", _("Health condition or disability"), equality=True),
    Dimension("sentence", _("Sentence length")),
    Dimension("level3", _("Level 3 groups"), partition=False),
    Dimension("resettlement", _("Resettlement or non-resettlement prison")),
    Dimension("crc", _("CRC")),
    Dimension("prison", _("Prison")),
    Dimension("quarter", _("Quarter of release")),
)
DIMENSION_CODES = tuple(d.code for d in DIMENSIONS)
DIMENSION_BY_CODE = {d.code: d for d in DIMENSIONS}

SEX_GROUPS = (("F", _("Women")), ("M", _("Men")))
SENTENCE_GROUPS = tuple((code, _(label)) for code, label in rules.SENTENCE_BANDS)
AGE_GROUPS = tuple((code, _(label)) for _lowest, code, label in rules.AGE_BANDS)
ETHNIC_GROUPS = (*((code, _(label)) for code, label in rules.ETHNIC_GROUPS), (rules.NOT_STATED, _("Not stated")))
DISABILITY_GROUPS = (("yes", _("Yes (BCST1)")), ("no", _("No (BCST1)")), ("not_known", _("Not known (no BCST1 answer)")))
RESETTLEMENT_GROUPS = (("resettlement", _("Resettlement prison")), ("non_resettlement", _("Non-resettlement prison")))
# Level 3 groups (R-P2): BCST1's answers. A person may be in several, or none.
LEVEL3_QUESTIONS = (
    ("domestic_abuse", _("Experienced domestic abuse")),
    ("learning_disability", _("Learning disability or difficulty")),
    ("veteran", _("Veterans")),
    ("care_leaver", _("Care leavers")),
)
LEVEL3_NONE = _("None of these")
HIDDEN = "[c]"  # how ONS writes a hidden figure (rule E2)
