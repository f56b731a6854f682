"""The PDF fit for publication (issue 10, PDF side; issue 11, long text): text integrity,
pagination, header cells, charts, performance forms, missing glyphs, long cells."""
from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from conftest import SEED000, SEED001, SEED003
from generator.doctree import Chart, Heading, Paragraph, Table, TableOfContents
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
