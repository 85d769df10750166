"""Monitoring meetings and their actions (R-M2), and recording bid namings (Schedule 6): the services
(audited, idempotent on a double submit, refused to anyone else) and the pages, with who sees what."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.core.models import AuditEvent
from ttg.mobilisation import services
from ttg.mobilisation.models import BidNaming, MeetingAction, MobilisationPlan, MonitoringMeeting

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _meeting(c: dict[str, Any], plan: MobilisationPlan) -> MonitoringMeeting:
    return services.record_meeting(plan=plan, held_on=date(2019, 2, 11), attendees="Samuel, Karen", notes="", by=c["contract_manager"])


def test_meetings_and_actions_are_recorded_once_audited_and_closed(cheshire: dict[str, Any], plan: MobilisationPlan) -> None:
    c = cheshire
    seen = AuditEvent.objects.filter(action__startswith="mobilisation.m").count()
    meeting = _meeting(c, plan)
    assert _meeting(c, plan) == meeting  # a double submit
    kwargs: dict[str, Any] = {
        "meeting": meeting,
        "what": "Agree the timetable",
        "owner": "Karen",
        "owner_organisation": None,
        "due_on": date(2019, 3, 1),
    }
    action = services.add_action(**kwargs, by=c["contract_manager"])
    assert services.add_action(**kwargs, by=c["contract_manager"]) == action
    assert MonitoringMeeting.objects.filter(plan=plan).count() == 1 and MeetingAction.objects.filter(meeting=meeting).count() == 1
    with pytest.raises(PermissionDenied):
        services.add_action(**{**kwargs, "what": "Another"}, by=c["manager"])  # the CRC manager does not record actions
    with pytest.raises(PermissionDenied):
        services.mark_action_done(action=action, by=c["governor"])
    with pytest.raises(ValidationError):
        services.add_action(**{**kwargs, "owner": ""}, by=c["contract_manager"])
    done = services.mark_action_done(action=action, done_on=date(2019, 2, 20), by=c["manager"])
    assert (done.status, done.done_on) == ("done", date(2019, 2, 20))
    assert services.mark_action_done(action=action, by=c["contract_manager"]).done_on == date(2019, 2, 20)
    actions = list(AuditEvent.objects.filter(action__startswith="mobilisation.m").order_by("pk").values_list("action", flat=True)[seen:])
    assert sorted(actions) == ["mobilisation.meetingaction.add", "mobilisation.meetingaction.done", "mobilisation.monitoringmeeting.add"]


def test_meeting_pages_for_the_contract_manager_and_the_crc_manager_only(cheshire: dict[str, Any], plan: MobilisationPlan) -> None:
    c = cheshire
    samuel, karen = _client(c["contract_manager"]), _client(c["manager"])
    url = reverse("mobilisation_meeting_add", args=[plan.pk])
    error = samuel.post(url, {"attendees": ""}).content.decode()
    assert "govuk-error-summary" in error and "Enter the date of the meeting" in error and "Enter who attended" in error
    form = {"held_on_0": "11", "held_on_1": "2", "held_on_2": "2019", "attendees": "Samuel, Karen", "notes": "Rooms agreed"}
    assert samuel.post(url, form).status_code == 302
    assert samuel.post(url, form).status_code == 302  # a double submit makes one meeting
    meeting = MonitoringMeeting.objects.get(plan=plan)
    add = reverse("mobilisation_action_add", args=[meeting.pk])
    assert "Enter who owns the action" in samuel.post(add, {"what": "Timetable"}).content.decode()
    form = {"what": "Agree the timetable", "owner": "", "owner_organisation": str(c["centre"].pk)}
    assert samuel.post(add, {**form, "due_on_0": "1", "due_on_1": "3", "due_on_2": "2019"}).status_code == 302
    action = MeetingAction.objects.get(meeting=meeting)
    assert karen.get(add).status_code == 403  # the CRC manager reads, and closes, only
    page = karen.get(reverse("mobilisation_plan", args=[plan.pk])).content.decode()
    assert "Monitoring meetings" in page and "Agree the timetable" in page and "Mersey Women&#39;s Centre" in page
    assert "Mark done" in page and "Add an action" not in page
    assert karen.post(reverse("mobilisation_action_done", args=[action.pk])).status_code == 302
    assert MeetingAction.objects.get(pk=action.pk).status == "done"
    governor = _client(c["governor"]).get(reverse("mobilisation_plan", args=[plan.pk])).content.decode()
    assert "Agree the timetable" not in governor and "Monitoring meetings" not in governor
    wales = User.objects.create(username="wales.manager", role=Role.CRC_MANAGER, crc=c["crc"].__class__.objects.get(code="WALES"))
    assert _client(wales).post(reverse("mobilisation_action_done", args=[action.pk])).status_code == 404


def test_bid_namings_are_recorded_by_the_contract_manager_and_shown_to_the_organisation(cheshire: dict[str, Any]) -> None:
    c = cheshire
    samuel = _client(c["contract_manager"])
    url = reverse("mobilisation_bid_namings")
    error = samuel.post(url, {"crc": str(c["crc"].pk)}).content.decode()
    assert "govuk-error-summary" in error and "Select the organisation" in error
    form = {"crc": str(c["crc"].pk), "organisation": str(c["centre"].pk), "named_for": "Women's centre in-reach at Styal"}
    assert samuel.post(url, form).status_code == 302
    assert samuel.post(url, form).status_code == 302  # one row
    assert BidNaming.objects.filter(crc=c["crc"], organisation=c["centre"]).count() == 1
    assert "Women&#39;s centre in-reach at Styal" in samuel.get(url).content.decode()
    assert "in-reach at Styal" in _client(c["partner"]).get(reverse("mobilisation_commitments")).content.decode()
    assert _client(c["manager"]).get(url).status_code == 403
    wales = c["crc"].__class__.objects.get(code="WALES")
    if not c["contract_manager"].managed_crcs.filter(pk=wales.pk).exists():
        assert "Select the CRC" in samuel.post(url, {**form, "crc": str(wales.pk)}).content.decode()
    naming = BidNaming.objects.get(crc=c["crc"], organisation=c["centre"])
    assert AuditEvent.objects.filter(action="mobilisation.bidnaming.add", object_id=str(naming.pk)).count() == 1
