"""The supply-chain rules' reasons in Welsh (issue 22), their citations still split off, and what the
audit trail stores: English, whoever is reading when it is stored."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.core.rules import split_citations
from ttg.estate.models import Organisation
from ttg.supply_chain import services
from ttg.supply_chain.models import SharingAgreement
from ttg.supply_chain.rules import CATEGORIES, IDENTITY, NEEDS, NPS, Agreement, Membership, Named, in_supply_chain, sharing_covered

AMANI = Named(4, "Amani Community Link")
MERSEYSIDE = Named(10, "Merseyside CRC")
LIVERPOOL = Named(7, "HMP Liverpool")
ISA = Agreement("ISA-1", MERSEYSIDE, AMANI, frozenset({IDENTITY, NEEDS}), date(2019, 6, 1), None)
ROW = Membership(AMANI, MERSEYSIDE, "accommodation", LIVERPOOL, date(2019, 4, 1), None, "MCRC-2019-07")
CITED = ("rule R-R5, in force throughout the service",)


def covered() -> str:
    return sharing_covered([ISA], discloser=MERSEYSIDE, recipient=AMANI, categories=(IDENTITY, NEEDS), on=date(2019, 9, 2)).reasons[0]


def test_a_reason_is_welsh_for_a_welsh_reader_and_keeps_its_citation() -> None:
    with translation.override("cy"):
        welsh = covered()
        member = in_supply_chain([ROW], AMANI, MERSEYSIDE, "accommodation", LIVERPOOL, date(2019, 9, 2)).reasons[0]
        missing = sharing_covered([], discloser=Named(None, NPS), recipient=AMANI, categories=(NEEDS,), on=date(2019, 9, 2)).reasons
    words, cited = split_citations(welsh)
    assert words == (
        "Caiff Amani Community Link dderbyn hunaniaeth ac anghenion adsefydlu gan Merseyside CRC ar 2 Medi 2019 o dan gytundeb rhannu "
        "gwybodaeth ISA-1."
    )
    assert cited == CITED
    assert split_citations(member)[0] == (
        "Mae Amani Community Link yng nghadwyn gyflenwi Merseyside CRC ar gyfer llety yn HMP Liverpool ers 1 Ebrill 2019 o dan gontract MCRC-2019-07."
    )
    assert missing[0].startswith("Nid oes gan Gwasanaeth Prawf Cenedlaethol gytundeb rhannu gwybodaeth gyda Amani Community Link")
    assert missing[-1] == "Gall gweinyddwr gofnodi un."


def test_the_same_reason_is_english_otherwise() -> None:
    with translation.override("en-gb"):
        assert covered() == (
            "Amani Community Link may receive identity and resettlement needs from Merseyside CRC on 2 September 2019 under "
            "information-sharing agreement ISA-1 (rule R-R5, in force throughout the service)."
        )


@pytest.mark.django_db
def test_the_audit_trail_is_written_in_english_while_the_reader_reads_welsh(personas: dict[str, Any]) -> None:
    amani = Organisation.objects.get(name="Amani Community Link")
    admin = personas[Role.ADMINISTRATOR]
    with translation.override("cy"):
        made = services.record_agreement(
            crc=None,
            organisation=amani,
            reference="ISA-CY",
            purpose="p",
            lawful_basis="b",
            categories=list(CATEGORIES),
            valid_from=date(2019, 9, 2),
            signed_copy_reference="s",
            by=admin,
        )
        assert made.discloser_name == "Gwasanaeth Prawf Cenedlaethol"  # shown in the reader's language
        coverage = sharing_covered(
            [], discloser=Named(None, NPS), recipient=Named(amani.pk, amani.name), categories=(IDENTITY, NEEDS), on=date(2019, 9, 2)
        )
        services.record_disclosure(
            by=admin, person_id=1, recipient=amani, discloser_crc=None, coverage=coverage, categories=[IDENTITY, NEEDS], purpose="a test"
        )
    added = AuditEvent.objects.get(action="supply_chain.sharingagreement.add", object_id=str(made.pk))
    assert added.reason == f"Information-sharing agreement between National Probation Service and {amani}"
    disclosed = AuditEvent.objects.filter(action="people.person.disclose").latest("pk")
    assert disclosed.reason.startswith(
        "Disclosed identity and resettlement needs to Amani Community Link by National Probation Service for a test"
    )
    assert disclosed.after is not None and disclosed.after["discloser"] == "National Probation Service"


@pytest.mark.django_db
def test_the_agreement_pages_name_the_categories_and_the_nps_in_welsh(client_for: Any) -> None:
    reader = client_for(Role.CONTRACT_MANAGER)
    nps = SharingAgreement.objects.get(reference="ISA-NPS-2019-04")
    english = html.unescape(reader.get(reverse("sharing_agreement", args=[nps.pk])).content.decode())
    assert "National Probation Service" in english and "Identity: first name, last name and prison number" in english
    reader.cookies["django_language"] = "cy"
    page = html.unescape(reader.get(reverse("sharing_agreement", args=[nps.pk])).content.decode())
    assert "Gwasanaeth Prawf Cenedlaethol" in page and "Hunaniaeth: enw cyntaf, cyfenw a rhif carchar" in page
    listed = html.unescape(reader.get(reverse("sharing_agreements")).content.decode())
    assert "Dalfa a rhyddhau" in listed and "National Probation Service" not in listed
