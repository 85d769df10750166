"""The plan for the person, in plain English: a page to print, and the same template as a PDF (WeasyPrint).

Both are views of the person's record and are logged like any other (`records.in_custody`). Both are in
the person's language (rule L1: theirs, or else their prison's; issue 22): the whole page, its dates and the plan's sentences,
whatever language the member of staff who opens it reads the service in.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ttg.core import access, clock
from ttg.people import records
from ttg.people import selectors as people_selectors
from ttg.plans.plan import plain
from ttg.plans.plan.models import Plan, PlanActivity, PlanGoal

PDF_VARIANT = "pdf/ua-1"  # tagged, for screen readers; title and language from the HTML


def _records(request: HttpRequest, prison_number: str) -> tuple[Any, Plan, str]:
    """The person, their plan, and the language they are given it in (rule L1)."""
    person, period = records.in_custody(request.user, prison_number)
    activities = PlanActivity.objects.select_related("activity").order_by("order", "id")
    goals = PlanGoal.objects.order_by("order", "id").prefetch_related(Prefetch("activities", queryset=activities))
    the_plan = access.get_for(
        request.user,
        Plan.objects.select_related("agreed_by")
        .prefetch_related(Prefetch("activities", queryset=activities))
        .prefetch_related(Prefetch("goals", queryset=goals)),
        custody_period=period,
    )
    return person, the_plan, people_selectors.language_for(person, period).value


def _plain_context(person: Any, the_plan: Plan, *, pdf: bool) -> dict[str, Any]:
    """What the template needs. The plan's sentences are translated here: call it, and render, inside
    `translation.override(language)`, the person's language (rule L1)."""
    return {
        "title": _("Your resettlement plan"),
        "caption": f"{person.first_name} {person.last_name}",
        "person": person,
        "plan": the_plan,
        "goals": plain.goals(the_plan),
        "groups": plain.groups(the_plan),
        "today": clock.today(),
        "pdf": pdf,
    }


def _context(request: HttpRequest, prison_number: str, *, pdf: bool) -> dict[str, Any]:
    """The same, in the active language (tests render the template with it)."""
    person, the_plan, _language = _records(request, prison_number)
    return _plain_context(person, the_plan, pdf=pdf)


@require_GET
@access.requires("plan.view")
def plan_print(request: HttpRequest, prison_number: str) -> HttpResponse:
    person, the_plan, language = _records(request, prison_number)
    with translation.override(language):
        return render(request, "plans/plan_print.html", _plain_context(person, the_plan, pdf=False))


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only this view needs

    return bytes(HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT))


@require_GET
@access.requires("plan.view")
def plan_pdf(request: HttpRequest, prison_number: str) -> HttpResponse:
    person, the_plan, language = _records(request, prison_number)
    with translation.override(language):
        context = _plain_context(person, the_plan, pdf=True)
        html = render_to_string("plans/plan_print.html", context, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="resettlement-plan-{context["person"].prison_number}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
