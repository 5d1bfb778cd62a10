"""Meetings per month as an inline SVG bar chart: drawn from the numbers, no script, no request.

Written by hand (a few rectangles and labels) rather than with a plotting library: the chart
must be plain SVG inside the page, escaped like the rest, and a library would add megabytes
for this.
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 180
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 32, 22, 10
BAR_COLOUR = "#4e79a7"


def month_chart(per_month: pd.DataFrame, *, label: str = "Meetings per month") -> Markup:
    """An ``<svg>`` with one bar per month (``month``, ``meetings`` rows, as from
    :func:`graphkit.reports.dossier.monthly_meetings`), each bar carrying ``data-month`` and
    ``data-meetings`` and a ``<title>`` tooltip; January of each year is labelled under the axis.

    >>> svg = month_chart(pd.DataFrame({"month": ["2024-01", "2024-02"], "meetings": [3, 0]}))
    >>> svg.count("<rect"), 'data-month="2024-01" data-meetings="3"' in svg
    (2, True)
    >>> month_chart(pd.DataFrame({"month": [], "meetings": []}))
    Markup('')
    """
    if per_month.empty:
        return Markup("")
    counts = [int(n) for n in per_month["meetings"]]
    months = [str(m) for m in per_month["month"]]
    peak = max(max(counts), 1)
    plot_width = WIDTH - MARGIN_LEFT - 4
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    step = plot_width / len(counts)
    bar = max(step * 0.8, 1.0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
        f'<line x1="{MARGIN_LEFT}" y1="{HEIGHT - MARGIN_BOTTOM}" x2="{WIDTH - 4}" y2="{HEIGHT - MARGIN_BOTTOM}" '
        'stroke="#888" stroke-width="1"/>',
        f'<text x="{MARGIN_LEFT - 4}" y="{MARGIN_TOP + 8}" text-anchor="end" font-size="10">{peak}</text>',
        f'<text x="{MARGIN_LEFT - 4}" y="{HEIGHT - MARGIN_BOTTOM}" text-anchor="end" font-size="10">0</text>',
    ]
    for index, (month, count) in enumerate(zip(months, counts, strict=True)):
        height = plot_height * count / peak
        x = MARGIN_LEFT + index * step + (step - bar) / 2
        y = HEIGHT - MARGIN_BOTTOM - height
        noun = "meeting" if count == 1 else "meetings"
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}" fill="{BAR_COLOUR}" '
            f'data-month="{escape(month)}" data-meetings="{count}"><title>{escape(month)}: {count} {noun}</title></rect>'
        )
        # Each January gets its year; the first month too, unless a January follows too soon.
        if month.endswith("-01") or (index == 0 and int(month[5:7]) <= 9):
            parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 6}" font-size="10">{escape(month[:4])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
