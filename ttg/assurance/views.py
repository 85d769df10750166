"""Pages of contract assurance (R-A2, R-A3, R-A5). Thin: a form, a selector or a service, then a template."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ttg.core import access, clock
from ttg.core.forms import GovukDateField, date_parts, error_list
from ttg.core.rules import format_date, without_citations
from ttg.estate.models import CRC, Organisation
from ttg.people.identity import case_reference

from . import access as rights
from . import rules, selectors, services
from .constants import ActionStatus, EngagementKind, Evidence, IssueStatus, IssueTopic, Rating
from .forms import ActionForm, CaseForm, CloseForm, EngagementForm, IssueForm, NoteForm, ResolveForm, RespondForm, SampleForm

SAMPLE_SESSION = "assurance_sample"
ISSUE_SESSION = "assurance_issue"
ACTION_TAGS = {
    ActionStatus.PROPOSED: "govuk-tag--yellow",
    ActionStatus.AGREED: "govuk-tag--blue",
    ActionStatus.DISPUTED: "govuk-tag--red",
    ActionStatus.CLOSED: "govuk-tag--green",
}
RATING_TAGS = {Rating.MET: "govuk-tag--green", Rating.PARTLY: "govuk-tag--yellow", Rating.NOT_MET: "govuk-tag--red"}


def _errors_from(form: forms.Form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)


def _form_page(request: HttpRequest, template: str, form: forms.Form, **context: Any) -> HttpResponse:
    errors = error_list(form) if form.is_bound else []
    dates = {name: date_parts(form, name) for name, f in form.fields.items() if isinstance(f, GovukDateField)}
    return render(
        request, f"assurance/{template}", {"form": form, "errors": errors, "page_has_errors": bool(errors), "dates": dates, **context}
    )


def _date_post(saved: dict[str, Any], names: tuple[str, ...]) -> dict[str, str]:
    data = {k: "" if v is None else str(v) for k, v in saved.items()}
    for name in names:
        day = date.fromisoformat(saved[name])
        for i, part in enumerate((day.day, day.month, day.year)):
            data[f"{name}_{i}"] = str(part)
    return data


# --- R-A2: audit samples --------------------------------------------------------------------------------


def _cases(n: int) -> str:
    return ngettext("%(num)d case", "%(num)d cases", n) % {"num": n}


@require_GET
@access.requires(rights.SAMPLE_VIEW)
def sample_list(request: HttpRequest) -> HttpResponse:
    shown = selectors.page_of(selectors.samples(request.user), request.GET.get("page"))
    return render(
        request,
        "assurance/samples.html",
        {
            "title": _("Audit samples"),
            "samples": shown.object_list,
            "page": shown,
            "can_draw": access.can(request.user, rights.SAMPLE),
            "actions": list(selectors.actions_waiting(request.user).select_related("sample__crc").order_by("due_on", "pk")[:50]),
            "action_tags": ACTION_TAGS,
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(rights.SAMPLE)
def sample_new(request: HttpRequest) -> HttpResponse:
    crcs = selectors.crcs_to_sample(request.user)
    if request.method == "POST":
        form = SampleForm(request.POST, crcs=crcs)
        if form.is_valid():
            data = form.cleaned_data
            allowed = rules.period_allowed(start=data["period_start"], end=data["period_end"], today=clock.today())
            if not allowed.value:
                form.add_error("period_end", " ".join(without_citations(r) for r in allowed.reasons))
            else:
                request.session[SAMPLE_SESSION] = {
                    "crc": data["crc"],
                    "period_start": data["period_start"].isoformat(),
                    "period_end": data["period_end"].isoformat(),
                    "size": data["size"],
                    "seed": data["seed"],
                }
                return redirect("assurance_sample_check")
    else:
        saved = request.session.get(SAMPLE_SESSION)
        form = SampleForm(_date_post(saved, ("period_start", "period_end")), crcs=crcs) if saved else SampleForm(crcs=crcs)
        if saved:
            form.is_valid()
    return _form_page(request, "sample_form.html", form, title=_("Draw an audit sample"))


@require_http_methods(["GET", "POST"])
@access.requires(rights.SAMPLE)
def sample_check(request: HttpRequest) -> HttpResponse:
    saved = request.session.get(SAMPLE_SESSION)
    if not saved:
        return redirect("assurance_sample_new")
    crc = selectors.crcs_to_sample(request.user).filter(pk=saved["crc"]).first()
    if crc is None:
        request.session.pop(SAMPLE_SESSION, None)
        raise Http404(access.NOT_FOUND_MESSAGE)
    start, end = date.fromisoformat(saved["period_start"]), date.fromisoformat(saved["period_end"])
    error = None
    if request.method == "POST":
        try:
            sample = services.draw_sample(
                crc=crc, period_start=start, period_end=end, size=int(saved["size"]), seed=saved["seed"], by=request.user
            )
        except ValidationError as refused:
            error = " ".join(m for ms in refused.message_dict.values() for m in ms)
        else:
            request.session.pop(SAMPLE_SESSION, None)
            drawn = _cases(sample.cases.count())  # type: ignore[attr-defined]
            messages.success(request, _("Sample drawn: %(cases)s, seed %(seed)s") % {"cases": drawn, "seed": sample.seed})
            return redirect("assurance_sample", pk=sample.pk)
    population = services.cases_in_period(crc, start, end).count()
    change = reverse("assurance_sample_new")
    rows = [
        (_("CRC"), crc.name, change + "#id_crc"),
        (
            _("Cases received"),
            _("%(start)s to %(end)s") % {"start": format_date(start), "end": format_date(end)},
            change + "#id_period_start_0",
        ),
        (_("How many cases"), str(saved["size"]), change + "#id_size"),
        (_("Seed"), str(saved["seed"]) if saved["seed"] else _("A new random seed, recorded with the sample"), change + "#id_seed"),
    ]
    return render(
        request,
        "assurance/check.html",
        {
            "title": _("Check the sample before drawing it"),
            "rows": rows,
            "lead": _("%(crc)s had %(cases)s received in that period: the sample is drawn from them.")
            % {"crc": crc.name, "cases": _cases(population)},
            "button": _("Draw the sample"),
            "problem": error,
            "page_has_errors": bool(error),
        },
    )


@require_GET
@access.requires(rights.SAMPLE_VIEW)
def sample_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    sample = selectors.sample(user, pk)
    cases = selectors.sample_cases(sample)
    people = selectors.identified(user, cases)
    services.log_identified(sample=sample, people=list(people.values()), by=user)
    return render(
        request,
        "assurance/sample.html",
        {
            "title": _("Audit sample of %(crc)s") % {"crc": sample.crc.name},
            "sample": sample,
            "cases": cases,
            "people": people,
            "drawn_words": _cases(len(cases)),
            "actions": selectors.sample_actions(sample),
            "can_check": access.can(user, rights.SAMPLE) and selectors.manages(user, sample.crc_id),
            "can_respond": access.can(user, rights.RESPOND),
            "may_reveal": selectors.may_reveal(user, sample),
            "case_reference": case_reference,
            "rating_tags": RATING_TAGS,
            "action_tags": ACTION_TAGS,
            "ratings": dict(Rating.choices),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(rights.SAMPLE_VIEW)
def case_detail(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    user = request.user
    case = selectors.sample_case(user, pk, case_pk)
    can_check = access.can(user, rights.SAMPLE)
    if request.method == "POST":
        if not can_check:
            raise PermissionDenied
        form = CaseForm(request.POST)
        if form.is_valid():
            try:
                services.check_case(case=case, by=user, **form.cleaned_data)
            except ValidationError as error:
                _errors_from(form, error)
            else:
                messages.success(request, _("Checklist saved for case %(n)s") % {"n": case.position})
                return redirect("assurance_sample", pk=case.sample_id)
    else:
        form = CaseForm(initial={"evidence": case.evidence, "finding": case.finding, "rating": case.rating})
    people = selectors.identified(user, [case])
    services.log_identified(sample=case.sample, people=list(people.values()), by=user)
    return _form_page(
        request,
        "case.html",
        form,
        title=_("Case %(n)s of the sample") % {"n": case.position},
        caption=_("Audit sample of %(crc)s") % {"crc": case.sample.crc.name},
        case=case,
        person=people.get(case.custody_period.person_id),
        reference=case_reference(case.custody_period.person_id),
        can_check=can_check,
        may_reveal=selectors.may_reveal(user, case.sample),
        evidence_text=", ".join(str(Evidence(e).label) for e in case.evidence),
        ratings=dict(Rating.choices),
    )


@require_POST
@access.requires(rights.REVEAL)
def case_reveal(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    case = selectors.sample_case(request.user, pk, case_pk, action=rights.REVEAL)
    person = services.reveal(case=case, by=request.user)
    return render(
        request,
        "assurance/reveal.html",
        {
            "title": _("Who case %(n)s is") % {"n": case.position},
            "caption": _("Audit sample of %(crc)s") % {"crc": case.sample.crc.name},
            "case": case,
            "person": person,
            "reference": case_reference(person.pk),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(rights.SAMPLE)
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    sample = selectors.sample(request.user, pk)
    cases = selectors.sample_cases(sample)
    form = ActionForm(request.POST if request.method == "POST" else None, cases=cases)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = next((c for c in cases if str(c.pk) == data["case"]), None)
        try:
            services.add_action(sample=sample, case=case, what=data["what"], due_on=data["due_on"], by=request.user)
        except ValidationError as error:
            _errors_from(form, error)
        else:
            messages.success(request, _("Action proposed to %(crc)s") % {"crc": sample.crc.name})
            return redirect("assurance_sample", pk=sample.pk)
    return _form_page(
        request,
        "action_form.html",
        form,
        title=_("Propose an action"),
        caption=_("Audit sample of %(crc)s") % {"crc": sample.crc.name},
        sample=sample,
    )


@require_http_methods(["GET", "POST"])
@access.requires(rights.RESPOND)
def action_respond(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.sample_action(request.user, pk)
    form = RespondForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.respond_to_action(
                action=action, agree=form.cleaned_data["answer"] == "agree", response=form.cleaned_data["response"], by=request.user
            )
        except ValidationError as error:
            _errors_from(form, error)
        else:
            messages.success(request, _("Your answer is sent to the contract manager"))
            return redirect("assurance_sample", pk=action.sample_id)
    return _form_page(request, "action_answer.html", form, title=_("Answer the action"), caption=action.sample.crc.name, action=action)


@require_http_methods(["GET", "POST"])
@access.requires(rights.SAMPLE)
def action_close(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.sample_action(request.user, pk)
    form = CloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_action(action=action, note=form.cleaned_data["note"], by=request.user)
        except ValidationError as error:
            _errors_from(form, error)
        else:
            messages.success(request, _("Action closed"))
            return redirect("assurance_sample", pk=action.sample_id)
    return _form_page(request, "action_answer.html", form, title=_("Close the action"), caption=action.sample.crc.name, action=action)


# --- R-A3: issues -----------------------------------------------------------------------------------------


@require_GET
@access.requires(rights.ISSUE_VIEW)
def issue_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    status = request.GET.get("status")
    status = status if status in IssueStatus.values else IssueStatus.OPEN
    shown = selectors.page_of(selectors.issues(user, status), request.GET.get("page"))
    manager = access.can(user, rights.ISSUE_RESOLVE)
    return render(
        request,
        "assurance/issues.html",
        {
            "title": _("Contract-management issues"),
            "issues": shown.object_list,
            "page": shown,
            "status": status,
            "tabs": [(IssueStatus.OPEN, _("Open")), (IssueStatus.RESOLVED, _("Resolved"))],
            "counts": selectors.issue_counts(user),
            "manager": manager,
            "can_raise": access.can(user, rights.ISSUE_RAISE),
            "escalations": list(selectors.open_escalations(user)[:50]) if manager else [],
            "topics": dict(IssueTopic.choices),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(rights.ISSUE_RAISE)
def issue_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    crcs, claims = CRC.objects.order_by("name"), list(selectors.unpaid_claims(user))
    if request.method == "POST":
        form = IssueForm(request.POST, crcs=crcs, claims=claims)
        if form.is_valid():
            request.session[ISSUE_SESSION] = dict(form.cleaned_data)
            return redirect("assurance_issue_check")
    else:
        saved = request.session.get(ISSUE_SESSION)
        own = getattr(user, "crc_id", None) or (user.prison.crc_id if getattr(user, "prison_id", None) else None)  # type: ignore[union-attr]
        form = IssueForm(initial=saved or ({"crc": str(own)} if own else {}), crcs=crcs, claims=claims)
    return _form_page(request, "issue_form.html", form, title=_("Raise a contract-management issue"), directory=selectors.directory())


@require_http_methods(["GET", "POST"])
@access.requires(rights.ISSUE_RAISE)
def issue_check(request: HttpRequest) -> HttpResponse:
    user = request.user
    saved = request.session.get(ISSUE_SESSION)
    if not saved:
        return redirect("assurance_issue_new")
    crc = CRC.objects.filter(pk=saved["crc"]).first()
    claim = selectors.unpaid_claims(user).filter(pk=saved["claim"]).first() if saved.get("claim") else None
    if crc is None or (saved.get("claim") and claim is None):
        request.session.pop(ISSUE_SESSION, None)
        return redirect("assurance_issue_new")
    error = None
    if request.method == "POST":
        try:
            issue = services.raise_issue(
                crc=crc, topic=saved["topic"], summary=saved["summary"], details=saved["details"], claim=claim, by=user
            )
        except ValidationError as refused:
            error = " ".join(m for ms in refused.message_dict.values() for m in ms)
        else:
            request.session.pop(ISSUE_SESSION, None)
            messages.success(request, _("Issue raised with %(crc)s's contract managers") % {"crc": crc.name})
            return redirect("assurance_issue", pk=issue.pk)
    managers = services.contract_managers(crc)
    change = reverse("assurance_issue_new")
    rows = [
        (_("CRC"), crc.name, change + "#id_crc"),
        (_("Goes to"), ", ".join(m.get_full_name() for m in managers) or _("No contract manager is recorded for this CRC yet"), ""),
        (_("What it is about"), str(IssueTopic(saved["topic"]).label), change + "#id_topic"),
        (
            _("Claim"),
            _("Claim %(n)s, %(month)s") % {"n": claim.pk, "month": f"{claim.month:%B %Y}"} if claim else _("Not about one claim"),
            change + "#id_claim",
        ),
        (_("Summary"), saved["summary"], change + "#id_summary"),
        (_("Details"), saved["details"], change + "#id_details"),
    ]
    return render(
        request,
        "assurance/check.html",
        {
            "title": _("Check the issue before raising it"),
            "rows": rows,
            "lead": _("The contract managers who manage %(crc)s are told, and you can follow the issue until it is resolved.")
            % {"crc": crc.name},
            "button": _("Raise the issue"),
            "problem": error,
            "page_has_errors": bool(error),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(rights.ISSUE_VIEW)
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    issue = selectors.issue(user, pk)
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_note(issue=issue, text=form.cleaned_data["text"], by=user)
        except ValidationError as error:
            _errors_from(form, error)
        except PermissionDenied:
            raise Http404(access.NOT_FOUND_MESSAGE) from None
        else:
            messages.success(request, _("Message sent"))
            return redirect("assurance_issue", pk=issue.pk)
    return _form_page(
        request,
        "issue.html",
        form,
        title=issue.summary,
        caption=_("Contract-management issue about %(crc)s") % {"crc": issue.crc.name},
        issue=issue,
        notes=selectors.notes(issue),
        manager_names=", ".join(m.get_full_name() for m in services.contract_managers(issue.crc)),
        can_resolve=access.can(user, rights.ISSUE_RESOLVE) and issue.status == IssueStatus.OPEN,
        topics=dict(IssueTopic.choices),
    )


@require_http_methods(["GET", "POST"])
@access.requires(rights.ISSUE_RESOLVE)
def issue_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue(request.user, pk)
    form = ResolveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve_issue(issue=issue, resolution=form.cleaned_data["resolution"], by=request.user)
        except ValidationError as error:
            _errors_from(form, error)
        else:
            messages.success(request, _("Issue resolved: %(who)s is told") % {"who": issue.raised_by.get_full_name()})
            return redirect("assurance_issue", pk=issue.pk)
    return _form_page(request, "resolve.html", form, title=_("Resolve the issue"), caption=issue.summary, issue=issue)


# --- R-A5: the engagement log ------------------------------------------------------------------------------


@require_GET
@access.requires(rights.ENGAGEMENT_VIEW)
def engagement_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    shown = selectors.page_of(selectors.engagements(user), request.GET.get("page"))
    return render(
        request,
        "assurance/engagements.html",
        {
            "title": _("Engagement between CRCs and partners"),
            "entries": shown.object_list,
            "page": shown,
            "summary": selectors.engagement_summary(user),
            "can_record": access.can(user, rights.ENGAGEMENT_RECORD),
            "no_engagement": EngagementKind.NO_ENGAGEMENT,
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(rights.ENGAGEMENT_RECORD)
def engagement_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    crcs, organisations = selectors.engagement_crcs(user), selectors.engagement_organisations(user)
    partner = user.role == rules.PARTNER  # type: ignore[union-attr]
    initial = {"crc": str(user.crc_id) if getattr(user, "crc_id", None) else "", "organisation": str(user.organisation_id or "")}  # type: ignore[union-attr]
    form = EngagementForm(
        request.POST if request.method == "POST" else None, initial=initial, crcs=crcs, organisations=organisations, partner=partner
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_engagement(
                crc=crcs.get(pk=data["crc"]),
                organisation=organisations.get(pk=data["organisation"]),
                kind=data["kind"],
                on=data["on"],
                note=data["note"],
                by=user,
            )
        except (CRC.DoesNotExist, Organisation.DoesNotExist):
            raise Http404(access.NOT_FOUND_MESSAGE) from None
        except ValidationError as error:
            _errors_from(form, error)
        else:
            messages.success(request, _("Recorded in the engagement log"))
            return redirect("assurance_engagements")
    return _form_page(request, "engagement_form.html", form, title=_("Record engagement"), partner=partner)
