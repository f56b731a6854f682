"""Finds TrueType CJK fonts for the PDF and the charts.

Look-up order: a file named in the profile's style.yaml → Windows fonts
(SimSun / SimHei / FangSong) → Debian's fonts-arphic-uming (宋体) and
fonts-wqy-zenhei (黑体) → none (the caller falls back to a CID font).
reportlab reads TrueType outlines only, so CFF-based .otf (Noto CJK) is skipped.
"""
from __future__ import annotations

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
