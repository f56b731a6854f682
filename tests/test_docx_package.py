"""The .docx as published: a filled-in 目录 agreeing with the PDF, clean styles and package,
pagination hints for Word, and a validator's clean bill of health."""
from __future__ import annotations

import re
import zipfile
from datetime import datetime, timezone

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn

from conftest import SEED000, SEED001, SEED003
from generator.build import build_one

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
THEME_ATTRS = ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme")


def docx_toc(path) -> list[tuple[str, str]]:
    """(entry text, page number) of each 目录 line of the .docx, as stored in the TOC result."""
    body = docx.Document(str(path)).element.body
    entries = []
    for link in body.iter(qn("w:hyperlink")):
        texts = [t.text or "" for t in link.iter(qn("w:t"))]
        entries.append((texts[0], texts[-1]))
    return entries


def pdf_toc(path) -> list[tuple[str, str]]:
    """(entry text, page number) of each 目录 line the PDF prints, long entries joined."""
    with pdfplumber.open(path) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages[:6]]
    lines = [line.strip() for page in pages if "目 录" in page or " . . " in page
             for line in page.splitlines()]
    entries, pending = [], ""
    for line in lines:
        if line == "目 录" or re.fullmatch(r"\d+|[ivxlc]+", line):  # the title, a page footer
            continue
        match = re.fullmatch(r"(.*?)[ .]*\.\s*(\d+)", line)
        if match:
            entries.append((pending + match.group(1).strip(), match.group(2)))
            pending = ""
        elif entries or pending or line:
            pending += line
    return entries


@pytest.mark.parametrize("seed", ["000", "003", "001"])
def test_docx_toc_lists_the_pdf_toc_entries_with_the_same_page_numbers(built, seed):
    in_docx = docx_toc(built[seed]["docx"])
    in_pdf = pdf_toc(built[seed]["pdf"])
    assert len(in_docx) > 20
    assert in_docx == in_pdf
    if seed == "000":
        assert ("表四2024年财政拨款收支总表", dict(in_pdf)["表四2024年财政拨款收支总表"]) in in_docx
        assert in_docx[0][0] == "第一部分 概况" and in_docx[-1][0] == "第四部分 名词解释"


def test_toc_entries_link_to_bookmarks_and_sit_in_a_toc_field_with_dot_leaders(built):
    document = docx.Document(str(built["000"]["docx"]))
    body = document.element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    anchors = [link.get(qn("w:anchor")) for link in body.iter(qn("w:hyperlink"))]
    assert anchors and set(anchors) <= bookmarks and "_t4" in anchors
    instructions = [t.text for t in body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC ") for i in instructions)
    # the field has a result that Word shows as it is: not dirty, not updated on opening
    assert not [f for f in body.iter(qn("w:fldChar")) if f.get(qn("w:dirty"))]
    settings = document.settings.element
    assert settings.find(qn("w:updateFields")) is None
    tab = document.styles["toc 2"].element.pPr.find(qn("w:tabs")).find(qn("w:tab"))
    assert tab.get(qn("w:val")) == "right" and tab.get(qn("w:leader")) == "dot"


def test_docx_only_build_numbers_its_toc_like_the_pdf_and_leaves_no_layout_file(built, tmp_path):
    out = tmp_path / "docx-only"
    path = build_one(SEED000, out, formats=("docx",)).outputs[0]
    assert docx_toc(path) == pdf_toc(built["000"]["pdf"])
    assert [p.name for p in out.iterdir()] == [path.name]
    assert path.read_bytes() == built["000"]["docx"].read_bytes()


@pytest.mark.parametrize("seed", ["000", "003", "001"])
def test_openxml_audit_finds_no_error(built, seed):
    from openxml_audit import OpenXmlValidator

    result = OpenXmlValidator(max_errors=0).validate(built[seed]["docx"])
    assert result.error_count == 0, [str(e) for e in result.errors][:10]


def test_a_broken_docx_is_reported_by_the_audit(built, tmp_path):
    """The audit test above can fail: tblBorders after tblLayout (as before issue 10) is an error."""
    from openxml_audit import OpenXmlValidator

    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(built["000"]["docx"]) as src, zipfile.ZipFile(broken, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/document.xml":
                data = re.sub(rb'(<w:tblBorders>.*?</w:tblBorders>)(<w:tblLayout w:type="fixed"/>)',
                              rb"\2\1", data, count=1)
            dst.writestr(name, data)
    assert OpenXmlValidator(max_errors=0).validate(broken).error_count >= 1


def test_styles_carry_no_theme_fonts_and_chinese_is_the_east_asian_language(built):
    with zipfile.ZipFile(built["000"]["docx"]) as z:
        styles = z.read("word/styles.xml").decode()
        settings = z.read("word/settings.xml").decode()
    assert not [a for a in THEME_ATTRS if f"w:{a}=" in styles]
    assert re.search(r'<w:themeFontLang [^>]*w:eastAsia="zh-CN"', settings)
    document = docx.Document(str(built["000"]["docx"]))
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = defaults.find(qn("w:rPr"))
    assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    assert rpr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋"
    heading = document.styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    assert heading.get(qn("w:eastAsia")) == "黑体"


def test_package_has_no_stale_parts_and_names_the_generator(built):
    import generator

    with zipfile.ZipFile(built["001"]["docx"]) as z:
        names = z.namelist()
        texts = {name: z.read(name).decode("utf-8", "replace") for name in names
                 if name.endswith((".xml", ".rels"))}
    assert not [n for n in names if "stylesWithEffects" in n or "thumbnail" in n]
    assert not [n for n, t in texts.items() if "stylesWithEffects" in t]
    assert not [n for n, t in texts.items() if "python-docx" in t or "Macintosh" in t]
    props = docx.Document(str(built["001"]["docx"])).core_properties
    name = f"disclosure-generator {generator.__version__}"
    assert props.author == name and props.last_modified_by == name
    assert f"<Application>{name}</Application>" in texts["docProps/app.xml"]


def test_document_dates_are_the_workbook_s_own(built):
    from openpyxl import load_workbook

    saved = load_workbook(SEED003, read_only=True).properties.modified.replace(tzinfo=timezone.utc)
    props = docx.Document(str(built["003"]["docx"])).core_properties
    assert props.created == props.modified == saved.replace(microsecond=0)
    assert props.created.year > 2000  # not the fixed fallback


def test_a_workbook_without_a_saved_date_gives_january_first_of_its_year(tmp_path):
    from generator.build import prepare

    from generator.assemble import build_document
    from generator.build import PIPELINES
    from generator.profile import TEMPLATES_DIR, load_profile

    model, figures, _ = prepare(SEED000)
    model.unit.saved = None
    profile = load_profile(model.unit.profile, TEMPLATES_DIR)
    document = build_document(profile, model, figures, PIPELINES["budget"].context(model, figures))
    assert document.date == datetime(2024, 1, 1, tzinfo=timezone.utc)


def _paragraph_index(body, text):
    paragraphs = [el for el in body if el.tag == qn("w:p")]
    return next(p for p in paragraphs if "".join(t.text or "" for t in p.iter(qn("w:t"))) == text)


def _keep_next(p) -> bool:
    ppr = p.find(qn("w:pPr"))
    return ppr is not None and ppr.find(qn("w:keepNext")) is not None


def test_table_lead_in_paragraphs_and_end_rows_keep_with_what_follows(built):
    document = docx.Document(str(built["000"]["docx"]))
    body = document.element.body
    # label and 单位 line: keepNext set directly; the title through its style
    assert _keep_next(_paragraph_index(body, "预算公开表4"))
    assert document.styles["表标题"].paragraph_format.keep_with_next
    meta = next(p for p in body if p.tag == qn("w:p") and "单位：万元" in
                "".join(t.text or "" for t in p.iter(qn("w:t"))))
    assert _keep_next(meta)
    # 表四: header and first two body rows, and the two rows before the last, keep with the
    # next row; the rows between may split; the last row (收入总计 604.81) is never alone
    title = _paragraph_index(body, "2024年财政拨款收支总表")
    table = title.getnext()
    while table.tag != qn("w:tbl"):
        table = table.getnext()
    rows = table.findall(qn("w:tr"))
    kept = [all(_keep_next(p) for p in row.iter(qn("w:p"))) for row in rows]
    header = sum(1 for row in rows if row.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None)
    assert header >= 1 and len(rows) > header + 6
    assert kept[:header + 2] == [True] * (header + 2)
    assert kept[-3:] == [True, True, False]
    assert not any(kept[header + 2:-3])
    last = "".join(t.text or "" for t in rows[-1].iter(qn("w:t")))
    assert "总计" in last and "604.81" in last


def test_cover_is_unnumbered_and_the_body_section_starts_at_page_one(built):
    document = docx.Document(str(built["000"]["docx"]))
    sections = document.sections
    cover = sections[0]._sectPr
    assert cover.find(qn("w:footerReference")) is None  # cover and 目录: no footer, no number
    body = sections[1]._sectPr
    assert body.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    footer = sections[1].footer
    assert not footer.is_linked_to_previous
    assert any("PAGE" in (t.text or "") for t in footer._element.iter(qn("w:instrText")))
    assert footer.paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    # later sections (landscape ones too) continue the numbering and share the centred footer
    landscape = [s for s in sections[2:] if s.page_width > s.page_height]
    assert landscape
    for section in sections[2:]:
        assert section._sectPr.find(qn("w:pgNumType")) is None
        assert section.footer.is_linked_to_previous
    # the first body heading opens the body section's first page
    heading = _paragraph_index(document.element.body, "第一部分 概况")
    previous = heading.getprevious()
    assert previous.find(qn("w:pPr")).find(qn("w:sectPr")) is not None


def test_numbering_from_the_cover_when_style_says_so(built, tmp_path):
    from generator.build import prepare, PIPELINES
    from generator.assemble import build_document
    from generator.profile import TEMPLATES_DIR, load_profile
    from generator.writers.docx_writer import write_docx

    model, figures, _ = prepare(SEED001)
    profile = load_profile(model.unit.profile, TEMPLATES_DIR)
    document = build_document(profile, model, figures, PIPELINES["final"].context(model, figures))
    path = tmp_path / "cover.docx"
    write_docx(document, {**profile.style, "page_numbers": {"start_at": "cover"}}, path, None, {})
    sections = docx.Document(str(path)).sections
    first = sections[0]
    assert first.different_first_page_header_footer  # the cover page shows no number
    assert not "".join(p.text for p in first.first_page_footer.paragraphs).strip()
    assert any("PAGE" in (t.text or "") for t in first.footer._element.iter(qn("w:instrText")))
    assert not [s for s in sections if s._sectPr.find(qn("w:pgNumType")) is not None]
    # only the cover's page goes without a number, not the first page of each later section
    assert len(sections) > 2
    assert not [s for s in sections[1:] if s.different_first_page_header_footer]


def test_chart_picture_is_not_clipped(built):
    """The legend's last characters (e.g. "%）") are inside the picture: its right margin is white."""
    import io

    from PIL import Image

    document = docx.Document(str(built["003"]["docx"]))
    for shape in document.inline_shapes:
        blob = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
        image = Image.open(io.BytesIO(blob)).convert("L")
        width, height = image.size
        right = image.crop((width - 10, 0, width, height))
        assert right.getextrema()[0] > 240, "legend text runs into the picture's right edge"


def test_headings_and_numbered_subheadings_keep_with_the_next_paragraph(built):
    document = docx.Document(str(built["000"]["docx"]))
    body = document.element.body
    assert _keep_next(_paragraph_index(body, "1、整体绩效目标"))
    assert _keep_next(_paragraph_index(body, "2、项目绩效目标"))
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        assert document.styles[name].paragraph_format.keep_with_next
    # a sentence is not a subheading
    sentence = next(p for p in body.iter(qn("w:p")) if "".join(
        t.text or "" for t in p.iter(qn("w:t"))).startswith("2024年未编报单位整体绩效目标"))
    assert not _keep_next(sentence)


def test_docx_alone_gets_its_page_numbers_from_a_pdf_laid_out_in_a_second_process(built, tmp_path):
    from generator.cli import main

    for jobs in ("1", "2"):  # in this process, then in the forked PdfProcess
        out = tmp_path / jobs
        assert main(["build", str(SEED000), "-o", str(out), "--format", "docx", "--jobs", jobs]) == 0
        files = [p for p in out.iterdir()]
        assert [p.suffix for p in files] == [".docx"]  # no layout folder or PDF left behind
        assert files[0].read_bytes() == built["000"]["docx"].read_bytes()


def test_a_build_on_a_reference_docx_is_valid_and_numbered_the_same_way(tmp_path):
    """A profile's reference.docx already has our styles: setting them again adds nothing twice."""
    from openxml_audit import OpenXmlValidator

    from generator.assemble import build_document
    from generator.build import PIPELINES, prepare
    from generator.profile import TEMPLATES_DIR, load_profile
    from generator.writers.docx_writer import write_docx, write_reference_docx

    model, figures, _ = prepare(SEED000)
    profile = load_profile(model.unit.profile, TEMPLATES_DIR)
    document = build_document(profile, model, figures, PIPELINES["budget"].context(model, figures))
    reference = tmp_path / "reference.docx"
    write_reference_docx(profile.style, reference)
    assert OpenXmlValidator(max_errors=0).validate(reference).error_count == 0
    path = tmp_path / "built.docx"
    write_docx(document, profile.style, path, reference, {"p1": "1"})
    result = OpenXmlValidator(max_errors=0).validate(path)
    assert result.error_count == 0, [str(e) for e in result.errors][:10]
    sections = docx.Document(str(path)).sections
    assert sections[0]._sectPr.find(qn("w:footerReference")) is None
    assert sections[1]._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert docx_toc(path)[0] == ("第一部分 概况", "1")


def test_a_landscape_run_broken_by_a_part_has_no_empty_portrait_section(built):
    """公开04 ends a part and 公开05 opens the next: the landscape pages go on, with no empty
    portrait section between (LibreOffice and Word print it as a blank page)."""
    body = docx.Document(str(built["001"]["docx"])).element.body
    sections, content = [], []  # each section: (landscape, texts of its paragraphs and tables)
    for el in body:
        text = "".join(t.text or "" for t in el.iter(qn("w:t")))
        if text.strip() or el.tag == qn("w:tbl"):
            content.append(text)
        sect = el if el.tag == qn("w:sectPr") else el.find(f"{W}pPr/{W}sectPr")
        if sect is not None:
            size = sect.find(qn("w:pgSz"))
            sections.append((size.get(qn("w:orient")) == "landscape", content))
            content = []
    assert [s for s in sections if not s[1]] == []
    wide = [s for s in sections if s[0]]
    assert len(wide) == 1  # 公开02 to 公开09: one landscape section
    labels = [t for t in wide[0][1] if re.fullmatch(r"公开\d\d表", t)]
    assert labels == [f"公开0{i}表" for i in range(2, 10)]


def test_a_bracketed_note_keeps_its_paragraph_on_its_page(built):
    """（项目绩效目标表公开情况见附件） follows the text before it, as in the seed: that
    paragraph keeps with it, so the note never stands alone at the top of a page."""
    body = docx.Document(str(built["000"]["docx"])).element.body
    note = _paragraph_index(body, "（项目绩效目标表公开情况见附件）")
    before = note.getprevious()
    assert "公开项目绩效目标7个，涉及项目金额71.36万元" in "".join(t.text or "" for t in before.iter(qn("w:t")))
    assert _keep_next(before)


def test_page_numbers_have_the_pdf_s_size(built):
    """The PAGE field prints at the size the PDF's page numbers have (the note size, 10 pt),
    not at the body's 14 pt that LibreOffice and Word would give it."""
    document = docx.Document(str(built["000"]["docx"]))
    paragraph = document.sections[1].footer.paragraphs[0]
    assert paragraph.style.name == "Footer" and paragraph.style.font.size == docx.shared.Pt(10)
    assert {run.font.size for run in paragraph.runs} == {None}  # nothing overrides the style
    with pdfplumber.open(built["000"]["pdf"]) as pdf:
        page = pdf.pages[4]
        digits = [c for c in page.chars if c["top"] > page.height - 50]
    assert digits and {round(c["size"]) for c in digits} == {10}
