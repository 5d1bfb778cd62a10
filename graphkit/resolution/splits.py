"""One body or several: names a source wrote joined with `` and `` that it could not tell apart.

OpenLobby's profile pages join co-attending organisations with `` and `` (``Human Rights Watch
and European Institute of Peace``), and organisations' own names hold `` and `` as well
(``European Federation of Pharmaceutical Industries and Associations``). The page source keeps
such a text as written and marks the attendee as possibly several
(:data:`graphkit.sources.POSSIBLY_JOINED`); this module decides with every name the workspace's
records give:

1. a name some record gives whole (another source, another page's owner, a Register entry, a
   page where it attends alone) stays whole: *kept whole*;
2. otherwise it is split at `` and `` (never inside brackets, and never where a bracket spells
   the words before it out) into the longest runs that are names records give, and the split is
   made when every part is a plausible organisation: a name records give, or one that says it
   is a body (an acronym, a legal form, a word such as *Watch*, *Institute*, *Federation*);
   beside a part records give, any part that is no fragment will do;
3. a part that is a fragment (``Associations``, ``Human Rights``, ``its various
   subsidiaries``) keeps the text whole, listed for review.

The meeting lists people type (Integrity Watch's and the Parliament's exports) join bodies the
same way, in every language (``Vanguard and Invesco``, ``ÖGB und AK Europa``, ``TCO och Saco``),
unmarked. :func:`split_listed_names` splits such a name only on stronger evidence: every part
is a name some other record gives (:func:`supported_parts`), and no record of the Commission's
lists or a profile page gives the text whole.

Every decision is a row of the ``merges`` table (``table`` = ``splits``; ``into_id`` the parts'
ids, ``;``-joined), so it is replayed the same way on every ingest and can be read back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

from graphkit.model import ids
from graphkit.model.names import fold, normalise_name
from graphkit.model.schema import ACTORS, ATTENDEE, MERGES, ORGANISATION, PARTICIPANTS
from graphkit.model.tables import Dataset, tidy
from graphkit.resolution.kinds import places
from graphkit.sources import POSSIBLY_JOINED
from graphkit.sources.entries import acronym_fits, is_acronym, looks_like_organisation

SPLITS = "splits"  # the merges table's ``table`` for these decisions
# Words that alone never name a body: a kind of member or a field, left over when "and" splits
# a name (from the joins the OpenLobby pages write: "… Industries and Associations", "… and
# Infrastructure Companies", "… and its various subsidiaries", "… Democracy and Human Rights").
_FRAGMENT_WORDS = frozenset({
    "associations", "companies", "industries", "subsidiaries", "affiliates", "members", "partners",
    "institutions", "organisations", "organizations", "enterprises", "employers", "workers",
    "human", "rights", "development", "environment", "justice", "infrastructure", "trade", "policy",
    "research", "innovation", "culture", "education", "health", "welfare", "peace", "democracy",
    "security", "technology", "technologies", "sciences", "science", "services", "affairs", "equality",
    "social", "economic", "sustainable", "its", "their", "various", "other", "others", "all", "related",
})  # fmt: skip
# Words that say only where or how widely: they make no name a body by themselves.
_WEAK_WORDS = frozenset({"eu", "europe", "european", "international", "global", "national", "world"})


def split_joined_names(dataset: Dataset) -> tuple[Dataset, pd.DataFrame]:
    """``dataset`` with every attendee marked as possibly several organisations split into
    them or kept whole, the marks cleared, and the decisions as ``merges`` rows.

    >>> from graphkit.sources import POSSIBLY_JOINED
    >>> joined = "Human Rights Watch and European Institute of Peace"
    >>> ds = Dataset.from_records(
    ...     actors=[{"id": ids.actor_id("organisation", joined), "kind": "organisation", "name": joined}],
    ...     participants=[{"meeting_id": "m", "actor_id": ids.actor_id("organisation", joined),
    ...                    "role": "attendee", "capacity": POSSIBLY_JOINED}])
    >>> out, log = split_joined_names(ds)
    >>> sorted(out.actors["name"]), log["rule"].str.split(":").str[0].tolist()
    (['European Institute of Peace', 'Human Rights Watch'], ['split'])
    """
    participants = dataset.participants
    marked = (participants["capacity"] == POSSIBLY_JOINED) & (participants["role"] == ATTENDEE)
    if not marked.any():
        return dataset, pd.DataFrame(columns=list(MERGES.columns))
    actors = dataset.actors
    joined_ids = set(participants.loc[marked, "actor_id"])
    whole = _named_whole(dataset, joined_ids, marked)
    orgs = actors[actors["kind"] == ORGANISATION]
    known = set(orgs.loc[~orgs["id"].isin(joined_ids - whole), "name"].map(normalise_name))
    known |= set(orgs["acronym"].dropna().map(normalise_name))
    names = dict(zip(actors["id"], actors["name"], strict=True))
    parts_of: dict[str, list[str]] = {}
    part_names: dict[str, str] = {}
    log = []
    for actor in sorted(joined_ids):
        name = names.get(actor)
        if name is None:
            continue
        if actor in whole:
            log.append(_row(actor, name, [actor], [name], "kept whole: a record names it whole"))
            continue
        parts = split_names(name, known)
        if len(parts) < 2:
            continue  # one name however it is read ("Transport and Environment (… and …)")
        fragments = [part for part in parts if not plausible_organisation(part, known)]
        if fragments and any(normalise_name(part) in known for part in parts):
            # Beside a name records give, the rest of the text is another name unless it is a
            # fragment ("Eurogroup for Animals and Aktionsbündnis Menschenrechte Philippinen").
            fragments = [part for part in fragments if is_fragment(part)]
        if fragments:
            shown = ", ".join(repr(part) for part in fragments)
            rule = f"kept whole (review): {shown} would be no organisation by itself"
            log.append(_row(actor, name, [actor], [name], rule))
            continue
        part_ids = [ids.actor_id(ORGANISATION, part) for part in parts]
        parts_of[actor] = part_ids
        part_names.update(zip(part_ids, parts, strict=True))
        rule = "split: " + " | ".join(parts) + " (each a known name or plainly an organisation)"
        log.append(_row(actor, name, part_ids, parts, rule))
    participants = participants.assign(capacity=participants["capacity"].where(~marked, None))
    if parts_of:
        participants, actors = _split(participants, actors, parts_of, part_names)
    out = Dataset(
        actors=actors,
        meetings=dataset.meetings,
        participants=participants,
        topics=dataset.topics,
        meeting_topics=dataset.meeting_topics,
        responses=dataset.responses,
        merges=dataset.merges,
    )
    return out, pd.DataFrame(log, columns=list(MERGES.columns))


def _named_whole(dataset: Dataset, joined_ids: set[str], marked: pd.Series) -> set[str]:
    """The marked names some record gives whole: an unmarked participation, a response, or a
    Register ID or acronym (which only a record of the body itself gives)."""
    participants = dataset.participants
    whole = set(participants.loc[~marked & participants["actor_id"].isin(joined_ids), "actor_id"])
    whole |= set(dataset.responses["actor_id"]) & joined_ids
    actors = dataset.actors[dataset.actors["id"].isin(joined_ids)]
    described = actors["register_id"].notna() | actors["acronym"].notna()
    return whole | set(actors.loc[described, "id"])


def split_names(text: str, known: set[str] | frozenset[str]) -> list[str]:
    """``text`` split at `` and `` outside brackets into the longest runs that are ``known``
    name keys, every other piece alone.

    >>> split_names("Human Rights Watch and European Institute of Peace", set())
    ['Human Rights Watch', 'European Institute of Peace']
    >>> split_names("Africa Europe Faith and Justice Network and Oxfam", {"africa europe faith and justice network"})
    ['Africa Europe Faith and Justice Network', 'Oxfam']
    >>> split_names("Transport and Environment (European Federation for Transport and Environment)", set())
    ['Transport and Environment (European Federation for Transport and Environment)']
    """
    pieces = _named_in_brackets_kept(_split_and_outside_brackets(text))
    names: list[str] = []
    i = 0
    while i < len(pieces):
        j = next(
            (j for j in range(len(pieces), i + 1, -1) if normalise_name(" and ".join(pieces[i:j])) in known),
            i + 1,
        )
        names.append(" and ".join(pieces[i:j]))
        i = j
    return [name for name in names if name]


def plausible_organisation(part: str, known: set[str] | frozenset[str]) -> bool:
    """Whether a part of a joined name may stand as an organisation: a name records give, or
    one that says it is a body; never a fragment (``Associations``, ``Human Rights``, ``its
    various subsidiaries``).

    >>> known = {"oxfam"}
    >>> [plausible_organisation(p, known) for p in ("Oxfam", "Human Rights Watch", "ECRE", "Associations")]
    [True, True, True, False]
    >>> plausible_organisation("Human Rights", known), plausible_organisation("its various subsidiaries", known)
    (False, False)
    """
    if normalise_name(part) in known:
        return True
    if is_fragment(part):
        return False
    words = [w.casefold().strip(".,()") for w in re.split(r"[\s\-–/]+", part) if w]
    first = part.split()[0]
    if is_acronym(first) and first.upper() not in {"EU", "UN"}:
        return True
    meaningful = [word for word in words if word not in _WEAK_WORDS]
    return looks_like_organisation(" ".join(meaningful)) if meaningful else False


def is_fragment(part: str) -> bool:
    """Whether a part of a joined name is a fragment of one: lower-case at its start (``its
    various subsidiaries``) or only words of a kind of member or a field (``Associations``,
    ``Human Rights``, ``Infrastructure Companies``).

    >>> is_fragment("Associations"), is_fragment("its various subsidiaries"), is_fragment("Oxfam")
    (True, True, False)
    """
    if not part[:1].isupper() and not part[:1].isdigit():
        return True
    words = [w.casefold().strip(".,()") for w in re.split(r"[\s\-–/]+", part) if w]
    return all(word in _FRAGMENT_WORDS | _WEAK_WORDS for word in words)


def _split(
    participants: pd.DataFrame,
    actors: pd.DataFrame,
    parts_of: dict[str, list[str]],
    part_names: dict[str, str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each split name's attendances given to its parts, its actor replaced by theirs (a part
    some record already holds keeps that record's row)."""
    moved = participants["actor_id"].isin(list(parts_of))
    spread = participants[moved].assign(actor_id=participants.loc[moved, "actor_id"].map(parts_of))
    spread = spread.explode("actor_id")
    participants = pd.concat([participants[~moved], spread], ignore_index=True)
    participants = participants[~participants.duplicated(list(PARTICIPANTS.key))].reset_index(drop=True)
    source = actors.set_index("id")["source"]
    fresh = pd.DataFrame(
        [
            {"id": part_id, "kind": ORGANISATION, "name": part_names[part_id], "source": source.get(actor)}
            for actor, part_ids in parts_of.items()
            for part_id in part_ids
        ]
    )
    kept = actors[~actors["id"].isin(list(parts_of))]
    fresh = fresh[~fresh["id"].isin(set(kept["id"]))].drop_duplicates("id")
    return participants, tidy(pd.concat([kept, fresh], ignore_index=True), ACTORS)


def _row(actor: str, name: str, into: list[str], into_names: list[str], rule: str) -> dict:
    return {
        "table": SPLITS,
        "from_id": actor,
        "into_id": ";".join(into),
        "from_name": name,
        "into_name": " | ".join(into_names),
        "rule": rule,
    }


def _split_and_outside_brackets(text: str) -> list[str]:
    """``text`` split at `` and `` except inside brackets (``Transport and Environment (European
    Federation for Transport and Environment)`` is one name at most)."""
    pieces, depth, start, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        depth += ch in "([{"
        depth -= ch in ")]}" and depth > 0
        if depth == 0 and text.startswith(" and ", i):
            pieces.append(text[start:i].strip())
            i += len(" and ")
            start = i
            continue
        i += 1
    pieces.append(text[start:].strip())
    return pieces


def _named_in_brackets_kept(pieces: list[str]) -> list[str]:
    """Pieces joined back where the bracket after one spells out the piece before it too:
    ``Transport`` and ``Environment (European Federation for Transport and Environment)`` are
    one name."""
    out: list[str] = []
    for piece in pieces:
        inner = re.search(r"\(([^()]*)\)", piece)
        if out and inner:
            spelled = set(normalise_name(inner.group(1)).split())
            before = set(normalise_name(out[-1]).split())
            if before and before <= spelled:
                out[-1] = f"{out[-1]} and {piece}"
                continue
        out.append(piece)
    return out


# The sources whose attendee fields people type, joining bodies with a conjunction; the
# Commission's lists and the profile pages name one registered body per entry.
TYPED_LIST_SOURCES = frozenset({"ep_meetings", "integritywatch_ep"})
# "and" in the languages the typed lists use (Integrity Watch's and the EP export's entries:
# English, German, French, Dutch, the Nordic languages, Italian, Spanish, Portuguese), and "&".
_CONJUNCTION = re.compile(r"\s+(?:and|und|et|en|och|og|e|y)\s+|\s*&\s*", re.IGNORECASE)
# "Henkel AG & Co. KGaA", "Miele & Cie. KG", "Cattaneo Zanetto & Co": a legal form, not a second body.
_AND_COMPANY = re.compile(r"&\s*(?:co|cie|sons|söhne|sohn|partners|associates)\b\.?", re.IGNORECASE)
# A mission or delegation *to* what follows: "New Zealand Mission to the European Union and
# NATO" is one mission to both.
_ENVOY_TO = re.compile(r"\b(?:mission|delegation|representation|embassy|ambassador)\s+(?:to|at|in)\b", re.IGNORECASE)
# How well a name must be known elsewhere to count as a body of its own in a typed list: a
# single word must be the name of a body that meets more than once, or that the Commission's
# lists or a profile page give ("Natuur", "milieu" and "Co. KG" are themselves leftovers of
# typed entries, met once).
_SUPPORTED_MEETINGS = 2


def split_listed_names(dataset: Dataset) -> tuple[Dataset, pd.DataFrame]:
    """``dataset`` with each organisation name that only the typed lists give, and that joins
    bodies every one of which other records name, split into them; the decisions as ``merges``
    rows (``table`` = ``splits``).

    >>> from graphkit.model.tables import Dataset
    >>> ds = Dataset.from_records(
    ...     actors=[{"id": ids.actor_id("organisation", n), "kind": "organisation", "name": n, "source": s}
    ...             for n, s in [("Vanguard and Invesco", "ep_meetings"), ("Vanguard", "ec_meetings"),
    ...                          ("Invesco", "ec_meetings"), ("Transport and Environment", "ep_meetings")]],
    ...     meetings=[{"id": "m", "source": "ep_meetings"}, {"id": "c", "source": "ec_meetings"}],
    ...     participants=[{"meeting_id": m, "actor_id": ids.actor_id("organisation", n), "role": "attendee"}
    ...                   for m, n in [("m", "Vanguard and Invesco"), ("c", "Vanguard"), ("c", "Invesco")]])
    >>> out, log = split_listed_names(ds)
    >>> sorted(out.participants.query("meeting_id == 'm'")["actor_id"])
    ['organisation:invesco', 'organisation:vanguard']
    >>> log["rule"].tolist()
    ['split: Vanguard | Invesco (each a name other records give)']
    """
    actors, participants = dataset.actors, dataset.participants
    attending = participants[participants["role"] == ATTENDEE]
    source_of = dataset.meetings.set_index("id")["source"] if len(dataset.meetings) else pd.Series(dtype=object)
    sources = attending["meeting_id"].map(source_of)
    typed_only = sources.isin(TYPED_LIST_SOURCES).groupby(attending["actor_id"]).all()
    orgs = actors[(actors["kind"] == ORGANISATION) & actors["register_id"].isna()]
    candidates = orgs[
        orgs["id"].map(typed_only).eq(True)
        & orgs["name"].str.contains(_CONJUNCTION, na=False)
        & ~orgs["name"].str.contains(_AND_COMPANY, na=False)
    ]
    if candidates.empty:
        return dataset, pd.DataFrame(columns=list(MERGES.columns))
    meetings = attending.groupby("actor_id")["meeting_id"].nunique()
    others = actors[(actors["kind"] == ORGANISATION) & ~actors["id"].isin(candidates["id"])]
    support = _support(others, meetings, typed_only)
    parts_of: dict[str, list[str]] = {}
    part_names: dict[str, str] = {}
    log = []
    for actor, name in zip(candidates["id"], candidates["name"], strict=True):
        parts = supported_parts(name, support)
        if parts is None:
            continue
        part_ids = [ids.actor_id(ORGANISATION, part) for part in parts]
        parts_of[actor] = part_ids
        part_names.update(zip(part_ids, parts, strict=True))
        log.append(_row(actor, name, part_ids, parts, "split: " + " | ".join(parts) + " (each a name other records give)"))
    if not parts_of:
        return dataset, pd.DataFrame(columns=list(MERGES.columns))
    participants, actors = _split(participants, actors, parts_of, part_names)
    return replace(dataset, actors=actors, participants=participants), pd.DataFrame(log, columns=list(MERGES.columns))


def supported_parts(name: str, support: Mapping[str, bool]) -> list[str] | None:
    """The parts of ``name`` split at its conjunctions (outside brackets), or None unless
    there are several and each is a name ``support`` holds as a body of its own (name key ->
    whether it holds as one even as a single word).

    >>> support = {"vanguard": True, "invesco": True, "natuur": False, "milieu": False, "hanbury strategy": False}
    >>> supported_parts("Vanguard and Invesco", support)
    ['Vanguard', 'Invesco']
    >>> supported_parts("Natuur & Milieu", support) is None
    True
    >>> supported_parts("Hanbury Strategy and Communications Limited", support) is None
    True
    >>> supported_parts("Vanguard (V) & Invesco", support)
    ['Vanguard (V)', 'Invesco']
    >>> supported_parts("Invesco en France", {"invesco": True, "france": True}) is None
    True
    """
    pieces = _split_outside_brackets(name, _CONJUNCTION)
    if len(pieces) < 2 or _ENVOY_TO.search(pieces[0]):
        return None
    if any(name_key(piece) in places() for piece in pieces):
        return None  # "… en France": Dutch "and" is French "in"
    for piece in pieces:
        if not any(_held(key, support) for key in _keys_of_piece(piece)):
            return None
    return pieces


def _held(key: str, support: Mapping[str, bool]) -> bool:
    held = support.get(key)
    return held is not None and (" " in key or held)


def _keys_of_piece(piece: str) -> list[str]:
    """The piece's key, and where it spells itself out in brackets ("Österreichischer
    Gewerkschaftsbund (ÖGB)") the keys of the words outside and inside the brackets."""
    keys = [name_key(piece)]
    inner = re.search(r"\(([^()]+)\)", piece)
    if inner:
        outside = piece[: inner.start()] + " " + piece[inner.end() :]
        keys.append(name_key(outside))
        # The bracket names the piece only when it spells the words outside it ("ÖGB" does
        # "Österreichischer Gewerkschaftsbund"; the "CER" of "… and Infrastructure Managers
        # (CER)" spells the whole name, not its last piece).
        if acronym_fits(inner.group(1), outside):
            keys.append(name_key(inner.group(1)))
    return [key for key in keys if key]


def name_key(text: str) -> str:
    """Lower-case words without accents or punctuation: a name as written, legal forms kept
    (``Communications Limited`` is not ``OD Communications``).

    >>> name_key("Österreichischer Gewerkschaftsbund (ÖGB)")
    'osterreichischer gewerkschaftsbund ogb'
    """
    return " ".join(re.sub(r"[\W_]+", " ", fold(text.casefold())).split())


def _support(orgs: pd.DataFrame, meetings: pd.Series, typed_only: pd.Series) -> dict[str, bool]:
    """Name key (names and acronyms) -> whether the body is known beyond one typed entry: it
    meets more than once, or a Commission list or a profile page names it."""
    strong = (orgs["id"].map(meetings).fillna(0) >= _SUPPORTED_MEETINGS) | orgs["id"].map(typed_only).eq(False)
    support: dict[str, bool] = {}
    for column in ("name", "acronym"):
        keys = orgs[column].dropna().astype(str).map(name_key)
        for key, held in zip(keys, strong.loc[keys.index], strict=True):
            if key:
                support[key] = support.get(key, False) or bool(held)
    return support


def _split_outside_brackets(text: str, separator: re.Pattern[str]) -> list[str]:
    """``text`` split where ``separator`` matches outside brackets."""
    pieces, start, depth = [], 0, 0
    bounds = [(m.start(), m.end()) for m in separator.finditer(text)]
    depth_at = []
    for ch in text:
        depth += ch in "([{"
        depth -= ch in ")]}" and depth > 0
        depth_at.append(depth)
    for begin, end in bounds:
        if depth_at[begin] == 0:
            pieces.append(text[start:begin].strip())
            start = end
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if piece]
