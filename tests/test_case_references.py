"""Contract managers see case references, never who a person is (issue 15 part 3).

The service brief gives HMPPS contract managers person-level data only in audit samples: there, only
by a logged reveal (a POST, ttg/assurance), never on a page they GET. Every route a contract manager may GET in the access matrix (pages, API, exports),
with the ids its detail pages need, is fetched as the contract manager persona, in a world where the
matrix's people have names and dates of birth found nowhere else, a claim of theirs is escalated and
a national purchase is the contract manager's to decide; no response may contain any person's name,
date of birth or prison number, and the case reference stands where the person was shown.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.test import Client
from django.urls import reverse

from tests.access_matrix import MATRIX, MATRIX_PERSON, MATRIX_PRISON_NUMBER, PAYMENTS_PERSON, PAYMENTS_PRISON_NUMBER
from ttg.accounts.constants import Role
from ttg.core.pseudonyms import ALPHABET
from ttg.people.identity import case_reference

# Every route a contract manager may GET, but the public pages (the same for anyone, signed in or not)
# and the API's schema and its documentation page (the same document for every role).
CM_ROUTES = sorted(
    name
    for name, entry in MATRIX.items()
    if Role.CONTRACT_MANAGER in entry.roles and entry.method == "get" and not entry.public and name not in ("api_schema", "api_docs")
)
PRISON_NUMBER = re.compile(r"(?<![A-Za-z0-9])[A-Z][0-9]{4}[A-Z]{2}(?![A-Za-z0-9])")


def _dates(iso: str) -> list[str]:
    day = date.fromisoformat(iso)
    return [iso, f"{day.day} {day:%B %Y}", f"{day.day} {day:%b %Y}", f"{day:%d/%m/%Y}"]


def _world(personas: dict[str, Any]) -> dict[str, Any]:
    """Every contract-manager route's objects; an escalated claim; a national purchase with a request for more units."""
    from ttg.payments import services
    from ttg.payments.models import Claim, Purchase, RateCardItem
    from ttg.people.models import CustodyPeriod

    kwargs = {name: MATRIX[name].kwargs(personas) for name in CM_ROUTES}
    MATRIX["payments_claim_submit"].kwargs(personas)
    from tests.access_matrix import _payments_submitted_claim

    claim = Claim.objects.get(pk=_payments_submitted_claim(personas)["pk"])
    services.escalate_unpaid_claims(today=date(2030, 1, 1), threshold_days=1)
    period = CustodyPeriod.objects.get(person__prison_number=PAYMENTS_PRISON_NUMBER)
    item = RateCardItem.objects.get(rate_card__crc__code="MERSEYSIDE", rate_card__published=True, title="Women's centre key-work session")
    national = services.make_purchase(
        by=personas[Role.CONTRACT_MANAGER], custody_period=period, item=item, units=1, purchaser_kind="national"
    )
    services.request_variation(purchase=national, extra_units=1, reason="One more", by=personas[Role.PARTNER_CASEWORKER])
    assert claim.escalation  # type: ignore[attr-defined]
    return {"kwargs": kwargs, "national": Purchase.objects.get(pk=national.pk)}


def test_a_contract_manager_sees_no_name_date_of_birth_or_prison_number_anywhere(personas: dict[str, Any]) -> None:
    from ttg.people.models import Person

    world = _world(personas)
    client = Client()
    client.force_login(personas[Role.CONTRACT_MANAGER])
    people = list(Person.objects.all())
    numbers = {p.prison_number for p in people}
    secrets = [MATRIX_PRISON_NUMBER, PAYMENTS_PRISON_NUMBER, *MATRIX_PERSON[:2], *PAYMENTS_PERSON[:2]]
    secrets += _dates(MATRIX_PERSON[2]) + _dates(PAYMENTS_PERSON[2])
    secrets += [f"{p.first_name} {p.last_name}" for p in people]
    urls = [reverse(name, kwargs=world["kwargs"][name] or None) for name in CM_ROUTES]
    urls += [
        reverse("payments_purchase", kwargs={"reference": world["national"].reference}),
        reverse("api_purchase", kwargs={"reference": world["national"].reference}),
        reverse("payments_claims_export", kwargs={"fmt": "xlsx"}),
        reverse("payments_escalations"),
        reverse("notification_list"),
    ]
    leaks = []
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
        body = response.content.decode("utf-8", "replace") if "xlsx" not in url else _xlsx_text(response.content)
        leaks += [(url, s) for s in secrets if s in body]
        leaks += [(url, n) for n in PRISON_NUMBER.findall(body) if n in numbers]
    assert not leaks, sorted(set(leaks))
    _the_case_reference_stands_where_the_person_was_shown(world, personas, client)
    _buying_nationally_shows_the_case_reference(world, client, secrets)


def _buying_nationally_shows_the_case_reference(world: dict[str, Any], client: Client, secrets: list[str]) -> None:
    """The contract manager types a prison number to buy nationally: the check page answers with the
    person's case reference, not who they are (nor the number back)."""
    from ttg.people.models import Person

    national = world["national"]
    answers = {"prison_number": PAYMENTS_PRISON_NUMBER, "item": national.item_id, "units": 1, "purchaser_kind": "national"}
    assert client.post(reverse("payments_buy"), answers).status_code == 302
    body = client.get(reverse("payments_buy_check")).content.decode()
    assert case_reference(Person.objects.get(prison_number=PAYMENTS_PRISON_NUMBER)) in body
    assert not [s for s in secrets if s in body]


# Where a person was shown (name, prison number) to whoever may identify them.
SHOWN_PERSON = [
    "payments_purchases",
    "payments_purchase",
    "payments_claim",
    "payments_claims_export",
    "api_purchases",
    "api_purchase",
    "api_claim",
]


def _the_case_reference_stands_where_the_person_was_shown(world: dict[str, Any], personas: dict[str, Any], cm: Client) -> None:
    """The contract manager sees the case reference where the CRC's manager, who may identify the
    person, sees their prison number (the claim's API and the export name no prison number to anyone)."""
    from ttg.people.models import Person

    reference = case_reference(Person.objects.get(prison_number=PAYMENTS_PRISON_NUMBER))
    crc_manager = Client()
    crc_manager.force_login(personas[Role.CRC_MANAGER])
    for name in SHOWN_PERSON:
        url = reverse(name, kwargs=world["kwargs"][name] or None)
        assert reference in cm.get(url).content.decode("utf-8-sig"), name
        if name not in ("payments_claims_export", "api_claim"):
            assert PAYMENTS_PRISON_NUMBER in crc_manager.get(url).content.decode(), name


def _xlsx_text(content: bytes) -> str:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row)


def test_a_case_reference_is_stable_short_and_readable(settings: Any) -> None:
    first = case_reference(42)
    assert first == case_reference(42) != case_reference(43)
    assert re.fullmatch(rf"C-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}", first)
    settings.TTG_PSEUDONYM_KEY = "another key"
    assert case_reference(42) != first  # keyed: not guessable without the service's key
