"""大同市科学技术情报研究所 2024年度单位预算: CONSTRUCTED example data, not a published document.

Seed 000 (大同市科学技术局) shows only one thing of this subordinate 事业单位: its performance
form (the seventh), for a 30,000 元 project. Everything else here is invented but plausible, so
that the 大同市科学技术局 department (inputs/大同市科学技术局/) has a second unit to consolidate.
"""
from decimal import Decimal

from .datong_kjj_2024 import DEPARTMENT, INDICATORS, TARGETS, _economic, _function

OUTPUT = "大同市科学技术局/大同市科学技术情报研究所2024年度单位预算.xlsx"
KIND = "budget"

UNIT = "大同市科学技术情报研究所"
_SEED_FORM = 7  # its form in seed 000
PROJECT = TARGETS[_SEED_FORM - 1]["项目名称"]  # J残疾人就业保障金
PROJECT_AMOUNT = 30000

DATA = {
    "单位信息": {
        "单位名称": UNIT,
        "年度": 2024,
        "公开类型": "预算",
        "单位性质": "事业单位",
        "主管部门及代码": DEPARTMENT,
        "金额单位": "元",
        "公开范围": "我单位预算公开仅包含大同市科学技术情报研究所本级。",
        "职责": "（一）开展科技情报研究和科技文献信息服务。\n（二）承担科技查新和科技成果登记的有关工作。",
        "机构设置": "我单位为大同市科学技术局所属公益一类事业单位（构造的示例数据）。内设科室3个。",
        "模板": "datong-2024-budget",
    },
    "收支科目": [
        _function("2060501", "机构运行", basic=1650000),
        _function("2060599", "其他科技条件与服务支出", project=PROJECT_AMOUNT),
        _function("2080505", "机关事业单位基本养老保险缴费支出", basic=180000),
        _function("2101102", "事业单位医疗", basic=80000),
        _function("2210201", "住房公积金", basic=120000),
    ],
    "经济科目": [
        _economic("30101", "基本工资", "工资福利支出", personnel=700000),
        _economic("30102", "津贴补贴", "工资福利支出", personnel=300000),
        _economic("30107", "绩效工资", "工资福利支出", personnel=350000),
        _economic("30108", "机关事业单位基本养老保险缴费", "社会保障缴费", personnel=180000),
        _economic("30110", "职工基本医疗保险缴费", "社会保障缴费", personnel=80000),
        _economic("30113", "住房公积金", "住房公积金", personnel=120000),
        _economic("30201", "办公费", "办公经费", public=120000),
        _economic("30205", "水费", "办公经费", public=20000),
        _economic("30206", "电费", "办公经费", public=60000),
        _economic("30228", "工会经费", "办公经费", public=35000),
        _economic("30229", "福利费", "办公经费", public=25000),
        _economic("30299", "其他商品和服务支出", "其他商品和服务支出", public=40000),
    ],
    "三公经费": [
        {"项目": item, "一般公共预算": Decimal(0), "上年预算数": Decimal(0)}
        for item in ("因公出国（境）费", "公务接待费", "公务用车购置费", "公务用车运行维护费")
    ],
    "项目支出": [{
        "项目名称": PROJECT,
        "实施单位": UNIT,
        "来源年度": "当年预算",
        "一般公共预算": Decimal(PROJECT_AMOUNT),
        "项目类别": "其他运转类",
        "纳入绩效目标管理": "是",
        "公开绩效目标": "是",
    }],
    "绩效目标": [{**TARGETS[_SEED_FORM - 1], "表号": 1}],
    "绩效指标": [{**row, "表号": 1} for row in INDICATORS if row["表号"] == _SEED_FORM],
    "政府采购": {"政府采购货物": Decimal(0), "政府采购工程": Decimal(0), "政府采购服务": Decimal(0)},
    "国有资产": {
        "统计截止日期": "2023年12月31日",
        "公务用车编制数（辆）": 0,
        "办公用房建筑面积（平方米）": Decimal("620"),
    },
    "上年数": {
        "上年收入总计": Decimal(2010000),
        "上年支出总计": Decimal(2010000),
        "上年一般公共预算当年拨款": Decimal(2010000),
        "上年机关运行经费": Decimal(0),
    },
    "说明": {
        "收支变动原因": "人员调资，人员经费相应增加",
        "整体绩效目标": "2024年未编报单位整体绩效目标，涉及资金0万元。",
        "政府购买服务指导性目录": "本单位无政府购买服务指导性目录。",
        "其他说明": "本单位数字为构造的示例数据，不是公开发布的文件。",
    },
}
