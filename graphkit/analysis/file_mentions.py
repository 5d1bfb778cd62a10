"""Which meetings are about a legislative file: those whose procedure names its reference (in any
spelling, among several), and those that name it only by title or acronym when that title or
acronym belongs to no other file. Every mention says how it was found, as a merge says its rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from graphkit.errors import GraphkitError
from graphkit.model.procedures import meeting_references, references, residual_title
from graphkit.resolution.name_comparison import initials, significant_words

_BRACKETED = re.compile(r"\(([^()]{4,})\)")
# A title too short or too generic to stand for one file alone.
_MIN_TITLE_WORDS = 2


@dataclass(frozen=True)
class FileMatch:
    """The file a query names: its reference, the titles and acronyms the data gives it, and
    those the data gives other files too (which never count as a mention of this one)."""

    reference: str
    titles: tuple[str, ...]
    acronyms: tuple[str, ...]
    shared: frozenset[str] = frozenset()


def _fold(text: str) -> str:
    return " ".join(str(text).casefold().replace("-", " ").split())


def file_names(meetings: pd.DataFrame, found: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every name the data gives each file: ``reference, name, how`` (``title`` as a procedure
    cell with that one reference writes it, a title in brackets, or the ``acronym`` of a title),
    with ``meetings``, the number of meetings that wrote it. ``found``: the cells' references
    (:func:`~graphkit.model.procedures.meeting_references`), when already read.

    >>> m = pd.DataFrame({"procedure": ["2020/0361(COD) Digital Services Act",
    ...                                 "Single Market For Digital Services (Digital Services Act) 2020/0361(COD)"]})
    >>> file_names(m).values.tolist()
    [['2020/0361(COD)', 'digital services act', 'title', 2], ['2020/0361(COD)', 'DSA', 'acronym', 2], ['2020/0361(COD)', 'single market for digital services (digital services act)', 'title', 1], ['2020/0361(COD)', 'SMDSSA', 'acronym', 1]]
    """
    found = meeting_references(meetings["procedure"]) if found is None else found
    single = found[~found["row"].duplicated(keep=False)]  # a cell naming one file only
    cells = meetings["procedure"].loc[single["row"]]
    titles = {cell: residual_title(cell) for cell in pd.unique(cells)}
    rows: list[tuple[str, str, str]] = []
    for reference, cell in zip(single["reference"], cells, strict=True):
        title = titles[cell]
        if len(title.split()) < _MIN_TITLE_WORDS:
            continue
        for name in (title, *_BRACKETED.findall(title)):
            rows.append((reference, _fold(name), "title"))
            if len(significant_words(name)) >= _MIN_TITLE_WORDS:
                rows.append((reference, initials(name), "acronym"))
    frame = pd.DataFrame(rows, columns=["reference", "name", "how"])
    counted = frame.groupby(["reference", "name", "how"], sort=False).size().rename("meetings").reset_index()
    return counted.sort_values(["reference", "meetings"], ascending=[True, False], kind="stable").reset_index(drop=True)


def find_file(meetings: pd.DataFrame, query: str) -> FileMatch:
    """The file ``query`` names: a reference in any spelling, or a title or acronym the data
    gives one file only (a name two files share is refused, with both).

    >>> m = pd.DataFrame({"procedure": ["2020/0361(COD) Digital Services Act", "2020/0374(COD) Digital Markets Act"]})
    >>> find_file(m, "DSA").reference, find_file(m, "digital markets act").reference, find_file(m, "2020/0361 (COD)").reference
    ('2020/0361(COD)', '2020/0374(COD)', '2020/0361(COD)')
    """
    found = meeting_references(meetings["procedure"])
    names = file_names(meetings, found)
    given = references(query)
    if given:
        reference = given[0]
    else:
        key = query.strip()
        hits = names[((names["how"] == "acronym") & (names["name"] == key.upper()) & (key == key.upper()))
                     | ((names["how"] == "title") & (names["name"] == _fold(key)))]  # fmt: skip
        owners = hits.groupby("reference")["meetings"].sum().sort_values(ascending=False)
        if owners.empty:
            raise GraphkitError(f"no file is named {query!r} in the workspace{_suggestion(found, key)}")
        if len(owners) > 1:
            shown = ", ".join(f"{ref} ({n} meetings)" for ref, n in owners.head(5).items())
            raise GraphkitError(f"{query!r} names more than one file: {shown}; give the reference")
        reference = owners.index[0]
    own = names["reference"] == reference
    return FileMatch(
        reference=reference,
        titles=tuple(names.loc[own & (names["how"] == "title"), "name"]),
        acronyms=tuple(names.loc[own & (names["how"] == "acronym"), "name"]),
        shared=frozenset(names.loc[~own, "name"]),
    )


def _suggestion(found: pd.DataFrame, key: str) -> str:
    """`` (did you mean …?)`` with the references that start with what was given (a reference
    without its type), else a reminder of the form."""
    refs = found["reference"]
    near = refs[refs.str.startswith(key.replace(" ", ""))] if key else refs.iloc[:0]
    if near.empty:
        return " (give its reference, e.g. 2020/0361(COD), or a title or acronym the data gives it)"
    counts = near.value_counts().head(5)
    return " (did you mean " + ", ".join(f"{ref} ({n} meetings)" for ref, n in counts.items()) + "?)"


def file_mentions(meetings: pd.DataFrame, match: FileMatch) -> pd.DataFrame:
    """The meetings about ``match``'s file, one row each: ``id`` and ``how`` it was found
    (``reference``; ``title '…'`` or ``acronym …`` for a meeting whose procedure or title names
    the file only so, with a name no other file in the data carries).

    >>> m = pd.DataFrame({"id": ["a", "b", "c", "d"], "title": ["x", "DSA trilogue", "DMA", "y"],
    ...                   "procedure": ["2020/0361(COD) Digital Services Act", "", "", "Digital Services Act"]})
    >>> file_mentions(m, find_file(m, "DSA")).values.tolist()
    [['a', 'reference'], ['b', 'acronym DSA'], ['d', "title 'digital services act'"]]
    """
    found = meeting_references(meetings["procedure"])
    by_reference = meetings["id"].loc[found.loc[found["reference"] == match.reference, "row"]].unique()
    rows = [(meeting, "reference") for meeting in by_reference]
    titles = [t for t in match.titles if t not in match.shared]
    acronyms = [a for a in match.acronyms if a not in match.shared]
    rest = meetings[~meetings.index.isin(found["row"])]
    raw = rest["procedure"].fillna("").astype(str) + " | " + rest["title"].fillna("").astype(str)
    folded = raw.str.casefold().str.replace("-", " ", regex=False).str.replace(r"\s+", " ", regex=True)
    how = pd.Series(pd.NA, index=rest.index, dtype="object")
    if titles:  # longest first, so the alternation reports the fullest title written
        pattern = "(?<!\\w)(" + "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True)) + ")(?!\\w)"
        found_title = folded.str.extract(pattern, expand=False)
        how = how.where(found_title.isna(), "title '" + found_title.fillna("") + "'")
    if acronyms:
        pattern = "(?<![\\w-])(" + "|".join(re.escape(a) for a in acronyms) + ")(?![\\w-])"
        found_acronym = raw.str.extract(pattern, expand=False)
        how = how.where(how.notna() | found_acronym.isna(), "acronym " + found_acronym.fillna(""))
    mentioned = how.notna()
    rows.extend(zip(rest.loc[mentioned, "id"], how[mentioned], strict=True))
    return pd.DataFrame(rows, columns=["id", "how"])
