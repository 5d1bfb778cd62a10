"""What the streaming GEXF and GraphML writers share: XML escaping, value text, attribute types
and cutting rows into chunks.

The writers write each chunk of nodes or edges as soon as it is made, so a file of any size
needs the memory of one chunk (networkx's ``write_gexf`` and, without lxml, ``write_graphml``
build the whole document as an ElementTree first: 23 GB for GEXF at 1M meetings). The XML is
written as text with :func:`xml.sax.saxutils.escape`, the standard library's escaper; each
value is written as networkx's writers wrote it, so ``networkx.read_gexf``/``read_graphml`` read
the same graph back.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar
from xml.sax.saxutils import escape

T = TypeVar("T")
# Rows written at a time: enough that Python's per-call costs vanish, few enough to stay a few MB.
CHUNK_ROWS = 5_000
# In an attribute, line breaks and tabs must be character references or a parser turns them into
# spaces; quotes because values are written between double quotes.
_ATTRIBUTE_ENTITIES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
# Characters XML 1.0 forbids anywhere (a parser stops at them): they become U+FFFD, so one
# control character in a name cannot make the whole file unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPECIAL = re.compile('[&<>"\x00-\x1f\ufffe\uffff]')


def attribute(text: object) -> str:
    """``text`` escaped for an XML attribute value between double quotes.

    >>> attribute('a "b" & <c>\\nd')
    'a &quot;b&quot; &amp; &lt;c&gt;&#10;d'
    """
    text = str(text)
    if not _SPECIAL.search(text):  # most ids, numbers and dates: nothing to escape
        return text
    return escape(_xml_chars(text), _ATTRIBUTE_ENTITIES)


def content(text: object) -> str:
    """``text`` escaped as XML element content.

    >>> content("R&D <team>\\x01")
    'R&amp;D &lt;team&gt;\\ufffd'
    """
    text = str(text)
    if not _SPECIAL.search(text):
        return text
    return escape(_xml_chars(text))


def value_text(value: object) -> str:
    """A value as networkx's GEXF writer spells it: booleans in lower case, infinities and NaN as
    ``INF``, ``-INF`` and ``NaN``, everything else ``str``.

    >>> value_text(True), value_text(float("inf")), value_text(0.25), value_text(3)
    ('true', 'INF', '0.25', '3')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF")
    return str(value)


def xml_type(value: object) -> str:
    """The XML Schema type GEXF and GraphML declare for ``value`` (networkx's choice for each
    Python type).

    >>> [xml_type(v) for v in (True, 3, 0.5, "a")]
    ['boolean', 'long', 'double', 'string']
    """
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def declared_types(rows: Iterable[Mapping[str, object]]) -> dict[str, str]:
    """``{attribute: type}`` in the order attributes first appear, each typed by its first value
    (as networkx declares them).

    >>> declared_types([{"kind": "mep"}, {"kind": "org", "weight": 2}, {"weight": 0.5}])
    {'kind': 'string', 'weight': 'long'}
    """
    types: dict[str, str] = {}
    for row in rows:
        for key, value in row.items():
            if key not in types:
                types[key] = xml_type(value)
    return types


def chunks(items: Iterable[T], size: int = CHUNK_ROWS) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily.

    >>> list(chunks(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _xml_chars(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text) if _NOT_XML.search(text) else text
