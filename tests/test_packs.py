"""Two template packs written as template files only: xinzhou-2023-budget (no cover, no 目录,
five sections numbered across the document) and yuan-9-tables (a county-style 单位预算 with a
目录 without page numbers), each built from a bundled example and read back in both formats."""
from __future__ import annotations

import re
import shutil

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn

from conftest import SEED000, SEED003, docx_lines
from generator import kinds
from generator.assemble import render_section, section_lines
from generator.build import PIPELINES, build_one
from generator.profile import TEMPLATES_DIR, ProfileError, load_profile

SUBSECTION = re.compile(r"^（[一二三四五六七八九十]+）")


def _built(tmp_path_factory, seed, profile):
    out = tmp_path_factory.mktemp(profile)
    outputs = build_one(seed, out, profile_name=profile).outputs
    paths = {p.suffix[1:]: p for p in outputs}
    with pdfplumber.open(paths["pdf"]) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    return {"docx": docx_lines(paths["docx"]), "pdf": pages, "paths": paths}


@pytest.fixture(scope="module")
def xinzhou(tmp_path_factory):
    return _built(tmp_path_factory, SEED003, "xinzhou-2023-budget")


@pytest.fixture(scope="module")
def yuan(tmp_path_factory):
    return _built(tmp_path_factory, SEED000, "yuan-9-tables")


def _pdf_lines(pages: list[str]) -> list[str]:
    """Every line of the PDF's text, without the page-number footers."""
    return [line for page in pages for line in page.splitlines() if not line.isdigit()]


def _joined(pages: list[str]) -> str:
    """The PDF's text with its line breaks removed, so wrapped sentences read whole."""
    return "".join(_pdf_lines(pages))


# -- xinzhou-2023-budget ------------------------------------------------------------------------
def test_xinzhou_starts_with_the_first_section_no_cover_no_toc(xinzhou):
    first = xinzhou["pdf"][0].splitlines()
    assert first[0] == "一、主要职能"
    assert first[-1] == "1"  # without a cover, page 1 carries its number
    assert xinzhou["docx"][0] == "一、主要职能"
    text = _joined(xinzhou["pdf"])
    assert "目 录" not in text and "第一部分" not in text
    body = docx.Document(str(xinzhou["paths"]["docx"])).element.body
    assert not any("TOC" in (t.text or "") for t in body.iter(qn("w:instrText")))


def test_xinzhou_sections_numbered_across_the_document(xinzhou):
    expected = ["一、主要职能", "二、机构设置", "三、2023年单位预算情况说明", "四、名词解释", "五、预算表"]
    # The glossary entries are numbered 一、 二、 … too: sections are the lines before and after it.
    headings = [line for line in xinzhou["docx"] if line in expected]
    assert headings == expected
    assert [line for line in _pdf_lines(xinzhou["pdf"]) if line in expected] == expected
    subsections = [line for line in xinzhou["docx"] if SUBSECTION.match(line)]
    assert subsections[0] == "（一）收支预算总体情况"
    assert subsections[9] == "（十）绩效目标情况"
    assert subsections[-1] == "（十二）其他需要说明的情况"
    # tables inside section 五, labelled 预算公开表1 to 13
    lines = xinzhou["docx"]
    assert lines.index("五、预算表") < lines.index("预算公开表1") < lines.index("2023年预算收支总表")
    assert "预算公开表13" in lines


def test_xinzhou_prints_zeros_with_two_decimals(xinzhou):
    # The unit has no 政府性基金 income and nothing carried over.
    for text in ("".join(xinzhou["docx"]), _joined(xinzhou["pdf"])):
        assert "政府性基金预算拨款收入0.00万元，占0.00%" in text
        assert "上年结转0.00万元，占0.00%" in text
        assert "本年收入667.98万元，上年结转0.00万元" in text
        assert not re.search(r"[^.\d]0万元|占0%", text)


def test_xinzhou_overview_words_the_rate_with_the_same_word_as_the_amount(xinzhou):
    overview = xinzhou["docx"][xinzhou["docx"].index("（一）收支预算总体情况") + 1]
    assert "收入预算667.98万元" in overview
    assert "比上年减少329.65万元，减少33.04%" in overview and "下降" not in overview


def test_xinzhou_overview_says_an_increase_twice_as_增加():
    profile = load_profile("xinzhou-2023-budget")
    model, _findings = kinds.read(SEED003)
    pipeline = PIPELINES["budget"]
    context = pipeline.context(model, pipeline.compute(model))
    half = {key: context[key] / 2 for key in ("收入总计", "支出总计")}

    def change(previous: dict) -> str:
        text = render_section(profile, "change", {**context, "上年": {**context["上年"], **previous}})
        return "\n".join(line for line, _mask in section_lines(text))

    text = change(half)
    assert "比上年增加333.99万元，增加100.00%" in text and "增长" not in text
    same = change({"收入总计": context["收入总计"]})
    assert "上年结转0.00万元，与上年持平。" in same


def test_xinzhou_performance_refers_to_the_annexed_forms(xinzhou):
    lines = xinzhou["docx"]
    start = lines.index("（十）绩效目标情况")
    assert lines[start + 1] == "1、绩效管理情况"
    assert lines[start + 2].startswith("2023年大同市信息和新材料应用推广中心实行绩效目标管理的项目7个")
    assert lines[start + 3] == "2、绩效目标情况（附表说明）见附表。"
    assert "2、绩效目标情况（附表说明）见附表。" in _pdf_lines(xinzhou["pdf"])


def test_xinzhou_forms_have_no_heading(xinzhou):
    body = docx.Document(str(xinzhou["paths"]["docx"])).element.body
    blocks = list(body.iterchildren(qn("w:p"), qn("w:tbl")))
    forms = [i for i, el in enumerate(blocks) if el.tag == qn("w:tbl")
             and "主管部门及代码" in "".join(t.text or "" for t in el.iter(qn("w:t")))]
    assert len(forms) == 6
    for i in forms:
        # what stands before a form is a page or section break, never a line of text
        assert not "".join(t.text or "" for t in blocks[i - 1].iter(qn("w:t")))
    form_pages = [page for page in xinzhou["pdf"] if "主管部门及代码" in page]
    assert len(form_pages) == 6
    assert all(page.splitlines()[0].startswith("项目名称") for page in form_pages)
    assert "绩效目标申报表" not in _joined(xinzhou["pdf"])


def test_xinzhou_glossary_puts_the_colon_in_the_text(xinzhou):
    lines = xinzhou["docx"]
    glossary = lines[lines.index("四、名词解释") + 1:lines.index("五、预算表")]
    assert glossary[0] == "一、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。"
    assert len(glossary) == 12
    assert all(re.match(r"^[一二三四五六七八九十]+、[^：]+：\S", entry) for entry in glossary)
    assert not any("：：" in entry or "省直部门" in entry for entry in glossary)


# -- yuan-9-tables ------------------------------------------------------------------------------
YUAN_SECTIONS = ["一、单位主要职能", "二、单位机构设置", "三、名词解释", "四、单位预算编制说明",
                 "五、单位预算表", "六、其他相关情况说明"]


def test_yuan_cover_names_the_budget_unit(yuan):
    cover = ["大同市科学技术局2024年单位预算", "预算单位：大同市科学技术局"]
    assert yuan["pdf"][0].splitlines() == cover
    assert yuan["docx"][:2] == cover


def test_yuan_toc_lists_entries_without_page_numbers(yuan):
    toc = yuan["pdf"][1].splitlines()
    assert toc[0] == "目 录"
    entries = toc[1:]
    assert entries[:5] == ["一、单位主要职能", "二、单位机构设置", "三、名词解释", "四、单位预算编制说明",
                           "（一）收支预算总体情况"]
    assert "表1 2024年财务收支预算总表" in entries and "表9 2024年“三公”经费和机关运行经费预算表" in entries
    assert not any(re.search(r"\d$|\. \.", entry) for entry in entries)
    # the .docx: each entry a link with its text only, in a TOC field that omits page numbers
    document = docx.Document(str(yuan["paths"]["docx"]))
    body = document.element.body
    links = [[t.text for t in link.iter(qn("w:t"))] for link in body.iter(qn("w:hyperlink"))]
    assert all(len(texts) == 1 for texts in links)
    assert not any(list(link.iter(qn("w:tab"))) for link in body.iter(qn("w:hyperlink")))
    assert [texts[0] for texts in links][:len(entries)] == entries[:len(links)]
    instruction = next(t.text for t in body.iter(qn("w:instrText")) if t.text.strip().startswith("TOC"))
    assert '\\n "1-3"' in instruction
    assert document.styles["toc 2"].element.pPr.find(qn("w:tabs")) is None


def test_yuan_sections_in_order(yuan):
    body = _pdf_lines(yuan["pdf"][2:])  # after the cover and the 目录
    assert [line for line in body if line in YUAN_SECTIONS] == YUAN_SECTIONS
    headings = [line for line in yuan["docx"] if line in YUAN_SECTIONS]
    assert headings == YUAN_SECTIONS * 2  # in the 目录, then in the body
    lines = yuan["docx"]
    start = len(lines) - lines[::-1].index("六、其他相关情况说明")
    assert lines[start] == "（一）“三公”经费预算情况"
    assert "1.基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。" in lines


def test_yuan_explains_every_item(yuan):
    lines = yuan["docx"]
    model, _findings = kinds.read(SEED000)
    pipeline = PIPELINES["budget"]
    items = pipeline.context(model, pipeline.compute(model))["项级科目"]
    explained = [line for line in lines if re.match(r"^\d+\.“.+（类）.+（款）.+（项）”\d+\.\d{2}万元", line)]
    assert len(explained) == len(items) > 0
    first = items[0]
    assert explained[0].startswith(f"1.“{first['类名称']}（类）{first['款名称']}（款）{first['项名称']}（项）”")
    # under 四, after its last subsection
    body_tables = len(lines) - 1 - lines[::-1].index("五、单位预算表")  # not its 目录 entry
    assert lines.index("（三）支出预算情况") < lines.index(explained[0]) < body_tables


def test_toc_page_numbers_must_be_true_or_false(tmp_path):
    folder = tmp_path / "profiles" / "bad"
    folder.mkdir(parents=True)
    (folder / "outline.yaml").write_text(
        "base: datong-2024-budget\nkind: budget\ntitle: x\ntoc_page_numbers: 不要\nparts: []\n",
        encoding="utf-8")
    shutil.copytree(TEMPLATES_DIR / "profiles" / "datong-2024-budget",
                    tmp_path / "profiles" / "datong-2024-budget")
    with pytest.raises(ProfileError, match="toc_page_numbers 只能是 true 或 false，填写的是“不要”"):
        load_profile("bad", tmp_path)
    assert load_profile("datong-2024-budget").toc_page_numbers is True


# -- the packs' tables, from tables.yaml --------------------------------------------------------
YUAN_EXAMPLE = SEED000.parents[1] / "示例单位2024年度单位预算（收入分类示例）.xlsx"


@pytest.fixture(scope="module")
def yuan_example(tmp_path_factory):
    """The bundled example whose 模板 cell is yuan-9-tables: 单位资金 split by category, every 项 explained."""
    out = tmp_path_factory.mktemp("yuan-example")
    paths = {p.suffix[1:]: p for p in build_one(YUAN_EXAMPLE, out).outputs}
    return docx_lines(paths["docx"])


def test_xinzhou_soc_tables_labels_and_units(xinzhou):
    lines = xinzhou["docx"]
    i = lines.index("2023年国有资本经营预算收入预算表")
    assert lines[i - 1] == "预算公开表9"
    assert lines[i + 1] == "部门名称：大同市信息和新材料应用推广中心单位：万元"
    j = lines.index("2023年国有资本经营预算支出预算表")
    assert lines[j - 1] == "预算公开表10"
    assert lines[j + 1] == "部门名称：大同市信息和新材料应用推广中心单位:万元"
    k = lines.index("2023年国有资本经营预算收支预算表（不含上年结转）")
    assert lines[k - 1] == "部门公开表9" and j < k
    # counting goes on after the uncounted combined table: 三公 is 11, projects 13
    assert lines[lines.index("2023年一般公共预算“三公”经费支出预算表") - 1] == "预算公开表11"
    assert lines[lines.index("2023年项目支出预算表") - 1] == "预算公开表13"
    # an empty table keeps one blank row before its note
    assert lines[i + 4:i + 7] == ["合计 | ", " |  | ", "注：本表无数据"]


def test_xinzhou_project_table_has_no_total_and_zeros_read_0_00(xinzhou):
    lines = xinzhou["docx"]
    i = lines.index("2023年项目支出预算表")
    table = lines[i + 2:lines.index("注：本表无数据", i) if "注：本表无数据" in lines[i:i + 40] else i + 30]
    assert not any(line.startswith("合计") for line in table)
    text = _joined(xinzhou["pdf"])
    assert "0.00万元" in text and "占0.00%" in text


def test_yuan_tables_split_codes_yuan_amounts_income_columns(yuan_example):
    lines = yuan_example
    i = lines.index("2024年收入预算总表")
    assert lines[i - 1] == "表2"
    assert lines[i + 1] == "编制单位：示例市检验检测中心单位：元"
    assert lines[i + 2] == "科目编码 | 科目名称 | 合计 | 财政拨款收入 | 事业收入 | 事业单位经营收入 | 其他收入 | 上年结转"
    assert "206 | 05 | 01 | 机构运行 | 3,880,246 | 2,345,679 | 1,234,567 |  | 300,000 | " in lines
    assert "208 | 05 | 05 | 机关事业单位基本养老保险缴费支出 | 260,000 | 260,000 |  |  |  | " in lines
    summary = lines.index("2024年财务收支预算总表")
    assert "五、事业收入 | 1,234,567 | 五、教育支出 | " in lines[summary:summary + 20]
    assert "收入总计 | 5,515,035 | 支出总计 | 5,515,035" in lines[summary:summary + 50]
    last = lines.index("2024年“三公”经费和机关运行经费预算表")
    assert lines[last + 1].endswith("单位：万元")


def test_yuan_explains_each_item_in_one_sentence(yuan_example):
    assert ("2.“科学技术支出（类）科技条件与服务（款）其他科技条件与服务支出（项）”109.48万元，"
            "主要用于检测能力提升和检验检测技术服务项目。上年执行数为120.00万元，比上年减少10.52万元，"
            "减少8.77%。主要原因是上年检测设备集中购置已完成，导致项目支出减少。") in yuan_example
