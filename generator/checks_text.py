"""The accountant's own words held to the figures: rules over every free-text field.

Each rule is registered with checks.rule, like the 勾稽关系: the text rules for both kinds,
reading the texts through one list (`texts`) that names each text's sheet and cell, so a
finding points at the cell the accountant typed it in; then the 预算 performance-target forms
held to the tables.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from . import classification
from .budget import schema
from .final import schema as sf
from .checks import rule, yuan_and_wan
from .budget.compute import WAN, Change, to_wan
from .final.compute import CLOSING, OPENING, balance, received, spent
from .findings import ERROR, HINT, Finding
from .budget.model import CARRIED, CURRENT, FISCAL_SOURCES, GPB, SOURCES, ZERO

KINDS = ("budget", "final")
TARGET_TEXTS = ("overview", "basis", "necessity", "measures", "plan", "term_goal", "year_goal")


@dataclass(frozen=True)
class Text:
    sheet: str
    cell: str
    label: str
    text: str
    history: bool = False  # 职责, 机构设置: about the unit's past, so earlier years are expected
    change: Change | None = None  # the year-on-year change a reason explains
    subject: str = ""  # that change's figure
    # A 类's 用途/原因 lists it by economic item, which no table publishes per 类: its other
    # amounts cannot be looked up.
    breakdown: bool = False
    own: Item | None = None  # a performance form's texts: its own 资金总额, named as FORM_WORDS



@dataclass(frozen=True)
class Item:
    """A figure the tool computes, which a text may state: this year's first, then the
    other values a sentence may give for it (last year's, the year's budget)."""

    label: str
    values: tuple[Decimal, ...]


def _form_text(form, spec, key: str, **kw) -> Text:
    return Text(spec.name, form.ref(key), spec.field(key).label, str(form.get(key, "")), **kw)


def _budget_texts(model, fig) -> list[Text]:
    unit, notes, last, tp = model.unit, model.notes, model.last_year, fig.three_public
    gpb = fig.total.sum(sources=(GPB,), periods=(CURRENT,))
    changes = {
        "change_reason": ("收支总计", Change(fig.total.total, last.money("income_total"))),
        "gpb_reason": ("一般公共预算当年拨款", Change(gpb, last.money("gpb_current"))),
        "three_public_reason": ("“三公”经费合计", Change(tp.total(), tp.total("last_year"))),
    }
    if unit.is_admin:
        changes["admin_cost_reason"] = ("机关运行经费", Change(fig.admin_cost, last.money("admin_cost")))
    texts = _unit_texts(unit)
    for fld in schema.NOTES.fields:
        subject, change = changes.get(fld.key, ("", None))
        texts.append(_form_text(notes, schema.NOTES, fld.key, change=change, subject=subject))
    texts += _function_texts(model, fig)
    for target in model.targets:
        own = Item(f"表号 {target.no} 的资金总额", tuple(
            v for v in (target.year_money.get("total"), target.term_money.get("total")) if v is not None))
        for key in TARGET_TEXTS:
            texts.append(Text(schema.TARGETS.name, target.ref(key),
                              f"表号 {target.no} 的“{schema.TARGETS.column(key).header}”",
                              target.texts.get(key, ""), history=key == "basis", own=own))
    return texts


def _function_texts(model, fig) -> list[Text]:
    """Each 项's 用途 and 原因, from the first row giving it (function_explanation reports
    rows that disagree); the 原因 explains the 项's change from its 上年执行数."""
    lines = {line.code: line for line in fig.lines}
    found: list[Text] = []
    seen = set()
    for row in model.functions:
        line = lines.get(row.code)
        for key in ("use", "reason"):
            text = getattr(row, key)
            if not text or (row.code, key) in seen or line is None:
                continue
            seen.add((row.code, key))
            change = None
            if key == "reason" and line.last_year is not None:
                change = Change(line.amounts.total, line.last_year)
            label = schema.FUNCTION_ITEMS.column(key).header
            found.append(Text(row.sheet, row.ref(key), f"{row.code} {line.name}的{label}", text,
                              change=change, subject=line.name, breakdown=True))
    return found


def _unit_texts(unit) -> list[Text]:
    form, spec = unit.form, schema.UNIT_INFO
    return [_form_text(form, spec, "scope"),
            _form_text(form, spec, "duties", history=True),
            _form_text(form, spec, "organization", history=True)]


def _final_texts(model, fig) -> list[Text]:
    unit, notes, last, tp, total = model.unit, model.notes, model.last_year, fig.three_public, fig.total
    fiscal = FISCAL_SOURCES
    gpb_last = sum((c.last_year for c in model.classes), ZERO)
    changes = {
        "change_reason": ("收入总计", Change(fig.income_sum, last.money("income_total"))),
        "fiscal_reason": ("财政拨款收入总计", Change(
            received(total, fiscal) + balance(total, OPENING, fiscal), last.money("fiscal_income_total"))),
        "gpb_reason": ("一般公共预算财政拨款支出", Change(spent(total, (GPB,)), gpb_last)),
        "three_public_reason": ("“三公”经费合计", Change(tp.total("actual"), tp.total("last_year"))),
    }
    if unit.is_admin:
        changes["admin_cost_reason"] = ("机关运行经费", Change(fig.admin_cost, last.money("admin_cost")))
    texts = _unit_texts(unit)
    for fld in sf.NOTES_FINAL.fields:
        subject, change = changes.get(fld.key, ("", None))
        texts.append(_form_text(notes, sf.NOTES_FINAL, fld.key, change=change, subject=subject))
    for note in model.classes:
        amounts = fig.classes.get(note.code)
        actual = spent(amounts, (GPB,)) if amounts else ZERO
        texts.append(Text(note.sheet, note.ref("use"), f"{note.code} {note.name}的主要用途", note.use,
                          breakdown=True))
        texts.append(Text(note.sheet, note.ref("reason"), f"{note.code} {note.name}的增减变化原因",
                          note.reason, change=Change(actual, note.last_year), subject=note.name,
                          breakdown=True))
    for row in model.three_public:
        texts.append(Text(row.sheet, row.ref("reason"), f"{row.item}的增减变化原因", row.reason,
                          change=Change(tp.get(row.item, "actual"), tp.get(row.item, "last_year")),
                          subject=row.item))
    detail = model.three_public_detail
    for fld in sf.THREE_PUBLIC_DETAIL.fields:
        if fld.type == schema.LONGTEXT:
            texts.append(_form_text(detail, sf.THREE_PUBLIC_DETAIL, fld.key))
    texts.append(_form_text(model.assets, sf.ASSETS_FINAL, "other_vehicles_text"))
    for fld in sf.OVERALL.fields:
        if fld.type == schema.LONGTEXT:
            texts.append(_form_text(model.overall, sf.OVERALL, fld.key, history=fld.key == "functions"))
    for ind in model.indicators:
        texts.append(Text(ind.sheet, ind.ref("deviation"), f"指标“{ind.name}”的偏差原因", ind.deviation))
    return texts


def texts(model, fig) -> list[Text]:
    """Every free-text field of the workbook that has text."""
    found = (_budget_texts if model.unit.kind == "budget" else _final_texts)(model, fig)
    return [t for t in found if t.text.strip()]


# -- the figures a text may state ----------------------------------------------------------
THREE_PUBLIC_WORDS = {
    "因公出国（境）费": ("因公出国（境）费", "因公出国(境)费", "因公出国费", "出国（境）费"),
    "公务接待费": ("公务接待费",),
    "公务用车购置费": ("公务用车购置费",),
    "公务用车运行维护费": ("公务用车运行维护费", "公务用车运行费"),
}
VEHICLE_WORDS = ("公务用车购置及运行维护费", "公务用车购置及运行费")
THREE_PUBLIC_TOTAL_WORDS = ("“三公”经费", "\"三公\"经费", "三公经费")
# How a performance form's texts name its own money.
FORM_WORDS = ("资金总额", "项目资金", "项目预算", "预算资金", "年度资金", "安排资金", "项目金额")


def _class_items(fig, year: int, value) -> list[tuple[str, Item]]:
    """Every 类 of the catalogue, named as in that year: a text naming one states its amount."""
    words = []
    for code in classification.BUDGET_CLASSES + classification.FINAL_CLASSES:
        name = classification.function_name(code, year)
        if name:
            amounts = fig.classes.get(code)
            words.append((name, Item(name, value(code, amounts))))
    return words


def _budget_items(model, fig) -> list[tuple[str, Item]]:
    total, last, tp = fig.total, model.last_year, fig.three_public
    gpb = total.sum(sources=(GPB,), periods=(CURRENT,))

    def kind(key: str) -> tuple[Decimal, ...]:
        return (total.sum(kinds=(key,)), total.sum(sources=(GPB,), kinds=(key,)),
                total.sum(periods=(CURRENT,), kinds=(key,)))

    items = [
        (("收入总计", "支出总计", "收支总计", "收入预算", "支出预算", "预算总额", "收支总预算", "预算收入",
          "预算支出"), Item("收支总计", (total.total, last.money("income_total"), last.money("expense_total")))),
        (("一般公共预算当年拨款", "一般公共预算拨款", "一般公共预算当年支出"),
         Item("一般公共预算当年拨款", (gpb, last.money("gpb_current")))),
        (("基本支出",), Item("基本支出", kind("basic"))),
        (("项目支出",), Item("项目支出", kind("project"))),
        (("人员经费",), Item("人员经费", (fig.personnel,))),
        (("公用经费",), Item("公用经费", (fig.public,))),
        (("机关运行经费",), Item("机关运行经费", (fig.admin_cost, last.money("admin_cost")))),
        (("政府采购预算", "政府采购"), Item("政府采购预算总额", (fig.procurement["total"],))),
        (THREE_PUBLIC_TOTAL_WORDS, Item("“三公”经费合计", (tp.total(), tp.total("last_year")))),
        (VEHICLE_WORDS, Item("公务用车购置及运行维护费", (tp.vehicle(), tp.vehicle("last_year")))),
    ]
    items += [(words, Item(name, (tp.get(name), tp.get(name, "last_year"))))
              for name, words in THREE_PUBLIC_WORDS.items()]
    pairs = [(w, item) for words, item in items for w in words]
    return pairs + _class_items(fig, model.unit.year, lambda code, a: (
        a.total if a else ZERO, a.sum(sources=(GPB,)) if a else ZERO))


def _final_items(model, fig) -> list[tuple[str, Item]]:
    total, last, tp = fig.total, model.last_year, fig.three_public
    notes = {c.code: c for c in model.classes}

    def kind(key: str) -> tuple[Decimal, ...]:
        return spent(total, kinds=(key,)), spent(total, (GPB,), (key,))

    def three(getter) -> tuple[Decimal, ...]:
        return tuple(getter(key) for key in ("actual", "budget", "last_year"))

    items = [
        (("收入总计",), Item("收入总计", (fig.income_sum, last.money("income_total")))),
        (("支出总计",), Item("支出总计", (fig.expense_sum, last.money("expense_total")))),
        (("本年收入", "收入合计"), Item("本年收入合计", (fig.income,))),
        (("本年支出", "支出合计"), Item("本年支出合计", (fig.spending,))),
        (("基本支出",), Item("基本支出", kind("basic"))),
        (("项目支出",), Item("项目支出", kind("project"))),
        (("人员经费",), Item("人员经费", (fig.personnel,))),
        (("公用经费",), Item("公用经费", (fig.public,))),
        (("机关运行经费",), Item("机关运行经费", (fig.admin_cost, last.money("admin_cost")))),
        (("政府采购支出总额", "政府采购支出"), Item("政府采购支出总额", (fig.procurement["total"],))),
        (THREE_PUBLIC_TOTAL_WORDS, Item("“三公”经费合计", three(tp.total))),
        (VEHICLE_WORDS, Item("公务用车购置及运行维护费", three(tp.vehicle))),
    ]
    items += [(words, Item(name, three(lambda key, name=name: tp.get(name, key))))
              for name, words in THREE_PUBLIC_WORDS.items()]
    pairs = [(w, item) for words, item in items for w in words]

    def class_values(code, a) -> tuple[Decimal, ...]:
        note = notes.get(code)
        return (spent(a) if a else ZERO, spent(a, (GPB,)) if a else ZERO,
                note.budget if note else ZERO, note.last_year if note else ZERO)

    return pairs + _class_items(fig, model.unit.year, class_values)


def _published(model, fig) -> set[Decimal]:
    """Every amount (元) the document prints, with the year-on-year differences it states."""
    values: set[Decimal] = set()
    for line in fig.lines:
        a = line.amounts
        values |= {v for v in a.values.values()}
        values |= {a.total, a.basic, a.project}
        values |= {a.sum(sources=(s,)) for s in SOURCES}
        if line.last_year is not None:
            values.add(line.last_year)
    for group in fig.economic_groups:
        values |= {group.total, group.personnel, group.public}
        values |= {v for item in group.items for v in (item.total, item.personnel, item.public)}
    for item in fig.three_public.items.values():
        values |= set(item.values())
    values |= set(fig.procurement.values())
    values |= {fig.admin_cost, fig.personnel, fig.public}
    values |= {v for v in model.last_year.values.values() if isinstance(v, Decimal)}
    if model.unit.kind == "budget":
        values |= {fig.total.sum(sources=(s,), periods=(p,)) for s in SOURCES for p in (CURRENT, CARRIED)}
        values |= {v for p in model.projects for v in (p.total, p.fiscal, p.gpb, p.fund, p.own)}
        values |= {v for t in model.targets for money in (t.term_money, t.year_money)
                   for v in money.values() if v is not None}
        values |= {fig.performance.managed_total.amount, fig.performance.published_total.amount}
    else:
        values |= {fig.income_sum, fig.expense_sum, fig.income, fig.spending,
                   balance(fig.total, OPENING), balance(fig.total, CLOSING)}
        values |= {v for c in model.classes for v in (c.budget, c.last_year)}
        values |= {fig.three_public.vehicle(k) for k in ("actual", "budget", "last_year")}
    # A stated difference is the difference of two published figures.
    values |= {abs(to_wan(t.change.current) - to_wan(t.change.previous)) * WAN
               for t in texts(model, fig) if t.change is not None}
    return values


# -- reading amounts, years and rates out of text ----------------------------------------
AMOUNT = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(万元|元)")
CLAUSE_END = "。；;，,：:\n"
CHANGE_WORDS = re.compile(r"增|减|降|长|升|比|较|差|超|节约|结余|上年|去年")
MAX_GAP = 8  # characters allowed between an item's name and its amount ("支出预算为" …)


@dataclass(frozen=True)
class Amount:
    start: int
    written: str  # as in the text, "604.18万元"
    value: Decimal  # in the unit written
    places: int
    unit: str  # 万元 / 元

    def matches(self, yuan: Decimal) -> bool:
        """The figure, rounded as written, is what the text says ("beyond rounding")."""
        scale = WAN if self.unit == "万元" else Decimal(1)
        step = Decimal(1).scaleb(-self.places)
        return (yuan / scale).quantize(step, rounding=ROUND_HALF_UP) == self.value


def amounts(text: str) -> Iterator[Amount]:
    for m in AMOUNT.finditer(text):
        whole, frac, unit = m.group(1), m.group(2) or "", m.group(3)
        yield Amount(m.start(), m.group(0), Decimal(whole.replace(",", "") + ("." + frac if frac else "")),
                     len(frac), unit)


CLAUSE_WINDOW = 60  # an item's name ends at most MAX_GAP before its amount; bounds the work on long cells


def _clause(text: str, amount: Amount) -> str:
    """The text from the last clause break up to the amount (at most CLAUSE_WINDOW characters)."""
    window = max(0, amount.start - CLAUSE_WINDOW)
    start = max(text.rfind(c, window, amount.start) for c in CLAUSE_END) + 1
    return text[max(start, window):amount.start]


def _unverifiable(text: str, amount: Amount) -> bool:
    """A difference ("减少了…35.43万元") or a rate ("每人8000元/人") is not a published figure."""
    after = text[amount.start + len(amount.written):][:1]
    clause = _clause(text, amount)
    return after in ("/", "每") or bool(re.search(r"增|减|降|每|标准", clause))


def _named_item(text: str, amount: Amount, words: list[tuple[str, Item]]) -> Item | None:
    """The item whose name ends closest before the amount within its clause, if the words in
    between do not make the amount a difference ("比上年减少…万元") or something else."""
    clause = _clause(text, amount)
    best, best_end = None, -1
    for word, item in words:
        at = clause.rfind(word)
        if at < 0:
            continue
        end = at + len(word)
        if end > best_end or (end == best_end and len(word) > len(best[0])):
            best, best_end = (word, item), end
    if best is None:
        return None
    gap = clause[best_end:]
    if len(gap) > MAX_GAP or CHANGE_WORDS.search(gap) or AMOUNT.search(gap) or re.search(r"\d", gap):
        return None
    return best[1]


def _finding(severity: str, rule_name: str, t: Text, message: str) -> Finding:
    return Finding(severity, rule_name, f"“{t.label}”{message}", t.sheet, t.cell)


def _quote(text: str, start: int, end: int) -> str:
    return text[max(0, start - 12):end + 4].replace("\n", " ")


# -- the rules ---------------------------------------------------------------------------
@rule("text_figures", kinds=KINDS)
def text_figures(model, fig) -> Iterator[Finding]:
    """An amount written in a text agrees with the figure it names, or with something published."""
    words = (_budget_items if model.unit.kind == "budget" else _final_items)(model, fig)
    published = None
    for t in texts(model, fig):
        named = words + [(w, t.own) for w in FORM_WORDS] if t.own and t.own.values else words
        for amount in amounts(t.text):
            item = _named_item(t.text, amount, named)
            if item is not None:
                if not any(amount.matches(v) for v in item.values):
                    yield _finding(
                        ERROR, "text_figures", t,
                        f"写有“{_quote(t.text, amount.start, amount.start + len(amount.written))}”，"
                        f"但本文件计算的{item.label}为 {yuan_and_wan(item.values[0])}，文字为 {amount.written}。"
                        "规则：说明文字中的金额应与报表一致（按文字的小数位四舍五入后相等）。")
                continue
            if t.breakdown or _unverifiable(t.text, amount):
                continue
            if published is None:
                published = _published(model, fig)
            if not any(amount.matches(v) for v in published):
                yield _finding(
                    HINT, "text_figures", t,
                    f"写有金额 {amount.written}（“{_quote(t.text, amount.start, amount.start + len(amount.written))}”），"
                    "与本文件公开的任何金额都不一致，请核对。规则：说明文字中的金额应能在报表中找到。")


# A year, unless it says since when ("2012年开始执行", "2001年起").
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=\s*年)(?!\s*年度?(?:开始|起|以来))")


@rule("text_years", kinds=KINDS)
def text_years(model, fig) -> Iterator[Finding]:
    """Texts speak of the document's year and the year before (职责、机构设置 may tell history)."""
    year = model.unit.year
    for t in texts(model, fig):
        if t.history:
            continue
        others = sorted({int(m.group(1)) for m in YEAR.finditer(t.text)} - {year, year - 1})
        if others:
            listed = "、".join(f"{y}年" for y in others)
            yield _finding(HINT, "text_years", t,
                           f"提到{listed}，本文件是{year}年度的。请核对是否沿用了往年的文字。"
                           f"规则：说明文字一般只涉及本年度（{year}年）和上年度（{year - 1}年）。")


PLACEHOLDERS = (
    (re.compile(r"(?<![A-Za-z])[XxＸｘ×]{2,}(?![A-Za-z])"), "占位符"),
    (re.compile(r"[＿_]{2,}"), "待填横线"),
    (re.compile(r"……|…{2,}|\.{6,}"), "省略号"),
    (re.compile(r"【[^】\d]*】"), "【】占位"),
    (re.compile(r"此处填写|请在此填写|请填写"), "填写提示"),
    (re.compile(r"(增加|减少|增长|下降|上升|降低)\s*[（(]\s*(增加|减少|增长|下降|上升|降低)\s*[）)]"),
     "未删除的二选一用语"),
    (re.compile(r"[（(]\s*(增加|减少|增长|下降|上升|降低)\s*[）)]"), "未删除的二选一用语"),
)


@rule("text_placeholders", kinds=KINDS)
def text_placeholders(model, fig) -> Iterator[Finding]:
    """Template leftovers (XX, ××, ＿＿, ……, 【…】, 此处填写, 减少（增加）) never reach print."""
    for t in texts(model, fig):
        spans = []
        for pattern, what in PLACEHOLDERS:
            for m in pattern.finditer(t.text):
                if any(s <= m.start() < e for s, e in spans):
                    continue  # the pair already reported covers its bracketed word
                spans.append((m.start(), m.end()))
                yield _finding(ERROR, "text_placeholders", t,
                               f"含有{what}“{m.group(0)}”（“{_quote(t.text, m.start(), m.end())}”）。"
                               "规则：说明文字不能留有模板占位符或未删除的“增加（减少）”等用语，请改为实际内容。")


UP, DOWN = "增加|增长|上升|提高|增多", "减少|下降|降低|减小"


def _direction_words(words: str) -> re.Pattern:
    return re.compile(
        rf"({words})的?(主要)?(原因|是因为|是由于|主要是)"
        rf"|(因此|所以|导致|从而|相应|致使)[^，。；]{{0,15}}?({words})"
        rf"|[较比]上年度?({words})")


EXPLAINS = {"up": _direction_words(UP), "down": _direction_words(DOWN)}
DIRECTION_WORDS = {"up": "增加", "down": "减少"}


@rule("text_direction", kinds=KINDS)
def text_direction(model, fig) -> Iterator[Finding]:
    """A reason explains the change the figures show: not an increase for a decrease, and
    none where nothing changed."""
    for t in texts(model, fig):
        change = t.change
        if change is None:
            continue
        facts = (f"{t.subject}本年 {yuan_and_wan(change.current)}，上年 {yuan_and_wan(change.previous)}")
        says = {d for d, pattern in EXPLAINS.items() if pattern.search(t.text)}
        if change.direction == "same":
            if not says:  # "本单位无公务接待": says why nothing changed
                continue
            yield _finding(ERROR, "text_direction", t,
                           f"填写了变动原因，但{facts}，没有变化，情况说明不会使用这段原因。"
                           "规则：数字没有变化时不应填写变动原因，请核对数字或删除原因。")
            continue
        if len(says) == 1 and change.direction not in says:
            word = DIRECTION_WORDS[says.pop()]
            yield _finding(ERROR, "text_direction", t,
                           f"说明的是{word}的原因，但{facts}，实际{DIRECTION_WORDS[change.direction]}"
                           f" {yuan_and_wan(abs(change.diff))}。规则：变动原因应与计算出的增减方向一致。")


UNITS_AFTER = "%％万元亿千百个人辆台套次项批家场年月日天平米份名所户倍"
BARE_RATE = re.compile(
    r"(占比?|比重为?|增长|下降|增幅为?|降幅为?|完成(?:年初|全年)?预算的?)\s*(\d+(?:\.\d+)?)"
    rf"(?![\d.,]|\s*[{UNITS_AFTER}]|\s*个百分点)")
STATED_RATE = re.compile(r"(增长|下降|增幅|降幅|上升|减少)[^，。；\d]{0,6}?(\d+(?:\.\d+)?)\s*[%％]")


@rule("text_percent", kinds=KINDS)
def text_percent(model, fig) -> Iterator[Finding]:
    """A share or rate is written with "%", and never against a zero base."""
    for t in texts(model, fig):
        for m in BARE_RATE.finditer(t.text):
            yield _finding(ERROR, "text_percent", t,
                           f"写有“{_quote(t.text, m.start(), m.end())}”，比例 {m.group(2)} 后缺少“%”。"
                           "规则：占比、增减幅度应写明百分号，如“占76.23%”。")
        change = t.change
        if change is not None and to_wan(change.previous) == 0:
            for m in STATED_RATE.finditer(t.text):
                yield _finding(ERROR, "text_percent", t,
                               f"写有“{_quote(t.text, m.start(), m.end())}”，但{t.subject}上年为0，"
                               "增减幅度无法计算。规则：上年为0时只说明增加额，不写增长率。")


# -- performance-target forms against the tables -----------------------------------------
def _projects(model, target) -> list:
    return [p for p in model.projects if (p.name, p.unit) == (target.name, target.unit)]


@rule("target_cost")
def target_cost(model, fig) -> Iterator[Finding]:
    """A 成本指标 states a cost within the form's 资金总额 of its period."""
    for target in model.targets:
        totals = {"实施期": target.term_money.get("total"), "年度": target.year_money.get("total")}
        for ind in target.indicators:
            total = totals.get(ind.period)
            if ind.level2 != "成本指标" or total is None:
                continue
            for amount in amounts(ind.value):
                yuan = amount.value * (WAN if amount.unit == "万元" else 1)
                if yuan > total:
                    yield Finding(
                        HINT, "target_cost",
                        f"绩效目标表号 {target.no}（{target.name}）的成本指标“{ind.level3}”指标值 {amount.written}，"
                        f"超过该表{ind.period}资金总额 {yuan_and_wan(total)}。"
                        "规则：成本指标一般不超过项目资金总额，请核对单位（元、万元）和金额。",
                        ind.sheet, ind.ref("value"), related=(f"{target.sheet}!{target.ref('year_total')}",))


@rule("target_fund_source")
def target_fund_source(model, fig) -> Iterator[Finding]:
    """A form's funds split agrees with its project's fund source in 项目支出: 财政资金
    (中央、省级、市县) with 一般公共预算/政府性基金/国有资本经营, the rest with 财政专户/单位资金."""
    for target in model.targets:
        projects = _projects(model, target)
        money = {k: v or ZERO for k, v in target.year_money.items()}
        if not projects or money.get("total", ZERO) != sum((p.total for p in projects), ZERO):
            continue  # no project, or target_amount reports the total
        fiscal = sum((p.fiscal for p in projects), ZERO)
        form_fiscal = money.get("central", ZERO) + money.get("province", ZERO) + money.get("local", ZERO)
        if form_fiscal != fiscal:
            rows = "、".join(f"第{p.row}行" for p in projects)
            yield Finding(
                HINT, "target_fund_source",
                f"绩效目标表号 {target.no}（{target.name}）年度财政资金（中央、省级、市县合计）"
                f"{yuan_and_wan(form_fiscal)}，而“项目支出”表该项目（{rows}）财政拨款（一般公共预算、"
                f"政府性基金、国有资本经营）为 {yuan_and_wan(fiscal)}，其余为财政专户管理资金或单位资金。"
                "规则：目标表的资金构成应与项目的资金来源一致。",
                target.sheet, target.ref("year_local"),
                related=tuple(f"{p.sheet}!{p.ref('gpb')}" for p in projects))


DEPARTMENT_CODE = re.compile(r"^\s*(\d+)")


@rule("target_department")
def target_department(model, fig) -> Iterator[Finding]:
    """A form's 主管部门 code is the unit's (单位信息 主管部门及代码)."""
    unit_code = DEPARTMENT_CODE.match(model.unit.department or "")
    if not unit_code:
        return
    for target in model.targets:
        code = DEPARTMENT_CODE.match(target.department or "")
        if code and code.group(1) != unit_code.group(1):
            yield Finding(
                HINT, "target_department",
                f"绩效目标表号 {target.no}（{target.name}）的主管部门及代码为“{target.department}”，"
                f"与“单位信息”的“{model.unit.department}”代码不同（{code.group(1)} / {unit_code.group(1)}）。"
                "规则：目标表的主管部门应为本单位的主管部门。",
                target.sheet, target.ref("department"),
                related=(f"{model.unit.form.sheet}!{model.unit.form.ref('department')}",))
