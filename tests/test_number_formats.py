"""Number formats in templates (issue 13 point 5): 金额/占比 keyword arguments and the
profile-wide defaults in style.yaml, without rstrip, round or macros."""
from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

from generator.assemble import render_section, section_lines
from generator.profile import TEMPLATES_DIR, ProfileError, load_profile
from generator.textfuncs import 占比, 金额

D = Decimal


def test_defaults_are_the_published_style():
    assert 金额(D("6048100")) == "604.81"
    assert 金额(D(0)) == "0" and 金额(None) == "0"
    assert 占比(D("7780000"), D("10000000")) == "77.80"
    assert 占比(D(0), D("10000000")) == "0"


def test_places_zero_and_trailing_zeros():
    assert 金额(D("778000"), 位数=1) == "77.8"
    assert 金额(D("778000"), 补零=False) == "77.8"
    assert 金额(D("1200000"), 补零=False) == "120"
    assert 金额(D("6048100"), 位数=0) == "605"
    assert [金额(D(0), 零=z) for z in ("0.00", "0", "-", "")] == ["0.00", "0", "-", ""]
    assert 占比(D("7780000"), D("10000000"), 位数=1) == "77.8"
    assert 占比(D("7780000"), D("10000000"), 补零=False) == "77.8"
    assert 占比(D(0), D(0), 零="0.00") == "0.00"


def test_places_round_once_from_the_published_figures():
    # 1234.51 / 10000 万元 = 12.3451%: rounding to two places first would give 12.35 -> 12.4.
    assert 占比(D("12345100"), D("100000000"), 位数=1) == "12.3"
    # 12350 元 is 1.235 万元: three places straight from 元, not from the published 1.24.
    assert 金额(D("12350"), 位数=3) == "1.235"


@pytest.fixture()
def profile_dir(tmp_path):
    root = tmp_path / "tpl"
    shutil.copytree(TEMPLATES_DIR / "profiles" / "datong-2024-budget", root / "profiles" / "p")
    (root / "profiles" / "p" / "sections" / "t.j2").write_text(
        "零{{ 金额(0) }}万元，占{{ 占比(0, 5) }}%，{{ 金额(778000) }}，{{ 金额(0, 零='-') }}",
        encoding="utf-8")
    return root


def _render(root) -> str:
    profile = load_profile("p", root)
    return section_lines(render_section(profile, "t", {}))[0][0]


def test_style_defaults_apply_to_every_call(profile_dir):
    assert _render(profile_dir) == "零0万元，占0%，77.80，-"
    style = profile_dir / "profiles" / "p" / "style.yaml"
    style.write_text(style.read_text(encoding="utf-8")
                     + 'numbers:\n  位数: 2\n  零: "0.00"\n  补零: false\n', encoding="utf-8")
    assert _render(profile_dir) == "零0.00万元，占0.00%，77.8，-"


@pytest.mark.parametrize("setting, message, line", [
    ("numbers:\n  位数: 9\n", "位数 应为 0 到 6 的整数", 1),
    ("numbers:\n  零: 0\n", "零 应为加引号的文字", 1),
    ("numbers:\n  补零: 是\n", "补零 应为 true 或 false", 1),
    ("numbers:\n  位屬: 2\n", "numbers 中没有“位屬”这一项，可用的有：位数、零、补零", 2),
])
def test_wrong_style_numbers_named_with_file_and_line(profile_dir, setting, message, line):
    style = profile_dir / "profiles" / "p" / "style.yaml"
    lines = style.read_text(encoding="utf-8").count("\n")
    style.write_text(style.read_text(encoding="utf-8") + setting, encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile("p", profile_dir)
    assert message in str(info.value)
    assert str(info.value).startswith(f"{style} 第{lines + line}行：")


def test_wrong_argument_in_a_template_is_a_template_error(profile_dir):
    (profile_dir / "profiles" / "p" / "sections" / "t.j2").write_text(
        "第一行\n{{ 金额(1, 位数='两') }}", encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        _render(profile_dir)
    assert "t.j2 第2行：模板出错：金额() 的 位数 应为 0 到 6 的整数，写的是“两”" in str(info.value)
