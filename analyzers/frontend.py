"""tree-sitter frontend: parsing C/C++ quickly and tolerantly.

tree-sitter never fails on a syntax error: it returns a tree with ERROR/MISSING nodes. We report those
regions (S2P100) and still analyze every function that parsed cleanly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

C_SUFFIXES = {".c", ".h"}
CPP_SUFFIXES = {".cpp", ".cc", ".cxx", ".c++", ".hpp", ".hh", ".hxx", ".cu"}
SOURCE_SUFFIXES = C_SUFFIXES | CPP_SUFFIXES


class ParseError(Exception):
    """The input cannot be analyzed at all (not C/C++, binary, unreadable)."""


def language_for_path(path: str | Path) -> str | None:
    suffix = Path(path).suffix.lower()
    if suffix in C_SUFFIXES:
        return "c"
    if suffix in CPP_SUFFIXES:
        return "cpp"
    return None


@lru_cache(maxsize=2)
def _parser(language: str):
    from tree_sitter import Language, Parser

    if language == "cpp":
        import tree_sitter_cpp

        return Parser(Language(tree_sitter_cpp.language()))
    import tree_sitter_c

    return Parser(Language(tree_sitter_c.language()))


def parse(source: bytes, language: str, old_tree=None):
    """Parse `source`; returns a tree_sitter.Tree (never raises on syntax errors). With `old_tree` (edited to
    match `source` with `Tree.edit`), tree-sitter re-parses incrementally."""
    if old_tree is None:
        return _parser(language).parse(source)
    return _parser(language).parse(source, old_tree)


def function_declarator(node):
    """The `function_declarator` under a definition's or declaration's declarator chain (through pointer,
    reference and parenthesized declarators), or None when `node` declares no function."""
    declarator = node.child_by_field_name("declarator")
    while declarator is not None and declarator.type != "function_declarator":
        declarator = declarator.child_by_field_name("declarator")
    return declarator


@dataclass(frozen=True)
class SyntaxProblem:
    line: int
    column: int
    end_line: int
    missing: str | None = None


def syntax_problems(root, limit: int = 50) -> list[SyntaxProblem]:
    """ERROR and MISSING regions, found by descending only into subtrees that contain errors."""
    problems: list[SyntaxProblem] = []
    if not root.has_error:
        return problems
    stack = [root]
    while stack and len(problems) < limit:
        node = stack.pop()
        if node.is_missing:
            problems.append(SyntaxProblem(node.start_point[0] + 1, node.start_point[1] + 1,
                                          node.end_point[0] + 1, node.type))
            continue
        if node.type == "ERROR":
            problems.append(SyntaxProblem(node.start_point[0] + 1, node.start_point[1] + 1,
                                          node.end_point[0] + 1))
            continue
        stack.extend(reversed([c for c in node.children if c.has_error]))
    problems.sort(key=lambda p: (p.line, p.column))
    return problems
