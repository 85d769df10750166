"""Referrals over the API, for both sides: list (scoped) and send, one referral, the actions of the
workflow, and unfunded work. Scoped like the pages: a partner sees referrals to their organisation
only, and another organisation's referral id gets the same 404 as a missing one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ttg.core import access, clock
from ttg.core.api import DateTimeField, ProblemSerializer, StrictSerializer, problem_response
from ttg.estate.models import Organisation
from ttg.plans.plan.models import PlanActivity

from . import disclosures, rules, selectors, services
from .models import Achievement, Attendance, DesiredOutcome, Funding, Method, Referral, UnfundedWork

# --- responses -------------------------------------------------------------------------------------


class DesiredOutcomeResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    result = serializers.CharField(allow_null=True, help_text="achieved, partly or not_achieved; null until recorded")
    note = serializers.CharField(allow_blank=True)


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    on = serializers.DateField()
    method = serializers.ChoiceField(choices=Method.choices)
    attendance = serializers.ChoiceField(choices=Attendance.choices)
    reason = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)


class NoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    side = serializers.CharField(help_text="crc or partner")
    author = serializers.CharField()
    at = DateTimeField()
    text = serializers.CharField()


class EndOfServiceSerializer(serializers.Serializer):
    summary = serializers.CharField()
    closed_by = serializers.CharField()
    closed_at = DateTimeField()


class ReferralSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField(help_text="One of: " + ", ".join(rules.STATUSES))
    organisation = serializers.IntegerField()
    organisation_name = serializers.CharField()
    in_supply_chain = serializers.BooleanField()
    activity_title = serializers.CharField()
    pathway = serializers.CharField(allow_blank=True)
    referred_at = DateTimeField()
    referred_by = serializers.CharField()
    need = serializers.CharField()
    shared_information = serializers.DictField(
        child=serializers.CharField(allow_blank=True), help_text="Only the facts the referrer chose to share"
    )  # type: ignore[assignment]
    partner_needs_to_know = serializers.CharField(allow_blank=True)
    consent_on = serializers.DateField()
    funding = serializers.ChoiceField(choices=Funding.choices)
    funded = serializers.BooleanField(help_text="False for a rate-card referral until it has an authorised purchase")
    purchase = serializers.CharField(allow_null=True, help_text="The reference of the rate-card purchase that funds it, if any")
    funding_label = serializers.CharField(help_text="The funding in words, as both sides see it")
    assigned_to = serializers.CharField(allow_null=True)
    reason = serializers.CharField(allow_blank=True, help_text="Why it was declined, withdrawn or cancelled")
    desired_outcomes = DesiredOutcomeResultSerializer(many=True)
    sessions = SessionSerializer(many=True)
    notes = NoteSerializer(many=True)
    end_of_service = EndOfServiceSerializer(allow_null=True)


def _data(r: Referral) -> dict[str, Any]:
    recorded = {o.desired_outcome_id: o for o in r.outcomes.all()}
    end = getattr(r, "end_of_service", None)
    return {
        "id": r.pk,
        "status": r.status,
        "organisation": r.organisation_id,
        "organisation_name": r.organisation.name,
        "in_supply_chain": r.in_supply_chain,
        "activity_title": r.activity_title,
        "pathway": r.pathway,
        "referred_at": r.referred_at,
        "referred_by": r.referred_by.get_full_name(),
        "need": r.need,
        "shared_information": r.shared_information,
        "partner_needs_to_know": r.partner_needs_to_know,
        "consent_on": r.consent_on,
        "funding": r.funding,
        "funded": r.funded,
        "purchase": r.purchase.reference if r.purchase else None,
        "funding_label": r.funding_label,
        "assigned_to": r.assigned_to.get_full_name() if r.assigned_to else None,
        "reason": r.reason,
        "desired_outcomes": [
            {
                "id": o.pk,
                "text": o.text,
                "result": recorded[o.pk].result if o.pk in recorded else None,
                "note": recorded[o.pk].note if o.pk in recorded else "",
            }
            for o in r.desired_outcomes.all()
        ],
        "sessions": [
            {"id": s.pk, "on": s.on, "method": s.method, "attendance": s.attendance, "reason": s.reason, "note": s.note}
            for s in r.sessions.all()
        ],
        "notes": [{"id": n.pk, "side": n.side, "author": n.author.get_full_name(), "at": n.at, "text": n.text} for n in r.notes.all()],
        "end_of_service": {"summary": end.summary, "closed_by": end.closed_by.get_full_name(), "closed_at": end.closed_at} if end else None,
    }


def invalid(serializer: serializers.Serializer) -> Response:
    errors = {str(k): str(v[0] if isinstance(v, list) and v else v) for k, v in serializer.errors.items()}
    return problem_response("There is a problem with the request", errors)


def _refused(problem: services.ReferralError) -> Response:
    return problem_response(problem.cited, {problem.field or "detail": problem.cited})


NOT_FOUND = OpenApiResponse(ProblemSerializer, description="No such referral, or not one you may see (the same answer)")
IDEMPOTENCY = "Optional: a key of your choosing; sending the same key again returns the first result instead of a duplicate"

# --- requests ------------------------------------------------------------------------------------


class SendSerializer(StrictSerializer):
    plan_activity = serializers.IntegerField(help_text="The plan activity referred (GET a person's plan to find it)")
    organisation = serializers.IntegerField()
    need = serializers.CharField(max_length=5000)
    desired_outcomes = serializers.ListField(child=serializers.IntegerField(), help_text="Desired-outcome ids, not retired")
    shared = serializers.ListField(
        child=serializers.ChoiceField(choices=list(rules.SHAREABLE)), help_text="The facts about the person to share"
    )
    partner_needs_to_know = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    consent_given = serializers.BooleanField(help_text="The referral is refused without consent")
    consent_on = serializers.DateField(required=False, allow_null=True, default=None)
    funding = serializers.ChoiceField(choices=Funding.choices)
    purchase = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text="Rate-card only: the reference of an authorised purchase for the person; or give `service` and `units`",
    )
    service = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Rate-card only: the id of the organisation's service on the CRC's rate card in force, to ask the CRC to buy",
    )
    units = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=999, help_text="Rate-card only: how many units to ask for"
    )
    idempotency_key = serializers.CharField(max_length=64, required=False, allow_blank=True, default="", help_text=IDEMPOTENCY)


class ReasonSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=5000, allow_blank=True, help_text="Required for decline, withdraw and cancel")


class AssignSerializer(StrictSerializer):
    caseworker = serializers.IntegerField(help_text="A partner caseworker of the referral's organisation")


class SessionRequestSerializer(StrictSerializer):
    on = serializers.DateField()
    method = serializers.ChoiceField(choices=Method.choices)
    attendance = serializers.ChoiceField(choices=Attendance.choices)
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="", help_text="Required unless attended")
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    idempotency_key = serializers.CharField(max_length=64, required=False, allow_blank=True, default="", help_text=IDEMPOTENCY)


class NoteRequestSerializer(StrictSerializer):
    text = serializers.CharField(max_length=10000)
    idempotency_key = serializers.CharField(max_length=64, required=False, allow_blank=True, default="", help_text=IDEMPOTENCY)


class OutcomeRequestSerializer(StrictSerializer):
    desired_outcome = serializers.IntegerField()
    result = serializers.ChoiceField(choices=Achievement.choices)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class OutcomesRequestSerializer(StrictSerializer):
    outcomes = OutcomeRequestSerializer(many=True)


class CloseSerializer(StrictSerializer):
    summary = serializers.CharField(max_length=10000, allow_blank=True, help_text="The end-of-service summary the referrer sees")


class AcceptSerializer(StrictSerializer):
    """accept: an empty object."""


# What each action needs: its request, and the access action.
ACTIONS: dict[str, tuple[type[serializers.Serializer] | None, tuple[str, ...]]] = {
    "accept": (AcceptSerializer, ("referral.work",)),
    "decline": (ReasonSerializer, ("referral.work",)),
    "cancel": (ReasonSerializer, ("referral.work",)),
    "withdraw": (ReasonSerializer, ("referral.make",)),
    "assign": (AssignSerializer, ("referral.work",)),
    "sessions": (SessionRequestSerializer, ("referral.work",)),
    "notes": (NoteRequestSerializer, ("referral.work", "referral.make")),
    "outcomes": (OutcomesRequestSerializer, ("referral.work",)),
    "close": (CloseSerializer, ("referral.work",)),
}

# --- views ---------------------------------------------------------------------------------------


class ReferralList(APIView):
    """Referrals the user may see (GET); send a referral from a plan activity (POST, TTG caseworkers)."""

    ttg_action = "referral.view"

    @extend_schema(
        operation_id="referrals_list",
        parameters=[OpenApiParameter("status", str, description="Only referrals in this status")],
        responses={200: ReferralSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        wanted = request.query_params.get("status")
        rows = selectors.api_list(request.user, status=wanted[:20] if wanted else None)
        disclosures.log_reads(request.user, rows, where="the API's list of referrals")
        return Response(ReferralSerializer([_data(r) for r in rows], many=True).data)

    @extend_schema(
        operation_id="referrals_send",
        request=SendSerializer,
        responses={
            201: ReferralSerializer,
            400: ProblemSerializer,
            404: OpenApiResponse(ProblemSerializer, description="No such plan activity"),
        },
    )
    def post(self, request: Request) -> Response:
        if not access.can(request.user, "referral.make"):
            raise PermissionDenied
        body = SendSerializer(data=request.data)
        if not body.is_valid():
            return invalid(body)
        data = body.validated_data
        activity = access.get_for(request.user, PlanActivity, action="referral.make", pk=data["plan_activity"])
        organisation = access.get_for(request.user, Organisation, pk=data["organisation"])
        outcomes = list(DesiredOutcome.objects.filter(pk__in=data["desired_outcomes"]))
        if len(outcomes) != len(set(data["desired_outcomes"])):
            return problem_response("There is a problem with the request", {"desired_outcomes": "Unknown desired outcome id"})
        try:
            referral = services.send(
                activity=activity,
                organisation=organisation,
                need=data["need"],
                desired_outcomes=outcomes,
                shared=data["shared"],
                partner_needs_to_know=data["partner_needs_to_know"],
                consent_given=data["consent_given"],
                consent_on=data["consent_on"],
                funding=data["funding"],
                purchase=services.purchase_by_reference(data["purchase"]),
                service=_service(data["service"], organisation=organisation, activity=activity),
                units=data["units"],
                by=request.user,
                idempotency_key=data["idempotency_key"] or None,
            )
        except services.ReferralError as problem:
            return _refused(problem)
        return Response(ReferralSerializer(_data(selectors.referral(request.user, referral.pk))).data, status=status.HTTP_201_CREATED)


def _service(pk: int | None, *, organisation: Organisation, activity: PlanActivity) -> Any:
    """The rate-card service asked for, among the organisation's on the rate card in force of the CRC
    serving the person's prison; refused in words otherwise."""
    if pk is None:
        return None
    prison = activity.plan.custody_period.current_prison
    offered = services.services_to_ask_for(organisation=organisation, crc=prison.crc if prison else None, on=clock.today())
    found = next((item for item in offered if item.pk == pk), None)
    if found is None:
        raise services.ReferralError(
            "There is no such service of the organisation on the CRC's rate card in force: ask for one of theirs", field="service"
        )
    return found


class ReferralDetail(APIView):
    ttg_action = "referral.view"

    @extend_schema(operation_id="referrals_retrieve", responses={200: ReferralSerializer, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        referral = selectors.referral(request.user, pk)
        disclosures.log_read(request.user, referral, where="the API")
        return Response(ReferralSerializer(_data(referral)).data)


class ReferralAction(APIView):
    """One step of the workflow. Partners: accept, decline, assign, sessions, notes, outcomes, close,
    cancel. Referrers: withdraw, notes. The body depends on the action (see the request schemas)."""

    ttg_action = "referral.view"

    @extend_schema(
        operation_id="referrals_action",
        parameters=[OpenApiParameter("action", str, location=OpenApiParameter.PATH, enum=list(ACTIONS))],
        # One of these, by the action (each a component of its own; the old hand-written references named none).
        request=PolymorphicProxySerializer(
            component_name="ReferralActionRequest",
            serializers=[
                AcceptSerializer,
                ReasonSerializer,
                AssignSerializer,
                SessionRequestSerializer,
                NoteRequestSerializer,
                OutcomesRequestSerializer,
                CloseSerializer,
            ],
            resource_type_field_name=None,
        ),
        responses={200: ReferralSerializer, 400: ProblemSerializer, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int, action: str) -> Response:
        if action not in ACTIONS:
            return problem_response("Not found", code=status.HTTP_404_NOT_FOUND)
        referral = selectors.referral(request.user, pk)  # the same 404 for missing and not yours
        request_class, allowed = ACTIONS[action]
        if not any(access.can(request.user, a) for a in allowed):
            raise PermissionDenied
        data: dict[str, Any] = {}
        if request_class is not None:
            body = request_class(data=request.data)
            if not body.is_valid():
                return invalid(body)
            data = dict(body.validated_data)
        else:
            request.data  # noqa: B018 - parse the body, so a request that is not JSON gets 415
        user = request.user
        try:
            if action == "accept":
                services.accept(referral=referral, by=user)
            elif action == "decline":
                services.decline(referral=referral, reason=data["reason"], by=user)
            elif action == "cancel":
                services.cancel(referral=referral, reason=data["reason"], by=user)
            elif action == "withdraw":
                services.withdraw(referral=referral, reason=data["reason"], by=user)
            elif action == "assign":
                worker = services.partner_caseworkers(referral.organisation).filter(pk=data["caseworker"]).first()
                if worker is None:
                    return problem_response(
                        "There is a problem with the request", {"caseworker": f"Choose a caseworker of {referral.organisation.name}"}
                    )
                services.assign(referral=referral, caseworker=worker, by=user)
            elif action == "sessions":
                key = data.pop("idempotency_key") or None
                services.record_session(referral=referral, by=user, idempotency_key=key, **data)
            elif action == "notes":
                services.add_note(referral=referral, text=data["text"], by=user, idempotency_key=data["idempotency_key"] or None)
            elif action == "outcomes":
                wanted = {o.pk: o for o in referral.desired_outcomes.all()}
                for row in data["outcomes"]:
                    outcome = wanted.get(row["desired_outcome"])
                    if outcome is None:
                        return problem_response(
                            "There is a problem with the request", {"outcomes": "Not a desired outcome of this referral"}
                        )
                    services.record_outcome(referral=referral, desired_outcome=outcome, result=row["result"], note=row["note"], by=user)
            else:
                services.close(referral=referral, summary=data["summary"], by=user)
        except services.ReferralError as problem:
            return _refused(problem)
        return Response(ReferralSerializer(_data(selectors.referral(user, pk))).data)


class UnfundedWorkSerializer(StrictSerializer, serializers.ModelSerializer[UnfundedWork]):
    hours = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("999"))
    referral = serializers.IntegerField(
        required=False, allow_null=True, source="referral_id", help_text="Optional: the referral it relates to"
    )
    idempotency_key = serializers.CharField(max_length=64, required=False, allow_blank=True, write_only=True, help_text=IDEMPOTENCY)
    on = serializers.DateField()
    id = serializers.IntegerField(read_only=True)
    person_reference = serializers.CharField(max_length=60, help_text="Your own reference or initials: not a name")
    description = serializers.CharField(max_length=5000)

    class Meta:
        model = UnfundedWork
        fields = ["id", "person_reference", "on", "pathway", "description", "hours", "referral", "idempotency_key"]


class UnfundedWorkList(generics.ListAPIView):
    """Unfunded work recorded by my organisation (GET), and recording more (POST)."""

    ttg_action = "referral.work"
    serializer_class = UnfundedWorkSerializer

    def get_queryset(self) -> Any:
        return UnfundedWork.objects.visible_to(self.request.user)

    @extend_schema(operation_id="unfunded_work_list")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="unfunded_work_create", request=UnfundedWorkSerializer, responses={201: UnfundedWorkSerializer, 400: ProblemSerializer}
    )
    def post(self, request: Request) -> Response:
        body = UnfundedWorkSerializer(data=request.data)
        if not body.is_valid():
            return invalid(body)
        data = body.validated_data
        user: Any = request.user
        referral = None
        if data.get("referral_id"):
            referral = Referral.objects.visible_to(user).filter(pk=data["referral_id"]).first()
            if referral is None:
                return problem_response("There is a problem with the request", {"referral": "No such referral to your organisation"})
        try:
            row = services.record_unfunded_work(
                organisation=user.organisation,
                person_reference=data["person_reference"],
                on=data["on"],
                pathway=data["pathway"],
                description=data["description"],
                hours=data["hours"],
                referral=referral,
                by=user,
                idempotency_key=data.get("idempotency_key") or None,
            )
        except services.ReferralError as problem:
            return _refused(problem)
        return Response(UnfundedWorkSerializer(row).data, status=status.HTTP_201_CREATED)
