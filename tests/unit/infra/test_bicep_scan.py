"""infra/ is well-formed: every .bicep file parses (pycep-parser), module paths resolve, and Checkov's Bicep
scan passes with every skipped check documented in docs/deploy.md with its reason.

The Bicep CLI cannot be installed on our machines, so pycep-parser (the parser Checkov itself uses) stands
in for ``az bicep build``: it catches syntax errors, not type errors. Checkov runs as the CLI an operator
would run (``checkov --config-file infra/.checkov.yaml``), in a subprocess started when this module's
first test needs it, so the file parsing below overlaps with it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.unit.infra.bicep import INFRA, bicep_files, parsed

ROOT = INFRA.parent
CHECKOV_CONFIG = INFRA / ".checkov.yaml"
SKIPS_DOC = ROOT / "docs" / "deploy.md"
SKIPS_HEADING = "## Checkov: skipped checks"


@pytest.fixture(scope="module")
def checkov_report() -> Iterator[Any]:
    # A fixed hash seed: Checkov's variable rendering iterates sets, and a check that reads a rendered
    # parameter could otherwise pass in one run and fail in the next.
    env = {**os.environ, "PYTHONHASHSEED": "0", "BC_SKIP_MAPPING": "TRUE"}
    process = subprocess.Popen(
        [sys.executable, "-m", "checkov.main", "--config-file", str(CHECKOV_CONFIG), "--output", "json"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )

    def result() -> dict[str, Any]:
        stdout, stderr = process.communicate(timeout=300)
        assert stdout.strip(), f"checkov printed no report (exit {process.returncode}): {stderr[-2000:]}"
        return {"exit_code": process.returncode, "report": json.loads(stdout), "stderr": stderr}

    yield result
    if process.poll() is None:
        process.kill()
        process.communicate()


def _relative(path: Path) -> str:
    return path.relative_to(INFRA).as_posix()


@pytest.mark.parametrize("path", bicep_files(), ids=_relative)
def test_every_bicep_file_parses(path: Path, checkov_report: Any) -> None:
    template = parsed(path)
    assert template.get("resources") or template.get("modules"), f"{_relative(path)} declares nothing"


def test_every_module_path_resolves() -> None:
    for path in bicep_files():
        for name, declared in parsed(path).get("modules", {}).items():
            target = path.parent / declared["detail"]["path"]
            assert target.is_file(), f"{_relative(path)}: module {name} points at missing {target}"


def test_every_module_file_is_used() -> None:
    used = {
        (path.parent / declared["detail"]["path"]).resolve()
        for path in bicep_files()
        for declared in parsed(path).get("modules", {}).values()
    }
    unused = [_relative(p) for p in bicep_files() if p.parent.name == "modules" and p.resolve() not in used]
    assert not unused, f"modules no template uses: {unused}"


def test_checkov_bicep_scan_passes(checkov_report: Any) -> None:
    run = checkov_report()
    report = run["report"]
    summary = report["summary"]
    failed = [(c["check_id"], c["resource"], c["file_path"]) for c in report["results"]["failed_checks"]]
    assert failed == [], failed
    assert summary["parsing_errors"] == 0, report["results"]["parsing_errors"]
    # A scan that found nothing would also have no failure: make sure it looked at every module's resources.
    scanned = {c["file_path"] for c in report["results"]["passed_checks"]}
    assert {"/modules/storage.bicep", "/modules/sql.bicep", "/modules/keyvault.bicep"} <= scanned, scanned
    assert summary["passed"] >= 25, summary
    assert run["exit_code"] == 0, run["stderr"][-2000:]


def _documented_skips() -> dict[str, str]:
    """check id -> reason, from the table under SKIPS_HEADING in SKIPS_DOC."""
    text = SKIPS_DOC.read_text(encoding="utf-8")
    assert SKIPS_HEADING in text, f"{SKIPS_DOC.name} has no {SKIPS_HEADING!r} section"
    section = text.split(SKIPS_HEADING, 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\|\s*`?(CKV2?_[A-Z]+_\d+)`?\s*\|(.*)\|\s*$", section, flags=re.MULTILINE)
    return {check: reason.strip(" |") for check, reason in rows}


def test_every_skipped_check_has_a_reason_and_is_listed_in_the_deploy_doc(checkov_report: Any) -> None:
    inline = checkov_report()["report"]["results"]["skipped_checks"]
    without_reason = [c["check_id"] for c in inline if c["check_result"]["suppress_comment"] == "No comment provided"]
    assert without_reason == [], f"inline skips need a reason: {without_reason}"
    configured = yaml.safe_load(CHECKOV_CONFIG.read_text(encoding="utf-8")).get("skip-check", [])
    skipped = {c["check_id"] for c in inline} | set(configured)
    documented = _documented_skips()
    undocumented = sorted(skipped - set(documented))
    assert undocumented == [], f"skipped but not in docs/deploy.md: {undocumented}"
    assert all(len(documented[check]) > 20 for check in skipped), "each docs/deploy.md row needs its reason"
    stale = sorted(set(documented) - skipped)
    assert stale == [], f"docs/deploy.md lists checks no longer skipped: {stale}"
