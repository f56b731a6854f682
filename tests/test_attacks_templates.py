"""Attack catalogue, template part (issue 11, points 2 and 8).

Workbook text is data: whatever a 职责 holds, it never becomes a heading, chart, table or
centred line. Templates cannot hurt the machine: patterns, loops, recursion, output size,
YAML aliases, font paths, include paths and broken files each give a clear 模板错误 naming
the file, in bounded time, never a traceback.
"""
from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pdfplumber
import pytest

from generator.assemble import build_document, section_lines
from generator.build import PIPELINES, build_one, prepare
from generator.cli import main
from generator.doctree import Chart, Heading, Paragraph, Table
from generator.profile import ProfileError, load_profile, make_env
from generator.sandbox import DATA_CLOSE, DATA_OPEN

from conftest import ROOT, SEED000, SEED001, docx_lines
from workbook_edits import edited, row_of

PROFILE = "datong-2024-budget"
DUTIES = ["## x", "[[chart:gpb_structure|结构图]]", "[[table:income|收入表]]", "[[center:x]]",
          "{{ 单位名称 }}", "{% if %}", "<b>粗</b> &amp; <br/>"]
PRIVATE = (DATA_OPEN, DATA_CLOSE, "\ue002")


# -- workbook text is data ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    """SEED000 with every marker typed into 职责, one per line."""
    def edit(wb):
        ws = wb["单位信息"]
        ws.cell(row_of(ws, "A", "职责"), 2).value = "\n".join(DUTIES)

    return edited(SEED000, tmp_path_factory.mktemp("duty") / "职责.xlsx", edit)


def _document(source):
    model, figures, _ = prepare(source)
    profile = load_profile(model.unit.profile)
    return build_document(profile, model, figures, PIPELINES[model.unit.kind].context(model, figures))


def _texts(block) -> list[str]:
    """Every text field of a doctree block, table cells included."""
    texts = [v for v in vars(block).values() if isinstance(v, str)]
    for rows in (getattr(block, "header", []), getattr(block, "body", [])):
        texts += [cell.text for row in rows for cell in row]
    return texts


def test_duties_markup_is_body_text_in_the_doctree(attacked):
    doc, plain = _document(attacked), _document(SEED000)
    for kind in (Heading, Chart, Table):
        assert sum(isinstance(b, kind) for b in doc.blocks) == sum(isinstance(b, kind) for b in plain.blocks)
    body = [b.text for b in doc.blocks if isinstance(b, Paragraph) and b.style == "body"]
    start = body.index(DUTIES[0])
    assert body[start:start + len(DUTIES)] == DUTIES
    # The sentinels that mark data never reach a writer.
    leaked = [t for b in doc.blocks for t in _texts(b) if any(c in t for c in PRIVATE)]
    assert not leaked


def test_duties_markup_is_verbatim_in_docx_and_pdf(attacked, tmp_path):
    docx_path, pdf_path = build_one(attacked, tmp_path).outputs
    lines = docx_lines(docx_path)
    heading = len(lines) - 1 - lines[::-1].index("一、本单位职责")  # the body, not the 目录
    assert lines[heading + 1:heading + 1 + len(DUTIES)] == DUTIES
    assert not any("（一）x" in line for line in lines)  # "## x" numbered as a subheading
    with pdfplumber.open(pdf_path) as pdf:
        text = "".join((page.extract_text() or "") for page in pdf.pages)
    flat = text.replace("\n", "")
    for duty in DUTIES:
        assert duty in flat, duty
    assert not any(c in text for c in PRIVATE)


def test_template_markers_with_data_still_work():
    """The 决算 annex cover: [[center:主管部门：{{ 单位名称 }}]] is centred, name included."""
    doc = _document(SEED001)
    centred = [b.text for b in doc.blocks if isinstance(b, Paragraph) and b.style == "center"]
    assert centred[:2] == ["部门整体支出绩效自评分析报告", "主管部门：朔州市科学技术局"]


def _render(source: str, context: dict, tmp_path) -> list[tuple[str, str]]:
    (tmp_path / "sections").mkdir(exist_ok=True)
    (tmp_path / "sections" / "t.j2").write_text(source, encoding="utf-8")
    return section_lines(make_env([tmp_path]).render_bounded("t.j2", context))


def test_template_markers_still_take_data_arguments(tmp_path):
    lines = _render("[[center:主管部门：{{ 名称 }}]]\n## 小标题{{ 名称 }}\n{{ 段落 }}\n",
                    {"名称": "某局]]", "段落": "第一段\n## 第二段也是数据"}, tmp_path)
    texts = [text for text, _mask in lines]
    assert texts == ["[[center:主管部门：某局]]]]", "## 小标题某局]]", "第一段", "## 第二段也是数据"]
    masks = [mask for _text, mask in lines]
    assert masks[0].startswith("[[center:主管部门：") and masks[0].endswith("]]")
    assert masks[1].startswith("## ")
    assert not masks[3].startswith("## ")  # a newline inside a value starts a line of data


def test_values_in_template_logic_are_unaffected(tmp_path):
    lines = _render('{% if 职责[0] == "## x" and 职责|length == 2 %}相等{% endif %}'
                    '{{ 职责|join("、") }}{{ 数|string|length }}', {"职责": ["## x", "y"], "数": 2024}, tmp_path)
    assert [text for text, _mask in lines] == ["相等## x、y4"]


def test_workbook_values_cannot_smuggle_sentinels(tmp_path):
    lines = _render("{{ 名称 }}", {"名称": f"{DATA_CLOSE}## x{DATA_OPEN}"}, tmp_path)
    assert lines == [("## x", "\ue002" * 4)]


def test_title_placeholders_take_values_once():
    profile = load_profile(PROFILE)
    filled = profile.fill("{单位名称}{年度}年度单位预算公开", {"单位名称": "{年度}## x", "年度": 2024})
    assert filled == "{年度}## x2024年度单位预算公开"


# -- templates cannot hurt the machine ----------------------------------------------------------
@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """An exported template folder holding one profile (so each check is quick)."""
    folder = tmp_path_factory.mktemp("pristine") / "tpl"
    assert main(["templates", "export", str(folder)]) == 0
    for other in (folder / "profiles").iterdir():
        if other.name != PROFILE:
            shutil.rmtree(other)
    return folder


@pytest.fixture()
def pack(pristine, tmp_path):
    folder = tmp_path / "tpl"
    shutil.copytree(pristine, folder, symlinks=True)
    return folder / "profiles" / PROFILE


MEMORY_CAP = 2 * 1024 ** 3  # address space: a template that allocates gigabytes fails the test


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _run(*args: str, timeout: float = 30) -> tuple[int, str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True,
                          text=True, timeout=timeout, env=env, preexec_fn=_capped)
    return proc.returncode, proc.stdout + proc.stderr, time.monotonic() - start


def check(profile_dir: Path, capsys=None) -> tuple[int, str, float]:
    """`templates check` of the pack: in a subprocess, or in this process (quicker) with capsys."""
    if capsys is None:
        code, out, seconds = _run("templates", "check", str(profile_dir.parents[1]))
    else:
        start = time.monotonic()
        code = main(["templates", "check", str(profile_dir.parents[1])])
        seconds, out = time.monotonic() - start, "".join(capsys.readouterr())
    assert "Traceback" not in out and "内部错误" not in out and "检查时出错" not in out, out
    return code, out, seconds


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("pattern", ["{标题.__class__}", "{标题[0]}", "{序号:>999999999}",
                                     "{序号!r}", "{编号:{编号}}", "{标题"])
def test_numbering_patterns_are_plain_placeholders(pack, pattern, capsys):
    _edit(pack / "outline.yaml", 'part: "第{序号}部分 {标题}"', f'part: "{pattern}"')
    code, out, seconds = check(pack, capsys)
    assert code == 1 and seconds < 30
    assert "outline.yaml 第11行" in out and "numbering.part" in out and pattern in out


def test_numbering_spec_must_fit_its_value(pack, capsys):
    _edit(pack / "outline.yaml", 'part: "第{序号}部分 {标题}"', 'part: "第{序号:02d}部分 {标题}"')
    code, out, _ = check(pack, capsys)
    assert code == 1 and "numbering.part" in out and "无法使用" in out


# One attack a section, all checked by one `templates check`: each must end on its own bound.
RUNAWAY = {
    "admin_cost": ("{% for i in range(10**9) %}x{% endfor %}", "range 的项数 1000000000 过大"),
    "assets": ("{{ 'x' * 10**9 }}", "重复得到的文字或列表超过"),
    "basic": ("{{ 10 ** (10 ** 9) }}", "乘方"),
    "change": ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
               "超过 5 秒"),
    "duties": ("{% for i in range(99999) %}{{ 'x' * 1000 }}{% endfor %}", "输出超过"),
    "expense": ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "递归过深"),
    "fiscal": ("{% include 'fiscal.j2' %}", "递归过深"),
    "gpb": ("{{ '%999999999s' % 1 }}", "宽度或精度过大"),
    "income": ("{{ '{:>999999999}'.format(1) }}", "宽度或精度过大"),
    "organization": ("{{ 'x'|center(999999999) }}", "过大"),
    "other": ("{{ range(99999)|join('x' * 100000) }}", "join 的结果超过"),
    "performance": ("{% set ns = namespace(s='x') %}{% for i in range(60) %}"
                    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}", "超过 2000000"),
    "procurement": ("{{ 1 / 0 }}", "ZeroDivisionError"),
    "three_public": ("{{ ''.__class__.__mro__ }}", "不允许"),
}


# Small in memory, gigabytes once printed: each is refused before the string is made.
BIG = "{% set s = 'x' * 1999999 %}"
HUGE_PRINTS = {
    "admin_cost": (BIG + "{{ [s] * 1000 }}", "重复得到的文字或列表超过"),
    "assets": (BIG + "{{ [s, s, s, s, s, s] }}", "模板生成的文字或列表超过"),
    "basic": (BIG + "{{ s ~ s ~ s ~ s }}", "用 ~ 连接的文字超过"),
    "change": (BIG + "{{ [s, s, s]|tojson }}", "模板生成的文字或列表超过"),
    "expense": (BIG + "{{ namespace(a=s, b=s) }}", "模板生成的文字或列表超过"),
    "fiscal": (BIG + "{{ '%s%s' % (s, s) }}", "模板生成的文字或列表超过"),
    "gpb": (BIG + "{{ '{}{}'.format([s], [s]) }}", "模板生成的文字或列表超过"),
    "income": (BIG + "{{ ('x' * 1000000)|replace('x', 'yyyyyy') }}", "replace 的结果超过"),
}


@pytest.mark.parametrize("attacks", [RUNAWAY, HUGE_PRINTS], ids=["runaway", "huge_prints"])
def test_rendering_is_bounded(pack, attacks):
    for name, (source, _message) in attacks.items():
        (pack / "sections" / f"{name}.j2").write_text(f"第一行\n{source}\n", encoding="utf-8")
    code, out, seconds = check(pack)
    assert code == 1 and seconds < 20, (code, seconds)
    problems = [line for line in out.splitlines() if line.startswith("错误：")]
    assert len(problems) == len(attacks), out
    for name, (_source, message) in attacks.items():
        # The output bound is counted outside the template, so it has no line.
        where = f"{name}.j2：模板" if name == "duties" else f"{name}.j2 第2行：模板"
        assert any(where in line and message in line for line in problems), (name, out)


def test_build_reports_a_runaway_template_without_output(pack, tmp_path):
    (pack / "sections" / "procurement.j2").write_text("{{ 'x' * 10**9 }}\n", encoding="utf-8")
    out_dir = tmp_path / "out"
    code, out, seconds = _run("build", str(SEED000), "-o", str(out_dir), "--templates",
                              str(pack.parents[1]), "--format", "docx", "--jobs", "1")
    assert code == 1 and seconds < 30
    assert "模板错误" in out and "procurement.j2 第1行" in out and "Traceback" not in out
    assert not list(out_dir.rglob("*"))  # no document, no staging or temp file left


def test_all_sections_together_are_bounded(pack, tmp_path):
    """Each section under the bound, together over it: the build stops before the writers."""
    for name in ("procurement", "assets"):
        (pack / "sections" / f"{name}.j2").write_text(
            "{% for i in range(11000) %}\n{{ '数' * 99 }}\n{% endfor %}\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="assets.j2：各节说明文字合计超过 2000000 个字符"):
        build_one(SEED000, tmp_path / "out", templates=pack.parents[1])
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*"))


BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))


@pytest.mark.parametrize("name", ["glossary.yaml", "outline.yaml", "style.yaml"])
def test_yaml_aliases_are_refused_at_once(pack, name):
    (pack / name).write_text(BILLION_LAUGHS, encoding="utf-8")
    code, out, seconds = check(pack)
    assert code == 1 and seconds < 10
    assert f"{name} 第" in out and "别名" in out


@pytest.mark.parametrize("name", ["glossary.yaml", "outline.yaml", "style.yaml"])
def test_yaml_tags_are_refused_in_chinese(pack, capsys, name, tmp_path):
    (pack / name).write_text(f"fonts: !!python/object/apply:os.system ['touch {tmp_path}/x']\n",
                             encoding="utf-8")
    code, out, _ = check(pack, capsys)
    assert code == 1 and f"{name} 第1行" in out and "不允许使用 YAML 标签" in out
    assert "constructor" not in out and not (tmp_path / "x").exists()


@pytest.mark.parametrize("font, problem", [("/etc/passwd", "不是 .ttf"), ("/nonexistent/字体.ttf", "文件不存在")])
def test_bad_font_path_is_a_warning_and_the_default_is_used(pack, tmp_path, font, problem):
    _edit(pack / "style.yaml", 'body: ""', f'body: "{font}"')
    code, out, _ = check(pack)
    assert code == 0 and f"警告：{pack / 'style.yaml'}：pdf_fonts.body“{font}”{problem}" in out
    assert load_profile(PROFILE, pack.parents[1]).style["pdf_fonts"]["body"] == ""


def test_oversized_font_is_a_warning(pack, tmp_path):
    font = tmp_path / "big.ttf"
    with open(font, "wb") as fh:
        fh.truncate(65 * 1024 * 1024)  # sparse: no disk used
    _edit(pack / "style.yaml", 'body: ""', f'body: "{font}"')
    code, out, _ = check(pack)
    assert code == 0 and "pdf_fonts.body" in out and "超过 64 MB" in out


def _binary_outline(pack):
    (pack / "outline.yaml").write_bytes(bytes(range(256)) * 4)


def _gbk_section(pack):
    (pack / "sections" / "procurement.j2").write_bytes("政府采购".encode("gbk"))


def _dir_as_section(pack):
    (pack / "sections" / "procurement.j2").unlink()
    (pack / "sections" / "procurement.j2").mkdir()


def _dir_as_glossary(pack):
    (pack / "glossary.yaml").unlink()
    (pack / "glossary.yaml").mkdir()


def _looping_outline(pack):
    (pack / "outline.yaml").unlink()
    (pack / "outline.yaml").symlink_to(pack / "outline.yaml")


def _looping_section(pack):
    (pack / "sections" / "procurement.j2").unlink()
    (pack / "sections" / "procurement.j2").symlink_to(pack / "sections" / "procurement.j2")


def _list_as_outline(pack):
    (pack / "outline.yaml").write_text("- 一\n- 二\n", encoding="utf-8")


def _huge_section(pack):
    (pack / "sections" / "procurement.j2").write_text("字" * 2_000_000, encoding="utf-8")


def _parts_not_a_list(pack):
    _edit(pack / "outline.yaml", "parts:\n", "parts: 概况\nunused:\n")


def _section_is_a_path(pack):
    _edit(pack / "outline.yaml", "section: duties", "section: ../../../../etc/x")


def _deep_yaml(pack):
    (pack / "style.yaml").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")


def _deeply_nested_section(pack):
    (pack / "sections" / "procurement.j2").write_text("{{ " + "(" * 50_000 + "1" + ")" * 50_000 + " }}")


def _base_is_a_path(pack):
    _edit(pack / "outline.yaml", "kind: budget\n", "kind: budget\nbase: ../../../etc\n")


@pytest.mark.parametrize("breakage, file, message", [
    (lambda pack: _edit(pack / "outline.yaml", "parts:", "parts: [\n"), "outline.yaml", "YAML 格式错误"),
    (_binary_outline, "outline.yaml", "UTF-8"),
    (_list_as_outline, "outline.yaml", "应为“名称: 值”的若干行"),
    (_parts_not_a_list, "outline.yaml", "parts 应为"),
    (_base_is_a_path, "outline.yaml", "模板名称“../../../etc”无效"),
    (_section_is_a_path, "outline.yaml 第20行", "section 的名称“../../../../etc/x”无效"),
    (_deep_yaml, "style.yaml", "嵌套层次过深"),
    (_deeply_nested_section, "procurement.j2", "模板嵌套过深"),
    (_gbk_section, "procurement.j2", "UTF-8"),
    (_huge_section, "procurement.j2", "文件过大"),
    (_dir_as_section, "procurement.j2", "文件夹"),
    (_dir_as_glossary, "glossary.yaml", "文件夹"),
    (lambda pack: (pack / "sections" / "procurement.j2").unlink(), "procurement.j2", "找不到说明模板"),
    (lambda pack: (pack / "outline.yaml").unlink(), PROFILE, "找不到模板"),
    (_looping_outline, PROFILE, "找不到模板"),
    (_looping_section, "procurement.j2", "找不到说明模板"),
])
def test_broken_packs_give_a_chinese_message(pack, breakage, file, message, capsys):
    breakage(pack)
    code, out, seconds = check(pack, capsys)
    assert code in (1, 2) and seconds < 30
    assert file in out and message in out, out


@pytest.mark.parametrize("target", ["../../etc/passwd", "/etc/passwd", "../outline.yaml"])
def test_includes_stay_inside_the_profile(pack, target, capsys):
    (pack / "sections" / "procurement.j2").write_text(f"{{% include '{target}' %}}\n", encoding="utf-8")
    code, out, _ = check(pack, capsys)
    assert code == 1 and "procurement.j2 第1行" in out and f"找不到模板“{target}”" in out
    assert "root:" not in out and "kind: budget" not in out


def test_a_section_symlinked_outside_is_refused(pack, tmp_path, capsys):
    secret = tmp_path / "secret.j2"
    secret.write_text("机密内容\n", encoding="utf-8")
    (pack / "sections" / "procurement.j2").unlink()
    (pack / "sections" / "procurement.j2").symlink_to(secret)
    code, out, _ = check(pack, capsys)
    assert code == 1 and "procurement.j2" in out and "模板文件夹以外" in out
    assert "机密内容" not in out


def test_a_fifo_is_not_opened(pack, capsys):
    (pack / "glossary.yaml").unlink()
    os.mkfifo(pack / "glossary.yaml")  # opening it would wait for a writer forever
    code, out, seconds = check(pack, capsys)
    assert code == 1 and seconds < 30 and "glossary.yaml：不是普通文件" in out


@pytest.mark.parametrize("make", [lambda p: p, lambda p: p.write_text("不是文件夹", encoding="utf-8") or p,
                                  lambda p: (p / "profiles").mkdir(parents=True) or p])
def test_check_of_a_folder_without_profiles(tmp_path, capsys, make):
    folder = make(tmp_path / "模板")
    assert main(["templates", "check", str(folder)]) == 1
    err = capsys.readouterr().err
    assert f"{folder} 下没有 profiles/ 模板文件夹" in err and "Traceback" not in err


@pytest.mark.parametrize("old, new", [("line_spacing: 1.5", "line_spacing: 100000"),
                                      ("  body: 14", "  body: 5000"), ("  left: 2.8", "  left: 30")])
def test_style_beyond_any_page_is_a_template_error(pack, capsys, old, new):
    _edit(pack / "style.yaml", old, new)
    code, out, _ = check(pack, capsys)
    assert code == 1 and "style.yaml" in out and "超过上限" in out and new.split(": ")[1] in out


def test_style_that_fits_no_page_fails_the_unit_with_a_clear_message(pack, tmp_path):
    """Within each limit, all at once: too big for a page. The PDF says so, not 内部错误."""
    for old, new in [("line_spacing: 1.5", "line_spacing: 3"), ("  body: 14", "  body: 36"),
                     ("  table: 9", "  table: 36"), ("  top: 2.54", "  top: 5"),
                     ("  left: 2.8", "  left: 5"), ("  right: 2.6", "  right: 5")]:
        _edit(pack / "style.yaml", old, new)
    out_dir = tmp_path / "out"
    for formats in ("pdf", "docx,pdf"):  # in this process, and in the PDF process beside it
        code, out, _ = _run("build", str(SEED000), "-o", str(out_dir), "--templates",
                            str(pack.parents[1]), "--format", formats, timeout=120)
        assert code == 1 and "Traceback" not in out and "内部错误" not in out
        assert "PDF 无法排版" in out and "style.yaml" in out
        assert not list(out_dir.rglob("*"))
