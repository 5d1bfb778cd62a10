"""Find an actor from what a user types: an id, a Register ID, a name or an acronym.

Candidates are ranked by meetings, then by closeness of spelling (``rapidfuzz``); a typo gets
a "did you mean", and a match that is not exact, or that has a near-identical spelling beside
it, is never taken silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from graphkit.errors import GraphkitError
from graphkit.model.names import normalise_name
from graphkit.model.tables import Dataset

#: Whole-name similarity (``fuzz.ratio``, 0–100) above which two spellings are the same name
#: typed differently ("Eurogroup for Animal" / "Eurogroup for Animals" is 97.6, "Anna Meier" /
#: "Anna Meierhof" 87): such a rival with more meetings makes an exact match a near miss.
SAME_SPELLING = 90
#: Closeness (:func:`_closeness`) a name needs to be offered under "did you mean".
DID_YOU_MEAN = 70
#: How many candidates an error names.
SHOWN = 10
SUGGESTED = 5


@dataclass(frozen=True)
class ActorMatch:
    """What ``text`` matched: the ranked ``candidates`` and, when one can be taken, ``actor``.

    ``candidates`` has the actor columns plus ``meetings`` (distinct meetings attended or
    hosted), ``closeness`` (0–100, spelling of name or acronym against the text) and ``match``
    (``id``, ``register id``, ``name``, ``acronym``, ``contains``, ``spelling``). ``note`` says
    which actor was taken and why when the match was not exact; ``near_miss`` is true when a
    near-identical spelling of another actor stood beside the match.
    """

    text: str
    candidates: pd.DataFrame
    actor: pd.Series | None = None
    note: str | None = None
    near_miss: bool = False

    def problem(self, shown: int = SHOWN, hint: str = "") -> str:
        """The one line that says why no actor was taken (nothing matches, or several do)."""
        found = self.candidates
        if found.empty or (found["match"] == "spelling").all():
            message = f"no actor matches {self.text!r} (try an id, Register ID, name or acronym)"
            if found.empty:
                return message
            return f"{message}; did you mean {_listing(found.head(SUGGESTED))}?"
        rest = len(found) - shown
        more = f" and {rest} more" if rest > 0 else ""
        hint = f"; {hint}" if hint and rest > 0 else ""
        return (
            f"{self.text!r} is ambiguous ({len(found)} candidates): {_listing(found.head(shown))}{more}{hint}"
        )


def match_actor(dataset: Dataset, text: str, kinds: tuple[str, ...] | None = None) -> ActorMatch:
    """Rank the actors ``text`` could mean and take one when that is safe.

    Rules, in order: an exact id, then a Register ID, always win alone. Otherwise names and
    acronyms equal to the text (normalised: case, accents, punctuation and legal form ignored),
    with the names spelled almost the same (``SAME_SPELLING``) or containing the text; failing
    those, names that contain the text or are spelled almost the same; failing those, the
    closest spellings, offered ("did you mean") but never taken. Candidates are ranked by
    meetings, then closeness; spelling suggestions by closeness, then meetings (for a typo the
    spelling decides).

    One exact match is taken; when a near-identical spelling has more meetings, that one is
    taken instead, with a ``note`` naming both (``near_miss``); when only other names
    containing the text have more, the exact one, with a ``note`` naming the most met. One
    name containing the text is taken with a ``note``; several (or one beside a near-identical
    spelling), or two exact matches, are ambiguous: no ``actor``, the ranked candidates.

    >>> ds = Dataset.from_records(
    ...     actors=[{"id": "organisation:ega", "kind": "organisation", "name": "Eurogroup for Animal"},
    ...             {"id": "organisation:efa", "kind": "organisation", "name": "Eurogroup for Animals"}],
    ...     participants=[{"meeting_id": f"meeting:{n}", "actor_id": "organisation:efa", "role": "attendee"}
    ...                   for n in range(3)])
    >>> found = match_actor(ds, "eurogroup for animal")
    >>> found.actor["id"], found.candidates["meetings"].tolist()
    ('organisation:efa', [3, 0])
    >>> found.note
    "taking Eurogroup for Animals (organisation:efa, 3 meetings) for 'eurogroup for animal'; also Eurogroup for Animal (organisation:ega, 0 meetings)"
    >>> match_actor(ds, "organisation:ega").note is None
    True
    """
    actors = dataset.actors
    if kinds:
        actors = actors[actors["kind"].isin(kinds)]
    wanted = text.strip()
    actors = actors.reset_index(drop=True)
    for column, rule in (("id", "id"), ("register_id", "register id")):
        hit = actors[actors[column].astype(object) == wanted]
        if len(hit) == 1:
            ranked = _ranked(dataset, hit, wanted, rule)
            return ActorMatch(text, ranked, ranked.iloc[0])
        if len(hit) > 1:
            return ActorMatch(text, _ranked(dataset, hit, wanted, rule))
    key = normalise_name(wanted)
    if not key or actors.empty:
        return ActorMatch(text, _ranked(dataset, actors.iloc[0:0], key, "name"))
    names = actors["name"].fillna("").map(normalise_name)
    acronyms = actors["acronym"].fillna("").map(normalise_name)
    same = _same_spelling(key, actors)
    contains = names.str.contains(key, regex=False)
    rule = pd.Series("spelling", index=actors.index).mask(same, "same spelling").mask(contains, "contains")
    rule = rule.mask(acronyms == key, "acronym").mask(names == key, "name")
    exact = rule.isin(["name", "acronym"])
    near = rule == "same spelling"
    if exact.any():
        # Candidates: the exact matches, near-identical spellings and every name containing
        # the text (what --all lists), most meetings first.
        found = _ranked(dataset, actors[exact | near | contains], key, rule)
        is_exact = found["match"].isin(["name", "acronym"])
        if is_exact.sum() > 1:
            return ActorMatch(text, found)
        typed = found[is_exact].iloc[0]
        rivals = found[_same_spelling(key, found) & ~is_exact & (found["meetings"] > typed["meetings"])]
        if len(rivals):
            # "Eurogroup for Animal" (2 meetings) beside "Eurogroup for Animals" (120): the
            # user meant the second; say so, and name the exact one.
            first = rivals.iloc[0]
            others = found[found["id"].isin([typed["id"], *rivals["id"].iloc[1:]])]
            note = f"taking {_described(first)} for {text!r}; also {_listing(others.head(SUGGESTED))}"
            return ActorMatch(text, found, first, note, near_miss=True)
        bigger = found[~is_exact & (found["meetings"] > typed["meetings"])]
        if bigger.empty:
            return ActorMatch(text, found, typed)
        note = (
            f"taking {_described(typed)} for {text!r}; of {len(found) - 1} other candidate(s), "
            f"the most met is {_described(bigger.iloc[0])}"
        )
        return ActorMatch(text, found, typed, note)
    if contains.any():
        found = _ranked(dataset, actors[contains | near], key, rule)
        if len(found) > 1:
            return ActorMatch(text, found)
        first = found.iloc[0]
        return ActorMatch(text, found, first, f"taking {_described(first)} for {text!r}")
    return ActorMatch(text, _suggestions(dataset, actors, names, acronyms, key))


def find_actors(dataset: Dataset, text: str, kinds: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every actor that ``text`` could mean, ranked by meetings then closeness of spelling.

    The candidates of :func:`match_actor`: an exact id or Register ID alone; else exact names,
    acronyms and near-identical spellings; else names that contain the text; else the closest
    spellings (``match == "spelling"``, suggestions only).

    >>> ds = Dataset.from_records(actors=[
    ...     {"id": "organisation:beuc", "kind": "organisation", "name": "BEUC AISBL", "register_id": "9505781573-45"},
    ...     {"id": "mep:axel-voss", "kind": "mep", "name": "Axel Voss"}])
    >>> find_actors(ds, "9505781573-45")["id"].tolist()
    ['organisation:beuc']
    >>> find_actors(ds, "voss")["id"].tolist()
    ['mep:axel-voss']
    >>> find_actors(ds, "Axel Vos")[["id", "match"]].values.tolist()
    [['mep:axel-voss', 'contains']]
    >>> find_actors(ds, "Axl Voss")[["id", "match"]].values.tolist()
    [['mep:axel-voss', 'spelling']]
    """
    return match_actor(dataset, text, kinds).candidates


def find_actor(
    dataset: Dataset,
    text: str,
    kinds: tuple[str, ...] | None = None,
    *,
    notify: Callable[[str], None] | None = None,
    hint: str = "",
) -> pd.Series:
    """The one actor ``text`` names; a clear error listing the candidates when it is ambiguous.

    When the match is not exact, ``notify`` is given the note saying which actor was taken.
    Without ``notify`` a near miss (an exact match with a near-identical spelling beside it)
    is an error listing both, since nobody would see the note. ``hint`` ends the error when
    candidates were left out ("--all lists every candidate").

    >>> ds = Dataset.from_records(actors=[
    ...     {"id": "mep:a", "kind": "mep", "name": "Anna Meier"},
    ...     {"id": "mep:b", "kind": "mep", "name": "Anna Meierhof"}])
    >>> find_actor(ds, "Anna Meier")["id"]
    'mep:a'
    >>> find_actor(ds, "anna")
    Traceback (most recent call last):
    ...
    graphkit.errors.GraphkitError: 'anna' is ambiguous (2 candidates): Anna Meier (mep:a, 0 meetings), Anna Meierhof (mep:b, 0 meetings)
    >>> find_actor(ds, "Ana Meierhoff")
    Traceback (most recent call last):
    ...
    graphkit.errors.GraphkitError: no actor matches 'Ana Meierhoff' (try an id, Register ID, name or acronym); did you mean Anna Meierhof (mep:b, 0 meetings), Anna Meier (mep:a, 0 meetings)?
    """
    found = match_actor(dataset, text, kinds)
    if found.actor is None:
        raise GraphkitError(found.problem(hint=hint))
    if found.note:
        if notify is not None:
            notify(found.note)
        elif found.near_miss:
            raise GraphkitError(
                f"{text!r} is close to several actors: {_listing(found.candidates.head(SHOWN))}; give an id"
            )
    return found.actor


def _same_spelling(key: str, frame: pd.DataFrame) -> pd.Series:
    names = frame["name"].fillna("").map(normalise_name).tolist()
    if not names:
        return pd.Series(False, index=frame.index)
    return pd.Series(process.cdist([key], names, scorer=fuzz.ratio)[0] >= SAME_SPELLING, index=frame.index)


def _meetings(dataset: Dataset) -> pd.Series:
    participants = dataset.participants
    return participants.groupby("actor_id")["meeting_id"].nunique()


def _closeness(key: str, names: list[str], acronyms: list[str]) -> np.ndarray:
    """Spelling closeness, 0–100: the whole name (``ratio``, and ``token_sort_ratio`` for words
    in another order), the text as a part of a longer name (``partial_ratio`` × 0.9, so
    "Greenpece" finds "Greenpeace European Unit"), or the acronym (``ratio``).

    Not ``WRatio``: it also scores a short name inside the text ("EC" in "Greenpece": 90) and
    one shared word ("van" in "Kathleen van Bremt" and any Dutch association: 85).
    """
    if not names:
        return np.zeros(0)
    whole = process.cdist([key], names, scorer=fuzz.ratio)[0]
    reordered = process.cdist([key], names, scorer=fuzz.token_sort_ratio)[0]
    longer = np.array([len(name) > len(key) for name in names])
    part = np.where(longer, process.cdist([key], names, scorer=fuzz.partial_ratio)[0] * 0.9, 0)
    by_acronym = process.cdist([key], acronyms, scorer=fuzz.ratio)[0]
    return np.maximum.reduce([whole, reordered, part, by_acronym])


def _ranked(dataset: Dataset, frame: pd.DataFrame, key: str, rule: str | pd.Series) -> pd.DataFrame:
    """``frame`` with meetings, closeness and match columns, most meetings first."""
    out = frame.copy()
    out["meetings"] = out["id"].map(_meetings(dataset)).fillna(0).astype(int)
    names = out["name"].fillna("").map(normalise_name).tolist()
    acronyms = out["acronym"].fillna("").map(normalise_name).tolist()
    out["closeness"] = _closeness(normalise_name(key) or key, names, acronyms).astype(float).round(1)
    out["match"] = rule if isinstance(rule, str) else rule.loc[out.index]
    # An exact name or acronym ranks above a near spelling with the same meetings.
    tier = out["match"].isin(["name", "acronym"]).astype(int)
    out = out.assign(_tier=tier).sort_values(
        ["meetings", "_tier", "closeness", "name", "id"],
        ascending=[False, False, False, True, True],
        kind="stable",
    )
    return out.drop(columns="_tier").reset_index(drop=True)


def _suggestions(
    dataset: Dataset, actors: pd.DataFrame, names: pd.Series, acronyms: pd.Series, key: str
) -> pd.DataFrame:
    """Every actor spelled like ``key`` (``DID_YOU_MEAN``), closest first, then most meetings."""
    close = actors[_closeness(key, names.tolist(), acronyms.tolist()) >= DID_YOU_MEAN]
    out = _ranked(dataset, close, key, "spelling")
    return out.sort_values(["closeness", "meetings"], ascending=False, kind="stable").reset_index(drop=True)


def _described(row: pd.Series) -> str:
    meetings = int(row["meetings"])
    return f"{row['name']} ({row['id']}, {meetings} meeting{'' if meetings == 1 else 's'})"


def _listing(frame: pd.DataFrame) -> str:
    return ", ".join(_described(row) for _, row in frame.iterrows())


def candidate_table(candidates: pd.DataFrame, evidence: bool = True) -> pd.DataFrame:
    """The columns a person picks a candidate by (the ``id`` is what to type to take it), and
    with ``evidence`` the rule that matched and the spelling closeness."""
    columns = (
        ["name", "kind", "meetings", "closeness", "match", "id"]
        if evidence
        else ["name", "kind", "meetings", "id"]
    )
    return candidates[columns]
