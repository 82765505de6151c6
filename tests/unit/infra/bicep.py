"""Reading infra/ for the tests: every .bicep file parsed once with pycep-parser, and lookups on the result.

pycep turns a template into JSON-like dicts: ``resources``/``modules``/``parameters``/``variables`` keyed by
symbolic name, each resource with ``type`` and ``config`` (its body). Literal values stay Python values;
expressions become strings (a symbol such as ``"skuName"``, an interpolation ``"${...}"``) or operator dicts.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

INFRA = Path(__file__).parents[3] / "infra"
MAIN = INFRA / "main.bicep"


def bicep_files() -> list[Path]:
    return sorted(INFRA.rglob("*.bicep"))


@cache
def _parser() -> Any:
    from pycep import BicepParser  # building the grammar takes seconds: once per test session

    return BicepParser()


@cache
def parsed(path: Path) -> dict[str, Any]:
    return _parser().parse(text=path.read_text(encoding="utf-8"))


def module(name: str) -> dict[str, Any]:
    return parsed(INFRA / "modules" / f"{name}.bicep")


def resources_of(template: dict[str, Any], resource_type: str) -> list[dict[str, Any]]:
    """Every resource of ``resource_type`` declared (not merely referenced as ``existing``) in ``template``."""
    return [r for r in template.get("resources", {}).values() if r["type"] == resource_type and not r["existing"]]


def the_resource(template: dict[str, Any], resource_type: str) -> dict[str, Any]:
    """The body of the one resource of ``resource_type`` in ``template``."""
    found = resources_of(template, resource_type)
    assert len(found) == 1, f"expected one {resource_type}, found {len(found)}"
    return body(found[0])


def allowed_values(parameter: dict[str, Any]) -> list[Any] | None:
    for decorator in parameter["decorators"]:
        if decorator["type"] == "allowed":
            return list(decorator["argument"])
    return None


def body(resource: dict[str, Any]) -> dict[str, Any]:
    """The object of a resource, whether declared plainly, in a loop or under a deployment condition."""
    config = resource["config"]
    for wrapper in ("loop_type", "condition"):
        if isinstance(config, dict) and wrapper in config:
            return config["config"]
    return config
