"""The workbook's layout, shared by every kind: value types, columns, fields, the sheet
kinds, the 单位信息 sheet and the drop-down lists. Each kind's `schema` adds its sheets.

One description serves `disclosure init` (which writes it) and the reader
(which finds columns by these headers), so the two cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass

# Column / field value types.
TEXT = "text"
LONGTEXT = "longtext"
MONEY = "money"  # in the workbook's 金额单位 (元 or 万元)
YUAN = "yuan"  # always 元 (performance-target forms)
INT = "int"
NUMBER = "number"  # a plain quantity such as 平方米
CODE = "code"  # classification code kept as text
CHOICE = "choice"

LISTS: dict[str, tuple[str, ...]] = {
    "公开类型": ("预算", "决算"),
    "单位性质": ("行政单位", "参照公务员法管理事业单位", "事业单位"),
    "金额单位": ("元", "万元"),
    # 单位资金 may be entered whole or split into the national standard's income categories.
    "资金来源": ("一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金",
             "事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入"),
    "来源年度": ("当年预算", "上年结转"),
    "项目类别": ("其他运转类", "特定目标类"),
    "是否": ("是", "否"),
    "期间": ("实施期", "年度"),
    "一级指标": ("产出指标", "效益指标", "满意度指标"),
    "二级指标": (
        "数量指标", "质量指标", "时效指标", "成本指标",
        "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标",
        "服务对象满意度指标",
    ),
    "三公项目": ("因公出国（境）费", "公务接待费", "公务用车购置费", "公务用车运行维护费"),
}


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    type: str = TEXT
    required: bool = False
    choices: str | None = None
    width: int = 14
    help: str = ""
    optional: bool = False  # may be absent: workbooks written before it was added still read


# Where the accountant explains a 上年数 / 年初预算数 that differs on purpose from the figure
# of the workbook it came from (口径调整): `check --previous` then reports it as a 提示.
ADJUSTMENT = "调整说明"
ADJUSTMENT_HELP = ("与上年（或本年预算）填报表计算的数不同是有意的（口径调整）时，在此写明原因；"
                   "check --previous 不再报错，只作提示。")


def adjustment_column() -> Column:
    return Column(ADJUSTMENT, "adjustment", LONGTEXT, width=30, help=ADJUSTMENT_HELP, optional=True)


@dataclass(frozen=True)
class TableSheet:
    name: str
    key: str
    columns: tuple[Column, ...]
    help: str
    # Rows written by `init` with their first column filled (e.g. the four 三公 items).
    fixed_rows: tuple[str, ...] = ()
    unique: tuple[str, ...] = ()  # keys that together identify a row

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Field:
    label: str
    key: str
    type: str = TEXT
    required: bool = False
    choices: str | None = None
    help: str = ""
    optional: bool = False  # its row may be absent: workbooks written before it was added still read


@dataclass(frozen=True)
class FormSheet:
    name: str
    key: str
    fields: tuple[Field, ...]
    help: str
    adjustable: bool = False  # has the optional column D 调整说明 (see ADJUSTMENT)

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)


Sheet = TableSheet | FormSheet

UNIT_INFO = FormSheet(
    "单位信息", "unit",
    (
        Field("单位名称", "name", required=True, help="与公章一致的全称"),
        Field("年度", "year", INT, required=True, help="如 2024"),
        Field("公开类型", "kind", CHOICE, required=True, choices="公开类型"),
        Field("单位性质", "nature", CHOICE, required=True, choices="单位性质",
              help="决定是否公开机关运行经费"),
        Field("单位类别", "category", help="如“公益一类事业单位”，用于机关运行经费说明"),
        Field("主管部门及代码", "department", required=True, help="如 055-大同市科学技术局[部门]"),
        Field("金额单位", "money_unit", CHOICE, required=True, choices="金额单位",
              help="本表所有金额列的单位；绩效目标表金额始终为元"),
        Field("公开范围", "scope", LONGTEXT,
              help="如：我单位预算公开仅包含大同市科学技术局本级。可不填，不填则不写这句"),
        Field("职责", "duties", LONGTEXT, required=True, help="可分段，每段一行（Alt+Enter 换行）"),
        Field("机构设置", "organization", LONGTEXT, required=True),
        Field("模板", "profile", required=True, help="templates/profiles 下的模板名称"),
        # Added later, last so that older workbooks keep every row where it was.
        Field("单位简称", "short_name", optional=True,
              help="如“市科技局”，供说明文字使用（变量 单位简称）；可不填，不填时为空"),
    ),
    "单位的基本情况，每项一行，填写在“内容”列。",
)

KIND_LABELS = {"budget": "预算", "final": "决算"}
