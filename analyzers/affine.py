"""Affine (and bilinear) integer expressions over named symbols.

Subscripts such as `u[(i-1)*M + j]` become `{(M, i): 1, (M,): -1, (j,): 1}`: each key is a sorted tuple
of symbol names (a monomial), each value an integer coefficient; the empty tuple is the constant.
Degree two is kept so that linearized 2-D subscripts can be delinearized by the dependence tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from math import gcd

Monomial = tuple[str, ...]


@dataclass(frozen=True)
class Affine:
    terms: tuple[tuple[Monomial, int], ...]

    def __hash__(self) -> int:
        # The dependence tests key their caches on tuples of subscripts: hash the terms once.
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(self.terms)
            object.__setattr__(self, "_hash", cached)
        return cached

    # -- construction -------------------------------------------------------------------------------
    @staticmethod
    def of(mapping: Mapping[Monomial, int]) -> Affine:
        return Affine(tuple(sorted((m, c) for m, c in mapping.items() if c != 0)))

    @staticmethod
    @lru_cache(maxsize=4096)
    def const(value: int) -> Affine:
        return Affine((((), value),)) if value else Affine(())

    @staticmethod
    @lru_cache(maxsize=4096)
    def var(name: str) -> Affine:
        return Affine((((name,), 1),))

    def as_dict(self) -> dict[Monomial, int]:
        return dict(self.terms)

    # -- arithmetic -----------------------------------------------------------------------------------
    def __add__(self, other: Affine) -> Affine:
        if not other.terms:
            return self
        if not self.terms:
            return other
        out = self.as_dict()
        for m, c in other.terms:
            out[m] = out.get(m, 0) + c
        return Affine.of(out)

    def __neg__(self) -> Affine:
        return Affine.of({m: -c for m, c in self.terms})

    def __sub__(self, other: Affine) -> Affine:
        return self + (-other)

    def scale(self, k: int) -> Affine:
        return Affine.of({m: c * k for m, c in self.terms})

    def mul(self, other: Affine) -> Affine | None:
        """Product, or None when it would exceed degree two."""
        out: dict[Monomial, int] = {}
        for m1, c1 in self.terms:
            for m2, c2 in other.terms:
                m = tuple(sorted(m1 + m2))
                if len(m) > 2:
                    return None
                out[m] = out.get(m, 0) + c1 * c2
        return Affine.of(out)

    # -- queries --------------------------------------------------------------------------------------
    # The terms are sorted by monomial, each monomial once, so the constant term `()`, when present, is
    # the first: the queries below read it without building a dict.
    @property
    def constant(self) -> int:
        return self.terms[0][1] if self.terms and self.terms[0][0] == () else 0

    def is_constant(self) -> bool:
        return not self.terms or (len(self.terms) == 1 and self.terms[0][0] == ())

    def symbols(self) -> frozenset[str]:
        cached = self.__dict__.get("_symbols")
        if cached is None:
            cached = frozenset(name for m, _ in self.terms for name in m)
            object.__setattr__(self, "_symbols", cached)
        return cached

    def coefficient(self, name: str) -> int:
        """Coefficient of the linear term `name` (0 if absent)."""
        monomial = (name,)
        for m, c in self.terms:
            if m == monomial:
                return c
        return 0

    def without(self, names: Iterable[str]) -> Affine:
        """The terms that mention none of `names`."""
        names = set(names)
        return Affine.of({m: c for m, c in self.terms if not names & set(m)})

    def substitute(self, name: str, value: Affine) -> Affine | None:
        out = Affine.const(0)
        for m, c in self.terms:
            if name in m:
                rest = Affine.of({tuple(x for x in m if x != name): c})
                prod = rest.mul(value)
                if prod is None:
                    return None
                out = out + prod
            else:
                out = out + Affine.of({m: c})
        return out

    def coefficient_gcd(self) -> int:
        g = 0
        for m, c in self.terms:
            if m:
                g = gcd(g, abs(c))
        return g

    def __str__(self) -> str:
        if not self.terms:
            return "0"
        parts = []
        for m, c in self.terms:
            body = "*".join(m)
            if not body:
                parts.append(str(c))
            elif c == 1:
                parts.append(body)
            elif c == -1:
                parts.append("-" + body)
            else:
                parts.append(f"{c}*{body}")
        return " + ".join(parts).replace("+ -", "- ")


ZERO = Affine.const(0)
ONE = Affine.const(1)
