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

# Words left out of a title's initials (Digital Services Act -> DSA; Markets in Crypto-Assets -> MiCA
# is written by the sources themselves, so only the plain initials are derived here).
_SMALL_WORDS = frozenset({"a", "an", "and", "the", "of", "on", "for", "in", "to", "with", "by", "from"})
_BRACKETED = re.compile(r"\(([^()]{4,})\)")
# A title too short or too generic to stand for one file alone.
_MIN_TITLE_WORDS = 2


@dataclass(frozen=True)
class FileMatch:
    """The file a query names: its reference, the titles and acronyms the data gives it."""

    reference: str
    titles: tuple[str, ...]
    acronyms: tuple[str, ...]


def _fold(text: str) -> str:
    return " ".join(str(text).casefold().replace("-", " ").split())


def _initials(title: str) -> str:
    words = [w for w in re.findall(r"[^\W\d_]+", title) if w.casefold() not in _SMALL_WORDS]
    return "".join(w[0].upper() for w in words) if len(words) >= _MIN_TITLE_WORDS else ""


def file_names(meetings: pd.DataFrame) -> pd.DataFrame:
    """Every name the data gives each file: ``reference, name, how`` (``title`` as a procedure
    cell with that one reference writes it, a title in brackets, or the ``acronym`` of a title),
    with ``meetings``, the number of meetings that wrote it.

    >>> m = pd.DataFrame({"procedure": ["2020/0361(COD) Digital Services Act",
    ...                                 "Single Market For Digital Services (Digital Services Act) 2020/0361(COD)"]})
    >>> file_names(m).values.tolist()
    [['2020/0361(COD)', 'digital services act', 'title', 2], ['2020/0361(COD)', 'DSA', 'acronym', 2], ['2020/0361(COD)', 'single market for digital services (digital services act)', 'title', 1], ['2020/0361(COD)', 'SMDSDSA', 'acronym', 1]]
    """
    found = meeting_references(meetings["procedure"])
    single = found[~found["row"].duplicated(keep=False)]  # a cell naming one file only
    cells = meetings["procedure"].loc[single["row"]]
    rows: list[tuple[str, str, str]] = []
    titles = {cell: residual_title(cell) for cell in pd.unique(cells)}
    for reference, cell in zip(single["reference"], cells, strict=True):
        title = titles[cell]
        if len(title.split()) < _MIN_TITLE_WORDS:
            continue
        for name in (title, *_BRACKETED.findall(title)):
            rows.append((reference, _fold(name), "title"))
            acronym = _initials(name)
            if len(acronym) >= 2:
                rows.append((reference, acronym, "acronym"))
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
    names = file_names(meetings)
    given = references(query)
    if given:
        reference = given[0]
    else:
        key = query.strip()
        hits = names[((names["how"] == "acronym") & (names["name"] == key.upper()) & (key == key.upper()))
                     | ((names["how"] == "title") & (names["name"] == _fold(key)))]  # fmt: skip
        owners = hits.groupby("reference")["meetings"].sum().sort_values(ascending=False)
        if owners.empty:
            raise GraphkitError(f"no file is named {query!r} in the workspace{_suggestion(meetings, key)}")
        if len(owners) > 1:
            shown = ", ".join(f"{ref} ({n} meetings)" for ref, n in owners.head(5).items())
            raise GraphkitError(f"{query!r} names more than one file: {shown}; give the reference")
        reference = owners.index[0]
    own = names[names["reference"] == reference]
    return FileMatch(
        reference=reference,
        titles=tuple(own.loc[own["how"] == "title", "name"]),
        acronyms=tuple(own.loc[own["how"] == "acronym", "name"]),
    )


def _suggestion(meetings: pd.DataFrame, key: str) -> str:
    """`` (did you mean …?)`` with the references that start with what was given (a reference
    without its type), else a reminder of the form."""
    found = meeting_references(meetings["procedure"])["reference"]
    near = found[found.str.startswith(key.replace(" ", ""))] if key else found.iloc[:0]
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
    named = meetings.index.isin(found["row"])
    others = file_names(meetings)
    others = others[others["reference"] != match.reference]
    taken_titles, taken_acronyms = set(others.loc[others["how"] == "title", "name"]), set(
        others.loc[others["how"] == "acronym", "name"]
    )
    titles = [t for t in match.titles if t not in taken_titles]
    acronyms = [a for a in match.acronyms if a not in taken_acronyms]
    rest = meetings[~named]
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
