"""A finance office customises the document by editing exported templates (issue 6)."""
from __future__ import annotations

import docx
import pdfplumber
import pytest
import yaml
from docx.oxml.ns import qn

from generator.build import build_one
from generator.cli import main
from generator.profile import ProfileError

from conftest import SEED000, docx_lines

PROFILE = "datong-2024-budget"


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def customise(folder):
    profile = folder / "profiles" / PROFILE
    outline = profile / "outline.yaml"
    # 1. a table title
    _edit(outline, 'title: "{年度}年财政拨款安排“三公”经费支出预算表"',
          'title: "{年度}年三公经费定制标题表"')
    # 2. swap 政府采购情况 (九) before 机关运行经费 (八)
    text = outline.read_text(encoding="utf-8")
    admin = "      - section: admin_cost\n        title: 机关运行经费增减变动原因说明\n"
    procurement = "      - section: procurement\n        title: 政府采购情况\n"
    assert admin + procurement in text
    outline.write_text(text.replace(admin + procurement, procurement + admin), encoding="utf-8")
    # 3. a glossary entry
    _edit(profile / "glossary.yaml", "指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
          "定制后的基本支出解释。")
    # 4. the body font
    style = yaml.safe_load((profile / "style.yaml").read_text(encoding="utf-8"))
    style["fonts"]["body"] = "黑体"
    (profile / "style.yaml").write_text(yaml.safe_dump(style, allow_unicode=True), encoding="utf-8")


def test_export_check_and_build_with_four_changes(exported, tmp_path):
    customise(exported)
    assert main(["templates", "check", str(exported)]) == 0
    result = build_one(SEED000, tmp_path / "out", templates=exported)
    path, pdf_path = result.outputs
    lines = docx_lines(path)
    assert "2024年三公经费定制标题表" in lines
    # the 目录 entry follows, with its page number
    assert any(line.startswith("表十2024年三公经费定制标题表") and line[-1].isdigit() for line in lines)
    assert lines.index("八、政府采购情况") < lines.index("九、机关运行经费增减变动原因说明")
    assert "一、基本支出：定制后的基本支出解释。" in lines
    normal = docx.Document(str(path)).styles["Normal"].element
    assert normal.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    # the same four changes in the PDF
    with pdfplumber.open(pdf_path) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
        text = "".join(pages).replace("\n", "")
        body_page = next(p for p in pdf.pages if "定制后的基本支出解释" in (p.extract_text() or ""))
        fonts = {c["fontname"] for c in body_page.chars if c["text"] == "定"}
    assert "2024年三公经费定制标题表" in text
    assert text.index("八、政府采购情况", text.index("第三部分")) < text.index(
        "九、机关运行经费增减变动原因说明", text.index("第三部分"))
    assert "一、基本支出：定制后的基本支出解释。" in text
    assert fonts and all("WenQuanYiZenHei" in name for name in fonts)  # 黑体 → the 黑体 file


def test_syntax_error_names_file_and_line(exported, capsys):
    section = exported / "profiles" / PROFILE / "sections" / "expense.j2"
    section.write_text("第一行\n{% if %}\n", encoding="utf-8")
    assert main(["templates", "check", str(exported)]) == 1
    err = capsys.readouterr().err
    assert "expense.j2 第2行" in err and "语法错误" in err
    assert "Traceback" not in err


def test_unknown_variable_names_file_and_line(exported, capsys):
    section = exported / "profiles" / PROFILE / "sections" / "procurement.j2"
    section.write_text("正常一行\n{{ 不存在的变量 }}\n", encoding="utf-8")
    assert main(["templates", "check", str(exported)]) == 1
    err = capsys.readouterr().err
    assert "procurement.j2 第2行" in err and "不存在的变量" in err


def test_build_refuses_broken_template_without_output(exported, tmp_path, capsys):
    section = exported / "profiles" / PROFILE / "sections" / "procurement.j2"
    section.write_text("{{ 不存在的变量 }}\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["build", str(SEED000), "-o", str(out), "--templates", str(exported),
                 "--format", "docx", "--jobs", "1"])
    assert code == 1
    assert "procurement.j2" in capsys.readouterr().err
    assert not list(out.glob("*.docx"))


def test_sandbox_blocks_python_internals(exported):
    section = exported / "profiles" / PROFILE / "sections" / "expense.j2"
    section.write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="不允许"):
        build_one(SEED000, exported / "out", formats=("docx",), templates=exported)


def test_unknown_table_and_placeholder_are_reported(exported, capsys):
    outline = exported / "profiles" / PROFILE / "outline.yaml"
    _edit(outline, "table: fund_income", "table: no_such_table")
    _edit(outline, 'title: "{年度}年预算收入总表"', 'title: "{年份}年预算收入总表"')
    assert main(["templates", "check", str(exported)]) == 1
    err = capsys.readouterr().err
    assert "no_such_table" in err and "{年份}" in err and "outline.yaml 第" in err


def test_unknown_chart_in_a_section_is_reported(exported, capsys):
    section = exported / "profiles" / PROFILE / "sections" / "gpb.j2"
    _edit(section, "[[chart:gpb_structure|", "[[chart:no_such_chart|")
    assert main(["templates", "check", str(exported)]) == 1
    err = capsys.readouterr().err
    assert "gpb.j2 第6行" in err and "no_such_chart" in err


def test_export_refuses_to_overwrite(exported, capsys):
    assert main(["templates", "export", str(exported)]) == 2
    assert "覆盖" in capsys.readouterr().err


def test_reference_docx_header_and_margins_are_used(exported, tmp_path):
    reference = exported / "profiles" / PROFILE / "reference.docx"
    assert reference.exists()
    ref = docx.Document(str(reference))
    ref.sections[0].header.paragraphs[0].text = "某市财政局监制"
    ref.sections[0].left_margin = docx.shared.Cm(3.5)
    ref.save(str(reference))
    path = build_one(SEED000, tmp_path / "out", formats=("docx",), templates=exported).outputs[0]
    built = docx.Document(str(path))
    assert built.sections[0].header.paragraphs[0].text == "某市财政局监制"
    assert abs(built.sections[0].left_margin.cm - 3.5) < 0.01
    # landscape sections keep the margins, turned
    landscape = [s for s in built.sections if s.page_width > s.page_height]
    assert landscape and abs(landscape[0].left_margin.cm - 3.5) < 0.01


def test_bad_numbering_pattern_is_reported_not_a_crash(exported, tmp_path, capsys):
    outline = exported / "profiles" / PROFILE / "outline.yaml"
    _edit(outline, 'part: "第{序号}部分 {标题}"', 'part: "第{序号}部分 {名称}"')
    assert main(["templates", "check", str(exported)]) == 1
    assert "numbering.part" in capsys.readouterr().err
    code = main(["build", str(SEED000), "-o", str(tmp_path / "out"), "--templates", str(exported),
                 "--format", "docx", "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 1 and "模板错误" in err and "{名称}" in err and "内部错误" not in err


def test_bad_style_value_is_reported(exported, capsys):
    style = exported / "profiles" / PROFILE / "style.yaml"
    _edit(style, "body: 14", "body: 十四")
    assert main(["templates", "check", str(exported)]) == 1
    assert "sizes.body 应为正数" in capsys.readouterr().err
