"""Shared by the writers: style look-ups and byte-stable zip packaging."""
from __future__ import annotations

import io
import re
import zipfile
from functools import lru_cache

from ..doctree import Chart, Heading, PageBreak, Paragraph, Table, TableOfContents

DEFAULTS = {
    "fonts": {"body": "仿宋", "heading": "黑体", "table": "宋体", "title": "黑体"},
    "sizes": {"cover_title": 26, "part": 16, "section": 15, "subsection": 14, "body": 14,
              "table": 9, "table_title": 14, "note": 10},
}
FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
# A short numbered line with no closing punctuation, e.g. "1、整体绩效目标", "（二）人员情况":
# a subheading written as a body paragraph, which must not end a page.
SUBHEADING = re.compile(r"(\d+[、.．]|[（(][一二三四五六七八九十\d]+[）)])[^。；;！？，,]{1,30}")
# A line wholly in brackets after the text, e.g. "（项目绩效目标表公开情况见附件）": a note on
# the paragraph before it, which it follows onto the page (as in the seeds), never alone.
BRACKET_NOTE = re.compile(r"[（(][^（）()]+[）)]")
# Each block type and the writer method that renders it.
BLOCK_HANDLERS = {Heading: "heading", Paragraph: "paragraph", PageBreak: "page_break",
                  TableOfContents: "toc", Table: "table", Chart: "chart"}


def render_blocks(writer, blocks) -> None:
    """Call writer.heading(block), writer.table(block), … for each block in order."""
    for block in blocks:
        getattr(writer, BLOCK_HANDLERS[type(block)])(block)


def style_value(style: dict, group: str, key: str):
    return (style.get(group) or {}).get(key) or DEFAULTS[group][key]


def deterministic_zip(data: bytes) -> bytes:
    """Re-pack a zip with fixed entry times and order, so equal input gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        # [Content_Types].xml must stay first for some readers.
        for name in sorted(names, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


def table_grid(table: Table):
    """Each cell of the header and body rows with its grid slot, for writers that lay a
    table out on a grid: (row, column, colspan, rowspan, cell), spans clipped to the table
    and slots covered by a span from above skipped."""
    rows = table.header + table.body
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        col = 0
        for cell in row:
            while (r, col) in covered:
                col += 1
            if col >= table.width:
                break
            span = max(1, min(cell.colspan, table.width - col))
            down = max(1, min(cell.rowspan, len(rows) - r))
            covered.update((r + k, col + j) for k in range(1, down) for j in range(span))
            yield r, col, span, down, cell
            col += span


def table_name(table: Table, index: int) -> str:
    """What a table is called outside the document: its label, else its outline entry, else
    its title, else its position (表N)."""
    return table.label or table.bookmark or table.toc_text or table.title or f"表{index}"


# Characters no file or sheet name may hold (Excel's sheet-name rules and file systems').
UNSAFE_IN_NAMES = re.compile(r'[:\\/?*\[\]"<>|\x00-\x1f]')


def safe_name(text: str, limit: int) -> str:
    """`text` (from the untrusted workbook) fit to name a file or sheet: unsafe characters
    replaced, at most `limit` characters."""
    return UNSAFE_IN_NAMES.sub("_", text).strip(" .'")[:limit]


def tables(document) -> list[Table]:
    return [block for block in document.blocks if isinstance(block, Table)]


# -- words in table cells and column widths ---------------------------------------------------
# Two-character words of table headers and row labels: a cell wraps between words, never
# inside one ("政府性基金/预算", not "政府性基金预/算"). Runs of other characters stay whole.
HEADER_WORDS = frozenset("""
预算 决算 基金 经营 支出 收入 合计 小计 总计 安排 当年 上年 本年 年初 年末 结转 结余 拨款
财政 科目 编码 代码 名称 项目 单位 资金 经费 人员 公用 基本 一般 公共 政府 部门 全年 年度
实际 完成 指标 目标 申报 编制 补助 上缴 上级 事业 其他 个人 家庭 购置 运行 维护 利息 费用
债务 资本 建设 企业 社会 保障 保险 缴费 分析 改进 措施 偏差 原因 方向 来源 划分 经济 附着
青苗 补偿 地上 无形 资产 办公 设备 交通 工具 因公 出国 公务 用车 接待 职业 年金 工资 福利
商品 服务 退职 医疗 专用 材料 委托 业务 大型 修缮 绩效 采购 情况 国有 专户 管理 附属 执行
统计 一级 二级 三级 权重 得分 栏次 行次 金额 抚恤 差旅 会议 邮电 占用 机关 数量 质量 时效
成本 效益 满意 分类 功能 类型 性质 明细 合同 中小 小微 授予 货物 工程 车辆 房屋 土地
""".split())
ATTACHED = frozenset("费数率性额值金余、")  # close the word before: 维护费, 预算数, 政府性


def is_label(text: str) -> bool:
    """A header, a row label, an amount or a code: wraps between words, if at all. A
    sentence wraps at any character, as Chinese text does."""
    return len(text) <= 30 and not any(ch in "，。；！？" for ch in text)


@lru_cache(maxsize=4096)  # the same labels recur in every table and document
def cell_words(text: str) -> tuple[str, ...]:
    """A cell's text split into the pieces a line may break between."""
    tokens: list[tuple[str, bool]] = []  # (text, a known word)
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isascii() and not ch.isspace():
            j = i
            while j < n and text[j].isascii() and not text[j].isspace():
                j += 1
            if j < n and text[j] in "年月":  # 2024年
                j += 1
            tokens.append((text[i:j], True))
        elif ch in "（(":
            j = i
            while j < n and text[j] not in "）)":
                j += 1
            j += 1
            piece = text[i:j]
            if tokens:  # 出国（境）, 编制（元）
                tokens[-1] = (tokens[-1][0] + piece, True)
            else:
                tokens.append((piece, True))
        elif ch.isspace():
            j = i + 1
            tokens.append(("", True))
        elif text[i:i + 2] in HEADER_WORDS:
            j = i + 2
            tokens.append((text[i:j], True))
        else:
            j = i + 1
            if ch in ATTACHED and tokens and tokens[-1][0]:
                tokens[-1] = (tokens[-1][0] + ch, tokens[-1][1])
            elif tokens and not tokens[-1][1] and tokens[-1][0][-1] != "、":
                # unknown characters stay together, up to an enumeration comma
                tokens[-1] = (tokens[-1][0] + ch, False)
            else:
                tokens.append((ch, False))
        i = max(j, i + 1)
    return tuple(t for t, _ in tokens if t)


def wrap_words(text: str, room: float, measure) -> str:
    """The text with a line break between words wherever the next word would
    overflow `room`; a word wider than `room` alone is left to the writer to cut."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, pos = "", 0
        for word in cell_words(paragraph):
            # The spaces before a word stay within a line ("4. 应急保障用车"); a break takes them.
            start = max(paragraph.find(word, pos), pos)
            gap, pos = paragraph[pos:start], start + len(word)
            if line and measure(line + gap + word) > room:
                lines.append(line)
                line = word
            else:
                line += gap + word
        lines.append(line)
    return "\n".join(lines)


def fit_widths(table, total: float, measure, pad: float) -> list[float]:
    """Column widths (points) summing to `total`: the view's weights, widened where a
    cell's word (a header word, an amount, a code) would not fit whole; the other
    columns give the room. `measure` gives a text's width in points."""
    weights = [c.width for c in table.columns]
    need = [0.0] * len(weights)
    measure_once = lru_cache(maxsize=None)(measure)  # labels repeat down a column
    for row in table.header + table.body:
        col = 0
        for cell in row:
            if col >= len(need):
                break
            if cell.colspan == 1 and cell.text.strip() and is_label(cell.text):
                need[col] = max(need[col], max(map(measure_once, cell_words(cell.text))) + 2 * pad)
            col += cell.colspan
    if sum(need) >= total:  # cannot all fit: shares of what each needs
        return [total * n / sum(need) for n in need]
    widths = [total * w / sum(weights) for w in weights]
    fixed: set[int] = set()
    while True:
        free = total - sum(need[c] for c in fixed)
        rest = sum(weights[c] for c in range(len(weights)) if c not in fixed)
        widths = [need[c] if c in fixed else free * weights[c] / rest for c in range(len(weights))]
        short = {c for c in range(len(weights)) if c not in fixed and widths[c] < need[c]}
        if not short:
            return widths
        fixed |= short
