"""Money: integer pence, exact sums, parsing what people type, formatting as GOV.UK writes it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ttg.payments.money import Money, MoneyError, format_pence, parse_pounds, per, pounds_text, share, split, total

pence = st.integers(min_value=0, max_value=10**12)


@given(st.lists(st.tuples(st.integers(min_value=1, max_value=10_000), st.integers(min_value=1, max_value=500_000)), max_size=200))
def test_a_claim_total_equals_the_sum_of_its_lines(lines: list[tuple[int, int]]) -> None:
    amounts = [units * price for units, price in lines]
    assert total(amounts) == sum(amounts)
    assert sum((Money(price) * units for units, price in lines), Money(0)).pence == sum(amounts)


@given(st.lists(pence, max_size=100))
def test_no_rounding_drift_in_any_order(amounts: list[int]) -> None:
    assert total(amounts) == total(reversed(amounts)) == total(sorted(amounts))
    # Through text and back: what a CSV cell says is what was stored.
    assert all(parse_pounds(pounds_text(a), field="x", label="the amount", allow_zero=True) == a for a in amounts)


@given(pence, st.integers(min_value=1, max_value=100))
def test_a_split_adds_up_exactly_and_is_fair(amount: int, parts: int) -> None:
    shares = split(amount, parts)
    assert sum(shares) == amount
    assert max(shares) - min(shares) <= 1


@given(pence)
def test_formatting_and_parsing_agree(amount: int) -> None:
    assert parse_pounds(format_pence(amount), field="price", label="the price", allow_zero=True) == amount


def test_the_twenty_two_million_split_between_21_crcs() -> None:
    shares = split(22_000_000 * 100, 21)
    assert sum(shares) == 2_200_000_000
    assert format_pence(shares[0]) == "£1,047,619.05"
    assert format_pence(shares[-1]) == "£1,047,619.04"


@pytest.mark.parametrize(
    ("typed", "pence_"),
    [("1234.5", 123450), ("£1,234.50", 123450), (" 12 ", 1200), ("0.01", 1), ("95", 9500), ("1 000.00", 100000)],
)
def test_parsing_what_people_type(typed: str, pence_: int) -> None:
    assert parse_pounds(typed, field="price", label="the price") == pence_


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the price"),
        ("abc", "The price must be an amount in pounds and pence, like 125.50"),
        ("1.234", "The price must be an amount in pounds and pence, like 125.50"),
        ("-5", "The price must not be negative"),
        ("0", "The price must be more than £0"),
        ("1e3", "The price must be an amount in pounds and pence, like 125.50"),
        ("NaN", "The price must be an amount in pounds and pence, like 125.50"),
        ("999999999999", "The price must be less than £100,000,000,000.00"),
    ],
)
def test_bad_input_names_the_field(typed: str, message: str) -> None:
    with pytest.raises(MoneyError) as error:
        parse_pounds(typed, field="price", label="the price")
    assert error.value.field == "price"
    assert error.value.message == message


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        Money(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        total([100, 0.1])  # type: ignore[list-item]
    assert Money(100).__mul__(1.5) is NotImplemented  # type: ignore[arg-type,operator]


def test_formatting() -> None:
    assert format_pence(123450) == "£1,234.50"
    assert format_pence(5) == "£0.05"
    assert format_pence(-305) == "-£3.05"
    assert format_pence(None) == ""
    assert str(Money(100000000)) == "£1,000,000.00"


def test_averages_and_shares_round_half_up() -> None:
    assert per(1000, 3) == 333
    assert per(1001, 2) == 501  # 500.5 rounds up
    assert per(100, 0) is None
    assert share(1, 3) == Decimal("33.3")
    assert share(2, 3) == Decimal("66.7")
    assert share(5, 0) is None
