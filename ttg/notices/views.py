"""Notice pages (R-N1). Thin: a selector or a service, then a template."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ttg.accounts.mfa import recent_authentication_required
from ttg.core import access, clock
from ttg.core.forms import date_parts, error_list
from ttg.core.spreadsheets import csv_bytes, xlsx_bytes

from . import selectors, services
from .access import is_publisher
from .attachments import size_words
from .constants import Audience, LinkKind
from .forms import AttachmentForm, NoticeForm
from .models import Notice


@require_GET
@access.requires("notices.view")
def notice_list(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.notices(request.user)[: selectors.LIST_PAGE * 4])
    publisher = is_publisher(request.user)
    return render(
        request,
        "notices/list.html",
        {
            "title": _("Notices of changes"),
            "publisher": publisher,
            "drafts": [n for n in rows if not n.is_published] if publisher else [],
            "published": [n for n in rows if n.is_published],
            "left_out": selectors.left_out_for_sector(request.user),
        },
    )


def _form_page(request: HttpRequest, form: NoticeForm, *, title: str, notice: Notice | None = None) -> HttpResponse:
    errors = error_list(form) if form.is_bound else []
    chosen_links = form["links"].value() or []
    return render(
        request,
        "notices/form.html",
        {
            "title": title,
            "notice": notice,
            "form": form,
            "errors": errors,
            "page_has_errors": bool(errors),
            "effective_on": date_parts(form, "effective_on"),
            "audience_items": [{"value": v, "text": t, "checked": v in (form["audience"].value() or [])} for v, t in Audience.choices],
            "crc_items": [{"value": v, "text": t, "selected": v == (form["crc"].value() or "")} for v, t in form.fields["crc"].choices],  # type: ignore[attr-defined]
            "link_groups": [
                (kind_label, [{"value": o.value, "text": o.label, "checked": o.value in chosen_links} for o in form.options[kind]])
                for kind, kind_label in ((k, LinkKind(k).label) for k in (LinkKind.QUESTION_SET, LinkKind.CATALOGUE, LinkKind.RULE))
                if form.options.get(kind)
            ],
        },
    )


def _draft(form: NoticeForm) -> services.Draft:
    data = form.cleaned_data
    return services.Draft(
        title=data["title"],
        summary=data["summary"],
        what_to_do=data["what_to_do"],
        effective_on=data["effective_on"],
        audience=list(data["audience"]),
        crc=form.crc_object(),
        sector_left_out_reason=data["sector_left_out_reason"],
        links=list(data["links"]),
    )


def _save(request: HttpRequest, form: NoticeForm, notice: Notice | None) -> Notice | None:
    try:
        if notice is None:
            return services.create_draft(draft=_draft(form), by=request.user)
        return services.update_draft(notice=notice, draft=_draft(form), by=request.user)
    except ValidationError as error:
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    return None


@require_http_methods(["GET", "POST"])
@access.requires("notices.publish")
def notice_new(request: HttpRequest) -> HttpResponse:
    form = NoticeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        notice = _save(request, form, None)
        if notice is not None:
            messages.success(request, _("Draft saved. Add any attachments, then publish it."))
            return redirect("notice_detail", pk=notice.pk)
    return _form_page(request, form, title=_("Draft a notice of a change"))


def _initial(notice: Notice) -> dict[str, Any]:
    return {
        "title": notice.title,
        "summary": notice.summary,
        "what_to_do": notice.what_to_do,
        "effective_on": notice.effective_on,
        "audience": notice.audience,
        "crc": notice.crc.code if notice.crc else "",
        "sector_left_out_reason": notice.sector_left_out_reason,
        "links": [f"{link.kind}:{link.key}" for link in notice.links.all()],
    }


def _draft_for(request: HttpRequest, pk: int) -> Notice:
    notice = selectors.notice(request.user, pk)
    if notice.is_published:
        raise Http404(access.NOT_FOUND_MESSAGE)
    return notice


@require_http_methods(["GET", "POST"])
@access.requires("notices.publish")
def notice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _draft_for(request, pk)
    form = NoticeForm(request.POST) if request.method == "POST" else NoticeForm(initial=_initial(notice))
    if request.method == "POST" and form.is_valid() and _save(request, form, notice) is not None:
        messages.success(request, _("Draft saved."))
        return redirect("notice_detail", pk=notice.pk)
    return _form_page(request, form, title=_("Change the draft notice"), notice=notice)


@require_GET
@access.requires("notices.view")
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice(request.user, pk)
    return render(
        request,
        "notices/detail.html",
        {
            "title": notice.title,
            "caption": _("Notice of a change") if notice.is_published else _("Draft notice"),
            "notice": notice,
            "announces": selectors.link_words(request.user, notice),
            "audience_words": [Audience(kind).label for kind in notice.audience if kind in Audience.values],
            "recipient": selectors.recipient(request.user, notice),
            "publisher": is_publisher(request.user),
            "size_words": size_words,
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires("notices.publish")
def notice_attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _draft_for(request, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            # Read one byte more than allowed: a larger file is refused without reading it all.
            content = upload.read(settings.TTG_NOTICE_ATTACHMENT_MAX_BYTES + 1)
            services.add_attachment(notice=notice, name=upload.name or "", content=content, by=request.user)
        except ValidationError as error:
            for problem in error.message_dict.get("file", []):
                form.add_error("file", problem)
        else:
            messages.success(request, _("Attachment added."))
            return redirect("notice_detail", pk=notice.pk)
    errors = error_list(form) if form.is_bound else []
    return render(
        request,
        "notices/attachment_form.html",
        {
            "title": _("Add an attachment"),
            "caption": notice.title,
            "notice": notice,
            "form": form,
            "errors": errors,
            "page_has_errors": bool(errors),
            "max_size": size_words(settings.TTG_NOTICE_ATTACHMENT_MAX_BYTES),
        },
    )


@require_GET
@access.requires("notices.view")
def notice_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    attachment = selectors.attachment(request.user, pk, attachment_pk)
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="{attachment.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_http_methods(["GET", "POST"])
@access.requires("notices.publish")
def notice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice(request.user, pk)
    if notice.is_published:
        # A second submit of the publish button: already done, nothing more happens.
        return redirect("notice_detail", pk=notice.pk)
    if request.method == "POST":
        try:
            services.publish(notice=notice, by=request.user)
        except ValidationError as error:
            for problems in error.message_dict.values():
                for problem in problems:
                    messages.error(request, problem)
            return redirect("notice_detail", pk=notice.pk)
        messages.success(request, _("Notice published: everyone it goes to has been told."))
        return redirect("notice_report", pk=notice.pk)
    people = services.audience(notice, clock.today())
    return render(
        request,
        "notices/publish.html",
        {
            "title": _("Check and publish the notice"),
            "caption": notice.title,
            "notice": notice,
            "announces": selectors.link_words(request.user, notice),
            "audience_words": [Audience(kind).label for kind in notice.audience if kind in Audience.values],
            "people_count": people.count(),
        },
    )


@require_POST
@access.requires("notices.acknowledge")
def notice_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice(request.user, pk)
    if selectors.recipient(request.user, notice) is None:
        raise Http404(access.NOT_FOUND_MESSAGE)
    services.acknowledge(notice=notice, user=request.user)
    messages.success(request, _("You have acknowledged that you have read and understood this notice."))
    return redirect("notice_detail", pk=notice.pk)


def _published_for_report(request: HttpRequest, pk: int) -> Notice:
    notice = selectors.notice(request.user, pk)
    if not notice.is_published:
        raise Http404(access.NOT_FOUND_MESSAGE)
    return notice


@require_GET
@access.requires("notices.publish")
def notice_report(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _published_for_report(request, pk)
    rows = selectors.report(notice)
    return render(
        request,
        "notices/report.html",
        {
            "title": _("Who has acknowledged the notice"),
            "caption": notice.title,
            "notice": notice,
            "rows": rows,
            "unaware": [r for r in rows if not r.aware],
        },
    )


@require_GET
@access.requires("notices.publish")
@recent_authentication_required  # a bulk export of who has acknowledged (ASVS V4.3.3)
def notice_report_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    notice = _published_for_report(request, pk)
    header, rows = selectors.REPORT_HEADER, selectors.report_rows(notice)
    if fmt == "csv":
        response = HttpResponse(csv_bytes([(header, rows)]), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            xlsx_bytes([(_("Acknowledgements"), header, rows)]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404(access.NOT_FOUND_MESSAGE)
    response["Content-Disposition"] = f'attachment; filename="notice-{notice.pk}-acknowledgements.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
