"""The rules every figure follows: Decimal half-up, one format, YoY words by sign."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from generator import fmt
from generator.budget import compute
from generator.numerals import chinese
from generator.textfuncs import 占比, 比较, 金额


@pytest.mark.parametrize("yuan, wan", [
    (D("1250"), D("0.13")),  # half-up, where banker's rounding would give 0.12
    (D("1249.99"), D("0.12")),
    (D("3658150"), D("365.82")),  # seed 000's 工资福利支出 from 元
    (D("0"), D("0.00")),
])
def test_yuan_to_wan_rounds_half_up(yuan, wan):
    assert compute.to_wan(yuan) == wan


def test_percent_uses_the_published_figures_and_half_up():
    # seed 001: 401.24 / 513.98 = 78.0653…% → 78.07 (the seed printed 78.06)
    assert compute.percent(D("4012400"), D("5139800")) == D("78.07")
    assert compute.percent(D("1"), D("0")) is None


@pytest.mark.parametrize("current, previous, text", [
    (D("6048100"), D("5118900"), "比上年增加92.92万元，增长18.15%"),
    (D("6048100"), D("8048900"), "比上年减少200.08万元，下降24.86%"),
    (D("35000"), D("35000"), "与上年相同"),
    (D("647100"), D("0"), "比上年增加64.71万元"),  # no rate when last year was zero
    (D("0"), D("0"), "与上年相同"),
])
def test_year_on_year_wording(current, previous, text):
    assert 比较(current, previous).表述 == text


def test_a_change_never_says_both_directions():
    for current, previous in ((D(1), D(2)), (D(2), D(1)), (D(1), D(1))):
        words = 比较(current * 10000, previous * 10000).表述
        assert not ("增加" in words and "减少" in words)
        assert not ("增长" in words and "下降" in words)


def test_custom_base_wording():
    assert 比较(D("487400"), D("481700"), 基准="2023年预算").表述 == "比2023年预算增加0.57万元，增长1.18%"
    assert 比较(D("35000"), D("35000"), 基准="2023年预算数").表述 == "与2023年预算数相同"


def test_one_money_format_per_unit():
    assert fmt.money(D("861000")) == "86.10"  # never "86.1"
    assert fmt.money(D("12227500")) == "1222.75"  # never "1,222.75" in 万元
    assert fmt.money(D("35600"), unit="元") == "35,600"
    assert fmt.money(D("35600.5"), unit="元") == "35,600.50"
    assert fmt.money(D("0")) == "0" and fmt.money(None, blank_zero=True) == ""
    assert 金额(D("6048100")) == "604.81"
    assert fmt.percent(D("0.7")) == "0.70"  # never "0.7%"
    assert 占比(D("3921300"), D("6048100")) == "64.84"


@pytest.mark.parametrize("n, text", [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (30, "三十")])
def test_chinese_numerals(n, text):
    assert chinese(n) == text
