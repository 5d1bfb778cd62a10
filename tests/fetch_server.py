"""A real HTTP server on 127.0.0.1, in a thread, serving recorded responses to the fetch tests.

It plays the official endpoints: the EP meetings export (rows filtered by ``fromDate``/``toDate``
and cut at a row cap, as the real export does), the Commission's xlsx lists and the Register
XML (with ``Range`` support). Tests set ``failures`` to make it answer errors, ``hostile`` to
make it misbehave as real servers do, and read ``log``.

Hostile answers (``hostile[key]`` is a list of modes used one a request, then it answers well;
``key`` is an EP request's ``fromDate`` such as ``01/02/2024``, or a file's path):

- ``html``: 200 with a maintenance page (``text/html``, seven lines);
- ``empty``: 200 with an empty body;
- ``truncated``: a ``Content-Length`` larger than the body, then the connection closes;
- ``cut``: 200 without a length (the end is when the connection closes), half the body;
- ``endless``: 200 without a length, sending ``endless_bytes`` (default 32 MiB) as fast as it can;
- ``drip``: the right answer, one byte every ``drip_interval`` seconds;
- ``redirect``: 302 to the same request on ``redirect_to`` (another server: another host).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import threading
import time
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
        self.hostile: dict[str, list[str]] = {}
        self.redirect_to = ""
        self.endless_bytes = 32 << 20
        self.drip_interval = 0.01
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
                if parsed.path not in server.files and parsed.path != "/ep":
                    self.send_error(404)
                    return
                modes = server.hostile.get(params.get("fromDate") or parsed.path)
                if modes:
                    self._misbehave(modes.pop(0), parsed)
                elif parsed.path == "/ep":
                    self._send(server.ep_answer(params), "text/csv; charset=utf-8")
                else:
                    self._send_file(server.files[parsed.path])

            def _right_answer(self, parsed) -> bytes:
                if parsed.path == "/ep":
                    return server.ep_answer(dict(urllib.parse.parse_qsl(parsed.query)))
                return server.files[parsed.path]

            def _misbehave(self, mode: str, parsed) -> None:
                body = self._right_answer(parsed)
                try:
                    if mode == "html":
                        page = b"<!DOCTYPE html>\n<html>\n<head><title>Maintenance</title></head>\n<body>\n"
                        self._send(
                            page + b"<p>We are down for maintenance.</p>\n</body>\n</html>\n", "text/html"
                        )
                    elif mode == "empty":
                        self._send(b"", "text/csv")
                    elif mode == "truncated":
                        self.send_response(200)
                        self.send_header("Content-Length", str(len(body) + 100))
                        self.end_headers()
                        self.wfile.write(body[: len(body) // 2])
                    elif mode == "cut":
                        self.send_response(200)
                        self.send_header("Content-Type", "text/csv")
                        self.end_headers()
                        self.wfile.write(body[: len(body) // 2])
                    elif mode == "endless":
                        self.send_response(200)
                        self.send_header("Content-Type", "text/csv")
                        self.end_headers()
                        self.wfile.write(body)
                        filler = b"x" * (1 << 16)
                        for _ in range(server.endless_bytes // len(filler)):
                            self.wfile.write(filler)
                    elif mode == "drip":
                        self.send_response(200)
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        for i in range(len(body)):
                            self.wfile.write(body[i : i + 1])
                            self.wfile.flush()
                            time.sleep(server.drip_interval)
                    elif mode == "redirect":
                        self.send_response(302)
                        self.send_header("Location", server.redirect_to + self.path)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                    else:
                        raise ValueError(mode)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client hung up, as it should on an endless or dripping answer

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
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

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
