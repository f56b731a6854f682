"""Draws doctree Charts as PNG (for .docx) with matplotlib, using a CJK font."""
from __future__ import annotations

import io

from ..doctree import Chart
from .common import style_value
from .fonts import find_font

COLORS = ("#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#70AD47", "#264478",
          "#9E480E", "#636363", "#997300")


def pie_labels(chart: Chart) -> list[str]:
    """Legend text: label, value and share, computed once for every writer."""
    from ..compute import percent, to_wan
    from .. import fmt

    total = sum(chart.values)
    return [f"{label} {fmt.money(value)}{chart.value_suffix}（{fmt.percent(percent(value, total))}%）"
            for label, value in zip(chart.labels, chart.values)]


def render_png(chart: Chart, style: dict) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    import matplotlib.pyplot as plt

    font_path = find_font("body", str((style.get("pdf_fonts") or {}).get("body") or ""))
    props = font_manager.FontProperties(fname=str(font_path)) if font_path else None
    fig, ax = plt.subplots(figsize=(7.5, 4.0), dpi=150)
    values = [float(v) for v in chart.values]
    wedges, _ = ax.pie(values, colors=COLORS[: len(values)], startangle=90, counterclock=False,
                       wedgeprops={"linewidth": 1, "edgecolor": "white"})
    ax.axis("equal")
    ax.legend(wedges, pie_labels(chart), loc="center left", bbox_to_anchor=(1.0, 0.5),
              frameon=False, prop=props)
    fig.tight_layout()
    out = io.BytesIO()
    # No metadata: the same chart gives the same bytes.
    fig.savefig(out, format="png", metadata={"Software": None})
    plt.close(fig)
    return out.getvalue()
