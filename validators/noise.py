"""How many digits of each printed number does the *original* program determine?

A parallel program adds in another order, so a value that is the difference of large terms (a momentum sum
that is ~0, a vector normalized by a norm that is itself rounding noise) legitimately comes out different
in digits the original never determined either. We measure this on the original alone, by perturbing its
rounding and nothing else: a copy of it is linked with a small probe (`PROBE_SOURCE`) whose constructor
calls ``fesetround`` before ``main`` (FE_UPWARD, FE_DOWNWARD or FE_TOWARDZERO, chosen by the environment),
and run once per mode. The probe also makes the printf/scanf/strtod families work in round-to-nearest:
glibc's printf honours the rounding mode when it converts to decimal (``0.333334`` for 1/3 rounded upward
at ``%.6f``), which would otherwise make every printed number look noisy; input parsing is not arithmetic
either. glibc's libm stays within an ulp or two in every mode (checked for sin, exp, log, pow).

A number that moves under those runs gets an absolute tolerance of `SAFETY_FACTOR` times the largest
move (its *spread*); a number that does not move keeps the strict rtol/atol; integers printed as integers,
text and token counts stay exact. `SAFETY_FACTOR` is 10, one decimal digit: directed rounding pushes every
operation the same way, so its drift grows like n·u while reassociation errors of round-to-nearest grow
like √n·u, and the spread over-estimates them in most codes; the factor covers the cases where the three
modes happen to land on one side of the reassociated value (a cancelling sum's sign). A difference larger
than the factor times the measured spread is never accepted.

Numbers that differ between two runs of the unmodified original (a printed run time, a date) are not
compared at all: `varying_tokens`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .compare import Allowance, Token, numbers_close, tokenize

ROUNDING_MODES = ("upward", "downward", "towardzero")
ROUNDING_VARIABLE = "S2P_ROUNDING"
SAFETY_FACTOR = 10.0
PROBE_FLAGS = ("-frounding-math",)  # no constant folding that assumes round-to-nearest in the probe build
_LISTED = 100  # tokens listed in a report; the counts cover all of them

Outputs = dict[str, str | bytes]

PROBE_SOURCE = r"""/* seq2par rounding probe: linked into a copy of the original program only, to measure how many
   digits of its output survive a change of rounding mode. Formatting and parsing stay round-to-nearest. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <fenv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((constructor(101))) static void s2p_set_rounding(void) {
    const char *name = getenv("S2P_ROUNDING");
    if (name == NULL) return;
    if (strcmp(name, "upward") == 0) fesetround(FE_UPWARD);
    else if (strcmp(name, "downward") == 0) fesetround(FE_DOWNWARD);
    else if (strcmp(name, "towardzero") == 0) fesetround(FE_TOWARDZERO);
}

#define S2P_NEAREST(call) do { int s2p_saved = fegetround(); \
    if (s2p_saved != FE_TONEAREST) fesetround(FE_TONEAREST); \
    call; \
    if (s2p_saved != FE_TONEAREST) fesetround(s2p_saved); } while (0)
#define S2P_REAL(type, name, args) static type (*real)args; \
    if (real == NULL) real = (type (*)args)dlsym(RTLD_NEXT, name); \
    if (real == NULL) abort();

int vfprintf(FILE *stream, const char *format, va_list ap) {
    S2P_REAL(int, "vfprintf", (FILE *, const char *, va_list))
    int result; S2P_NEAREST(result = real(stream, format, ap)); return result;
}
int vsnprintf(char *s, size_t n, const char *format, va_list ap) {
    S2P_REAL(int, "vsnprintf", (char *, size_t, const char *, va_list))
    int result; S2P_NEAREST(result = real(s, n, format, ap)); return result;
}
int vsprintf(char *s, const char *format, va_list ap) {
    S2P_REAL(int, "vsprintf", (char *, const char *, va_list))
    int result; S2P_NEAREST(result = real(s, format, ap)); return result;
}
int vasprintf(char **s, const char *format, va_list ap) {
    S2P_REAL(int, "vasprintf", (char **, const char *, va_list))
    int result; S2P_NEAREST(result = real(s, format, ap)); return result;
}
int vdprintf(int fd, const char *format, va_list ap) {
    S2P_REAL(int, "vdprintf", (int, const char *, va_list))
    int result; S2P_NEAREST(result = real(fd, format, ap)); return result;
}
int vprintf(const char *format, va_list ap) { return vfprintf(stdout, format, ap); }
#define S2P_VARIADIC(call) va_list ap; va_start(ap, format); int result = call; va_end(ap); return result;
int printf(const char *format, ...) { S2P_VARIADIC(vfprintf(stdout, format, ap)) }
int fprintf(FILE *stream, const char *format, ...) { S2P_VARIADIC(vfprintf(stream, format, ap)) }
int sprintf(char *s, const char *format, ...) { S2P_VARIADIC(vsprintf(s, format, ap)) }
int snprintf(char *s, size_t n, const char *format, ...) { S2P_VARIADIC(vsnprintf(s, n, format, ap)) }
int asprintf(char **s, const char *format, ...) { S2P_VARIADIC(vasprintf(s, format, ap)) }
int dprintf(int fd, const char *format, ...) { S2P_VARIADIC(vdprintf(fd, format, ap)) }
/* _FORTIFY_SOURCE variants (their buffer checks are dropped in this probe build only). */
int __printf_chk(int flag, const char *format, ...) { (void)flag; S2P_VARIADIC(vfprintf(stdout, format, ap)) }
int __fprintf_chk(FILE *stream, int flag, const char *format, ...) {
    (void)flag; S2P_VARIADIC(vfprintf(stream, format, ap)) }
int __sprintf_chk(char *s, int flag, size_t len, const char *format, ...) {
    (void)flag; (void)len; S2P_VARIADIC(vsprintf(s, format, ap)) }
int __snprintf_chk(char *s, size_t n, int flag, size_t len, const char *format, ...) {
    (void)flag; (void)len; S2P_VARIADIC(vsnprintf(s, n, format, ap)) }
int __vprintf_chk(int flag, const char *format, va_list ap) { (void)flag; return vfprintf(stdout, format, ap); }
int __vfprintf_chk(FILE *stream, int flag, const char *format, va_list ap) {
    (void)flag; return vfprintf(stream, format, ap); }
int __vsprintf_chk(char *s, int flag, size_t len, const char *format, va_list ap) {
    (void)flag; (void)len; return vsprintf(s, format, ap); }
int __vsnprintf_chk(char *s, size_t n, int flag, size_t len, const char *format, va_list ap) {
    (void)flag; (void)len; return vsnprintf(s, n, format, ap); }
double strtod(const char *s, char **end) {
    S2P_REAL(double, "strtod", (const char *, char **))
    double result; S2P_NEAREST(result = real(s, end)); return result;
}
float strtof(const char *s, char **end) {
    S2P_REAL(float, "strtof", (const char *, char **))
    float result; S2P_NEAREST(result = real(s, end)); return result;
}
long double strtold(const char *s, char **end) {
    S2P_REAL(long double, "strtold", (const char *, char **))
    long double result; S2P_NEAREST(result = real(s, end)); return result;
}
double atof(const char *s) { return strtod(s, NULL); }
"""


@dataclass(frozen=True)
class LooseToken:
    """A number compared within measured rounding noise: where it is, the original's text, how far it moved
    under the other rounding modes, the tolerance it got and how many significant digits that leaves it."""

    stream: str
    line: int
    token_index: int
    text: str
    spread: float
    tolerance: float
    significant_digits: int


@dataclass(frozen=True)
class VaryingToken:
    """A number that differs between runs of the unmodified original (a run time): not compared."""

    stream: str
    line: int
    token_index: int
    values: tuple[str, ...]


@dataclass(frozen=True)
class NoiseSummary:
    """What the rounding-noise measurement did and found, for the report.

    ``measured`` is False when it was not needed (every number matched within rtol/atol) or could not run;
    ``note`` then says which. ``modes`` are the rounding modes whose runs finished and printed the same
    shape of output as the original; ``seconds`` is the wall time of the extra build and runs; ``loose`` lists
    up to 100 loosely compared numbers, ``loose_count`` counts them all.
    """

    measured: bool
    note: str
    modes: tuple[str, ...] = ()
    safety_factor: float = SAFETY_FACTOR
    seconds: float = 0.0
    loose_count: int = 0
    loose: tuple[LooseToken, ...] = ()


def significant_digits(value: float, spread: float) -> int:
    """Decimal digits of ``value`` that a perturbation of size ``spread`` leaves intact (0 when the
    perturbation is as large as the value itself)."""
    if spread <= 0:
        return 17
    if value == 0 or abs(value) <= spread:
        return 0
    return max(0, min(17, math.floor(math.log10(abs(value) / spread))))


def varying_tokens(reference: Outputs, others: Sequence[Outputs]) -> list[VaryingToken]:
    """Numbers whose text differs between ``reference`` and another run of the same (unmodified) original.
    A stream whose token count or text differs between the runs is left out: its tokens do not align."""
    found: list[VaryingToken] = []
    for stream, text in reference.items():
        if not isinstance(text, str):
            continue
        tokens = tokenize(text)
        seen: dict[int, list[str]] = {}
        for other in others:
            other_text = other.get(stream)
            if not isinstance(other_text, str):
                continue
            other_tokens = tokenize(other_text)
            if not _aligned(tokens, other_tokens):
                continue
            for index, (mine, theirs) in enumerate(zip(tokens, other_tokens, strict=True)):
                if mine.value is not None and mine.text != theirs.text:
                    seen.setdefault(index, [mine.text]).append(theirs.text)
        found += [VaryingToken(stream, tokens[index].line, index, tuple(values))
                  for index, values in sorted(seen.items())]
    return found


def loose_tokens(reference: Outputs, perturbed: Sequence[Outputs], rtol: float, atol: float,
                 ignored: frozenset[tuple[str, int]] = frozenset(),
                 factor: float = SAFETY_FACTOR) -> tuple[list[LooseToken], list[str]]:
    """The numbers of ``reference`` (a default-rounding run) that move in the ``perturbed`` runs (the same
    program under other rounding modes) by more than the strict tolerance allows, each with
    ``factor × spread`` as its tolerance; and the streams some perturbed run printed in another shape
    (those runs are not used for that stream). Only floating-point tokens (not integers, nan or inf) are
    ever loosened; ``ignored`` (stream, token index) pairs are skipped."""
    loose: list[LooseToken] = []
    unaligned: list[str] = []
    for stream, text in reference.items():
        if not isinstance(text, str):
            continue
        tokens = tokenize(text)
        spreads: dict[int, float] = {}
        for run in perturbed:
            run_text = run.get(stream)
            run_tokens = tokenize(run_text) if isinstance(run_text, str) else None
            if run_tokens is None or not _aligned(tokens, run_tokens):
                if stream not in unaligned:
                    unaligned.append(stream)
                continue
            for index, (mine, theirs) in enumerate(zip(tokens, run_tokens, strict=True)):
                if not isinstance(mine.value, float) or (stream, index) in ignored:
                    continue
                if theirs.value is None or not math.isfinite(mine.value) or not math.isfinite(float(theirs.value)):
                    continue
                moved = abs(float(theirs.value) - mine.value)
                if moved > 0:
                    spreads[index] = max(spreads.get(index, 0.0), moved)
        for index, spread in sorted(spreads.items()):
            value = float(tokens[index].value or 0.0)
            tolerance = factor * spread
            if numbers_close(value, value + tolerance, rtol, atol):
                continue  # the strict tolerance is already wider: nothing loosened
            loose.append(LooseToken(stream, tokens[index].line, index, tokens[index].text, spread, tolerance,
                                    significant_digits(value, spread)))
    return loose, unaligned


def allowances(varying: Sequence[VaryingToken], loose: Sequence[LooseToken]) -> dict[str, Allowance]:
    """Per-stream `Allowance`s: varying numbers ignored, loose numbers within their tolerance."""
    ignored: dict[str, set[int]] = {}
    tolerance: dict[str, dict[int, float]] = {}
    for token in varying:
        ignored.setdefault(token.stream, set()).add(token.token_index)
    for loose_token in loose:
        tolerance.setdefault(loose_token.stream, {})[loose_token.token_index] = loose_token.tolerance
    return {stream: Allowance(frozenset(ignored.get(stream, ())), tolerance.get(stream, {}))
            for stream in {*ignored, *tolerance}}


def summary(loose: Sequence[LooseToken], modes: Sequence[str], seconds: float, note: str) -> NoiseSummary:
    """A `NoiseSummary` for a measurement that ran."""
    return NoiseSummary(True, note, tuple(modes), SAFETY_FACTOR, seconds, len(loose), tuple(loose[:_LISTED]))


def _aligned(mine: Sequence[Token], theirs: Sequence[Token]) -> bool:
    """Same token count, same text wherever either side is not a number."""
    if len(mine) != len(theirs):
        return False
    return all(a.text == b.text for a, b in zip(mine, theirs, strict=True) if a.value is None or b.value is None)
