"""Document shape from the outline (issue 13 point 2): no cover, no 目录, sections numbered
across the document without 第X部分 parts, any order, and --profile for a whole batch."""
from __future__ import annotations

import shutil

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn

from generator.build import build_one
from generator.cli import main
from generator.profile import TEMPLATES_DIR, ProfileError, load_profile

from conftest import SEED000, SEED001, docx_lines

FLAT = """\
base: datong-2024-budget
kind: budget
title: "{单位名称}{年度}年度单位预算公开"
cover: false
toc: false
numbering:
  part: ""
  table_label: "{编号}."
parts:
  - title: ""
    items:
      - section: duties
        title: 主要职能
      - glossary: glossary.yaml
  - title: 预算表
    items:
      - table: income_expense_summary
        title: "{年度}年预算收支总表"
      - table: income
        title: "{年度}年预算收入总表"
  - title: ""
    items:
      - section: other
        title: 其他说明
"""


@pytest.fixture()
def root(tmp_path):
    root = tmp_path / "tpl"
    shutil.copytree(TEMPLATES_DIR / "profiles" / "datong-2024-budget",
                    root / "profiles" / "datong-2024-budget")
    (root / "profiles" / "flat").mkdir()
    (root / "profiles" / "flat" / "outline.yaml").write_text(FLAT, encoding="utf-8")
    return root


def test_no_cover_no_toc_sections_numbered_across_the_document(root, tmp_path):
    # The workbook names datong-2024-budget; profile_name (--profile) overrides it.
    docx_path, pdf_path = build_one(SEED000, tmp_path / "out", templates=root,
                                    profile_name="flat").outputs
    with pdfplumber.open(pdf_path) as pdf:
        first = pdf.pages[0].extract_text().splitlines()
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert first[0] == "一、主要职能"
    assert "目 录" not in text and "第一部分" not in text
    assert first[-1] == "1"  # without a cover, page 1 shows its number
    lines = docx_lines(docx_path)
    assert lines[0] == "一、主要职能"
    headings = [line for line in lines if line in ("二、预算表", "三、其他说明")]
    assert headings == ["二、预算表", "三、其他说明"]
    # the glossary comes before the tables, labelled 1. and 2. inside section 二
    glossary = next(i for i, line in enumerate(lines) if line.startswith("一、基本支出："))
    assert glossary < lines.index("二、预算表") < lines.index("1.") < lines.index("2.") \
        < lines.index("三、其他说明")
    body = docx.Document(str(docx_path)).element.body
    assert not any("TOC" in (t.text or "") for t in body.iter(qn("w:instrText")))


def test_cover_without_toc(root, tmp_path):
    outline = root / "profiles" / "flat" / "outline.yaml"
    outline.write_text(FLAT.replace("cover: false\n", ""), encoding="utf-8")
    _docx, pdf_path = build_one(SEED000, tmp_path / "out", templates=root,
                                profile_name="flat").outputs
    with pdfplumber.open(pdf_path) as pdf:
        # the base profile's cover lines, on a page of their own, without a page number
        assert pdf.pages[0].extract_text().splitlines() == ["大同市科学技术局", "2024年度单位预算公开"]
        assert pdf.pages[1].extract_text().splitlines()[0] == "一、主要职能"


@pytest.mark.parametrize("setting, message", [
    ("toc: 不要", "toc 只能是 true 或 false"),
    ("cover: 无", "cover 应为“- ”开头的若干条（或 false）"),
])
def test_wrong_cover_or_toc(root, setting, message):
    outline = root / "profiles" / "flat" / "outline.yaml"
    key = setting.split(":")[0]
    outline.write_text(FLAT.replace(f"{key}: false", setting), encoding="utf-8")
    with pytest.raises(ProfileError, match=message):
        load_profile("flat", root)


def test_profile_option_overrides_the_workbook_for_a_batch(root, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(SEED000), "-o", str(out), "--format", "docx", "--templates", str(root),
                 "--profile", "flat", "--jobs", "1"]) == 0
    assert docx_lines(next(out.glob("*.docx")))[0] == "一、主要职能"
    # a name that is no folder of profiles/ is refused before anything is built
    assert main(["build", str(SEED000), "-o", str(tmp_path / "o2"), "--profile", "../flat"]) == 2
    assert "模板名称“../flat”无效" in capsys.readouterr().err
    assert not (tmp_path / "o2").exists()
    # check --profile: a 决算 workbook cannot use a 预算 profile
    assert main(["check", str(SEED001), "--profile", "datong-2024-budget"]) == 2
    assert "用于预算公开，填报表是决算公开" in capsys.readouterr().err
    assert main(["check", str(SEED000), "--templates", str(root), "--profile", "flat"]) == 0
