"""Loops a review (2026-12-06 evening) found reported parallel although they are not, in programs whose
headers matter: each folder of review_headers/ is one program, analyzed with its flags (the compiler
command line would have them). A header allocator that is not the compiled one (an `#include` in an `#if`
branch not taken, `<x.h>` looked up in a -iquote folder, a header function a later macro replaces, a C++
name that another function or overload answers to), a typedef of a header read as a variable (`(real)*p`
read as a product), and a header that `#undef`s and redefines a function-like macro the file uses before
the second include. Each marked loop must now be sequential; every one was shown wrong by running it in
reverse order or with OpenMP."""

from __future__ import annotations

from pathlib import Path

import pytest

from seq2par.analyzers import analyze_file

ROOT = Path(__file__).parent / "review_headers"
# folder, file, flags (folders relative to the program's), line of the loop
CASES = {
    "allocator_header_in_an_if_branch": ("a1", "a1.c", ["-I", "inc"], 12),
    "angled_header_in_an_iquote_folder": ("a3", "a3.c", ["-iquote", "q", "-I", "i"], 8),
    "allocator_declared_in_an_if_branch": ("a4", "a4.c", [], 13),
    "header_function_replaced_by_a_macro": ("a5", "main.c", ["-I", "h8"], 8),
    "cpp_member_named_like_a_header_allocator": ("a7", "k2.cpp", ["-I", "h"], 12),
    "cpp_overload_calling_another": ("o", "o1.cpp", ["-I", "inc"], 8),
    "typedef_of_an_angled_header": ("p6", "p6n.c", ["-I", "sys"], 9),
    # a header not read (-isystem): `(real)*p` with `real` declared nowhere in sight gets both readings
    "typedef_of_a_header_not_read": ("p6", "p6n.c", ["-isystem", "sys"], 9),
    "macro_redefined_by_a_later_header": ("m", "m4.c", [], 6),
    # a second review: includes in #if groups the include-guard test or the group count missed
    "default_at_the_top_taken_for_a_guard": ("h1", "h1c.c", ["-I", "inc"], 16),
    "directive_after_a_comment": ("h2", "h2c.c", ["-I", "inc"], 13),
    "include_inside_a_comment": ("h3", "h3b.c", ["-I", "inc"], 11),
    "endif_inside_a_comment": ("h4", "h4c.c", ["-I", "inc"], 16),
    "guard_closed_early_in_a_header": ("h5", "m3.c", ["-I", "inc"], 11),
}


@pytest.mark.parametrize("use_libclang", [False, True], ids=["treesitter", "libclang"])
@pytest.mark.parametrize("case_id", list(CASES))
def test_the_marked_loop_is_not_reported_parallel(case_id: str, use_libclang: bool) -> None:
    folder, name, flags, line = CASES[case_id]
    base = ROOT / folder
    flags = [flag if flag.startswith("-") else str(base / flag) for flag in flags]
    report = analyze_file(base / name, flags=flags, use_libclang=use_libclang)
    loop = report.loop_at_line(line)
    assert loop.verdict == "sequential", loop.summary()
