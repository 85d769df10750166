"""The payments pages as each role uses them: buying, seeing the purchase, delivering, claiming,
approving, paying; the rate card; funding; exports; errors that name the field; fixed query counts."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.test.utils import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.payments import services
from ttg.payments.constants import ClaimStatus
from ttg.payments.models import Claim, Delivery, Purchase, RateCard

from .conftest import allocate, feed, period_of, reception


def test_a_responsible_officer_buys_through_check_answers(client_for: Any, leaving: Any, sessions: Any) -> None:
    client = client_for(Role.RESPONSIBLE_OFFICER)
    page = client.get(reverse("payments_buy"))
    assert "Women&#39;s centre key-work session" in page.content.decode()
    response = client.post(
        reverse("payments_buy"), {"prison_number": "b1000py", "item": sessions.pk, "units": "6", "purchaser_kind": "individual"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("payments_buy_check")
    check = client.get(reverse("payments_buy_check")).content.decode()
    assert "Jo Bloggs (B1000PY)" in check and "£570.00" in check and "HMP New Hall" in check
    assert AuditEvent.objects.filter(kind="view", object_type="people.Person", actor_username="david.jones").exists()
    done = client.post(reverse("payments_buy_check"))
    bought = Purchase.objects.get()
    assert done["Location"] == reverse("payments_buy_done", kwargs={"reference": bought.reference})
    confirmation = client.get(done["Location"]).content.decode()
    assert bought.reference in confirmation and "Mersey Women&#39;s Centre can see this purchase now" in confirmation
    assert (bought.units_authorised, bought.value_authorised_pence) == (6, 57000)


def test_buying_with_bad_answers_names_each_field(client_for: Any, personas: Any) -> None:
    client = client_for(Role.RESPONSIBLE_OFFICER)
    response = client.post(reverse("payments_buy"), {"prison_number": "12345", "units": "two"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Error:" in body
    for message in (
        "Enter a prison number in the right format, like A1234BC",
        "Select the service to buy",
        "Units must be a whole number, like 6",
    ):
        assert message in body
    assert 'href="#id_prison_number"' in body
    assert not Purchase.objects.exists()


def test_buying_for_someone_in_a_resettlement_prison_is_refused_in_words(client_for: Any, at_altcourse: Any, sessions: Any) -> None:
    client = client_for(Role.RESPONSIBLE_OFFICER)
    client.post(reverse("payments_buy"), {"prison_number": "B2000PY", "item": sessions.pk, "units": "1", "purchaser_kind": "individual"})
    response = client.post(reverse("payments_buy_check"))
    assert response.status_code == 200
    assert "HMP Altcourse is a resettlement prison on 2 September 2019" in response.content.decode()
    assert not Purchase.objects.exists()


def test_the_partner_sees_the_purchase_before_starting_and_records_delivery_once(client_for: Any, purchase: Purchase) -> None:
    client = client_for(Role.PARTNER_CASEWORKER)
    assert purchase.reference in client.get(reverse("payments_purchases")).content.decode()
    page = client.get(reverse("payments_purchase", kwargs={"reference": purchase.reference})).content.decode()
    assert "Funded: purchase authorised" in page and "£285.00" in page
    form = {"token": "tok-1", "units": "1", "delivered_on_0": "2", "delivered_on_1": "9", "delivered_on_2": "2019"}
    url = reverse("payments_delivery", kwargs={"reference": purchase.reference})
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302  # the same form sent twice
    assert Delivery.objects.count() == 1
    assert Claim.objects.get(claimant_organisation__isnull=False).total_pence == 8000


def test_delivery_beyond_the_authority_is_refused_on_the_page(client_for: Any, purchase: Purchase) -> None:
    client = client_for(Role.PARTNER_CASEWORKER)
    url = reverse("payments_delivery", kwargs={"reference": purchase.reference})
    response = client.post(url, {"token": "t", "units": "4", "delivered_on_0": "2", "delivered_on_1": "9", "delivered_on_2": "2019"})
    assert response.status_code == 200
    assert "Only 3 of the 3 units authorised are left, and 4 were recorded" in response.content.decode()
    assert 'href="#id_units"' in response.content.decode()
    assert not Delivery.objects.exists()


def test_another_partner_gets_the_same_404_as_nobody(client_for: Any, purchase: Purchase, personas: Any) -> None:
    from ttg.estate.models import Organisation

    partner = personas[Role.PARTNER_CASEWORKER]
    partner.organisation = Organisation.objects.get(name="Gateway Housing Trust")
    partner.save()
    client = client_for(Role.PARTNER_CASEWORKER)
    assert client.get(reverse("payments_purchase", kwargs={"reference": purchase.reference})).status_code == 404
    assert client.get(reverse("payments_purchase", kwargs={"reference": "P0000-NOPE"})).status_code == 404


def test_the_officer_approves_and_records_payment(client_for: Any, purchase: Purchase, personas: Any) -> None:
    services.record_delivery(purchase=purchase, source_key="s:1", units=1, on=date(2019, 9, 2))
    claim = services.submit_claim(claim=Claim.objects.get(claimant_crc__isnull=False), by=personas[Role.CRC_MANAGER])
    client = client_for(Role.RESPONSIBLE_OFFICER)
    assert f"Claim {claim.pk}" in client.get(reverse("payments_claims") + "?show=to_approve").content.decode()
    assert client.post(reverse("payments_claim_approve", kwargs={"pk": claim.pk})).status_code == 302
    bad = client.post(
        reverse("payments_claim_paid", kwargs={"pk": claim.pk}),
        {"paid_on_0": "3", "paid_on_1": "9", "paid_on_2": "2019", "payment_reference": ""},
    )
    body = bad.content.decode()
    assert "Enter the payment reference" in body
    future = client.post(
        reverse("payments_claim_paid", kwargs={"pk": claim.pk}),
        {"paid_on_0": "3", "paid_on_1": "9", "paid_on_2": "2019", "payment_reference": "BACS-9"},
    )
    assert "The date paid cannot be in the future" in future.content.decode()
    assert 'href="#id_paid_on_0"' in future.content.decode()
    ok = client.post(
        reverse("payments_claim_paid", kwargs={"pk": claim.pk}),
        {"paid_on_0": "2", "paid_on_1": "9", "paid_on_2": "2019", "payment_reference": "BACS-9"},
    )
    assert ok.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.payment_reference) == (ClaimStatus.PAID, "BACS-9")


def test_rejecting_needs_a_reason(client_for: Any, purchase: Purchase, personas: Any) -> None:
    services.record_delivery(purchase=purchase, source_key="s:1", units=1, on=date(2019, 9, 2))
    claim = services.submit_claim(claim=Claim.objects.get(claimant_crc__isnull=False), by=personas[Role.CRC_MANAGER])
    client = client_for(Role.RESPONSIBLE_OFFICER)
    response = client.post(reverse("payments_claim_reject", kwargs={"pk": claim.pk}), {"reason": ""})
    assert "Enter why you are rejecting this claim" in response.content.decode()
    assert client.post(reverse("payments_claim_reject", kwargs={"pk": claim.pk}), {"reason": "Not attended"}).status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.REJECTED


def test_the_crc_manager_drafts_adds_a_partner_service_and_publishes(client_for: Any, card: RateCard) -> None:
    client = client_for(Role.CRC_MANAGER)
    response = client.post(
        reverse("payments_rate_card_draft"), {"in_force_from_0": "1", "in_force_from_1": "10", "in_force_from_2": "2019"}
    )
    draft = RateCard.objects.get(published=False)
    assert response["Location"] == reverse("payments_rate_card", kwargs={"pk": draft.pk})
    assert draft.items.count() == card.items.count()
    bad = client.post(
        reverse("payments_rate_card_item", kwargs={"pk": draft.pk}), {"title": "", "unit": "", "price": "12.345", "partner_price": "5"}
    )
    body = bad.content.decode()
    for message in (
        "Enter the service",
        "Select the pathway",
        "Select what one unit is",
        "The price must be an amount in pounds and pence",
        "Select the partner the CRC pays",
    ):
        assert message in body
    from ttg.estate.models import Organisation

    gateway = Organisation.objects.get(name="Gateway Housing Trust")
    ok = client.post(
        reverse("payments_rate_card_item", kwargs={"pk": draft.pk}),
        {
            "title": "Move-in support",
            "pathway": "accommodation",
            "unit": "hour",
            "price": "£42.50",
            "provider_organisation": gateway.pk,
            "partner_price": "38",
        },
    )
    assert ok.status_code == 302
    item = draft.items.get(title="Move-in support")
    assert (item.price_pence, item.partner_price_pence) == (4250, 3800)
    assert client.post(reverse("payments_rate_card_publish", kwargs={"pk": draft.pk})).status_code == 302
    draft.refresh_from_db()
    assert draft.published
    page = client_for(Role.RESPONSIBLE_OFFICER).get(reverse("payments_rate_card", kwargs={"pk": draft.pk})).content.decode()
    assert "Move-in support" in page and "£42.50" in page


def test_drafts_are_not_visible_to_purchasers(client_for: Any, card: RateCard, personas: Any) -> None:
    draft = services.start_draft(crc=card.crc, in_force_from=date(2019, 10, 1), by=personas[Role.CRC_MANAGER])
    assert client_for(Role.RESPONSIBLE_OFFICER).get(reverse("payments_rate_card", kwargs={"pk": draft.pk})).status_code == 404


def _story(personas: dict[str, Any]) -> None:
    from ttg.payments.demo import load_purchases

    load_purchases(personas)


def test_the_contract_manager_sees_spend_aged_debt_and_escalations(client_for: Any, personas: Any) -> None:
    _story(personas)
    client = client_for(Role.CONTRACT_MANAGER)
    funding = client.get(reverse("payments_funding")).content.decode()
    assert "£22,000,000.00" in funding and "Merseyside CRC" in funding and "Mersey Women&#39;s Centre" in funding
    debt = client.get(reverse("payments_aged_debt")).content.decode()
    assert "61–90 days" in debt and "Escalated" in debt
    escalations = client.get(reverse("payments_escalations")).content.decode()
    assert "Samuel Adeyemi" in escalations


def test_exports_are_exact_and_safe(client_for: Any, personas: Any) -> None:
    _story(personas)
    client = client_for(Role.CONTRACT_MANAGER)
    response = client.get(reverse("payments_claims_export", kwargs={"fmt": "csv"}))
    assert response["Content-Disposition"].startswith('attachment; filename="ttg-claims-2019-09-02.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Claim"
    amounts = {r[13] for r in rows[1:]}
    assert "95.00" in amounts and "80.00" in amounts
    book = load_workbook(io.BytesIO(client.get(reverse("payments_spend_export", kwargs={"fmt": "xlsx"})).content))
    sheet = book.worksheets[0]
    assert sheet.cell(1, 1).value == "Section"
    assert client.get(reverse("payments_claims_export", kwargs={"fmt": "pdf"})).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("role", [Role.CONTRACT_MANAGER, Role.RESPONSIBLE_OFFICER, Role.PARTNER_CASEWORKER, Role.CRC_MANAGER])
def test_the_claims_export_is_logged_as_a_view_of_each_person_in_it(client_for: Any, personas: Any, role: str, fmt: str) -> None:
    """Issue 17 (DPA 2018 s.62): each line names a purchase for a person, so the export logs a view of each, once."""
    _story(personas)
    person = Purchase.objects.get(reference__isnull=False, item__title="Women's centre key-work session").person
    response = client_for(role).get(reverse("payments_claims_export", kwargs={"fmt": fmt}))
    assert response.status_code == 200
    (event,) = AuditEvent.objects.filter(kind="view", object_type="people.Person", object_id=str(person.pk), actor=personas[role])
    assert event.reason.endswith(f"exporting claims ({fmt.upper()}): a line of a claim they may see is for this person")
    assert event.scope_crc is not None and event.scope_crc.code == "MERSEYSIDE"


def test_an_export_with_no_lines_logs_no_view(client_for: Any, personas: Any) -> None:
    assert client_for(Role.CONTRACT_MANAGER).get(reverse("payments_claims_export", kwargs={"fmt": "csv"})).status_code == 200
    assert not AuditEvent.objects.filter(kind="view", actor=personas[Role.CONTRACT_MANAGER]).exists()


def test_the_claims_export_writes_a_formula_as_text(client_for: Any, personas: Any) -> None:
    """Issue 17: a payment reference like =HYPERLINK(...) is text in both files (ttg.core.spreadsheets)."""
    _story(personas)
    attack = '=HYPERLINK("http://evil.example","Paid")'
    Claim.objects.filter(status=ClaimStatus.PAID).update(payment_reference=attack)
    client = client_for(Role.CONTRACT_MANAGER)
    rows = list(csv.reader(io.StringIO(client.get(reverse("payments_claims_export", kwargs={"fmt": "csv"})).content.decode("utf-8-sig"))))
    assert "'" + attack in {r[7] for r in rows[1:]}
    book = load_workbook(io.BytesIO(client.get(reverse("payments_claims_export", kwargs={"fmt": "xlsx"})).content))
    references = {row[7].value for row in book.worksheets[0].iter_rows(min_row=2)}
    assert "'" + attack in references and attack not in references


def _more_purchases(personas: dict[str, Any], start: int, n: int, sessions: Any) -> None:
    for i in range(start, start + n):
        number = f"C{1000 + i}PY"
        feed(reception(f"q{number}", number, prison="NHI"))
        period = allocate(period_of(number), personas[Role.RESPONSIBLE_OFFICER])
        bought = services.make_purchase(by=personas[Role.RESPONSIBLE_OFFICER], custody_period=period, item=sessions, units=2)
        with override_settings(TTG_NOW="2019-09-02T10:00:00+01:00"):
            services.record_delivery(purchase=bought, source_key=f"qc:{number}", units=1, on=date(2019, 9, 2))


@pytest.mark.parametrize(
    ("role", "name"),
    [
        (Role.RESPONSIBLE_OFFICER, "payments_purchases"),
        (Role.PARTNER_CASEWORKER, "payments_purchases"),
        (Role.CRC_MANAGER, "payments_claims"),
        (Role.CONTRACT_MANAGER, "payments_claims"),
        (Role.CONTRACT_MANAGER, "payments_aged_debt"),
        (Role.CONTRACT_MANAGER, "payments_escalations"),
        (Role.CONTRACT_MANAGER, "payments_funding"),
        (Role.RESPONSIBLE_OFFICER, "payments_rate_cards"),
        (Role.RESPONSIBLE_OFFICER, "payments_buy"),
    ],
)
def test_list_pages_take_a_fixed_number_of_queries(
    role: str, name: str, client_for: Any, personas: Any, sessions: Any, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(role)

    def grow(start: int, n: int) -> None:
        _more_purchases(personas, start, n, sessions)
        for claim in Claim.objects.filter(status=ClaimStatus.DRAFT):
            services.submit_claim(
                claim=claim, by=personas[Role.CRC_MANAGER] if claim.claimant_crc_id else personas[Role.PARTNER_CASEWORKER]
            )
        services.escalate_unpaid_claims(today=date(2019, 12, 1))

    grow(0, 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(name)).status_code == 200
    grow(1, 5)  # five more people, purchases and deliveries; new claims, escalated
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(name)).status_code == 200
