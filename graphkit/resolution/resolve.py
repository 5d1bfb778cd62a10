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
   in brackets (``Deutscher Gewerkschaftsbund (trade union association)``). Places keep their
   roles around a preposition of place or destination: ``China Chamber of Commerce to the
   EU`` is not the ``European Union Chamber of Commerce in China``;
4. acronym and full name, from the Register (an entry's ``acronym``) or from evidence in the
   data: a name written ``Full Name (ACR)``, ``ACR (Full Name)``, ``ACR - Full Name``, ``Full
   Name - ACR`` or ``ACR, Full Name`` pairs the two, when the acronym is an abbreviation of the
   full name (its letters in order in the name's words) or the initials of a translation. Then
   the acronym alone, the full name alone, each name written beside the acronym and a name
   that differs from a member only by the acronym written out (``CAN Europe``) are one
   organisation. An acronym two different full names claim (``EEB``: *European Environmental
   Bureau* and *European Economic Board*), or a name written beside two acronyms, merges
   nothing: it is a candidate for review; so is one a company is named by with its legal
   form (``EPPA SA``), whose key keeps the form: the acronym alone may be either;
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
   the known part, nor a place, a people, an event or a kind of body (``ProDESC (Mexican
   NGO)`` is not *Mexican*), nor an acronym's new full name (the acronym rule judges those). Where both
   parts are known, they merge only when the bracketed one is the other written short from
   the starts of its words, as the data writes it (``… (AmCham EU)``);
6. a company's registered name and the name it is known by (``Shell Companies``, ``Shell``;
   ``Amazon Europe Core SARL``, ``Amazon``): corporate words after the common name, no other
   registered body or registered form claiming it, and officials or MEPs both met
   (:mod:`graphkit.resolution.registered_names`); and a company named by an acronym and its
   legal form (``BASF SE``) and the acronym alone, where the data writes the acronym for
   nothing else (``EPPA SA`` is not ``EPPA`` of *European Paper Packaging Alliance (EPPA)*);
7. MEPs with the same EP member id;
8. meetings from different sources with the same hosts and date and shared organisations or a
   similar title are one meeting, whose ``source`` lists every source.

No merge is made by fuzzy similarity of names alone: :func:`candidates` lists those for review.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from graphkit.model import ids
from graphkit.model.names import normalise_name
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
from graphkit.resolution.acronym_rule import acronym_merges
from graphkit.resolution.aliases import with_keys
from graphkit.resolution.kinds import NATIONALITIES, decide_kinds, eu_acronym_owner, places
from graphkit.resolution.name_comparison import (
    names_agree,
)
from graphkit.resolution.name_spellings import closed, organisations, spellings, weights
from graphkit.resolution.registered_names import legal_form_merges, registered_merges
from graphkit.resolution.rejections import RejectionGuard
from graphkit.resolution.spelling_rules import (
    described_merges,
    initial_merges,
    kind_merges,
    misspelling_merges,
    spacing_merges,
    wording_merges,
)
from graphkit.resolution.splits import split_joined_names, split_listed_names
from graphkit.resolution.topics import decide_topics
from graphkit.resolution.two_part_rule import two_part_merges
from graphkit.sources.entries import REGISTER_ID_PATTERN

_TITLE_SIMILARITY = 0.5


_WORD = re.compile(r"\w+")


def resolve(
    dataset: Dataset,
    aliases: pd.DataFrame | None = None,
    alias_file: str = "aliases",
    rejected: list[list[str]] | None = None,
) -> Dataset:
    """Merge duplicate actors and meetings in ``dataset`` and return the merged dataset, with
    every merge logged in ``merges``.

    ``dataset`` holds records as the sources read them (any merges it carries are replaced);
    ``aliases`` is what :func:`graphkit.resolution.aliases.read_aliases` returns; ``rejected``
    lists the clusters a reviewer rejected (actor ids each,
    :func:`graphkit.resolution.rejections.read_rejections`): no rule after the aliases puts two
    members of one together.

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
    guard = RejectionGuard(rejected) if rejected else None

    def kept(found):  # a rule's (mapping, rules, rows) less what joins a rejected cluster
        return found if guard is None else (guard.allowed(found[0]), *found[1:])

    dataset, splits = split_joined_names(dataset)  # "A and B": one body or two, before any merge
    dataset, listed = split_listed_names(dataset)  # "A und B" typed in a meeting list
    splits = pd.concat([s for s in (splits, listed) if len(s)], ignore_index=True) if len(listed) else splits
    if aliases is not None and len(aliases):
        found = _alias_merges(dataset, aliases, alias_file)
        if guard is not None:
            guard.follow(found[0])  # the reviewer's own word: not stopped, but members move
        dataset, log = _merge_actors(dataset, *found)
        logs.append(log)
    dataset, log = _merge_actors(dataset, *kept(_register_merges(dataset)))
    logs.append(log)
    # The spelling rules compare every spelling known so far, the names merged away too: a
    # misspelling of "Transport and Environment" still matches once that name is merged into
    # the long one.
    spelled = None  # the spellings, read again only after a rule merged something
    for rule in (spacing_merges, misspelling_merges, wording_merges, _written_more_or_less):
        spelled = spellings(dataset, _merged_names(logs)) if spelled is None else spelled
        mapping, why, rows = kept(rule(spelled))
        if mapping or rows is not None:
            dataset, log = _merge_actors(dataset, mapping, why, rows)
            logs.append(log)
            spelled = None
    # Names merged away so far still say which acronym goes with which name.
    dataset, log = _merge_actors(
        dataset, *kept(_no_second_owner(dataset, *acronym_merges(dataset, _merged_names(logs))))
    )
    logs.append(log)
    dataset, log = _merge_actors(
        dataset, *kept(_no_second_owner(dataset, *two_part_merges(spellings(dataset, _merged_names(logs)), dataset)))
    )
    logs.append(log)
    dataset, log = _merge_actors(dataset, *kept(registered_merges(dataset)))
    logs.append(log)
    dataset, log = _merge_actors(dataset, *kept(legal_form_merges(dataset, _merged_names(logs))))
    logs.append(log)
    dataset, log = _merge_actors(dataset, *_mep_merges(dataset))
    logs.append(log)
    dataset, log = _merge_meetings(dataset, _meeting_merges(dataset))
    logs.append(log)
    dataset = decide_kinds(dataset)  # honest kinds: EU bodies, governments, persons, unknown
    dataset = decide_topics(dataset)  # generic and one-meeting titles stay titles, not Topic nodes
    logged = [log for log in logs if len(log)]
    merges = pd.concat(logged, ignore_index=True) if logged else pd.DataFrame(columns=list(MERGES.columns))
    merges = _with_current_names(_follow_chains(merges), dataset)
    merges = pd.concat([merges, splits], ignore_index=True) if len(splits) else merges
    return Dataset(
        actors=dataset.actors,
        meetings=dataset.meetings,
        participants=dataset.participants,
        topics=dataset.topics,
        meeting_topics=dataset.meeting_topics,
        responses=dataset.responses,
        merges=tidy(merges, MERGES),
    )


def _no_second_owner(dataset: Dataset, mapping: Mapping[str, str], rules: Mapping[str, str], rows):
    """The merges of a name-shape rule less those that rest on an acronym an EU institution,
    body or agency also goes by (``Maria Kostaki (EASO)`` is not the obesity association just
    because the data spells EASO out only for it): such an acronym has a second plausible
    owner, so the name stays apart (and is judged by its kind) rather than merged."""
    if not mapping:
        return mapping, rules, rows
    names = dataset.actors.set_index("id")["name"]
    final = closed(dict(mapping))
    kept = {
        actor: into
        for actor, into in mapping.items()
        if eu_acronym_owner(str(names.get(actor, "")), str(names.get(final.get(into, into), ""))) is None
    }
    return kept, {actor: rules[actor] for actor in kept if actor in rules}, rows


def _written_more_or_less(spelled: pd.DataFrame):
    """The spelling rules that each merge a few names, in one pass (one merge of the tables
    instead of three): a word's initial, a description in brackets, the kind of body after a
    name. They judge different names; where two would merge one name, the first decides."""
    mapping: dict[str, str] = {}
    rules: dict[str, str] = {}
    for rule in (initial_merges, described_merges, kind_merges):
        found, why, _ = rule(spelled)
        for actor, into in found.items():
            if actor not in mapping and mapping.get(into) != actor:
                mapping[actor] = into
                rules[actor] = why[actor]
    return closed(mapping), rules, None


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
    {'organisations_before': 0, 'organisations_after': 0, 'organisations_merged': 0, 'organisations_rekinded': 0, 'meetings_merged': 0}
    """
    merges = dataset.merges
    after = int((dataset.actors["kind"] == ORGANISATION).sum())
    # Entries read as organisations keep their organisation: id when resolution finds them to be
    # a person, a government or an institution: they were organisations before, not after.
    read_as_organisations = int(dataset.actors["id"].str.startswith(ORGANISATION + ":").sum())
    merged_orgs = int(
        ((merges["table"] == "actors") & merges["from_id"].str.startswith("organisation:")).sum()
    )
    return {
        "organisations_before": read_as_organisations + merged_orgs,
        "organisations_after": after,
        "organisations_merged": merged_orgs,
        "organisations_rekinded": read_as_organisations - after,
        "meetings_merged": int((merges["table"] == "meetings").sum()),
    }


def _alias_merges(dataset: Dataset, aliases: pd.DataFrame, alias_file: str):
    """Merges the alias file asks for, in bulk (one join, whatever the number of rows).

    An alias's ``canonical`` is a Register ID (the organisation holding it) or a name (the
    organisation with that name key or acronym, the heaviest if several; a name nobody holds yet
    becomes that organisation). A Register ID nobody holds merges nothing:
    :func:`graphkit.resolution.aliases.unmatched_aliases` reports it, and no organisation is
    invented with an ID for a name.
    """
    orgs = organisations(dataset)  # heaviest first: the first match is the one kept
    by_key = pd.concat(
        [
            pd.DataFrame({"key": orgs["key"], "id": orgs["id"]}),
            pd.DataFrame({"key": orgs["acronym"].fillna("").map(normalise_name), "id": orgs["id"]}),
        ]
    )
    by_key = by_key[by_key["key"] != ""]
    first_by_key = by_key.drop_duplicates("key").set_index("key")["id"]
    by_register = orgs.dropna(subset=["register_id"]).drop_duplicates("register_id").set_index("register_id")["id"]
    rows = with_keys(aliases)
    registered = rows["canonical"].str.fullmatch(REGISTER_ID_PATTERN)
    into = rows["canonical"].map(by_register).where(registered)
    named = ~registered
    into = into.where(~named, rows["canonical_key"].map(first_by_key))
    new = named & into.isna()  # a canonical name no organisation has yet
    into = into.where(~new, rows["canonical"].map(lambda name: ids.actor_id(ORGANISATION, name)))
    new_rows = [
        {"id": i, "kind": ORGANISATION, "name": name, "source": "alias"}
        for i, name in zip(into[new], rows.loc[new, "canonical"], strict=True)
    ]
    rows = rows.assign(into=into).dropna(subset=["into"])
    moves = rows.merge(by_key.drop_duplicates(), left_on="alias_key", right_on="key")
    # Rows are in the alias file's fixed order; where two move one organisation, the later wins.
    moves = moves[moves["id"] != moves["into"]].drop_duplicates("id", keep="last")
    file_name = Path(alias_file).name
    mapping = dict(zip(moves["id"], moves["into"], strict=True))
    rules = {
        actor: f"alias ({file_name}): {alias!r} is {canonical!r}"
        for actor, alias, canonical in zip(moves["id"], moves["alias"], moves["canonical"], strict=True)
    }
    return mapping, rules, pd.DataFrame(new_rows).drop_duplicates("id") if new_rows else None


def _register_merges(dataset: Dataset):
    orgs = organisations(dataset)
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
            into = next(
                (k for k in kept if names_agree(names[k], names[actor]) and not national_branch(names[k], names[actor])),
                None,
            )
            if into is None:
                kept.append(actor)
            else:
                mapping[actor] = into
                rules[actor] = f"same Register ID {register_id}"
    return mapping, rules, None


def national_branch(a: str, b: str) -> bool:
    """Whether one name is the other with a country added: a national chapter that wrote its
    umbrella's Register ID (``Transparency International Germany``, ``… Ireland`` beside
    ``Transparency International``), another body with its own members and accounts.

    >>> national_branch("Transparency International", "Transparency International Germany")
    True
    >>> national_branch("Danish Refugee Council", "Danish Refugee Council Brussels")
    False
    """
    words_a, words_b = set(normalise_name(a).split()), set(normalise_name(b).split())
    extra = (words_a - words_b) | (words_b - words_a)
    return bool(extra) and all(word in _country_words() for word in extra)


@functools.cache
def _country_words() -> frozenset[str]:
    """The words of countries' names and nationalities (kinds' lists), less Europe's own."""
    return frozenset(w for p in places() | NATIONALITIES for w in p.split()) - {"eu", "europe", "european"}


def _mep_merges(dataset: Dataset):
    actors = dataset.actors
    meps = actors[(actors["kind"] == MEP) & actors["ep_member_id"].notna()].copy()
    if meps.empty:
        return {}, {}, None
    meps["weight"] = weights(dataset).loc[meps.index]
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
    mapping = closed(mapping)
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
    final = closed(mapping)
    merges = merges.assign(into_id=merges["from_id"].map(lambda start: final.get(start, start)))
    # A record merged away and later chosen as the one to keep is no longer a merge.
    return merges[merges["from_id"] != merges["into_id"]].reset_index(drop=True)
