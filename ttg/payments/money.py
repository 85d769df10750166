"""Money as integer pence (service brief: "Money is exact (pence, never floats)").

Everything stored, added and compared is an ``int`` of pence. Pounds typed by a user are parsed with
``Decimal`` from the text (never through ``float``); divisions (cost per person) use ``Decimal`` and
round half up to the penny only when shown. No Django here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MAX_PENCE = 10**13  # £100bn: a sanity ceiling for anything typed in


class MoneyError(ValueError):
    """Bad money input, with the field it came from, a message that names it (English) and what is wrong
    (`problem`: empty, negative, format, zero, too_much), so a page can say it in the reader's language."""

    def __init__(self, field: str, message: str, problem: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.problem = problem


@dataclass(frozen=True, order=True)
class Money:
    """An amount in pence. Adds and multiplies by whole numbers only: no floats, no drift."""

    pence: int

    def __post_init__(self) -> None:
        if isinstance(self.pence, bool) or not isinstance(self.pence, int):
            raise TypeError(f"Money holds whole pence as an int, not {type(self.pence).__name__}")

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.pence + other.pence)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.pence - other.pence)

    def __mul__(self, units: int) -> Money:
        if isinstance(units, bool) or not isinstance(units, int):
            return NotImplemented
        return Money(self.pence * units)

    __rmul__ = __mul__

    def __str__(self) -> str:
        return format_pence(self.pence)


def total(amounts: Iterable[int]) -> int:
    """The sum of amounts in pence (ints only: a float is refused, not rounded)."""
    result = 0
    for amount in amounts:
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise TypeError(f"pence must be int, not {type(amount).__name__}")
        result += amount
    return result


def format_pence(pence: int | None, *, blank: str = "") -> str:
    """ "£1,234.50"; "-£3.05" for a negative amount; `blank` for None."""
    if pence is None:
        return blank
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(int(pence)), 100)
    return f"{sign}£{pounds:,}.{rest:02d}"


def pounds_text(pence: int) -> str:
    """ "1234.50": the amount as a plain decimal, for CSV cells and form values."""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}{pounds}.{rest:02d}"


def to_decimal_pounds(pence: int) -> Decimal:
    return (Decimal(pence) / 100).quantize(Decimal("0.01"))


_AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")


def parse_pounds(text: str | None, *, field: str, label: str, allow_zero: bool = False) -> int:
    """Pounds as typed ("1234.5", "£1,234.50", " 12 ") to pence; a MoneyError naming `label` otherwise."""
    cleaned = (text or "").strip().replace(",", "").replace(" ", "")
    if cleaned.startswith("£"):
        cleaned = cleaned[1:]
    if not cleaned:
        raise MoneyError(field, f"Enter {label}", "empty")
    if cleaned.startswith("-"):
        raise MoneyError(field, f"{label[0].upper()}{label[1:]} must not be negative", "negative")
    if not _AMOUNT.match(cleaned):
        raise MoneyError(field, f"{label[0].upper()}{label[1:]} must be an amount in pounds and pence, like 125.50", "format")
    try:
        pence = int((Decimal(cleaned) * 100).to_integral_exact())
    except InvalidOperation:  # pragma: no cover - the pattern above rules it out
        raise MoneyError(field, f"{label[0].upper()}{label[1:]} must be an amount in pounds and pence, like 125.50", "format") from None
    if pence == 0 and not allow_zero:
        raise MoneyError(field, f"{label[0].upper()}{label[1:]} must be more than £0", "zero")
    if pence > MAX_PENCE:
        raise MoneyError(field, f"{label[0].upper()}{label[1:]} must be less than {format_pence(MAX_PENCE)}", "too_much")
    return pence


def split(pence: int, parts: int) -> list[int]:
    """`pence` shared into `parts` whole-penny amounts that differ by at most 1p and add up exactly."""
    if parts < 1:
        raise ValueError("parts must be at least 1")
    base, extra = divmod(pence, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def ratio(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator in pence, rounded half up to the penny; None when nothing to divide by."""
    if denominator == 0:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def per(pence: int, count: int) -> int | None:
    """An average in whole pence (half up): cost per person, per activity."""
    value = ratio(pence, count)
    return None if value is None else int(value)


def share(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage with one decimal place (half up); None when the whole is 0."""
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
