"""A dossier as one self-contained HTML page or a Markdown file.

The HTML page has no script at all and a Content-Security-Policy that allows none, loads
nothing (styles inline, the chart inline SVG), and every text from the data is escaped by
Jinja2's autoescape. The Markdown file escapes Markdown and HTML in every cell, so a name such
as ``[x](javascript:…)`` or ``<img onerror=…>`` renders as the text it is.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

from graphkit import __version__
from graphkit.exports.graph_files import atomic_write
from graphkit.model import vocabulary
from graphkit.model.schema import ORGANISATION
from graphkit.reports.chart import month_chart
from graphkit.reports.dossier import MEMBERS_SHOWN, Dossier
from graphkit.reports.ego import ego_svg

TEMPLATES = Path(__file__).with_name("templates")
CSP = (
    "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "connect-src 'none'; font-src 'none'; form-action 'none'; base-uri 'none'"
)
MEASURE_TITLES = vocabulary.MEASURE_TITLES


def sections(d: Dossier, top: int = 20) -> list[dict[str, Any]]:
    """The page's tables, in order: ``{"id", "title", "columns", "rows"}`` with every cell as text.

    The same list feeds the HTML and the Markdown, so both show the same figures.

    >>> from graphkit.reports.dossier import dossier
    >>> from graphkit.sources import openlobby
    >>> ds = openlobby.read(Path("examples/openlobby/11-11-11.txt")).dataset
    >>> [s["id"] for s in sections(dossier(ds, "11.11.11"))][:4]
    ['per-year', 'ranks', 'counterparts', 'co-attendees']
    """
    is_org = d.actor.get("kind") == ORGANISATION
    p = d.profile.sections
    out = [
        _table("per-year", "Meetings per year and institution", p["per_year"]),
        _table(
            "ranks",
            f"Ranks in the {d.ranks['projection'].iloc[0] if len(d.ranks) else 'org-counterpart'} graph, "
            f"and in the meeting hypergraph among {d.actor.get('kind')}s",
            d.ranks.assign(measure=d.ranks["measure"].map(lambda m: MEASURE_TITLES.get(m, m)))[
                ["measure", "value", "rank", "of"]
            ],
        ),
        _table(
            "counterparts",
            "MEPs and officials met" if is_org else "Organisations that met them",
            p["counterparts"].drop(columns=["id"]),
        ),
        _table("co-attendees", "Organisations at the same meetings", p["co_attendees"].drop(columns=["id"])),
        _table("topics", "Topics", p["topics"]),
        _table("responses", "Consultation responses", p["responses"]),
        _table(
            "meetings",
            f"Latest meetings ({min(top, len(p['meetings']))} of {len(p['meetings'])})",
            p["meetings"].drop(columns=["id"]).head(top),
        ),  # fmt: skip
        _table("sources", f"Sources: the {len(d.sources)} records behind this page", d.sources),
    ]
    if d.community is not None:
        members = d.community["members"]
        shown = members.head(MEMBERS_SHOWN).drop(columns=["id"])
        title = (
            f"Community {d.community['community']} of the {d.community['projection']} graph: "
            f"{d.community['size']} members"
            + (f" ({MEMBERS_SHOWN} with most meetings shown)" if len(members) > MEMBERS_SHOWN else "")
        )
        out.insert(4, _table("community", title, shown))
    return out


def dossier_html(d: Dossier, top: int = 20) -> str:
    """The dossier as one HTML page (no script, no request, every text escaped)."""
    template = _environment().get_template("dossier.html.j2")
    return template.render(
        csp=CSP,
        actor=d.actor,
        facts=d.facts,
        summary=_summary(d),
        chart=month_chart(d.per_month, label=f"Meetings per month of {d.actor['name']}"),
        ego=ego_svg(d.ego, d.actor["id"], label=f"Ego network of {d.actor['name']}"),
        ego_size=d.ego.number_of_nodes(),
        community=d.community,
        sections=sections(d, top),
        version=__version__,
        generated=dt.date.today().isoformat(),
    )


def dossier_markdown(d: Dossier, top: int = 20) -> str:
    """The dossier as Markdown (GitHub, a CMS, Pandoc), every cell escaped.

    >>> from graphkit.reports.dossier import dossier
    >>> from graphkit.sources import openlobby
    >>> ds = openlobby.read(Path("examples/openlobby/11-11-11.txt")).dataset
    >>> print(dossier_markdown(dossier(ds, "Kathleen Van Brempt")).splitlines()[0])
    # Kathleen Van Brempt
    """
    lines = [f"# {markdown_text(str(d.actor['name']))}", ""]
    lines += [f"- **{markdown_text(label)}:** {markdown_text(value)}" for label, value in d.facts]
    lines += ["", markdown_text(_summary(d)), ""]
    if d.community is not None:
        lines += [
            f"Community {d.community['community']} ({d.community['projection']}): "
            + markdown_text(str(d.community["name"])),
            "",
        ]
    month = {"id": "per-month", "title": "Meetings per month", "columns": ["month", "meetings"],
             "rows": [[str(m), str(n)] for m, n in zip(d.per_month["month"], d.per_month["meetings"], strict=True)]}  # fmt: skip
    for section in [month, *sections(d, top)]:
        if not section["rows"]:
            continue
        lines += [f"## {markdown_text(section['title'])}", ""]
        lines.append("| " + " | ".join(markdown_text(c) for c in section["columns"]) + " |")
        lines.append("|" + "---|" * len(section["columns"]))
        lines += ["| " + " | ".join(markdown_text(c) for c in row) + " |" for row in section["rows"]]
        lines.append("")
    lines.append(f"Made by graphkit {__version__}.")
    return "\n".join(lines) + "\n"


def write_dossier(d: Dossier, path: str | Path, fmt: str | None = None, top: int = 20) -> Path:
    """Write the dossier to ``path`` as ``html`` or ``md`` (by default from the suffix), atomically."""
    path = Path(path)
    fmt = fmt or ("md" if path.suffix.lower() in (".md", ".markdown") else "html")
    text = dossier_markdown(d, top) if fmt == "md" else dossier_html(d, top)
    atomic_write(path, lambda target: target.write_text(text, encoding="utf-8"))
    return path


_MARKDOWN_SPECIAL = set("\\`*_{}[]()!|~")


def markdown_text(text: str) -> str:
    """``text`` for a Markdown line or table cell: Markdown punctuation backslash-escaped, HTML
    characters as entities, line breaks as spaces.

    >>> print(markdown_text("[x](javascript:alert(1)) <img src=x> a|b"))
    \\[x\\]\\(javascript:alert\\(1\\)\\) &lt;img src=x&gt; a\\|b
    """
    out = []
    for char in str(text):
        if char in _MARKDOWN_SPECIAL:
            out.append("\\" + char)
        elif char == "&":
            out.append("&amp;")
        elif char == "<":
            out.append("&lt;")
        elif char == ">":
            out.append("&gt;")
        elif char in "\r\n\t\u2028\u2029":
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def cell_text(value: object) -> str:
    """One value as the page shows it: empty for missing, dates ISO, floats to 6 significant digits.

    >>> cell_text(None), cell_text(0.123456789), cell_text(3), cell_text(dt.date(2024, 1, 2))
    ('', '0.123457', '3', '2024-01-02')
    """
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.6g}"
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    item = getattr(value, "item", None)
    if callable(item):
        return cell_text(item())
    try:
        if pd.isna(value):  # pandas' NA
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _table(identifier: str, title: str, frame: pd.DataFrame) -> dict[str, Any]:
    columns: Sequence[str] = [str(c) for c in frame.columns]
    rows = [[cell_text(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    numeric = [
        pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
        for c in frame.columns
    ]
    return {"id": identifier, "title": title, "columns": columns, "rows": rows, "numeric": numeric}


def _summary(d: Dossier) -> str:
    meetings = d.profile.sections["meetings"]
    if meetings.empty:
        return "No meetings in the workspace."
    first, last = cell_text(meetings["date"].min()), cell_text(meetings["date"].max())
    noun = "meeting" if len(meetings) == 1 else "meetings"
    responses = len(d.profile.sections["responses"])
    return f"{len(meetings)} {noun} from {first} to {last}; {responses} consultation responses."


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
