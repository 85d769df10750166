"""Demo contract assurance (run by load_demo): samuel.adeyemi's audit sample of Merseyside CRC's cases
received from June to August 2019, with one finding and one action helen.price agreed, once the feed
has brought people; an issue aisha.begum (Mersey Women's Centre) raised about the centre's unpaid June
claim, once payments' demo has made it; and an engagement log between
Merseyside CRC and the centre with a meeting held and the centre's "no engagement" with Cheshire and
Greater Manchester CRC. Idempotent; every write through services.py, on the day it happened."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.test.utils import override_settings

from ttg.accounts.constants import Role
from ttg.estate.models import CRC, Organisation

from . import selectors, services
from .constants import EngagementKind, Evidence, IssueTopic, Rating
from .models import AuditSample, ContractIssue, Engagement

SEED = 20190902
ISSUE_SUMMARY = "Our June claim to Merseyside CRC is still unpaid"


def _at(day: str, hour: str = "10:00") -> Any:
    return override_settings(TTG_NOW=f"{day}T{hour}:00+01:00")


def load_sample(users: dict[str, Any]) -> int:
    cm, manager = users[Role.CONTRACT_MANAGER], users[Role.CRC_MANAGER]
    crc = CRC.objects.get(code="MERSEYSIDE")
    if AuditSample.objects.filter(crc=crc, seed=SEED).exists():
        return 0
    start, end = date(2019, 6, 1), date(2019, 8, 31)
    if not services.cases_in_period(crc, start, end).exists():
        return 0  # no people yet: the custody feed brings them (make run)
    with _at("2019-09-01"):
        sample = services.draw_sample(crc=crc, period_start=start, period_end=end, size=5, seed=SEED, by=cm)
        first = sample.cases.order_by("position")[0]  # type: ignore[attr-defined]
        services.check_case(
            case=first,
            evidence=[Evidence.BCST1, Evidence.BCST2],
            finding="BCST1 done on the day of reception. BCST2 done, but no resettlement plan was on the record 10 working days later.",
            rating=Rating.PARTLY,
            by=cm,
        )
        action = services.add_action(
            sample=sample,
            case=first,
            what="Check every reception in August for a plan agreed within the working-day deadline, and report the gaps.",
            due_on=date(2019, 9, 27),
            by=cm,
        )
    with _at("2019-09-02", "09:00"):
        services.respond_to_action(action=action, agree=True, response="Agreed: our team leader will report by 27 September.", by=manager)
    return 1


def load_issue(users: dict[str, Any]) -> int:
    """Once the payments demo has made the centre's claims (after the custody feed): the June one is unpaid."""
    partner = users[Role.PARTNER_CASEWORKER]
    if ContractIssue.objects.filter(summary=ISSUE_SUMMARY).exists():
        return 0
    crc = CRC.objects.get(code="MERSEYSIDE")
    claim = selectors.unpaid_claims(partner).filter(crc=crc).first()
    if claim is None:
        return 0
    with _at("2019-09-01"):
        services.raise_issue(
            crc=crc,
            topic=IssueTopic.PAYMENT,
            summary=ISSUE_SUMMARY,
            details="We delivered key-work sessions in June and claimed on 1 July. Nothing has been paid and nobody has told us why.",
            claim=claim,
            by=partner,
        )
    return 1


def load_engagement(users: dict[str, Any]) -> int:
    if Engagement.objects.exists():
        return 0
    manager, partner = users[Role.CRC_MANAGER], users[Role.PARTNER_CASEWORKER]
    centre = Organisation.objects.get(name="Mersey Women's Centre")
    merseyside, cheshire = CRC.objects.get(code="MERSEYSIDE"), CRC.objects.get(code="CHESHIRE_GM")
    with _at("2019-07-15"):
        services.record_engagement(
            crc=merseyside, organisation=centre, kind=EngagementKind.REQUESTED, on=date(2019, 7, 29), note="Quarterly review", by=manager
        )
    with _at("2019-07-29"):
        services.record_engagement(
            crc=merseyside,
            organisation=centre,
            kind=EngagementKind.HELD,
            on=date(2019, 7, 29),
            note="Quarterly review of referrals and the key-work sessions at HMP Styal.",
            by=manager,
        )
    with _at("2019-08-28"):
        services.record_engagement(
            crc=cheshire,
            organisation=centre,
            kind=EngagementKind.NO_ENGAGEMENT,
            on=date(2019, 8, 28),
            note="We have asked three times since April to meet about the women at HMP Styal, with no reply.",
            by=partner,
        )
    return 3


@transaction.atomic
def load_assurance(users: dict[str, Any]) -> dict[str, int]:
    return {"samples": load_sample(users), "issues": load_issue(users), "engagement": load_engagement(users)}
