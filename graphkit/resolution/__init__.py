"""From records to actors: name keys, merges with their evidence, kinds, splits of joined names,
aliases, the review queue and the evaluation on labelled names.

>>> from graphkit.resolution.resolve import resolve
"""
