"""The documentation holds: the command reference is the CLI's own help, the README stays short and
speaks of what a user has, and every relative link leads to a file that exists."""

from __future__ import annotations

import doctest
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md")), ROOT / "CHANGELOG.md"]

# [text](target) and ![alt](target), the target up to a space (a title) or the closing bracket.
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def gen_commands() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_commands", DOCS / "gen_commands.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_command_reference_is_the_cli_help() -> None:
    written = (DOCS / "commands.md").read_text(encoding="utf-8")
    assert written == gen_commands().generate(), (
        "docs/commands.md is out of date: run python docs/gen_commands.py and commit it"
    )


def test_command_reference_has_every_command() -> None:
    from graphkit.cli import COMMANDS

    text = gen_commands().generate()
    for name in COMMANDS:
        assert f"\n## graphkit {name}\n" in text
        assert f"Usage: graphkit {name} [OPTIONS]" in text
    for sub in ("fetch ep-meetings", "fetch ec-meetings", "fetch register", "neo4j load", "neo4j centrality"):
        assert f"\n## graphkit {sub}\n" in text


def test_gen_commands_doctests() -> None:
    result = doctest.testmod(gen_commands())
    assert result.attempted > 0 and result.failed == 0


def test_readme_is_short_and_needs_nothing_a_user_lacks() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 150
    assert "../shared" not in text


def test_readme_keeps_the_two_set_up_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert re.search(r"^make demo\b", text, re.M) and re.search(r"^make test\b", text, re.M)


def github_anchor(heading: str) -> str:
    """The fragment GitHub gives a Markdown heading: lower case, punctuation dropped, spaces as -."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    return {github_anchor(m) for m in re.findall(r"^#+\s+(.*)$", text, re.M)}


def relative_links(page: Path) -> list[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)  # a link written as code is an example, not a link
    return [t for t in LINK.findall(text) if not re.match(r"[a-z][a-z0-9+.-]*:", t)]


@pytest.mark.parametrize("page", [p for p in PAGES if p.exists()], ids=lambda p: p.name)
def test_relative_links_lead_somewhere(page: Path) -> None:
    broken = []
    for target in relative_links(page):
        path, _, fragment = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(target)
        elif fragment and file.suffix == ".md" and fragment not in anchors(file):
            broken.append(target)
    assert not broken, f"{page.name}: links to nothing: {broken}"


def test_link_checker_sees_links() -> None:
    # The check above passes on a page it cannot read; this one fails if LINK stops matching.
    links = relative_links(README)
    assert "docs/view-11-11-11.png" in links
    assert any(link.startswith("docs/") and link.endswith(".md") for link in links)
