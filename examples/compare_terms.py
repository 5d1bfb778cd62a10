"""Compare two windows: which organisations gained or lost access between them, and what each
window rests on (its meetings and their sources).

python examples/compare_terms.py [WORKSPACE [BEFORE AFTER]]

BEFORE and AFTER are EP terms (the default: 2019-2024 2024-2029) or years (2020 2021). Two
windows one of which holds under a fifth of the other's meetings are not ranked: the script says
why and exits with status 1.
"""

import sys

from _workspace import workspace

from graphkit.analysis import UnevenWindowsError, rank_changes, shifted_sources, thin_windows
from graphkit.graph import TERMS, GraphFilter


def window(label: str) -> GraphFilter:
    if label in TERMS:
        return GraphFilter(term=label)
    return GraphFilter(date_from=f"{label}-01-01", date_to=f"{label}-12-31")


def main() -> int:
    labels = (sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else ("2019-2024", "2024-2029")
    dataset = workspace().load()
    try:
        changes = rank_changes(
            dataset, "degree", before=window(labels[0]), after=window(labels[1]), top=10, labels=labels
        )
    except UnevenWindowsError as err:
        print(f"not compared: {err.why}", file=sys.stderr)
        return 1
    for label in labels:
        sources = ", ".join(f"{source} {count}" for source, count in changes.attrs["sources"][label].items())
        print(f"{label}: {changes.attrs['meetings'][label]} meetings ({sources})")
    for warning in [
        *thin_windows(changes.attrs["meetings"]),
        *shifted_sources(changes.attrs["meetings"], changes.attrs["sources"]),
    ]:
        print(f"warning: {warning}")
    print(
        changes.drop(
            columns=["meetings_before", "meetings_after", "sources_before", "sources_after"]
        ).to_string(index=False)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
