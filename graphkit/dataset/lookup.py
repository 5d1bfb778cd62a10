"""Find an actor from what a user types: an id, a Register ID, a name or an acronym."""

from __future__ import annotations

import pandas as pd

from graphkit.errors import GraphkitError
from graphkit.model.names import normalise_name
from graphkit.model.tables import Dataset


def find_actors(dataset: Dataset, text: str, kinds: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every actor that ``text`` could mean, best matches only.

    Tries, in order, and stops at the first rule that matches anything: exact id, Register ID,
    exact name or acronym (normalised: case, accents, punctuation and legal form ignored), then
    names that contain the text.

    >>> ds = Dataset.from_records(actors=[
    ...     {"id": "organisation:beuc", "kind": "organisation", "name": "BEUC AISBL", "register_id": "9505781573-45"},
    ...     {"id": "mep:axel-voss", "kind": "mep", "name": "Axel Voss"}])
    >>> find_actors(ds, "9505781573-45")["id"].tolist()
    ['organisation:beuc']
    >>> find_actors(ds, "voss")["id"].tolist()
    ['mep:axel-voss']
    """
    actors = dataset.actors
    if kinds:
        actors = actors[actors["kind"].isin(kinds)]
    wanted = text.strip()
    key = normalise_name(wanted)
    names = actors["name"].fillna("").map(normalise_name)
    acronyms = actors["acronym"].fillna("").map(normalise_name)
    rules = (
        actors["id"] == wanted,
        actors["register_id"] == wanted,
        (names == key) | (acronyms == key),
        names.str.contains(key, regex=False) if key else names.map(bool) & False,
    )
    for rule in rules:
        found = actors[rule.fillna(False).astype(bool)]
        if len(found):
            return found.reset_index(drop=True)
    return actors.iloc[0:0]


def find_actor(dataset: Dataset, text: str, kinds: tuple[str, ...] | None = None) -> pd.Series:
    """The one actor ``text`` names; a clear error listing the candidates when it is ambiguous.

    >>> ds = Dataset.from_records(actors=[
    ...     {"id": "mep:a", "kind": "mep", "name": "Anna Meier"},
    ...     {"id": "mep:b", "kind": "mep", "name": "Anna Meierhof"}])
    >>> find_actor(ds, "Anna Meier")["id"]
    'mep:a'
    >>> find_actor(ds, "anna")
    Traceback (most recent call last):
    ...
    graphkit.errors.GraphkitError: 'anna' is ambiguous: Anna Meier (mep:a), Anna Meierhof (mep:b)
    """
    found = find_actors(dataset, text, kinds)
    if found.empty:
        raise GraphkitError(f"no actor matches {text!r} (try an id, Register ID, name or acronym)")
    if len(found) > 1:
        shown = ", ".join(f"{row.name} ({row.id})" for row in found.head(10).itertuples())
        more = f" and {len(found) - 10} more" if len(found) > 10 else ""
        raise GraphkitError(f"{text!r} is ambiguous: {shown}{more}")
    return found.iloc[0]
