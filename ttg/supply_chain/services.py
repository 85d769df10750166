"""Every write to the supply-chain register and its information-sharing agreements, each in one
transaction and audited; and the log of each disclosure made under an agreement.

History is kept: a service row is ended with its last day, never deleted. Bad input raises a
ValidationError whose keys are the form's field names; nothing is written then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from ttg.core import clock
from ttg.core.audit import record_change, snapshot
from ttg.core.pathways import PATHWAY_CODES
from ttg.core.rules import Decision, format_date
from ttg.estate.models import CRC, Organisation, Prison

from . import rules, selectors
from .models import TTG_CASEWORK, SharingAgreement, SupplyChainContract, SupplyChainService


def _require_edit(by: Any, crc: CRC) -> None:
    if not selectors.editable_crcs(by).filter(pk=crc.pk).exists():
        raise PermissionDenied("You may not change this CRC's supply chain")


def _english(words: Callable[[], str]) -> str:
    """Words stored in the audit trail, in English whoever is reading when they are stored (issue 22)."""
    with translation.override("en-gb"):
        return str(words())


def _words(d: date) -> str:
    """ "1 April 2019", in the reader's language (the messages it goes into are)."""
    return format_date(d)


def add_contract(
    *,
    crc: CRC,
    organisation: Organisation,
    reference: str,
    title: str,
    starts_on: date,
    ends_on: date | None = None,
    value_pence: int | None = None,
    by: Any,
) -> SupplyChainContract:
    reference, title = reference.strip(), title.strip()
    errors: dict[str, str] = {}
    if not reference:
        errors["reference"] = _("Enter the contract reference")
    if not title:
        errors["title"] = _("Enter the contract title")
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("The end date must be the same as or after the start date")
    if value_pence is not None and value_pence < 0:
        errors["value"] = _("The value must be £0 or more")
    with transaction.atomic():
        crc = CRC.objects.select_for_update().get(pk=crc.pk)  # one writer per CRC's supply chain at a time
        _require_edit(by, crc)
        if reference and SupplyChainContract.objects.filter(crc=crc, reference=reference).exists():
            errors["reference"] = _("%(crc)s already has a contract with the reference %(reference)s") % {
                "crc": crc.name,
                "reference": reference,
            }
        if errors:
            raise ValidationError(errors)
        contract = SupplyChainContract.objects.create(
            crc=crc,
            organisation=organisation,
            reference=reference,
            title=title,
            starts_on=starts_on,
            ends_on=ends_on,
            value_pence=value_pence,
            created_at=clock.now(),
            created_by=by,
        )
        record_change(actor=by, action="supply_chain.supplychaincontract.add", obj=contract, after=snapshot(contract), scope_crc=crc)
    return contract


def add_service(
    *, contract: SupplyChainContract, pathway: str, prison: Prison, since: date, until: date | None = None, activity_code: str = "", by: Any
) -> SupplyChainService:
    errors: dict[str, str] = {}
    if pathway not in PATHWAY_CODES and pathway != TTG_CASEWORK:
        errors["pathway"] = _("Select a pathway")
    if pathway == TTG_CASEWORK and prison.crc_id != contract.crc_id:
        errors["prison"] = _("A partner can do a CRC's TTG casework only in a prison that CRC serves")
    if until is not None and until < since:
        errors["until"] = _("The end date must be the same as or after the start date")
    with transaction.atomic():
        crc = CRC.objects.select_for_update().get(pk=contract.crc_id)
        _require_edit(by, crc)
        contract = SupplyChainContract.objects.get(pk=contract.pk)
        if since < contract.starts_on:
            errors.setdefault(
                "since", _("The start date must be on or after the contract starts (%(day)s)") % {"day": _words(contract.starts_on)}
            )
        if contract.ends_on is not None:
            if since > contract.ends_on:
                errors.setdefault(
                    "since", _("The start date must be on or before the contract ends (%(day)s)") % {"day": _words(contract.ends_on)}
                )
            if until is None or until > contract.ends_on:
                errors.setdefault(
                    "until", _("The end date must be on or before the contract ends (%(day)s)") % {"day": _words(contract.ends_on)}
                )
        if not errors:
            # No two rows for the same organisation, CRC, pathway and prison whose dates overlap.
            overlapping = SupplyChainService.objects.filter(
                contract__organisation_id=contract.organisation_id, contract__crc=crc, pathway=pathway, prison=prison
            ).filter(Q(until__isnull=True) | Q(until__gte=since))
            if until is not None:
                overlapping = overlapping.filter(since__lte=until)
            clash = overlapping.select_related("contract").first()
            if clash is not None:
                errors["since"] = _(
                    "%(organisation)s already provides this at %(prison)s from %(since)s under contract %(reference)s: the dates overlap"
                ) % {
                    "organisation": contract.organisation.name,
                    "prison": prison.name,
                    "since": _words(clash.since),
                    "reference": clash.contract.reference,
                }
        if errors:
            raise ValidationError(errors)
        row = SupplyChainService.objects.create(
            contract=contract,
            pathway=pathway,
            activity_code=activity_code.strip(),
            prison=prison,
            since=since,
            until=until,
            created_at=clock.now(),
            created_by=by,
        )
        record_change(actor=by, action="supply_chain.supplychainservice.add", obj=row, after=snapshot(row), scope_crc=crc)
    return row


def end_service(*, service: SupplyChainService, until: date, reason: str = "", by: Any) -> SupplyChainService:
    """Give a row its last day. The row stays in the register's history."""
    with transaction.atomic():
        crc = CRC.objects.select_for_update().get(pk=service.contract.crc_id)
        _require_edit(by, crc)
        row = SupplyChainService.objects.select_for_update().get(pk=service.pk)
        before = snapshot(row)
        if row.until is not None and row.until < clock.today():
            raise ValidationError({"until": _("This service already ended on %(day)s") % {"day": _words(row.until)}})
        if until < row.since:
            raise ValidationError(
                {"until": _("The end date must be the same as or after the start date (%(day)s)") % {"day": _words(row.since)}}
            )
        if row.until is not None and until > row.until:
            raise ValidationError(
                {"until": _("The end date must be on or before %(day)s, when it ends already") % {"day": _words(row.until)}}
            )
        row.until = until
        row.end_reason = reason.strip()[:500]
        row.save(update_fields=["until", "end_reason"])
        record_change(
            actor=by,
            action="supply_chain.supplychainservice.end",
            obj=row,
            before=before,
            after=snapshot(row),
            reason=row.end_reason,
            scope_crc=crc,
        )
    return row


# --------------------------------------------------------------------------------------------------
# Information-sharing agreements (U3, rule R-R5), and the log of each disclosure made under them
# --------------------------------------------------------------------------------------------------


def record_agreement(
    *,
    crc: CRC | None,
    organisation: Organisation,
    reference: str,
    purpose: str,
    lawful_basis: str,
    categories: Iterable[str],
    valid_from: date,
    valid_until: date | None = None,
    signed_copy_reference: str,
    by: Any,
) -> SharingAgreement:
    """Record an information-sharing agreement between `crc` (None: the National Probation Service)
    and `organisation`. A CRC manager records their own CRC's, an administrator any, and the NPS's."""
    reference, purpose, lawful_basis, signed = reference.strip(), purpose.strip(), lawful_basis.strip(), signed_copy_reference.strip()
    chosen = set(categories)
    errors: dict[str, str] = {}
    if not reference:
        errors["reference"] = _("Enter the agreement reference")
    if not purpose:
        errors["purpose"] = _("Enter the purpose of the sharing")
    if not lawful_basis:
        errors["lawful_basis"] = _("Enter the lawful basis for the sharing")
    if not chosen:
        errors["categories"] = _("Select at least one category of data the agreement allows")
    elif chosen - set(rules.CATEGORIES):
        errors["categories"] = _("Select categories from the list")
    if not signed:
        errors["signed_copy_reference"] = _("Enter where the signed copy is kept")
    if valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = _("The last day must be the same as or after the first day")
    with transaction.atomic():
        if crc is None:
            if not selectors.can_record_for_nps(by):
                raise PermissionDenied("Only an administrator records the NPS's information-sharing agreements")
        else:
            crc = CRC.objects.select_for_update().get(pk=crc.pk)  # one writer per CRC's agreements at a time
            if not selectors.sharing_editable_crcs(by).filter(pk=crc.pk).exists():
                raise PermissionDenied("You may not record this CRC's information-sharing agreements")
        if reference and SharingAgreement.objects.filter(reference=reference).exists():
            errors["reference"] = _("There is already an agreement with the reference %(reference)s") % {"reference": reference}
        if errors:
            raise ValidationError(errors)
        agreement = SharingAgreement.objects.create(
            crc=crc,
            organisation=organisation,
            reference=reference,
            purpose=purpose,
            lawful_basis=lawful_basis,
            categories=[c for c in rules.CATEGORIES if c in chosen],
            valid_from=valid_from,
            valid_until=valid_until,
            signed_copy_reference=signed,
            created_at=clock.now(),
            created_by=by,
        )
        record_change(
            actor=by,
            action="supply_chain.sharingagreement.add",
            obj=agreement,
            after=snapshot(agreement),
            reason=f"Information-sharing agreement between {_english(lambda: agreement.discloser_name)} and {organisation}",
            scope_crc=crc,
        )
    return agreement


def record_disclosure(
    *,
    by: Any,
    person_id: Any,
    recipient: Organisation,
    discloser_crc: CRC | None,
    coverage: Decision[rules.Coverage],
    categories: Iterable[str],
    purpose: str,
) -> None:
    """Log one disclosure of a person's data to an organisation (DPA 2018 s.62: who, to whom, what
    categories, when, why, under which agreement). Call inside the transaction of the disclosing
    write (a referral sent, a purchase made), after `agreement_in_force` said yes: it commits or rolls
    back with it. No content of what was shared: the categories' names only."""
    shared = [c for c in rules.CATEGORIES if c in set(categories)]
    discloser = discloser_crc.name if discloser_crc is not None else rules.NPS
    under = list(coverage.value.under)
    record_change(
        actor=by,
        action="people.person.disclose",
        object_type="people.Person",
        object_id=str(person_id),
        after={
            "recipient": recipient.name,
            "recipient_id": recipient.pk,
            "discloser": discloser,
            "categories": shared,
            "purpose": purpose,
            "agreements": under,
        },
        reason=(
            f"Disclosed {_english(lambda: rules.category_words(shared))} to {recipient.name} by {discloser} for {purpose}, "
            f"under information-sharing agreement {' and '.join(under) or '(none needed)'}"
        ),
        scope_crc=discloser_crc,
    )
