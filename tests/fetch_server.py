"""A real HTTP server on 127.0.0.1, in a thread, serving recorded responses to the fetch tests.

It plays the official endpoints: the EP meetings export (rows filtered by ``fromDate``/``toDate``
and cut at a row cap, as the real export does), the Commission's xlsx lists and the Register
XML (with ``Range`` support). Tests set ``failures`` to make it answer errors, and read ``log``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


class RecordedServer:
    def __init__(self, ep_csv: Path, ep_cap: int = 1000, files: dict[str, bytes] | None = None):
        text = ep_csv.read_text(encoding="utf-8")
        self.ep_header, *self.ep_rows = list(csv.reader(io.StringIO(text)))
        self.ep_cap = ep_cap
        self.files = files or {}
        self.failures: dict[str, list[int]] = {}  # path -> statuses to answer before succeeding
        self.log: list[tuple[str, dict[str, str], dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):  # noqa: N802 (http.server's name)
                parsed = urllib.parse.urlparse(self.path)
                params = dict(urllib.parse.parse_qsl(parsed.query))
                server.log.append((parsed.path, params, dict(self.headers)))
                pending = server.failures.get(parsed.path)
                if pending:
                    self.send_response(pending.pop(0))
                    self.send_header("Retry-After", "0")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if parsed.path == "/ep":
                    self._send(server.ep_answer(params), "text/csv; charset=utf-8")
                elif parsed.path in server.files:
                    self._send_file(server.files[parsed.path])
                else:
                    self.send_error(404)

            def _send(self, body: bytes, kind: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _send_file(self, body: bytes) -> None:
                wanted = self.headers.get("Range")
                start = int(wanted.split("=")[1].split("-")[0]) if wanted else 0
                self.send_response(206 if wanted else 200)
                if wanted:
                    self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                self.send_header("Content-Length", str(len(body) - start))
                self.end_headers()
                self.wfile.write(body[start:])

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # serve_forever looks for shutdown() every poll_interval (0.5 s by default): each test
        # would wait that long for its server to stop.
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)

    def ep_answer(self, params: dict[str, str]) -> bytes:
        first = dt.datetime.strptime(params["fromDate"], "%d/%m/%Y").date().isoformat()
        last = dt.datetime.strptime(params["toDate"], "%d/%m/%Y").date().isoformat()
        date_column = self.ep_header.index("meeting_date")
        rows = [row for row in self.ep_rows if first <= row[date_column] <= last][: self.ep_cap]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.ep_header)
        writer.writerows(rows)
        return out.getvalue().encode("utf-8")

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> RecordedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
