"""Pages about people in custody: find a person, their custody record, prison caseloads.

Thin: validate the input, call a selector, render. Scoping lives in selectors.py.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from ttg.core import access, clock
from ttg.core.forms import error_list
from ttg.core.languages import Language

from . import links, records, selectors, selectors_allocation, services
from .constants import LegalStatus
from .feed import ETHNICITY_CODES


class SearchForm(forms.Form):
    query = forms.CharField(
        label=gettext_lazy("Prison number or name"),
        max_length=100,
        help_text=gettext_lazy("For example, A1234BC, Smith or John Smith"),
        error_messages={"required": gettext_lazy("Enter a prison number or name")},
    )


@require_http_methods(["GET", "POST"])
@access.requires("person.view")
def people_search(request: HttpRequest) -> HttpResponse:
    # A POST form, not GET: a name in the query string would be kept in browser history, proxy and
    # server logs, and Referer headers. Personal data never goes in a URL (security rule). A search
    # changes nothing, so the results are rendered in reply to the POST (no redirect needed).
    form = SearchForm(request.POST if request.method == "POST" else None)
    results = selectors.search_people(request.user, form.cleaned_data["query"]) if form.is_bound and form.is_valid() else None
    return render(
        request,
        "people/search.html",
        {
            "title": _("Find a person"),
            "form": form,
            "errors": error_list(form) if form.is_bound else [],
            "page_has_errors": form.is_bound and bool(form.errors),
            "results": results,
        },
    )


@require_GET
@access.requires("person.view")
def person_detail(request: HttpRequest, prison_number: str) -> HttpResponse:
    person = selectors.person_record(request.user, prison_number)
    current = selectors.current_custody(person)
    records.log_view(request.user, person, current)
    # The rest of the record: the parts the apps above hold, each linked only for users who may open it.
    worked = current or selectors.latest_released(person)
    parts = links.links(request.user, person, worked)
    # Who holds the person (rule AL1): for the CRC's caseworkers and managers; the managers allocate.
    allocation_shown = worked is not None and access.can(request.user, "allocation.view")
    return render(
        request,
        "people/person.html",
        {
            "title": f"{person.first_name} {person.last_name}",
            "person": person,
            "current": current,
            "days_to_release": selectors.days_between(clock.today(), current.release_date) if current else None,
            "ethnicity": ETHNICITY_CODES.get(person.ethnicity, ""),
            "timeline": selectors.custody_timeline(person),
            "parts": parts,
            "notices": links.notices(request.user, person),
            "allocation_shown": allocation_shown,
            "allocation": selectors_allocation.current_allocation(request.user, worked) if allocation_shown and worked else None,
            "may_allocate": allocation_shown and access.can(request.user, "allocation.make"),
            "may_set_language": access.can(request.user, "person.language"),
            "language_name": Language(selectors.language_for(person, worked).value).label,
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires("person.language")
def person_language(request: HttpRequest, prison_number: str) -> HttpResponse:
    """The language the person is given their plan in (issue 22): English or Welsh, a radio each."""
    person, period = records.in_custody(request.user, prison_number)
    chosen, errors = person.language or services.NOT_RECORDED, []
    if request.method == "POST":
        chosen = request.POST.get("language", "")
        try:
            services.set_language(person=person, language=chosen, by=request.user)
        except services.LanguageError as error:
            errors = [{"text": str(error), "href": "#language"}]
        else:
            if person.language:
                messages.success(request, _("Language recorded: %(language)s") % {"language": person.get_language_display()})
            else:
                messages.success(request, _("Language not recorded: their prison’s language applies"))
            return redirect("person_detail", prison_number=person.prison_number)
    return render(
        request,
        "people/language.html",
        {
            "title": _("Which language does %(name)s want their plan in?") % {"name": person.first_name},
            "caption": f"{person.first_name} {person.last_name}",
            "person": person,
            "chosen": chosen,
            "choices": Language.choices,
            "not_recorded": services.NOT_RECORDED,
            "prison": period.current_prison,
            "errors": errors,
            "page_has_errors": bool(errors),
        },
    )


@require_GET
@access.requires("caseload.view")
def my_caseloads(request: HttpRequest) -> HttpResponse:
    return render(request, "people/caseloads.html", {"title": _("Caseloads"), "prisons": selectors.my_caseloads(request.user)})


class CaseloadForm(forms.Form):
    """The caseload's filters and order. GET is fine: none of these is personal data."""

    legal_status = forms.ChoiceField(
        label=gettext_lazy("Legal status"), required=False, choices=[("", gettext_lazy("Any")), *LegalStatus.choices]
    )
    release_within_weeks = forms.TypedChoiceField(
        label=gettext_lazy("Release date"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", gettext_lazy("Any time"))]
        + [(str(w), gettext_lazy("Within %(weeks)s weeks") % {"weeks": w}) for w in selectors.RELEASE_WITHIN_WEEKS],
    )
    sort = forms.ChoiceField(required=False, choices=[(s, s) for s in selectors.SORTS])
    direction = forms.ChoiceField(required=False, choices=[("asc", "asc"), ("desc", "desc")])


COLUMNS = [
    ("name", gettext_lazy("Name")),
    ("prison_number", gettext_lazy("Prison number")),
    ("reception_date", gettext_lazy("Reception date")),
    (None, gettext_lazy("Legal status")),
    (None, gettext_lazy("Sentence type")),
    ("release_date", gettext_lazy("Release date")),
    (None, gettext_lazy("Days to release")),
]


def _headers(query: QueryDict, sort: str, direction: str) -> list[dict[str, Any]]:
    """Column headers; sortable ones are links (no JavaScript needed) with aria-sort."""
    headers = []
    for key, label in COLUMNS:
        header: dict[str, Any] = {"text": str(label), "key": key}
        if key is not None:
            link = query.copy()
            link.pop("page", None)
            link["sort"] = key
            link["direction"] = "desc" if key == sort and direction == "asc" else "asc"
            header["href"] = f"?{link.urlencode()}"
            header["aria_sort"] = ("ascending" if direction == "asc" else "descending") if key == sort else "none"
        headers.append(header)
    return headers


def _pagination(page: Page, query: QueryDict) -> dict[str, Any] | None:
    """govukPagination parameters with numbered pages, keeping the filters and order."""
    if not page.paginator.num_pages > 1:
        return None
    base = query.copy()
    base.pop("page", None)

    def href(number: int) -> str:
        base["page"] = str(number)
        return f"?{base.urlencode()}"

    items = [
        {"number": number, "href": href(number), "current": number == page.number} if isinstance(number, int) else {"ellipsis": True}
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    return {
        "previous": {"href": href(page.previous_page_number())} if page.has_previous() else None,
        "next": {"href": href(page.next_page_number())} if page.has_next() else None,
        "items": items,
    }


@require_GET
@access.requires("caseload.view")
def prison_caseload(request: HttpRequest, code: str) -> HttpResponse:
    form = CaseloadForm(request.GET)
    form.is_valid()  # a value that is not one of the choices (an edited URL) is simply ignored
    data = form.cleaned_data
    caseload = selectors.prison_caseload(
        request.user,
        code,
        sort=data.get("sort") or selectors.DEFAULT_SORT,
        direction=data.get("direction") or "asc",
        filters={"legal_status": data.get("legal_status"), "release_within_weeks": data.get("release_within_weeks")},
        page=request.GET.get("page"),
    )
    return render(
        request,
        "people/caseload.html",
        {
            "title": _("People in custody at %(prison)s") % {"prison": caseload.prison.name},
            "caseload": caseload,
            "form": form,
            "headers": _headers(request.GET, caseload.sort, caseload.direction),
            "pagination": _pagination(caseload.page, request.GET),
            "sort": caseload.sort,
            "direction": caseload.direction,
        },
    )
