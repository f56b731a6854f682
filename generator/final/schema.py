"""The 决算 (final accounts) workbook: the sheets added to, or adapted from, the budget's.

Its sheets are listed in `kinds.SHEETS_BY_KIND["final"]`; its drop-down lists join the
budget's LISTS when it is imported (by `kinds`, before any workbook is read or written).
"""
from __future__ import annotations

from ..budget.schema import (
    ASSETS, CHOICE, CODE, ECONOMIC_ITEMS, INDICATORS, INT, LAST_YEAR, LISTS, LONGTEXT, MONEY,
    NOTES, NUMBER, PROCUREMENT, THREE_PUBLIC, UNIT_INFO, YUAN, Column, Field,
    FormSheet, Sheet, TableSheet, adjustment_column,
)

# Fund sources of spending and balances; the first three are 财政拨款.
SPENDING_SOURCES = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款",
                    "非财政拨款")
# Income types as published in 公开01/02: key, column header.
INCOME_TYPES = (
    ("gpb", "一般公共预算财政拨款"), ("fund", "政府性基金预算财政拨款"),
    ("soc", "国有资本经营预算财政拨款"), ("superior", "上级补助收入"), ("business", "事业收入"),
    ("operating", "经营收入"), ("subsidiary", "附属单位上缴收入"), ("other", "其他收入"),
)
# Spending kinds as published in 公开03: key, column header.
SPENDING_KINDS = (
    ("basic", "基本支出"), ("project", "项目支出"), ("superior", "上缴上级支出"),
    ("operating", "经营支出"), ("subsidiary", "对附属单位补助支出"),
)
GRADES = ("优", "良", "中", "差")
SPLITS = ("按资金来源", "按资金方向")  # the two halves of the 预算执行情况 table
# Vehicle categories of 公开10表: label, key.
VEHICLE_KINDS = (
    ("副部（省）级及以上领导用车", "ministerial"), ("主要负责人用车", "head"),
    ("机要通信用车", "confidential"), ("应急保障用车", "emergency"),
    ("执法执勤用车", "enforcement"), ("特种专业技术用车", "special"),
    ("离退休干部服务用车", "retired"), ("其他用车", "other"),
)
THREE_PUBLIC_ORDER = ("因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费")

LISTS.update({
    "决算资金来源": SPENDING_SOURCES,
    "自评等级": GRADES,
    "划分方式": SPLITS,
})

_CODE = Column("科目编码", "code", CODE, required=True, width=12, help="7位功能分类项级编码")
_NAME = Column("科目名称", "name", required=True, width=30)

INCOME = TableSheet(
    "收入决算", "income",
    (_CODE, _NAME, *(Column(header, key, MONEY, width=16) for key, header in INCOME_TYPES)),
    "本年收入按功能分类项级科目填列，每个科目一行、每类收入一列；类、款和合计由系统汇总。",
    unique=("code",),
)

SPENDING = TableSheet(
    "支出决算", "spending",
    (
        _CODE, _NAME,
        Column("资金来源", "source", CHOICE, required=True, choices="决算资金来源", width=22,
               help="支出所用资金的来源，财政拨款含以前年度财政拨款结转"),
        Column("年初结转和结余", "opening", MONEY, width=16),
        *(Column(header, key, MONEY, width=16) for key, header in SPENDING_KINDS),
        Column("年末结转和结余", "closing", MONEY, width=16),
    ),
    "本年支出和结转结余按功能分类项级科目、资金来源填列，每个科目每种资金来源一行；"
    "类、款和合计由系统汇总。",
    unique=("code", "source"),
)

SURPLUS = FormSheet(
    "结余分配", "surplus",
    (
        Field("使用非财政拨款结余（含专用结余）", "used", MONEY),
        Field("结余分配", "distribution", MONEY),
    ),
    "收入支出决算总表中按单位填列的两项；年初、年末结转和结余在“支出决算”表按科目填列。",
)

ECONOMIC = TableSheet(
    "经济科目", "economic",
    (ECONOMIC_ITEMS.column("code"), Column("科目名称", "name", required=True, width=28),
     Column("决算数", "amount", MONEY, width=16)),
    "一般公共预算财政拨款基本支出，按经济分类款级科目填列；工资福利支出（301）和对个人和家庭的补助"
    "（303）为人员经费，其余为公用经费，类级合计由系统汇总。",
    unique=("code",),
)

CLASSES = TableSheet(
    "支出按类说明", "classes",
    (
        Column("类级科目编码", "code", CODE, required=True, width=10, help="3位功能分类类级编码"),
        Column("类级科目名称", "name", required=True, width=24),
        Column("年初预算数", "budget", MONEY, width=16),
        Column("上年决算数", "last_year", MONEY, width=16),
        Column("主要用途", "use", LONGTEXT, width=40, help="接在“主要用于”之后"),
        Column("增减变化原因", "reason", LONGTEXT, width=40, help="接在“主要原因是”之后"),
        adjustment_column(),
    ),
    "一般公共预算财政拨款支出，每个有本年或上年支出的类级科目一行；本年决算数由系统汇总。",
    unique=("code",),
)

THREE_PUBLIC_FINAL = TableSheet(
    "三公经费", "three_public",
    (
        THREE_PUBLIC.column("item"),
        Column("全年预算数", "budget", MONEY, width=16, help="按规定程序调整后的预算数"),
        Column("决算数", "actual", MONEY, width=16),
        Column("上年决算数", "last_year", MONEY, width=16),
        Column("增减变化原因", "reason", LONGTEXT, width=40, help="接在“主要原因是：”之后"),
        adjustment_column(),
    ),
    "财政拨款安排的“三公”经费，四个项目各一行；合计由系统计算。",
    fixed_rows=THREE_PUBLIC_ORDER,
    unique=("item",),
)

THREE_PUBLIC_DETAIL = FormSheet(
    "三公经费情况", "three_public_detail",
    (
        Field("因公出国（境）团组数（个）", "trip_groups", INT),
        Field("因公出国（境）人次", "trip_people", INT),
        Field("因公出国（境）费主要用途", "trip_use", LONGTEXT),
        Field("财政拨款购置公务用车（辆）", "cars_bought", INT),
        Field("公务用车购置费主要用途", "purchase_use", LONGTEXT),
        Field("财政拨款负担的公务用车保有量（辆）", "cars_kept", INT),
        Field("公务用车运行维护费主要用途", "upkeep_use", LONGTEXT),
        Field("国内公务接待费", "domestic", MONEY),
        Field("国内公务接待批次", "domestic_batches", INT),
        Field("国内公务接待人次", "domestic_people", INT),
        Field("其中：外事接待费", "foreign_affairs", MONEY),
        Field("外事接待批次", "foreign_affairs_batches", INT),
        Field("外事接待人次", "foreign_affairs_people", INT),
        Field("国内公务接待主要用途", "domestic_use", LONGTEXT),
        Field("国（境）外公务接待费", "abroad", MONEY),
        Field("国（境）外公务接待批次", "abroad_batches", INT),
        Field("国（境）外公务接待人次", "abroad_people", INT),
        Field("国（境）外公务接待主要用途", "abroad_use", LONGTEXT),
    ),
    "“三公”经费的数量和用途；国内与国（境）外公务接待费之和应等于“三公经费”表公务接待费决算数。",
)

PROCUREMENT_FINAL = FormSheet(
    "政府采购", "procurement",
    (
        *PROCUREMENT.fields,
        Field("授予中小企业合同金额", "sme", MONEY),
        Field("其中：授予小微企业合同金额", "small", MONEY),
    ),
    "本年度政府采购支出，合计由系统计算。",
)

ASSETS_FINAL = FormSheet(
    "国有资产", "assets",
    (
        ASSETS.field("as_of"),
        *(Field(f"{label}（辆）", f"vehicle_{key}", INT) for label, key in VEHICLE_KINDS),
        Field("其他用车主要用途", "other_vehicles_text", LONGTEXT, help="接在“其他用车主要是”之后"),
        Field("单价100万元（含）以上设备（不含车辆）（台套）", "equipment_100", INT),
    ),
    "截至年末的车辆和大型设备；车辆数合计由系统计算。",
)

LAST_YEAR_FINAL = FormSheet(
    "上年数", "last_year",
    (
        LAST_YEAR.field("income_total"), LAST_YEAR.field("expense_total"),
        Field("上年财政拨款收入总计", "fiscal_income_total", MONEY, required=True),
        Field("上年财政拨款支出总计", "fiscal_expense_total", MONEY, required=True),
        LAST_YEAR.field("admin_cost"),
    ),
    "同比说明所需的上年决算数（一般公共预算按类的上年决算数填在“支出按类说明”表）。",
    adjustable=True,
)

PROJECT_GRADES = TableSheet(
    "项目绩效自评", "project_grades",
    (
        Column("自评等级", "grade", CHOICE, required=True, choices="自评等级", width=10),
        Column("项目个数", "count", INT, width=10),
        Column("涉及资金", "amount", MONEY, width=16),
    ),
    "二级项目绩效自评结果，每个等级一行。",
    fixed_rows=GRADES,
    unique=("grade",),
)

OVERALL = FormSheet(
    "整体绩效自评", "overall",
    (
        Field("部门编号", "code"),
        Field("联系人", "contact"),
        Field("联系电话", "phone"),
        Field("内设职能部门个数", "departments", INT),
        Field("下属预算单位个数", "subordinates", INT),
        Field("核定人员编制数", "staff_quota", INT),
        Field("实际在职人员总数", "staff_total", INT),
        Field("在编人员数（人）", "staff_on_quota", INT),
        Field("其他人员数（人）", "staff_other", INT),
        Field("部门职能", "functions", LONGTEXT),
        Field("部门战略目标", "strategy", LONGTEXT),
        Field("年度主要任务", "tasks", LONGTEXT, help="可分段，每段一行"),
        Field("年度目标", "goals", LONGTEXT),
        Field("自评等级", "grade", CHOICE, choices="自评等级", help="总得分由系统按指标得分计算"),
        Field("全年目标实际完成情况", "completion", LONGTEXT),
        Field("部门整体实施和预算执行情况分析", "execution", LONGTEXT),
        Field("履职效能分析", "effectiveness", LONGTEXT),
        Field("管理效率分析", "efficiency", LONGTEXT),
        Field("社会效应分析", "social", LONGTEXT),
        Field("可持续性分析", "sustainability", LONGTEXT),
        Field("主要经验做法", "experience", LONGTEXT),
        Field("存在的主要问题及原因分析", "problems", LONGTEXT),
        Field("下一步改进措施及管理建议", "measures", LONGTEXT),
        Field("报告日期", "date", help="如 2024年12月"),
    ),
    "部门整体支出绩效自评分析报告（决算公开附件）的基本信息和文字部分。",
)

EXECUTION = TableSheet(
    "整体绩效预算执行", "execution",
    (
        Column("划分方式", "split", CHOICE, required=True, choices="划分方式", width=12),
        Column("项目", "name", required=True, width=24),
        Column("目标申报（元）", "declared", YUAN, width=16),
        Column("预算编制（元）", "compiled", YUAN, width=16),
        Column("全年预算数（元）", "budget", YUAN, width=16),
        Column("全年执行数（元）", "actual", YUAN, width=16),
        Column("得分", "score", NUMBER, width=8),
    ),
    "部门整体支出的预算执行情况，按资金来源和按资金方向各若干行，金额单位为元；"
    "结转结余、执行率和合计由系统计算。没有可留空。",
)

OVERALL_INDICATORS = TableSheet(
    "整体绩效指标", "overall_indicators",
    (
        INDICATORS.column("level1"), INDICATORS.column("level2"),
        Column("指标名称", "name", required=True, width=28),
        Column("年度指标值", "target", width=14),
        Column("实际完成值", "actual", width=14),
        Column("权重", "weight", NUMBER, width=8),
        Column("得分", "score", NUMBER, width=8),
        Column("偏差原因分析及改进措施", "deviation", LONGTEXT, width=30),
    ),
    "部门整体支出绩效指标，每个指标一行，同一二级指标按填写顺序列示；指标完成情况得分由系统合计。",
)

NOTES_FINAL = FormSheet(
    "说明", "notes",
    (
        NOTES.field("change_reason"),
        Field("财政拨款收支变动原因", "fiscal_reason", LONGTEXT),
        NOTES.field("gpb_reason"),
        NOTES.field("three_public_reason"),
        NOTES.field("admin_cost_reason"),
        Field("中、差项目改进措施", "grade_measures", LONGTEXT,
              help="自评结果为“中”和“差”的项目采取的改进管理措施"),
        NOTES.field("other"),
    ),
    "情况说明中需要单位自行填写的原因和说明，每项一格。",
)

FINAL_SHEETS: tuple[Sheet, ...] = (
    UNIT_INFO, INCOME, SPENDING, SURPLUS, ECONOMIC, CLASSES, THREE_PUBLIC_FINAL,
    THREE_PUBLIC_DETAIL, PROCUREMENT_FINAL, ASSETS_FINAL, LAST_YEAR_FINAL, PROJECT_GRADES,
    OVERALL, EXECUTION, OVERALL_INDICATORS, NOTES_FINAL,
)

