"""The 预算 workbook's sheets, on the shared layout (`generator.schema`, whose names are
re-exported here so a kind's code reads its whole layout from one module)."""
from __future__ import annotations

from ..schema import (  # noqa: F401
    TEXT, LONGTEXT, MONEY, YUAN, INT, NUMBER, CODE, CHOICE, LISTS, Column, ADJUSTMENT, ADJUSTMENT_HELP, adjustment_column, TableSheet, Field, FormSheet, Sheet, UNIT_INFO, KIND_LABELS,
)


FUNCTION_ITEMS = TableSheet(
    "收支科目", "functions",
    (
        Column("科目编码", "code", CODE, required=True, width=12, help="7位功能分类项级编码"),
        Column("科目名称", "name", required=True, width=34),
        Column("资金来源", "source", CHOICE, required=True, choices="资金来源", width=18),
        Column("来源年度", "period", CHOICE, required=True, choices="来源年度", width=12),
        Column("基本支出", "basic", MONEY, width=16),
        Column("项目支出", "project", MONEY, width=16),
        # The 项's own explanation (its 用途, last year's outturn, why it changed), for the
        # templates that explain every 项; added later, so older workbooks lack them.
        Column("用途", "use", LONGTEXT, width=30, optional=True,
               help="该项级科目的主要用途，可不填。同一科目有多行时填在其中一行即可，多行填写须一致"),
        Column("上年执行数", "last_year", MONEY, width=16, optional=True,
               help="该项级科目上年执行数（全部资金来源合计），可不填。同一科目有多行时填在其中一行即可"),
        Column("原因", "reason", LONGTEXT, width=30, optional=True,
               help="该项级科目比上年增减的主要原因，可不填。同一科目有多行时填在其中一行即可"),
    ),
    "每个功能分类项级科目、每种资金来源、每个来源年度填一行；类、款和合计由系统汇总。"
    "资金来源中的“单位资金”可整笔填写，也可按收入分类分为事业收入、事业单位经营收入、上级补助收入、"
    "附属单位上缴收入和其他收入分行填写（公开表中合计为单位资金）。"
    "用途、上年执行数、原因三列说明每个项级科目，供逐项说明的模板使用，可不填。",
    unique=("code", "source", "period"),
)

ECONOMIC_ITEMS = TableSheet(
    "经济科目", "economic",
    (
        Column("经济科目编码", "code", CODE, required=True, width=12, help="5位部门预算经济科目编码，如 30101"),
        Column("部门预算经济科目名称", "name", required=True, width=28),
        Column("政府预算经济科目名称", "gov_name", required=True, width=24),
        Column("人员经费", "personnel", MONEY, width=16),
        Column("公用经费", "public", MONEY, width=16),
    ),
    "一般公共预算当年安排的基本支出，按经济科目款级填列；类级合计由系统汇总。",
    unique=("code",),
)

THREE_PUBLIC = TableSheet(
    "三公经费", "three_public",
    (
        Column("项目", "item", CHOICE, required=True, choices="三公项目", width=22),
        Column("一般公共预算", "gpb", MONEY, width=16),
        Column("政府性基金预算", "fund", MONEY, width=16),
        Column("国有资本经营预算", "soc", MONEY, width=16),
        Column("上年预算数", "last_year", MONEY, width=16),
        adjustment_column(),
    ),
    "财政拨款安排的“三公”经费，四个项目各一行；合计由系统计算。",
    fixed_rows=LISTS["三公项目"],
    unique=("item",),
)

PROJECTS = TableSheet(
    "项目支出", "projects",
    (
        Column("项目名称", "name", required=True, width=34),
        Column("实施单位", "unit", required=True, width=24),
        Column("来源年度", "period", CHOICE, required=True, choices="来源年度", width=12),
        Column("一般公共预算", "gpb", MONEY, width=14),
        Column("政府性基金预算", "fund", MONEY, width=14),
        Column("国有资本经营预算", "soc", MONEY, width=14),
        Column("财政专户管理资金", "special", MONEY, width=14),
        Column("单位资金", "own", MONEY, width=14),
        Column("项目类别", "category", CHOICE, choices="项目类别", width=12,
               help="未区分类别的单位可不填，绩效目标情况将说明项目未分类"),
        Column("纳入绩效目标管理", "managed", CHOICE, required=True, choices="是否", width=10),
        Column("公开绩效目标", "published", CHOICE, required=True, choices="是否", width=10),
    ),
    "每个项目一行。“公开绩效目标”为“是”的项目须在“绩效目标”表填写目标表。"
    "“单位资金”一列填写全部单位资金：“收支科目”按收入分类分行填写的事业收入、事业单位经营收入、"
    "上级补助收入、附属单位上缴收入和其他收入，在本表合计填在“单位资金”一列。",
    # Two projects may share a name (other amount, 实施单位 or period): only a row identical
    # in every column is a duplicate.
    unique=("name", "unit", "period", "gpb", "fund", "soc", "special", "own", "category",
            "managed", "published"),
)

_PERIOD_MONEY = tuple(
    Column(f"{period}{label}（元）", f"{prefix}_{key}", YUAN, width=14)
    for period, prefix in (("实施期", "term"), ("年度", "year"))
    for label, key in (
        ("资金总额", "total"), ("中央财政资金", "central"), ("省级财政资金", "province"),
        ("市县（区）财政资金", "local"), ("单位自筹", "own"), ("其他资金", "other"),
    )
)

TARGETS = TableSheet(
    "绩效目标", "targets",
    (
        Column("表号", "no", INT, required=True, width=6, help="与“绩效指标”表的表号对应"),
        Column("项目名称", "name", required=True, width=30),
        Column("主管部门及代码", "department", width=26),
        Column("实施单位", "unit", required=True, width=24),
        Column("项目属性", "nature", width=22),
        Column("项目期", "term", width=8),
        Column("项目类别", "category", CHOICE, choices="项目类别", width=12,
               help="空白时取“项目支出”表中同名项目的类别"),
        *_PERIOD_MONEY,
        Column("项目概况", "overview", LONGTEXT, width=30),
        Column("立项依据", "basis", LONGTEXT, width=30),
        Column("项目设立必要性", "necessity", LONGTEXT, width=30),
        Column("保证项目实施的制度、措施", "measures", LONGTEXT, width=30),
        Column("项目实施计划", "plan", LONGTEXT, width=30),
        Column("实施期总体目标", "term_goal", LONGTEXT, width=30),
        Column("年度总体目标", "year_goal", LONGTEXT, width=30),
        Column("负责人", "leader", width=10),
        Column("经办人", "handler", width=10),
        Column("联系电话", "phone", width=14),
        Column("填报日期", "date", width=16),
    ),
    "每张项目支出绩效目标表一行，金额单位为元。",
    unique=("no",),
)

INDICATORS = TableSheet(
    "绩效指标", "indicators",
    (
        Column("表号", "no", INT, required=True, width=6),
        Column("期间", "period", CHOICE, required=True, choices="期间", width=8),
        Column("一级指标", "level1", CHOICE, required=True, choices="一级指标", width=12),
        Column("二级指标", "level2", CHOICE, required=True, choices="二级指标", width=16),
        Column("三级指标", "level3", required=True, width=30),
        Column("指标值", "value", width=16),
    ),
    "每个三级指标一行；同一表号下按填写顺序列示。",
)

PROCUREMENT = FormSheet(
    "政府采购", "procurement",
    (
        Field("政府采购货物", "goods", MONEY),
        Field("政府采购工程", "works", MONEY),
        Field("政府采购服务", "services", MONEY),
    ),
    "政府采购预算，合计由系统计算。",
)

VEHICLE_KINDS = (
    ("领导用车", "leader"), ("机要通信用车", "confidential"), ("应急保障用车", "emergency"),
    ("执法执勤用车", "enforcement"), ("特种专业技术用车", "special"),
    ("事业单位业务用车", "business"), ("其他公务用车", "other"),
)

ASSETS = FormSheet(
    "国有资产", "assets",
    (
        Field("统计截止日期", "as_of", help="如 2023年12月31日"),
        Field("公务用车编制数（辆）", "vehicle_quota", INT),
        *(Field(f"{label}（辆）", f"vehicle_{key}", INT) for label, key in VEHICLE_KINDS),
        Field("办公用房建筑面积（平方米）", "office_area", NUMBER),
        Field("50万元以上通用设备（台套）", "equipment_50", INT),
        Field("100万元以上通用设备（台套）", "equipment_100", INT),
    ),
    "国有资产占有使用情况；如在“说明”表填写了对应文字说明，则以文字说明为准。",
)

LAST_YEAR = FormSheet(
    "上年数", "last_year",
    (
        Field("上年收入总计", "income_total", MONEY, required=True),
        Field("上年支出总计", "expense_total", MONEY, required=True),
        Field("上年一般公共预算当年拨款", "gpb_current", MONEY, required=True),
        Field("上年机关运行经费", "admin_cost", MONEY, required=True),
    ),
    "同比说明所需的上年预算数（上年“三公”经费填在“三公经费”表）。",
    adjustable=True,
)

NOTES = FormSheet(
    "说明", "notes",
    (
        Field("收支变动原因", "change_reason", LONGTEXT, help="收支总计比上年增加或减少时必填"),
        Field("一般公共预算变动原因", "gpb_reason", LONGTEXT),
        Field("三公经费变动原因", "three_public_reason", LONGTEXT),
        Field("机关运行经费变动原因", "admin_cost_reason", LONGTEXT),
        Field("整体绩效目标", "overall_target", LONGTEXT),
        Field("车辆情况说明", "vehicles_text", LONGTEXT),
        Field("房屋情况说明", "buildings_text", LONGTEXT),
        Field("其他国有资产说明", "other_assets_text", LONGTEXT),
        Field("政府购买服务指导性目录", "purchase_catalogue", LONGTEXT),
        Field("其他说明", "other", LONGTEXT),
    ),
    "情况说明中需要单位自行填写的原因和说明，每项一格。",
)

BUDGET_SHEETS: tuple[Sheet, ...] = (
    UNIT_INFO, FUNCTION_ITEMS, ECONOMIC_ITEMS, THREE_PUBLIC, PROJECTS,
    TARGETS, INDICATORS, PROCUREMENT, ASSETS, LAST_YEAR, NOTES,
)

