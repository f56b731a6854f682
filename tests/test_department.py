"""Departments: the 大同市科学技术局 example consolidated, and each cross-unit rule (issue 14)."""
from __future__ import annotations

import re
import shutil
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pdfplumber
import pytest

from generator import reader
from generator.cli import main
from generator.department import check_department, prepare_department, write_descriptor
from generator.findings import FindingsError

from conftest import INPUTS, SEED001, docx_lines

DEPT = INPUTS / "大同市科学技术局"
BENJI = "大同市科学技术局"
QBS = "大同市科学技术情报研究所"
QBS_FILE = DEPT / "大同市科学技术情报研究所2024年度单位预算.xlsx"
STEM = "大同市科学技术局2024年度部门预算公开"


def wan(yuan) -> str:
    return str((Decimal(yuan) / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def rows(path, sheet):
    """The sheet's rows as dicts by its header, read with openpyxl alone."""
    ws = openpyxl.load_workbook(path, data_only=True)[sheet]
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], r)) for r in values[1:] if any(v is not None for v in r)]


def unit_files():
    return sorted(p for p in DEPT.glob("*.xlsx") if p.name != "部门.xlsx")


@pytest.fixture(scope="module")
def expected():
    functions = [r for p in unit_files() for r in rows(p, "收支科目")]
    economic = [r for p in unit_files() for r in rows(p, "经济科目")]
    three = [r for p in unit_files() for r in rows(p, "三公经费")]
    total = sum(Decimal(r["基本支出"] or 0) + Decimal(r["项目支出"] or 0) for r in functions)
    c206 = sum(Decimal(r["基本支出"] or 0) + Decimal(r["项目支出"] or 0) for r in functions
               if str(r["科目编码"]).startswith("206"))
    public302 = sum(Decimal(r["公用经费"] or 0) for r in economic if str(r["经济科目编码"]).startswith("302"))
    benji_public = sum(Decimal(r["公用经费"] or 0) for r in rows(DEPT / "大同市科学技术局2024年度单位预算.xlsx", "经济科目"))
    car = sum(Decimal(r["一般公共预算"] or 0) for r in three if r["项目"] == "公务用车运行维护费")
    qbs_projects = sum(Decimal(r["一般公共预算"] or 0) for r in rows(QBS_FILE, "项目支出"))
    return {"total": wan(total), "206": wan(c206), "302": wan(public302), "admin": wan(benji_public),
            "car": wan(car), "qbs_projects": wan(qbs_projects)}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("dept")
    assert main(["build", str(DEPT), "--department", "--no-units", "-o", str(out), "--jobs", "1"]) == 0
    # --no-units: the department's document alone
    assert sorted(p.name for p in out.iterdir()) == [f"{STEM}.docx", f"{STEM}.pdf"]
    return out


def test_department_docx_has_the_consolidated_figures(built, expected):
    lines = docx_lines(built / f"{STEM}.docx")
    assert f"收入总计 | {expected['total']} | 支出总计 | {expected['total']} | {expected['total']} | " in lines
    assert any(line.startswith(f"206 | 科学技术支出 | {expected['206']} |") for line in lines)
    assert f"商品和服务支出 |  | {expected['302']} |  | {expected['302']}" in lines  # table 6, 302 of both units
    assert any(line.startswith(f"公务用车运行维护费 | 公务用车运行维护费 | {expected['car']}") for line in lines)
    # 机关运行经费: 部门合计 and the 行政 unit only; the 事业单位 has none
    assert f"部门合计 | {expected['admin']} | {expected['admin']} |  | " in lines
    assert f"{BENJI} | {expected['admin']} | {expected['admin']} |  | " in lines
    assert not any(line.startswith(f"{QBS} | 3.00 | 3.00 |  | ") and line.count("|") == 4 for line in lines)
    # the project table is grouped by 实施单位, in department order
    groups = [i for i, line in enumerate(lines) if line.startswith((f"{BENJI} | 86.10", f"{QBS} | {expected['qbs_projects']}"))]
    assert len(groups) == 2 and lines[groups[0]].startswith(BENJI)
    assert lines[groups[1] + 1].startswith("J残疾人就业保障金 | 3.00")
    sentence = ("本部门预算包括本级及下属1家预算单位的综合收支计划。本部门中，行政单位1家，参照公务员法管理事业单位0家，"
                f"事业单位1家，具体包括：1.{BENJI}（本级）。2.{QBS}。")
    assert sentence in lines
    # performance forms from every unit, the 情报所's once although the 本级 publishes it too
    assert sum(f"实施单位 | {QBS}" in line for line in lines) == 1
    assert sum("实施单位 | " in line for line in lines) == 7


def test_department_pdf_has_the_consolidated_figures(built, expected):
    with pdfplumber.open(built / f"{STEM}.pdf") as pdf:
        text = re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in pdf.pages))
    assert "大同市科学技术局2024年度部门预算公开" in text
    assert f"收入总计{expected['total']}支出总计{expected['total']}" in text
    assert f"部门合计{expected['admin']}{expected['admin']}" in text
    assert "行政单位1家，参照公务员法管理事业单位0家，事业单位1家" in text
    assert f"{QBS}{expected['qbs_projects']}" in text


def test_a_folder_build_finds_the_department_and_its_units():
    from generator.batch import collect

    found, _ = collect([str(INPUTS)])
    assert DEPT in found and QBS_FILE in found and not any(p.name == "部门.xlsx" for p in found)
    found, _ = collect([str(INPUTS)], units=False)
    assert DEPT in found and QBS_FILE not in found


def test_a_department_reads_each_unit_once(monkeypatch):
    # the cost of a department: one read and check per unit, then one document
    calls = []
    original = reader.read
    monkeypatch.setattr(reader, "read", lambda path, *kinds: calls.append(path) or original(path, *kinds))
    model, figures, _ = prepare_department(DEPT)
    assert sorted(calls) == unit_files()
    assert [u.name for u in model.members] == [BENJI, QBS]
    assert figures.admin_units == [(BENJI, Decimal("487388"))]


# --- cross-unit rules, each on a folder made to break it -------------------------------------

def folder(tmp_path, units, files=None):
    path = tmp_path / "dept"
    path.mkdir()
    for source in files or unit_files():
        shutil.copy(source, path / source.name)
    write_descriptor(path / "部门.xlsx", BENJI, "datong-2024-department", units)
    return path


def edit(path, sheet, label, value):
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for row in ws.iter_rows():
        if row[0].value == label:
            row[1].value = value
    wb.save(path)


def rules(path):
    return {f.rule for f in check_department(path)}


def test_rule_unit_missing(tmp_path):
    path = folder(tmp_path, [BENJI, QBS, "大同市科技馆"])
    findings = check_department(path)
    assert {f.rule for f in findings} == {"dept_unit_missing"}
    assert "大同市科技馆" in str(findings[0]) and findings[0].cell == "B7"
    with pytest.raises(FindingsError):
        prepare_department(path)


def test_rule_unit_unlisted(tmp_path):
    assert rules(folder(tmp_path, [BENJI])) == {"dept_unit_unlisted"}


def test_rule_unit_once(tmp_path):
    assert rules(folder(tmp_path, [BENJI, QBS, BENJI])) == {"dept_unit_once"}


def test_rule_same_year_and_kind(tmp_path):
    path = folder(tmp_path, [BENJI, QBS])
    edit(path / QBS_FILE.name, "单位信息", "年度", 2023)
    assert "dept_kind" in rules(path)


def test_rule_same_department_code(tmp_path):
    path = folder(tmp_path, [BENJI, QBS])
    edit(path / QBS_FILE.name, "单位信息", "主管部门及代码", "056-大同市教育局[部门]")
    findings = check_department(path)
    assert [f.rule for f in findings] == ["dept_code"]
    cell = next(r[0].row for r in openpyxl.load_workbook(path / QBS_FILE.name)["单位信息"].iter_rows()
                if r[0].value == "主管部门及代码")
    assert findings[0].where == f"单位信息!B{cell}" and QBS_FILE.name in findings[0].message


def test_a_department_name_that_cannot_be_a_file_name_is_refused(tmp_path, capsys):
    path = folder(tmp_path, [BENJI, QBS])
    write_descriptor(path / "部门.xlsx", "../大同市科学技术局", "datong-2024-department", [BENJI, QBS])
    assert rules(path) == {"dept_descriptor"}
    assert main(["build", str(path), "--department", "--no-units", "-o", str(tmp_path / "out")]) == 1
    assert "不能用作文件名" in capsys.readouterr().err
    assert not (tmp_path / "大同市科学技术局2024年度部门预算公开.docx").exists()


def test_a_final_unit_breaks_the_kind_rule(tmp_path):
    path = folder(tmp_path, [BENJI, QBS, "朔州市科学技术局"], unit_files() + [SEED001])
    assert {"dept_kind", "dept_code"} <= rules(path)


def test_a_units_errors_block_the_department_and_name_its_file(tmp_path, capsys):
    path = folder(tmp_path, [BENJI, QBS])
    edit(path / QBS_FILE.name, "单位信息", "单位性质", "不存在的性质")
    findings = check_department(path)
    assert [f.rule for f in findings] == ["dept_unit_errors"] and QBS_FILE.name in findings[0].message
    # the unit's own errors are reported as for that unit alone
    assert main(["check", str(path), "--department"]) == 1
    out = capsys.readouterr().out
    unit_alone = main(["check", str(path / QBS_FILE.name)])
    alone_out = capsys.readouterr().out
    assert unit_alone == 1 and alone_out.strip() in out
    assert main(["build", str(path), "--department", "--no-units", "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert QBS_FILE.name in err and "Traceback" not in err


# --- a 决算 department: transfers inside it are eliminated -----------------------------------

def final_department(path, down=50000, up=50000, paid=20000, got=20000):
    """朔州市科学技术局 (the example) gives its 事业单位 `down` 元 (which records `up` as 上级补助收入)
    and receives `got` 元 of the `paid` the unit hands up; written as a department folder."""
    import copy

    from generator.examples import shuozhou_kjj_2024 as sz
    from generator.workbook import write_workbook

    head = copy.deepcopy(sz.DATA)
    for row in head["收入决算"]:
        if row["科目编码"] == "2069999":
            row.update({"其他收入": Decimal(down), "附属单位上缴收入": Decimal(got)})
    for row in head["支出决算"]:
        if row["科目编码"] == "2069999" and row["资金来源"] == "非财政拨款":
            row["对附属单位补助支出"] = Decimal(down)
            row["项目支出"] += Decimal(got)
    sub = copy.deepcopy(sz.DATA)
    sub["单位信息"].update({"单位名称": FINAL_SUB, "单位性质": "事业单位", "公开范围": "",
                         "机构设置": "全额事业编10名。", "职责": "科技创新服务。"})
    sub.update({
        "收入决算": [{"科目编码": "2069999", "科目名称": "其他科学技术支出", "上级补助收入": Decimal(up),
                      "事业收入": Decimal(paid)}],
        "支出决算": [{"科目编码": "2069999", "科目名称": "其他科学技术支出", "资金来源": "非财政拨款",
                      "基本支出": Decimal(up), "上缴上级支出": Decimal(paid)}],
        "经济科目": [], "支出按类说明": [], "三公经费": [], "政府采购": {}, "项目绩效自评": [],
        "上年数": {"上年收入总计": Decimal(up + paid), "上年支出总计": Decimal(up + paid),
                   "上年财政拨款收入总计": Decimal(0), "上年财政拨款支出总计": Decimal(0),
                   "上年机关运行经费": Decimal(0)},
        "说明": {"其他说明": "无"},
    })
    sub["三公经费情况"]["财政拨款负担的公务用车保有量（辆）"] = 1
    sub["国有资产"]["应急保障用车（辆）"] = 1
    path.mkdir()
    write_workbook(path / "本级.xlsx", "final", head)
    write_workbook(path / "中心.xlsx", "final", sub)
    write_descriptor(path / "部门.xlsx", sz.UNIT, "shuozhou-2024-department", [sz.UNIT, FINAL_SUB])
    return path


FINAL_SUB = "朔州市科技创新服务中心"


def test_final_department_eliminates_the_transfers_inside_it(tmp_path):
    path = final_department(tmp_path / "dept")
    income = {name: rows(path / name, "收入决算") for name in ("本级.xlsx", "中心.xlsx")}
    spending = {name: rows(path / name, "支出决算") for name in ("本级.xlsx", "中心.xlsx")}
    units_income = sum(Decimal(v) for rs in income.values() for r in rs for k, v in r.items()
                       if k not in ("科目编码", "科目名称") and isinstance(v, (int, float)))
    transfer = (sum(Decimal(r["对附属单位补助支出"] or 0) for r in spending["本级.xlsx"])
                + sum(Decimal(r["上缴上级支出"] or 0) for r in spending["中心.xlsx"]))
    assert transfer == 70000
    out = tmp_path / "out"
    assert main(["build", str(path), "--department", "-o", str(out), "--format", "docx"]) == 0
    name = "朔州市科学技术局2024年度部门决算公开（含下属单位）.docx"
    assert sorted(p.name for p in out.iterdir()) == sorted([
        name, "朔州市科学技术局2024年度部门决算公开.docx", f"{FINAL_SUB}2024年度部门决算公开.docx"])
    lines = docx_lines(out / name)
    assert f"本年收入合计 | 27 | {wan(units_income - transfer)} | 本年支出合计 | 58 | 520.98" in lines
    assert "四、上级补助收入 | 4 |  | 四、公共安全支出 | 35 | " in lines  # eliminated
    assert "七、附属单位上缴收入 | 7 |  | 七、文化旅游体育与传媒支出 | 38 | " in lines
    assert ("本部门决算由本级及下属1家单位的决算合并而成。部门内部的往来已相互抵消：本级对附属单位补助支出与"
            "下属单位上级补助收入各5.00万元；下属单位上缴上级支出与本级附属单位上缴收入各2.00万元，"
            "不计入本部门收入和支出。") in lines
    # the 三公 counts add up
    cars = sum(openpyxl.load_workbook(path / n)["三公经费情况"].cell(r, 2).value or 0
               for n in ("本级.xlsx", "中心.xlsx") for r in range(2, 30)
               if openpyxl.load_workbook(path / n)["三公经费情况"].cell(r, 1).value == "财政拨款负担的公务用车保有量（辆）")
    assert cars == 3 and any(f"使用财政拨款负担的公务用车保有量共{cars}辆" in line for line in lines)
    # the 本级 alone still shows both
    alone = docx_lines(out / "朔州市科学技术局2024年度部门决算公开.docx")
    assert "七、附属单位上缴收入 | 7 | 2.00 | 七、文化旅游体育与传媒支出 | 38 | " in alone


def test_rule_transfers_agree(tmp_path):
    path = final_department(tmp_path / "dept", down=50000, up=40000)
    findings = check_department(path)
    assert [f.rule for f in findings] == ["dept_transfer"]
    assert "对附属单位补助支出5.00万元" in findings[0].message and "4.00万元" in findings[0].message
