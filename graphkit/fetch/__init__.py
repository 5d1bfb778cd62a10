"""Downloads of the official data: the European Parliament's MEP meetings export, the
Commission's meeting lists and the Transparency Register export.

Every download goes through :class:`graphkit.fetch.http.PoliteClient` (a pause between requests,
retries with back-off, resumable files), and each function takes a ``base_url`` so the tests can
point it at a local server.
"""
