"""The text and program-order scans that were rewritten for speed (2026-12-06, tenth session) answer what the
formulations they replaced answered. Each old formulation is kept here as the oracle and both are run on
generated inputs chosen to hit the edges (names inside longer words, members `s.i`/`p->i`, a name at either
end of the text, a call with spaces before its parenthesis, overlapping occurrences, contexts that enclose
or follow one another)."""

from __future__ import annotations

import random
import re

import pytest

from seq2par.analyzers import analyze_source
from seq2par.analyzers.dependence import _label_or_case_in_loop, _named_uncalled, read_first, word_offsets
from seq2par.analyzers.ir import Access

_ALPHABET = ["a", "ab", "b", "a1", "_a", "1", ".", "->", ">", " ", "\n", "(", ")", "\t(", "x", "aa", "*", ";"]
_NAMES = ["a", "ab", "aa", "_a", "a1", "b"]


def _texts(count: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 14))).encode() for _ in range(count)]


def _old_word_offsets(text: bytes, name: str) -> list[int]:
    return [m.start() for m in re.finditer(rb"(?<![\w.>])" + re.escape(name.encode()) + rb"(?!\w)", text)]


_OLD_UNCALLED = re.compile(rb"(?<![\w.>])([A-Za-z_]\w*)(?!\w)(?!\s*\()")


@pytest.mark.parametrize("name", _NAMES)
def test_word_offsets_finds_what_the_look_behind_pattern_found(name: str) -> None:
    for text in _texts(3000, seed=len(name) * 7 + ord(name[-1])):
        assert word_offsets(text, name) == _old_word_offsets(text, name), (text, name)


@pytest.mark.parametrize("name", _NAMES)
def test_named_uncalled_agrees_with_the_word_scan_it_replaced(name: str) -> None:
    for text in _texts(3000, seed=ord(name[0]) * 13 + len(name)):
        old = name.encode() in set(_OLD_UNCALLED.findall(text))
        assert _named_uncalled(text, name) == old, (text, name)


def test_word_scans_on_code() -> None:
    text = b"x = s.a + p->a + a1 + a(1) + a (2) + b_a + a;\nf(a);\ng(&a)"
    assert [text[k:k + 1] for k in word_offsets(text, "a")] == [b"a"] * 5
    assert word_offsets(text, "a") == _old_word_offsets(text, "a")
    assert _named_uncalled(text, "a") and not _named_uncalled(b"a(1); a (2); a\n(3);", "a")
    assert _named_uncalled(b"int (*fp)(int) = kern;", "kern") and not _named_uncalled(b"kern(1);", "kern")


def _old_read_first(accesses, entered) -> bool | None:
    covering: set[tuple] = set()
    for acc in accesses:
        conditional = tuple(c for c in acc.ctx if c not in entered)
        if acc.mode != "w":
            if not any(conditional[:n] in covering for n in range(len(conditional) + 1)):
                return True
            continue
        if not any(kind in ("if", "switch", "loop") for kind, _ in conditional):
            return False
        covering.add(conditional)
    return None


def test_read_first_agrees_with_the_prefix_scan_it_replaced() -> None:
    rng = random.Random(2026)
    tags = [("loop", 1), ("loop", 2), ("if", 3), ("switch", 4), ("block", 5), ("if", 6), ("loop", 7)]
    outcomes = set()
    for _ in range(20000):
        accesses = []
        for order in range(rng.randint(0, 9)):
            depth = rng.randint(0, 4)
            ctx = tuple(rng.sample(tags, depth))
            accesses.append(Access("x", rng.choice(["r", "w", "rw"]), None, (), 1, 1, order, ctx))
        entered = frozenset(rng.sample(tags, rng.randint(0, 3)))
        expected = _old_read_first(accesses, entered)
        outcomes.add(expected)
        assert read_first(accesses, entered) == expected, (accesses, entered)
        assert read_first(accesses, set(entered)) == expected
    assert outcomes == {True, False, None}  # every answer was exercised


def _old_label_or_case_in_loop(node) -> bool:
    stack = [(node, False)]
    while stack:
        current, in_loop = stack.pop()
        if current.type == "labeled_statement" or current.type == "case_statement" and in_loop:
            return True
        for child in current.children:
            stack.append((child, (in_loop or current.type in ("for_statement", "while_statement", "do_statement"))
                          and current.type != "switch_statement"))
    return False


_LABELLED = """
void duff(int *a, int n) { int i = 0; switch (n % 2) { case 0: for (i = 0; i < n; i++) { case 1: a[i] = i; } } }
void jump(double *a, int n) { int i; for (i = 0; i < n; i++) a[i] = 1; if (n) goto end; a[0] = 0; end: a[1] = 2; }
void cases(double *a, int n) { int i; for (i = 0; i < n; i++) { switch (n) { case 1: a[i] = 1; break;
                               default: a[i] = n ? 2 : 3; } } }
void ternary(double *a, int n) { int i; for (i = 0; i < n; i++) a[i] = n ? 2 : 3; }
void late(double *a, int n) { int i; for (i = 0; i < n; i++) a[i] = n ? 2 : 3; done: ; }
void nested(int *a, int n) { int i; while (n--) { switch (n) { case 2: do { a[n] = 1; } while (0); } } }
void inner(int *a, int n) { int i; switch (n) { case 1: while (n--) { switch (n) { case 3: a[n] = 1; } } } }
void loopcase(int *a, int n) { int i; switch (n) { case 1: while (n--) { if (n) { case 4: a[n] = 1; } } } }
"""


@pytest.mark.parametrize("language", ["c", "cpp"])
def test_labels_found_by_the_query_as_by_the_walk(language: str) -> None:
    report = analyze_source(_LABELLED, f"labels.{'c' if language == 'c' else 'cpp'}")
    functions = report.program.functions
    answers = {name: _label_or_case_in_loop(fn.node, language) for name, fn in functions.items()}
    assert answers == {name: _old_label_or_case_in_loop(fn.node) for name, fn in functions.items()}
    assert answers == {"duff": True, "jump": True, "cases": False, "ternary": False, "late": True,
                       "nested": False, "inner": False, "loopcase": True}


def _old_identifier_nodes(node, name: str) -> list:
    found, stack = [], [node]
    while stack:
        current = stack.pop()
        if current.type == "identifier":
            if current.text.decode() == name:
                found.append(current)
        else:
            stack.extend(current.children)
    return found


_NAMED = """
#define ADD(x) ((x) + 1)
typedef double Té;
double g(double *p, double q[], int n, struct s *sp) {
    double t = p[0] + q[0], pp = 0; /* p q in a comment */ char *s = "p q";
    int x = n>p[0] ? n : -n, y = sp->p + sp->q, z = ADD(p[0]) + ADD(n);
#ifdef P_ON
    p[1] = q [ 0 ];
#endif
    for (int i = 0; i < n; i++) pp += p[i] * q[i] + x + y + z + t;
    return pp + *p + *(q) + n + (p)[0] + Té_unused;
}
"""


@pytest.mark.parametrize("language", ["c", "cpp"])
def test_identifier_nodes_found_by_text_as_by_the_walk(language: str) -> None:
    from seq2par.analyzers.ir import _identifier_nodes

    report = analyze_source(_NAMED, f"named.{'c' if language == 'c' else 'cpp'}")
    body = report.program.functions["g"].node
    names = {"p", "q", "n", "pp", "t", "x", "y", "sp", "s", "i", "z", "ADD", "Té", "Té_unused", "P_ON", "g"}
    for name in names:
        new = sorted((n.start_byte, n.end_byte) for n in _identifier_nodes(body, name))
        assert new == sorted((n.start_byte, n.end_byte) for n in _old_identifier_nodes(body, name)), name
    assert len(_identifier_nodes(body, "p")) >= 6
