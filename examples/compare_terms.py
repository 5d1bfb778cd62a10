"""Compare two EP terms: which organisations gained or lost access between 2019-2024 and 2024-2029.

python examples/compare_terms.py [WORKSPACE]
"""

from _workspace import workspace

from graphkit.analysis import rank_changes
from graphkit.graph import GraphFilter


def main() -> None:
    dataset = workspace().load()
    changes = rank_changes(
        dataset, "degree", before=GraphFilter(term="2019-2024"), after=GraphFilter(term="2024-2029"), top=10
    )
    print(changes.to_string(index=False))


if __name__ == "__main__":
    main()
