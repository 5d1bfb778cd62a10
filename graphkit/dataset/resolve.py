"""Entity resolution: decide which records name the same organisation, MEP or meeting, and
merge them, keeping a log of every merge and the rule that made it (the ``merges`` table).

The spelling rules (3) compare every spelling known so far, names merged away included, so a
misspelling of a name merged into another still finds it. Resolution runs from scratch over every record the workspace holds, in a fixed order, so the
same records and the same alias file always give the same actors. Organisation ids are built
from the name key of :func:`graphkit.model.names.normalise_name`, so spellings that differ only
in case, accents, punctuation, ``&``/``and``, a leading ``The`` or a legal form already share an
id before this step runs. On top of that, in this order, each rule merging what the rules before
it left:

1. user aliases (``alias,canonical`` CSV; canonical a name or a Register ID);
2. the same Register ID, when the names agree (the same key, one the acronym of the other,
   one's words within the other's, or spellings ``rapidfuzz`` finds close); a Register ID
   shared by names that do not agree is a candidate for review, not a merge;
3. the same name but for spacing (``DIGITALEUROPE`` and ``Digital Europe``), or but for a
   word written as its initial where only one name has that word in full (``H. Böll
   Stiftung``), or but for one
   word misspelt: a rare spelling within an edit or two of a word many more names use
   (``Transport & Enviroment``), never two words both in common use (*Austrian*/*Australian*);
   or the same two or more words in another order or language (``Heinrich Böll Foundation``,
   ``Heinrich Böll Stiftung``; a short hand-kept list of the words organisations' names are
   made of: federation, association, bank, foundation, …); or but for a lower-case description
   in brackets (``Deutscher Gewerkschaftsbund (trade union association)``);
4. acronym and full name, from the Register (an entry's ``acronym``) or from evidence in the
   data: a name written ``Full Name (ACR)``, ``ACR (Full Name)``, ``ACR - Full Name``, ``Full
   Name - ACR`` or ``ACR, Full Name`` pairs the two, when the acronym is an abbreviation of the
   full name (its letters in order in the name's words) or the initials of a translation. Then
   the acronym alone, the full name alone, each name written beside the acronym and a name
   that differs from a member only by the acronym written out (``CAN Europe``) are one
   organisation. An acronym two different full names claim (``EEB``: *European Environmental
   Bureau* and *European Economic Board*), or a name written beside two acronyms, merges
   nothing: it is a candidate for review;
   A name written beside a clustered acronym whose other part is close to a name of the
   cluster (``BEUC The European Customer Organisation``) or is a job title (``Public Affairs
   Director ACEA``) joins it too; so does one that says the same in other words or another
   language, sharing a word few names have that is not a place nor a kind of body
   (``European Steel Industry (EUROFER)``), and then that name written alone. A name the
   acronym is the initials of joins when it says what a name of the cluster says but for
   misspelt words and an adjective of nationality (*Verband der deutschen
   Automobilindustrie* for VDA); never a name with another word in place of one (*European
   Movement Ireland* is not *European Movement International*). Full names of one acronym
   that are rivals, each with a telling word the other lacks (*European Barge Union*,
   *European Blind Union*), make the acronym a conflict; a typo of an acronym (EFT) does not
   take a name from the acronym of its initials (ETF);
5. a name in two parts, one a known organisation and the other naming no one the data knows,
   written the way one organisation is: ``IBERDROLA (IBE)``, ``Hydrogen Europe (Junior Policy
   Officer)``, ``Association of Retailers (EuroCommerce)``, ``CEMA - what it stands for`` (an
   acronym the data knows with a name), ``Caisse des Dépôts : Laurent Zylberberg``; never two
   known organisations (``France Assureurs - German Insurance Association``), a branch
   (``… – Bulgaria``), a second body (``VNO-NCW - MKB-Nederland``), a job title or a place as
   the known part, nor an acronym's new full name (the acronym rule judges those). Where both
   parts are known, they merge only when the bracketed one is the other written short from
   the starts of its words, as the data writes it (``… (AmCham EU)``);
6. MEPs with the same EP member id;
7. meetings from different sources with the same hosts and date and shared organisations or a
   similar title are one meeting, whose ``source`` lists every source.

No merge is made by fuzzy similarity of names alone: :func:`candidates` lists those for review.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Indel

from graphkit.dataset.acronyms import acronym_clusters, acronym_variants
from graphkit.dataset.name_comparison import (
    STOPWORDS,
    abbreviates,
    concept_counts,
    concepts,
    initials,
    is_acronym,
    names_a_body,
    names_agree,
    rival_names,
    says_the_same,
    shares_concepts,
    tells_the_same,
    translation_fits,
)
from graphkit.model import ids
from graphkit.model.names import TITLE_WORDS, normalise_name
from graphkit.model.schema import (
    ACTORS,
    ATTENDEE,
    HOST,
    MEETING_TOPICS,
    MEETINGS,
    MEP,
    MERGES,
    ORGANISATION,
    PARTICIPANTS,
    RESPONSES,
)
from graphkit.model.tables import Dataset, sorted_join, tidy

_MAY_EXPAND = re.compile(r"\b[A-Z][A-Z0-9&\-]+\b")  # a name with an acronym in it
_DESCRIBED = re.compile(r"^(?P<name>[^()]*[A-Z][^()]*?)\s*\((?P<what>[a-z][a-z \-]+)\)$")
_TITLE_SIMILARITY = 0.5
# "A - B", "A | B", "A: B", "A (B)"; not "A / B", which as often joins two organisations.
_TWO_PARTS = re.compile(r"^(?P<a>[^()|:–—]+?)(?P<sep>\s+[-–—|]\s+|\s*:\s+)(?P<b>[^()]+)$|^(?P<a2>[^()]+?)\s*\((?P<c>[^()]+)\)$")
_JOINED = re.compile(r"\s(?:and|&|und|et)\s+[A-Z]|,\s*[A-Z]")  # "… and European Society …": two bodies
# The words job titles are made of beside the title word: "Public Affairs and Stakeholder
# Relations Director", "Communication and Public Affairs officer".
_TITLE_CONTEXT = frozenset({
    "public", "affairs", "policy", "policies", "communication", "communications", "stakeholder", "relations",
    "emissions", "fuels", "project", "projects", "advocacy", "eu", "european", "government", "regulatory",
    "legal", "technical", "media", "press", "external", "international", "corporate", "general", "executive",
})  # fmt: skip
_MORE_TITLES = frozenset({"delegate", "ambassadeur", "representative", "officers", "advisors", "staff"})
# Countries beyond the EU member states (which the data names as MEPs' countries).
_MORE_PLACES = frozenset({"united kingdom", "uk", "norway", "switzerland", "iceland", "ukraine", "turkey", "serbia",
                          "usa", "us", "united states", "canada", "china", "japan", "india", "brazil"})  # fmt: skip
_REGIONS = frozenset({"europe", "eu", "european region", "europe region", "region europe", "emea", "international",
                      "global", "world", "worldwide", "european office", "eu office", "brussels office"})  # fmt: skip
_GENERIC_WORDS = frozenset({"europe", "european", "industry", "international", "association", "federation",
                            "foundation", "council", "network", "alliance", "coalition", "office", "group", "ngo",
                            "commission", "parliament", "government", "ministry"})  # fmt: skip
_CLOSE_TO_FULL = 88  # rapidfuzz ratio of a name beside an acronym to the full name it stands for
_WORD = re.compile(r"\w+")
_INITIAL = re.compile(r"(?:^|\s)[A-ZÄÖÜ]\.\s")  # "H. Böll Stiftung"
_MIN_INITIALLED = 3
# The kinds of body a name may end with or leave out ("… Network Operators' Association").
_KINDS = frozenset({"association", "federation", "confederation", "organisation", "organization", "alliance",
                    "coalition", "council", "union", "society"})  # fmt: skip
_MIN_KINDLESS = 3  # words (that count) of a name without its kind, at least
_RARE_NATIONAL = 20  # a word in at most this many names makes a name without its nationality one body  # words of a name, at least, for the initial rule
_MIN_COMPACT = 5  # characters of a name key, at least, for the spacing rule
_MIN_WORDING = 2  # words (that count) of a name, at least, for the word-order-or-language rule
_MIN_FUZZY = 10  # characters of a name key, at least, for the misspelling rule
_MIN_MISSPELT = 5  # characters of the misspelt word, at least
_RARE_WORD = 3  # a misspelling is in at most this many organisation names
_COMMON_WORD = 5  # and the word it misspells in at least this many times as many


def resolve(dataset: Dataset, aliases: pd.DataFrame | None = None, alias_file: str = "aliases") -> Dataset:
    """Merge duplicate actors and meetings in ``dataset`` and return the merged dataset, with
    every merge logged in ``merges``.

    ``dataset`` holds records as the sources read them (any merges it carries are replaced);
    ``aliases`` is what :func:`graphkit.dataset.aliases.read_aliases` returns.

    >>> ds = Dataset.from_records(actors=[
    ...     {"id": "organisation:beuc", "kind": "organisation", "name": "BEUC"},
    ...     {"id": "organisation:bureau-europeen-des-unions-de-consommateurs-beuc", "kind": "organisation",
    ...      "name": "Bureau Européen des Unions de Consommateurs (BEUC)"}])
    >>> out = resolve(ds)
    >>> out.actors[["id", "acronym"]].values.tolist()
    [['organisation:beuc', 'BEUC']]
    >>> out.merges["rule"].str.startswith("acronym").all()
    np.True_
    """
    logs = []
    if aliases is not None and len(aliases):
        dataset, log = _merge_actors(dataset, *_alias_merges(dataset, aliases, alias_file))
        logs.append(log)
    dataset, log = _merge_actors(dataset, *_register_merges(dataset))
    logs.append(log)
    # The spelling rules compare every spelling known so far, the names merged away too: a
    # misspelling of "Transport and Environment" still matches once that name is merged into
    # the long one.
    for rule in (
        _spacing_merges, _initial_merges, _misspelling_merges, _wording_merges, _described_merges, _kind_merges
    ):  # fmt: skip
        dataset, log = _merge_actors(dataset, *rule(_spellings(dataset, _merged_names(logs))))
        logs.append(log)
    # Names merged away so far still say which acronym goes with which name.
    dataset, log = _merge_actors(dataset, *_acronym_merges(dataset, _merged_names(logs)))
    logs.append(log)
    dataset, log = _merge_actors(dataset, *_two_part_merges(_spellings(dataset, _merged_names(logs)), dataset))
    logs.append(log)
    dataset, log = _merge_actors(dataset, *_mep_merges(dataset))
    logs.append(log)
    dataset, log = _merge_meetings(dataset, _meeting_merges(dataset))
    logs.append(log)
    logged = [log for log in logs if len(log)]
    merges = pd.concat(logged, ignore_index=True) if logged else pd.DataFrame(columns=list(MERGES.columns))
    merges = _with_current_names(_follow_chains(merges), dataset)
    return Dataset(
        actors=dataset.actors,
        meetings=dataset.meetings,
        participants=dataset.participants,
        topics=dataset.topics,
        meeting_topics=dataset.meeting_topics,
        responses=dataset.responses,
        merges=tidy(merges, MERGES),
    )


def _with_current_names(merges: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """``into_name`` as the kept record is called now (a chain of merges may have moved it)."""
    if merges.empty:
        return merges
    names = pd.concat(
        [
            dataset.actors.set_index("id")["name"].rename(index=lambda i: ("actors", i)),
            dataset.meetings.set_index("id")["title"].rename(index=lambda i: ("meetings", i)),
        ]
    )
    keys = pd.Series(list(zip(merges["table"], merges["into_id"], strict=True)), index=merges.index)
    current = keys.map(names)
    return merges.assign(into_name=current.where(current.notna(), merges["into_name"]))


def _merged_names(logs: list[pd.DataFrame]) -> pd.DataFrame:
    """Organisation names merged away in ``logs`` (``id``: the actor each belongs to now)."""
    merges = [log for log in logs if len(log)]
    if not merges:
        return pd.DataFrame(columns=["id", "name"])
    merges = _follow_chains(pd.concat(merges, ignore_index=True))
    merges = merges[merges["from_id"].str.startswith(ORGANISATION + ":")]
    return pd.DataFrame({"id": merges["into_id"], "name": merges["from_name"]}).dropna()


def merge_counts(dataset: Dataset) -> dict[str, int]:
    """How resolution changed the counts: organisations before and after, meetings merged
    (every meeting that several sources reported and resolution made one).

    >>> merge_counts(Dataset.empty())
    {'organisations_before': 0, 'organisations_after': 0, 'meetings_merged': 0}
    """
    merges = dataset.merges
    after = int((dataset.actors["kind"] == ORGANISATION).sum())
    merged_orgs = int(
        ((merges["table"] == "actors") & merges["from_id"].str.startswith("organisation:")).sum()
    )
    return {
        "organisations_before": after + merged_orgs,
        "organisations_after": after,
        "meetings_merged": int((merges["table"] == "meetings").sum()),
    }


# --- actors ---------------------------------------------------------------------------------


def _weights(dataset: Dataset) -> pd.Series:
    """How often each actor appears (meetings and responses): the most-used spelling wins."""
    counts = pd.concat([dataset.participants["actor_id"], dataset.responses["actor_id"]]).value_counts()
    return dataset.actors["id"].map(counts).fillna(0).astype(int)


def _organisations(dataset: Dataset) -> pd.DataFrame:
    """The organisations with their name key (read back from the id) and weight, heaviest
    first (ties by id), the order in which every rule picks the spelling to keep."""
    actors = dataset.actors
    orgs = actors[actors["kind"] == ORGANISATION].copy()
    orgs["weight"] = _weights(dataset).loc[orgs.index]
    orgs["key"] = _keys_from_ids(orgs["id"])
    return orgs.sort_values(["weight", "id"], ascending=[False, True])


def _spellings(dataset: Dataset, merged: pd.DataFrame) -> pd.DataFrame:
    """Every spelling known so far of each organisation (``id, name, key, weight``): its name
    and the names merged into it, heaviest organisation first, its own name before the others."""
    orgs = _organisations(dataset)[["id", "name", "key", "weight"]]
    if len(merged):
        weight = dict(zip(orgs["id"], orgs["weight"], strict=True))
        weights = merged["id"].map(weight)  # (a dict lookup: isin on Arrow strings is slow)
        extra = merged[weights.notna()]
        extra = pd.DataFrame(
            {"id": extra["id"], "name": extra["name"], "key": extra["name"].map(normalise_name),
             "weight": weights[weights.notna()].astype(int)}
        )  # fmt: skip
        # Each merged name right after its organisation's own (orgs is in rule order already).
        position = pd.Series(np.arange(len(orgs)), index=orgs["id"].to_numpy())
        both = pd.concat([orgs, extra], ignore_index=True)
        own = np.r_[np.zeros(len(orgs), dtype=np.int8), np.ones(len(extra), dtype=np.int8)]
        order = np.lexsort((np.arange(len(both)), own, position.reindex(both["id"]).to_numpy()))
        orgs = both.iloc[order]
    return orgs[orgs["key"] != ""].drop_duplicates(["id", "key"])


def _grouped(spellings: pd.DataFrame, by: pd.Series, rule: str):
    """Merge the organisations whose spellings share a value of ``by`` (several spellings of one
    organisation may join several groups): each group into its heaviest, transitively."""
    order = {actor: n for n, actor in enumerate(dict.fromkeys(spellings["id"]))}
    parent: dict[str, str] = {}

    def root(actor: str) -> str:
        while parent.get(actor, actor) != actor:
            actor = parent[actor]
        return actor

    frame = spellings.assign(by=by)
    frame = frame[frame["by"].notna() & frame.duplicated("by", keep=False)]
    for _, members in frame.groupby("by", sort=False)["id"]:
        roots = sorted({root(m) for m in members}, key=order.__getitem__)
        for other in roots[1:]:
            parent[other] = roots[0]
    mapping = {actor: root(actor) for actor in parent}
    mapping = {a: r for a, r in mapping.items() if a != r}
    return mapping, dict.fromkeys(mapping, rule), None


def _alias_merges(dataset: Dataset, aliases: pd.DataFrame, alias_file: str):
    orgs = _organisations(dataset)
    keys = orgs["key"]
    acronyms = orgs["acronym"].fillna("").map(normalise_name)
    mapping, rules, new_rows = {}, {}, []
    for alias, canonical in zip(aliases["alias"], aliases["canonical"], strict=True):
        if re.fullmatch(r"\d{6,15}-\d{2}", canonical):
            targets = orgs.loc[orgs["register_id"] == canonical, "id"]
        else:
            key = normalise_name(canonical)
            targets = orgs.loc[(keys == key) | (acronyms == key), "id"]
        if len(targets):
            into = targets.iloc[0]
        else:
            into = ids.actor_id(ORGANISATION, canonical)
            new_rows.append({"id": into, "kind": ORGANISATION, "name": canonical, "source": "alias"})
        key = normalise_name(alias)
        for from_id in orgs.loc[(keys == key) | (acronyms == key), "id"]:
            if from_id != into:
                mapping[from_id] = into
                rules[from_id] = f"alias ({Path(alias_file).name}): {alias!r} is {canonical!r}"
    return mapping, rules, pd.DataFrame(new_rows).drop_duplicates("id") if new_rows else None


def _register_merges(dataset: Dataset):
    orgs = _organisations(dataset)
    orgs = orgs[orgs["register_id"].notna()]
    if orgs.empty:
        return {}, {}, None
    orgs = orgs.assign(from_register=orgs["source"].fillna("").str.contains("register"))
    orgs = orgs.sort_values(["register_id", "from_register", "weight", "id"], ascending=[True, False, False, True])
    mapping, rules = {}, {}
    for register_id, group in orgs.groupby("register_id", sort=True):
        if len(group) < 2:
            continue
        names = dict(zip(group["id"], group["name"], strict=True))
        kept: list[str] = []  # bodies the ID's names fall into: each one a kept actor
        for actor in group["id"]:
            into = next((k for k in kept if names_agree(names[k], names[actor])), None)
            if into is None:
                kept.append(actor)
            else:
                mapping[actor] = into
                rules[actor] = f"same Register ID {register_id}"
    return mapping, rules, None


def _spacing_merges(spellings: pd.DataFrame):
    compact = spellings["key"].str.replace(" ", "", regex=False)
    return _grouped(spellings, compact.where(compact.str.len() >= _MIN_COMPACT), "same name but for spacing")


def _initial_merges(spellings: pd.DataFrame):
    """``H. Böll Stiftung``: a name of three words or more with one of them written as its
    initial and a dot is the one organisation whose name has that word in full (``Heinrich
    Böll Stiftung``), where only one does."""
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
    return _closed(mapping), rules, None


def _kind_merges(spellings: pd.DataFrame):
    """``European Telecommunications Network Operators``: a name of three words or more is
    the one organisation whose name is it and the kind of body after it (``… Association``),
    where only one kind is written so."""
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
    return _closed(mapping), rules, None


def _described_merges(spellings: pd.DataFrame):
    """``Deutscher Gewerkschaftsbund (trade union association)``: a name with a description in
    brackets (lower-case words, not a name) is the name, where the data holds the name alone."""
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
    return _closed(mapping), rules, None


def _wording_merges(spellings: pd.DataFrame):
    """Names of two words or more that say the same in another order or language
    (``Fédération Française Bancaire``, ``Fédération bancaire française``; ``Heinrich Böll
    Foundation``, ``Heinrich Böll Stiftung``): the same words, or words of :data:`SAME_WORD`."""
    said = spellings["key"].map(concepts)
    said = said.where(said.map(len) >= _MIN_WORDING).map(lambda c: " ".join(sorted(c)) if isinstance(c, frozenset) else None)
    return _grouped(spellings, said, "same name in another word order or language")


def _misspelling_merges(spellings: pd.DataFrame):
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
    return _closed(mapping), rules, None


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


def _acronym_merges(dataset: Dataset, merged: pd.DataFrame | None = None):
    """Merges by acronym evidence (see the module's rule 4). ``merged`` adds names merged away
    by earlier rules (``id``: the actor each belongs to now), so their evidence still counts."""
    orgs = _organisations(dataset)
    names = orgs[["id", "name", "acronym", "source"]]
    if merged is not None and len(merged):
        names = pd.concat([names, merged.assign(acronym=None, source=None)], ignore_index=True)
    clusters, evidence, conflicts = acronym_clusters(names)
    if not evidence:
        return {}, {}, None
    actors_of_key: dict[str, list[str]] = {}
    for key, actor in zip(names["name"].map(normalise_name), names["id"], strict=True):
        listed = actors_of_key.setdefault(key, [])
        if actor not in listed:
            listed.append(actor)
    weight = dict(zip(orgs["id"], orgs["weight"], strict=True))
    counts = concept_counts(actors_of_key)
    register_id = dict(zip(orgs["id"], orgs["register_id"], strict=True))
    name_of = dict(zip(orgs["id"], orgs["name"], strict=True))
    member_of_cluster = {}
    for acr_key, keys in clusters.items():
        for key in keys:
            member_of_cluster.setdefault(key, acr_key)
    # Names that differ from a member only by the acronym written out or written inside:
    # "CAN Europe" (Climate Action Network Europe), "Climate Action Network (CAN) Europe".
    expanded = {}
    may_expand = orgs[orgs["name"].str.contains(_MAY_EXPAND, na=False)]
    for actor, name in zip(may_expand["id"], may_expand["name"], strict=True):
        for variant in acronym_variants(name, clusters, evidence):
            key = normalise_name(variant)
            if key in actors_of_key or key in member_of_cluster:
                expanded.setdefault(actor, key)
    clusters = _with_names_it_initials(clusters, evidence, conflicts, names, counts)
    mapping, rules, new_rows = {}, {}, []
    for acr_key, keys in sorted(clusters.items()):
        ev = evidence[acr_key]
        members = {actor for key in keys for actor in actors_of_key.get(key, ())}
        members |= {actor for actor, key in ev.paired.items() if key in keys and actor in weight}
        meant = {concepts(key) for key in keys}
        members |= {actor for actor, key in ev.loose.items() if concepts(key) in meant and actor in weight}
        members |= {actor for actor, key in expanded.items() if key in keys or member_of_cluster.get(key) == acr_key}
        # Written with the acronym and a name close to what it stands for ("BEUC The European
        # Customer Organisation", "ACEA European Automobile manufacturers"): the acronym and
        # the name agree, so the writer is one of them.
        # So is a job title written with it ("Public Affairs Director ACEA").
        stands_for = sorted(keys - {acr_key})
        members |= {
            actor for actor, key in [*ev.paired.items(), *ev.loose.items()]
            if actor in weight and (any(_close(key, full) for full in stands_for) or _job_title(key))
        }  # fmt: skip
        # Or says the same in other words or another language, sharing a word few names have:
        # "Association of German Banks (BdB)", "VDA - Office Verband der Automobilindustrie".
        # Then that name written alone is the organisation too.
        # (Written with no separator too: "Europäischer Verband der Automobilhersteller ACEA".)
        retold = {
            key for key in [*ev.beside, *ev.loose.values()] if key not in keys and tells_the_same(key, stands_for, counts, ev.acronym)
        }  # fmt: skip
        members |= {actor for actor, key in [*ev.paired.items(), *ev.loose.items()] if key in retold and actor in weight}
        members |= {actor for key in retold for actor in actors_of_key.get(key, ()) if actor in weight}
        members = {m for m in members if m not in mapping}
        if len(members) < 2:
            continue
        full_key = min(ev.full, key=lambda k: (-len(actors_of_key.get(k, ())), k)) if ev.full else None
        full_actors = actors_of_key.get(full_key, []) if full_key else []
        into = full_actors[0] if full_actors else min(members, key=lambda m: (-weight[m], m))
        members.add(into)
        full_name = ev.full.get(full_key) if full_key else None
        full_name = full_name or next(iter(ev.translated.values()), name_of[into])
        rule = f"acronym {ev.acronym} = {full_name}"
        into_register = register_id.get(into)
        for member in sorted(members - {into}):
            own = register_id.get(member)
            if isinstance(own, str) and isinstance(into_register, str) and own != into_register:
                continue  # a different Register entry: not the same organisation
            mapping[member] = into
            rules[member] = rule
        new_rows.append({"id": into, "kind": ORGANISATION, "name": name_of[into], "acronym": ev.acronym})
    # An acronym two names claim says nothing alone, but "Electricité de France (EDF)" still
    # names Electricité de France.
    for acr_key, ev in sorted(evidence.items()):
        if acr_key in clusters:
            continue
        for writer, partner in sorted(ev.paired.items()):
            targets = [a for a in actors_of_key.get(partner, ()) if a != writer and a in weight]
            if writer in weight and writer not in mapping and targets and partner in {*ev.full, *ev.translated}:
                into = min(targets, key=lambda m: (-weight[m], m))
                mapping[writer] = mapping.get(into, into)
                rules[writer] = f"name with its acronym {ev.acronym}"
    rows = pd.DataFrame(new_rows).drop_duplicates("id") if new_rows else None
    return _closed(mapping), rules, rows


def _with_names_it_initials(
    clusters: dict[str, set[str]],
    evidence: Mapping,
    conflicts: list,
    names: pd.DataFrame,
    counts: Mapping[str, int],
) -> dict[str, set[str]]:
    """``clusters`` with the names an acronym is the initials of that say the same as a name
    written beside it, in other words or another language: *Verband der deutschen
    Automobilindustrie* for VDA (*Verband der Automobilindustrie*), *Gesamtverband der
    Deutschen Versicherungswirtschaft* for GDV (written *German Insurance Association - GDV*).
    Two names written apart that agree on what an acronym stands for make it a cluster. Never
    for an acronym in conflict, nor where several such names do not agree."""
    claimed = {conflict[1].casefold() for conflict in conflicts}
    by_initials: dict[str, set[str]] = {}
    for name in names["name"].dropna().unique():
        if not is_acronym(name):
            key = normalise_name(name)  # without its legal form: "… e.V." is not a letter
            letters = initials(key)
            if len(letters) >= 2:
                by_initials.setdefault(letters, set()).add(key)
    out = dict(clusters)
    for acr_key, ev in evidence.items():
        if ev.acronym.casefold() in claimed:
            continue
        found = by_initials.get("".join(ch for ch in ev.acronym.upper() if ch.isalnum()), set())
        keys = out.get(acr_key, {acr_key, *ev.beside})
        said = sorted(keys - {acr_key})
        telling = {key for key in found - keys if any(says_the_same(key, other) for other in said)}
        if telling and _all_agree(sorted(telling)):
            out[acr_key] = {*keys, *telling, *(k for k in said if acr_key in clusters or k in ev.beside)}
    return out


def _all_agree(keys: list[str]) -> bool:
    return all(names_agree(keys[0], other) for other in keys[1:])


def _job_title(key: str) -> bool:
    """Whether a name key is a job title and nothing more (``public affairs director``)."""
    words = set(key.split()) - STOPWORDS
    return bool(words & TITLE_WORDS) and words <= TITLE_WORDS | _TITLE_CONTEXT


def _close(key: str, full: str) -> bool:
    """Whether a name written beside an acronym is close to a full name it stands for: one
    word changed in a long name, or most of its words."""
    if fuzz.ratio(key, full) >= _CLOSE_TO_FULL:
        return True
    words, full_words = set(key.split()) - STOPWORDS, set(full.split()) - STOPWORDS
    return len(words) >= 2 and words <= full_words and 3 * len(words) >= 2 * len(full_words)


def _two_part_merges(spellings: pd.DataFrame, dataset: Dataset):
    """A name in two parts, one of them a known organisation and the other no one the data
    knows, written in a way that names one organisation: ``IBERDROLA (IBE)``, ``Association of
    Retailers (EuroCommerce)``, ``Hydrogen Europe (Junior Policy Officer)``, ``FEAD – The
    European Waste Management Association``, ``Caisse des Dépôts : Laurent Zylberberg``.

    Nothing merges where both parts are known and differ (``France Assureurs - German Insurance
    Association``), where the unknown part holds a known name, an acronym, a place
    (``Union of International Haulers – Bulgaria``: a branch) or a person the data knows, where
    the known part is short, generic or a description, nor for ``Name - Other Name`` (as often
    two organisations, ``Ystad Hamn - Ehrenberg Sörensen Kommunikation``, as one).
    """
    id_of_key = dict(zip(spellings["key"][::-1], spellings["id"][::-1], strict=True))
    spelled: dict[str, list[str]] = {}
    written: dict[str, set[str]] = {}
    for actor, name in zip(spellings["id"], spellings["name"], strict=True):
        if not is_acronym(name):
            spelled.setdefault(actor, []).append(name)
        written.setdefault(actor, set()).add(name.strip())
    places = frozenset(dataset.actors["country"].dropna().map(normalise_name)) | _MORE_PLACES
    others = dataset.actors.loc[dataset.actors["kind"] != ORGANISATION, "name"].dropna()
    other_keys = set(others.map(normalise_name))
    two_part = spellings[spellings["name"].str.contains(r" [-–—|] |: |\(", na=False)]
    mapping, rules = {}, {}
    for actor, name in zip(two_part["id"], two_part["name"], strict=True):
        if actor in mapping:
            continue
        parts = _two_parts(name)
        if parts is None:
            continue
        first, second, how = parts
        known = [id_of_key.get(normalise_name(first)), id_of_key.get(normalise_name(second))]
        if (
            known[0] and known[1] and known[0] != known[1] and how == "brackets" and _contracts(second, first)
            and second in written.get(known[1], ())  # as the data writes it ("New Era" is not "New ERA")
        ):  # fmt: skip
            # "American Chamber of Commerce to the European Union (AmCham EU)": both known,
            # the one written short for the other.
            for member in {actor, known[1]} - {known[0]}:
                if mapping.get(known[0]) != member:
                    mapping[member] = known[0]
                    rules[member] = f"name in two parts, one of them {second!r} written short"
            continue
        if bool(known[0]) == bool(known[1]):
            continue  # both unknown, or both known (the same already, or two organisations)
        side = 0 if known[0] else 1
        into, shown, unknown = known[side], (first, second)[side], (first, second)[1 - side]
        if how == "dash" and not _says_what(shown, unknown, side):
            continue
        if how == "colon" and side == 1:
            continue  # "EGDF: Jari-Pekka Kaleva": the organisation comes first, then who came
        if is_acronym(shown) and not _fits(shown, unknown, spelled.get(into, ())):
            continue  # "EBU (European Media Association)": not the EBU the data knows
        if is_acronym(shown) and shown != shown.upper() and shown not in written.get(into, ()):
            continue  # "AbL" is not "ABL GmbH": a mixed-case acronym as the data writes it
        if not _tells(shown) or _is_place(shown, places) or _is_place(unknown, places) or _names_someone(unknown, id_of_key, other_keys, into):
            continue
        if into != actor and mapping.get(into) != actor:
            mapping[actor] = into
            rules[actor] = f"name in two parts, one of them {shown!r}"
    return _closed(mapping), rules, None


def _contracts(short: str, name: str) -> bool:
    """Whether ``short`` is ``name`` written short from the starts of its words, not as an
    acronym: ``AmCham EU`` for *American Chamber of Commerce to the European Union*. Two words
    at most, with capitals inside."""
    words = short.split()
    if not 1 <= len(words) <= 2 or is_acronym(short) or short == short.lower() or short == short.upper():
        return False
    compact = "".join(words)
    capitals = sum(ch.isupper() for ch in compact)
    return capitals >= 3 and len(name.split()) >= 3 and abbreviates(compact, name)


def _two_parts(name: str) -> tuple[str, str, str] | None:
    """``A - B`` (also ``–``, ``—``, ``|``), ``A: B`` or ``A (B)`` as ``(A, B, how)``, ``how``
    one of ``dash``, ``colon``, ``brackets``."""
    match = _TWO_PARTS.match(name)
    if not match:
        return None
    if match["c"]:
        a, b, how = match["a2"], match["c"], "brackets"
    else:
        a, b, how = match["a"], match["b"], "colon" if match["sep"].strip() == ":" else "dash"
    a, b = a.strip(), b.strip()
    return (a, b, how) if normalise_name(a) and normalise_name(b) else None


def _says_what(shown: str, unknown: str, side: int) -> bool:
    """Whether ``shown - unknown`` (a dash between) says what one organisation is: an acronym
    first and what it stands for or does after it, three words or more and not two bodies
    joined (``CEMA - European Agricultural Machinery Industry Association``), or a name and a
    lower-case description (``CGT – livreurs``). Not ``VNO-NCW - MKB-Nederland`` nor ``WHO -
    Europe and European Society for Clinical Nutrition``: two organisations."""
    if unknown == unknown.lower():
        return True
    if side == 1 and is_acronym(unknown) and not is_acronym(shown) and len(shown.split()) >= 2:
        return True  # "DBG - Deutscher Gewerkschaftsbund": an acronym the data does not know, then the name
    if side != 0 or not is_acronym(shown) or is_acronym(unknown) or len(unknown.split()) < 3:
        return False
    return abbreviates(shown, unknown) or not _JOINED.search(unknown)


def _fits(acronym: str, other: str, names: Iterable[str]) -> bool:
    """Whether the other part of a name written with a known acronym can be what that acronym
    is known as (``names``, its organisation's spellings): it agrees with one of them, or it
    names no body at all (a job
    title, a person, a description: no organisation word). A name the acronym abbreviates is
    left to the acronym rule, which weighs every name claiming it: ``Comité économique des
    produits de santé (CEPS)`` is not the CEPS the data knows, *Centre for European Policy
    Studies*."""
    # Compared without acronyms: "CEPS - Centre for European Policy Studies" agrees with any
    # name CEPS abbreviates.
    names = [" ".join(w for w in n.split() if not is_acronym(w.strip("()-–,:"))) for n in names]
    names = [n for n in names if normalise_name(n)]
    if abbreviates(acronym, other) or translation_fits(acronym, other):
        return False  # a full name of the acronym: the acronym rule's to judge, conflicts and all
    if any(
        (names_agree(other, name) or shares_concepts(other, name)) and not rival_names(other, name, acronym)
        for name in names
    ):
        return True  # not a branch: "Wirtschaftskammer Wien (WKO)" is not Wirtschaftskammer Österreich
    return not names_a_body(normalise_name(other))


def _is_place(part: str, places: frozenset[str]) -> bool:
    """Whether ``part`` is a country or region (``Bulgaria``, ``European Region``): a branch of
    the organisation, not the organisation. ``places``: the countries the data names."""
    key = normalise_name(part)
    return key in _REGIONS or key in places


def _tells(part: str, key_only: bool = False) -> bool:
    """Whether a known part says which organisation: an acronym of three letters or more, or a
    name of five characters or more that is not one generic word (*Europe*, *Industry*), a
    place or a job title (*Executive Director*)."""
    key = normalise_name(part)
    words = key.split()
    if len(words) <= 3 and any(word in TITLE_WORDS or word in _MORE_TITLES for word in words):
        return False
    if is_acronym(part.strip()):
        return len(key.replace(" ", "")) >= 3
    if part == part.lower() and not key_only:
        return False  # a description ("trade union"), not a name (a key is lower-case anyway)
    if key in _REGIONS:
        return False
    return len(key) >= 5 and (len(key.split()) >= 2 or key not in _GENERIC_WORDS)


def _names_someone(part: str, id_of_key: Mapping[str, str], other_keys: set[str], into: str) -> bool:
    """Whether ``part`` names a person, MEP or official the data knows, or holds a known
    organisation other than ``into`` (``German Insurance Association (Gesamtverband …)``)."""
    key = normalise_name(part)
    if key in other_keys:
        return True
    # Any run of its words that is another organisation's name ("Bureau Brussel Vewin").
    words = key.split()
    runs = (" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(len(words), i + 6) + 1))
    return any(id_of_key.get(run) not in (None, into) and _another_body(run) for run in runs)


def _another_body(run: str) -> bool:
    """Whether a run of a name's words (a key) that is a known organisation's name says which
    other body (``france assureurs``), not a job title or a word (``policy officer``)."""
    words = set(run.split())
    if len(words) < 2 or words & (TITLE_WORDS | _MORE_TITLES | _TITLE_CONTEXT):
        return False
    return _tells(run, key_only=True)


def _keys_from_ids(actor_ids: pd.Series) -> pd.Series:
    """Organisations' normalised names, read back from their ids (an organisation's id is its
    normalised name with hyphens), which saves normalising every name again."""
    return actor_ids.str.slice(len(ORGANISATION) + 1).str.replace("-", " ", regex=False)


def _mep_merges(dataset: Dataset):
    actors = dataset.actors
    meps = actors[(actors["kind"] == MEP) & actors["ep_member_id"].notna()].copy()
    if meps.empty:
        return {}, {}, None
    meps["weight"] = _weights(dataset).loc[meps.index]
    meps = meps.sort_values(["ep_member_id", "weight", "id"], ascending=[True, False, True])
    meps["into"] = meps.groupby("ep_member_id")["id"].transform("first")
    moved = meps[meps["id"] != meps["into"]]
    rules = {i: f"same EP member id {m}" for i, m in zip(moved["id"], moved["ep_member_id"], strict=True)}
    return dict(zip(moved["id"], moved["into"], strict=True)), rules, None


def _merge_actors(
    dataset: Dataset,
    mapping: Mapping[str, str],
    rules: Mapping[str, str],
    new_rows: pd.DataFrame | None,
    log: bool = True,
) -> tuple[Dataset, pd.DataFrame]:
    """Point every record of a merged-away actor at the actor it merged into; attributes the
    kept actor lacks are taken from the merged ones."""
    if not mapping and new_rows is None:
        return dataset, pd.DataFrame(columns=list(MERGES.columns))
    mapping = _closed(mapping)
    actors = dataset.actors
    names = actors.set_index("id")["name"]
    moved = actors["id"].isin(list(mapping))
    kept, merged = actors[~moved], actors[moved].assign(id=actors.loc[moved, "id"].map(mapping))
    merged = merged.drop(columns=["name", "kind"]) if log else merged
    parts = [kept, merged] if new_rows is None else [new_rows, kept, merged]
    # Only the actors that gained records need their attributes combined (the kept actor's
    # own values first, then anything it lacks); the others stay as they are.
    touched = set(mapping.values()) | (set(new_rows["id"]) if new_rows is not None else set())
    is_touched = kept["id"].isin(touched)
    parts = [kept[is_touched], merged] if new_rows is None else [new_rows, kept[is_touched], merged]
    combined = tidy(pd.concat(parts, ignore_index=True), ACTORS)
    participants = _kept_first(dataset.participants, "actor_id", mapping)
    participants = participants.assign(actor_id=_remap(participants["actor_id"], mapping))
    responses = _kept_first(dataset.responses, "actor_id", mapping)
    responses = responses.assign(actor_id=_remap(responses["actor_id"], mapping))
    out = Dataset(
        actors=pd.concat([kept[~is_touched], combined], ignore_index=True),
        meetings=dataset.meetings,
        participants=_deduplicated(participants, PARTICIPANTS),
        topics=dataset.topics,
        meeting_topics=dataset.meeting_topics,
        responses=_deduplicated(responses, RESPONSES),
        merges=dataset.merges,
    )
    if not log:
        return out, pd.DataFrame(columns=list(MERGES.columns))
    into_names = out.actors.set_index("id")["name"]
    entries = pd.DataFrame(
        {
            "table": "actors",
            "from_id": list(mapping),
            "into_id": list(mapping.values()),
            "from_name": [names.get(k) for k in mapping],
            "into_name": [into_names.get(v) for v in mapping.values()],
            "rule": [rules.get(k, "") for k in mapping],
        }
    )
    return out, entries


# --- meetings -------------------------------------------------------------------------------


def _title_tokens(title: object) -> frozenset[str]:
    return frozenset(_WORD.findall(title.casefold())) if isinstance(title, str) else frozenset()


def _similar_titles(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= _TITLE_SIMILARITY or a <= b or b <= a


def _host_keys(participants: pd.DataFrame) -> pd.Series:
    """Each meeting's hosts as one sorted ``;``-joined key."""
    return sorted_join(participants[participants["role"] == HOST], "meeting_id", "actor_id")


def _meeting_merges(dataset: Dataset) -> list[tuple[str, str, str]]:
    """(merged meeting, kept meeting, rule) for meetings that different sources report twice."""
    meetings = dataset.meetings
    participants = dataset.participants
    frame = meetings[["id", "institution", "date", "title", "source"]].copy()
    frame["hosts"] = frame["id"].map(_host_keys(participants))
    frame = frame.dropna(subset=["hosts", "date"])
    candidates = frame[frame.duplicated(["institution", "date", "hosts"], keep=False)].copy()
    if candidates.empty:
        return []
    attending = participants[
        (participants["role"] == ATTENDEE) & participants["meeting_id"].isin(candidates["id"])
    ]
    orgs_of: dict[str, set[str]] = {}
    for meeting, actor in zip(attending["meeting_id"].tolist(), attending["actor_id"].tolist(), strict=True):
        orgs_of.setdefault(meeting, set()).add(actor)
    candidates["n"] = candidates["id"].map(lambda m: len(orgs_of.get(m, ())))
    candidates["n_sources"] = candidates["source"].fillna("").str.count(";") + 1
    candidates = candidates.sort_values(
        ["institution", "date", "hosts", "n_sources", "n", "id"],
        ascending=[True, True, True, False, False, True],
    )
    names = dict(zip(dataset.actors["id"], dataset.actors["name"], strict=True))
    columns = [candidates[c].tolist() for c in ("institution", "date", "hosts", "id", "source", "title")]
    merges = []
    kept: list[dict] = []
    group_key = None
    for institution, date, hosts, meeting, source, title in zip(*columns, strict=True):
        if (institution, date, hosts) != group_key:
            group_key, kept = (institution, date, hosts), []
        sources = set(str(source or "").split(";"))
        orgs = orgs_of.get(meeting, set())
        tokens = _title_tokens(title)
        for canon in kept:
            if canon["sources"] & sources:
                continue
            shared = canon["orgs"] & orgs
            if shared:
                shown = ", ".join(sorted(str(names.get(a, a)) for a in shared)[:3])
                rule = f"same host and date, shared organisations ({shown})"
            elif _similar_titles(canon["tokens"], tokens):
                rule = "same host and date, similar title"
            else:
                continue
            merges.append((meeting, canon["id"], rule))
            canon["sources"] |= sources
            canon["orgs"] |= orgs
            break
        else:
            kept.append({"id": meeting, "sources": sources, "orgs": set(orgs), "tokens": tokens})
    return merges


def _merge_meetings(
    dataset: Dataset, merges: list[tuple[str, str, str]], log: bool = True
) -> tuple[Dataset, pd.DataFrame]:
    if not merges:
        return dataset, pd.DataFrame(columns=list(MERGES.columns))
    mapping = {f: i for f, i, _ in merges}
    meetings = dataset.meetings
    titles = meetings.set_index("id")["title"]
    sources = meetings[["id", "source"]].assign(id=_remap(meetings["id"], mapping))
    sources = sources.assign(source=sources["source"].fillna("").str.split(";")).explode("source")
    sources = sources[sources["source"] != ""].drop_duplicates()
    joined = _joined_sources(sources[sources["id"].isin(set(mapping.values()))])
    moved = meetings["id"].isin(list(mapping))
    combined = pd.concat(
        [meetings[~moved], meetings[moved].assign(id=meetings.loc[moved, "id"].map(mapping))]
    )
    combined = combined.assign(source=combined["id"].map(joined).fillna(combined["source"]))
    participants = _kept_first(dataset.participants, "meeting_id", mapping)
    participants = participants.assign(meeting_id=_remap(participants["meeting_id"], mapping))
    topics = dataset.meeting_topics.assign(meeting_id=_remap(dataset.meeting_topics["meeting_id"], mapping))
    out = Dataset(
        actors=dataset.actors,
        meetings=tidy(combined, MEETINGS),
        participants=_deduplicated(participants, PARTICIPANTS),
        topics=dataset.topics,
        meeting_topics=_deduplicated(topics, MEETING_TOPICS),
        responses=dataset.responses,
        merges=dataset.merges,
    )
    entries = pd.DataFrame(
        {
            "table": "meetings",
            "from_id": [f for f, _, _ in merges],
            "into_id": [i for _, i, _ in merges],
            "from_name": [titles.get(f) for f, _, _ in merges],
            "into_name": [titles.get(i) for _, i, _ in merges],
            "rule": [r for _, _, r in merges],
        }
    )
    return out, entries if log else pd.DataFrame(columns=list(MERGES.columns))


def _joined_sources(sources: pd.DataFrame) -> pd.Series:
    """``id, source`` rows (one source each) -> each id's sources, sorted and ``;``-joined."""
    frame = sources.sort_values(["id", "source"]).assign(source=lambda f: f["source"].astype(object))
    return frame.groupby("id", sort=False)["source"].agg(";".join)


def _closed(mapping: Mapping[str, str]) -> dict[str, str]:
    """``mapping`` with chains followed (a -> b, b -> c gives a -> c, b -> c) and cycles cut."""
    out = {}
    for start in mapping:
        seen, node = {start}, mapping[start]
        while node in mapping and node not in seen:
            seen.add(node)
            node = mapping[node]
        if node != start:
            out[start] = node
    return out


def _kept_first(frame: pd.DataFrame, column: str, mapping: Mapping[str, str]) -> pd.DataFrame:
    """``frame`` with the rows of kept records before those of merged-away ones, so that where
    both say something (a host's capacity) the kept record's word stands, in every ingest."""
    moved = frame[column].isin(list(mapping)).to_numpy()
    if not moved.any():
        return frame
    return pd.concat([frame[~moved], frame[moved]], ignore_index=True)


def _deduplicated(frame: pd.DataFrame, table) -> pd.DataFrame:
    """Rows that now share a key (after ids were repointed) kept once: the first. The
    workspace sorts every table when it saves, so no sort here."""
    key = list(table.key)
    return frame[~frame.duplicated(key)].reset_index(drop=True)


def _remap(values: pd.Series, mapping: Mapping[str, str]) -> pd.Series:
    """``values`` with every key of ``mapping`` replaced by its value (a dict lookup, not
    ``Series.replace``, which is slow for large mappings)."""
    mapped = values.map(mapping)
    return pd.Series(
        np.where(mapped.isna(), values.astype(object), mapped.astype(object)), index=values.index
    )


def _follow_chains(merges: pd.DataFrame) -> pd.DataFrame:
    """Point every merge at the final record (a -> b, b -> c gives a -> c)."""
    if merges.empty:
        return merges
    mapping = dict(zip(merges["from_id"], merges["into_id"], strict=True))
    final = {}
    for start in mapping:
        seen, node = {start}, mapping[start]
        while node in mapping and node not in seen:
            seen.add(node)
            node = mapping[node]
        final[start] = node
    merges = merges.assign(into_id=merges["from_id"].map(final))
    # A record merged away and later chosen as the one to keep is no longer a merge.
    return merges[merges["from_id"] != merges["into_id"]].reset_index(drop=True)
