"""The LSP server re-analyzes only the functions an edit can affect: the results must be exactly those
of analyzing the whole document again (positions, verdicts, findings, hazards, messages)."""

from __future__ import annotations

import random

from seq2par.cli.lsp_documents import Analysis, DocumentState

FUNCTIONS = [
    """\
static double field[4096], scratch[4096];
int printf(const char *, ...);
""",
    """\
static void fill(double *out, int n, double v)
{
    for (int i = 0; i < n; i++)
        out[i] = v * i;
}
""",
    """\
static double total(const double *in, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += in[i];
    return s;
}
""",
    """\
static void smooth(double *dst, const double *src, int n)
{
    for (int i = 1; i < n - 1; i++)
        dst[i] = 0.5 * (src[i - 1] + src[i + 1]);
}
""",
    """\
static void scan(double *a, int n)
{
    for (int i = 1; i < n; i++)
        a[i] += a[i - 1];
}
""",
    """\
static void parallel_scale(double *a, int n)
{
    double t;
#pragma omp parallel for private(t)
    for (int i = 0; i < n; i++) {
        t = a[i] * 2.0;
        a[i] = t;
    }
}
""",
    """\
static void independent(double *x, int n)
{
    for (int i = 0; i < n; i++)
        x[i] = x[i] * x[i];
}
""",
    """\
static void also_independent(double *x, int n)
{
    for (int k = 0; k < n; k++)
        x[k] = -x[k];
}
""",
    """\
int main(void)
{
    fill(field, 4096, 0.5);
    smooth(scratch, field, 4096);
    for (int step = 0; step < 10; step++)
        parallel_scale(field, 4096);
    printf("%f\\n", total(field, 4096));
    return 0;
}
""",
]

EDITS = [
    ("fill", "        out[i] = v * i;", "        out[i] = v * i + out[i - 1];"),
    ("total", "        s += in[i];", "        s += in[i];\n        printf(\"%f\\n\", s);"),
    ("parallel_scale", "#pragma omp parallel for private(t)", "#pragma omp parallel for"),
    ("smooth", "0.5 * (src[i - 1] + src[i + 1]);", "0.5 * (dst[i - 1] + src[i + 1]);"),
    ("independent", "        x[i] = x[i] * x[i];", "        x[i] = x[i] * x[i];\n        field[0] = x[i];"),
    ("scan", "        a[i] += a[i - 1];", "        a[i] += 1.0;"),
    ("also_independent", "    for (int k = 0; k < n; k++)", "\n\n    for (int k = 0; k < n; k++)"),
]


def _view(analysis: Analysis) -> tuple:
    loops = [(lp.function, lp.line, lp.column, lp.end_line, lp.verdict, lp.summary, lp.reductions, lp.private,
              tuple((f.code, f.line, f.column, f.message, f.vars, f.related_line) for f in lp.findings))
             for lp in analysis.loops]
    findings = [(f.code, f.line, f.column, f.message, severity, getattr(f, "directive_line", None))
                for f, severity in analysis.findings if f.code != "S2P100"]
    return loops, findings


def test_incremental_results_equal_a_full_analysis() -> None:
    rng = random.Random(6)
    parts = list(FUNCTIONS)
    incremental, full = DocumentState("doc.c"), DocumentState("doc.c")
    first = incremental.update("".join(parts), 1)
    assert not first.incremental
    used = 0
    for version in range(2, 30):
        name, old, new = rng.choice(EDITS)
        index = next(i for i, part in enumerate(parts) if f" {name}(" in part.split("\n")[0])
        if old in parts[index]:
            parts[index] = parts[index].replace(old, new, 1)
        elif new in parts[index]:
            parts[index] = parts[index].replace(new, old, 1)
        text = "".join(parts)
        got = incremental.update(text, version)
        want = full.update(text, version, incremental=False)
        assert _view(got) == _view(want), (version, name)
        if got.incremental:
            used += 1
            assert got.functions_analyzed < len(FUNCTIONS) - 1
    assert used >= 10


def test_edits_outside_functions_and_syntax_errors_analyze_everything() -> None:
    state = DocumentState("doc.c")
    text = "".join(FUNCTIONS)
    state.update(text, 1)
    assert not state.update(text.replace("scratch[4096]", "scratch[8192]"), 2).incremental
    broken = state.update(text.replace("        s += in[i];", "        s += in[i] +;"), 3)
    assert not broken.incremental and broken.parse_errors
    assert not state.update(text, 4).incremental  # the first analysis after an error is complete
    assert state.update(text.replace("v * i;", "v * i * 2;"), 5).incremental


def test_the_configurations_compiler_flags_reach_the_editors_analysis() -> None:
    """`compiler-flags = ["-DOFF=1"]` in `[tool.seq2par]` applies to `check`; the LSP server analyzed without
    them, so an editor showed no hazard where the hook blocks the commit."""
    from seq2par.cli.check_config import CheckConfig

    text = ("#ifndef OFF\n#define OFF 0\n#endif\ndouble a[1000];\nvoid f(void) {\n#pragma omp parallel for\n"
            "    for (int i = 0; i < 999; i++)\n        a[i + OFF] = a[i] + 1;\n}\n")
    plain = DocumentState("shift.c").update(text)
    flagged = DocumentState("shift.c", CheckConfig(compiler_flags=("-DOFF=1",))).update(text)
    assert not [f for f, _ in plain.findings if f.code == "S2P701"]
    assert [f for f, _ in flagged.findings if f.code == "S2P701"], flagged.findings


def test_a_lone_surrogate_in_the_text_does_not_break_the_document() -> None:
    """A didChange carrying `\\udcff` (a lone surrogate some editors send) made every later request fail
    with a UnicodeEncodeError traceback: the document stayed broken until it was closed."""
    state = DocumentState("doc.c")
    text = "double a[100];\nvoid f(void) {\n    /* \udcff */\n    for (int i = 0; i < 100; i++) a[i] = 2.0 * i;\n}\n"
    analysis = state.update(text)
    assert [lp.verdict for lp in analysis.loops] == ["parallel"]
    assert state.update(text.replace("2.0", "3.0")).loops[0].verdict == "parallel"
