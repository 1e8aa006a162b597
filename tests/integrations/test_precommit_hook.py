"""The pre-commit hook for real: a scratch git repository, `pre-commit install`, and `git commit`s that
the hook blocks (a racy OpenMP file) and lets through (the corrected file; a non-C file).

The offline variant runs the hook as `repo: local` / `language: system` with the fields of this
repository's `.pre-commit-hooks.yaml`, so the manifest's file selection is what is tested. The variant
that uses this repository as a hook repo (`repo: <path>`, `language: python`) makes pre-commit
pip-install seq2par and all its dependencies (mpich, libclang, ...) from the package index into a fresh
environment: it needs the network and takes minutes, so it runs only with SEQ2PAR_NETWORK_TESTS=1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SEQ2PAR = Path(sys.executable).with_name("seq2par")

RACY = """\
#define N 4096
double a[N], b[N];
int main(void)
{
    double sum = 0.0;
#pragma omp parallel for
    for (int i = 0; i < N; i++)
        sum += a[i] * b[i];
    return sum > 0.0;
}
"""
FIXED = RACY.replace("#pragma omp parallel for\n", "#pragma omp parallel for reduction(+:sum)\n")


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    (tmp_path / "gitconfig").write_text("[user]\n\tname = Hook Test\n\temail = hook@example.invalid\n"
                                        "[init]\n\tdefaultBranch = main\n")
    env.update({"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
                "GIT_CONFIG_NOSYSTEM": "1", "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1"})
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def _git(repo: Path, env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=check,
                          timeout=300)


def _commit_count(repo: Path, env: dict) -> int:
    result = _git(repo, env, "rev-list", "--count", "HEAD", check=False)
    return int(result.stdout) if result.returncode == 0 else 0


def _exercise(repo: Path, env: dict) -> None:
    """Install the hook, then: racy file blocked, fixed file committed, non-C file not checked."""
    install = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env,
                             capture_output=True, text=True, timeout=120)
    assert install.returncode == 0, install.stdout + install.stderr
    assert (repo / ".git" / "hooks" / "pre-commit").exists()
    _git(repo, env, "add", ".pre-commit-config.yaml")

    (repo / "dot.c").write_text(RACY)
    _git(repo, env, "add", "dot.c")
    blocked = _git(repo, env, "commit", "-m", "racy dot product", check=False)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "S2P703" in output and "dot.c:6:1" in output, output
    assert _commit_count(repo, env) == 0

    (repo / "dot.c").write_text(FIXED)
    _git(repo, env, "add", "dot.c")
    allowed = _git(repo, env, "commit", "-m", "dot product with a reduction", check=False)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert _commit_count(repo, env) == 1

    (repo / "notes.txt").write_text(RACY)  # C text in a non-C file: the hook does not run on it
    _git(repo, env, "add", "notes.txt")
    skipped = _git(repo, env, "commit", "-m", "notes", check=False)
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    assert "(no files to check)Skipped" in skipped.stderr.replace(".", ""), skipped.stderr
    assert _commit_count(repo, env) == 2

    # pre-commit's c++ type covers template implementation files that check does not read: they blocked
    # the commit (exit 2, "not a C/C++/CUDA source file")
    (repo / "matrix.tpp").write_text("template <class T> void scale(T *a, int n) {\n#pragma omp parallel for\n"
                                     "    for (int i = 0; i < n; i++) a[i] *= 2;\n}\n")
    _git(repo, env, "add", "matrix.tpp")
    template = _git(repo, env, "commit", "-m", "a template", check=False)
    assert template.returncode == 0, template.stdout + template.stderr
    assert _commit_count(repo, env) == 3

    # a hook cannot pass flags after `--` (pre-commit appends the file names): the configuration gives them
    (repo / "pyproject.toml").write_text('[tool.seq2par]\ncompiler-flags = ["-DOFF=1"]\n')
    (repo / "shift.c").write_text("#ifndef OFF\n#define OFF 0\n#endif\ndouble a[1000];\nvoid f(void) {\n"
                                  "#pragma omp parallel for\n    for (int i = 0; i < 999; i++)\n"
                                  "        a[i + OFF] = a[i] + 1;\n}\n")
    _git(repo, env, "add", "pyproject.toml", "shift.c")
    shifted = _git(repo, env, "commit", "-m", "shift built with -DOFF=1", check=False)
    assert shifted.returncode != 0 and "S2P701" in shifted.stdout + shifted.stderr, shifted.stdout + shifted.stderr
    assert _commit_count(repo, env) == 3
    _git(repo, env, "reset", "-q")

    # pre-commit passes a file at the top named `-dot.c` as it is: it was read as an unknown option (exit 2,
    # "No such option: -d"), and the race in it was never reported
    (repo / "-dot.c").write_text(RACY)
    _git(repo, env, "add", "--", "-dot.c")
    dashed = _git(repo, env, "commit", "-m", "racy file named like an option", check=False)
    output = dashed.stdout + dashed.stderr
    assert dashed.returncode != 0 and "S2P703" in output and "No such option" not in output, output


def test_hook_blocks_racy_commit_and_allows_fixed_one(tmp_path: Path) -> None:
    assert SEQ2PAR.exists(), "the seq2par console script is not installed next to the interpreter"
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in manifest if h["id"] == "seq2par-check")
    local = {**hook, "language": "system", "entry": f"{SEQ2PAR} check"}
    local.pop("minimum_pre_commit_version", None)
    repo = tmp_path / "project"
    repo.mkdir()
    env = _env(tmp_path)
    _git(repo, env, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]}))
    _exercise(repo, env)


@pytest.mark.skipif(os.environ.get("SEQ2PAR_NETWORK_TESTS") != "1",
                    reason="pre-commit pip-installs seq2par and its dependencies from the package index into "
                    "a new environment (network, minutes); set SEQ2PAR_NETWORK_TESTS=1 to run")
def test_hook_from_this_repository(tmp_path: Path) -> None:
    env = _env(tmp_path)
    snapshot = tmp_path / "seq2par-hooks"
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split("\n")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    _git(snapshot, env, "init", "-q")
    _git(snapshot, env, "add", "-A")
    _git(snapshot, env, "commit", "-q", "-m", "snapshot")
    rev = _git(snapshot, env, "rev-parse", "HEAD").stdout.strip()
    repo = tmp_path / "project"
    repo.mkdir()
    _git(repo, env, "init", "-q")
    config = {"repos": [{"repo": str(snapshot), "rev": rev, "hooks": [{"id": "seq2par-check"}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    _exercise(repo, env)
