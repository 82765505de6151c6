"""The repository stands on its own: no tracked file points outside it, and its docs hold together.

A fresh clone is all a newcomer, a CI runner or the deployment gets, so nothing may send the reader
(or the code) to a folder beside the checkout: no `../shared/...` path, no absolute path into the kit
of documents the project was specified from, no mention of a kit document the repository does not
hold itself. README.md stays a short newcomer page, and every relative link in it and in docs/ must
reach a file of the repository.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
THIS_FILE = Path(__file__).resolve().relative_to(REPO).as_posix()

README_MAX_LINES = 260

# Documents other branches are writing; a link to one may dangle until they are merged. Empty it then.
PENDING_DOCS: frozenset[str] = frozenset()

# Text that can only point outside the checkout.
OUTSIDE = re.compile(r"\.\.[/\\]shared[/\\]|/work/shared\b|team kit", re.IGNORECASE)
# The kit's documents. Naming one is a reference out of the repository unless the repository holds a file
# of that name itself.
KIT_DOCUMENTS = ("ARCHITECTURE.md", "RELIABILITY.md", "STYLE.md", "data-architecture.md", "signals-sample.md",
                 "signals-sample.jsonl")
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|#)", re.IGNORECASE)
BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".zip", ".gz", ".ico", ".pdf"}


def tracked_files() -> list[str]:
    """Every file git tracks (what a clone gets); without git, every file outside the local-only folders."""
    try:
        listing = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        skip = {".git", ".venv", "node_modules", ".pipster", "__pycache__", ".pytest_cache", ".ruff_cache"}
        return sorted(p.relative_to(REPO).as_posix() for p in REPO.rglob("*")
                      if p.is_file() and not skip.intersection(p.relative_to(REPO).parts))
    return sorted(name for name in listing.decode().split("\0") if name)


def text_of(name: str) -> str | None:
    path = REPO / name
    if path.suffix in BINARY_SUFFIXES or not path.is_file():
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None


def references_outside(files: list[str]) -> list[str]:
    """``path:line: text`` for every line of ``files`` that points outside the repository."""
    held = {Path(name).name for name in files}
    missing_kit_docs = [doc for doc in KIT_DOCUMENTS if doc not in held]
    kit_names = re.compile("|".join(re.escape(doc) for doc in missing_kit_docs)) if missing_kit_docs else None
    found = []
    for name in files:
        if name == THIS_FILE:
            continue
        text = text_of(name)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if OUTSIDE.search(line) or (kit_names and kit_names.search(line)):
                found.append(f"{name}:{number}: {line.strip()}")
    return found


def broken_links(document: str, text: str) -> list[str]:
    """Relative links of ``document`` that do not reach a file or folder inside the repository."""
    broken = []
    for target in LINK.findall(text):
        if EXTERNAL.match(target):
            continue
        path = target.split("#", 1)[0]
        resolved = (REPO / document).parent.joinpath(path).resolve()
        try:
            inside = resolved.relative_to(REPO).as_posix()
        except ValueError:
            broken.append(f"{document}: {target} leaves the repository")
            continue
        if not resolved.exists() and inside not in PENDING_DOCS:
            broken.append(f"{document}: {target} does not exist")
    return broken


def test_no_tracked_file_points_outside_the_repository() -> None:
    assert references_outside(tracked_files()) == []


def test_the_checks_catch_what_they_are_for(tmp_path: Path) -> None:
    """The detectors flag each kind of outside reference and each kind of broken link."""
    assert OUTSIDE.search("see ../shared/spec/x.md") and OUTSIDE.search(r"..\shared\x")
    assert OUTSIDE.search("open /work/shared/x") and OUTSIDE.search("from the Team Kit")
    assert not OUTSIDE.search("shared/settings.py and shared/domain/")
    text = "[a](docs/nowhere.md) [b](../../outside.md) [c](https://example.com) [d](#top) [e](README.md#x)"
    assert broken_links("README.md", text) == ["README.md: docs/nowhere.md does not exist",
                                               "README.md: ../../outside.md leaves the repository"]
    pending = sorted(PENDING_DOCS)
    assert broken_links("docs/x.md", " ".join(f"[p](../{doc})" for doc in pending)) == []


def test_readme_is_a_short_newcomer_page() -> None:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines; move detail into docs/"


def test_every_relative_link_in_the_readme_and_docs_exists() -> None:
    documents = ["README.md", *sorted(p.relative_to(REPO).as_posix() for p in (REPO / "docs").glob("*.md"))]
    assert len(documents) > 1, "docs/ holds no documents"
    problems = [problem for doc in documents for problem in broken_links(doc, (REPO / doc).read_text("utf-8"))]
    assert problems == []
