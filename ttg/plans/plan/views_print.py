"""The plan for the person, in plain English: a page to print, and the same template as a PDF (WeasyPrint).

Both are views of the person's record and are logged like any other (`records.in_custody`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ttg.core import access, clock
from ttg.people import records
from ttg.plans.plan import plain
from ttg.plans.plan.models import Plan, PlanActivity, PlanGoal

PDF_VARIANT = "pdf/ua-1"  # tagged, for screen readers; title and language from the HTML


def _context(request: HttpRequest, prison_number: str, *, pdf: bool) -> dict[str, Any]:
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


@require_GET
@access.requires("plan.view")
def plan_print(request: HttpRequest, prison_number: str) -> HttpResponse:
    return render(request, "plans/plan_print.html", _context(request, prison_number, pdf=False))


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only this view needs

    return bytes(HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT))


@require_GET
@access.requires("plan.view")
def plan_pdf(request: HttpRequest, prison_number: str) -> HttpResponse:
    context = _context(request, prison_number, pdf=True)
    response = HttpResponse(render_pdf(render_to_string("plans/plan_print.html", context, request=request)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="resettlement-plan-{context["person"].prison_number}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
