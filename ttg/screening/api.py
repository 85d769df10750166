"""The screening API: what is due for a person and why, submitting BCST1 and BCST2 in one request,
and the question sets, so that another system knows the question ids.

Thin, like the pages: selectors find what the caller may see (the same 404 for missing and not
yours), services do every write (all or nothing, with its audit event), serializers check requests
and describe the responses in the OpenAPI schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ttg.core import access
from ttg.core.api import DateTimeField, ProblemSerializer, StrictSerializer, invalid, problem_response
from ttg.estate.constants import Country
from ttg.people import records
from ttg.people.api import NOT_FOUND, PRISON_NUMBER
from ttg.people.models import CustodyPeriod

from . import questions, selectors, services
from .models import Kind, Screening, Status

# --- responses ----------------------------------------------------------------------------------
#
# Fields named like attributes of DRF's Field or Serializer (required, label, errors) need
# `type: ignore`: the serializer metaclass takes them out of the class, so nothing is shadowed.

# Where a screening has got to. (`kind` and the created screening's `status` are plain strings in
# the schema: an enum there would clash by name with other enums of the API.)
STATES = ["not_started", *Status.values]


class CustodyPeriodSerializer(serializers.Serializer):
    received_at = DateTimeField()
    reception_date = serializers.DateField(help_text="The reference date: it picks the rule and question-set versions")
    prison_code = serializers.CharField(help_text="The prison the person is in now")


class QuestionSetVersionSerializer(serializers.Serializer):
    """One version of a question set: when it was in force, and where to read its questions."""

    kind = serializers.CharField(help_text="BCST1 or BCST2")
    version = serializers.CharField()
    title = serializers.CharField()
    in_force_from = serializers.DateField(help_text="The first reception date it applies to")
    in_force_until = serializers.DateField(
        allow_null=True, help_text="The last reception date it applies to (the day before the next version); null: in force now"
    )
    url = serializers.CharField(help_text="Its questions: GET this path")


class Bcst1StatusSerializer(serializers.Serializer):
    required = serializers.BooleanField()  # type: ignore[assignment]
    question_set = QuestionSetVersionSerializer(
        help_text="The question-set version that applies: the one the BCST1 was started on, or else the one in force on the reception date"
    )
    due_at = DateTimeField(allow_null=True)
    clone_available = serializers.BooleanField(help_text='The previous BCST1 may be reused (rule R-S4): POST {"clone": true}')
    status = serializers.ChoiceField(choices=STATES)
    submitted_at = DateTimeField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why, naming the rules: BCST1, then the clone")


class PathwayNeedsSerializer(serializers.Serializer):
    pathway = serializers.CharField()
    level = serializers.ChoiceField(choices=list(questions.LEVELS))
    needs = serializers.ListField(child=serializers.CharField())


class Bcst2StatusSerializer(serializers.Serializer):
    required = serializers.BooleanField(allow_null=True, help_text="null: not decided yet (on remand, or no release date)")  # type: ignore[assignment]
    question_set = QuestionSetVersionSerializer(
        help_text="The question-set version that applies: the one the BCST2 was started on, or else the one in force on the reception date"
    )
    due_on = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=STATES)
    submitted_at = DateTimeField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())
    needs_summary = PathwayNeedsSerializer(many=True, allow_null=True, help_text="Needs by pathway, once submitted; otherwise null")


class PreReleaseSerializer(serializers.Serializer):
    starts_on = serializers.DateField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())


class HandoverSerializer(serializers.Serializer):
    due_on = serializers.DateField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())


class ImmediateNeedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    pathway = serializers.CharField()
    need = serializers.CharField()
    raised_at = DateTimeField()
    acknowledged_at = DateTimeField(allow_null=True)


class DutyToReferSerializer(serializers.Serializer):
    due_on = serializers.DateField()
    route = serializers.ChoiceField(
        choices=Country.choices,
        help_text=(
            "england: the homelessness duty to refer (Housing Act 1996 s.213B); wales: the Welsh national pathway, a referral to "
            "the housing service of a Welsh local authority (rule R-W1: the chosen authority's country, else the prison's)"
        ),
    )
    consent = serializers.BooleanField(allow_null=True, help_text="null: not asked yet (the screening's answer, unless recorded since)")
    local_housing_authority = serializers.CharField(allow_blank=True, help_text="The one the person chose; blank: not chosen yet")
    referred_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField(allow_blank=True)


class PersonScreeningSerializer(serializers.Serializer):
    prison_number = serializers.CharField()
    custody_period = CustodyPeriodSerializer()
    bcst1 = Bcst1StatusSerializer()
    bcst2 = Bcst2StatusSerializer()
    pre_release = PreReleaseSerializer()
    handover = HandoverSerializer()
    immediate_needs = ImmediateNeedSerializer(many=True, help_text="Immediate needs flagged from BCST1 (withdrawn ones left out)")
    duty_to_refer = DutyToReferSerializer(allow_null=True, help_text="null: no duty to refer has arisen")


class ClonedFromSerializer(serializers.Serializer):
    reception_date = serializers.DateField(help_text="The reception date of the earlier custody period")
    submitted_at = DateTimeField()


class ScreeningSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="BCST1 or BCST2")
    question_set_version = serializers.CharField()
    status = serializers.CharField(help_text="submitted, once created by this API")
    submitted_at = DateTimeField(allow_null=True)
    cloned_from = ClonedFromSerializer(allow_null=True, help_text="The earlier BCST1 this one reuses, if cloned")


# --- requests -----------------------------------------------------------------------------------

ANSWERS_HELP = (
    "Question id -> answer, every section at once, for the question set in force on the reception date "
    "(GET /api/v1/screening/question-sets/{kind}/{version}/). A yes_no answer is yes, no, dont_know or "
    "not_applicable; a scale 0, 1 or 2; a choice one of its option values; a text the text."
)


class Bcst2Serializer(StrictSerializer):
    """A BCST2: every answer at once."""

    answers = serializers.DictField(child=serializers.CharField(allow_blank=True, trim_whitespace=False), help_text=ANSWERS_HELP)


class Bcst1Serializer(StrictSerializer):
    """A BCST1: either every answer at once, or a clone of the previous BCST1."""

    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False), required=False, help_text=ANSWERS_HELP
    )
    clone = serializers.BooleanField(required=False, help_text="true: reuse the previous BCST1 (when clone_available)")
    needs_unchanged = serializers.BooleanField(required=False, help_text="With clone: the person confirms their needs have not changed")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("clone"):
            if "answers" in data:
                raise serializers.ValidationError({"clone": "Send either answers or clone, not both"})
            if not data.get("needs_unchanged"):
                raise serializers.ValidationError(
                    {"needs_unchanged": "The previous BCST1 can only be reused if the person's needs have not changed: send true"}
                )
        elif "answers" not in data:
            raise serializers.ValidationError({"answers": "Send the answers, or clone: true with needs_unchanged: true"})
        return data


# --- helpers ------------------------------------------------------------------------------------


def _version_data(qs: questions.QuestionSet) -> dict[str, Any]:
    later = [s.in_force_from for s in questions.all_question_sets() if s.kind == qs.kind and s.in_force_from > qs.in_force_from]
    return {
        "kind": qs.kind,
        "version": qs.version,
        "title": qs.title,
        "in_force_from": qs.in_force_from,
        "in_force_until": min(later) - timedelta(days=1) if later else None,
        "url": reverse("api_question_set", kwargs={"kind": qs.kind.lower(), "version": qs.version}),
    }


def _applies(period: CustodyPeriod, started: Screening | None, kind: str) -> dict[str, Any]:
    """The version a screening of `kind` uses: its own once started, else the one in force on the reception date."""
    return _version_data(services.question_set_of(started) if started else services.question_set_for(period, kind))


def _conflict(kind: str) -> Response:
    return problem_response(
        f"A {kind} has already been submitted for this custody period. To change it, amend it in the service.",
        code=status.HTTP_409_CONFLICT,
    )


def _already_submitted(period: CustodyPeriod, kind: str) -> bool:
    """A submitted screening (or one being amended) of this kind exists: the API does not start another."""
    return Screening.objects.filter(custody_period=period, kind=kind).exclude(status=Status.DRAFT).exists()


def _unknown_ids(period: CustodyPeriod, kind: str, answers: Mapping[str, str]) -> dict[str, str]:
    existing = Screening.objects.filter(custody_period=period, kind=kind).first()
    qs = services.question_set_of(existing) if existing else services.question_set_for(period, kind)
    known = {q.id for s in qs.sections for q in s.questions}
    return {qid: f"{qs.kind} version {qs.version} has no question with this id" for qid in answers if qid not in known}


def _screening_data(screening: Screening) -> dict[str, Any]:
    previous = screening.cloned_from
    return {
        "kind": screening.kind,
        "question_set_version": screening.question_set_version,
        "status": screening.status,
        "submitted_at": screening.submitted_at,
        "cloned_from": (
            {"reception_date": previous.custody_period.reception_date, "submitted_at": previous.submitted_at} if previous else None
        ),
    }


def _submit_answers(request: Request, period: CustodyPeriod, kind: str, answers: Mapping[str, str]) -> Response:
    if _already_submitted(period, kind):
        return _conflict(kind)
    unknown = _unknown_ids(period, kind, answers)
    if unknown:
        return problem_response("There is a problem with the answers", unknown)
    try:
        screening = services.submit_answers(period=period, kind=kind, answers=answers, by=request.user)
    except services.ScreeningError as problem:
        if _already_submitted(period, kind):  # submitted by someone else since we looked
            return _conflict(kind)
        return problem_response(problem.cited, problem.cited_errors)
    return Response(ScreeningSerializer(_screening_data(screening)).data, status=status.HTTP_201_CREATED)


WRITE_RESPONSES = {
    201: ScreeningSerializer,
    400: OpenApiResponse(ProblemSerializer, description="The request or the answers are wrong: `errors` names each field"),
    404: NOT_FOUND,
    409: OpenApiResponse(ProblemSerializer, description="Already submitted for this custody period: nothing was changed"),
}


# --- views --------------------------------------------------------------------------------------


class PersonScreeningView(APIView):
    """What screening is due for a person in custody now, and why: BCST1, BCST2, pre-release and
    handover, with the rules behind each decision, the immediate needs flagged and the duty to refer.
    Logged in the audit trail as a view of the person's record."""

    ttg_action = "screening.view"

    @extend_schema(operation_id="person_screening", parameters=[PRISON_NUMBER], responses={200: PersonScreeningSerializer, 404: NOT_FOUND})
    def get(self, request: Request, prison_number: str) -> Response:
        person, period = records.in_custody(request.user, prison_number, log=True)
        row = selectors.period_screening(request.user, period)
        d = row.decisions
        bcst2 = selectors.screening_for(request.user, period, Kind.BCST2) if row.bcst2 else None
        flags = [f for f in selectors.flags_for(request.user, period) if f.withdrawn_at is None]
        data = {
            "prison_number": person.prison_number,
            "custody_period": {
                "received_at": period.received_at,
                "reception_date": period.reception_date,
                "prison_code": period.current_prison.code,
            },
            "bcst1": {
                "required": d.bcst1.value.required,
                "question_set": _applies(period, row.bcst1, Kind.BCST1),
                "due_at": d.bcst1.value.due_at,
                "clone_available": bool(d.clone.value) and row.bcst1 is None,
                "status": row.bcst1.status if row.bcst1 else "not_started",
                "submitted_at": row.bcst1.submitted_at if row.bcst1 else None,
                "reasons": [*d.bcst1.reasons, *d.clone.reasons],
            },
            "bcst2": {
                "required": d.bcst2.value.required,
                "question_set": _applies(period, bcst2, Kind.BCST2),
                "due_on": d.bcst2.value.due_on,
                "status": bcst2.status if bcst2 else "not_started",
                "submitted_at": bcst2.submitted_at if bcst2 else None,
                "reasons": list(d.bcst2.reasons),
                "needs_summary": bcst2.needs_summary if bcst2 and bcst2.is_submitted else None,
            },
            "pre_release": {"starts_on": d.pre_release.value, "reasons": list(d.pre_release.reasons)},
            "handover": {"due_on": d.handover.value, "reasons": list(d.handover.reasons)},
            "immediate_needs": [
                {"id": f.pk, "pathway": f.pathway, "need": f.need, "raised_at": f.raised_at, "acknowledged_at": f.acknowledged_at}
                for f in flags
            ],
            "duty_to_refer": (
                {
                    "due_on": row.duty.due_on,
                    "route": row.duty.route,
                    "consent": row.duty.consent,
                    "local_housing_authority": row.duty.local_housing_authority,
                    "referred_on": row.duty.referred_on,
                    "outcome": row.duty.outcome,
                }
                if row.duty
                else None
            ),
        }
        return Response(PersonScreeningSerializer(data).data)


class Bcst1View(APIView):
    """Submit a BCST1 (reception screening) for the person's current custody period, in one request:
    every answer at once, or a clone of the previous BCST1 when the clone rule (R-S4) applies.
    All or nothing; a BCST1 already submitted is never replaced (409)."""

    ttg_action = "screening.bcst1"

    @extend_schema(
        operation_id="bcst1_submit",
        parameters=[PRISON_NUMBER],
        request=Bcst1Serializer,
        responses=WRITE_RESPONSES,
        examples=[
            OpenApiExample(
                "Answers", value={"answers": {"somewhere_to_live_on_release": "yes", "prescribed_medication": "no"}}, request_only=True
            ),
            OpenApiExample("Clone", value={"clone": True, "needs_unchanged": True}, request_only=True),
        ],
    )
    def post(self, request: Request, prison_number: str) -> Response:
        _, period = records.in_custody(request.user, prison_number, log=False)
        body = Bcst1Serializer(data=request.data)
        if not body.is_valid():
            return invalid(body)
        if not body.validated_data.get("clone"):
            return _submit_answers(request, period, Kind.BCST1, body.validated_data["answers"])
        if _already_submitted(period, Kind.BCST1):
            return _conflict(Kind.BCST1)
        try:
            screening = services.clone_bcst1(period=period, needs_unchanged=True, by=request.user)
        except services.ScreeningError as problem:
            if Screening.objects.filter(custody_period=period, kind=Kind.BCST1).exists():
                if _already_submitted(period, Kind.BCST1):
                    return _conflict(Kind.BCST1)
                return problem_response(problem.cited, code=status.HTTP_409_CONFLICT)  # a draft was started in the service
            return problem_response(problem.cited, {"clone": problem.cited})
        return Response(ScreeningSerializer(_screening_data(screening)).data, status=status.HTTP_201_CREATED)


class Bcst2View(APIView):
    """Submit a BCST2 for the person's current custody period: every answer at once. All or nothing;
    a BCST2 already submitted is never replaced (409)."""

    ttg_action = "screening.bcst2"

    @extend_schema(operation_id="bcst2_submit", parameters=[PRISON_NUMBER], request=Bcst2Serializer, responses=WRITE_RESPONSES)
    def post(self, request: Request, prison_number: str) -> Response:
        _, period = records.in_custody(request.user, prison_number, log=False)
        body = Bcst2Serializer(data=request.data)
        if not body.is_valid():
            return invalid(body)
        return _submit_answers(request, period, Kind.BCST2, body.validated_data["answers"])


# --- question sets ------------------------------------------------------------------------------


class OptionSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]


class QuestionSerializer(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()
    hint = serializers.CharField(allow_null=True)
    answer = serializers.ChoiceField(choices=list(questions.ANSWER_TYPES), help_text="The answer type")
    options = OptionSerializer(many=True, help_text="The answers allowed (empty for text)")
    required = serializers.BooleanField()  # type: ignore[assignment]
    max_length = serializers.IntegerField(allow_null=True, help_text="For text answers")
    show_if = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Asked only when one of these earlier questions has one of the listed answers; {} means always asked",
    )
    pathway = serializers.CharField(allow_null=True)


class SectionSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    pathway = serializers.CharField(allow_null=True)
    women_only = serializers.BooleanField(help_text="Asked of women only")
    questions = QuestionSerializer(many=True)


class QuestionSetSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="BCST1 or BCST2")
    version = serializers.CharField()
    in_force_from = serializers.DateField()
    title = serializers.CharField()
    sections = SectionSerializer(many=True)


def _question_set_data(qs: questions.QuestionSet) -> dict[str, Any]:
    return {
        "kind": qs.kind,
        "version": qs.version,
        "in_force_from": qs.in_force_from,
        "title": qs.title,
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "pathway": s.pathway,
                "women_only": s.women_only,
                "questions": [
                    {
                        "id": q.id,
                        "text": q.text,
                        "hint": q.hint,
                        "answer": q.answer,
                        "options": [{"value": o.value, "label": o.label} for o in q.options],
                        "required": q.required,
                        "max_length": q.max_length,
                        "show_if": {parent: sorted(values) for parent, values in q.show_if.items()},
                        "pathway": q.pathway,
                    }
                    for q in s.questions
                ],
            }
            for s in qs.sections
        ],
    }


class QuestionSetVersionList(APIView):
    """Every version of the BCST1 and BCST2 question sets, with the reception dates each applies to
    (a screening uses the version in force on the person's reception date, and keeps it)."""

    ttg_action = "screening.view"

    @extend_schema(operation_id="question_set_versions", responses={200: QuestionSetVersionSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return Response(QuestionSetVersionSerializer([_version_data(qs) for qs in questions.all_question_sets()], many=True).data)


class QuestionSetView(APIView):
    """One version of the BCST1 or BCST2 question set: its sections and questions, with the ids,
    answer types and allowed values that the submit endpoints expect."""

    ttg_action = "screening.view"

    @extend_schema(
        operation_id="question_set",
        parameters=[
            OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=["bcst1", "bcst2"]),
            OpenApiParameter("version", str, OpenApiParameter.PATH, description="For example 2018-10-01"),
        ],
        responses={200: QuestionSetSerializer, 404: OpenApiResponse(ProblemSerializer, description="No such question set")},
    )
    def get(self, request: Request, kind: str, version: str) -> Response:
        try:
            qs = questions.question_set_version(kind.upper(), version)
        except KeyError:
            raise Http404(access.NOT_FOUND_MESSAGE) from None
        return Response(QuestionSetSerializer(_question_set_data(qs)).data)
