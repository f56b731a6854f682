"""示例市检验检测中心 2024年度单位预算: CONSTRUCTED example data, not a published document.

It shows what the seeds do not: 单位资金 entered by the national standard's income categories
(事业收入, 事业单位经营收入, 上级补助收入, 附属单位上缴收入, 其他收入) rather than as one
amount, amounts large enough for thousands separators in 元, and every 项 explained
(用途, 上年执行数, 原因) for the templates that explain each 项.
"""
from decimal import Decimal

from .datong_kjj_2024 import _economic

OUTPUT = "示例单位2024年度单位预算（收入分类示例）.xlsx"
KIND = "budget"

UNIT = "示例市检验检测中心"
SERVICE_PROJECT = "检验检测技术服务"
EQUIPMENT_PROJECT = "检测能力提升"


def _function(code, name, source, basic=None, project=None, use=None, last_year=None, reason=None):
    row = {"科目编码": code, "科目名称": name, "资金来源": source, "来源年度": "当年预算",
           "用途": use, "原因": reason}
    for header, value in (("基本支出", basic), ("项目支出", project), ("上年执行数", last_year)):
        if value is not None:
            row[header] = Decimal(value)
    return row


# Each 项's explanation is on its first row; its other rows leave the three columns blank.
FUNCTIONS = [
    _function("2060501", "机构运行", "一般公共预算", basic="2345678.90",
              use="保障中心正常运转，包括在职人员工资福利和日常办公支出",
              last_year="3650000", reason="新增检测岗位人员，人员经费相应增加"),
    _function("2060501", "机构运行", "事业收入", basic="1234567"),
    _function("2060501", "机构运行", "上级补助收入", basic="300000"),
    _function("2060599", "其他科技条件与服务支出", "一般公共预算", project="500000",
              use="检测能力提升和检验检测技术服务项目",
              last_year="1200000", reason="上年检测设备集中购置已完成，导致项目支出减少"),
    _function("2060599", "其他科技条件与服务支出", "事业单位经营收入", project="456789.12"),
    _function("2060599", "其他科技条件与服务支出", "附属单位上缴收入", project="50000"),
    _function("2060599", "其他科技条件与服务支出", "其他收入", project="88000"),
    _function("2080505", "机关事业单位基本养老保险缴费支出", "一般公共预算", basic="260000",
              use="按规定为在职人员缴纳基本养老保险",
              last_year="250000", reason="缴费基数调整，导致缴费额增加"),
    _function("2101102", "事业单位医疗", "一般公共预算", basic="110000",
              use="按规定为在职人员缴纳基本医疗保险",
              last_year="110000", reason="参保人数和缴费基数未变"),
    _function("2210201", "住房公积金", "一般公共预算", basic="170000",
              use="按规定为在职人员缴存住房公积金",
              last_year="160000", reason="缴存基数调整，导致缴存额增加"),
]

DATA = {
    "单位信息": {
        "单位名称": UNIT,
        "单位简称": "检测中心",
        "年度": 2024,
        "公开类型": "预算",
        "单位性质": "事业单位",
        "单位类别": "公益二类事业单位",
        "主管部门及代码": "099-示例市市场监督管理局[部门]",
        "金额单位": "元",
        "公开范围": "我单位预算公开仅包含示例市检验检测中心本级。",
        "职责": "（一）承担产品质量和计量器具的检验检测工作。\n（二）开展检验检测技术服务和技术研究。",
        "机构设置": "示例市检验检测中心为示例市市场监督管理局所属公益二类事业单位（构造的示例数据），"
                "内设科室4个。",
        "模板": "yuan-9-tables",
    },
    "收支科目": FUNCTIONS,
    # 一般公共预算当年基本支出: 2,345,678.90 + 260,000 + 110,000 + 170,000 = 2,885,678.90.
    "经济科目": [
        _economic("30101", "基本工资", "工资福利支出", personnel=900000),
        _economic("30102", "津贴补贴", "工资福利支出", personnel=400000),
        _economic("30107", "绩效工资", "工资福利支出", personnel=500000),
        _economic("30108", "机关事业单位基本养老保险缴费", "社会保障缴费", personnel=260000),
        _economic("30110", "职工基本医疗保险缴费", "社会保障缴费", personnel=110000),
        _economic("30113", "住房公积金", "住房公积金", personnel=170000),
        _economic("30201", "办公费", "办公经费", public=300000),
        _economic("30206", "电费", "办公经费", public=100000),
        _economic("30228", "工会经费", "办公经费", public=Decimal("45678.90")),
        _economic("30299", "其他商品和服务支出", "其他商品和服务支出", public=100000),
    ],
    "三公经费": [
        {"项目": item, "一般公共预算": Decimal(0), "上年预算数": Decimal(0)}
        for item in ("因公出国（境）费", "公务接待费", "公务用车购置费", "公务用车运行维护费")
    ],
    # The 单位资金 column holds the categories of 收支科目 together: 456,789.12 + 50,000 + 88,000.
    "项目支出": [
        {"项目名称": EQUIPMENT_PROJECT, "实施单位": UNIT, "来源年度": "当年预算",
         "一般公共预算": Decimal(500000), "项目类别": "特定目标类",
         "纳入绩效目标管理": "是", "公开绩效目标": "否"},
        {"项目名称": SERVICE_PROJECT, "实施单位": UNIT, "来源年度": "当年预算",
         "单位资金": Decimal("594789.12"), "项目类别": "其他运转类",
         "纳入绩效目标管理": "是", "公开绩效目标": "否"},
    ],
    "绩效目标": [],
    "绩效指标": [],
    "政府采购": {"政府采购货物": Decimal(0), "政府采购工程": Decimal(0), "政府采购服务": Decimal(0)},
    "国有资产": {
        "统计截止日期": "2023年12月31日",
        "公务用车编制数（辆）": 0,
        "办公用房建筑面积（平方米）": Decimal("1250"),
    },
    "上年数": {
        "上年收入总计": Decimal(5300000),
        "上年支出总计": Decimal(5300000),
        "上年一般公共预算当年拨款": Decimal(3300000),
        "上年机关运行经费": Decimal(0),
    },
    "说明": {
        "收支变动原因": "检验检测服务的事业收入增加，收支预算相应增加",
        "一般公共预算变动原因": "新增检测岗位人员，一般公共预算拨款相应增加",
        "整体绩效目标": "2024年未编报单位整体绩效目标。",
        "政府购买服务指导性目录": "本单位无政府购买服务指导性目录。",
        "其他说明": "本文件的单位和全部数字都是构造的示例数据，用于演示单位资金按收入分类填写和逐项说明，"
                "不是公开发布的文件。",
    },
}
