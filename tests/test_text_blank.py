"""Every section of every shipped profile, with every optional field blank or typed with its
own trailing punctuation: no "None", no doubled punctuation, in .docx and .pdf read back."""
from __future__ import annotations

import copy
import dataclasses

import pdfplumber
import pytest
from conftest import SEED000, SEED001, docx_lines

from generator import kinds
from generator.assemble import build_document
from generator.build import PIPELINES, _write_docx, _write_pdf
from generator.budget.model import Form
from generator.profile import TEMPLATES_DIR, load_profile
from generator.budget.schema import LONGTEXT, TEXT, FormSheet, TableSheet
from generator.kinds import SHEETS_BY_KIND

PROFILES = sorted(p.name for p in (TEMPLATES_DIR / "profiles").iterdir() if p.is_dir())
SEEDS = {"budget": SEED000, "final": SEED001}
BAD = ("None", "null", "。。", "；。", "，。", "截至，", "：。")
TEXT_TYPES = (TEXT, LONGTEXT)


@pytest.fixture(scope="module")
def models():
    return {kind: kinds.read(path)[0] for kind, path in SEEDS.items()}


def _optional(sheet) -> list:
    fields = sheet.fields if isinstance(sheet, FormSheet) else sheet.columns
    return [f for f in fields if not f.required]


def filled(model, kind: str, text: str | None):
    """A copy whose optional fields are all `text` (text fields) or blank (others)."""
    model = copy.deepcopy(model)
    unit = model.unit
    unit.category = unit.scope = text or ""
    for sheet in SHEETS_BY_KIND[kind]:
        for attr in vars(model):
            value = getattr(model, attr)
            if isinstance(value, Form) and value.sheet == sheet.name and isinstance(sheet, FormSheet):
                for fld in _optional(sheet):
                    value.values[fld.key] = text if fld.type in TEXT_TYPES else None
            elif isinstance(value, list) and isinstance(sheet, TableSheet) and value \
                    and getattr(value[0], "sheet", None) == sheet.name:
                names = {f.name for f in dataclasses.fields(value[0])}
                for row in value:
                    for col in _optional(sheet):
                        if col.type == LONGTEXT and col.key in names:
                            setattr(row, col.key, text or "")
    return model


def rendered(model, kind: str, profile_name: str, tmp_path) -> list[str]:
    profile = load_profile(profile_name)
    pipeline = PIPELINES[kind]
    figures = pipeline.compute(model)
    document = build_document(profile, model, figures, pipeline.context(model, figures))
    docx_path, pdf_path = tmp_path / "out.docx", tmp_path / "out.pdf"
    _write_docx(document, profile, docx_path)
    _write_pdf(document, profile, pdf_path)
    with pdfplumber.open(pdf_path) as pdf:
        pdf_text = "".join((page.extract_text() or "").replace("\n", "") for page in pdf.pages)
    return ["\n".join(docx_lines(docx_path)), pdf_text]


@pytest.mark.parametrize("text", [None, "文字。", "文字；", "文字，"])
@pytest.mark.parametrize("profile_name", PROFILES)
def test_no_none_and_no_doubled_punctuation(models, profile_name, text, tmp_path):
    kind = load_profile(profile_name).kind
    model = filled(models[kind], kind, text)
    for output in rendered(model, kind, profile_name, tmp_path):
        found = [bad for bad in BAD if bad in output]
        assert not found, (found, output[max(0, output.find(found[0]) - 60):][:120])
        if text:  # the typed text is printed, its own punctuation kept where none follows
            assert "文字" in output


def test_blank_asset_date_takes_the_stated_default(models, tmp_path):
    model = filled(models["budget"], "budget", None)
    docx_text, _pdf = rendered(model, "budget", "datong-2024-budget", tmp_path)
    assert "截至2023年12月31日，大同市科学技术局使用的办公用房建筑总面积" in docx_text


def test_typed_punctuation_before_template_punctuation_is_dropped(models, tmp_path):
    model = copy.deepcopy(models["budget"])
    model.notes.values["change_reason"] = "项目经费减少。"
    docx_text, pdf_text = rendered(model, "budget", "datong-2024-budget", tmp_path)
    assert "主要原因是项目经费减少；" in docx_text
    assert "主要原因是项目经费减少。" in docx_text
    assert "项目经费减少。。" not in pdf_text and "项目经费减少。；" not in pdf_text


def test_finalize_and_settle():
    from generator.profile import load_profile

    from generator.assemble import section_lines
    from generator.textfuncs import settle

    env = load_profile("datong-2024-budget").env

    def render(source, **values):
        return [text for text, _ in section_lines(settle(env.from_string(source).render(values)))]

    assert render("原因是{{ a }}。{{ b }}{{ c }}\n{{ d }}", a="人员增加。", b="null", c=None,
                  d="结束。") == ["原因是人员增加。", "结束。"]
    assert render("{{ a }}，其中", a="甲；") == ["甲，其中"]
