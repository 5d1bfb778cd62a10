"""Have Your Say feedback (the Commission's consultation portal) as JSON.

A file holds a list of feedback objects (or an object with such a list, as the portal's API
answers): ``id, referenceInitiative, dateFeedback ("YYYY/MM/DD HH:MM:SS"), feedback, language,
userType, country, organization, trNumber, publicationId, attachments``. Feedback given on
behalf of an organisation becomes a response of that organisation, linked by Register ID
(``trNumber``) when there is one, else by name; feedback from private citizens names no
organisation and is left out (counted in one problem line).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from graphkit.dates import parse_date_column, shown
from graphkit.errors import Problem, SourceError
from graphkit.model import ids
from graphkit.model.schema import ORGANISATION
from graphkit.model.tables import Dataset
from graphkit.sources import SourceResult, entries, read_text
from graphkit.sources.tabular import invisible_removed, oversized

NAME = "consultations"
DESCRIPTION = "Have Your Say consultation feedback (JSON)"
FIELDS = ("referenceInitiative", "dateFeedback", "feedback")
DATE_FORMAT = "%Y/%m/%d %H:%M:%S"
COLUMNS = ("id", "referenceInitiative", "dateFeedback", "feedback", "language", "organization", "trNumber",
           "country", "userType")  # fmt: skip


def sniff(path: Path, head: bytes) -> bool:
    """JSON whose first object has ``referenceInitiative`` and ``dateFeedback``."""
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff").lstrip()
    return text[:1] in "[{" and all(f'"{field}"' in text for field in FIELDS[:2])


def _feedback_list(data: object) -> list | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for value in data.values():
            found = _feedback_list(value)
            if found and isinstance(found[0], dict) and "dateFeedback" in found[0]:
                return found
    return None


def read(path: Path) -> SourceResult:
    """Read one Have Your Say JSON file into responses and their organisations.

    >>> result = read(Path("tests/fixtures/sources/haveyoursay.json"))
    >>> result.dataset.counts()["responses"]
    2
    """
    text = read_text(path)
    try:
        data = json.loads(text)
        items = _feedback_list(data)
    except json.JSONDecodeError as err:
        raise SourceError(path, f"not valid JSON ({err.msg}); is the file cut off?", line=err.lineno) from err
    except RecursionError as err:
        raise SourceError(path, "JSON nested too deeply to read (a damaged or hostile file)") from err
    if items is None:
        raise SourceError(path, "no list of feedback objects with 'dateFeedback'")
    problems = [
        Problem(
            str(path),
            f"a JSON {type(item).__name__}, not a feedback object; skipped",
            record=f"feedback {n + 1}",
        )
        for n, item in enumerate(items)
        if not isinstance(item, dict)
    ]
    frame = pd.DataFrame([item if isinstance(item, dict) else {} for item in items])
    for column in COLUMNS:
        if column not in frame:
            frame[column] = None
    frame["record"] = [f"feedback {n + 1}" for n in range(len(frame))]
    frame = frame[[isinstance(item, dict) for item in items]] if problems else frame
    frame, long = oversized(path, frame, [c for c in COLUMNS if c != "feedback"], where="record")
    problems += long
    written = frame["dateFeedback"].map(lambda value: value if isinstance(value, str) else None)
    frame["date"] = parse_date_column(written, DATE_FORMAT).dt.normalize()
    problems += [
        Problem(str(path), f"no readable dateFeedback ({shown(value, DATE_FORMAT)}); skipped", record=record)
        for value, record in zip(
            frame.loc[frame["date"].isna(), "dateFeedback"],
            frame.loc[frame["date"].isna(), "record"],
            strict=True,
        )  # fmt: skip
    ]
    frame = frame[frame["date"].notna()]
    organisation = frame["organization"].astype("string").str.strip().replace("", pd.NA)
    citizens = int(organisation.isna().sum())
    if citizens:
        problems.append(
            Problem(str(path), f"{citizens} feedback item(s) name no organisation (citizens); left out")
        )
    frame = frame[organisation.notna()].assign(organization=organisation[organisation.notna()])
    frame, invisible = invisible_removed(path, frame, ["organization"], where="record")
    problems += invisible
    names = frame["organization"].astype(str).map(lambda n: entries.clean_entry(n)[0])
    register_ids = frame["trNumber"].astype("string").str.strip()
    register_ids = register_ids.where(
        register_ids.str.fullmatch(entries.REGISTER_ID_PATTERN).fillna(False), None
    )
    unique = names.drop_duplicates()
    id_of = dict(zip(unique, (ids.actor_id(ORGANISATION, n) for n in unique), strict=True))
    actor_ids = names.map(id_of)
    initiative = frame["referenceInitiative"].astype("string").fillna("unknown initiative")
    consultation_ids = initiative.map({t: ids.consultation_id(t) for t in initiative.unique()})
    day = frame["date"].dt.strftime("%Y-%m-%d")
    responses = pd.DataFrame(
        {
            "id": [
                ids.response_id(a, c, d) for a, c, d in zip(actor_ids, consultation_ids, day, strict=True)
            ],
            "actor_id": actor_ids,
            "consultation_id": consultation_ids,
            "consultation_title": initiative,
            "date": frame["date"],
            "text": frame["feedback"],
            "language": frame["language"],
            "source": NAME,
            "source_ref": path.name + ":" + frame["id"].astype("string").fillna(frame["record"]),
        }
    )
    actors = pd.DataFrame(
        {
            "id": actor_ids,
            "kind": ORGANISATION,
            "name": names,
            "register_id": register_ids,
            "country": frame["country"],
            "source": NAME,
        }
    )
    dataset = Dataset.from_frames({"actors": actors, "responses": responses})
    return SourceResult(dataset=dataset, problems=problems, source=NAME)
