"""The spelling rules of entity resolution (rule 3 of :mod:`graphkit.resolution.resolve`): names
that are one name but for spacing, a word written as its initial, a misspelt word, word order
or language, a description in brackets, or the kind of body after them."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd
from rapidfuzz.distance import OSA, Indel

from graphkit.model.names import normalise_name
from graphkit.resolution.name_comparison import (
    STOPWORDS,
    concepts,
    is_acronym,
    place_roles,
    places_swap_roles,
)
from graphkit.resolution.name_spellings import closed, grouped

_DESCRIBED = re.compile(r"^(?P<name>[^()]*[A-Z][^()]*?)\s*\((?P<what>[a-z][a-z \-]+)\)$")
_INITIAL = re.compile(r"(?:^|\s)[A-ZÄÖÜ]\.\s")  # "H. Böll Stiftung"
_MIN_INITIALLED = 3  # words of a name, at least, for the initial rule
# The kinds of body a name may end with or leave out ("… Network Operators' Association").
_KINDS = frozenset({"association", "federation", "confederation", "organisation", "organization", "alliance",
                    "coalition", "council", "union", "society"})  # fmt: skip
_MIN_KINDLESS = 3  # words (that count) of a name without its kind, at least
_MIN_COMPACT = 5  # characters of a name key, at least, for the spacing rule
_MIN_WORDING = 2  # words (that count) of a name, at least, for the word-order-or-language rule
_MIN_FUZZY = 10  # characters of a name key, at least, for the misspelling rule
_MIN_MISSPELT = 5  # characters of the misspelt word, at least
_RARE_WORD = 3  # a misspelling is in at most this many organisation names
_COMMON_WORD = 5  # and the word it misspells in at least this many times as many


def spacing_merges(spellings: pd.DataFrame):
    """Organisations whose names are one but for spacing (``DIGITALEUROPE``, ``Digital
    Europe``), each group into its heaviest: ``(mapping, rules, None)``.

    >>> from graphkit.resolution.name_spellings import spellings_of
    >>> spacing_merges(spellings_of("DIGITALEUROPE", "Digital Europe"))[0]
    {'organisation:digitaleurope': 'organisation:digital-europe'}
    """
    compact = spellings["key"].str.replace(" ", "", regex=False)
    return grouped(spellings, compact.where(compact.str.len() >= _MIN_COMPACT), "same name but for spacing")


def initial_merges(spellings: pd.DataFrame):
    """``H. Böll Stiftung``: a name of three words or more with one of them written as its
    initial and a dot is the one organisation whose name has that word in full (``Heinrich
    Böll Stiftung``), where only one does.

    >>> from graphkit.resolution.name_spellings import spellings_of
    >>> initial_merges(spellings_of("Heinrich Böll Stiftung", "H. Böll Stiftung"))[0]
    {'organisation:h-boll-stiftung': 'organisation:heinrich-boll-stiftung'}
    """
    written = spellings[spellings["name"].str.contains(_INITIAL, na=False)]
    if written.empty:
        return {}, {}, None
    wanted: dict[tuple, list[str]] = {}
    for actor, key in zip(written["id"], written["key"], strict=True):
        words = key.split()
        if len(words) >= _MIN_INITIALLED:
            for i, word in enumerate(words):
                if len(word) == 1 and word not in STOPWORDS:
                    wanted.setdefault((*words[:i], word, *words[i + 1 :], i), []).append(actor)
    found: dict[tuple, set[str]] = {}
    for actor, key in zip(spellings["id"], spellings["key"], strict=True):
        words = key.split()
        for i, word in enumerate(words):
            signature = (*words[:i], word[0], *words[i + 1 :], i)
            if len(word) >= 3 and signature in wanted:
                found.setdefault(signature, set()).add(actor)
    mapping, rules = {}, {}
    for signature, writers in wanted.items():
        targets = found.get(signature, set())
        if len(targets) == 1:
            (into,) = targets
            for actor in writers:
                if actor != into and mapping.get(into) != actor:
                    mapping[actor] = into
                    rules[actor] = "same name but for a word's initial"
    return closed(mapping), rules, None


def kind_merges(spellings: pd.DataFrame):
    """``European Telecommunications Network Operators``: a name of three words or more is
    the one organisation whose name is it and the kind of body after it (``… Association``),
    where only one kind is written so.

    >>> from graphkit.resolution.name_spellings import spellings_of
    >>> kind_merges(spellings_of("European Telecommunications Network Operators",
    ...                          "European Telecommunications Network Operators' Association"))[0]
    {'organisation:european-telecommunications-network-operators': 'organisation:european-telecommunications-network-operators-association'}
    """
    ids_of_key: dict[str, set[str]] = {}
    for actor, key in zip(spellings["id"], spellings["key"], strict=True):
        ids_of_key.setdefault(key, set()).add(actor)
    longer: dict[str, set[str]] = {}
    for key, actors in ids_of_key.items():
        words = key.split()
        if len(words) >= 4 and words[-1] in _KINDS:
            longer.setdefault(" ".join(words[:-1]), set()).update(actors)
    mapping, rules = {}, {}
    for short, targets in longer.items():
        if len(targets) != 1 or short not in ids_of_key or len(set(short.split()) - STOPWORDS) < _MIN_KINDLESS:
            continue
        (into,) = targets
        for actor in sorted(ids_of_key[short] - {into}):
            if mapping.get(into) != actor:
                mapping[actor] = into
                rules[actor] = "same name but for the kind of body after it"
    return closed(mapping), rules, None


def described_merges(spellings: pd.DataFrame):
    """``Deutscher Gewerkschaftsbund (trade union association)``: a name with a description in
    brackets (lower-case words, not a name) is the name, where the data holds the name alone.

    >>> from graphkit.resolution.name_spellings import spellings_of
    >>> described_merges(spellings_of("Deutscher Gewerkschaftsbund", "Deutscher Gewerkschaftsbund (trade union)"))[0]
    {'organisation:deutscher-gewerkschaftsbund-trade-union': 'organisation:deutscher-gewerkschaftsbund'}
    """
    written = spellings["name"].str.extract(_DESCRIBED)
    described = spellings.assign(bare=written["name"])[written["name"].notna()]
    if described.empty:
        return {}, {}, None
    id_of_key = dict(zip(spellings["key"][::-1], spellings["id"][::-1], strict=True))
    mapping, rules = {}, {}
    for actor, bare in zip(described["id"], described["bare"], strict=True):
        if is_acronym(bare.strip()):
            continue  # "EDF (environmental defence fund)": which EDF the acronym alone is, is not known
        into = id_of_key.get(normalise_name(bare))
        if into and into != actor and actor not in mapping and mapping.get(into) != actor:
            mapping[actor] = into
            rules[actor] = "name with a description in brackets"
    return closed(mapping), rules, None


def wording_merges(spellings: pd.DataFrame):
    """Names of two words or more that say the same in another order or language
    (``Fédération Française Bancaire``, ``Fédération bancaire française``; ``Heinrich Böll
    Foundation``, ``Heinrich Böll Stiftung``): the same words, or words of :data:`SAME_WORD`.

    >>> from graphkit.resolution.name_spellings import spellings_of
    >>> wording_merges(spellings_of("Heinrich Böll Foundation", "Heinrich Böll Stiftung"))[0]
    {'organisation:heinrich-boll-stiftung': 'organisation:heinrich-boll-foundation'}
    """
    said = spellings["key"].map(concepts)
    said = said.where(said.map(len) >= _MIN_WORDING).map(lambda c: " ".join(sorted(c)) if isinstance(c, frozenset) else None)
    return grouped(spellings, _apart_where_places_swap(spellings["key"], said), "same name in another word order or language")


def _apart_where_places_swap(keys: pd.Series, said: pd.Series) -> pd.Series:
    """``said`` (what each name says, whatever its word order), made different for names
    that swap two places' roles (:func:`places_swap_roles`): ``China Chamber of Commerce to the
    EU`` and ``European Union Chamber of Commerce in China`` say different things. Only names
    with two places or more in a shared group are compared, pairwise (a handful).

    >>> keys = pd.Series(["china chamber of commerce to the eu", "european union chamber of commerce in china"])
    >>> said = keys.map(lambda k: " ".join(sorted(concepts(k))))
    >>> _apart_where_places_swap(keys, said).nunique()
    2
    """
    shared = said.notna() & said.duplicated(keep=False)
    placed = keys[shared].map(lambda key: len(place_roles(key)) >= 2)
    candidates = said[shared][placed]
    if candidates.empty:
        return said
    said = said.copy()
    for _, members in candidates.groupby(candidates, sort=False):
        if len(members) < 2:
            continue
        kept: list[list[str]] = []  # groups of keys that swap no places with each other
        for index in members.index:
            key = keys[index]
            group = next((n for n, g in enumerate(kept) if not any(places_swap_roles(key, k) for k in g)), None)
            if group is None:
                kept.append([key])
                group = len(kept) - 1
            else:
                kept[group].append(key)
            if group:
                said[index] = f"{said[index]} #{group}"
    return said


def misspelling_merges(spellings: pd.DataFrame):
    """Names that differ in one word only, that word a rare misspelling of a common one
    (``Transport & Enviroment``: *enviroment* is in 2 names, *environment* in 300).

    Both words must be within a small edit distance (``rapidfuzz``'s optimal string alignment),
    long enough to tell, and the rare spelling in at most :data:`_RARE_WORD` names while the
    other is in many more: two real words (*Austrian*, *Australian*; *Centre*, *Center*) are
    both common, so they never merge.
    """
    keys = spellings.drop_duplicates("key")[["key", "id"]]
    words = keys["key"].str.split()
    frequency = words.explode().value_counts().to_dict()
    candidates = keys.assign(words=words)[words.str.len().between(2, 8) & (keys["key"].str.len() >= _MIN_FUZZY)]
    # Keys that agree but for the word at one position share a pattern with that word blanked.
    patterns = candidates[["key", "words"]].explode("words").assign(position=lambda f: f.groupby(level=0).cumcount())
    tokens = candidates["words"].to_dict()
    patterns["pattern"] = [
        " ".join([*tokens[i][:p], "*", *tokens[i][p + 1 :]]) for i, p in zip(patterns.index, patterns["position"], strict=True)
    ]
    # Only patterns whose blanked word is somewhere a rare one can hold a misspelling.
    rare = {word for word, count in frequency.items() if count <= _RARE_WORD and len(word) >= _MIN_MISSPELT}
    patterns["rare"] = patterns["words"].isin(rare)
    shared = patterns[patterns.duplicated("pattern", keep=False)]
    shared = shared[shared.groupby("pattern")["rare"].transform("any")]
    id_of = dict(zip(keys["key"], keys["id"], strict=True))
    mapping, rules = {}, {}
    for _, group in shared.groupby("pattern", sort=True):
        spelled = sorted(zip(group["words"], group["key"], strict=True), key=lambda wk: (-frequency[wk[0]], wk[0]))
        for n, (word, key) in enumerate(spelled):
            if frequency[word] > _RARE_WORD:
                continue
            # The one more common spelling it misspells, if exactly one.
            fits = [(common, common_key) for common, common_key in spelled[:n] if _is_misspelling(word, common, frequency)]
            if len(fits) == 1 and id_of[key] not in mapping and id_of[key] != id_of[fits[0][1]]:
                common, common_key = fits[0]
                mapping[id_of[key]] = id_of[common_key]
                rules[id_of[key]] = f"misspelling of {common!r}"
    return closed(mapping), rules, None


def _is_misspelling(rare: str, common: str, frequency: Mapping[str, int]) -> bool:
    if rare.isdigit() or common.isdigit() or any(ch.isdigit() for ch in rare + common):
        return False
    if min(len(rare), len(common)) < _MIN_MISSPELT or frequency[rare] > _RARE_WORD:
        return False
    if frequency[common] < _COMMON_WORD * frequency[rare]:
        return False
    # One edit; in a long word two letters dropped or added (*Verenigingen*), never two
    # letters changed (*Transform*, *Transport*: both words).
    if OSA.distance(rare, common, score_cutoff=1) <= 1:
        return True
    return min(len(rare), len(common)) >= 8 and Indel.distance(rare, common, score_cutoff=2) <= 2
