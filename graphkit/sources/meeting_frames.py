"""Turn meeting records held as DataFrames into the canonical tables, vectorised.

The meeting sources (EP export, Integrity Watch, Commission lists) all reduce their files to
three frames keyed by a ``record`` number — the records, their hosts, their attendees — and hand
them to :func:`build_meetings`, which gives every meeting, actor and topic its deterministic id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from graphkit.errors import Problem
from graphkit.model import ids
from graphkit.model.names import INVISIBLE, normalise_name
from graphkit.model.schema import ATTENDEE, HOST, ORGANISATION, TABLES
from graphkit.model.tables import Dataset, conform, empty_table, sorted_join, tidy
from graphkit.sources import entries

_SEP = "\x1e"
# Register IDs listed in one cell: "9505781573-45, 64270747023-20" (or ; or |).
_ID_SEPARATOR = re.compile(r"\s*[;,|]\s*")


def attendee_frame(
    cells: pd.Series,
    path: Path,
    given_names: Iterable[str],
    split: bool | str = True,
    register_ids: pd.Series | None = None,
    record_label: str = "row",
    report_ids: bool = False,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Attendees from a column of cells (index: record number): one row per entry with
    ``record, name, register_id, kind``, and a problem for every entry left out (a job title
    or a kind of people that names no one).

    ``split`` says whether a cell may hold several names (comma-joined, as Integrity Watch
    writes them); a source that writes one attendee a cell passes ``False``, or ``"lists"``
    when a few of its cells are nonetheless lists: a cell is then split only when at least
    two of its pieces are names other cells of the file give alone. Cells are parsed
    once per distinct value. ``register_ids`` (same index) holds a cell of comma-joined Register
    IDs paired in order with the names, as the official exports write them; with ``report_ids``,
    a listed ID that is not one (``123-4``) is a problem. Control, bidi and zero-width
    characters are dropped from names (:func:`graphkit.model.names.tidy_text`), with a problem.

    >>> frame, problems = attendee_frame(pd.Series(["BEUC, Phillip Malloch, Director"]), Path("x.csv"),
    ...                                  {"phillip"})
    >>> frame[["name", "kind"]].values.tolist()
    [['BEUC', 'organisation'], ['Phillip Malloch', 'person']]
    >>> [str(p) for p in problems]
    ["x.csv:row 0: 'Director' looks like a job title, not an attendee; left out"]
    """
    given = frozenset(given_names)
    cells = cells.dropna().astype(str)
    hidden = cells[cells.str.contains(INVISIBLE)]
    problems = [
        Problem(
            str(path),
            f"{_invisible(cell)} removed from the attendees {cell!r}",
            record=f"{record_label} {rec}",
        )
        for rec, cell in hidden.items()
    ]
    if report_ids and register_ids is not None:
        listed = register_ids.reindex(cells.index).dropna().astype(str)
        for rec, id_cell in listed.items():
            for piece in _ID_SEPARATOR.split(id_cell.strip()):
                if piece and not entries.REGISTER_ID.fullmatch(piece):
                    problems.append(
                        Problem(
                            str(path),
                            f"{piece!r} is not a Register ID (digits, a hyphen, two check digits); not kept",
                            record=f"{record_label} {rec}",
                        )
                    )
    # Names a cell of this file gives alone: they keep the same name whole where a list splits it.
    alone = pd.Series(cells[~cells.str.contains(",|;")].unique(), dtype=object)
    known = frozenset(alone.map(normalise_name)) if split else frozenset()
    if register_ids is not None:
        paired = register_ids.reindex(cells.index).fillna("").astype(str)
        keys = cells + _SEP + paired
    else:
        keys = cells
    parsed: dict[str, list[tuple[str, str | None, str]]] = {}
    for key in keys.unique():
        cell, _, id_cell = key.partition(_SEP)
        parsed[key] = _parse_cell(cell, id_cell, known, given, split)
    exploded = keys.map(parsed).explode().dropna()
    if exploded.empty:
        frame = pd.DataFrame(columns=["record", "name", "register_id", "kind"])
    else:
        frame = pd.DataFrame(exploded.tolist(), columns=["name", "register_id", "kind"])
        frame.insert(0, "record", exploded.index.to_numpy())
    left_out = frame[frame["kind"].isin(_LEFT_OUT)]
    problems += [
        Problem(str(path), _LEFT_OUT[kind].format(name=name), record=f"{record_label} {rec}")
        for rec, name, kind in zip(left_out["record"], left_out["name"], left_out["kind"], strict=True)
    ]
    frame = frame[~frame["kind"].isin(_LEFT_OUT) & (frame["name"] != "")]
    return frame.reset_index(drop=True), problems


LISTS = "lists"


def _invisible(cell: str) -> str:
    """The characters :func:`tidy_text` drops from ``cell``, named as code points."""
    found = sorted(set(INVISIBLE.findall(cell)))
    return "character(s) never part of a name (" + ", ".join(f"U+{ord(c):04X}" for c in found) + ")"


def _plainly_a_list(cell: str, known: frozenset[str]) -> bool:
    """A cell of a one-attendee-a-row file that lists several organisations all the same:
    joined with semicolons, or at least two of its comma-joined pieces (and three pieces in
    all) are names the file gives alone."""
    if len(entries.split_outside_brackets(cell, ";")) >= 2:
        return True
    pieces = entries.split_outside_brackets(cell)
    return len(pieces) >= 3 and sum(normalise_name(piece) in known for piece in pieces) >= 2


_LEFT_OUT = {
    entries.TITLE_ENTRY: "{name!r} looks like a job title, not an attendee; left out",
    entries.GENERIC_ENTRY: "{name!r} names no one in particular, not an attendee; left out",
}


def _parse_cell(
    cell: str, id_cell: str, known: frozenset[str], given: frozenset[str], split: bool | str
) -> list[tuple[str, str | None, str]]:
    may_split = bool(split)
    if split == LISTS:
        split = _plainly_a_list(cell, known)
    pieces = entries.split_cell(cell, known) if split else [cell]
    ids_listed = [piece for piece in _ID_SEPARATOR.split(id_cell.strip()) if piece] if id_cell else []
    if len(ids_listed) != len(pieces):
        ids_listed = ids_listed[:1] if len(pieces) == 1 else []
    out: list[tuple[str, str | None, str]] = []
    uncertain: set[str] = set()
    for n, piece in enumerate(pieces):
        name, register_id = entries.clean_entry(piece)
        if register_id and _TRAILING_ID.search(piece):
            uncertain.add(register_id)
        if not name:
            continue
        listed = ids_listed[n] if n < len(ids_listed) else None
        if listed and entries.REGISTER_ID.fullmatch(listed):
            register_id = register_id or listed
        # A job title with commas may be several entries in one (the per-attendee export writes
        # whole delegations in a row): its pieces, read one by one, say more than the whole.
        pieced = (
            _named_in_pieces(name, given, known)
            if may_split and "," in name and entries.classify(name, given) == entries.TITLE_ENTRY
            else []
        )
        found = pieced or entries.read_entry(name, given, known)
        if not found:
            kind = entries.classify(name, given)
            out.append((name, None, kind if kind in _LEFT_OUT else entries.TITLE_ENTRY))
            continue
        for entry in found:
            # The Register ID belongs to the organisation, never to a person named beside it.
            own_id = register_id if entry.kind == ORGANISATION else None
            out.append((entry.name, own_id, entry.kind))
            register_id = None if own_id else register_id
    return _ids_where_certain(out, uncertain)


def _named_in_pieces(name: str, given: frozenset[str], known: frozenset[str]) -> list[entries.Entry]:
    """What the comma-joined pieces of an entry that names no one whole still name: ``Researcher
    from OpenEXP, researcher from E3G, Transport & Environment, VCÖ`` is one row of the
    per-attendee export all the same. A piece counts only as a person, as what a job title names,
    or as an organisation that looks like one or that the file gives alone: never a fragment of
    a title (``Acting head of Division, Parlimentary affairs``)."""
    found: list[entries.Entry] = []
    for piece in entries.split_cell(name, known):
        for entry in entries.read_entry(piece, given, known):
            if (
                entry.kind != ORGANISATION
                or entries.classify(piece, given) == entries.TITLE_ENTRY
                or (
                    (entries.looks_like_organisation(entry.name) or normalise_name(entry.name) in known)
                    and entry.name[:1].isupper()
                    and len(entry.name.split()) <= 10  # a sentence, not a name
                    and not entries.is_place(entry.name)
                )
            ):
                found.append(entry)
    return found


# An ID written as a piece of its own after a comma: ``A, B, 123456789-01`` could be A's or B's.
_TRAILING_ID = re.compile(rf",\s*[^,()]*?\b{entries.REGISTER_ID_PATTERN}\b\s*[)\]]?\s*$")


def _ids_where_certain(
    entries_read: list[tuple[str, str | None, str]], uncertain: set[str]
) -> list[tuple[str, str | None, str]]:
    """Register IDs of a cell, less those written after a comma when the cell names several
    organisations: such an ID could be any one's, so none keeps it."""
    organisations = sum(kind == ORGANISATION for _, _, kind in entries_read)
    if organisations < 2 or not uncertain:
        return entries_read
    return [
        (name, None if register_id in uncertain else register_id, kind)
        for name, register_id, kind in entries_read
    ]


def build_meetings(
    records: pd.DataFrame,
    hosts: pd.DataFrame,
    attendees: pd.DataFrame,
    source: str,
    path: Path,
    attendees_in_identity: bool = False,
) -> Dataset:
    """The canonical tables of a meeting source.

    ``records`` (index: record number) has ``date`` (datetime64), ``title``, ``institution``,
    and optionally ``procedure``, ``location``, ``line``. ``hosts`` has ``record, name, kind``,
    optionally ``capacity`` and actor columns (``ep_member_id``, ``group``, ``country``,
    ``national_party``, ``institution``, ``unit``). ``attendees`` has ``record, name,
    register_id, kind``.

    Records that share institution, date, hosts, title and ``identity`` (an optional text column
    of ``records``: what else tells this source's meetings apart), and with
    ``attendees_in_identity`` the same attendees, are one meeting. The source is part of the id,
    so two sources never share a meeting by accident: resolution merges what they both report,
    and says so.

    >>> records = pd.DataFrame({"date": pd.to_datetime(["2020-04-02"] * 2), "title": ["AI", "AI"],
    ...                         "institution": ["EP", "EP"]})
    >>> hosts = pd.DataFrame({"record": [0, 1], "name": ["Axel Voss"] * 2, "kind": ["mep"] * 2})
    >>> attendees = pd.DataFrame({"record": [0, 1], "name": ["BEUC", "EUTA"],
    ...                           "register_id": [None, None], "kind": ["organisation"] * 2})
    >>> build_meetings(records, hosts, attendees, "ep_meetings", Path("x.csv")).counts()["meetings"]
    1
    """
    records = records.copy()
    hosts = hosts.copy()
    hosts["actor_id"] = _ids(hosts["kind"], hosts["name"])
    host_key = sorted_join(hosts, "record", "actor_id", _SEP)
    records["hosts"] = host_key.reindex(records.index).fillna("")
    records["day"] = records["date"].dt.strftime("%Y-%m-%d")
    records["title"] = records["title"].where(records["title"].notna(), None)
    identity = (
        records["identity"].fillna("").astype(str)
        if "identity" in records
        else pd.Series("", index=records.index)
    )
    if attendees_in_identity:
        listed = sorted_join(attendees, "record", "name", _SEP).reindex(records.index).fillna("")
        identity = identity + _SEP + listed
    records["identity"] = source + _SEP + identity
    key_columns = ["institution", "day", "hosts", "title", "identity"]
    keys = records[key_columns].fillna("").drop_duplicates()
    keys["meeting_id"] = [
        ids.meeting_id(inst, day, [h for h in hk.split(_SEP) if h], title, extra)
        for inst, day, hk, title, extra in zip(*(keys[c].tolist() for c in key_columns), strict=True)
    ]
    records = records.reset_index(names="record")
    filled = [c + "_k" for c in key_columns]
    records = records.assign(**{c + "_k": records[c].fillna("") for c in key_columns}).merge(
        keys.rename(columns=dict(zip(key_columns, filled, strict=True))), on=filled, how="left"
    )
    meeting_of = records.set_index("record")["meeting_id"]
    line = records["line"] if "line" in records else records["record"] + 2
    meetings = pd.DataFrame(
        {
            "id": records["meeting_id"],
            "date": records["date"],
            "title": records["title"],
            "institution": records["institution"],
            "procedure": records["procedure"] if "procedure" in records else None,
            "committees": records["committees"] if "committees" in records else None,
            "location": records["location"] if "location" in records else None,
            "source": source,
            "source_ref": path.name + ":" + line.astype(str),
            "attendees_truncated": False,
        }
    ).drop_duplicates("id")

    hosts["meeting_id"] = hosts["record"].map(meeting_of)
    host_participants = pd.DataFrame(
        {
            "meeting_id": hosts["meeting_id"],
            "actor_id": hosts["actor_id"],
            "role": HOST,
            "capacity": hosts["capacity"] if "capacity" in hosts else None,
        }
    )
    attendees = attendees.copy()
    attendees["actor_id"] = _ids(attendees["kind"], attendees["name"])
    attendees["meeting_id"] = attendees["record"].map(meeting_of)
    attendee_participants = pd.DataFrame(
        {"meeting_id": attendees["meeting_id"], "actor_id": attendees["actor_id"], "role": ATTENDEE}
    )
    host_actors = hosts.drop(columns=["record", "meeting_id", "capacity"], errors="ignore").rename(
        columns={"actor_id": "id"}
    )
    attendee_actors = attendees[["actor_id", "kind", "name", "register_id"]].rename(
        columns={"actor_id": "id"}
    )
    actors = pd.concat([host_actors, attendee_actors], ignore_index=True)
    actors["source"] = source

    titled = meetings[meetings["title"].notna()]
    topic_names = pd.Series(titled["title"].unique())
    topic_of = dict(zip(topic_names, topic_names.map(ids.topic_id), strict=True))
    topics = pd.DataFrame({"id": list(topic_of.values()), "name": list(topic_of.keys())})
    meeting_topics = pd.DataFrame({"meeting_id": titled["id"], "topic_id": titled["title"].map(topic_of)})
    return _dataset(
        {
            "actors": actors,
            "meetings": meetings,
            "participants": pd.concat([host_participants, attendee_participants], ignore_index=True),
            "topics": topics,
            "meeting_topics": meeting_topics,
        }
    )


def _dataset(frames: dict[str, pd.DataFrame]) -> Dataset:
    """The tables with canonical columns and one row per key (the first), unsorted: the
    workspace sorts every table when it saves, so sorting here would be wasted."""
    tables = {}
    for table in TABLES:
        frame = frames.get(table.name)
        if frame is None or frame.empty:
            tables[table.name] = empty_table(table)
        elif table.name == "actors":
            # An actor named in many rows: each attribute from the first row that gives it
            # (one row's cell may carry the Register ID the others lack).
            tables[table.name] = tidy(frame, table)
        else:
            frame = frame[~frame.duplicated(list(table.key))]
            tables[table.name] = conform(frame, table).reset_index(drop=True)
    return Dataset(**tables)


def _ids(kinds: pd.Series, names: pd.Series) -> pd.Series:
    """``ids.actor_id`` for every (kind, name), computed once per distinct pair."""
    if kinds.empty:
        return pd.Series([], dtype=object, index=kinds.index)
    pairs = pd.DataFrame({"kind": kinds.to_numpy(), "name": names.to_numpy()})
    unique = pairs.drop_duplicates()
    unique["id"] = [
        ids.actor_id(k, n) for k, n in zip(unique["kind"].tolist(), unique["name"].tolist(), strict=True)
    ]
    return pd.Series(pairs.merge(unique, on=["kind", "name"], how="left")["id"].to_numpy(), index=kinds.index)
