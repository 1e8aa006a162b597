"""Stable finding codes, their explanations, and the Finding record every consumer shares.

A code never changes meaning once released: the CLI, the LSP server, the pre-commit hook, SARIF output and
the tests all key on it. Blocking codes make a loop sequential; notes do not.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str
    title: str
    blocking: bool
    remedy: str
    explanation: str


_RULES = [
    Rule("S2P100", "parse-error", "source region does not parse", False,
         "fix the syntax error; the rest of the file is still analyzed",
         "tree-sitter could not parse this region. Loops inside it are not analyzed; loops elsewhere are. "
         "In libclang mode the compiler front end confirmed the error and its message is quoted; in "
         "tree-sitter mode (`--no-libclang`, or libclang could not read the file) it is not confirmed. "
         "`analyze` exits 2 when a file has one."),
    Rule("S2P101", "parse-limit", "region the compiler accepts and seq2par cannot parse", False,
         "loops in this region are not analyzed; rewriting it in today's C (a prototype instead of an "
         "old-style definition, a macro the analysis can see) lets seq2par read it",
         "tree-sitter, the grammar seq2par reads code with, could not parse this region, but libclang "
         "compiled the file without an error there: the code is valid and seq2par cannot read it (old-style "
         "K&R definitions, a macro in a place the grammar does not expect one). Loops inside the region are "
         "not analyzed; loops elsewhere are. Not an error of the file: `analyze` exits 0."),
    Rule("S2P201", "flow", "loop-carried flow (true) dependence", True,
         "restructure the recurrence (e.g. a scan), or assert independence if the indices never overlap",
         "An iteration reads an array element that an earlier iteration writes (read-after-write across "
         "iterations). Running iterations in parallel would read stale values. If the message gives a "
         "distance d, iteration i reads what iteration i-d wrote. If you know the accesses never overlap "
         "(e.g. the index arrays are a permutation), put `// seq2par: independent(a)` on the line before "
         "the loop."),
    Rule("S2P202", "anti", "loop-carried anti dependence", True,
         "write into a second buffer (double buffering) and swap after the loop",
         "An iteration reads an element that a later iteration overwrites (write-after-read). In parallel "
         "the later write could happen first. Writing results into a separate array and swapping pointers "
         "after the loop removes the dependence; this is the usual stencil fix."),
    Rule("S2P203", "output", "loop-carried output dependence", True,
         "make each iteration write a distinct element, or turn the writes into a reduction",
         "Two different iterations write the same element (write-after-write); the final value depends on "
         "the order of iterations."),
    Rule("S2P204", "indirect-write", "write through a non-affine or indirect subscript", True,
         "if the indices are distinct (a permutation), assert `// seq2par: independent(a)`",
         "The loop writes `a[f(i)]` where f is not an affine function of the loop indices (e.g. "
         "`a[idx[i]] = ...`). Two iterations may write the same element. Indirect *reads* are fine; "
         "indirect updates of the form `a[idx[i]] += v` are recognised as array reductions instead."),
    Rule("S2P211", "scalar-carried", "scalar carried across iterations", True,
         "if it is a recurrence, compute it in closed form; if it is a temporary, assign it before use",
         "A scalar declared outside the loop is read before it is written in some iteration and is not a "
         "recognised reduction, so each iteration depends on the value left by the previous one."),
    Rule("S2P212", "live-out", "scalar's last value is used after the loop", True,
         "recompute the value after the loop, or declare the scalar inside the loop if it is not needed",
         "The loop assigns a scalar that the code after the loop reads. In parallel, which iteration wrote "
         "it last is not defined, so the value after the loop would be wrong."),
    Rule("S2P213", "induction", "induction variable other than the loop index", True,
         "replace the counter by a closed form of the loop index (e.g. k = 2*i + 1)",
         "A scalar is incremented every iteration and also used, so each iteration needs the count of the "
         "previous ones. Express it as a function of the loop index to make iterations independent."),
    Rule("S2P214", "lastprivate", "temporary whose last value is used after the loop (lastprivate)", False,
         "OpenMP: list it in `lastprivate(...)`; the MPI and CUDA generators leave such loops sequential",
         "Every iteration assigns the scalar before reading it, so each can have its own copy, and every "
         "iteration surely assigns it, so the value after the loop is the one the last iteration left: "
         "OpenMP's `lastprivate`. A parallel version must copy that value out of the last iteration."),
    Rule("S2P215", "conditional-lastprivate",
         "scalar assigned in some iterations whose last value is used after the loop (lastprivate(conditional))",
         False,
         "OpenMP: list it in `lastprivate(conditional: x)` (OpenMP 5.0, gcc >= 10), not plain `lastprivate`; the "
         "MPI and CUDA generators leave such loops sequential",
         "The loop assigns the scalar only in some iterations (under an if) and never reads it before assigning, "
         "and the code after the loop reads it: its value there is the one stored by the last iteration that "
         "assigned it, or the value before the loop. OpenMP's `lastprivate(conditional: x)` keeps exactly that; "
         "plain `lastprivate(x)` takes the copy of the last iteration, which may never have been assigned."),
    Rule("S2P301", "unknown-call", "call to a function whose effects are unknown", True,
         "define the function in this translation unit, or mark the loop `// seq2par: independent`",
         "The loop calls a function that is neither a known pure library function nor defined in this "
         "translation unit, so it may write any memory."),
    Rule("S2P302", "impure-call", "call to a function with side effects", True,
         "move the side effect out of the loop, or pass per-iteration state explicitly",
         "The called function writes global state, writes through a pointer argument, or keeps hidden "
         "state (rand, strtok...). Iterations would interfere through it."),
    Rule("S2P303", "io", "ordered I/O in the loop body", True,
         "collect results in an array inside the loop and print them after it",
         "The loop performs I/O (printf, fwrite, ...). Output order is part of the program's meaning, so "
         "the iterations must run in order."),
    Rule("S2P401", "control-flow", "control leaves the loop early", True,
         "compute a flag or a min-index reduction instead of leaving the loop",
         "`break`, `return`, `goto` or `exit` leaves the loop, so whether later iterations run depends on "
         "earlier ones. (`continue` is fine.)"),
    Rule("S2P402", "not-countable", "loop trip count is not known on entry", True,
         "rewrite it as a counted `for` loop if the number of iterations is known on entry",
         "A `while`/`do` loop or a `for` loop without a recognisable index, bound and step cannot be split "
         "into independent iterations."),
    Rule("S2P403", "non-canonical", "loop index or bound changes inside the loop", True,
         "keep the index and the bound unmodified in the body",
         "The body assigns the loop index or a variable of the loop bound, so the iteration space is not "
         "known on entry."),
    Rule("S2P501", "possible-alias", "pointer parameters may alias", True,
         "qualify the pointers `restrict`, or assert `// seq2par: independent(p, q)`",
         "The loop writes through one pointer parameter and accesses another. Unless the parameters are "
         "`restrict`-qualified, or every call in this file passes distinct objects, they may point into "
         "the same array and create dependences the analysis cannot see."),
    Rule("S2P502", "assertion", "user assertion used", False,
         "none: this is a note so that reviewers see which facts were asserted, not proven",
         "A `// seq2par: independent(...)` comment suppressed dependence findings on the named arrays. The "
         "analysis trusts it; validation still runs the program."),
    Rule("S2P503", "assertion", "assertion names nothing it could apply to", False,
         "name the array the blocking finding is on (`independent(out)` for a write `out[perm[i]]`)",
         "A `// seq2par: independent(...)` comment names an array that no dependence finding of the loop "
         "is on (the index array of `out[perm[i]]` rather than `out`, or a misspelt name): nothing was "
         "assumed for it."),
    Rule("S2P601", "unanalyzable", "memory access the analysis cannot model", True,
         "use array indexing on named arrays instead of pointer arithmetic",
         "A write through a computed pointer (`*p++ = ...`, `*(p + f(i))`) or a struct member of unknown "
         "provenance cannot be related to other accesses."),
    Rule("S2P602", "hidden-code", "macro hides code the analysis cannot see", True,
         "write the expression out, or assert independence with `// seq2par: independent(...)`",
         "tree-sitter does not expand macros. An object-like macro used in the loop body whose definition "
         "refers to variables or contains subscripts, calls or assignments (`#define PREV a[i - 1]`) may "
         "read or write memory that the analysis does not see. Constant macros (`#define N 1000`, "
         "`#define M (N * 2)`) are fine."),
]

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


@dataclass(frozen=True)
class Finding:
    """One reason (or note) about a loop, with a source location (1-based line and column)."""

    code: str
    message: str
    line: int
    column: int
    vars: tuple[str, ...] = ()
    distance: int | None = None
    related_line: int | None = None
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def rule(self) -> Rule:
        return RULES[self.code]

    @property
    def kind(self) -> str:
        return self.rule.kind

    @property
    def blocking(self) -> bool:
        return self.rule.blocking

    @property
    def remedy(self) -> str:
        """The rule's remedy, with the finding's array in an assertion it suggests (`independent(out)`)."""
        if self.vars and "independent(a)" in self.rule.remedy:
            return self.rule.remedy.replace("independent(a)", f"independent({self.vars[0]})")
        return self.rule.remedy

    def to_dict(self) -> dict:
        data = asdict(self)
        data["vars"] = list(self.vars)
        data["kind"] = self.kind
        data["blocking"] = self.blocking
        data["remedy"] = self.remedy
        if not data["extra"]:
            del data["extra"]
        return data


def explain(code: str, rules: dict[str, Rule] | None = None) -> str:
    """The long explanation of `code` (from `rules`, default the analysis rules); raises KeyError."""
    rule = (rules or RULES)[code.upper()]
    status = "blocks parallelization" if rule.blocking else "note (does not block)"
    return (f"{rule.code} [{rule.kind}] {rule.title} — {status}\n\n{rule.explanation}\n\n"
            f"What would unblock it: {rule.remedy}\n")
