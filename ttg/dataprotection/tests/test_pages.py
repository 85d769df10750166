"""Subject access pages and command (administrators), accuracy disputes (whoever sees the person)."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.access_matrix import MATRIX_PERSON, MATRIX_PRISON_NUMBER, _person_at_altcourse, _screened_person
from ttg.accounts.constants import Role
from ttg.core import personal_data
from ttg.core.models import AuditEvent
from ttg.dataprotection.models import AccuracyDispute, LegalHold
from ttg.people.models import Person

EXPORT = "dataprotection.subject_access.export"


@pytest.fixture
def person(personas: dict[str, Any]) -> Person:
    _screened_person(personas)
    return Person.objects.get(prison_number=MATRIX_PRISON_NUMBER)


def _exports(person: Person) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=EXPORT, object_id=str(person.pk)))


def test_the_command_exports_every_registered_model_as_json_and_logs_it(person: Person) -> None:
    out = StringIO()
    call_command("subject_access_export", MATRIX_PRISON_NUMBER.lower(), "--format", "json", "--reason", "SAR-42", stdout=out)
    doc = json.loads(out.getvalue())
    assert [s["model"] for s in doc["sections"]] == [h.label for h in personal_data.holdings()]
    sections = {s["model"]: s for s in doc["sections"]}
    assert sections["people.Person"]["rows"][0]["first_name"] == MATRIX_PERSON[0]
    assert len(sections["screening.Screening"]["rows"]) == 1
    assert {f["name"]: f["category"] for f in sections["people.Person"]["fields"]}["ethnicity"] == "special category"
    (event,) = _exports(person)
    assert event.actor is None and event.reason == "SAR-42 [json]"


def test_the_command_writes_html(person: Person, tmp_path: Any) -> None:
    target = tmp_path / "sar.html"
    call_command("subject_access_export", MATRIX_PRISON_NUMBER, "--format", "html", "--output", str(target), stderr=StringIO())
    html = target.read_text()
    assert "<h1>Everything held about M1234AT</h1>" in html and "Screenings (BCST1 and BCST2) (1)" in html
    assert len(_exports(person)) == 1


def test_the_command_makes_a_pdf(person: Person, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF is WeasyPrint's rendering of the standalone page (a small one here: a full export takes seconds)."""
    from ttg.dataprotection import export

    monkeypatch.setattr(export, "as_html", lambda person: f"<html lang='en'><title>{person.prison_number}</title><p>Sam</p></html>")
    target = tmp_path / "sar.pdf"
    call_command("subject_access_export", MATRIX_PRISON_NUMBER, "--format", "pdf", "--output", str(target), stderr=StringIO())
    assert target.read_bytes().startswith(b"%PDF-")
    assert [e.reason for e in _exports(person)] == ["Subject access request (command line) [pdf]"]


def test_an_administrator_finds_a_person_by_posting_and_exports(person: Person, client_for: Any) -> None:
    client = client_for(Role.ADMINISTRATOR)
    response = client.post(reverse("dataprotection_find"), {"prison_number": "m1234at"})
    assert response.status_code == 302 and response["Location"] == reverse("dataprotection_person", args=[MATRIX_PRISON_NUMBER])
    page = client.get(response["Location"]).content.decode()
    assert f"{MATRIX_PERSON[0]} {MATRIX_PERSON[1]}" in page and "Not due: the person is in custody" in page
    html = client.get(reverse("subject_access_export", args=[MATRIX_PRISON_NUMBER]))
    assert html.status_code == 200 and "Custody feed events" in html.content.decode()
    download = client.get(reverse("subject_access_export_json", args=[MATRIX_PRISON_NUMBER]))
    assert download["Content-Disposition"] == 'attachment; filename="subject-access-M1234AT.json"'
    assert json.loads(download.content)["prison_number"] == MATRIX_PRISON_NUMBER
    assert [e.reason for e in _exports(person)] == [
        "Subject access request (UK GDPR Article 15) [json]",
        "Subject access request (UK GDPR Article 15) [html]",
    ]  # newest first


def test_an_unknown_prison_number_is_an_error_on_the_form(person: Person, client_for: Any) -> None:
    page = client_for(Role.ADMINISTRATOR).post(reverse("dataprotection_find"), {"prison_number": "A0000AA"}).content.decode()
    assert "Nobody with that prison number is held in the service" in page
    page = client_for(Role.ADMINISTRATOR).post(reverse("dataprotection_find"), {"prison_number": "<script>"}).content.decode()
    assert "Enter a prison number in the right format" in page


def test_others_cannot_export(person: Person, client_for: Any) -> None:
    for role in (Role.TTG_CASEWORKER, Role.CONTRACT_MANAGER):
        assert client_for(role).get(reverse("subject_access_export_json", args=[MATRIX_PRISON_NUMBER])).status_code == 403
    assert _exports(person) == []


def test_placing_a_hold_from_the_page(person: Person, client_for: Any) -> None:
    client = client_for(Role.ADMINISTRATOR)
    assert (
        "Enter why the record must be kept"
        in client.post(reverse("legal_hold_add", args=[MATRIX_PRISON_NUMBER]), {"reason": ""}).content.decode()
    )
    response = client.post(reverse("legal_hold_add", args=[MATRIX_PRISON_NUMBER]), {"reason": "Inquiry INQ-7"})
    assert response.status_code == 302
    hold = LegalHold.objects.get(person=person)
    assert hold.in_force and hold.set_by.role == Role.ADMINISTRATOR
    assert "A legal hold is in force" in client.get(response["Location"]).content.decode()
    client.post(reverse("legal_hold_release", args=[hold.pk]), {"reason": "Inquiry closed"})
    hold.refresh_from_db()
    assert not hold.in_force and hold.release_reason == "Inquiry closed"


def test_a_dispute_is_raised_shown_on_the_record_and_resolved_with_history(person: Person, client_for: Any) -> None:
    caseworker = client_for(Role.TTG_CASEWORKER)
    url = reverse("accuracy_disputes", args=[MATRIX_PRISON_NUMBER])
    page = caseworker.post(url, {"part": "", "person_says": ""}).content.decode()
    assert "Select which part of the record the person says is wrong" in page and "Enter what the person says is wrong" in page
    assert caseworker.post(url, {"part": "date_of_birth", "person_says": "Born 6 May 1980, not 5 May"}).status_code == 302
    record = caseworker.get(reverse("person_detail", args=[MATRIX_PRISON_NUMBER])).content.decode()
    assert "accuracy disputed: 1 open" in record
    assert "Accuracy disputed – Date of birth: the person says this part of their record is wrong (recorded 2 September 2019)." in record
    dispute = AccuracyDispute.objects.get(person=person)
    officer = client_for(Role.PRISON_OFFICER)
    resolve = reverse("accuracy_dispute_resolve", args=[dispute.pk])
    assert "Select the outcome" in officer.post(resolve, {"resolution": "x"}).content.decode()
    assert officer.post(resolve, {"outcome": "corrected", "resolution": "Asked the prison to correct NOMIS"}).status_code == 302
    dispute.refresh_from_db()
    assert dispute.status == "resolved" and dispute.outcome == "corrected"
    assert "Accuracy disputed –" not in caseworker.get(reverse("person_detail", args=[MATRIX_PRISON_NUMBER])).content.decode()
    history = caseworker.get(url).content.decode()
    assert "Born 6 May 1980" in history and "Asked the prison to correct NOMIS" in history
    assert officer.get(resolve).status_code == 404  # resolved: no longer open
    actions = set(AuditEvent.objects.filter(object_type="dataprotection.AccuracyDispute").values_list("action", flat=True))
    assert actions == {"dataprotection.accuracydispute.add", "dataprotection.accuracydispute.resolve"}


def test_staff_elsewhere_see_no_dispute(person: Person, client_for: Any, personas: dict[str, Any]) -> None:
    _person_at_altcourse(personas)
    assert client_for(Role.RESPONSIBLE_OFFICER).get(reverse("accuracy_disputes", args=[MATRIX_PRISON_NUMBER])).status_code == 403
