"""Pages speak to people (issue 16): no setting name (`TTG_…`) and no rule code (T1, P2, R-F3…) where users
read, only inside a "For administrators" details component; counts agree with their nouns.

The main pages (person, screening, plan, handover, referrals, payments, work lists) are rendered as each
role sees them, on demo data: the demo base, a small custody feed at the demo CRC's prisons, and
`load_demo` run over it as `make run` does (screenings, plans through the gate, a handover, referrals,
purchases and claims). The clock says Monday 2 September 2019.
"""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import resolve, reverse

from ttg.accounts.constants import Role
from ttg.core import clock, glossary
from ttg.core.rules import RULE_TABLES
from ttg.demo.loader import load_demo
from ttg.payments.models import Claim, Purchase
from ttg.plans.catalogue.models import CatalogueVersion
from ttg.plans.handover.models import Handover
from ttg.plans.plan.models import Plan, PlanActivity
from ttg.referrals.models import Referral
from ttg.screening.models import DutyToRefer
from ttg.screening.tests.test_journeys import feed, reception
from ttg.supply_chain.rules import RULES as _SUPPLY_CHAIN_RULES  # noqa: F401 - registers its table

SETTING = re.compile(r"\bTTG_[A-Z_]+")
# Every rule id of every table, as a word ("T1", "R-F3a"), with or without "rule" before it.
RULE_CODE = re.compile(
    r"\b(?:rule\s+)?(?:" + "|".join(sorted({re.escape(r.id) for t in RULE_TABLES for r in t}, key=len, reverse=True)) + r")\b"
)
FOR_ADMINISTRATORS = re.compile(
    r"<details[^>]*>\s*<summary[^>]*>\s*<span[^>]*>\s*For administrators.*?</details>", re.S | re.I
)  # such a details component holds no other details (core/_why.html)
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# A date said in the future tense ("opens on 5 August 2019"): wrong once the service clock has passed it.
FUTURE_TENSE = re.compile(r"\b(?:opens|open|starts|start|begins|goes live|joins|will [a-z]+) on (\d{1,2} (?:" + MONTHS + r") \d{4})")
# A label written before a name as if it were the name ("by A responsible officer: David Jones").
LABEL_AS_NAME = re.compile(r"\bby An? [a-z][a-z ]*: [A-Z]")
COUNT_WITH_PLURAL = re.compile(r"\b1 (?:records|days|hours|claims|referrals|activities|people|weeks|months|units|sessions)\b")


def readable_text(html: str) -> str:
    """What a person reads on the page's main part: the text outside scripts, styles and "For administrators"."""
    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    main = FOR_ADMINISTRATORS.sub(" ", main)
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main)))


def problems(html: str) -> list[str]:
    text = readable_text(html)
    found = [f"setting name {m.group(0)!r}" for m in SETTING.finditer(text)]
    found += [f"rule code {m.group(0)!r} in “…{text[max(0, m.start() - 60) : m.end() + 20]}…”" for m in RULE_CODE.finditer(text)]
    found += [f"plural {m.group(0)!r}" for m in COUNT_WITH_PLURAL.finditer(text)]
    today = clock.today()
    found += [f"past date in the future tense {m.group(0)!r}" for m in FUTURE_TENSE.finditer(text) if _date(m.group(1)) < today]
    found += [f"a label for a name {m.group(0)!r}" for m in LABEL_AS_NAME.finditer(text)]
    return found


def _date(words: str) -> date:
    day, month, year = words.split()
    return date(int(year), MONTHS.split("|").index(month) + 1, int(day))


def test_the_check_finds_codes_and_settings_only_outside_administrators_details() -> None:
    page = (
        "<main><p>Due by 9 September 2019.</p>"
        '<details class="govuk-details"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
        "For administrators: the rules behind this</span></summary><div>Rule T2, in force throughout the service. "
        "Its value is the setting TTG_BCST2_WORKING_DAYS.</div></details></main>"
    )
    assert problems(page) == []
    leaky = "<main><p>Due by 9 September 2019 (rule T2, in force throughout the service; the value is setting TTG_BCST2_WORKING_DAYS).</p></main>"
    assert [p.split(" ", 2)[:2] for p in problems(leaky)] == [["setting", "name"], ["rule", "code"]]
    assert problems("<main><p>2.5 hours in 1 records; BCST1, BCST2, P1905-0DA7E3, Level 1</p></main>") == ["plural '1 records'"]
    assert problems("<main><p>Pre-release review opens on 14 July 2019. Opens on 14 July 2020.</p></main>") == [
        "past date in the future tense 'opens on 14 July 2019'"
    ]
    assert problems("<main><p>7 May 2019 by A responsible officer: David Jones</p></main>") == [
        "a label for a name 'by A responsible officer: D'"
    ]


# A small custody feed at the demo CRC's prisons, before load_demo runs over it as `make run` does.
FEED = [
    reception(f"w{n}", f"W{n:04d}TT", at=f"2019-{4 + n % 5:02d}-{1 + n:02d}T09:30:00+01:00", prison=prison, release=release)
    for n, (prison, release) in enumerate(
        [
            ("ACI", "2019-09-18"),
            ("ACI", "2019-09-27"),
            ("ACI", "2019-10-21"),
            ("ACI", "2020-01-15"),
            ("ACI", "2020-03-01"),
            ("ACI", "2024-12-20"),
            ("LPI", "2019-11-04"),
            ("LPI", "2020-02-03"),
            ("ACI", "2020-05-05"),
            ("LPI", "2020-06-01"),
            ("ACI", "2020-02-20"),
            ("LPI", "2019-12-12"),
        ]
    )
] + [reception("w-new", "W9999TT", at="2019-09-01T18:00:00+01:00", prison="ACI", release="2020-04-01")]


@pytest.fixture
def demo(personas: dict[str, Any], catalogue: dict[str, CatalogueVersion]) -> dict[str, Any]:
    feed(*FEED)
    load_demo(password="a-long-test-password-2019")
    return personas


def _pages(personas: dict[str, Any]) -> list[tuple[str, str]]:
    """(role, path) for the main pages, as each role meets them, on the demo's objects."""
    agreed = Plan.objects.filter(status="agreed", custody_period__released_at__isnull=True).select_related("custody_period__person").first()
    released = Plan.objects.filter(custody_period__released_at__isnull=False).select_related("custody_period__person").first()
    assert agreed is not None and released is not None
    person, gone = agreed.custody_period.person.prison_number, released.custody_period.person.prison_number
    activities = list(PlanActivity.objects.filter(plan=agreed).order_by("order", "id").values_list("pk", flat=True))
    handover = Handover.objects.select_related("plan__custody_period__person").get()
    waiting = Plan.objects.filter(status="agreed", handover__isnull=True, custody_period__released_at__isnull=True).first()
    assert waiting is not None
    duty = DutyToRefer.objects.select_related("custody_period__person").first()
    referrals = list(Referral.objects.order_by("pk"))
    # The responsible officer's purchase (the payments demo), not one a referral asked a CRC for (issue 15).
    purchase = Purchase.objects.filter(purchaser_kind="individual").order_by("pk").first()
    claim = Claim.objects.filter(payer_division__isnull=False).order_by("pk").first()  # one to an NPS division: the officer's
    open_purchase = Purchase.objects.filter(status="authorised", provider_organisation=_partner_org(personas)).order_by("pk").first()
    assert open_purchase is not None
    assert duty is not None and referrals and purchase is not None and claim is not None
    caseworker = [
        reverse("home"),
        reverse("work_list"),
        reverse("person_detail", args=[person]),
        reverse("person_screening", args=[person]),
        reverse("screening_check", args=[person, "bcst1"]),
        reverse("screening_check", args=[person, "bcst2"]),
        reverse("duty_to_refer", args=[duty.custody_period.person.prison_number]),
        reverse("person_screening", args=[duty.custody_period.person.prison_number]),
        reverse("screening_work_list", args=["ACI"]),
        reverse("plan", args=[person]),
        *(reverse("plan_activity", args=[person, pk]) for pk in activities),
        reverse("plan_print", args=[person]),
        reverse("plan", args=[gone]),
        reverse("plan", args=[waiting.custody_period.person.prison_number]),
        reverse("plan_handover", args=[waiting.custody_period.person.prison_number]),
        reverse("plan", args=[handover.plan.custody_period.person.prison_number]),
        reverse("handover_summary", args=[handover.pk]),
        reverse("referral_list"),
        *(reverse("referral_detail", args=[r.pk]) for r in referrals if r.crc_id == personas[Role.TTG_CASEWORKER].crc_id),
    ]
    caseworker += [
        reverse("plan_review", args=[person]),
        reverse("plan_outcome", args=[gone, "release-day"]),
        reverse("plan_outcome", args=[gone, "after-release"]),
    ]
    return [
        *((Role.TTG_CASEWORKER, path) for path in caseworker),
        (Role.PRISON_OFFICER, reverse("home")),
        (Role.PRISON_OFFICER, reverse("person_screening", args=[person])),
        (Role.PRISON_OFFICER, reverse("screening_work_list", args=["ACI"])),
        (Role.PRISON_OFFICER, reverse("plan", args=[person])),
        (Role.PARTNER_CASEWORKER, reverse("home")),
        *((Role.PARTNER_CASEWORKER, reverse("partner_inbox") + f"?tab={tab}") for tab in ("new", "mine", "open", "completed", "declined")),
        *(
            (Role.PARTNER_CASEWORKER, reverse("partner_referral", args=[r.pk]))
            for r in referrals
            if r.organisation_id == _partner_org(personas)
        ),
        (Role.PARTNER_CASEWORKER, reverse("unfunded_work_list")),
        (Role.PARTNER_CASEWORKER, reverse("payments_claims")),
        (Role.RESPONSIBLE_OFFICER, reverse("home")),
        (Role.RESPONSIBLE_OFFICER, reverse("handover_list")),
        (Role.RESPONSIBLE_OFFICER, reverse("handover_summary", args=[handover.pk])),
        (Role.RESPONSIBLE_OFFICER, reverse("payments_purchases")),
        (Role.RESPONSIBLE_OFFICER, reverse("payments_purchase", args=[purchase.reference])),
        (Role.RESPONSIBLE_OFFICER, reverse("payments_claims")),
        (Role.RESPONSIBLE_OFFICER, reverse("payments_claim", args=[claim.pk])),
        (Role.CRC_MANAGER, reverse("home")),
        (Role.CRC_MANAGER, reverse("payments_claims")),
        (Role.CRC_MANAGER, reverse("payments_aged_debt")),
        (Role.PARTNER_CASEWORKER, reverse("payments_variation_request", args=[open_purchase.reference])),
        (Role.TTG_CASEWORKER, reverse("catalogue_version", args=[agreed.catalogue_version_id])),
        (Role.CRC_MANAGER, reverse("payments_rate_cards")),
        (Role.CONTRACT_MANAGER, reverse("referral_summary")),
        (Role.CONTRACT_MANAGER, reverse("home")),
        (Role.CONTRACT_MANAGER, reverse("payments_escalations")),
        (Role.CONTRACT_MANAGER, reverse("payments_funding")),
        (Role.GOVERNOR, reverse("home")),
    ]


def _partner_org(personas: dict[str, Any]) -> Any:
    return personas[Role.PARTNER_CASEWORKER].organisation_id


def test_the_main_pages_speak_to_people(demo: dict[str, Any]) -> None:
    """No setting name, rule code, bad plural, past date in the future tense or label for a name where
    people read; and the main pages explain their words on first use."""
    clients: dict[str, Client] = {}
    found: dict[str, list[str]] = {}
    explained: set[str] = set()
    pages = _pages(demo)
    for role, path in pages:
        if role not in clients:
            clients[role] = Client()
            clients[role].force_login(demo[role])
        response = clients[role].get(path)
        assert response.status_code == 200, (role, path, response.status_code)
        html = response.content.decode()
        if problems_here := problems(html):
            found[f"{role} {path}"] = problems_here
        name = resolve(path.split("?")[0]).url_name
        if name in EXPLAINED and name not in explained:
            _explains(name, html)
            explained.add(name)
    assert not found, "\n".join(f"{page}: {'; '.join(p)}" for page, p in found.items())
    assert len(pages) > 40
    assert explained == set(EXPLAINED)


def _explains(name: str, html: str) -> None:
    """The page has its "What is …?" hint, with each term's meaning, before its content goes far."""
    main = html.split("<main", 1)[1]
    asked = glossary.question(EXPLAINED[name])
    assert asked in main, (name, asked)
    hint = unescape(main.split(asked, 1)[1].split("</details>", 1)[0])
    for term in glossary.terms(EXPLAINED[name]):
        assert term.meaning in hint, (name, term.key)
    assert main.index(asked) < main.index("</h1>") + 2000, name


# The pages that explain their words on first use ("What is …?", ttg/core/glossary.py, docs/glossary.md).
EXPLAINED = {
    "person_screening": ["bcst1", "bcst2", "immediate_need", "duty_to_refer", "pre_release_review", "handover"],
    "plan": ["resettlement_plan", "pathway", "level", "signposted", "crc"],
    "plan_review": ["pre_release_review", "pathway"],
    "handover_summary": ["handover", "responsible_officer", "bcst2", "pathway"],
    "handover_list": ["handover", "resettlement_plan"],
    "referral_detail": ["partner", "supply_chain", "crc"],
    "partner_referral": ["partner", "supply_chain", "crc"],
    "partner_inbox": ["supply_chain", "unfunded_work", "crc"],
    "payments_purchases": ["rate_card", "purchase", "claim", "nps", "resettlement_prison"],
    "payments_purchase": ["rate_card", "purchase", "claim", "nps"],
    "payments_claims": ["claim", "purchase", "escalation"],
    "payments_escalations": ["escalation", "claim"],
}
