"""Information-sharing agreements on the pages and the API: who sees which, who records them."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.estate.models import CRC, Organisation
from ttg.supply_chain.models import SharingAgreement

pytestmark = pytest.mark.django_db

FORM = {
    "crc": "MERSEYSIDE",
    "reference": "ISA-MCRC-2019-12",
    "purpose": "Money advice before release",
    "lawful_basis": "UK GDPR Articles 6(1)(e) and 10",
    "categories": ["identity", "custody"],
    "valid_from_0": "2",
    "valid_from_1": "9",
    "valid_from_2": "2019",
    "signed_copy_reference": "Contracts library, file 12",
}


def test_a_crc_manager_records_one_for_their_crc(client_for: Any) -> None:
    client = client_for(Role.CRC_MANAGER)
    amani = Organisation.objects.get(name="Amani Community Link")
    bad = client.post(reverse("sharing_agreement_add"), {**FORM, "organisation": amani.pk, "categories": [], "crc": "CHESHIRE_GM"})
    page = bad.content.decode()
    assert "govuk-error-summary" in page and "Select at least one category" in page and "Select the CRC, or the NPS" in page
    assert client.post(reverse("sharing_agreement_add"), {**FORM, "organisation": amani.pk})["Location"] == reverse(
        "sharing_agreement_check"
    )
    check = client.get(reverse("sharing_agreement_check")).content.decode()
    assert "Custody and release: the prison and the expected release date" in check and "Amani Community Link" in check
    done = client.post(reverse("sharing_agreement_check"))
    made = SharingAgreement.objects.get(reference="ISA-MCRC-2019-12")
    assert done["Location"] == reverse("sharing_agreement", args=[made.pk])
    assert made.categories == ["identity", "custody"] and made.crc == CRC.objects.get(code="MERSEYSIDE")
    assert AuditEvent.objects.filter(action="supply_chain.sharingagreement.add", object_id=str(made.pk)).exists()
    detail = client.get(done["Location"]).content.decode()
    assert "Information-sharing agreement ISA-MCRC-2019-12 recorded" in detail and "Contracts library, file 12" in detail


def test_each_sees_their_own_and_contract_managers_only_read(client_for: Any) -> None:
    theirs = SharingAgreement.objects.get(reference="ISA-CGM-2019-21")
    nps = SharingAgreement.objects.get(reference="ISA-NPS-2019-04")
    manager = client_for(Role.CRC_MANAGER)
    listed = manager.get(reference("sharing_agreements")).content.decode()
    assert "ISA-MCRC-2019-01" in listed and "ISA-CGM-2019-21" not in listed and "ISA-NPS-2019-04" not in listed
    assert "Record an agreement" in listed
    assert manager.get(reference("sharing_agreement", theirs.pk)).status_code == 404  # another CRC's: as if missing
    api = manager.get(reverse("api_sharing_agreements")).json()
    assert {a["reference"] for a in api["results"]} >= {"ISA-MCRC-2019-01"} and "ISA-CGM-2019-21" not in str(api)
    contract_manager = client_for(Role.CONTRACT_MANAGER)
    listed = contract_manager.get(reference("sharing_agreements")).content.decode()
    assert "ISA-CGM-2019-21" in listed and "ISA-NPS-2019-04" in listed and "Record an agreement" not in listed
    assert contract_manager.get(reference("sharing_agreement", nps.pk)).status_code == 200
    assert contract_manager.post(reverse("sharing_agreement_add"), FORM).status_code == 403
    rows = {a["reference"]: a for a in contract_manager.get(reverse("api_sharing_agreements")).json()["results"]}
    assert rows["ISA-NPS-2019-04"]["crc"] is None and rows["ISA-NPS-2019-04"]["discloser"] == "National Probation Service"


def reference(name: str, pk: int | None = None) -> str:
    return reverse(name, args=[pk] if pk is not None else [])


def test_the_list_takes_the_same_queries_however_many(client_for: Any, django_assert_max_num_queries: Any) -> None:
    client = client_for(Role.ADMINISTRATOR)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("sharing_agreements")).status_code == 200
    gateway = Organisation.objects.get(name="Gateway Housing Trust")
    for n in range(10):
        SharingAgreement.objects.create(
            crc=CRC.objects.get(code="MERSEYSIDE"),
            organisation=gateway,
            reference=f"ISA-Q-{n}",
            purpose="p",
            lawful_basis="b",
            categories=["identity"],
            valid_from="2019-01-01",
            signed_copy_reference="s",
            created_at="2019-09-02T09:30:00+01:00",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("sharing_agreements")).status_code == 200
