"""One organisation's dossier as HTML and Markdown (11.11.11 unless a name follows the workspace).

python examples/organisation_dossier.py [WORKSPACE [NAME]]
"""

import sys

from _workspace import workspace

from graphkit.reports import dossier, write_dossier


def main() -> None:
    dataset = workspace().load()
    gathered = dossier(dataset, sys.argv[2] if len(sys.argv) > 2 else "11.11.11")
    print(gathered.ranks.to_string(index=False))
    for path in ("dossier.html", "dossier.md"):
        write_dossier(gathered, path)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
