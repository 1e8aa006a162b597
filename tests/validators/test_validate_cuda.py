"""CUDA validation: compiling for every arch never skips; running needs a GPU and skips without one."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from seq2par.validators import ValidationError, ValidationReport, gpu_present, validate_cuda

SourceWriter = Callable[[str, str], Path]  # the write_source fixture (conftest.py)

ORIGINAL = """
    #include <stdio.h>
    #define N 100000
    static float a[N], b[N], c[N];
    int main(void) {
        for (int i = 0; i < N; i++) { a[i] = i * 0.5f; b[i] = 2.0f * i; }
        for (int i = 0; i < N; i++) c[i] = a[i] + b[i];
        double sum = 0.0;
        for (int i = 0; i < N; i++) sum += c[i];
        printf("c[7]=%g sum=%.10g\\n", c[7], sum);
        return 0;
    }
"""

VECTOR_ADD = """
    #include <stdio.h>
    #include <stdlib.h>
    #define N 100000
    #define CHECK(call) do { cudaError_t e = (call); if (e != cudaSuccess) { \\
        fprintf(stderr, "%s:%d: %s\\n", __FILE__, __LINE__, cudaGetErrorString(e)); exit(1); } } while (0)
    __global__ void add(const float *a, const float *b, float *c, int n) {
        int i = blockIdx.x * blockDim.x + threadIdx.x;
        if (i < n) c[i] = a[i] + b[i];
    }
    static float a[N], b[N], c[N];
    int main(void) {
        for (int i = 0; i < N; i++) { a[i] = i * 0.5f; b[i] = 2.0f * i; }
        float *da, *db, *dc;
        CHECK(cudaMalloc(&da, sizeof a)); CHECK(cudaMalloc(&db, sizeof b)); CHECK(cudaMalloc(&dc, sizeof c));
        CHECK(cudaMemcpy(da, a, sizeof a, cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(db, b, sizeof b, cudaMemcpyHostToDevice));
        add<<<(N + 255) / 256, 256>>>(da, db, dc, N);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(c, dc, sizeof c, cudaMemcpyDeviceToHost));
        double sum = 0.0;
        for (int i = 0; i < N; i++) sum += c[i];
        printf("c[7]=%g sum=%.10g\\n", c[7], sum);
        CHECK(cudaFree(da)); CHECK(cudaFree(db)); CHECK(cudaFree(dc));
        return 0;
    }
"""


@pytest.fixture(scope="module")
def cuda_report(tmp_path_factory: pytest.TempPathFactory) -> ValidationReport:
    folder = tmp_path_factory.mktemp("cuda")
    original = folder / "vadd.c"
    parallel = folder / "vadd.cu"
    original.write_text(textwrap.dedent(ORIGINAL).lstrip())
    parallel.write_text(textwrap.dedent(VECTOR_ADD).lstrip())
    return validate_cuda(original, parallel, archs=("sm_75", "sm_90"), runs=2, timeout=60.0)


def test_vector_add_compiles_for_every_arch(cuda_report: ValidationReport) -> None:
    assert cuda_report.status != "build-failed", cuda_report.message
    for arch in ("sm_75", "sm_90"):
        command = cuda_report.commands[f"build parallel {arch}"]
        assert f"-arch={arch}" in command and "-O2" in command and command[-1] == "-lm"


def test_without_gpu_the_report_says_compiled_not_run(cuda_report: ValidationReport) -> None:
    if gpu_present() is not None:
        pytest.skip("a GPU is present: the program ran (see test_vector_add_runs_on_the_gpu)")
    assert cuda_report.status == "compiled"
    assert (cuda_report.mode, cuda_report.ran, cuda_report.exit_code) == ("compiled-only", False, 0)
    assert cuda_report.entries == ()
    data = json.loads(json.dumps(cuda_report.to_dict()))
    assert data["ran"] is False and data["status"] == "compiled" and data["mode"] == "compiled-only"


@pytest.mark.skipif(gpu_present() is None, reason="no NVIDIA GPU on this machine: CUDA programs cannot run")
def test_vector_add_runs_on_the_gpu(cuda_report: ValidationReport) -> None:
    assert cuda_report.status == "equal", cuda_report.message
    assert (cuda_report.mode, cuda_report.ran, cuda_report.exit_code) == ("gpu", True, 0)
    [entry] = cuda_report.entries
    assert entry.label == "gpu" and entry.np is None and entry.equal
    assert entry.speedup is not None and entry.speedup > 0


def test_cuda_compile_error_is_build_failed(write_source: SourceWriter) -> None:
    original = write_source("vadd.c", ORIGINAL)
    broken = write_source("broken.cu", VECTOR_ADD.replace("if (i < n)", "if (i < n"))
    report = validate_cuda(original, broken, archs=("sm_90",), runs=1)
    assert (report.status, report.exit_code, report.ran) == ("build-failed", 5, False)
    assert report.build_failures[0].program == "parallel sm_90"
    assert "error" in report.build_failures[0].stderr


def test_unknown_arch_is_rejected(write_source: SourceWriter) -> None:
    original = write_source("vadd.c", ORIGINAL)
    with pytest.raises(ValidationError):
        validate_cuda(original, original, archs=("hopper",))
