"""graphkit fetch against a real local HTTP server playing the official endpoints."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from fetch_server import FIXTURES, RecordedServer

from graphkit.cli import main
from graphkit.fetch.http import FetchError, PoliteClient
from graphkit.fetch.official import STATE_FILE, fetch_ec_meetings, fetch_ep_meetings, fetch_register
from graphkit.ingest import ingest
from graphkit.workspace import Workspace

RECORDED = FIXTURES / "fetch" / "ep-meetings-recorded.csv"
JAN, MAR = dt.date(2024, 1, 1), dt.date(2024, 3, 31)


def fast_client(retries: int = 2) -> PoliteClient:
    return PoliteClient(pause=0, retries=retries, backoff=0)


def fetched_rows(files) -> pd.DataFrame:
    return pd.concat([pd.read_csv(f, dtype=str) for f in files], ignore_index=True)


def test_ep_fetch_splits_full_windows_until_every_row_arrives(tmp_path):
    expected = pd.read_csv(RECORDED, dtype=str)
    with RecordedServer(RECORDED, ep_cap=4) as server:
        report = fetch_ep_meetings(JAN, MAR, tmp_path, fast_client(), base_url=server.url + "/ep", cap=4)
        answers = [server.ep_answer(params).count(b"\n") - 1 for path, params, _ in server.log]
    got = fetched_rows(report.files)
    assert len(got) == len(expected) == report.rows
    assert sorted(got.apply(tuple, axis=1)) == sorted(expected.apply(tuple, axis=1))
    # January holds more rows than the cap: it was split, and no kept answer was a full one.
    state = json.loads((tmp_path / STATE_FILE).read_text())["ep-meetings"]
    assert "2024-01-01_2024-01-31" in state["split"]
    assert all(info["rows"] < 4 for info in state["done"].values())
    assert max(answers) == 4 and report.requests == len(server.log)


def test_ep_fetch_resumes_after_an_interruption(tmp_path):
    with RecordedServer(RECORDED, ep_cap=4) as server:
        server.failures["/ep"] = []
        url = server.url + "/ep"
        # The server breaks for good in February: the run stops with a clear error.
        original = server.ep_answer

        def broken(params):
            if params["fromDate"].endswith("/02/2024"):
                raise ConnectionError
            return original(params)

        server.ep_answer = broken
        with pytest.raises(FetchError, match="cannot connect|HTTP|no answer"):
            fetch_ep_meetings(JAN, MAR, tmp_path, fast_client(retries=1), base_url=url, cap=4)
        done_first = set(json.loads((tmp_path / STATE_FILE).read_text())["ep-meetings"]["done"])
        assert done_first and all(key.startswith("2024-01") for key in done_first)
        server.ep_answer = original
        server.log.clear()
        report = fetch_ep_meetings(JAN, MAR, tmp_path, fast_client(), base_url=url, cap=4)
        asked = {params["fromDate"] for _, params, _ in server.log}
    assert not any(day.endswith("/01/2024") for day in asked), "January was downloaded again"
    assert report.skipped == len(done_first)
    assert len(fetched_rows(report.files)) == len(pd.read_csv(RECORDED))


def test_client_retries_temporary_failures(tmp_path):
    with RecordedServer(RECORDED) as server:
        server.failures["/ep"] = [503, 429]
        report = fetch_ep_meetings(JAN, JAN, tmp_path, fast_client(retries=3), base_url=server.url + "/ep")
        assert len(server.log) == 3
    assert report.rows == 0 and report.files == []


def test_client_gives_up_with_a_clear_error():
    with RecordedServer(RECORDED) as server:
        server.failures["/ep"] = [503, 503, 503]
        with pytest.raises(FetchError, match=r"/ep.*HTTP 503"):
            fast_client(retries=2).get(server.url + "/ep?fromDate=01/01/2024&toDate=01/01/2024")


def test_polite_client_pauses_between_requests():
    with RecordedServer(RECORDED) as server:
        client = PoliteClient(pause=0.1, retries=0)
        url = server.url + "/ep?fromDate=01/01/2024&toDate=02/01/2024"
        started = dt.datetime.now()
        for _ in range(3):
            client.get(url)
        assert (dt.datetime.now() - started).total_seconds() >= 0.2


def test_register_download_resumes_a_partial_file(tmp_path):
    body = (FIXTURES / "sources" / "register.xml").read_bytes()
    (tmp_path / "transparency-register.xml.part").write_bytes(body[:100])
    with RecordedServer(RECORDED, files={"/register.xml": body}) as server:
        seen = []
        report = fetch_register(tmp_path, fast_client(), url=server.url + "/register.xml",
                                progress=lambda done, total: seen.append((done, total)))  # fmt: skip
        ranges = [headers.get("Range") for _, _, headers in server.log]
    assert report.files[0].read_bytes() == body
    assert ranges == ["bytes=100-"]
    assert seen[-1] == (len(body), len(body))
    assert not (tmp_path / "transparency-register.xml.part").exists()


def _xlsx(tmp_path, csv_path) -> bytes:
    rows = pd.read_csv(csv_path, header=None, dtype=str, keep_default_na=False).values.tolist()
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = tmp_path / "list.xlsx"
    book.save(out)
    return out.read_bytes()


def test_ec_fetch_downloads_lists_that_ingest(tmp_path):
    cabinet = FIXTURES / "sources" / "ec-meetings-cabinet.csv"
    files = {"/ec": _xlsx(tmp_path, cabinet)}
    with RecordedServer(RECORDED, files=files) as server:
        report = fetch_ec_meetings(tmp_path / "ec", ["meetingscommissionrepresentatives1924"], fast_client(),
                                   base_url=server.url + "/ec")  # fmt: skip
        again = fetch_ec_meetings(tmp_path / "ec", ["meetingscommissionrepresentatives1924"], fast_client(),
                                  base_url=server.url + "/ec")  # fmt: skip
        assert server.log[0][1] == {"name": "meetingscommissionrepresentatives1924"}
    assert again.skipped == 1 and again.requests == 0
    from_xlsx = ingest(report.files, Workspace(tmp_path / "ws1")).after
    from_csv = ingest([cabinet], Workspace(tmp_path / "ws2")).after
    assert from_xlsx["meetings"] == from_csv["meetings"] == 2


def test_cli_fetch_ep_meetings_then_ingest(tmp_path):
    with RecordedServer(RECORDED) as server:
        result = CliRunner().invoke(
            main,
            ["fetch", "ep-meetings", "--from", "2024-01-01", "--to", "2024-03-31", "--pause", "0",
             "--base-url", server.url + "/ep", "--out", str(tmp_path / "ep")],
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Next: graphkit ingest" in result.output
    report = ingest([tmp_path / "ep"], Workspace(tmp_path / "ws"))
    expected = pd.read_csv(RECORDED, dtype=str)
    keys = expected[["title", "member_id", "meeting_date"]].drop_duplicates()
    assert report.after["meetings"] == len(keys)


def test_cli_fetch_rejects_a_bad_date(tmp_path):
    result = CliRunner().invoke(main, ["fetch", "ep-meetings", "--from", "soon", "--out", str(tmp_path)])
    assert result.exit_code != 0 and "not a date" in result.output
