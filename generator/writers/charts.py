"""Draws doctree Charts as PNG (for .docx) with Pillow, using a CJK font.

Pillow rather than matplotlib: it imports in milliseconds and draws a pie and a
legend just as well, which keeps one build well under a second.
"""
from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from .. import fmt
from ..budget.compute import percent
from ..doctree import Chart
from .fonts import find_font

COLORS = ("#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#70AD47", "#264478",
          "#9E480E", "#636363", "#997300")
SCALE = 2  # drawn at twice the size and reduced, for smooth edges


def pie_labels(chart: Chart) -> list[str]:
    """Legend text: label, value and share, computed once for every writer."""
    total = sum(chart.values)
    return [f"{label} {fmt.money(value)}{chart.value_suffix}（{fmt.percent(percent(value, total))}%）"
            for label, value in zip(chart.labels, chart.values)]


def render_png(chart: Chart, style: dict) -> bytes:
    font_path = find_font("body", str((style.get("pdf_fonts") or {}).get("body") or ""))
    size = 26 * SCALE
    font = ImageFont.truetype(str(font_path), size) if font_path else ImageFont.load_default(size)
    labels = pie_labels(chart)
    # Wide enough for the longest legend line, which would otherwise be cut at the edge.
    widest = max((font.getlength(text) for text in labels), default=0)
    width, height = max(1100 * SCALE, 565 * SCALE + int(widest) + 30 * SCALE), 500 * SCALE
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    total = float(sum(chart.values)) or 1.0
    box = (40 * SCALE, 40 * SCALE, 460 * SCALE, 460 * SCALE)
    start = -90.0
    for i, value in enumerate(chart.values):
        sweep = float(value) / total * 360.0
        draw.pieslice(box, start, start + sweep, fill=COLORS[i % len(COLORS)],
                      outline="white", width=2 * SCALE)
        start += sweep
    line = 46 * SCALE
    top = (height - line * len(labels)) // 2
    for i, text in enumerate(labels):
        y = top + i * line
        draw.rectangle((520 * SCALE, y + 6 * SCALE, 548 * SCALE, y + 34 * SCALE),
                       fill=COLORS[i % len(COLORS)])
        draw.text((565 * SCALE, y), text, fill="black", font=font)
    image = image.reduce(SCALE)  # box filter: smooth edges, and much faster than LANCZOS
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
