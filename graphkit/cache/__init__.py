"""What graphkit keeps between runs in a workspace's ``cache/`` folder: built graphs
(:mod:`~graphkit.cache.graphs`) and result tables (:mod:`~graphkit.cache.results`)."""
