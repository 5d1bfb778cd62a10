"""Reports: one page per actor (a dossier) as self-contained HTML or Markdown.

>>> from graphkit.reports import dossier, write_dossier
"""

from graphkit.reports.dossier import Dossier, dossier
from graphkit.reports.page import dossier_html, dossier_markdown, write_dossier

__all__ = ["Dossier", "dossier", "dossier_html", "dossier_markdown", "write_dossier"]
