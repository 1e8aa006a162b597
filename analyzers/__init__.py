"""Frontend (tree-sitter, libclang), loop IR and dependence analysis."""

from .analyze import FileReport, LoopReport, analyze_file, analyze_source, collect_sources
from .findings import RULES, Finding, explain
from .frontend import ParseError

__all__ = ["FileReport", "LoopReport", "analyze_file", "analyze_source", "collect_sources", "RULES",
           "Finding", "explain", "ParseError"]
