"""Views and exports: interactive HTML network pages, and files for other tools.

:func:`to_html` renders a networkx graph as one self-contained page that opens offline, stays
fast at thousands of nodes and shows every name as text. :func:`node_meetings` gives it the
meetings behind each node, for tooltips and the date-range control. :func:`to_pyvis` gives the
same view as a pyvis network, for notebooks.
"""

from graphkit.views.html import to_html
from graphkit.views.meetings import edge_meetings, node_meetings
from graphkit.views.notebook import to_pyvis
from graphkit.views.page import network_page

__all__ = ["edge_meetings", "network_page", "node_meetings", "to_html", "to_pyvis"]
