"""graphkit fetch against a real local HTTP server playing the official endpoints."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
import tracemalloc

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


# --- hostile servers: nothing is recorded that was not saved whole and checked ---------------

HOSTILE = ["html", "empty", "truncated", "endless", "drip", "redirect"]
HALF_YEAR = (dt.date(2024, 1, 1), dt.date(2024, 6, 30))


def six_months_csv(tmp_path):
    """The recorded export with its rows spread over January to June (two or more a month)."""
    frame = pd.read_csv(RECORDED, dtype=str, keep_default_na=False)
    month = [1 + n % 6 for n in range(len(frame))]
    frame["meeting_date"] = [f"2024-{m:02d}-{10 + n % 15:02d}" for n, m in enumerate(month)]
    path = tmp_path / "six-months.csv"
    frame.to_csv(path, index=False)
    return path


def hostile_client(retries: int) -> PoliteClient:
    # Small limits so that a drip (a byte every 20 ms, seconds for a month) misses its deadline
    # and an endless answer hits the cap at once; the right answers take milliseconds and a few
    # kB, well under both even on a loaded machine.
    return PoliteClient(pause=0, retries=retries, backoff=0, timeout=2.0, max_bytes=1 << 20, deadline=0.5)


def first_of_months() -> list[str]:
    return [f"01/{m:02d}/2024" for m in range(1, 7)]


def done_entries(out):
    state = out / STATE_FILE
    return json.loads(state.read_text())["ep-meetings"]["done"] if state.exists() else {}


def assert_done_means_whole(out, server):
    """Every window recorded done holds exactly the server's right answer, with its digest."""
    for key, entry in done_entries(out).items():
        first, last = (dt.date.fromisoformat(day) for day in key.split("_"))
        answer = server.ep_answer(
            {"fromDate": first.strftime("%d/%m/%Y"), "toDate": last.strftime("%d/%m/%Y")}
        )
        assert entry["size"] == len(answer) and entry["sha256"] == hashlib.sha256(answer).hexdigest()
        assert entry["rows"] == answer.count(b"\n") - 1
        if entry["rows"]:
            assert (out / entry["file"]).read_bytes() == answer


def test_each_hostile_answer_is_reported_and_fetched_on_the_next_run(tmp_path):
    source = six_months_csv(tmp_path)
    out = tmp_path / "ep"
    with RecordedServer(source) as other, RecordedServer(source) as server:
        server.redirect_to, server.drip_interval = other.url, 0.02
        server.hostile = {day: [mode] for day, mode in zip(first_of_months(), HOSTILE, strict=True)}
        tracemalloc.start()
        try:
            started = time.monotonic()
            first = fetch_ep_meetings(*HALF_YEAR, out, hostile_client(retries=0), base_url=server.url + "/ep")
            took = time.monotonic() - started
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert not other.log, "the redirect to another host was followed"
        assert len(first.failures) == 6 and not first.files and first.rows == 0
        reasons = dict(zip(HOSTILE, first.failures, strict=True))
        assert "2024-01-01..2024-01-31: an HTML page (text/html)" in reasons["html"]
        assert "2024-02-01..2024-02-29: an empty answer" in reasons["empty"]
        assert "stopped at" in reasons["truncated"] and "Content-Length" in reasons["truncated"]
        assert "size cap" in reasons["endless"]
        assert "deadline" in reasons["drip"]
        assert "another host" in reasons["redirect"] and other.url in reasons["redirect"]
        assert done_entries(out) == {} and not list(out.glob("*.csv*"))
        # The endless answer was streamed to disk and cut at the cap, the drip at its deadline.
        assert peak < 4 << 20, f"{peak:,} bytes held in memory"
        assert took < 10  # a drip without a deadline would hold the run for as long as it drips
        second = fetch_ep_meetings(*HALF_YEAR, out, hostile_client(retries=0), base_url=server.url + "/ep")
        assert not second.failures and second.skipped == 0 and len(second.files) == 6
        assert_done_means_whole(out, server)
    assert sorted(fetched_rows(second.files).apply(tuple, axis=1)) == sorted(
        pd.read_csv(source, dtype=str).apply(tuple, axis=1)
    )


def test_temporary_failures_are_tried_again_in_the_same_run(tmp_path):
    source = six_months_csv(tmp_path)
    out = tmp_path / "ep"
    temporary = ["html", "empty", "truncated", "drip"]
    with RecordedServer(source) as other, RecordedServer(source) as server:
        server.redirect_to = other.url
        server.hostile = {
            "01/01/2024": list(temporary),
            "01/02/2024": ["endless"],
            "01/03/2024": ["redirect"],
        }
        report = fetch_ep_meetings(*HALF_YEAR, out, hostile_client(retries=4), base_url=server.url + "/ep")
        asked = [params["fromDate"] for _, params, _ in server.log]
        # January's four bad answers were tried again; an endless answer or a redirect elsewhere
        # will not mend by asking again.
        assert asked.count("01/01/2024") == 5 and asked.count("01/02/2024") == asked.count("01/03/2024") == 1
        assert [line.split(":")[0] for line in report.failures] == [
            "EP meetings 2024-02-01..2024-02-29", "EP meetings 2024-03-01..2024-03-31"]  # fmt: skip
        assert set(done_entries(out)) == {f"2024-{m:02d}-01_2024-{m:02d}-{d}" for m, d in
                                          [(1, 31), (4, 30), (5, 31), (6, 30)]}  # fmt: skip
        assert_done_means_whole(out, server)


def test_a_followed_redirect_to_another_host_is_reported(tmp_path):
    with RecordedServer(RECORDED) as other, RecordedServer(RECORDED) as server:
        server.redirect_to = other.url
        server.hostile = {"01/01/2024": ["redirect"]}
        client = PoliteClient(pause=0, retries=0, backoff=0, other_hosts=True)
        report = fetch_ep_meetings(
            JAN, JAN + dt.timedelta(days=30), tmp_path, client, base_url=server.url + "/ep"
        )
        assert len(other.log) == 1 and not report.failures and report.rows == 7
    assert len(report.warnings) == 1 and "redirected to another host: " + other.url in report.warnings[0]


def test_a_missing_or_changed_file_makes_its_month_due_again(tmp_path):
    with RecordedServer(RECORDED) as server:
        url = server.url + "/ep"
        fetch_ep_meetings(JAN, MAR, tmp_path, fast_client(), base_url=url)
        jan, feb = (
            tmp_path / "ep-meetings-2024-01-01_2024-01-31.csv",
            tmp_path / "ep-meetings-2024-02-01_2024-02-29.csv",
        )
        jan.unlink()
        feb.write_bytes(feb.read_bytes().replace(b"2024-02-05", b"2024-02-06"))
        server.log.clear()
        again = fetch_ep_meetings(JAN, MAR, tmp_path, fast_client(), base_url=url)
        asked = [params["fromDate"] for _, params, _ in server.log]
        assert asked == ["01/01/2024", "01/02/2024"] and again.skipped == 1
        assert_done_means_whole(tmp_path, server)


def test_a_state_file_without_digests_is_not_trusted(tmp_path):
    # What the fetch before digests wrote for an empty 200 answer: a month "done" with 0 rows.
    (tmp_path / STATE_FILE).write_text(json.dumps(
        {"ep-meetings": {"done": {"2024-01-01_2024-01-31": {"file": "", "rows": 0}}, "split": []}}))  # fmt: skip
    with RecordedServer(RECORDED) as server:
        report = fetch_ep_meetings(
            JAN, JAN + dt.timedelta(days=30), tmp_path, fast_client(), base_url=server.url + "/ep"
        )
    assert report.skipped == 0 and report.rows == 7


def test_a_header_alone_is_a_month_without_meetings(tmp_path):
    with RecordedServer(RECORDED) as server:
        report = fetch_ep_meetings(dt.date(2024, 4, 1), dt.date(2024, 4, 30), tmp_path, fast_client(),
                                   base_url=server.url + "/ep")  # fmt: skip
        again = fetch_ep_meetings(dt.date(2024, 4, 1), dt.date(2024, 4, 30), tmp_path, fast_client(),
                                  base_url=server.url + "/ep")  # fmt: skip
    entry = done_entries(tmp_path)["2024-04-01_2024-04-30"]
    assert report.rows == 0 and not report.failures and entry["file"] == "" and entry["size"] > 0
    assert again.skipped == 1 and again.requests == 0


def test_an_answer_for_another_window_is_refused(tmp_path):
    with RecordedServer(RECORDED) as server:
        original = server.ep_answer
        server.ep_answer = lambda params: original({"fromDate": "01/01/2024", "toDate": "31/03/2024"})
        report = fetch_ep_meetings(dt.date(2024, 2, 1), dt.date(2024, 2, 29), tmp_path, fast_client(retries=0),
                                   base_url=server.url + "/ep")  # fmt: skip
    assert report.failures and "dated outside 2024-02-01..2024-02-29" in report.failures[0]
    assert done_entries(tmp_path) == {}


def test_register_and_commission_take_the_same_checks(tmp_path):
    register_xml = (FIXTURES / "sources" / "register.xml").read_bytes()
    files = {
        "/register.xml": register_xml,
        "/ec": _xlsx(tmp_path, FIXTURES / "sources" / "ec-meetings-cabinet.csv"),
    }
    with RecordedServer(RECORDED, files=files) as server:
        server.hostile = {"/register.xml": ["html"], "/ec": ["empty"]}
        client = hostile_client(retries=0)
        reg = fetch_register(tmp_path / "reg", client, url=server.url + "/register.xml")
        ec = fetch_ec_meetings(tmp_path / "ec", ["x"], client, base_url=server.url + "/ec")
        assert "Transparency Register: an HTML page" in reg.failures[0] and not reg.files
        assert "Commission list x: not an xlsx workbook (an empty answer)" in ec.failures[0] and not ec.files
        assert not list((tmp_path / "reg").iterdir()) and not list((tmp_path / "ec").iterdir())
        # A cut answer is kept as a start and resumed (Range) on the next try.
        server.hostile = {"/register.xml": ["truncated"]}
        reg = fetch_register(tmp_path / "reg", hostile_client(retries=1), url=server.url + "/register.xml")
        ec = fetch_ec_meetings(tmp_path / "ec", ["x"], client, base_url=server.url + "/ec")
        ranges = [headers.get("Range") for path, _, headers in server.log if path == "/register.xml"]
    assert ranges == [None, None, f"bytes={len(register_xml) // 2}-"]
    assert reg.files[0].read_bytes() == register_xml and not reg.failures
    assert reg.rows == register_xml.count(b"<interestRepresentative>") > 0
    assert len(ec.files) == 1 and not ec.failures


def test_an_answer_cut_without_a_length_is_not_kept(tmp_path):
    with RecordedServer(RECORDED) as server:
        answer = server.ep_answer({"fromDate": "01/01/2024", "toDate": "31/01/2024"})
        assert not answer[: len(answer) // 2].endswith(b"\n")  # the cut falls inside a row
        server.hostile = {"01/01/2024": ["cut"]}
        report = fetch_ep_meetings(JAN, JAN + dt.timedelta(days=30), tmp_path, fast_client(retries=0),
                                   base_url=server.url + "/ep")  # fmt: skip
    assert "the answer is cut" in report.failures[0] and done_entries(tmp_path) == {}


def test_register_cut_without_a_length_is_not_kept(tmp_path):
    body = (FIXTURES / "sources" / "register.xml").read_bytes()
    with RecordedServer(RECORDED, files={"/register.xml": body[: len(body) - 40]}) as server:
        report = fetch_register(tmp_path, fast_client(retries=0), url=server.url + "/register.xml")
    assert (
        "the XML is cut or damaged" in report.failures[0]
        and not (tmp_path / "transparency-register.xml").exists()
    )


def test_cli_names_the_failed_month_and_fetches_it_next_time(tmp_path):
    out = tmp_path / "ep"
    args = ["fetch", "ep-meetings", "--from", "2024-01-01", "--to", "2024-03-31", "--pause", "0", "--retries", "0",
            "--deadline", "5", "--out", str(out)]  # fmt: skip
    with RecordedServer(RECORDED) as server:
        server.hostile = {"01/02/2024": ["html"]}
        failed = CliRunner().invoke(main, [*args, "--base-url", server.url + "/ep"])
        again = CliRunner().invoke(main, [*args, "--base-url", server.url + "/ep"])
    assert failed.exit_code == 1
    assert (
        "failed: EP meetings 2024-02-01..2024-02-29: an HTML page (text/html), not the EP CSV export"
        in failed.output
    )
    assert "1 item(s) failed" in failed.output and "Next: graphkit ingest" not in failed.output
    assert again.exit_code == 0, again.output
    assert "1 request(s), 2 already done" in again.output
