"""The PDF fit for publication (issue 10, PDF side; issue 11, long text): text integrity,
pagination, header cells, charts, performance forms, missing glyphs, long cells."""
from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from conftest import SEED000, SEED001, SEED003
from generator.doctree import Chart, Heading, Paragraph, Table, TableOfContents
from generator.writers import fonts
from generator.writers.pdf_writer import write_pdf

SEEDS = {"000": SEED000, "003": SEED003, "001": SEED001}
CJK = r"[\u3001-\u303f\u4e00-\u9fff\uff00-\uffef]"


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def document_of(source: Path):
    """The doctree and style a build of `source` renders."""
    from generator.assemble import build_document
    from generator.build import PIPELINES, prepare
    from generator.profile import TEMPLATES_DIR, load_profile

    model, figures, _ = prepare(source)
    profile = load_profile(model.unit.profile, TEMPLATES_DIR)
    context = PIPELINES[model.unit.kind].context(model, figures)
    return build_document(profile, model, figures, context), profile.style


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    """{seed: (document, style, pdf path, 目录 labels)} for the three examples."""
    out = tmp_path_factory.mktemp("publication")
    result = {}
    for key, source in SEEDS.items():
        document, style = document_of(source)
        path = out / f"{key}.pdf"
        labels = write_pdf(document, style, path)
        result[key] = document, style, path, labels
    return result


def all_texts(document) -> str:
    """Every text of the doctree, one a line: where the PDF may rightly hold a space."""
    texts = []
    for block in document.blocks:
        if isinstance(block, (Paragraph, Heading)):
            texts.append(block.text)
        elif isinstance(block, TableOfContents):
            texts.append(block.title)
        elif isinstance(block, Table):
            texts += [block.label, block.title, block.subtitle, block.meta_left, block.meta_right]
            texts += block.notes
            texts += [cell.text for row in block.header + block.body for cell in row]
    return "\n".join(texts)


# -- 1. text integrity ----------------------------------------------------------------------
@pytest.mark.parametrize("seed", SEEDS)
def test_every_paragraph_is_extracted_whole(examples, seed):
    document, _, path, _ = examples[seed]
    with pdfplumber.open(path) as pdf:
        # Footer numbers dropped: a paragraph may run on to the next page.
        text = flat("".join(re.sub(r"\n\d+\s*$", "", page.extract_text() or "")
                            for page in pdf.pages))
    paragraphs = [b.text for b in document.blocks if isinstance(b, Paragraph) and b.text.strip()]
    assert len(paragraphs) > 20
    assert [p for p in paragraphs if flat(p) not in text] == []


@pytest.mark.parametrize("seed", SEEDS)
def test_no_space_between_cjk_characters_the_source_lacks(examples, seed):
    document, _, path, _ = examples[seed]
    spaced = re.sub(r"[ \u3000]+", " ", all_texts(document))  # 　 is extracted as a space
    found = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            # Text above the table size: body, headings, notes; table cells stand apart
            # by design, and extraction marks the gap between two cells with a space.
            body = page.filter(lambda obj: obj.get("object_type") != "char" or obj["size"] > 9.5)
            for line in (body.extract_text() or "").split("\n"):
                for match in re.finditer(f"({CJK})( +)({CJK})", line):
                    pair = match.group(1) + " " + match.group(3)
                    if pair not in spaced:
                        found.append((number, line))
    assert found == []


# -- 2. pagination ---------------------------------------------------------------------------
def page_lines(path: Path) -> list[list[str]]:
    with pdfplumber.open(path) as pdf:
        return [(page.extract_text() or "").split("\n") for page in pdf.pages]


def must_not_end_a_page(document) -> set[str]:
    """Headings, subheadings and what stands above a table, flattened."""
    from generator.writers.common import SUBHEADING

    texts = set()
    for block in document.blocks:
        if isinstance(block, Heading):
            texts.add(block.text)
        elif isinstance(block, Paragraph) and SUBHEADING.fullmatch(block.text.strip()):
            texts.add(block.text)
        elif isinstance(block, Table):
            texts |= {block.label, block.title, block.subtitle, block.meta_left + block.meta_right}
    return {flat(t) for t in texts if t.strip()}


@pytest.mark.parametrize("seed", SEEDS)
def test_no_page_ends_with_a_heading_or_a_table_title(examples, seed):
    document, _, path, _ = examples[seed]
    banned = must_not_end_a_page(document)
    assert flat("1、整体绩效目标") in banned or seed != "000"
    ends = []
    for number, lines in enumerate(page_lines(path), start=1):
        if lines[-1].strip().isdigit():
            lines = lines[:-1]  # the page number
        # A title may wrap: its last line alone, or its last two lines.
        if flat(lines[-1]) in banned or flat("".join(lines[-2:])) in banned:
            ends.append((number, lines[-1]))
    assert ends == []


def table_rows(table) -> list[str]:
    return ["|".join(flat(c or "") for c in row) for row in table.extract()]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_split_table_keeps_three_body_rows_on_each_page(examples, seed):
    path = examples[seed][2]
    splits, short = 0, []
    with pdfplumber.open(path) as pdf:
        previous = None  # the last table of the page before
        for number, page in enumerate(pdf.pages, start=1):
            tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
            words = page.extract_words()
            # A page that opens with a table continues the table of the page before.
            if tables and previous and words and tables[0].bbox[1] <= min(w["top"] for w in words) + 1:
                before, after = table_rows(previous), table_rows(tables[0])
                header = 0  # the repeated header rows
                while header < min(len(before), len(after)) and before[header] == after[header]:
                    header += 1
                splits += 1
                if len(before) - header < 3 or len(after) - header < 3:
                    short.append((number, len(before) - header, len(after) - header))
            previous = tables[-1] if tables else None
    assert short == []
    assert splits >= {"000": 1, "003": 1, "001": 4}[seed]  # the premise: some tables do split


@pytest.mark.parametrize("seed", SEEDS)
def test_page_numbers_cover_toc_body_and_landscape(examples, seed):
    path = examples[seed][2]
    with pdfplumber.open(path) as pdf:
        footers = []
        for page in pdf.pages:
            foot = [w for w in page.extract_words() if w["top"] > page.height - 50]
            footers.append((page, foot))
    assert footers[0][1] == []  # the cover
    first_body = next(i for i, (_, foot) in enumerate(footers) if foot)
    assert first_body >= 2  # cover and 目录 unnumbered
    assert [w["text"] for w in footers[first_body][1]] == ["1"]
    landscape = [(page, foot) for page, foot in footers if page.width > page.height]
    assert landscape
    for i, (page, foot) in enumerate(footers[first_body:], start=1):
        assert [w["text"] for w in foot] == [str(i)]
        centre = (foot[0]["x0"] + foot[0]["x1"]) / 2
        assert abs(centre - page.width / 2) <= 1, (i, centre, page.width)


def test_consecutive_landscape_tables_stay_on_landscape_pages(examples):
    document, _, path, _ = examples["001"]
    tables = {b.label: b.landscape for b in document.blocks if isinstance(b, Table) and b.label}
    # 公开05 and 公开08 (portrait by design) sit between landscape tables.
    assert all(tables[f"公开0{i}表"] for i in range(2, 10))
    with pdfplumber.open(path) as pdf:
        pages = [(page.width > page.height, page.extract_text() or "") for page in pdf.pages]
    first = next(i for i, (_, text) in enumerate(pages) if text.startswith("公开02表"))
    last = next(i for i, (_, text) in enumerate(pages) if text.startswith("公开10表"))
    assert [wide for wide, _ in pages[first:last]] == [True] * (last - first)
    assert not pages[last][0]  # 公开10 itself: portrait, after the run


def test_page_numbers_may_count_from_the_cover(examples, tmp_path):
    document, style, _, body_labels = examples["003"]
    cover = dict(style, page_numbers={"start_at": "cover"})
    labels = write_pdf(document, cover, tmp_path / "cover.pdf")
    assert body_labels and labels.keys() == body_labels.keys()
    # Cover and two 目录 pages come before the body's page 1.
    assert {int(labels[k]) - int(body_labels[k]) for k in labels} == {3}
    with pdfplumber.open(tmp_path / "cover.pdf") as pdf:
        assert (pdf.pages[1].extract_text() or "").split("\n")[-1] == "2"


def test_a_wrong_page_numbers_setting_is_a_template_error(tmp_path):
    import shutil

    from generator.profile import TEMPLATES_DIR, ProfileError, load_profile

    shutil.copytree(TEMPLATES_DIR / "profiles" / "shuozhou-2024-final",
                    tmp_path / "profiles" / "shuozhou-2024-final")
    style = tmp_path / "profiles" / "shuozhou-2024-final" / "style.yaml"
    style.write_text(style.read_text(encoding="utf-8").replace("start_at: body", "start_at: 目录"),
                     encoding="utf-8")
    with pytest.raises(ProfileError, match="page_numbers.start_at"):
        load_profile("shuozhou-2024-final", tmp_path)


# -- 3. header cells -------------------------------------------------------------------------
@pytest.mark.parametrize("seed", SEEDS)
def test_no_table_cell_word_breaks_inside_itself(examples, seed):
    document, _, path, _ = examples[seed]
    cells = label_cells(document)
    assert {"2024年合计", "当年预算安排", "政府性基金预算"} & cells or seed == "001"
    broken, wrapped = words_broken_in(path, cells)
    assert broken == []
    assert wrapped >= 3  # the premise: some headers do wrap


def test_a_label_wrapped_between_words_keeps_its_spaces():
    """"4. 应急保障用车" (公开10) stays as written on one line; a break takes the space."""
    from generator.writers.common import wrap_words

    def width(text):
        return 9 * len(text)

    assert wrap_words("4. 应急保障用车", 200, width) == "4. 应急保障用车"
    assert wrap_words("4. 应急保障用车", 40, width) == "4.\n应急保障\n用车"


def label_cells(document) -> set[str]:
    """Headers and row labels of the doctree's tables; a long text must break somewhere."""
    return {cell.text for block in document.blocks if isinstance(block, Table)
            for row in block.header + block.body for cell in row
            if re.search(r"[\u4e00-\u9fff]", cell.text) and "\n" not in cell.text
            and (cell.bold or len(cell.text) <= 12)}


def words_broken_in(path: Path, cells: set[str]) -> tuple[list, int]:
    """The cells of `cells` that the PDF at `path` breaks inside a word, (page, text), and
    how many of them wrap at all."""
    from generator.writers.common import cell_words

    boundaries = {}
    for text in cells:
        words = cell_words(text)
        boundaries[text] = {sum(len(w) for w in words[:i]) for i in range(len(words) + 1)}
    broken, wrapped = [], 0
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for table in page.find_tables():
                for row in table.extract():
                    for text in row:
                        lines = (text or "").split("\n")
                        whole = "".join(lines)
                        if len(lines) < 2 or whole not in boundaries:
                            continue
                        wrapped += 1
                        breaks = {sum(len(line) for line in lines[:i]) for i in range(1, len(lines))}
                        if not breaks <= boundaries[whole]:
                            broken.append((number, text))
    return broken, wrapped


# -- 4. charts -------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", ["000", "003"])
def test_chart_values_equal_the_table_figures(examples, seed):
    from generator import fmt

    document = examples[seed][0]
    charts = [b for b in document.blocks if isinstance(b, Chart)]
    assert charts
    tables = [b for b in document.blocks if isinstance(b, Table)]
    for chart in charts:
        slices = list(zip(chart.labels, chart.values))
        assert len(slices) >= 2

        def shows(table, label, value):
            return any(label in [c.text for c in row] and fmt.money(value) in [c.text for c in row]
                       for row in table.body)
        # One table holds every slice: its label and amount on the same row.
        holders = [t.title for t in tables if all(shows(t, *s) for s in slices)]
        assert holders, (chart.title, slices)


def test_the_chart_picture_holds_its_whole_legend(examples):
    import io

    from PIL import Image

    from generator.writers.charts import render_png

    document, style, _, _ = examples["003"]  # "资源勘探工业信息等支出 310.19万元（46.44%）"
    chart = next(b for b in document.blocks if isinstance(b, Chart))
    image = Image.open(io.BytesIO(render_png(chart, style))).convert("L")
    margin = image.crop((image.width - 10, 0, image.width, image.height))
    assert margin.getextrema()[0] > 200  # the right edge is blank: no legend line runs off


def test_a_pie_of_one_slice_is_left_out_and_its_sentence_stays(examples):
    document, _, path, _ = examples["000"]
    titles = [b.title for b in document.blocks if isinstance(b, Chart)]
    assert titles == ["一般公共预算当年拨款结构图"]  # no 三公经费分布图 of one slice
    sentence = next(b.text for b in document.blocks
                    if isinstance(b, Paragraph) and "公务用车运行维护费3.50万元" in b.text)
    with pdfplumber.open(path) as pdf:
        text = flat("".join(page.extract_text() or "" for page in pdf.pages))
    assert flat(sentence) in text and "三公经费分布图" not in text


# -- 5. performance forms --------------------------------------------------------------------
def test_form_values_align_text_left_and_numbers_right_in_the_doctree(examples):
    from generator.doctree import LEFT, RIGHT

    aligns: dict[str, set] = {}
    for seed in ("000", "001"):
        for block in examples[seed][0].blocks:
            if isinstance(block, Table) and not block.label:  # the forms and annex tables
                for row in block.body:
                    for cell in row:
                        aligns.setdefault(cell.text, set()).add(cell.align)
    assert aligns["及时"] == {LEFT} and aligns["保障"] == {LEFT}  # 000
    assert aligns["达成预期指标"] == {LEFT} and aligns["按时"] == {LEFT}  # 001
    assert aligns["100%"] == {RIGHT} and aligns["≥80%"] == {RIGHT} and aligns["24人"] == {RIGHT}


def test_form_values_and_footer_fields_sit_apart_in_the_pdf(examples):
    path = examples["000"][2]
    with pdfplumber.open(path) as pdf:
        page = next(p for p in pdf.pages if "项目名称 J残疾人就业保障金" in (p.extract_text() or ""))
        cells = [c for t in page.find_tables() for c in t.cells]
        words = page.extract_words()

    def cell_of(word):
        return min((c for c in cells if c[0] <= word["x0"] and word["x1"] <= c[2]
                    and c[1] <= word["top"] and word["bottom"] <= c[3]),
                   key=lambda c: c[2] - c[0])

    def word(text):
        return next(w for w in words if w["text"] == text)

    for text in ("及时", "保障"):  # text: at the left edge of its cell
        w = word(text)
        assert w["x0"] - cell_of(w)[0] < 5, text
    for text in ("100%", "25人"):  # numbers: at the right edge
        w = word(text)
        assert cell_of(w)[2] - w["x1"] < 5, text
    phone = next(w for w in words if w["text"].startswith("联系电话"))
    date = next(w for w in words if w["text"].startswith("填报日期"))
    assert phone["x0"] - cell_of(phone)[0] < 5  # each field at its own cell's left edge
    assert date["x0"] - phone["x1"] > 50


# -- 6. missing glyphs -----------------------------------------------------------------------
RARE = "大同市𪚥﨑科学技术局"


@pytest.mark.skipif(fonts.font_with("𪚥") is None, reason="no installed font has 𪚥 (fonts-hanazono)")
def test_a_rare_character_is_drawn_from_another_font(tmp_path):
    from generator.build import build_one
    from workbook_edits import edited, row_of

    def rename(wb):
        ws = wb["单位信息"]
        ws.cell(row=row_of(ws, "A", "单位名称"), column=2, value=RARE)

    source = edited(SEED000, tmp_path / "rare.xlsx", rename)
    pdf = next(p for p in build_one(source, tmp_path / "out", formats=("pdf",)).outputs)
    with pdfplumber.open(pdf) as doc:
        cover = doc.pages[0].extract_text()
        fonts = {c["fontname"] for c in doc.pages[0].chars if c["text"] in "𪚥﨑"}
        text = "".join(page.extract_text() or "" for page in doc.pages)
    assert RARE in cover  # was "大同市科学技术局": the two characters dropped
    assert text.count("𪚥﨑") >= 3  # cover, 单位名称 lines, narrative
    assert fonts and all("HanaMin" in f for f in fonts)


def test_a_character_no_font_has_gets_a_hint_naming_it(tmp_path, monkeypatch, capsys):
    from generator.doctree import Document
    from generator.writers import pdf_writer

    monkeypatch.setattr(pdf_writer, "font_with", lambda ch: None)
    document = Document("标题", "作者", "主题", [Paragraph(RARE, "cover_title"), Paragraph("正文。")])
    write_pdf(document, {}, tmp_path / "rare.pdf")
    err = capsys.readouterr().err
    assert "U+2A6A5" in err and "“𪚥”" in err and "U+FA11" in err and RARE in err
    assert err.count("提示") == 2  # once a character


# -- 7. long text (issue 11) -----------------------------------------------------------------
def long_basis(length: int) -> str:
    """Varied text, so that a lost or repeated stretch would show."""
    return "".join(f"第{i}条依据：按照管理办法执行。" for i in range(length))[:length]


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        text = flat("".join(re.sub(r"\n\d+\s*$", "", page.extract_text() or "")
                            for page in pdf.pages))
    # The row's label, set beside the text's middle, lands inside it in reading order.
    return text.replace("立项依据", "")


@pytest.mark.parametrize("length", [3_200, 20_000])  # 20,000: the reader's limit for a text
def test_a_long_form_text_from_the_workbook_renders_whole(tmp_path, length):
    from generator.build import build_one
    from workbook_edits import edited

    basis = long_basis(length)

    def lengthen(wb):
        ws = wb["绩效目标"]
        column = next(c.column for c in ws[1] if c.value == "立项依据")
        ws.cell(row=2, column=column, value=basis)

    source = edited(SEED000, tmp_path / "long.xlsx", lengthen)
    pdf = next(p for p in build_one(source, tmp_path / "out", formats=("pdf",)).outputs)
    assert flat(basis) in pdf_text(pdf)


def test_a_form_cell_at_the_excel_limit_renders_whole(examples, tmp_path):
    import copy

    document, style, _, _ = examples["000"]
    document = copy.deepcopy(document)
    form = next(b for b in document.blocks if isinstance(b, Table) and b.landscape and not b.label)
    row = next(r for r in form.body if r[0].text == "立项依据")
    basis = long_basis(32_767)  # Excel's limit for one cell
    row[1].text = basis
    path = tmp_path / "limit.pdf"
    write_pdf(document, style, path)
    assert flat(basis) in pdf_text(path)


@pytest.mark.parametrize("seed", SEEDS)
def test_no_page_holds_only_one_short_line(examples, seed):
    """A page with one line of text (e.g. only "（项目绩效目标表公开情况见附件）") is one a
    reviewer sends back: such a note goes over with the text before it, as in the seed."""
    lines = page_lines(examples[seed][2])
    alone = [(number, text) for number, text in enumerate(lines[1:], start=2)  # not the cover
             if len([t for t in text if t.strip() and not t.strip().isdigit()]) <= 1]
    assert alone == []
    if seed == "000":
        page = next(text for text in lines if flat("（项目绩效目标表公开情况见附件）") in map(flat, text))
        assert "公开项目绩效目标7个" in flat("".join(page))


def test_form_date_is_a_date_and_the_workbook_keeps_its_stamp(examples, built):
    """The exported 填报日期 20231116101019 reads 2023年11月16日 on the form, in both formats;
    the model keeps the workbook's value as it is."""
    from conftest import docx_lines
    from generator.build import prepare
    from generator.views.common import form_date

    model, figures, _ = prepare(SEED000)
    assert figures.targets[0].texts["date"] == "20231116101019"
    pdf = [line for lines in page_lines(examples["000"][2]) for line in lines if "填报日期" in line]
    docx = [line for line in docx_lines(built["000"]["docx"]) if "填报日期" in line]
    assert "填报日期：2023年11月16日" in pdf[0] and docx[0].endswith("填报日期：2023年11月16日")
    assert not [line for line in pdf + docx if re.search(r"\d{12}", line)]
    assert [form_date(v) for v in ("202212", "202301031904", "20231350101019", "2023-11-16")] == [
        "2022年12月", "2023年1月3日", "20231350101019", "2023-11-16"]
