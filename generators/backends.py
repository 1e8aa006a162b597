"""Targets as backends: one small interface that the CLI, the LSP server and the benchmarks call.

A backend knows, for its target: the default output name, how to plan (which legal plans to try), how to
generate a program from an analyzed file, how to validate a generated program against the original, and
which second gate (if any) the generated source must pass. `parallelize` orchestrates these steps and no
longer branches on the target. Imports of the generators and validators stay inside the methods so that
the CLI starts fast whichever target runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:
    from seq2par.analyzers import FileReport
    from seq2par.validators import ValidationReport


def hoisted_headers_report(report: FileReport, flags: tuple[str, ...] = (), function: str | None = None
                           ) -> FileReport:
    """The report a distributed backend (MPI, CUDA) writes code from: see `headers.hoisted_headers_report`."""
    from .headers import hoisted_headers_report as hoisted

    return hoisted(report, flags, declarations=False, function=function)[0]


def valid_cuda_block(block: int) -> bool:
    """CUDA threads per block: a power of two from 32 (a warp) to 1024 (the most a block may have)."""
    return 32 <= block <= 1024 and not block & (block - 1)


@dataclass(frozen=True)
class GenerateOptions:
    """What shapes the generated program (each backend reads the fields it understands).

    ``decisions``: MPI schedule per loop id (from a suggester); ``only``: restrict to these loop ids (the
    loop under an editor's cursor, or a function's loops); ``block``: CUDA threads per block; ``function``:
    function mode (the named function only, no `main` needed); ``result``: MPI function mode contract,
    ``"rank0"`` or ``"all"`` ranks need the results; ``distinct_params``: function-mode contract that the
    function's `const &` parameters (its inputs) are other objects than everything it writes (see
    `distinct_parameters_report`); ``flags``: the compiler flags, for a re-analysis; ``lane_sums``: an
    element an inner loop only sums into, held in a local, is summed in SIMD lanes (partial sums per lane:
    the rounding differs from the original's); False keeps every such sum in the original order, which
    `parallelize` falls back to when validation finds the lanes' result beyond the rounding noise;
    ``cost_model``: MPI function mode leaves a loop sequential when gathering its results costs more than
    computing them (`mpi_function.gather_cost`); False (`--allow-slower`) distributes it anyway."""

    decisions: dict[int, str] | None = None
    only: frozenset[int] | None = None
    block: int = 256
    function: str | None = None
    result: str = "rank0"
    distinct_params: bool = False
    flags: tuple[str, ...] = ()
    lane_sums: bool = True
    cost_model: bool = True


@dataclass(frozen=True)
class RunOptions:
    """How a validation builds and runs the programs (shared by every backend).

    ``counts``: MPI rank counts or OpenMP thread counts; ``archs``: CUDA architectures; ``driver``: in
    function mode, the user's program that calls the function and prints its results."""

    counts: tuple[int, ...] = (2, 3)
    runs: int = 3
    rtol: float = 1e-9
    atol: float = 1e-12
    timeout: float = 120.0
    args: tuple[str, ...] = ()
    stdin: Path | None = None
    flags: tuple[str, ...] = ()
    launcher: str | None = None
    compare_stderr: bool = True
    ignore_lines: tuple[str, ...] = ()
    rounding_noise: bool = True
    archs: tuple[str, ...] = ("sm_75", "sm_90")
    driver: Path | None = None
    cwd: Path | None = None  # the folder the programs run in (default: a scratch folder)
    extra: dict[str, Any] = field(default_factory=dict)


class Backend(Protocol):
    """One target. `generate` raises `TransformationError` when nothing can be parallelized; `validate`
    raises what the validators raise (`ValidationError`, `ToolchainError`) and reports everything else."""

    name: ClassVar[str]
    count_name: ClassVar[str]  # "np" or "threads": what `RunOptions.counts` counts
    times_plans: ClassVar[bool]  # whether validated programs are judged for speed (exit 7 when slower)
    minimal_diff: ClassVar[bool]  # --diff shows the generated code without the validation label

    def output_name(self, source: Path, function: str | None = None) -> Path: ...

    def generate(self, report: FileReport, options: GenerateOptions) -> Any: ...

    def alternatives(self, report: FileReport, ranked: list[dict[int, str]],
                     options: GenerateOptions) -> list[tuple[str, GenerateOptions]]: ...

    def validate(self, original: Path, candidate: Path, generated: Any, run: RunOptions) -> ValidationReport: ...

    def second_gate(self, candidate: Path, run: RunOptions) -> list[str]: ...

    def describe_validation(self, run: RunOptions) -> str: ...


def _overloaded(report: FileReport, function: str) -> None:
    """Raises `TransformationError` when the file defines `function` more than once (overloads, or the same
    name in two namespaces): function mode parallelizes one definition, which the name does not tell."""
    from .edits import TransformationError

    keys = report.program.overloads.get(function)
    if keys:
        lines = ", ".join(str(report.program.functions[key].line) for key in keys)
        raise TransformationError(f"`{function}` is defined {len(keys)} times in {report.path} (lines {lines}: "
                                  "overloads, or one name in two namespaces or classes): function mode takes a "
                                  "function defined once; give the one to parallelize a name of its own")


def function_loop_ids(report: FileReport, function: str) -> frozenset[int]:
    """The ids of every loop of `function` (raises `TransformationError` when the file has no such
    function definition)."""
    from .edits import TransformationError

    names = set(report.program.functions)  # name -> Function
    _overloaded(report, function)
    if function not in names:
        raise TransformationError(f"no function `{function}` is defined in {report.path} "
                                  f"(defined: {', '.join(sorted(n for n in names if '#' not in n)) or 'none'})")
    return frozenset(loop.id for loop in report.loops if loop.function == function)


def distinct_parameters_report(report: FileReport, function: str, flags: tuple[str, ...] = ()
                               ) -> tuple[FileReport, Callable[[str], str]]:
    """Under the contract "the function's `const &` parameters are not the objects it writes" (a caller
    never passes its output as an input too), analyze the file again with those parameters taken by value:
    a copy cannot alias anything, so the analysis no longer needs to assume that `out[k]` may be `in[j]`,
    and every other fact about the loops is the same (the parameters are read only). Returns that report
    and a function that puts the original signature back into generated code. Raises
    `TransformationError` when the signature cannot be restored exactly."""
    from seq2par.analyzers import analyze_source

    from .edits import Edit, TransformationError, apply_edits

    fn = report.program.functions.get(function)
    if fn is None:
        raise TransformationError(f"no function `{function}` is defined in {report.path}")
    source = report.program.source
    declarator = fn.node.child_by_field_name("declarator")
    while declarator is not None and declarator.type != "function_declarator":
        declarator = declarator.child_by_field_name("declarator")
    parameters = declarator.child_by_field_name("parameters") if declarator is not None else None
    if parameters is None:
        return report, lambda text: text
    edits = []
    for parameter in parameters.named_children:
        inner = parameter.child_by_field_name("declarator")
        constant = any(child.type == "type_qualifier" and child.text == b"const" for child in parameter.children)
        if inner is None or inner.type != "reference_declarator" or not constant:
            continue
        ampersand = inner.children[0]
        if ampersand.type == "&":
            edits.append(Edit(ampersand.start_byte, ampersand.end_byte, " "))
    if not edits:
        return report, lambda text: text
    original = source[parameters.start_byte:parameters.end_byte].decode()
    changed = apply_edits(source, edits)
    shift = sum(len(edit.text) - (edit.end - edit.start) for edit in edits)
    modified = changed.encode()[parameters.start_byte:parameters.end_byte + shift].decode()
    again = analyze_source(changed, report.path, flags, use_libclang=True, language=report.language)

    def restore(text: str) -> str:
        if text.count(modified) != 1:
            raise TransformationError(f"cannot put the signature of `{function}` back (function-mode contract)")
        return text.replace(modified, original)

    return again, restore


class MpiBackend:
    name: ClassVar[str] = "mpi"
    count_name: ClassVar[str] = "np"
    times_plans: ClassVar[bool] = True
    minimal_diff: ClassVar[bool] = False

    def output_name(self, source: Path, function: str | None = None) -> Path:
        return source.with_name(f"{source.stem}.mpi{source.suffix}")

    def generate(self, report: FileReport, options: GenerateOptions) -> Any:
        if options.function is not None:
            from .mpi_function import generate_mpi_function

            restore: Callable[[str], str] = lambda text: text  # noqa: E731
            if options.distinct_params:
                report, restore = distinct_parameters_report(report, options.function, options.flags)
            report = hoisted_headers_report(report, options.flags, options.function)
            program = generate_mpi_function(report, options.function, result=options.result,
                                            cost_model=options.cost_model)
            program.source = restore(program.source)
            return program
        from .mpi import generate_mpi

        report = hoisted_headers_report(report, options.flags)

        settings: dict[str, Any] = {}
        if options.decisions is not None:
            settings["decisions"] = options.decisions
        if options.only is not None:
            settings["only"] = set(options.only)
        return generate_mpi(report, lane_sums=options.lane_sums, **settings)

    def alternatives(self, report: FileReport, ranked: list[dict[int, str]],
                     options: GenerateOptions) -> list[tuple[str, GenerateOptions]]:
        """The suggester's runner-up, and the heaviest nest of the suggested plan alone."""
        if options.function is not None:
            return []
        from seq2par.models.features import loop_facts

        out: list[tuple[str, GenerateOptions]] = []
        if len(ranked) > 1:
            out.append(("runner-up plan", GenerateOptions(decisions=ranked[1], lane_sums=options.lane_sums)))
        distributed = [k for k, decision in (ranked[0] if ranked else {}).items() if decision != "sequential"]
        if len(distributed) > 1:
            facts = loop_facts(report)
            heaviest = max(distributed, key=lambda k: facts[k].work if k in facts else 0.0)
            out.append(("heaviest nest only", GenerateOptions(decisions={heaviest: ranked[0][heaviest]},
                                                              only=frozenset({heaviest}),
                                                              lane_sums=options.lane_sums)))
        return out

    def validate(self, original: Path, candidate: Path, generated: Any, run: RunOptions) -> ValidationReport:
        if run.driver is not None:
            from seq2par.validators import validate_mpi_function

            return validate_mpi_function(original, candidate, run.driver, np_list=run.counts, runs=run.runs,
                                         rtol=run.rtol, atol=run.atol, timeout=run.timeout, args=run.args,
                                         stdin=run.stdin, flags=run.flags, launcher=run.launcher,
                                         compare_stderr=run.compare_stderr, ignore_lines=run.ignore_lines,
                                         rounding_noise=run.rounding_noise)
        from seq2par.validators import validate_mpi

        return validate_mpi(original, candidate, np_list=run.counts, runs=run.runs, rtol=run.rtol, atol=run.atol,
                            timeout=run.timeout, args=run.args, stdin=run.stdin, flags=run.flags,
                            launcher=run.launcher, compare_stderr=run.compare_stderr,
                            ignore_lines=run.ignore_lines, rounding_noise=run.rounding_noise, cwd=run.cwd)

    def second_gate(self, candidate: Path, run: RunOptions) -> list[str]:
        return []

    def describe_validation(self, run: RunOptions) -> str:
        return "mpiexec -n " + ",".join(map(str, run.counts))


class CudaBackend:
    name: ClassVar[str] = "cuda"
    count_name: ClassVar[str] = "np"
    times_plans: ClassVar[bool] = False
    minimal_diff: ClassVar[bool] = False

    def output_name(self, source: Path, function: str | None = None) -> Path:
        return source.with_name(f"{source.stem}.cu")

    def generate(self, report: FileReport, options: GenerateOptions) -> Any:
        from .cuda import generate_cuda
        from .edits import TransformationError

        if options.function is not None:
            raise TransformationError("function mode (--function) is not available for CUDA")
        return generate_cuda(hoisted_headers_report(report, options.flags), block=options.block)

    def alternatives(self, report: FileReport, ranked: list[dict[int, str]],
                     options: GenerateOptions) -> list[tuple[str, GenerateOptions]]:
        return []

    def validate(self, original: Path, candidate: Path, generated: Any, run: RunOptions) -> ValidationReport:
        from seq2par.validators.cuda_run import validate_generated_cuda

        return validate_generated_cuda(original, candidate, generated, archs=run.archs, runs=run.runs,
                                       rtol=run.rtol, atol=run.atol, timeout=run.timeout, args=run.args,
                                       stdin=run.stdin, flags=run.flags, compare_stderr=run.compare_stderr,
                                       ignore_lines=run.ignore_lines, rounding_noise=run.rounding_noise,
                                       cwd=run.cwd)

    def second_gate(self, candidate: Path, run: RunOptions) -> list[str]:
        return []

    def describe_validation(self, run: RunOptions) -> str:
        return "nvcc " + ",".join(run.archs)


class OpenMPBackend:
    name: ClassVar[str] = "openmp"
    count_name: ClassVar[str] = "threads"
    times_plans: ClassVar[bool] = True
    minimal_diff: ClassVar[bool] = True

    def output_name(self, source: Path, function: str | None = None) -> Path:
        return source.with_name(f"{source.stem}.omp{source.suffix}")

    def generate(self, report: FileReport, options: GenerateOptions) -> Any:
        from .headers import hoisted_headers_report as hoisted
        from .headers import outermost

        restore: Callable[[str], str] = lambda text: text  # noqa: E731
        if options.function is not None and options.distinct_params:
            report, restore = distinct_parameters_report(report, options.function, options.flags)
        plain, rewritten = hoisted(report, options.flags, function=options.function)
        program = self._generate(plain, options)
        if rewritten:
            # the original but for directives: a header is rewritten only in the nests that get one
            nests = frozenset(outermost(plain, parallel.loop.id) for parallel in program.parallel)
            fewer, kept = hoisted(report, options.flags, nests, function=options.function,
                                  loops=frozenset(parallel.loop.id for parallel in program.parallel))
            if kept != rewritten:
                first = {loop.id: why for loop, why in program.sequential}
                program = self._generate(fewer, options)
                # (a loop left with its header says why it was left before: the header is not the reason)
                program.sequential = [(loop, first.get(loop.id, why) if loop.header_extras or loop.derived else why)
                                      for loop, why in program.sequential]
        program.source = restore(program.source)
        return program

    def _generate(self, report: FileReport, options: GenerateOptions) -> Any:
        from .openmp import generate_openmp

        only = set(options.only) if options.only is not None else None
        if options.function is not None:
            loops = function_loop_ids(report, options.function)
            only = set(loops) if only is None else only & loops
        return generate_openmp(report, only=only, lane_sums=options.lane_sums)

    def alternatives(self, report: FileReport, ranked: list[dict[int, str]],
                     options: GenerateOptions) -> list[tuple[str, GenerateOptions]]:
        return []

    def validate(self, original: Path, candidate: Path, generated: Any, run: RunOptions) -> ValidationReport:
        from seq2par.validators import validate_openmp

        return validate_openmp(original, candidate, threads=run.counts, runs=run.runs, rtol=run.rtol,
                               atol=run.atol, timeout=run.timeout, args=run.args, stdin=run.stdin,
                               flags=run.flags, compare_stderr=run.compare_stderr, ignore_lines=run.ignore_lines,
                               rounding_noise=run.rounding_noise, driver=run.driver, cwd=run.cwd)

    def second_gate(self, candidate: Path, run: RunOptions) -> list[str]:
        """Every error-severity finding of `seq2par check` (the hazard rules for parallel code) on the
        generated source, as `line:column: CODE message` lines; empty when it passes."""
        from seq2par.cli.check_cmd import run_check
        from seq2par.cli.check_config import CheckConfig

        config = CheckConfig(root=candidate.parent)
        result = run_check([candidate], config, flags=[*run.flags, "-fopenmp"])
        problems = list(result.errors)
        for checked in result.files:
            for finding, severity in checked.findings:
                if severity == "error" and finding.code != "S2P801":
                    problems.append(f"{finding.line}:{finding.column}: {finding.code} {finding.message}")
        return problems

    def describe_validation(self, run: RunOptions) -> str:
        return "OMP_NUM_THREADS=" + ",".join(map(str, run.counts))


BACKENDS: dict[str, type] = {"mpi": MpiBackend, "cuda": CudaBackend, "openmp": OpenMPBackend}


def get_backend(name: str) -> Backend:
    """The backend for a target name; raises KeyError for an unknown one."""
    return BACKENDS[name]()
