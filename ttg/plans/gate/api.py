"""Through the gate over the API: the pre-release review and the outcomes on and after release.

GET needs `plan.view`, PUT `plan.edit` (the TTG caseworker). The person is found like the pages do
(`records.in_custody`: the same 404 for missing and not yours; a recently released person for their
CRC); every write goes through `services_gate`, all or nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ttg.core import access
from ttg.core.api import DateTimeField, ProblemSerializer, StrictSerializer, flatten_errors, problem_response
from ttg.core.pathways import pathway
from ttg.people.api import NOT_FOUND, PRISON_NUMBER
from ttg.plans.gate import rules as rules_gate
from ttg.plans.gate import services as services_gate
from ttg.plans.gate import views as views_gate
from ttg.plans.gate.models import OutcomeKind
from ttg.plans.plan.models import Plan
from ttg.plans.plan.services import PlanError

KIND = OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(views_gate.KIND_SLUGS), description="release-day or after-release")
REFUSED = OpenApiResponse(ProblemSerializer, description="Refused: `detail` says why (not open yet, a pathway unanswered, a field missing)")
FORBIDDEN = OpenApiResponse(ProblemSerializer, description="Your role may read this but not change it")


class ReviewPathwaySerializer(serializers.Serializer):
    pathway = serializers.CharField()
    name = serializers.CharField()
    answer = serializers.CharField(allow_blank=True, help_text="ready, not_ready or not_applicable; blank: not answered yet")
    note = serializers.CharField(allow_blank=True)


class ReviewSerializer(serializers.Serializer):
    release_date = serializers.DateField(allow_null=True, help_text="The person's current release date: the review moves with it")
    opens_on = serializers.DateField(allow_null=True, help_text="12 weeks before the release date (rule T5); worked out, never stored")
    open = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField(help_text="not_started, in_progress or completed")
    pathways = ReviewPathwaySerializer(many=True)
    completed_at = DateTimeField(allow_null=True)
    completed_by = serializers.CharField(allow_null=True)


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(help_text="ready, not_ready or not_applicable")
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="", help_text="Required when not ready")

    def validate_answer(self, value: str) -> str:
        if value not in rules_gate.REVIEW_ANSWERS:
            raise serializers.ValidationError("Send ready, not_ready or not_applicable")
        return value


class ReviewUpdateSerializer(StrictSerializer):
    answers = serializers.DictField(child=AnswerSerializer(), required=False, default=dict, help_text="Pathway code -> answer and note")
    complete = serializers.BooleanField(required=False, default=False, help_text="Complete the review after saving the answers")


class OutcomeValuesSerializer(StrictSerializer):
    """Plain strings in the schema (enums here would clash by name with others of the API); checked on the way in."""

    accommodation = serializers.CharField(help_text="On the first night: settled, temporary, approved_premises, rough_sleeping or unknown")
    accommodation_safe = serializers.CharField(help_text="Whether it is safe and suitable: yes, no or not_known")
    ete = serializers.CharField(help_text="Education, training or employment arranged: yes, no or not_known")
    bank_account = serializers.CharField(help_text="yes, no or not_known")
    id_documents = serializers.CharField(help_text="Identification: yes, no or not_known")
    benefit_claim = serializers.CharField(help_text="Benefit claim made: yes, no or not_known")
    gp_registration = serializers.CharField(help_text="Registered with a GP: yes, no or not_known")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors = services_gate.check_outcome_values(attrs)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class OutcomeSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="release_day or after_release")
    allowed = serializers.BooleanField(help_text="Whether it can be recorded today")
    reasons = serializers.ListField(child=serializers.CharField())
    due_on = serializers.DateField(allow_null=True, help_text="After release only: when the outcomes are due again (rule P12)")
    recorded = serializers.BooleanField()
    values = OutcomeValuesSerializer(allow_null=True)
    recorded_at = DateTimeField(allow_null=True)
    recorded_by = serializers.CharField(allow_null=True)


def _plan(request: Request, prison_number: str, *, log: bool) -> tuple[Any, Plan]:
    return views_gate._plan(request, prison_number, log=log)  # type: ignore[arg-type]


def _may_edit(request: Request) -> None:
    if not access.can(request.user, "plan.edit"):
        raise PermissionDenied("Your role may read the plan but not change it.")


def _review_data(g: views_gate.Gate) -> dict[str, Any]:
    review = g.review
    return {
        "release_date": g.release_date,
        "opens_on": g.opens.value,
        "open": g.is_open.value,
        "reasons": list(g.is_open.reasons),
        "status": g.status,
        "pathways": [
            {
                "pathway": code,
                "name": pathway(code).name,
                "answer": (g.answers.get(code) or {}).get("answer", ""),
                "note": (g.answers.get(code) or {}).get("note", ""),
            }
            for code in g.pathways
        ],
        "completed_at": review.completed_at if review else None,
        "completed_by": review.completed_by.username if review and review.completed_by else None,
    }


class PreReleaseReviewView(APIView):
    """The pre-release review of the person's plan: when it opens (from the current release date), and each pathway's answer.
    PUT answers some pathways and, with `complete: true`, completes it: all or nothing."""

    ttg_action = "plan.view"

    @extend_schema(operation_id="pre_release_review", parameters=[PRISON_NUMBER], responses={200: ReviewSerializer, 404: NOT_FOUND})
    def get(self, request: Request, prison_number: str) -> Response:
        _, the_plan = _plan(request, prison_number, log=True)
        return Response(ReviewSerializer(_review_data(views_gate.gate(request.user, the_plan))).data)

    @extend_schema(
        operation_id="pre_release_review_update",
        parameters=[PRISON_NUMBER],
        request=ReviewUpdateSerializer,
        responses={200: ReviewSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
        examples=[
            OpenApiExample(
                "Answer and complete",
                value={
                    "answers": {
                        "accommodation": {"answer": "ready"},
                        "health": {"answer": "not_ready", "note": "GP appointment booked for day 2"},
                    },
                    "complete": True,
                },
                request_only=True,
            )
        ],
    )
    def put(self, request: Request, prison_number: str) -> Response:
        _may_edit(request)
        _, the_plan = _plan(request, prison_number, log=False)
        body = ReviewUpdateSerializer(data=request.data)
        if not body.is_valid():
            return problem_response("There is a problem with the request", flatten_errors(body.errors))
        try:
            with transaction.atomic():
                for code, entry in body.validated_data["answers"].items():
                    try:
                        services_gate.answer_pathway(
                            plan=the_plan, pathway=code, answer=entry["answer"], note=entry.get("note", ""), by=request.user
                        )
                    except PlanError as problem:
                        raise PlanError(problem.cited, field=f"answers.{code}.{problem.field or 'answer'}") from None
                if body.validated_data["complete"]:
                    services_gate.complete_review(plan=the_plan, by=request.user)
        except PlanError as problem:
            return problem_response(problem.cited, {problem.field: problem.cited} if problem.field else None)
        return Response(ReviewSerializer(_review_data(views_gate.gate(request.user, the_plan))).data)


def _outcome_data(g: views_gate.Gate, kind: str) -> dict[str, Any]:
    o = g.outcomes.get(kind)
    allowed = g.release_day_allowed if kind == OutcomeKind.RELEASE_DAY else g.after_release_allowed
    return {
        "kind": kind,
        "allowed": allowed.value,
        "reasons": list(allowed.reasons) + (list(g.after_release_due.reasons) if kind == OutcomeKind.AFTER_RELEASE else []),
        "due_on": g.after_release_due.value if kind == OutcomeKind.AFTER_RELEASE else None,
        "recorded": o is not None,
        "values": {name: getattr(o, name) for name in services_gate.OUTCOME_FIELDS} if o else None,
        "recorded_at": o.recorded_at if o else None,
        "recorded_by": o.recorded_by.username if o else None,
    }


def _kind(slug: str) -> str:
    if slug not in views_gate.KIND_SLUGS:
        raise Http404(access.NOT_FOUND_MESSAGE)
    return str(views_gate.KIND_SLUGS[slug])


class ReleaseOutcomeView(APIView):
    """The outcomes on the day of release (from the release date) or after release (once released; due by rule P12).
    PUT records them; a second PUT of the same kind updates the record (audited), never duplicates it."""

    ttg_action = "plan.view"

    @extend_schema(operation_id="release_outcome", parameters=[PRISON_NUMBER, KIND], responses={200: OutcomeSerializer, 404: NOT_FOUND})
    def get(self, request: Request, prison_number: str, kind: str) -> Response:
        kind = _kind(kind)
        _, the_plan = _plan(request, prison_number, log=True)
        return Response(OutcomeSerializer(_outcome_data(views_gate.gate(request.user, the_plan), kind)).data)

    @extend_schema(
        operation_id="release_outcome_update",
        parameters=[PRISON_NUMBER, KIND],
        request=OutcomeValuesSerializer,
        responses={200: OutcomeSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def put(self, request: Request, prison_number: str, kind: str) -> Response:
        _may_edit(request)
        kind = _kind(kind)
        _, the_plan = _plan(request, prison_number, log=False)
        body = OutcomeValuesSerializer(data=request.data)
        if not body.is_valid():
            return problem_response("There is a problem with the request", flatten_errors(body.errors))
        try:
            services_gate.record_outcome(plan=the_plan, kind=kind, values=body.validated_data, by=request.user)
        except PlanError as problem:
            return problem_response(
                problem.cited, {problem.field: problem.cited} if problem.field else None, code=status.HTTP_400_BAD_REQUEST
            )
        return Response(OutcomeSerializer(_outcome_data(views_gate.gate(request.user, the_plan), kind)).data)


# --- the release checklist (issue 23; rules G1, G2) ----------------------------------------------------


class ChecklistItemSerializer(serializers.Serializer):
    item = serializers.CharField(help_text="accommodation, id, bank_account, benefit_claim, gp, travel, money or medication")
    title = serializers.CharField()
    status = serializers.CharField(help_text="open (to do), done or not_needed")
    detail = serializers.CharField(
        allow_blank=True, help_text="Done: what is in place, for the items that ask (accommodation, benefit claim)"
    )
    safe = serializers.CharField(allow_blank=True, help_text="Done, accommodation only: yes or no (safe and suitable)")
    note = serializers.CharField(allow_blank=True, help_text="A note; the reason when not needed")


class ChecklistSerializer(serializers.Serializer):
    release_date = serializers.DateField(allow_null=True)
    due_on = serializers.DateField(allow_null=True, help_text="The day before the release date (rule G1); worked out, never stored")
    overdue = serializers.BooleanField(help_text="From the release date while any item is open (rule G1)")
    editable = serializers.BooleanField(help_text="From the day the pre-release review opens until the day of release")
    reasons = serializers.ListField(child=serializers.CharField())
    open_items = serializers.IntegerField()
    completed_at = DateTimeField(allow_null=True, help_text="When the last item was closed; null while any is open")
    items = ChecklistItemSerializer(many=True)


class ChecklistItemUpdateSerializer(StrictSerializer):
    status = serializers.CharField(help_text="done, not_needed or open")
    detail = serializers.CharField(required=False, allow_blank=True, default="", max_length=30)
    safe = serializers.CharField(required=False, allow_blank=True, default="", max_length=3)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class ChecklistUpdateSerializer(StrictSerializer):
    items = serializers.DictField(child=ChecklistItemUpdateSerializer(), help_text="Item code -> status, detail, safe and note")


def _checklist_data(g: views_gate.Gate) -> dict[str, Any]:
    return {
        "release_date": g.release_date,
        "due_on": g.checklist_due.value,
        "overdue": g.checklist_overdue.value,
        "editable": bool(g.checklist_editable and g.checklist_editable.value),
        "reasons": list(g.checklist_overdue.reasons) + (list(g.checklist_editable.reasons) if g.checklist_editable else []),
        "open_items": len(g.checklist_open),
        "completed_at": g.checklist.completed_at if g.checklist else None,
        "items": [
            {
                "item": item.code,
                "title": item.title,
                "status": (g.checklist_items.get(item.code) or {}).get("status", rules_gate.OPEN),
                "detail": (g.checklist_items.get(item.code) or {}).get("detail", ""),
                "safe": (g.checklist_items.get(item.code) or {}).get("safe", ""),
                "note": (g.checklist_items.get(item.code) or {}).get("note", ""),
            }
            for item in rules_gate.CHECKLIST
        ],
    }


class ReleaseChecklistView(APIView):
    """The release checklist of the person's plan (the day-one essentials): each item done, not needed (with
    the reason) or to do; when it is due and whether it is overdue. PUT records some items: all or nothing."""

    ttg_action = "plan.view"

    @extend_schema(operation_id="release_checklist", parameters=[PRISON_NUMBER], responses={200: ChecklistSerializer, 404: NOT_FOUND})
    def get(self, request: Request, prison_number: str) -> Response:
        _, the_plan = _plan(request, prison_number, log=True)
        return Response(ChecklistSerializer(_checklist_data(views_gate.gate(request.user, the_plan))).data)

    @extend_schema(
        operation_id="release_checklist_update",
        parameters=[PRISON_NUMBER],
        request=ChecklistUpdateSerializer,
        responses={200: ChecklistSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
        examples=[
            OpenApiExample(
                "Two items",
                value={
                    "items": {
                        "accommodation": {"status": "done", "detail": "approved_premises", "safe": "yes"},
                        "bank_account": {"status": "not_needed", "note": "Has an account with his bank"},
                    }
                },
                request_only=True,
            )
        ],
    )
    def put(self, request: Request, prison_number: str) -> Response:
        _may_edit(request)
        _, the_plan = _plan(request, prison_number, log=False)
        body = ChecklistUpdateSerializer(data=request.data)
        if not body.is_valid():
            return problem_response("There is a problem with the request", flatten_errors(body.errors))
        try:
            with transaction.atomic():
                for code, entry in body.validated_data["items"].items():
                    try:
                        services_gate.record_checklist_item(plan=the_plan, item=code, by=request.user, **entry)
                    except PlanError as problem:
                        raise PlanError(problem.cited, field=f"items.{code}.{problem.field or 'status'}") from None
        except PlanError as problem:
            return problem_response(problem.cited, {problem.field: problem.cited} if problem.field else None)
        return Response(ChecklistSerializer(_checklist_data(views_gate.gate(request.user, the_plan))).data)
