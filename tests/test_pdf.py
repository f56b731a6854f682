"""The PDF writer: text, 目录 page numbers, bookmarks, fonts, metadata, determinism,
escaping, kinsoku and the font look-up."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from docx import Document as open_docx

from conftest import SEED000, docx_lines
from generator.doctree import Document, Paragraph, TableOfContents
from generator.writers import fonts, pdf_writer
from generator.writers.pdf_writer import write_pdf
from test_budget_000 import NARRATIVE
from workbook_edits import edited

FIGURES = ["604.81", "518.71", "469.97", "365.82", "86.10", "35,600", "100,000", "360,000",
           "J局机关电费", "Z高速飞车技术与产业发展大会经费", "三十、抗疫特别国债安排的支出",
           "注：本表无数据", "名词解释"]
CLOSING = "，。；：！？）、"
TOC_LINE = re.compile(r"^(?P<text>.*?)[\s.]*\.\s*(?P<page>\d+)$")
TABLE_NUMBER = re.compile(r"^表[一二三四五六七八九十]+")
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def flat(text: str) -> str:
    """Extraction breaks long sentences into lines: compare without any whitespace."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def flat000(pdf000) -> str:
    """The body text, pages joined without their footer page numbers (a sentence may
    run on to the next page)."""
    return flat("".join(re.sub(r"\n\d+\s*$", "", page) for page in pdf000))


# -- (1) text round trip --------------------------------------------------------------------
@pytest.mark.parametrize("sentence", NARRATIVE)
def test_narrative_in_pdf(flat000, sentence):
    assert flat(sentence) in flat000


@pytest.mark.parametrize("figure", FIGURES)
def test_table_figures_in_pdf(flat000, figure):
    assert flat(figure) in flat000


def test_key_figures_in_pdf(flat000):
    for figure in ("占64.84%", "比上年增加92.92万元，增长18.15%", "基本支出518.71万元，占85.76%",
                   "比2023年预算增加0.57万元，增长1.18%"):
        assert figure in flat000


# -- (2) the 目录 ----------------------------------------------------------------------------
def toc_entries(pages: list[str]) -> tuple[list[tuple[str, int]], int]:
    """The (text, printed page) of every 目录 entry, and the index of the page after it."""
    start = next(i for i, page in enumerate(pages) if flat(page).startswith("目录"))
    entries, pending, i = [], "", start
    while i < len(pages):
        lines = pages[i].split("\n")  # 目录 pages carry no page number
        if i > start and not any(TOC_LINE.match(line) for line in lines):
            break
        for line in lines[1:] if i == start else lines:
            match = TOC_LINE.match(line)
            if match:  # an entry, or the end of one that wrapped
                entries.append((flat(pending + match["text"]), int(match["page"])))
                pending = ""
            else:
                pending += line
        i += 1
    return entries, i


def test_toc_page_numbers_match_headings(pdf000):
    entries, body_start = toc_entries(pdf000)
    assert len(entries) >= 30
    pages = [flat(page) for page in pdf000]
    for text, printed in entries:
        heading = TABLE_NUMBER.sub("", text)  # 目录 "表一…" is titled "…" above its table
        found = next(i for i in range(body_start, len(pages)) if heading in pages[i])
        # The page after the 目录 prints 1 (style.yaml page_numbers.start_at: body).
        assert printed == found - body_start + 1, (text, printed, found - body_start + 1)


def test_footer_numbers_count_from_the_body(pdf000):
    body_start = toc_entries(pdf000)[1]
    assert body_start == 3  # cover, two 目录 pages
    for page in pdf000[:body_start]:  # neither the cover nor the 目录 carries a number
        assert not page.split("\n")[-1].strip().isdigit()
    for i, page in enumerate(pdf000[body_start:], start=1):
        assert page.split("\n")[-1].strip() == str(i)


# -- (3) bookmarks, (5) metadata -------------------------------------------------------------
def test_bookmarks(built, pdf000):
    reader = pypdf.PdfReader(built["000"]["pdf"])

    def walk(items):
        for item in items:
            yield from walk(item) if isinstance(item, list) else [item]

    entries, body_start = toc_entries(pdf000)
    pages = {flat(item.title): reader.get_destination_page_number(item) - body_start + 1
             for item in walk(reader.outline)}
    assert len(list(walk(reader.outline))) >= 20
    assert "第一部分概况" in pages and "表一2024年预算收支总表" in pages
    assert "（一）一般公共预算当年支出规模变化情况" in pages
    for text, printed in entries:  # a bookmark opens the page the 目录 names
        assert pages[text] == printed, text


def test_metadata(built):
    meta = pypdf.PdfReader(built["000"]["pdf"]).metadata
    assert meta.title == "大同市科学技术局2024年度单位预算公开"
    assert meta.author == "大同市科学技术局"
    assert meta.subject == meta.title


# -- (4) fonts -------------------------------------------------------------------------------
def test_every_font_embedded(built):
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts is not installed (poppler-utils)")
    out = subprocess.run(["pdffonts", str(built["000"]["pdf"])], capture_output=True, text=True,
                         check=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        # columns: name type encoding emb sub uni object ID; the name may hold no spaces
        assert row.split()[-5] == "yes", row


# -- (6) determinism -------------------------------------------------------------------------
def test_same_input_same_bytes(tmp_path):
    from generator.build import build_one

    first = build_one(SEED000, tmp_path / "a", formats=("pdf",)).outputs[0]
    second = build_one(SEED000, tmp_path / "b", formats=("pdf",)).outputs[0]
    assert first.read_bytes() == second.read_bytes()


# -- (7) escaping ----------------------------------------------------------------------------
def test_markup_characters_render_verbatim(tmp_path):
    from generator.build import build_one

    name = 'R&D <试点> "专项"'

    def rename_first_project(wb):
        wb["项目支出"]["A2"] = name

    source = edited(SEED000, tmp_path / "workbook.xlsx", rename_first_project)
    outputs = {p.suffix: p for p in build_one(source, tmp_path / "out").outputs}
    assert any(line.startswith(name + " | ") for line in docx_lines(outputs[".docx"]))
    with pdfplumber.open(outputs[".pdf"]) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert name in text
    assert "&amp;" not in text and "&lt;" not in text


# -- (8) kinsoku -----------------------------------------------------------------------------
def test_no_line_starts_with_closing_punctuation(tmp_path):
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph as RLParagraph

    writer = pdf_writer.PdfWriter({})
    style = writer.body_style()
    width, em = writer.frame_width(), stringWidth("字", style.fontName, style.fontSize)
    first, later = int((width - style.firstLineIndent) / em), int(width / em)
    # Each mark is the character a full line would push to the next line's start.
    text = "字" * first + "".join(mark + "字" * (later - 1) for mark in CLOSING * 2)
    # The premise: reportlab's own CJK wrap starts lines with some of these marks.
    plain = RLParagraph(text, style)
    plain.wrap(width, 10_000)
    assert any(line[1][0][:1] in CLOSING for line in plain.blPara.lines)

    path = tmp_path / "kinsoku.pdf"
    write_pdf(Document("禁则", "测试", "禁则", [Paragraph(text)]), {}, path)
    with pdfplumber.open(path) as pdf:
        lines = [line.strip() for page in pdf.pages
                 for line in (page.extract_text() or "").split("\n")]
    assert flat(text) in flat("".join(lines))
    assert [line for line in lines if line and line[0] in CLOSING] == []


def test_pdf_renders_a_minimal_document(tmp_path):
    document = Document("标题", "作者", "主题", [TableOfContents("目 录"), Paragraph("正文。", "note")])
    path = tmp_path / "out" / "minimal.pdf"
    write_pdf(document, {}, path)
    assert path.read_bytes().startswith(b"%PDF") and list(path.parent.iterdir()) == [path]


# -- (9) font look-up ------------------------------------------------------------------------
@pytest.fixture
def fresh_lookup():
    fonts.find_font.cache_clear()
    yield
    fonts.find_font.cache_clear()  # later tests must see the real system fonts again


def test_cff_and_fake_fonts_are_skipped(tmp_path, monkeypatch, fresh_lookup):
    otf = tmp_path / "NotoSansCJK.otf"
    otf.write_bytes(b"OTTO" + bytes(64))  # CFF outlines: reportlab cannot read them
    ttc = tmp_path / "NotoSansCJK.ttc"
    ttc.write_bytes(b"ttcf" + bytes(8) + (16).to_bytes(4, "big") + b"OTTO" + bytes(64))
    fake = tmp_path / "fake.ttf"
    fake.write_text("not a font")
    monkeypatch.setitem(fonts.CANDIDATES, "body", (str(otf), str(ttc), str(fake)))
    assert fonts.find_font("body") is None
    assert fonts.find_font("body", str(otf)) is None


def test_configured_truetype_font_wins(tmp_path, monkeypatch, fresh_lookup):
    configured = tmp_path / "configured.ttf"
    configured.write_bytes(b"\x00\x01\x00\x00" + bytes(64))
    system = tmp_path / "system.ttf"
    system.write_bytes(b"\x00\x01\x00\x00" + bytes(64))
    monkeypatch.setitem(fonts.CANDIDATES, "body", (str(system),))
    assert fonts.find_font("body") == system
    assert fonts.find_font("body", str(configured)) == configured
    assert fonts.find_font("body", str(tmp_path / "missing.ttf")) == system


def test_missing_fonts_give_none_and_a_cid_fallback(tmp_path, monkeypatch, capsys, fresh_lookup):
    monkeypatch.setattr(fonts, "CANDIDATES", {"body": (str(tmp_path / "none.ttc"),),
                                              "heading": (str(tmp_path / "none.ttf"),)})
    assert fonts.find_font("body") is None and fonts.find_font("heading") is None
    pdf_writer._register_fonts.cache_clear()
    try:
        path = tmp_path / "cid.pdf"
        write_pdf(Document("标题", "作者", "主题", [Paragraph("中文正文")]), {}, path)
    finally:
        pdf_writer._register_fonts.cache_clear()
    assert "不嵌入字体" in capsys.readouterr().err
    with pdfplumber.open(path) as pdf:
        assert "中文正文" in pdf.pages[0].extract_text()


@pytest.mark.skipif(not WQY.is_file(), reason="fonts-wqy-zenhei is not installed")
def test_real_ttc_is_truetype(fresh_lookup):
    assert fonts.is_truetype(WQY)
    assert fonts.find_font("body", str(WQY)) == WQY


# -- charts ----------------------------------------------------------------------------------
def test_docx_holds_the_chart_picture(built):
    # 一般公共预算 structure; the 三公 pie of a single slice is left out.
    assert len(open_docx(str(built["000"]["docx"])).inline_shapes) == 1


# -- whole documents: no line opens with closing punctuation, no glyph is missing ---------------
@pytest.mark.parametrize("seed", ["000", "003", "001"])
def test_no_line_in_any_example_starts_with_full_width_punctuation(built, seed):
    with pdfplumber.open(built[seed]["pdf"]) as pdf:
        starts = [line for page in pdf.pages for line in (page.extract_text() or "").split("\n")
                  if line[:1] in "，。；：！？）、"]
    assert starts == []


@pytest.mark.parametrize("seed", ["000", "003", "001"])
def test_every_character_has_a_glyph_in_the_embedded_fonts(built, seed):
    from reportlab.pdfbase.ttfonts import TTFontFile

    body, heading = fonts.find_font("body"), fonts.find_font("heading")
    if body is None or heading is None:
        pytest.skip("no TrueType CJK font on this machine: the PDF uses the CID fallback")
    text = "".join(docx_lines(built[seed]["docx"]))
    for path in (body, heading):
        cmap = TTFontFile(str(path), subfontIndex=0).charToGlyph
        assert sorted({c for c in text if not c.isspace() and ord(c) not in cmap}) == []
