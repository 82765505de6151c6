"""The layers' import rules, read from the source: ports depend only on the domain; routes see services only."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_ports_depend_only_on_the_domain() -> None:
    for path in sorted((ROOT / "shared" / "ports").glob("*.py")):
        ours = {m for m in _imports(path) if m.startswith("shared")}
        outside = {m for m in ours if not m.startswith(("shared.domain", "shared.ports"))}
        assert not outside, f"{path.name} imports {sorted(outside)}"


def test_routes_reach_services_through_their_typed_dependency_only() -> None:
    for path in sorted((ROOT / "functions" / "http" / "routes").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "ContainerDep" not in text and "container" not in text.lower().replace("container_", ""), path.name
        modules = _imports(path)
        assert not {m for m in modules if m.startswith(("shared.adapters", "shared.bootstrap", "sqlalchemy",
                                                        "azure.storage", "azure.data"))}, path.name
