"""Subscript dependence tests: is a dependence between two accesses carried by a given loop?

We ask: do iterations x1 != x2 of loop L (outer loop indices equal, inner loop indices free within their
bounds) touch the same element? Per dimension, after delinearizing `i*M + j` into `[i][j]` when `j` is
provably within `[0, M-1]`:
- ZIV: no loop variables: different constants never meet;
- strong SIV: `a*x1 + c1 = a*x2 + c2` gives the exact distance (c2 - c1)/a, or independence;
- weak-zero SIV: a single iteration touches the element; outside the loop's bounds → independent;
- GCD: the gcd of the coefficients must divide the constant difference;
- Banerjee: with numeric bounds, the constant must lie within the extreme values of the left-hand side
  under the direction x1 < x2 or x1 > x2.
Any dimension proving independence proves it for the pair. Symbolic terms that do not cancel make a
dimension inconclusive (never independent): the tests only ever say "independent" when it is proven.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import gcd

from .affine import Affine

Bounds = dict[str, tuple[Affine | None, Affine | None]]  # var → (lowest value, highest value), inclusive


@dataclass(frozen=True)
class Dependence:
    """A possible carried dependence: `distance` = x1 - x2 when exact; directions ⊆ {"<", ">"}."""

    distance: int | None
    directions: frozenset[str]


INDEPENDENT = None
_MISSING = object()


def _range_of(expr: Affine, bounds: Bounds) -> tuple[Affine, Affine] | None:
    """Symbolic [min, max] of a linear expression over loop variables with (possibly symbolic) bounds."""
    low = high = expr.without(bounds.keys())
    for monomial, coef in expr.terms:
        if not monomial:
            continue
        if len(monomial) != 1 or monomial[0] not in bounds:
            if set(monomial) & bounds.keys():
                return None
            continue
        lo, hi = bounds[monomial[0]]
        if lo is None or hi is None:
            return None
        if coef > 0:
            low, high = low + lo.scale(coef), high + hi.scale(coef)
        else:
            low, high = low + hi.scale(coef), high + lo.scale(coef)
    return low, high


def delinearize(subs: tuple[Affine, ...], loop_vars: set[str], bounds: Bounds
                ) -> tuple[tuple[Affine, ...], tuple[tuple[Affine, ...], ...]]:
    """Split `S*q + r` into `[q][r]` when S is a loop-invariant symbol or an integer and 0 <= r <= S-1 is
    provable. Also returns the strides each subscript was split by: two accesses compare dimension by
    dimension only when they were split alike (`a[6*i]` is [i][0] by 6 and `a[4*i + 2]` is [i][2] by 4, yet
    iteration 3 writes a[18], which iteration 4 reads)."""
    out: list[Affine] = []
    shape: list[tuple[Affine, ...]] = []
    for sub in subs:
        parts, strides = _split(sub, loop_vars, bounds)
        out.extend(parts)
        shape.append(strides)
    return tuple(out), tuple(shape)


def split_row(sub: Affine, loop_vars: set[str], bounds: Bounds) -> tuple[Affine, Affine, Affine] | None:
    """`sub` as `stride*q + r` with 0 <= r <= stride-1 provable; returns (q, r, stride) or None.

    The stride is a loop-invariant symbol (`i*M + j`) or an integer coefficient (`1200*i + j`, after
    macro substitution). Constant multiples of the stride move into q (`(i-1)*M + j` → q = i-1).
    """
    symbols = {name for monomial, _ in sub.terms if len(monomial) == 2 and set(monomial) & loop_vars
               for name in monomial if name not in loop_vars}
    for symbol in sorted(symbols):
        quotient: dict = {}
        remainder: dict = {}
        for monomial, coef in sub.terms:
            if symbol in monomial:
                rest = list(monomial)
                rest.remove(symbol)
                key = tuple(rest)
                quotient[key] = quotient.get(key, 0) + coef
            else:
                remainder[monomial] = coef
        q, r = Affine.of(quotient), Affine.of(remainder)
        if any(len(m) > 1 for m, _ in r.terms):
            continue
        rng = _range_of(r, bounds)
        if rng is None:
            continue
        low, high = rng
        slack = Affine.var(symbol) - Affine.const(1) - high
        # `j*N + k` with `i + 1 <= k <= N - 1` and `0 <= i`: the least value of each end, over the bounds of
        # the enclosing indices, decides (LU's row updates)
        if _at_least_zero(low, bounds) and _at_least_zero(slack, bounds):
            return q, r, Affine.var(symbol)
    if any(len(m) > 1 for m, _ in sub.terms):
        return None
    for monomial, coef in sub.terms:
        if len(monomial) != 1 or monomial[0] not in loop_vars or coef <= 1:
            continue
        r = sub - Affine.var(monomial[0]).scale(coef)
        rng = _range_of(r, bounds)
        if rng is None or not rng[0].is_constant() or not rng[1].is_constant():
            continue
        low, high = rng[0].constant, rng[1].constant
        if high - low > coef - 1:
            continue
        shift = low // coef
        if high - shift * coef > coef - 1:
            continue
        q = Affine.var(monomial[0]) + Affine.const(shift)
        return q, r - Affine.const(shift * coef), Affine.const(coef)
    return None


def _at_least_zero(expr: Affine, bounds: Bounds) -> bool:
    if expr.is_constant():
        return expr.constant >= 0
    least = _extreme(expr, bounds, lowest=True)
    return least is not None and least >= 0


def _split(sub: Affine, loop_vars: set[str], bounds: Bounds) -> tuple[list[Affine], tuple[Affine, ...]]:
    split = split_row(sub, loop_vars, bounds)
    if split is None:
        return [sub], ()
    q, r, stride = split
    parts, strides = _split(q, loop_vars, bounds)
    return parts + [r], (*strides, stride)


def _instance(expr: Affine, rename: dict[str, str]) -> Affine:
    if not any(n in rename for m, _ in expr.terms for n in m):
        return expr
    return Affine.of({tuple(sorted(rename.get(n, n) for n in m)): c for m, c in expr.terms})


def separating_dimensions(subs: tuple[Affine, ...], loop_var: str, inner_vars: set[str]
                          ) -> tuple[tuple[int, Affine], ...]:
    """The dimensions of `subs` of the form `a*x + r` (a != 0, r free of the loop's inner indices): another
    access with the same expression there touches a different element in every other iteration x."""
    out = []
    for d, sub in enumerate(subs):
        if sub.coefficient(loop_var) and all((m == (loop_var,) or loop_var not in m) and not inner_vars.intersection(m)
                                             and not any(n.startswith("?") for n in m) for m, _ in sub.terms):
            out.append((d, sub))
    return tuple(out)


def test_pair(sub1: tuple[Affine, ...], sub2: tuple[Affine, ...], loop_var: str, inner_vars: set[str],
              outer_vars: set[str], bounds: Bounds, cache: dict | None = None) -> Dependence | None:
    """Dependence between access 1 (iteration x1) and access 2 (iteration x2) carried by `loop_var`.

    Returns None when the accesses provably never touch the same element in different iterations.
    `cache` (one dict per loop and bounds) keeps the delinearized subscripts between calls. Symbols named
    `?...` stand for any value, chosen anew in every iteration (like an inner loop's index).
    """
    if cache is None:
        cache = {}
    # `?` symbols are renamed like inner indices: `?v#1`, `?v#2`, without bounds. Every `?` symbol of an
    # expression below is one of the pair's own, so the difference of two expressions does not depend on
    # which other `?` symbols the pair has; what depends only on the loop is built once per loop.
    base = cache.get(_BASE)
    if base is None:
        base = cache[_BASE] = _instances(loop_var, inner_vars, outer_vars, bounds)
    if len(sub1) == len(sub2):
        # the separating dimensions exclude every `?` symbol already: those of the pair change nothing
        separating = cache.get(("separating", sub1))
        if separating is None:
            separating = cache[("separating", sub1)] = separating_dimensions(sub1, loop_var, inner_vars)
        for d, sub in separating:
            if sub2[d] == sub:
                return None
    d1, d2 = cache.get(sub1), cache.get(sub2)
    free: frozenset[str] | None = None
    if d1 is None or d2 is None:
        free = _free_symbols(sub1, sub2)
        loop_vars = base[3] | free if free else base[3]
        if d1 is None:
            d1 = cache[sub1] = delinearize(sub1, loop_vars, bounds)
        if d2 is None:
            d2 = cache[sub2] = delinearize(sub2, loop_vars, bounds)
    (d1, shape1), (d2, shape2) = d1, d2
    if len(d1) != len(d2) or shape1 != shape2:  # split by different strides: compare them as written
        d1, d2 = sub1, sub2
        if len(d1) != len(d2):
            return Dependence(None, frozenset("<>"))
    distance: int | None = None
    directions = {"<", ">"}
    for e1, e2 in zip(d1, d2, strict=True):
        result = cache.get(("pair", e1, e2), _MISSING)
        if result is _MISSING:
            if free is None:
                free = _free_symbols(sub1, sub2)
            rename1, rename2, inst_bounds, _ = _with_free(base, free)
            diff = _instance(e1, rename1) - _instance(e2, rename2)
            # a difference seen before in this loop (same loop, same bounds) has the same answer
            result = cache.get(("dimension", diff), _MISSING)
            if result is _MISSING:
                result = cache[("dimension", diff)] = _dimension(diff, inst_bounds, outer_vars)
            cache[("pair", e1, e2)] = result
        if result is INDEPENDENT:
            return None
        dist, dirs = result
        directions &= dirs
        if not directions:
            return None
        if dist is not None:
            if distance is not None and distance != dist:
                return None
            distance = dist
    if len(d1) > 1 and distance is None and (_triangular(base[3], bounds, cache) or _coupled(d1, d2, base[3])):
        # each dimension alone may meet; all of them at once, within bounds that relate the indices, may not
        key = ("coupled", d1, d2, frozenset(directions))
        left = cache.get(key)
        if left is None:
            if free is None:
                free = _free_symbols(sub1, sub2)
            rename1, rename2, inst_bounds, _ = _with_free(base, free)
            equations = [_instance(e1, rename1) - _instance(e2, rename2) for e1, e2 in zip(d1, d2, strict=True)]
            left = cache[key] = frozenset(d for d in directions if _feasible(equations, inst_bounds, d))
        if not left:
            return None
        directions = set(left)
    return Dependence(distance, frozenset(directions))


_FM_LIMIT = 400  # constraints one elimination step may produce before the test gives up (and says "may meet")


def _triangular(indices: set[str], bounds: Bounds, cache: dict) -> bool:
    """Some loop index of the test has a bound that names another (`j >= i`): only then can the dimensions
    together rule out what each allows alone (otherwise the per-dimension tests already decide). Once per
    loop (`cache`)."""
    related = cache.get(_TRIANGULAR)
    if related is None:
        related = cache[_TRIANGULAR] = any(end is not None and end.symbols() & indices
                                           for v in indices for end in bounds.get(v, ()))
    return related


_TRIANGULAR = ("triangular",)


def _coupled(d1: tuple[Affine, ...], d2: tuple[Affine, ...], indices: set[str]) -> bool:
    """A loop index appears in two dimensions of the pair (`a[i][j]` against `a[j][i]`): the dimensions
    constrain it together."""
    seen: set[str] = set()
    for e1, e2 in zip(d1, d2, strict=True):
        names = (e1.symbols() | e2.symbols()) & indices
        if names & seen:
            return True
        seen |= names
    return False


def _feasible(equations: list[Affine], bounds: Bounds, direction: str) -> bool:
    """Whether every equation `e == 0`, the bounds of the variables they reach and x1 < x2 (`direction` "<")
    or x1 > x2 (">") have a common solution. Fourier-Motzkin elimination over the rationals, with each
    derived inequality tightened to its integer form (sound: an inequality with integer coefficients that
    holds at every integer solution may round its constant); a product of symbols is a variable of its own
    (which only widens the set). False is a proof that the accesses never meet in that direction; True
    means they may (also when the system grows past `_FM_LIMIT`)."""
    rows: list[tuple[dict[tuple, int], int]] = []

    def add(expr: Affine, shift: int = 0) -> None:  # expr + shift >= 0
        coefs = {m: c for m, c in expr.terms if m}
        rows.append((coefs, expr.constant + shift))

    for eq in equations:
        add(eq)
        add(-eq)
    add(Affine.var("x2") - Affine.var("x1") if direction == "<" else Affine.var("x1") - Affine.var("x2"), -1)
    seen: set[str] = set()
    pending = [n for eq in equations for n in eq.symbols()] + ["x1", "x2"]
    while pending:
        name = pending.pop()
        if name in seen or name not in bounds:
            continue
        seen.add(name)
        lo, hi = bounds[name]
        if lo is not None:
            add(Affine.var(name) - lo)
            pending += lo.symbols()
        if hi is not None:
            add(hi - Affine.var(name))
            pending += hi.symbols()
    return _fourier_motzkin(rows)


def _tighten(coefs: dict[tuple, int], constant: int) -> tuple[tuple, int] | None:
    """The row divided by the gcd of its coefficients, the constant rounded down; None when no variable is
    left (the caller checks the constant)."""
    g = 0
    for c in coefs.values():
        g = gcd(g, abs(c))
    if g == 0:
        return None
    return tuple(sorted((m, c // g) for m, c in coefs.items())), constant // g


def _keep(system: dict[tuple, int], coefs: dict[tuple, int], constant: int) -> bool:
    """Add the row `coefs + constant >= 0` to `system` (coefficients → the tightest constant seen), tightened;
    False when it has no variable left and does not hold (the system has no solution)."""
    key = _tighten({m: c for m, c in coefs.items() if c}, constant)
    if key is None:
        return constant >= 0
    system[key[0]] = min(system.get(key[0], key[1]), key[1])
    return True


def _fourier_motzkin(rows: list[tuple[dict[tuple, int], int]]) -> bool:
    system: dict[tuple, int] = {}
    if not all(_keep(system, coefs, constant) for coefs, constant in rows):
        return False
    while system:
        variables: dict[tuple, list[int]] = {}
        for coefs in system:
            for m, c in coefs:
                counts = variables.setdefault(m, [0, 0])
                counts[c < 0] += 1
        # the variable whose elimination adds the fewest rows
        var = min(variables, key=lambda m: variables[m][0] * variables[m][1] - sum(variables[m]))
        upper, lower, rest = [], [], {}
        for coefs, constant in system.items():
            c = dict(coefs).get(var, 0)
            if c > 0:
                lower.append((dict(coefs), constant, c))
            elif c < 0:
                upper.append((dict(coefs), constant, -c))
            else:
                rest[coefs] = constant
        if len(rest) + len(lower) * len(upper) > _FM_LIMIT:
            return True
        for lo_coefs, lo_const, a in lower:
            for up_coefs, up_const, b in upper:
                coefs = {m: b * lo_coefs.get(m, 0) + a * up_coefs.get(m, 0) for m in lo_coefs.keys() | up_coefs.keys()
                         if m != var}
                if not _keep(rest, coefs, b * lo_const + a * up_const):
                    return False
        system = rest
    return True


_BASE = ("instances",)  # the cache key of what `_instances` builds for the loop

_Instances = tuple[dict[str, str], dict[str, str], Bounds, set[str]]


def _free_symbols(sub1: tuple[Affine, ...], sub2: tuple[Affine, ...]) -> frozenset[str]:
    return frozenset(n for e in (*sub1, *sub2) for n in e.symbols() if n.startswith("?"))


def _instances(loop_var: str, inner_vars: set[str], outer_vars: set[str], bounds: Bounds) -> _Instances:
    """The renamings of the loop's index (x1, x2) and its inner indices (v#1, v#2) for two iterations, the
    bounds of the renamed variables, and every loop variable of the test."""
    rename1 = {loop_var: "x1", **{v: v + "#1" for v in inner_vars}}
    rename2 = {loop_var: "x2", **{v: v + "#2" for v in inner_vars}}
    inst_bounds: Bounds = {}
    lo, hi = bounds.get(loop_var, (None, None))
    inst_bounds["x1"] = inst_bounds["x2"] = (lo, hi)
    for v in inner_vars:
        b = bounds.get(v, (None, None))
        inst_bounds[v + "#1"] = (_rename_opt(b[0], rename1), _rename_opt(b[1], rename1))
        inst_bounds[v + "#2"] = (_rename_opt(b[0], rename2), _rename_opt(b[1], rename2))
    for v in outer_vars:
        inst_bounds[v] = bounds.get(v, (None, None))
    return rename1, rename2, inst_bounds, {loop_var} | inner_vars | outer_vars


def _with_free(base: _Instances, free: frozenset[str]) -> _Instances:
    """`base` with the `?` symbols `free` as inner indices of unknown range (no loop bounds name them)."""
    if not free:
        return base
    rename1, rename2, inst_bounds, loop_vars = base
    unbounded = (None, None)
    return ({**rename1, **{v: v + "#1" for v in free}}, {**rename2, **{v: v + "#2" for v in free}},
            {**inst_bounds, **{v + suffix: unbounded for v in free for suffix in ("#1", "#2")}}, loop_vars | free)


def _rename_opt(expr: Affine | None, rename: dict[str, str]) -> Affine | None:
    return _instance(expr, rename) if expr is not None else None


def provably_nonzero(expr: Affine, bounds: Bounds) -> bool:
    """`expr` is never 0 for values of its variables within `bounds`, whose ends may themselves be affine in
    enclosing variables (triangular nests: `j - k` with `k <= j - 1` is at least 1): its least value is
    positive or its greatest negative (see `_extreme`)."""
    least = _extreme(expr, bounds, lowest=True)
    if least is not None and least > 0:
        return True
    most = _extreme(expr, bounds, lowest=False)
    return most is not None and most < 0


def enclosing_bounds(acc, loops: dict) -> Bounds:
    """The ranges (inclusive ends) of the counted loops around the access `acc` (`loops`: id -> Loop)."""
    bounds: Bounds = {}
    for kind, ident in acc.ctx:
        lp = loops.get(ident) if kind == "loop" else None
        if lp is not None and lp.var and lp.lower is not None and lp.upper is not None:
            bounds[lp.var] = (lp.lower, lp.upper - Affine.const(1))
    return bounds


def provably_within(expr: Affine, low: int, high: int, bounds: Bounds) -> bool:
    """`low <= expr <= high` for every value of its variables within `bounds` (constants only)."""
    least, most = _extreme(expr, bounds, lowest=True), _extreme(expr, bounds, lowest=False)
    return least is not None and most is not None and low <= least and most <= high


def _extreme(expr: Affine, bounds: Bounds, lowest: bool) -> int | None:
    """The constant minimum (or maximum) of `expr` over `bounds`, or None if it is not a constant (see
    `extreme`)."""
    value = extreme(expr, bounds, lowest)
    return value.constant if value is not None and value.is_constant() else None


def extreme(expr: Affine, bounds: Bounds, lowest: bool) -> Affine | None:
    """The minimum (or maximum) of `expr` over `bounds`, in the symbols `bounds` does not range over (`n - 1`
    for `i` in [0, n - 1]), or None. Variables are replaced by the end of their range that minimises
    (maximises) the expression, innermost first (a variable whose range no other remaining variable's
    range mentions), so that `i - j` with `j <= i - 1` stays exact; every step only widens the range."""
    value = expr
    for _ in range(4 * len(bounds) + 4):
        present = [v for v in bounds if v in value.symbols()]
        if not present:
            return value
        inner = [v for v in present if not any(w != v and any(end is not None and v in end.symbols()
                                                               for end in bounds[w]) for w in present)]
        if not inner:
            return None
        var = inner[0]
        coef = 0
        for monomial, c in value.terms:
            if var in monomial:
                if len(monomial) != 1:
                    return None
                coef = c
        lo, hi = bounds[var]
        end = (lo if coef > 0 else hi) if lowest else (hi if coef > 0 else lo)
        if end is None:
            return None
        value = value.without([var]) + end.scale(coef)
    return None


def never_meet(sub1: tuple[Affine, ...], sub2: tuple[Affine, ...], bounds: Bounds) -> bool:
    """The two subscript tuples, evaluated with the same values of the loop indices, never name the same
    element (some dimension differs for every index value within `bounds`)."""
    if len(sub1) != len(sub2):
        return False
    return any(provably_nonzero(e1 - e2, bounds) for e1, e2 in zip(sub1, sub2, strict=True))


def _dimension(diff: Affine, bounds: Bounds, outer_vars: set[str]):
    """Solve diff == 0 for one dimension: INDEPENDENT or (distance or None, directions)."""
    result = _solve_dimension(diff, bounds, outer_vars)
    if result is not INDEPENDENT and not diff.is_constant() and provably_nonzero(diff, bounds):
        return INDEPENDENT  # e.g. `a[j]` (i <= j <= n-1) against `a[k]` (0 <= k <= i-1)
    return result


def _solve_dimension(diff: Affine, bounds: Bounds, outer_vars: set[str]):
    instance_vars = set(bounds)
    variables: dict[str, int] = {}
    symbolic = False
    for monomial, coef in diff.terms:
        if not monomial:
            continue
        if len(monomial) == 1 and monomial[0] in instance_vars:
            variables[monomial[0]] = coef
        else:
            symbolic = True  # an invariant symbol or a product that did not cancel
    constant = -diff.constant
    both = frozenset("<>")
    if symbolic:
        return None, both
    if not variables:
        return INDEPENDENT if constant != 0 else (None, both)
    g = 0
    for coef in variables.values():
        g = gcd(g, abs(coef))
    if constant % g != 0:
        return INDEPENDENT
    a1, a2 = variables.get("x1", 0), variables.get("x2", 0)
    others = {v: c for v, c in variables.items() if v not in ("x1", "x2")}
    if not others and a1 != 0 and a1 == -a2:
        # strong SIV: a*x1 - a*x2 = constant
        if constant % a1 != 0:
            return INDEPENDENT
        distance = constant // a1
        if distance == 0:
            return INDEPENDENT
        lo, hi = bounds["x1"]
        if lo is not None and hi is not None:
            span = hi - lo
            if span.is_constant() and abs(distance) > span.constant:
                return INDEPENDENT
        return distance, frozenset("<" if distance < 0 else ">")
    if not others and (a1 == 0) != (a2 == 0):
        # weak-zero SIV: one side is a fixed element, touched by a single iteration
        coef = a1 or a2
        if constant % coef != 0:
            return INDEPENDENT
        value = constant // coef if a1 else -constant // coef
        lo, hi = bounds["x1"]
        if lo is not None and lo.is_constant() and value < lo.constant:
            return INDEPENDENT
        if hi is not None and hi.is_constant() and value > hi.constant:
            return INDEPENDENT
        return None, both
    # One instance of the loop index equals an expression of outer indices (`a[i][j]` vs `a[j][i]` in the
    # `j` loop): independent when that value lies outside the index's bounds, which may themselves depend
    # on the outer indices (triangular nests: j < i never reaches i).
    own = [v for v in variables if v in ("x1", "x2")]
    if len(own) == 1 and abs(variables[own[0]]) == 1 and all(v in outer_vars for v in variables if v not in own):
        sign = variables[own[0]]
        rest = Affine.const(constant)
        for v, c in variables.items():
            if v not in own:
                rest = rest - Affine.var(v).scale(c)
        value = rest.scale(sign)
        lo, hi = bounds[own[0]]
        if hi is not None and (value - hi).is_constant() and (value - hi).constant > 0:
            return INDEPENDENT
        if lo is not None and (lo - value).is_constant() and (lo - value).constant > 0:
            return INDEPENDENT
    return _banerjee(variables, constant, bounds)


def _banerjee(variables: dict[str, int], constant: int, bounds: Bounds):
    numeric: dict[str, tuple[int, int]] = {}
    for v in variables:
        lo, hi = bounds.get(v, (None, None))
        if lo is None or hi is None or not lo.is_constant() or not hi.is_constant():
            return None, frozenset("<>")
        numeric[v] = (lo.constant, hi.constant)
    a1, a2 = variables.get("x1", 0), variables.get("x2", 0)
    rest_lo = rest_hi = 0
    for v, c in variables.items():
        if v in ("x1", "x2"):
            continue
        lo, hi = numeric[v]
        rest_lo += min(c * lo, c * hi)
        rest_hi += max(c * lo, c * hi)
    if "x1" not in numeric and "x2" not in numeric:
        # The dimension does not involve the loop's index: it constrains no direction.
        return (None, frozenset("<>")) if rest_lo <= constant <= rest_hi else INDEPENDENT
    directions = set()
    lo, hi = numeric.get("x1") or numeric.get("x2")
    if hi - lo >= 1:
        # x1 < x2: vertices of {lo <= x1 <= x2 - 1, x2 <= hi}
        less = [(lo, lo + 1), (lo, hi), (hi - 1, hi)]
        greater = [(lo + 1, lo), (hi, lo), (hi, hi - 1)]
        for name, vertices in (("<", less), (">", greater)):
            values = [a1 * x1 + a2 * x2 for x1, x2 in vertices]
            if min(values) + rest_lo <= constant <= max(values) + rest_hi:
                directions.add(name)
    if not directions:
        return INDEPENDENT
    return None, frozenset(directions)
