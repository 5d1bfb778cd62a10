"""What graphkit keeps between runs in a workspace's ``cache/`` folder: built graphs
(:mod:`~graphkit.cache.graphs`), result tables (:mod:`~graphkit.cache.results`) and what a
repeated command printed (:mod:`~graphkit.cache.printed`), keyed as :mod:`~graphkit.cache.keys` says."""
