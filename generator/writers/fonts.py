"""Finds TrueType CJK fonts for the PDF and the charts.

Look-up order: a file named in the profile's style.yaml → Windows fonts
(SimSun / SimHei / FangSong) → Debian's fonts-arphic-uming (宋体) and
fonts-wqy-zenhei (黑体) → none (the caller falls back to a CID font).
reportlab reads TrueType outlines only, so CFF-based .otf (Noto CJK) is skipped.

A character the chosen font lacks (𪚥, 﨑, Extension B) is drawn from another
installed TrueType font that has it (font_with): fontconfig names the candidates,
or, where there is no fontconfig, the font folders are scanned.
"""
from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

CANDIDATES = {
    "body": (
        "C:/Windows/Fonts/simsun.ttc", "C:/Windows/Fonts/simfang.ttf",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    ),
    "heading": (
        "C:/Windows/Fonts/simhei.ttf",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
    ),
}

# Searched for a character the chosen font lacks, when fontconfig is not there.
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
             "C:/Windows/Fonts")


def is_truetype(path: Path) -> bool:
    """True for TrueType outlines (.ttf, or a .ttc whose first font is TrueType)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
            if head[:4] == b"ttcf":
                fh.seek(12)
                offset = int.from_bytes(fh.read(4), "big")
                fh.seek(offset)
                head = fh.read(4)
            return head[:4] in (b"\x00\x01\x00\x00", b"true")
    except OSError:
        return False


@cache
def find_font(role: str, configured: str = "") -> Path | None:
    paths = ([configured] if configured else []) + list(CANDIDATES.get(role, CANDIDATES["body"]))
    for candidate in paths:
        path = Path(candidate).expanduser()
        if path.is_file() and is_truetype(path):
            return path
    return None


@cache
def codepoints(path: Path) -> frozenset[int]:
    """The characters a TrueType font (its first face) has glyphs for."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    try:
        return frozenset(TTFontFile(str(path), subfontIndex=0).charToGlyph)
    except Exception:  # a damaged font file is simply not a candidate
        return frozenset()


def _candidates(char: str) -> list[Path]:
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(["fc-list", f":charset={ord(char):x}", "file"], capture_output=True,
                                 text=True, timeout=30).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        paths = [Path(line.rsplit(":", 1)[0]) for line in out.splitlines() if line.strip()]
    else:
        paths = [p for folder in FONT_DIRS if Path(folder).expanduser().is_dir()
                 for p in Path(folder).expanduser().rglob("*") if p.suffix.lower() in (".ttf", ".ttc")]
    # Sorted, links resolved: the same font is chosen on every run.
    return sorted({p.resolve() for p in paths})


@cache
def font_with(char: str) -> Path | None:
    """An installed TrueType font that has a glyph for `char`, or None."""
    for path in _candidates(char):
        if path.is_file() and is_truetype(path) and ord(char) in codepoints(path):
            return path
    return None
