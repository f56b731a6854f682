"""Shared fixtures: the bundled examples built once per test session."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
SEED000 = INPUTS / "大同市科学技术局" / "大同市科学技术局2024年度单位预算.xlsx"
SEED003 = INPUTS / "大同市信息和新材料应用推广中心2023年度单位预算.xlsx"
SEED001 = INPUTS / "朔州市科学技术局2024年度部门决算.xlsx"


def docx_lines(path: Path) -> list[str]:
    """Every paragraph, and every table row as 'cell | cell | …', in document order."""
    body = docx.Document(str(path)).element.body
    lines = []
    for el in body.iter(qn("w:p"), qn("w:tr")):
        if el.tag == qn("w:tr"):
            cells = ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in el.iter(qn("w:tc"))]
            lines.append(" | ".join(cells))
        elif el.getparent().tag != qn("w:tc"):
            text = "".join(t.text or "" for t in el.iter(qn("w:t")))
            if text.strip():
                lines.append(text)
    return lines


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Build the three examples (docx and pdf) once; returns {seed: {format: path}}."""
    from generator.build import build_one

    out = tmp_path_factory.mktemp("built")
    result = {}
    for key, source in (("000", SEED000), ("003", SEED003), ("001", SEED001)):
        outputs = build_one(source, out / key).outputs
        result[key] = {p.suffix[1:]: p for p in outputs}
    return result


@pytest.fixture(scope="session")
def text000(built):
    return docx_lines(built["000"]["docx"])


@pytest.fixture(scope="session")
def text003(built):
    return docx_lines(built["003"]["docx"])


@pytest.fixture(scope="session")
def pdf000(built) -> list[str]:
    """The text of each page of the seed-000 PDF, in reading order."""
    import pdfplumber

    with pdfplumber.open(built["000"]["pdf"]) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.fixture()
def exported(tmp_path):
    """The built-in templates exported to a folder, as a finance office starts editing them."""
    from generator.cli import main

    folder = tmp_path / "tpl"
    assert main(["templates", "export", str(folder)]) == 0
    return folder
