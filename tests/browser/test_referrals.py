"""Referrals in the browser, with axe on every page: tom.okafor refers a plan activity to Mersey
Women's Centre; aisha.begum accepts it, records a session and the outcomes, and closes it; tom sees
the end-of-service summary. Then the partner's other pages and the contract manager's counts."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import PERSONA_USERNAMES
from tests.browser.conftest import check_page, sign_in
from ttg.accounts.constants import Role
from ttg.screening.tests.test_journeys import complete, feed, period, reception

pytestmark = pytest.mark.browser


@pytest.fixture
def planned(browser_personas: dict[str, Any]) -> str:
    """A person with BCST1 and BCST2 (a need on the ETE pathway) and a proposed plan: the ETE activity's URL."""
    from ttg.plans.catalogue.loader import load_initial_catalogue
    from ttg.plans.plan import services as plan_services
    from ttg.referrals.outcomes import load_desired_outcomes
    from ttg.screening import questions, services
    from ttg.screening.models import Kind

    load_initial_catalogue()
    load_desired_outcomes()
    feed(reception("p1", "A1111AA", at="2019-08-30T09:30:00+01:00"))
    received = period("A1111AA")
    for kind, by, overrides in (
        (Kind.BCST1, Role.PRISON_OFFICER, {}),
        (Kind.BCST2, Role.TTG_CASEWORKER, {"ete_problem": "2", "job_on_release": "no"}),
    ):
        qs = questions.question_set(kind, received.reception_date)
        services.submit_answers(period=received, kind=kind, answers=complete(qs, **overrides), by=browser_personas[by])
    plan = plan_services.propose(period=received, by=browser_personas[Role.TTG_CASEWORKER])
    activity = plan.activities.filter(pathway="ete").order_by("order", "id").first()
    assert activity is not None
    return f"/people/A1111AA/plan/activities/{activity.pk}/"


def test_refer_accept_work_close_and_see_the_result(page: Any, new_page: Any, planned: str) -> None:
    sign_in(page, PERSONA_USERNAMES[Role.TTG_CASEWORKER], name="referral-caseworker-sign-in")
    page.goto(planned)
    page.get_by_role("link", name="Refer to a partner organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose an organisation")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose an organisation")
    check_page(page, "referral-organisation-error")
    page.get_by_label("Mersey Women's Centre").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("The need and desired outcomes")
    check_page(page, "referral-need")
    page.get_by_label("What does the person need from the organisation?").fill("Help finding work on release")
    page.get_by_label("Has a CV and a plan for work or training").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("What the organisation will see")
    check_page(page, "referral-share")
    page.get_by_label("What else does the organisation need to know?").fill("Best reached in the mornings")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("The person's consent")
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("the referral cannot be sent")
    check_page(page, "referral-consent-refused")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill("2019")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("How the work is funded")
    check_page(page, "referral-funding")
    page.get_by_label("Supply-chain contract").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending the referral")
    expect(page.get_by_text("Best reached in the mornings")).to_be_visible()
    check_page(page, "referral-check")
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator(".govuk-notification-banner, .govuk-body").first).to_be_visible()
    expect(page.get_by_text("Referral sent to Mersey Women's Centre")).to_be_visible()
    check_page(page, "referral-sent")
    referral_url = page.url

    partner = new_page()
    sign_in(partner, PERSONA_USERNAMES[Role.PARTNER_CASEWORKER], name="referral-partner-sign-in")
    new = partner.locator("#waiting li", has=partner.get_by_role("link", name="New referrals"))
    expect(new.locator(".govuk-task-list__status")).to_have_text("1")
    check_page(partner, "referral-partner-home")
    new.get_by_role("link", name="New referrals").click()
    check_page(partner, "referral-inbox-new")
    partner.locator("table a.govuk-link").first.click()
    expect(partner.get_by_text("Best reached in the mornings")).to_be_visible()
    check_page(partner, "referral-partner-new")
    partner.get_by_role("button", name="Accept referral").click()
    expect(partner.get_by_text("Referral accepted")).to_be_visible()
    check_page(partner, "referral-partner-accepted")

    partner.get_by_role("link", name="Record a contact or session").click()
    partner.get_by_label("Did not happen").check()
    partner.get_by_role("button", name="Record session").click()
    expect(partner.locator(".govuk-error-summary")).to_contain_text("Enter the date of the session")
    expect(partner.locator(".govuk-error-summary")).to_contain_text("Give the reason")
    check_page(partner, "referral-session-error")
    partner.get_by_label("Day").fill("2")
    partner.get_by_label("Month").fill("9")
    partner.get_by_label("Year").fill("2019")
    partner.get_by_label("In person").check()
    partner.get_by_label("Attended", exact=True).check()
    partner.get_by_role("button", name="Record session").click()
    expect(partner.get_by_text("Session recorded")).to_be_visible()

    partner.get_by_role("link", name="Record outcomes").click()
    check_page(partner, "referral-outcomes")
    partner.get_by_label("Achieved", exact=True).check()
    partner.get_by_role("button", name="Save outcomes").click()
    expect(partner.get_by_text("Outcomes recorded")).to_be_visible()

    partner.get_by_role("link", name="Add a case note").click()
    partner.get_by_label("Case note").fill("CV written together")
    partner.get_by_role("button", name="Add case note").click()

    partner.get_by_role("link", name="Close with an end-of-service summary").click()
    check_page(partner, "referral-close")
    partner.get_by_label("End-of-service summary").fill("CV done; two applications sent.")
    partner.get_by_role("button", name="Close referral").click()
    expect(partner.get_by_text("Referral closed")).to_be_visible()
    check_page(partner, "referral-partner-completed")
    partner.goto("/partner/referrals/?tab=completed")
    check_page(partner, "referral-inbox-completed")
    partner.goto("/partner/unfunded-work/new/")
    partner.get_by_role("button", name="Record unfunded work").click()
    expect(partner.locator(".govuk-error-summary")).to_contain_text("Give your reference")
    check_page(partner, "referral-unfunded-error")
    partner.get_by_label("Your reference for the person").fill("MWC-9")
    partner.get_by_label("Day").fill("2")
    partner.get_by_label("Month").fill("9")
    partner.get_by_label("Year").fill("2019")
    partner.get_by_label("Support for women who have been abused, raped or experienced domestic violence").check()
    partner.get_by_label("What did you do?").fill("Drop-in support")
    partner.get_by_label("Hours").fill("1.5")
    partner.get_by_role("button", name="Record unfunded work").click()
    expect(partner.get_by_text("1.50 hours in total")).to_be_visible()
    check_page(partner, "referral-unfunded-list")

    page.goto(referral_url)
    expect(page.get_by_text("CV done; two applications sent.")).to_be_visible()
    expect(page.get_by_text("CV written together")).to_be_visible()
    check_page(page, "referral-referrer-completed")
    page.goto("/referrals/")
    check_page(page, "referral-list")

    manager = new_page()
    sign_in(manager, PERSONA_USERNAMES[Role.CONTRACT_MANAGER], name="referral-manager-sign-in")
    manager.goto("/referrals/summary/")
    expect(manager.get_by_role("heading", level=1)).to_contain_text("summary")
    check_page(manager, "referral-summary")


def test_the_referrer_adds_the_purchase_and_the_partners_session_is_claimed(
    page: Any, new_page: Any, planned: str, browser_personas: dict[str, Any]
) -> None:
    """Issue 7, R-F3: a rate-card referral whose purchase asked for was refused is unfunded to both sides
    until the referrer adds another purchase; then both see it funded, and the partner's attended
    session becomes a claim line."""
    from ttg.payments import services as payments
    from ttg.payments.models import RateCardItem
    from ttg.plans.plan.models import PlanActivity
    from ttg.referrals import services
    from ttg.referrals.models import DesiredOutcome

    personas = browser_personas
    activity = PlanActivity.objects.select_related("plan__custody_period").get(pk=int(planned.rstrip("/").rsplit("/", 1)[1]))
    partner_user = personas[Role.PARTNER_CASEWORKER]
    item = RateCardItem.objects.get(rate_card__crc__code="MERSEYSIDE", rate_card__published=True, title="Women's centre key-work session")
    referral = services.send(
        activity=activity,
        organisation=partner_user.organisation,
        need="Help finding work on release",
        desired_outcomes=list(DesiredOutcome.objects.filter(pathway="ete")[:1]),
        shared=["first_name", "prison_number"],
        consent_given=True,
        consent_on=activity.plan.custody_period.reception_date,
        funding="rate_card",
        service=item,
        units=6,
        by=personas[Role.TTG_CASEWORKER],
    )
    assert referral.purchase is not None
    refused = f"Unfunded: Merseyside CRC refused purchase {referral.purchase.reference}"
    payments.decide_purchase(
        purchase=referral.purchase, approve=False, reason="Six is too many: ask for two", by=personas[Role.CRC_MANAGER]
    )
    # Merseyside CRC buys two of its partner's sessions for this person (R-F2: a resettlement prison it serves).
    bought = payments.make_purchase(
        by=personas[Role.CRC_MANAGER], custody_period=activity.plan.custody_period, item=item, units=2, purchaser_kind="crc"
    )

    sign_in(page, PERSONA_USERNAMES[Role.TTG_CASEWORKER], name="purchase-caseworker-sign-in")
    page.goto(f"/referrals/{referral.pk}/")
    expect(page.get_by_text(refused)).to_be_visible()
    expect(page.locator(".govuk-tag--red", has_text="Unfunded")).to_be_visible()
    check_page(page, "referral-funding-before")

    partner = new_page()
    sign_in(partner, PERSONA_USERNAMES[Role.PARTNER_CASEWORKER], name="purchase-partner-sign-in")
    partner.goto(f"/partner/referrals/{referral.pk}/")
    expect(partner.get_by_text(refused)).to_be_visible()
    check_page(partner, "referral-funding-partner-before")

    page.get_by_role("link", name="Add the purchase").click()
    expect(page.get_by_text(f"{bought.reference}: Women's centre key-work session, 2")).to_be_visible()
    check_page(page, "referral-add-purchase")
    page.get_by_role("button", name="Add the purchase").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the purchase reference")
    check_page(page, "referral-add-purchase-error")
    page.get_by_label("Purchase reference").fill("P0000-NOSUCH")
    page.get_by_role("button", name="Add the purchase").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is no purchase with the reference P0000-NOSUCH")
    page.get_by_label("Purchase reference").fill(bought.reference.lower())  # typed in lower case: still found
    page.get_by_role("button", name="Add the purchase").click()
    funded = f"Rate-card purchase {bought.reference}: 2 of 2 units left"
    expect(page.get_by_text(funded)).to_be_visible()
    expect(page.locator(".govuk-tag--red", has_text="Unfunded")).to_have_count(0)
    expect(page.get_by_role("link", name="Add the purchase")).to_have_count(0)
    check_page(page, "referral-funding-after")

    partner.reload()
    expect(partner.get_by_text(funded)).to_be_visible()
    partner.get_by_role("button", name="Accept referral").click()
    partner.get_by_role("link", name="Record a contact or session").click()
    partner.get_by_label("Day").fill("2")
    partner.get_by_label("Month").fill("9")
    partner.get_by_label("Year").fill("2019")
    partner.get_by_label("In person").check()
    partner.get_by_label("Attended", exact=True).check()
    partner.get_by_role("button", name="Record session").click()
    expect(partner.get_by_text("Session recorded")).to_be_visible()
    expect(partner.get_by_text(f"Rate-card purchase {bought.reference}: 1 of 2 units left")).to_be_visible()
    check_page(partner, "referral-funding-partner-after")

    # The purchase: one unit delivered; the partner's claim to the CRC has the line, with nobody taking a step.
    partner.goto(f"/purchases/{bought.reference}/")
    expect(partner.get_by_text("1 (1 left)")).to_be_visible()
    expect(partner.get_by_role("table", name="Delivery recorded").locator("tbody tr")).to_have_count(1)
    check_page(partner, "referral-funding-purchase")
    from ttg.payments.models import ClaimLine

    line = ClaimLine.objects.select_related("claim").get(delivery__purchase=bought)
    assert (line.amount_pence, line.claim.claimant_name, line.claim.payer_name) == (8000, "Mersey Women's Centre", "Merseyside CRC")
    partner.goto(f"/claims/{line.claim_id}/")
    lines = partner.get_by_role("table", name="Lines").locator("tbody tr")
    expect(lines).to_have_count(1)
    expect(lines.first).to_contain_text(bought.reference)
    expect(lines.first).to_contain_text("£80.00")
    check_page(partner, "referral-funding-claim")


def test_the_partner_sees_the_work_not_yet_funded_and_who_was_asked_then_funded(
    page: Any, new_page: Any, planned: str, browser_personas: dict[str, Any]
) -> None:
    """Issue 15, R-F3: tom.okafor refers asking Merseyside CRC to buy 3 key-work sessions; aisha.begum
    sees the work is not yet funded and who was asked, accepts, and holds a session in good faith; when
    helen.price authorises the purchase, the earlier session is claimed, and both see it funded."""
    from ttg.payments.models import ClaimLine

    sign_in(page, PERSONA_USERNAMES[Role.TTG_CASEWORKER], name="asked-caseworker-sign-in")
    page.goto(planned)
    page.get_by_role("link", name="Refer to a partner organisation").click()
    page.get_by_label("Mersey Women's Centre").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("What does the person need from the organisation?").fill("Key-work support before and after release")
    page.get_by_label("Has a CV and a plan for work or training").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # what to share: as offered
    page.get_by_label("Yes").check()
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill("2019")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How the work is funded")
    page.get_by_label("Rate-card purchase").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("carries its purchase from the start")
    check_page(page, "asked-funding-error")
    page.get_by_label("Women's centre key-work session").check()
    page.get_by_label("How many units?").fill("3")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Rate-card purchase asked of Merseyside CRC: 3 × Women's centre key-work session")).to_be_visible()
    check_page(page, "asked-check")
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_text("Merseyside CRC has been asked to authorise purchase")).to_be_visible()
    referral_url = page.url
    check_page(page, "asked-referrer")

    partner = new_page()
    sign_in(partner, PERSONA_USERNAMES[Role.PARTNER_CASEWORKER], name="asked-partner-sign-in")
    partner.goto(referral_url.replace("/referrals/", "/partner/referrals/"))
    expect(partner.locator(".govuk-tag--yellow", has_text="Not yet funded")).to_be_visible()
    expect(partner.locator("#funding-asked")).to_have_text("Asked: Merseyside CRC (Helen Price)")
    check_page(partner, "asked-partner-before")
    partner.get_by_role("button", name="Accept referral").click()
    partner.get_by_role("link", name="Record a contact or session").click()
    partner.get_by_label("Day").fill("2")
    partner.get_by_label("Month").fill("9")
    partner.get_by_label("Year").fill("2019")
    partner.get_by_label("In person").check()
    partner.get_by_label("Attended", exact=True).check()
    partner.get_by_role("button", name="Record session").click()
    expect(partner.get_by_text("Session recorded")).to_be_visible()
    work = partner.get_by_role("table", name="Funding of the work recorded").locator("tbody tr")
    expect(work).to_have_count(1)
    expect(work.first).to_contain_text("Not yet funded: purchase")
    expect(work.first).to_contain_text("is waiting for Merseyside CRC to authorise it")
    check_page(partner, "asked-partner-session-held")
    assert not ClaimLine.objects.exists()

    manager = new_page()
    sign_in(manager, PERSONA_USERNAMES[Role.CRC_MANAGER], name="asked-manager-sign-in")
    manager.goto("/purchases/")
    expect(manager.get_by_role("heading", name="Purchases asked for, to decide on")).to_be_visible()
    check_page(manager, "asked-purchases")
    manager.get_by_role("table", name="Purchases asked for, waiting for your decision").get_by_role("link").first.click()
    expect(manager.get_by_text("Not yet funded: waiting for the purchaser")).to_be_visible()
    check_page(manager, "asked-purchase")
    manager.get_by_role("button", name="Save the decision").click()
    expect(manager.locator(".govuk-error-summary")).to_contain_text("Select whether to authorise or refuse the purchase")
    check_page(manager, "asked-purchase-error")
    manager.get_by_label("Authorise it").check()
    manager.get_by_role("button", name="Save the decision").click()
    expect(manager.get_by_text("the work recorded since it was asked for is claimed")).to_be_visible()
    expect(manager.get_by_text("Funded: purchase authorised")).to_be_visible()
    check_page(manager, "asked-purchase-authorised")

    partner.reload()
    expect(partner.get_by_text("Not yet funded")).to_have_count(0)
    expect(partner.get_by_text(": 2 of 3 units left")).to_be_visible()
    expect(work.first).to_contain_text("Claimed")
    check_page(partner, "asked-partner-funded")
    line = ClaimLine.objects.select_related("claim", "delivery").get()
    assert (line.amount_pence, line.claim.claimant_name, line.claim.payer_name) == (8000, "Mersey Women's Centre", "Merseyside CRC")
