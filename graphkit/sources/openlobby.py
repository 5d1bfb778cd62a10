"""OpenLobby profile pages (openlobby.eu, saved as text): one organisation, its meetings with
MEPs and Commission officials, and its consultation responses.

The page looks like this (blank lines between blocks do not matter, CRLF is fine)::

    11.11.11, Koepel van Internationale Solidariteit      <- full name
    11.11.11                                              <- short name
    11.11.11 is de Vlaamse Coalitie ...                   <- description
    Lobbying Activity
    Meeting with Kathleen Van Brempt (Member of the European Parliament) and Eurogroup for Animals
    12 Feb 2025 · EU-Mercosur Agreement
    Response to EU Civil Society Strategy
    5 Sept 2025
    The importance of a strong ... (free text)
    Read full response
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.dates import DateOutOfRange, parse_date
from graphkit.errors import Problem, SourceError
from graphkit.model import ids
from graphkit.model.names import INVISIBLE, tidy_text
from graphkit.model.schema import ATTENDEE, EC, EP, HOST, MEP, OFFICIAL, ORGANISATION
from graphkit.model.tables import Dataset
from graphkit.sources import POSSIBLY_JOINED, SourceResult, read_text
from graphkit.sources.tabular import MAX_FIELD, invisible_message

NAME = "openlobby"
DESCRIPTION = "OpenLobby profile page (text)"

SECTION = "Lobbying Activity"
READ_MORE = "Read full response"
MEP_ROLE = "Member of the European Parliament"
# Words in a role that make the counterpart a Commission official.
_OFFICIAL_ROLE = re.compile(
    r"cabinet|commissioner|commission|director|head of unit|secretar|president|adviser|advisor"
    r"|chief|spokes|deputy|chef",
    re.IGNORECASE,
)
_MEETING = re.compile(r"^Meeting with (?P<name>[^()]+?)\s*\((?P<inner>[^()]*)\)\s*(?P<rest>.*)$")
_DATE_LINE = re.compile(r"^(?P<date>\d{1,2}\s+[A-Za-z]+\.?\s+\d{4})\s*(?:·\s*(?P<topic>.*))?$")


def sniff(path: Path, head: bytes) -> bool:
    """A profile page is text with a line that reads exactly ``Lobbying Activity``."""
    text = head.decode("utf-8", errors="ignore")
    return any(line.strip() == SECTION for line in text.splitlines())


@dataclass
class _Page:
    """What one page says, before it becomes tables."""

    path: Path
    actors: list[dict] = field(default_factory=list)
    meetings: list[dict] = field(default_factory=list)
    participants: list[dict] = field(default_factory=list)
    topics: list[dict] = field(default_factory=list)
    meeting_topics: list[dict] = field(default_factory=list)
    responses: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(str(self.path), message, line=line))

    def ref(self, line: int) -> str:
        return f"{self.path.name}:{line}"


def read(path: Path) -> SourceResult:
    """Read one profile page into canonical tables.

    A block that cannot be read is reported with its line number and skipped; the rest of the
    page still counts. A file that is not a profile page raises :class:`SourceError`.

    >>> result = read(Path("examples/openlobby/11-11-11.txt"))
    >>> result.dataset.counts()["meetings"], result.dataset.counts()["responses"]
    (18, 3)
    """
    # Lines end at a line feed only: U+2028 and the like inside a name are white space in it.
    raw_lines = read_text(path).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [(number, tidy_text(text)) for number, text in enumerate(raw_lines, 1)]
    too_long = [(number, len(text)) for number, text in lines if len(text) > MAX_FIELD]
    lines = [(number, text) for number, text in lines if text and len(text) <= MAX_FIELD]
    section = next((i for i, (_, text) in enumerate(lines) if text == SECTION), None)
    if section is None:
        raise SourceError(path, f"not an OpenLobby profile page: no '{SECTION}' line")
    if section == 0:
        raise SourceError(path, f"no organisation name before '{SECTION}'", line=lines[0][0])

    page = _Page(path)
    for number, text in enumerate(raw_lines, 1):
        if INVISIBLE.search(text):  # tidy_text dropped them; said, as the other sources say it
            page.problem(number, f"{invisible_message(text)} removed from the line {text[:200]!r}")
    for number, length in too_long:
        page.problem(
            number,
            f"a line of {length:,} characters, more than the {MAX_FIELD:,} a field may have; line skipped",
        )
    header = [text for _, text in lines[:section]]
    full_name = header[0]
    short_name = header[1] if len(header) > 1 else full_name
    owner = {
        "id": ids.actor_id(ORGANISATION, full_name),
        "kind": ORGANISATION,
        "name": full_name,
        "acronym": short_name if short_name != full_name else None,
        "description": " ".join(header[2:]) or None,
        "source": NAME,
    }
    page.actors.append(owner)

    body = lines[section + 1 :]
    i = 0
    while i < len(body):
        number, text = body[i]
        if text.startswith("Meeting with "):
            i = _read_meeting(page, body, i, owner["id"])
        elif text.startswith("Response to "):
            i = _read_response(page, body, i, owner["id"])
        else:
            page.problem(number, f"unexpected line outside a meeting or response: {text[:60]!r}")
            i += 1

    dataset = Dataset.from_records(
        actors=page.actors,
        meetings=page.meetings,
        participants=page.participants,
        topics=page.topics,
        meeting_topics=page.meeting_topics,
        responses=page.responses,
    )
    return SourceResult(dataset=dataset, problems=page.problems, source=NAME)


def _date_line(body: list[tuple[int, str]], i: int) -> re.Match[str] | None:
    return _DATE_LINE.match(body[i][1]) if i < len(body) else None


def _read_meeting(page: _Page, body: list[tuple[int, str]], i: int, owner_id: str) -> int:
    number, text = body[i]
    header = _MEETING.match(text)
    dated = _date_line(body, i + 1)
    if header is None:
        page.problem(number, "cannot read meeting line (expected 'Meeting with NAME (ROLE)')")
        return i + (2 if dated else 1)
    if dated is None:
        page.problem(number, "meeting has no date line ('20 Nov 2025 · TOPIC') after it")
        return i + 1
    try:
        date = parse_date(dated["date"])
    except ValueError as err:
        page.problem(body[i + 1][0], f"bad meeting date: {err}")
        return i + 2

    name = header["name"].strip()
    role, capacity = _role_and_capacity(header["inner"])
    kind, institution = _counterpart_kind(role)
    if kind is None:
        page.problem(number, f"unknown role {role!r}: not an MEP or Commission official; meeting left out")
        return i + 2
    counterpart = {
        "id": ids.actor_id(kind, name),
        "kind": kind,
        "name": name,
        "institution": "European Commission" if kind == OFFICIAL else None,
        "unit": role if kind == OFFICIAL else None,
        "source": NAME,
    }
    organisations, truncated = _co_attendees(page, number, header["rest"])
    topic = dated["topic"] or ""
    meeting = ids.meeting_id(institution or "", date.isoformat(), [counterpart["id"]], topic)
    page.meetings.append(
        {
            "id": meeting,
            "date": date,
            "title": topic or None,
            "institution": institution,
            "source": NAME,
            "source_ref": page.ref(number),
            "attendees_truncated": truncated,
        }
    )
    page.actors.append(counterpart)
    page.participants.append(
        {"meeting_id": meeting, "actor_id": counterpart["id"], "role": HOST, "capacity": capacity}
    )
    page.participants.append({"meeting_id": meeting, "actor_id": owner_id, "role": ATTENDEE})
    for organisation in organisations:
        org_id = ids.actor_id(ORGANISATION, organisation)
        page.actors.append({"id": org_id, "kind": ORGANISATION, "name": organisation, "source": NAME})
        joined = POSSIBLY_JOINED if _joined(organisation) else None
        page.participants.append(
            {"meeting_id": meeting, "actor_id": org_id, "role": ATTENDEE, "capacity": joined}
        )
    if topic:
        page.topics.append({"id": ids.topic_id(topic), "name": topic})
        page.meeting_topics.append({"meeting_id": meeting, "topic_id": ids.topic_id(topic)})
    return i + 2


def _role_and_capacity(inner: str) -> tuple[str, str | None]:
    """``Member of the European Parliament, Rapporteur`` -> role and capacity. Only an MEP role
    carries a capacity; an official's role may itself contain commas."""
    inner = inner.strip()
    if inner.startswith(MEP_ROLE):
        capacity = inner[len(MEP_ROLE) :].lstrip(" ,")
        return MEP_ROLE, capacity or None
    return inner, None


def _counterpart_kind(role: str) -> tuple[str | None, str | None]:
    """The kind and institution of a meeting's counterpart by the role the page gives; none for
    a role graphkit does not recognise (a meeting needs an MEP or a Commission official)."""
    if role == MEP_ROLE:
        return MEP, EP
    if _OFFICIAL_ROLE.search(role):
        return OFFICIAL, EC
    return None, None


def _is_meeting(body: list[tuple[int, str]], i: int) -> bool:
    """A ``Meeting with NAME (ROLE)`` line with a role graphkit recognises and a date line."""
    header = _MEETING.match(body[i][1]) if body[i][1].startswith("Meeting with ") else None
    if header is None or _date_line(body, i + 1) is None:
        return False
    return _counterpart_kind(_role_and_capacity(header["inner"])[0])[0] is not None


def _starts_response(body: list[tuple[int, str]], i: int) -> bool:
    """A ``Response to TITLE`` line followed by a date line."""
    if not body[i][1].startswith("Response to ") or i + 1 >= len(body):
        return False
    try:
        parse_date(body[i + 1][1])
    except DateOutOfRange:
        return True  # a response all the same: _read_response reports its date
    except ValueError:
        return False
    return True


def _co_attendees(page: _Page, number: int, rest: str) -> tuple[list[str], bool]:
    """The organisations after the role, as the page writes them, and whether the page cut the
    list off (a trailing ``and``). A cut-off list keeps only the names it shows: graphkit never
    invents one.

    The page joins co-attending organisations with `` and ``, and organisations' own names hold
    `` and `` too: the page cannot tell ``European Federation of Pharmaceutical Industries and
    Associations`` (one body) from ``Human Rights Watch and European Institute of Peace`` (two).
    So the joined text is kept whole, marked in its participant row as possibly several
    (:data:`graphkit.sources.POSSIBLY_JOINED`); resolution, which knows every name any file
    gives, splits it or keeps it (:mod:`graphkit.resolution.splits`)."""
    rest = rest.strip()
    if not rest:
        return [], False
    if rest == "and":
        return [], True
    if not rest.startswith("and "):
        page.problem(number, f"unexpected text after the role: {rest[:60]!r}")
        return [], False
    listed = rest[len("and ") :]
    truncated = listed.endswith(" and") or listed == "and"
    if truncated:
        listed = listed[: -len("and")].rstrip()
    return ([listed] if listed else []), truncated


def _joined(name: str) -> bool:
    """Whether a co-attendee text joins names with `` and `` outside brackets.

    >>> _joined("Human Rights Watch and European Institute of Peace"), _joined("Oxfam")
    (True, False)
    >>> _joined("Transport and Environment (European Federation for Transport and Environment)")
    True
    """
    return " and " in name


def _read_response(page: _Page, body: list[tuple[int, str]], i: int, owner_id: str) -> int:
    number, text = body[i]
    title = text[len("Response to ") :].strip()
    if i + 1 >= len(body):
        page.problem(number, "response has no date line after it")
        return i + 1
    try:
        date = parse_date(body[i + 1][1])
    except DateOutOfRange as err:
        page.problem(body[i + 1][0], f"bad response date: {err}; response left out")
        date = None
    except ValueError:
        page.problem(number, "response has no date line ('5 Sept 2025') after it")
        return i + 1
    j = i + 2
    # The text runs to its "Read full response", whatever its paragraphs say (a paragraph may
    # well begin "Meeting with ..."), unless another response starts first; without one, it ends
    # where a real meeting or response begins.
    end = next((k for k in range(j, len(body)) if body[k][1] == READ_MORE or _starts_response(body, k)), None)
    if end is not None and body[end][1] == READ_MORE:
        paragraphs, j = [line for _, line in body[i + 2 : end]], end + 1
    else:
        paragraphs = []
        while j < len(body) and not (_is_meeting(body, j) or _starts_response(body, j)):
            paragraphs.append(body[j][1])
            j += 1
    if date is None:
        return j
    consultation = ids.consultation_id(title)
    page.responses.append(
        {
            "id": ids.response_id(owner_id, consultation, date.isoformat()),
            "actor_id": owner_id,
            "consultation_id": consultation,
            "consultation_title": title,
            "date": date,
            "text": "\n".join(paragraphs) or None,
            "source": NAME,
            "source_ref": page.ref(number),
        }
    )
    return j
