"""Tables as data: --format xlsx (a sheet per table) and csv (a Frictionless Data Package)."""
from __future__ import annotations

import csv
import json
from decimal import Decimal

import docx
import frictionless
import openpyxl
import pytest

from conftest import SEED000, SEED001
from generator.build import build_one
from generator.cli import main
from generator.writers.xlsx_writer import sheet_name


@pytest.fixture(scope="module")
def data000(tmp_path_factory):
    out = tmp_path_factory.mktemp("data000")
    return {p.suffix or "csv": p for p in build_one(SEED000, out, formats=("xlsx", "csv")).outputs}


@pytest.fixture(scope="module")
def data001(tmp_path_factory):
    out = tmp_path_factory.mktemp("data001")
    return {p.suffix or "csv": p for p in build_one(SEED001, out, formats=("xlsx", "csv")).outputs}


def _rows(ws) -> dict[str, list]:
    """Rows of a sheet keyed by their first non-empty cell."""
    rows = {}
    for row in ws.iter_rows():
        values = [c.value for c in row]
        key = next((v for v in values if v is not None), None)
        rows.setdefault(key, row)
    return rows


def test_xlsx_has_the_document_tables_with_numbers_and_merged_headers(data000, text000):
    path = data000[".xlsx"]
    assert path.name == "大同市科学技术局2024年度单位预算公开.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:3] == ["预算公开表1", "预算公开表2", "预算公开表3"]
    # Two performance forms share a project name: the second sheet gets a suffix.
    assert "J残疾人就业保障金" in wb.sheetnames and "J残疾人就业保障金(2)" in wb.sheetnames
    ws = wb["预算公开表3"]
    assert ws["A1"].value == "预算公开表3" and ws["A2"].value == "2024年预算支出总表"
    assert ws["A3"].value == "单位名称：大同市科学技术局" and ws["E3"].value == "单位：万元"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A4:B4", "C4:E4"} <= merged  # 项目 over 编码 and 名称; 2024年预算数 over three columns
    row = _rows(ws)["206"]
    assert [c.value for c in row[2:5]] == [392.13, 306.03, 86.1]
    assert all(c.data_type == "n" and c.number_format == "0.00" for c in row[2:5])
    assert row[0].data_type == "s"  # a code stays text
    # The same figures as the document's table.
    assert "206 | 科学技术支出 | 392.13 | 306.03 | 86.10" in text000
    # A performance form, in 元 with thousands separators as printed.
    form = _rows(wb["J残疾人就业保障金"])
    assert form["项目名称"][2].value == "J残疾人就业保障金"
    total = form["项目资金（元）"][4]
    assert total.value == 35600 and total.number_format == "#,##0"


def test_xlsx_bytes_are_stable(tmp_path, data000):
    again = build_one(SEED000, tmp_path, formats=("xlsx",)).outputs[0]
    assert again.read_bytes() == data000[".xlsx"].read_bytes()


def test_xlsx_final_table(data001):
    ws = openpyxl.load_workbook(data001[".xlsx"])["公开01表"]
    row = _rows(ws)["一、一般公共预算财政拨款收入"]
    assert row[1].value == "1" and row[2].value == 512.98 and row[2].number_format == "0.00"
    assert ws["F4"].value == "金额单位：万元"


def test_sheet_names_follow_excel_rules():
    taken: set[str] = set()
    assert sheet_name("a/b:c?d*e[f]g\\h", taken) == "a_b_c_d_e_f_g_h"
    long = "很长的项目名称" * 6
    first = sheet_name(long, taken)
    second = sheet_name(long, taken)
    assert len(first) == 31 and len(second) == 31 and second.endswith("(2)") and first != second
    assert sheet_name("A", taken) == "A" and sheet_name("a", taken) == "a(2)"  # Excel ignores case


def _package(folder):
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def _csv(folder, resource) -> list[dict]:
    with open(folder / resource["path"], encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("fixture", ["data000", "data001"])
def test_data_package_is_valid(fixture, request):
    folder = request.getfixturevalue(fixture)["csv"]
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_data_package_metadata_and_figures(data000, built):
    folder = data000["csv"]
    assert folder.name == "大同市科学技术局2024年度单位预算公开-数据"
    package = _package(folder)
    assert package["organization"] == "大同市科学技术局" and package["year"] == "2024"
    assert package["amountUnit"] == "万元"
    resources = {r["title"]: r for r in package["resources"]}
    table3 = resources["预算公开表3"]
    fields = {f["name"]: f for f in table3["schema"]["fields"]}
    assert fields["2024年预算数/合计"] == {"name": "2024年预算数/合计", "type": "number", "unit": "万元"}
    assert fields["项目/科目编码"]["type"] == "string"
    rows = {r["项目/科目编码"]: r for r in _csv(folder, table3)}
    assert Decimal(rows["206"]["2024年预算数/合计"]) == Decimal("392.13")
    assert rows["合计"]["2024年预算数/项目支出"] == "86.10"
    # Every amount of every table is printed in the document's table of the same place.
    doc_tables = docx.Document(str(built["000"]["docx"])).tables
    assert len(doc_tables) == len(package["resources"])
    for resource, doc_table in zip(package["resources"], doc_tables):
        printed = {c.text.replace(",", "") for row in doc_table.rows for c in row.cells}
        numbers = [f["name"] for f in resource["schema"]["fields"] if f["type"] == "number"]
        values = [r[n] for r in _csv(folder, resource) for n in numbers if r[n]]
        assert set(values) <= printed, resource["title"]
        if resource["title"] == "预算公开表1":
            assert "604.81" in values


def test_csv_bytes_are_stable_and_replace_the_old_folder(tmp_path, data000):
    out = tmp_path / "out"
    assert main(["build", str(SEED000), "-o", str(out), "--format", "csv", "--jobs", "1"]) == 0
    folder = out / data000["csv"].name
    (folder / "stale.csv").write_text("x")
    assert main(["build", str(SEED000), "-o", str(out), "--format", "csv", "--jobs", "1"]) == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(p.name for p in data000["csv"].iterdir())
    for name in names:
        assert (folder / name).read_bytes() == (data000["csv"] / name).read_bytes()
    assert [p.name for p in out.iterdir()] == [folder.name]  # no staging left behind


def test_unknown_format_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["build", str(SEED000), "-o", str(tmp_path), "--format", "ods"])
    assert exc.value.code == 2
    assert "xlsx" in capsys.readouterr().err


def test_writers_take_any_doctree_table_and_untrusted_names(tmp_path):
    from generator.doctree import RIGHT, Cell, Column, Document, Table
    from generator.writers.csv_writer import write_csv
    from generator.writers.xlsx_writer import write_xlsx

    table = Table(columns=[Column(2), Column(1, RIGHT)],
                  header=[[Cell("项目", colspan=2)], [Cell("名称"), Cell("金额")]],
                  body=[[Cell("a\x01b"), Cell("1,234.50", value=Decimal("1234.50"))],
                        [Cell("合计"), Cell("")]],
                  label="../表:1*", title="标题", meta_right="单位：元")
    document = Document(title="文档", author="某单位", subject="", blocks=[table], period="2030")
    write_xlsx(document, {}, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx").worksheets[0]
    assert ws.title == "_表_1_"
    assert {str(r) for r in ws.merged_cells.ranges} >= {"A4:B4"}
    assert ws["A6"].value == "ab" and ws["B6"].value == 1234.5 and ws["B6"].number_format == "#,##0.00"
    write_csv(document, tmp_path / "数据")
    assert sorted(p.name for p in (tmp_path / "数据").iterdir()) == ["01-_表_1_.csv", "datapackage.json"]
    package = _package(tmp_path / "数据")
    assert package["year"] == "2030" and package["amountUnit"] == "元"
    assert package["resources"][0]["schema"]["fields"] == [
        {"name": "项目/名称", "type": "string"}, {"name": "项目/金额", "type": "number", "unit": "元"}]
    assert (tmp_path / "数据" / "01-_表_1_.csv").read_text(encoding="utf-8") == (
        "项目/名称,项目/金额\na\x01b,1234.50\n合计,\n")
    assert frictionless.validate(str(tmp_path / "数据" / "datapackage.json")).valid
