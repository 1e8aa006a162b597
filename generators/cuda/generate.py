"""CUDA backend: outline the outermost parallel loops into kernels. Mark → place data → lower.

1. **Mark**: in each function, the outermost legal `for` loops with unit step become kernels (a grid-stride
   loop over the index), unless they sit in a function that another kernel calls. Every array the loop
   touches is passed as a device pointer, every scalar it reads by value; private scalars become kernel
   locals; scalar reductions use a per-thread accumulator, a shared-memory block reduction and one atomic
   per block; minloc/maxloc write one (value, index) pair per block that the host combines with the
   sequential tie rule; array reductions (`hist[key[i]] += v`) become atomics.
2. **Place data**: per function, walk the statements with a state per array — which of the host and device
   copies are current. A kernel needs the device copy (host→device copy only when the host copy is newer);
   host code that mentions an array needs the host copy (device→host copy only when the device copy is
   newer). Sequential loops around kernels (time loops) are iterated to a fixed point so that the steady
   state needs no copies; pointer swaps swap the device pointers with the host pointers.
3. **Lower**: render the runtime (jinja2 template), the kernels (before their function), the launches
   (`S2P_LAUNCH`, which the host emulation header turns into loops over blocks and threads), and the copies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from seq2par.analyzers.analyze import FileReport
from seq2par.analyzers.dependence import LoopAnalysis, ProgramAnalysis, Reduction, block_declarations
from seq2par.analyzers.frontend import function_declarator
from seq2par.analyzers.ir import Function, Loop, Program, _strip_parens, bit_vector
from seq2par.generators.backends import valid_cuda_block
from seq2par.generators.edits import Edit, TransformationError, apply_edits, line_indent
from seq2par.generators.layout import allocated_bytes, variable
from seq2par.generators.plan import (
    choose_outermost,
    header_reason,
    mixed_sign_bound,
    real_bound,
    step_reason,
    substituted_reason,
)
from seq2par.generators.statements import code_text, freed_name, pointer_copy, pragma_line_above, swap_statement

TEMPLATES = Path(__file__).parent / "templates"
OP_CODES = {"+": "S2P_ADD", "*": "S2P_MUL", "min": "S2P_MIN", "max": "S2P_MAX"}
_QUALIFIERS = (
    "const",
    "static",
    "volatile",
    "restrict",
    "register",
    "extern",
    "constexpr",
    "inline",
    "__restrict__",
    "__restrict",
)
_IDENT = re.compile(rb"[A-Za-z_]\w*")
# Functions that only read the arrays handed to them.
_READ_ONLY_CALLS = frozenset(
    "printf fprintf puts fputs fwrite putchar free sqrt exp log fabs memcmp strlen".split()
)
_MAX_GRID = 4096
_MIN_THREADS = 4096  # fewer iterations than this leave most of a GPU idle
_FEW_ITERATIONS = 1024


@lru_cache(maxsize=1)
def _templates():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def host_emulation_header() -> str:
    """The portability header that turns the generated .cu into a host C++ program (see emulation_source)."""
    return (TEMPLATES / "host_emulation.h").read_text()


@dataclass
class DeviceArray:
    """An array a kernel touches: its element type, how to declare a pointer to it, its size in bytes."""

    name: str
    ctype: str
    declarator_suffix: str  # "" for T *p, "[M]" for T (*p)[M]
    is_vector: bool
    size_bytes: str | None

    def pointer_declaration(self, name: str) -> str:
        if self.declarator_suffix:
            return f"{self.ctype} (*{name}){self.declarator_suffix}"
        return f"{self.ctype} *{name}"


@dataclass
class KernelLoop:
    """One loop outlined into a kernel."""

    loop: Loop
    analysis: LoopAnalysis
    name: str
    index_type: str
    arrays: dict[str, DeviceArray]
    written: set[str]
    scalars: list[tuple[str, str]]  # (name, type) passed by value
    private: list[tuple[str, str]]  # (name, type) kernel locals
    reductions: list[tuple[Reduction, str]]  # scalar reductions (reduction, C type)
    loc_reductions: list[tuple[Reduction, str, str]]  # (reduction, value type, index type)
    array_reductions: list[Reduction]
    vector_sizes: list[str]  # vectors whose .size() the body uses
    device_functions: set[str]
    body_text: str = ""

    def describe(self) -> str:
        parts = [f"kernel {self.name}: grid-stride over {self.loop.var}"]
        if self.reductions or self.loc_reductions:
            parts.append(
                "reduction "
                + ", ".join(
                    [f"{r.op}:{r.var}" for r, _ in self.reductions]
                    + [f"{r.kind}:{r.var}" for r, _, _ in self.loc_reductions]
                )
            )
        if self.array_reductions:
            parts.append("atomic " + ", ".join(f"{r.op}:{r.var}[]" for r in self.array_reductions))
        return "; ".join(parts)


@dataclass
class GeneratedProgram:
    source: str
    language: str
    compiler: str  # "nvcc"
    link_flags: list[str]
    distributed: list[KernelLoop]
    sequential: list[tuple[Loop, str]]
    emulation_source: str
    transfers: dict[str, int] = field(default_factory=dict)


# types narrower than the 4- and 8-byte words the device's atomics work on
_SUBWORD = frozenset({"char", "signed char", "unsigned char", "short", "short int", "unsigned short",
                      "unsigned short int", "signed short", "bool", "_Bool", "int8_t", "uint8_t", "int16_t",
                      "uint16_t", "std::int8_t", "std::uint8_t", "std::int16_t", "std::uint16_t"})


def _strip_type(text: str) -> str:
    words = [w for w in text.replace("std::", "std::").split() if w not in _QUALIFIERS]
    return " ".join(words)


class CudaGenerator:
    """Generates a CUDA program from a FileReport. `generate()` raises TransformationError."""

    def __init__(self, report: FileReport, *, block: int = 256) -> None:
        if not valid_cuda_block(block):
            raise TransformationError(f"block size {block}: use a power of two between 32 and 1024")
        self.report = report
        self.program: Program = report.program
        self.block = block
        self.pa = report.program_analysis or ProgramAnalysis(self.program)
        self.sequential: list[tuple[Loop, str]] = []
        self.counter = 0
        # the program's macros, name → body, and the parameters of the function-like ones (_reached_through_macro)
        p = self.program
        self._macro_bodies = {**p.code_macros, **p.word_macros,
                              **{name: body for name, (_, body) in p.function_macros.items()}}
        self._macro_params = {name: set(names) for name, (names, _) in p.function_macros.items()}
        self._inner_blocks = _cxx_inner_blocks(p.tree.root_node) if p.language == "c" else []

    # -- mark -----------------------------------------------------------------------------------------
    def choose(self) -> dict[str, list[KernelLoop]]:
        chosen = choose_outermost(self.report, self._planned_kernel, self.sequential)
        self._drop_called_from_kernels(chosen)
        for plans in chosen.values():
            for plan in plans:
                self.counter += 1
                plan.name = f"s2p_kernel{self.counter}_line{plan.loop.line}"
        return chosen

    def _planned_kernel(self, fn: Function, loop: Loop, analysis: LoopAnalysis) -> KernelLoop | str:
        inner = self._wider_inner_loop(fn, loop)
        if inner is not None:
            return (f"only {(loop.upper - loop.lower).constant} iterations: the parallel loop at line "
                    f"{inner.line} inside it becomes the kernel")
        return self._kernel_plan(fn, loop, analysis)

    def _wider_inner_loop(self, fn: Function, loop: Loop) -> Loop | None:
        """A parallel loop directly inside `loop` with many more iterations, when `loop` has too few
        iterations to fill a GPU (a kernel of 4 threads, each running a long loop, is slower than the CPU)."""
        if loop.upper is None or loop.lower is None:
            return None
        trip = loop.upper - loop.lower
        if not trip.is_constant() or trip.constant >= _FEW_ITERATIONS:
            return None
        for child in fn.loops:
            if child.parent != loop.id or not self.report.analyses[child.id].parallel or child.kind != "for":
                continue
            if child.upper is None or child.lower is None or loop.var in child.bound_symbols:
                continue
            inner_trip = child.upper - child.lower
            if not inner_trip.is_constant() or inner_trip.constant >= _MIN_THREADS:
                return child
        return None

    def _drop_called_from_kernels(self, chosen: dict[str, list[KernelLoop]]) -> None:
        """A function that a kernel calls runs on the device: its own loops stay sequential there."""
        changed = True
        while changed:
            changed = False
            device = set()
            for plans in chosen.values():
                for plan in plans:
                    device |= plan.device_functions
            for name in sorted(device & chosen.keys()):
                for inner in chosen.pop(name):
                    self.sequential.append((inner.loop, f"its function `{name}` is called inside a kernel"))
                changed = True

    def _device_functions(self, names: set[str]) -> set[str]:
        out: set[str] = set()
        todo = list(names)
        while todo:
            name = todo.pop()
            if name in out or name not in self.program.functions:
                continue
            out.add(name)
            for call in self.program.functions[name].calls:
                if call.method_of is None and call.name in self.program.functions:
                    todo.append(call.name)
        return out

    def _device_array(self, fn: Function, name: str, var) -> DeviceArray | str:
        text = var.type_text
        if "{" in text:
            return (f"`{name}` is declared with its type's definition (`{_strip_type(text).split('{')[0].strip()} "
                    "{...}`): define the type apart from the variable to pass it to a kernel")
        is_vector = "vector<" in text
        if is_vector:
            if bit_vector(var):
                return (f"`{name}` is a std::vector<bool>: its elements are bits, with no `.data()` to copy to "
                        "the device (a std::vector<char> would go)")
            inner = text[text.index("vector<") + 7 : text.rindex(">")]
            if "vector<" in inner or "*" in inner:
                return f"`{name}` is a vector of vectors or pointers: only flat arrays go to the device"
            ctype = _strip_type(inner)
            if (host := self._host_only(name, ctype, "copied to the device")) is not None:
                return host
            resized = next((call for call in fn.calls if call.method_of == name and call.name in _RESIZING), None)
            if resized is not None:
                return (f"`{name}` changes size (`{name}.{resized.name}()` at line {resized.line}): its device "
                        "buffer would keep the size of its first copy")
            return DeviceArray(name, ctype, "", True, f"{name}.size() * sizeof({ctype})")
        ctype = _strip_type(text)
        if "*" in ctype or "&" in ctype or not ctype:
            return f"`{name}` points to pointers: only flat arrays go to the device"
        if (host := self._host_only(name, ctype, "copied to the device")) is not None:
            return host
        if var.is_array:
            dims = list(var.dims)
            for dim in dims[1:] + [d for d in dims[:1] if d]:
                if not self._constant_expression(dim):
                    return f"`{name}` is a variable-length array (dimension `{dim}`): not supported on a GPU"
            suffix = "".join(f"[{d}]" for d in dims[1:])
            if var.is_pointer:
                return f"`{name}` is an array of pointers: only flat arrays go to the device"
            if dims and dims[0]:
                size = " * ".join(f"(size_t)({d})" for d in dims) + f" * sizeof({ctype})"
            elif fn.param(name) is None:
                size = f"sizeof({name})"
            else:
                size = None
            return DeviceArray(name, ctype, suffix, False, size)
        if var.is_pointer:
            size = allocated_bytes(var)
            if size is not None and (moved := _allocation_moves(fn, var, size)) is not None:
                return moved
            return DeviceArray(name, ctype, "", False, size)
        return f"`{name}` is neither an array nor a pointer"

    def _reached_through_macro(self, fn: Function, name: str) -> str | None:
        """A variable of the program (visible in `fn`) that the macro `name` names in its body, or through the
        macros its body names (`#define U(i, j) u[(i) * N + (j)]`): a kernel's body keeps the macro, and its
        expansion would name the host's array, not the one handed to the kernel. None when it names none."""
        bodies, params = self._macro_bodies, self._macro_params
        if name not in bodies:
            return None  # (most names of a loop body: no macro's)
        todo, done = [name], set()
        while todo:
            macro = todo.pop()
            if macro in done or macro not in bodies:
                continue
            done.add(macro)
            for word in re.findall(r"[A-Za-z_]\w*", bodies[macro]):
                if word in params.get(macro, ()):
                    continue
                if word in bodies:
                    todo.append(word)
                elif variable(self.program, fn, word) is not None:
                    return word
        return None

    def _constant_expression(self, text: str) -> bool:
        for word in re.findall(r"[A-Za-z_]\w*", text):
            if word in self.program.macros or word in self.program.constants or word == "sizeof":
                continue
            return False
        return True

    def _global_constant(self, var) -> bool:
        """A namespace-scope integral constant: device code may read it directly."""
        words = var.type_text.split()
        integral = {"int", "long", "unsigned", "short", "char", "size_t", "bool"}
        return (
            ("const" in words or "constexpr" in words)
            and bool(integral & set(words))
            and bool(var.init_text)
            and "*" not in var.type_text
            and not var.is_array
        )

    def _kernel_plan(self, fn: Function, loop: Loop, analysis: LoopAnalysis) -> KernelLoop | str:
        """A KernelLoop, or the reason (str) why this legal loop does not become a kernel."""
        if analysis.private_arrays:
            return (f"each iteration needs its own copy of the array{'s' * (len(analysis.private_arrays) > 1)} "
                    f"{', '.join(analysis.private_arrays)}: private arrays are not made per GPU thread")
        if loop.kind != "for" or loop.var is None or loop.lower is None or loop.upper is None:
            return "only counted `for` loops become kernels"
        if loop.step != 1:
            return f"{step_reason(loop)}: only unit-stride ascending loops become kernels so far"
        if loop.cond_text not in ("<", "<="):
            return f"loop condition `{loop.cond_text}`: only `<` and `<=` bounds become kernels"
        if (header := header_reason(loop)) is not None:
            return header
        if (substituted := substituted_reason(fn, loop)) is not None:
            return substituted
        if (real := real_bound(self.report, fn, loop)) is not None:
            return f"its {real} is not an integer (`(long)` of it would drop the last iteration of `i < 10.5`)"
        if (mixed := mixed_sign_bound(self.program, fn, loop)) is not None:
            return mixed
        node = loop.node
        if (above := pragma_line_above(self.program.source, node)) is not None:
            # (the launch block that replaces the loop would follow it: "for statement expected before '{'")
            return f"the directive `{above}` above it belongs to a loop, and a kernel launch would take its place"
        body = node.child_by_field_name("body")
        src = self.program.source
        # Index type.
        init = node.child_by_field_name("initializer")
        if init is not None and init.type == "declaration":
            index_type = _strip_type(self.program.text(init.child_by_field_name("type")))
        else:
            var = variable(self.program, fn, loop.var)
            index_type = _strip_type(var.type_text) if var is not None else "long"
        declared = self._declared_names(body)
        reductions = {r.var: r for r in analysis.reductions}
        loc_index = {r.index_var: r for r in analysis.reductions if r.kind in ("minloc", "maxloc")}
        private = set(analysis.private)
        arrays: dict[str, DeviceArray] = {}
        scalars: list[tuple[str, str]] = []
        privates: list[tuple[str, str]] = []
        called: set[str] = set()
        seen: set[str] = set()
        vector_sizes: list[str] = []
        edits: list[Edit] = []
        base = body.start_byte
        stack = [body]
        while stack:
            n = stack.pop()
            stack.extend(n.named_children)
            if n.type == "call_expression":
                fnode = n.child_by_field_name("function")
                if fnode.type == "identifier" and fnode.text.decode() in self.program.functions:
                    called.add(fnode.text.decode())
                if fnode.type == "field_expression":
                    obj = _strip_parens(fnode.child_by_field_name("argument"))
                    method = fnode.child_by_field_name("field").text.decode()
                    if obj.type == "identifier":
                        oname = obj.text.decode()
                        ovar = variable(self.program, fn, oname)
                        if ovar is not None and "vector<" in ovar.type_text and oname not in declared:
                            if method != "size":
                                return f"calls `{oname}.{method}()`: only [] and .size() work on a GPU"
                            if oname not in vector_sizes:
                                vector_sizes.append(oname)
                            edits.append(Edit(n.start_byte - base, n.end_byte - base, f"s2p_size_{oname}"))
                continue
            if n.type != "identifier":
                continue
            name = n.text.decode()
            reached = self._reached_through_macro(fn, name) if name not in seen and name not in declared else None
            if reached is not None:
                return (f"the macro `{name}` names `{reached}`, which device code would take for the host's: "
                        "write the access out to offload this loop")
            parent = n.parent
            if (
                parent is not None
                and parent.type == "call_expression"
                and parent.child_by_field_name("function") == n
            ):
                continue
            if name in seen or name in declared or name == loop.var:
                continue
            seen.add(name)
            var = variable(self.program, fn, name)
            if var is None:
                if name in self.program.functions:
                    called.add(name)
                    continue
                range_type = self._range_variable_type(node, name)
                if isinstance(range_type, str) and range_type.startswith("`"):
                    return range_type
                if range_type is not None:
                    scalars.append((name, range_type))
                continue  # a macro, an enumerator, a constant from a header
            if var.is_reference:
                return f"`{name}` is a reference: not supported on the device"
            if var.is_array or var.is_pointer or "vector<" in var.type_text:
                dev = self._device_array(fn, name, var)
                if isinstance(dev, str):
                    return dev
                arrays[name] = dev
                continue
            ctype = _strip_type(var.type_text)
            if (why := self._by_value(name, ctype)) is not None:
                return why
            if name in reductions:
                continue
            if name in loc_index:
                continue
            if name in private:
                privates.append((name, ctype))
                continue
            if (
                name in self.program.globals
                and fn.param(name) is None
                and name not in fn.locals
                and self._global_constant(var)
            ):
                continue
            scalars.append((name, ctype))
        for name in vector_sizes:
            arrays.setdefault(name, self._device_array(fn, name, variable(self.program, fn, name)))
        # Arrays with more subscripts than dimensions are pointers to pointers.
        lo_o, hi_o = loop.body_orders
        body_accesses = [a for a in fn.accesses if lo_o < a.order <= hi_o]
        written: set[str] = set()
        for acc in body_accesses:
            if acc.name in arrays and acc.subscripts is not None:
                dev = arrays[acc.name]
                depth = 1 + dev.declarator_suffix.count("[")
                if len(acc.subscripts) > depth:
                    return (
                        f"`{acc.name}` has {len(acc.subscripts)} subscripts: pointers to pointers "
                        "are not supported on the device"
                    )
            if acc.is_write and acc.name in arrays:
                written.add(acc.name)
            if acc.unanalyzable:
                return f"writes through a computed pointer at line {acc.line}"
        for name, dev in arrays.items():
            if dev.size_bytes is None:
                return (
                    f"size of `{name}` is not known (declare it as an array or malloc/calloc it in "
                    "this function)"
                )
        # Reductions.
        scalar_reductions: list[tuple[Reduction, str]] = []
        loc_reductions: list[tuple[Reduction, str, str]] = []
        array_reductions: list[Reduction] = []
        for red in analysis.reductions:
            var = variable(self.program, fn, red.var)
            if var is None:
                return f"reduction variable `{red.var}` is not a variable"
            if red.kind == "array":
                if red.op not in ("+", "min", "max"):
                    return f"array reduction with `{red.op}` is not supported"
                if red.var not in arrays:
                    return f"array reduction on `{red.var}`, which is not a device array"
                if arrays[red.var].ctype in _SUBWORD:
                    return (f"array reduction into `{red.var}` of `{arrays[red.var].ctype}`: the device's atomics "
                            "work on 4 and 8 bytes")
                written.add(red.var)
                array_reductions.append(red)
                continue
            ctype = _strip_type(var.type_text)
            if red.kind in ("minloc", "maxloc"):
                if red.tie != "first" or red.index_value != loop.var:
                    return (
                        f"{red.kind} on `{red.var}` records `{red.index_value}`, not the index, or keeps "
                        "the last of equal values: the block combination's tie rule would differ"
                    )
                ivar = variable(self.program, fn, red.index_var)
                if ivar is None:
                    return f"index variable `{red.index_var}` of the {red.kind} is not a variable"
                loc_reductions.append((red, ctype, _strip_type(ivar.type_text)))
                continue
            if red.op not in OP_CODES:
                return f"reduction with `{red.op}` is not supported on the device"
            if ctype in _SUBWORD:
                return f"reduction into `{red.var}`, a `{ctype}`: the device's atomics work on 4 and 8 bytes"
            scalar_reductions.append((red, ctype))
        # Rewrite array-reduction updates into atomics.
        if array_reductions:
            reason = self._atomic_edits(body, {r.var: r.op for r in array_reductions}, base, edits)
            if reason:
                return reason
        for name in called:
            summary = self.pa.summary(name)
            touched = summary.reads_globals | summary.writes_globals
            arrays_touched = [
                g
                for g in touched
                if (gv := self.program.globals.get(g)) is not None and not self._global_constant(gv)
            ]
            if arrays_touched:
                return f"calls `{name}`, which uses global(s) {', '.join(sorted(arrays_touched))} on the host"
        edits += [Edit(at - base, at - base, text, seq) for at, text, seq in self._inner_block_braces(body)]
        body_text = apply_edits(src[body.start_byte : body.end_byte], edits)
        return KernelLoop(
            loop,
            analysis,
            "",
            index_type,
            arrays,
            written,
            scalars,
            privates,
            scalar_reductions,
            loc_reductions,
            array_reductions,
            vector_sizes,
            self._device_functions(called),
            body_text,
        )

    def _by_value(self, name: str, ctype: str) -> str | None:
        """Why the scalar `name` cannot be handed to a kernel by value: its type is defined in its declaration
        (nvcc: "type definition is not allowed" in a parameter), or is a struct with pointer members (the
        kernel would get host addresses)."""
        if "{" in ctype:
            return (f"`{name}` is declared with its type's definition: define the type apart from the variable "
                    "to pass it to a kernel")
        return self._host_only(name, ctype, "passed to the kernel by value")

    def _host_only(self, name: str, ctype: str, how: str) -> str | None:
        """Why values of type `ctype` mean something else on the device: `long double` (nvcc treats it as
        double, while the host's is an 80-bit value in 16 bytes), a pointer or array type behind a typedef
        (host addresses), a struct with pointer or reference members (host addresses), or None."""
        words = ctype.replace("const", " ").replace("volatile", " ").split()
        if words[-2:] == ["long", "double"]:
            return (f"`{name}` is a long double: device code reads it as a double (8 of its 16 bytes), so "
                    f"it cannot be {how}")
        base = " ".join(words)
        if base in self.program.pointer_types or re.search(
                rf"\btypedef\b[^;{{}}]*\b{re.escape(base)}\s*\[", self.program.source.decode(errors="replace")):
            return f"`{name}` is a `{base}`, a pointer or array type: {how}, it would be a host address"
        record = base.replace("struct ", "").replace("class ", "").strip()
        members = self.program.fields.get(record) or self.program.fields.get(ctype) or {}
        pointers = sorted(member for member, (kind, _) in members.items() if kind in ("pointer", "reference"))
        if pointers:
            return (f"`{name}` is a `{record}` with pointer members ({', '.join(pointers)}): {how}, they would "
                    "be host addresses")
        return None

    def _range_variable_type(self, node, name: str) -> str | None:
        """Type of `name` when an enclosing range-for declares it (passed to the kernel by value)."""
        parent = node.parent
        while parent is not None:
            if parent.type == "for_range_loop" and name in self._declared_names_of_range(parent):
                type_node = parent.child_by_field_name("type")
                ctype = _strip_type(self.program.text(type_node)) if type_node is not None else ""
                if not ctype or "auto" in ctype:
                    return f"`{name}` is declared `auto` by a range-for: its type is not known for the kernel"
                return ctype
            parent = parent.parent
        return None

    @staticmethod
    def _declared_names_of_range(node) -> set[str]:
        d = node.child_by_field_name("declarator")
        while d is not None and d.type != "identifier":
            nxt = d.child_by_field_name("declarator")
            if nxt is None:
                nxt = next(
                    (c for c in d.named_children if c.type == "identifier" or c.type.endswith("declarator")),
                    None,
                )
            d = nxt
        return {d.text.decode()} if d is not None else set()

    @staticmethod
    def _declared_names(body) -> set[str]:
        out = set()
        stack = [body]
        while stack:
            n = stack.pop()
            stack.extend(n.named_children)
            if n.type in ("declaration", "parameter_declaration", "for_range_loop"):
                for d in n.children_by_field_name("declarator"):
                    while d is not None and d.type not in ("identifier",):
                        nxt = d.child_by_field_name("declarator")
                        if nxt is None:
                            nxt = next(
                                (
                                    c
                                    for c in d.named_children
                                    if c.type.endswith("declarator") or c.type == "identifier"
                                ),
                                None,
                            )
                        d = nxt
                    if d is not None:
                        out.add(d.text.decode())
        return out

    def _atomic_edits(self, body, ops: dict[str, str], base: int, edits: list[Edit]) -> str | None:
        stack = [body]
        found = 0
        while stack:
            n = stack.pop()
            if n.type in ("assignment_expression", "update_expression"):
                target = (
                    n.child_by_field_name("left")
                    if n.type == "assignment_expression"
                    else n.child_by_field_name("argument")
                )
                target = _strip_parens(target)
                root = target
                while root.type == "subscript_expression":
                    root = _strip_parens(root.child_by_field_name("argument"))
                if (
                    target.type == "subscript_expression"
                    and root.type == "identifier"
                    and root.text.decode() in ops
                ):
                    name = root.text.decode()
                    op = ops[name]
                    lhs = target.text.decode()
                    value = None
                    if n.type == "update_expression":
                        value = "-1" if b"--" in n.text else "1"
                        if op != "+":
                            return f"`{n.text.decode()}` on the {op}-reduction array `{name}`"
                    else:
                        operator = n.child_by_field_name("operator").text.decode()
                        right = _strip_parens(n.child_by_field_name("right"))
                        rtext = right.text.decode()
                        if operator == "+=" and op == "+":
                            value = f"({rtext})"
                        elif operator == "-=" and op == "+":
                            value = f"-({rtext})"
                        elif operator == "=":
                            value = self._reduction_operand(right, lhs, op)
                    if value is None:
                        return f"cannot turn `{n.text.decode()}` into an atomic update"
                    edits.append(
                        Edit(
                            n.start_byte - base,
                            n.end_byte - base,
                            f"s2p_atomic<{OP_CODES[op]}>(&{lhs}, {value})",
                        )
                    )
                    found += 1
                    continue
            stack.extend(n.named_children)
        return (
            None if found else f"did not find the updates of the reduction array(s) {', '.join(sorted(ops))}"
        )

    @staticmethod
    def _reduction_operand(right, lhs: str, op: str) -> str | None:
        squash = lhs.replace(" ", "")
        if right.type == "binary_expression" and op == "+":
            operator = right.child_by_field_name("operator").text.decode()
            left, other = right.child_by_field_name("left"), right.child_by_field_name("right")
            if _strip_parens(left).text.decode().replace(" ", "") == squash:
                if operator == "+":
                    return f"({other.text.decode()})"
                if operator == "-":
                    return f"-({other.text.decode()})"
            if operator == "+" and _strip_parens(other).text.decode().replace(" ", "") == squash:
                return f"({left.text.decode()})"
        if right.type == "call_expression":
            fname = right.child_by_field_name("function").text.decode()
            args = right.child_by_field_name("arguments").named_children
            kind = {
                "fmin": "min",
                "fminf": "min",
                "std::min": "min",
                "min": "min",
                "fmax": "max",
                "fmaxf": "max",
                "std::max": "max",
                "max": "max",
            }.get(fname)
            if kind == op and len(args) == 2:
                a, b = (x.text.decode().replace(" ", "") for x in args)
                if a == squash:
                    return f"({args[1].text.decode()})"
                if b == squash:
                    return f"({args[0].text.decode()})"
        return None

    # -- lower ----------------------------------------------------------------------------------------
    def generate(self) -> GeneratedProgram:
        chosen = self.choose()
        if not chosen:
            reasons = "\n".join(f"  line {lp.line}: {why}" for lp, why in self.sequential) or "  no loops"
            raise TransformationError(f"nothing to parallelize in {self.program.path}:\n{reasons}")
        edits: list[Edit] = []
        self.transfers = {"to_device": 0, "to_host": 0}
        device_functions: set[str] = set()
        for fname, plans in chosen.items():
            fn = self.program.functions[fname]
            for plan in plans:
                device_functions |= plan.device_functions
            kernels = "".join(self._kernel_text(plan) for plan in plans)
            edits.append(Edit(fn.node.start_byte, fn.node.start_byte, kernels, seq=-5))
            _Placement(self, fn, plans, edits).run()
        kernel_loops = [plan.loop.node for plans in chosen.values() for plan in plans]
        edits += [Edit(at, at, text, seq) for at, text, seq in self._inner_block_braces(self.program.tree.root_node)
                  if not any(node.start_byte <= at < node.end_byte for node in kernel_loops)]
        edits.extend(self._device_function_edits(device_functions))
        edits.append(self._runtime_edit(chosen))
        source = apply_edits(self.program.source, edits)
        emulation = (
            "/* seq2par: host emulation build of the generated CUDA program */\n#define S2P_EMULATE 1\n"
            + host_emulation_header()
            + "\n"
            + source
        )
        kernels = [p for plans in chosen.values() for p in plans]
        transfers = {
            "to_device": source.count("cudaMemcpyHostToDevice));"),
            "to_host": source.count("cudaMemcpyDeviceToHost));"),
        }
        return GeneratedProgram(
            source, self.program.language, "nvcc", ["-lm"], kernels, self.sequential, emulation, transfers
        )

    def _inner_block_braces(self, node) -> list[tuple[int, str, int]]:
        """The braces (offset, text, seq) that make each body `_cxx_inner_blocks` found inside `node` a
        block of its own. The closing one goes before anything else inserted at the body's end (copies made
        at the end of a loop's body name the loop's outer variables, not the ones the body declares)."""
        out = []
        for opening, closing in self._inner_blocks:
            if node.start_byte <= opening and closing < node.end_byte:
                out += [(opening, "{", 10**6), (closing, "}", -10**6)]
        return out

    def _device_function_edits(self, names: set[str]) -> list[Edit]:
        edits = []
        root = self.program.tree.root_node
        for child in root.named_children:
            if child.type not in ("function_definition", "declaration"):
                continue
            d = function_declarator(child)
            if d is None:
                continue
            name_node = d.child_by_field_name("declarator")
            if name_node is not None and name_node.text.decode() in names:
                edits.append(Edit(child.start_byte, child.start_byte, "__host__ __device__ ", seq=-1))
        return edits

    def _runtime_edit(self, chosen) -> Edit:
        runtime = (
            _templates()
            .get_template("runtime.cu.j2")
            .render(block=self.block, max_grid=_MAX_GRID, c_source=self.program.language == "c")
        )
        lines = []
        for plans in chosen.values():
            for plan in plans:
                lines.append(f" *   line {plan.loop.line} ({plan.loop.function}): {plan.describe()}")
        for loop, why in self.sequential:
            lines.append(f" *   line {loop.line} ({loop.function}) stays sequential: {why}")
        header = (
            "/* Generated by seq2par from " + Path(self.program.path).name + ": CUDA version.\n"
            " * Build it as seq2par checks it: nvcc -O2 -fmad=false (fused multiply-adds round differently from\n"
            " * the original's separate multiply and add; drop the flag for speed once the results are trusted).\n"
            " * Loops outlined into kernels:\n" + "\n".join(lines) + "\n */\n"
        )
        root = self.program.tree.root_node
        pos = 0
        for child in root.named_children:
            if child.type == "preproc_include":
                pos = child.end_byte
            elif child.type not in ("comment", "preproc_def"):
                break
        text = ("\n" if pos else "") + header + runtime + ("\n" if not pos else "")
        return Edit(pos, pos, text, seq=-10)

    def _kernel_text(self, plan: KernelLoop) -> str:
        params = ["long s2p_lo", "long s2p_hi"]
        for name, dev in plan.arrays.items():
            params.append(dev.pointer_declaration(name))
        for name in plan.vector_sizes:
            params.append(f"long s2p_size_{name}")
        for name, ctype in plan.scalars:
            params.append(f"{ctype} {name}")
        if plan.reductions:
            params.append("char *s2p_cells")
        for red, vtype, _ in plan.loc_reductions:
            params.append(f"{vtype} *s2p_{red.var}_values")
            params.append(f"long *s2p_{red.var}_indices")
        lines = [
            f"/* seq2par: line {plan.loop.line} of {plan.loop.function}(), {plan.describe()} */",
            f"__global__ void {plan.name}({', '.join(params)})",
            "{",
        ]
        for name, ctype in plan.private:
            lines.append(f"    {ctype} {name};")
        for red, ctype in plan.reductions:
            lines.append(f"    {ctype} {red.var} = s2p_identity<{OP_CODES[red.op]}>(({ctype})0);")
        for red, vtype, itype in plan.loc_reductions:
            ident = "s2p_highest" if red.kind == "minloc" else "s2p_lowest"
            lines.append(f"    {vtype} {red.var} = {ident}(({vtype})0);")
            lines.append(f"    {itype} {red.index_var} = ({itype})-1;")
        lines.append(
            "    for (long s2p_i = s2p_lo + (long)blockIdx.x * blockDim.x + threadIdx.x; s2p_i < s2p_hi; "
            "s2p_i += (long)blockDim.x * gridDim.x) {"
        )
        lines.append(f"        {plan.index_type} {plan.loop.var} = ({plan.index_type})s2p_i;")
        lines.append(f"        {plan.body_text}")
        lines.append("    }")
        for k, (red, ctype) in enumerate(plan.reductions):
            lines.append(
                f"    s2p_block_reduce<{OP_CODES[red.op]}>(({ctype} *)(s2p_cells + {16 * k}), {red.var});"
            )
        for red, _vtype, _itype in plan.loc_reductions:
            flag = "true" if red.kind == "minloc" else "false"
            lines.append(
                f"    s2p_block_reduce_loc<{flag}>(s2p_{red.var}_values, s2p_{red.var}_indices, {red.var}, "
                f"(long){red.index_var});"
            )
        lines.append("}")
        return "\n".join(lines) + "\n\n"


@dataclass(frozen=True)
class Where:
    """Which copies of an array are current."""

    host: bool = True
    device: bool = False


_HOST = Where(True, False)


def _meet(a: Where, b: Where) -> Where:
    m = Where(a.host and b.host, a.device and b.device)
    return m if (m.host or m.device) else b


class _Placement:
    """Data placement for one function: walks statements, tracking where each array's newest copy is."""

    def __init__(self, gen: CudaGenerator, fn: Function, plans: list[KernelLoop], edits: list[Edit]) -> None:
        self.gen = gen
        self.p = gen.program
        self.fn = fn
        self.plans = {plan.loop.node.start_byte: plan for plan in plans}
        self.edits = edits
        self.seq = 0
        self.arrays: dict[str, DeviceArray] = {}
        for plan in plans:
            for name, dev in plan.arrays.items():
                self.arrays.setdefault(name, dev)
        self.body = fn.body
        self.copies = self._pointer_copies()
        # Pointers copied to/from device arrays get device pointers too (tmp = u; u = un; un = tmp;).
        self.tracked = dict(self.arrays)
        changed = True
        while changed:
            changed = False
            for left, right in self.copies:
                for a, b in ((left, right), (right, left)):
                    if b in self.tracked and a not in self.tracked:
                        var = variable(self.p, fn, a)
                        if var is None:
                            continue
                        src = self.tracked[b]
                        self.tracked[a] = DeviceArray(
                            a, src.ctype, src.declarator_suffix, src.is_vector, None
                        )
                        changed = True
        # Host pointers into a tracked array (`double *p = a;`, `q = a + 10;`): a host statement that reads or
        # writes through one needs the newest copy on the host, or leaves the device's stale, as the array's
        # own name does.
        self.aliases: dict[str, set[str]] = {}
        for pointer, sources in fn.assigned_from.items():
            if pointer in self.tracked:
                continue
            for text in sources:
                first = re.match(r"\s*\(*\s*&?\s*([A-Za-z_]\w*)", text)
                if first is not None and first.group(1) in self.tracked:
                    self.aliases.setdefault(pointer, set()).add(first.group(1))

    def _pointer_copies(self) -> list[tuple[str, str]]:
        out = []
        stack = [self.body]
        while stack:
            n = stack.pop()
            stack.extend(n.named_children)
            pair = pointer_copy(n, self.p, self.fn)
            if pair is not None:
                out.append(pair)
        return out

    def dptr(self, name: str) -> str:
        return f"s2p_d_{name}"

    def run(self) -> None:
        indent = (
            line_indent(self.p.source, self.body.named_children[0].start_byte)
            if self.body.named_children
            else "    "
        )
        decls = [f"/* seq2par: device copies of {', '.join(sorted(self.tracked))} */"]
        for name, dev in sorted(self.tracked.items()):
            decls.append(f"{dev.pointer_declaration(self.dptr(name))} = 0;")
            if dev.size_bytes is not None:
                decls.append(f"void *s2p_buffer_{name} = 0;")
        self.edits.append(
            Edit(
                self.body.start_byte + 1,
                self.body.start_byte + 1,
                "".join(f"\n{indent}{line}" for line in decls),
                seq=-3,
            )
        )
        self._allocations()
        state = self._block(self.body.named_children, {}, self.edits, scoped=False)
        last = next((c for c in reversed(self.body.named_children) if c.type != "comment"), None)
        if last is None or last.type != "return_statement":
            text = "".join(f"    {line}\n" for line in self._exit_lines(state))
            self.edits.append(Edit(self.body.end_byte - 1, self.body.end_byte - 1, text, seq=10**6))

    def _allocations(self) -> None:
        """Allocate each device buffer once, before the top-level statement holding its first kernel."""
        firsts: dict[str, int] = {}
        tops = self.body.named_children
        for start, plan in sorted(self.plans.items()):
            top = next(t for t in tops if t.start_byte <= start < t.end_byte)
            for name in plan.arrays:
                firsts.setdefault(name, top.start_byte)
        by_pos: dict[int, list[str]] = {}
        for name, pos in firsts.items():
            if self.tracked[name].size_bytes is not None:
                by_pos.setdefault(pos, []).append(name)
        for pos, names in by_pos.items():
            indent = line_indent(self.p.source, pos)
            lines = [f"/* seq2par: device buffers for {', '.join(sorted(names))} */"]
            for name in sorted(names):
                dev = self.tracked[name]
                lines.append(
                    f"if (!s2p_buffer_{name}) {{ CUDA_CHECK("
                    f"cudaMalloc(&s2p_buffer_{name}, {dev.size_bytes})); "
                    f"{self.dptr(name)} = ({dev.pointer_declaration('')})s2p_buffer_{name}; }}"
                )
            self.edits.append(Edit(pos, pos, "".join(f"{line}\n{indent}" for line in lines), seq=-2))

    # -- transfers ------------------------------------------------------------------------------------
    def _host_pointer(self, name: str) -> str:
        dev = self.tracked[name]
        if dev.is_vector:
            return f"{name}.data()"
        var = variable(self.p, self.fn, name)
        if var is not None and var.is_array and var.dims:
            return "&" + name + "[0]" * len(var.dims)
        return name

    def _size(self, name: str) -> str:
        dev = self.tracked[name]
        if dev.size_bytes is not None:
            return dev.size_bytes
        # An alias (tmp = u): the size of an allocated array in its copy group.
        for left, right in self.copies:
            for a, b in ((left, right), (right, left)):
                if a == name and self.tracked.get(b) is not None and self.tracked[b].size_bytes is not None:
                    return self.tracked[b].size_bytes
        raise TransformationError(f"size of `{name}` is not known: cannot copy it between host and device")

    def _copy_line(self, name: str, to_device: bool) -> str:
        host = self._host_pointer(name)
        if to_device:
            self.gen.transfers["to_device"] += 1
            return (
                f"CUDA_CHECK(cudaMemcpy({self.dptr(name)}, {host}, {self._size(name)}, "
                "cudaMemcpyHostToDevice));"
            )
        self.gen.transfers["to_host"] += 1
        return (
            f"CUDA_CHECK(cudaMemcpy({host}, {self.dptr(name)}, {self._size(name)}, cudaMemcpyDeviceToHost));"
        )

    def _need_host(self, names, state: dict) -> tuple[list[str], dict]:
        lines = []
        new = dict(state)
        for name in sorted(names):
            where = state.get(name, _HOST)
            if not where.host:
                lines.append(self._copy_line(name, to_device=False))
                new[name] = Where(True, where.device)
        return lines, new

    def _need_device(self, names, state: dict) -> tuple[list[str], dict]:
        lines = []
        new = dict(state)
        for name in sorted(names):
            where = state.get(name, _HOST)
            if not where.device:
                lines.append(self._copy_line(name, to_device=True))
                new[name] = Where(where.host, True)
        return lines, new

    def _reach(self, state: dict, target: dict) -> tuple[list[str], dict]:
        """Copies that make every copy current in `target` current in `state` too."""
        lines = []
        new = dict(state)
        for name in sorted(target):
            want, have = target[name], state.get(name, _HOST)
            if want.host and not have.host:
                lines.append(self._copy_line(name, to_device=False))
            if want.device and not have.device:
                lines.append(self._copy_line(name, to_device=True))
            new[name] = Where(have.host or want.host, have.device or want.device)
        return lines, new

    def _escapes(self, names) -> list[str]:
        out = []
        for name in names:
            var = self.fn.locals.get(name)
            # a `static` local outlives the call too: the next call (or the rest of this one) reads it
            if var is None or (var.is_pointer and not var.allocated) or var.is_reference or var.is_static:
                out.append(name)
        return sorted(out)

    def _exit_lines(self, state: dict) -> list[str]:
        lines, _ = self._need_host(self._escapes(state), state)
        if lines:
            lines.insert(0, "/* seq2par: copy back what outlives the function */")
        for name, dev in sorted(self.tracked.items()):
            if dev.size_bytes is not None:
                lines.append(f"CUDA_CHECK(cudaFree(s2p_buffer_{name}));")
        return lines

    def _insert_before(self, node, lines: list[str], edits: list[Edit]) -> None:
        if not lines:
            return
        indent = line_indent(self.p.source, node.start_byte)
        self.seq += 1
        if node.parent is not None and node.parent.type == "compound_statement":
            edits.append(
                Edit(
                    node.start_byte, node.start_byte, "".join(f"{line}\n{indent}" for line in lines), self.seq
                )
            )
        else:
            edits.append(Edit(node.start_byte, node.start_byte, "{ " + " ".join(lines) + " ", self.seq))
            self.seq += 1
            edits.append(Edit(node.end_byte, node.end_byte, " }", self.seq))

    def _insert_at_end(self, body, lines: list[str], edits: list[Edit]) -> None:
        if not lines:
            return
        self.seq += 1
        if body.type == "compound_statement":
            pos = body.end_byte - 1
            inner = (
                line_indent(self.p.source, body.named_children[-1].start_byte) if body.named_children else ""
            )
            edits.append(
                Edit(
                    pos,
                    pos,
                    "".join(f"{inner}{line}\n" for line in lines) + line_indent(self.p.source, pos),
                    self.seq,
                )
            )
        else:
            edits.append(Edit(body.start_byte, body.start_byte, "{ ", -self.seq))
            edits.append(Edit(body.end_byte, body.end_byte, " " + " ".join(lines) + " }", self.seq))

    # -- walking --------------------------------------------------------------------------------------
    def _contains_plan(self, node) -> bool:
        return any(node.start_byte <= start < node.end_byte for start in self.plans)

    def _block(self, statements, state: dict, edits: list[Edit], *, scoped: bool = True) -> dict:
        declared = set()
        for stmt in statements:
            state = self._statement(stmt, state, edits)
            if stmt.type == "declaration":
                declared |= CudaGenerator._declared_names(stmt)
        if not scoped:
            return state
        # Names declared in this block go out of scope; their storage stays reachable through the pointers
        # they were copied to, which carry the same state.
        return {k: v for k, v in state.items() if k not in declared}

    def _statement(self, node, state: dict, edits: list[Edit]) -> dict:
        if node.type == "comment":
            return state
        if node.start_byte in self.plans:
            return self._kernel(self.plans[node.start_byte], node, state, edits)
        if self._contains_plan(node):
            t = node.type
            if t == "compound_statement":
                return self._block(node.named_children, state, edits)
            if t in ("for_statement", "while_statement", "do_statement", "for_range_loop"):
                return self._sequential_loop(node, state, edits)
            if t == "if_statement":
                return self._if(node, state, edits)
            raise TransformationError(
                f"line {node.start_point[0] + 1}: a kernel inside a `{t}` is not supported"
            )
        swap = self._swap(node)
        if swap is not None:
            a, b = swap
            if a in self.tracked or b in self.tracked:
                new = dict(state)
                new[a], new[b] = state.get(b, _HOST), state.get(a, _HOST)
                self.seq += 1
                edits.append(
                    Edit(
                        node.end_byte,
                        node.end_byte,
                        f" {{ {self.tracked[a].pointer_declaration('s2p_t')} = {self.dptr(a)}; "
                        f"{self.dptr(a)} = {self.dptr(b)}; {self.dptr(b)} = s2p_t; }}",
                        self.seq,
                    )
                )
                return new
        copy = pointer_copy(node, self.p, self.fn)
        if copy is not None and copy[0] in self.tracked:
            target, source = copy
            new = dict(state)
            new[target] = state.get(source, _HOST)
            copy_text = f" {self.dptr(target)} = {self.dptr(source)};"
            size = self.tracked[target].size_bytes
            source_var = variable(self.p, self.fn, source)
            host_only = source not in self.arrays and source_var is not None and source_var.allocated
            if size is not None and host_only:
                # The source may never have had a device buffer (a host-only array swapped in): give the
                # pointer one, so that the next kernel has somewhere to copy the host data to.
                copy_text += (f" if (!{self.dptr(target)}) CUDA_CHECK(cudaMalloc((void **)&{self.dptr(target)}, "
                              f"{size}));")
            self.seq += 1
            edits.append(Edit(node.end_byte, node.end_byte, copy_text, self.seq))
            return new
        freed = freed_name(node)
        if freed is not None and freed in self.tracked:
            new = dict(state)
            new.pop(freed, None)
            return new
        if node.type == "return_statement":
            names = self._mentions(node)
            lines, state = self._need_host(names, state)
            lines += self._exit_lines(state)
            self._insert_before(node, lines, edits)
            return state
        names = self._mentions(node)
        lines, new = self._need_host(names, state)
        self._nested_returns(node, new, edits)
        for name in self._written(node, names):
            new[name] = _HOST
        self._insert_before(node, lines, edits)
        return new

    def _nested_returns(self, node, state: dict, edits: list[Edit]) -> None:
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type == "return_statement":
                lines = self._exit_lines(state)
                if lines:
                    self.seq += 1
                    edits.append(Edit(n.start_byte, n.start_byte, "{ " + " ".join(lines) + " ", self.seq))
                    self.seq += 1
                    edits.append(Edit(n.end_byte, n.end_byte, " }", self.seq))
                continue
            stack.extend(n.named_children)

    def _mentions(self, node) -> set[str]:
        text = code_text(self.p.source, node)
        names = {m.group().decode() for m in _IDENT.finditer(text)}
        touched = set(names & self.tracked.keys())
        for name in names & self.aliases.keys():
            touched |= self.aliases[name]
        for name in names & self.p.functions.keys():
            s = self.gen.pa.summary(name)
            touched |= (s.reads_globals | s.writes_globals) & self.tracked.keys()
        return touched

    def _written(self, node, names: set[str]) -> set[str]:
        """Tracked arrays the host statement may write (their device copies become stale)."""
        if not names:
            return set()
        start, end = node.start_point, node.end_point
        out = set()
        for acc in self.fn.accesses:
            if acc.is_write and start <= (acc.line - 1, acc.column - 1) <= end:
                if acc.name in names:
                    out.add(acc.name)
                elif acc.subscripts is not None and acc.name in self.aliases:  # `p[7] = ...` with p into a
                    out |= self.aliases[acc.name] & names
        for call in self.fn.calls:
            if not start <= (call.line - 1, call.column - 1) <= end:
                continue
            if call.name in self.p.functions:
                s = self.gen.pa.summary(call.name)
                out |= s.writes_globals & self.tracked.keys()
                for k, text in enumerate(call.arg_texts):
                    if k in s.writes_params or s.unknown:
                        out |= {m.group().decode() for m in _IDENT.finditer(text.encode())} & names
            elif call.name not in _READ_ONLY_CALLS and call.method_of not in names:
                for text in call.arg_texts:
                    out |= {m.group().decode() for m in _IDENT.finditer(text.encode())} & names
            elif call.method_of in names and call.name not in (
                "size",
                "data",
                "empty",
                "at",
                "front",
                "back",
                "begin",
                "end",
                "capacity",
            ):
                out.add(call.method_of)
        return out

    def _swap(self, node):
        """`std::swap(a, b);` of two tracked arrays: (a, b), else None."""
        pair = swap_statement(node)
        return pair if pair is not None and all(name in self.tracked for name in pair) else None
    def _sequential_loop(self, node, state: dict, edits: list[Edit]) -> dict:
        body = node.child_by_field_name("body")
        header = set()
        for field_name in ("initializer", "condition", "update", "right"):
            part = node.child_by_field_name(field_name)
            if part is not None:
                header |= self._mentions(part)
        # The body runs many times, so its steady state wins: copies that differ on entry are made once,
        # before the loop. The head state only loses current copies from one attempt to the next.
        head = dict(state)
        for _ in range(12):
            trial: list[Edit] = []
            out = self._loop_body(body, dict(head), trial)
            end_lines, out = self._need_host(header, out)
            changed = False
            for name in set(head) | set(out):
                a, b = head.get(name, _HOST), out.get(name, _HOST)
                m = _meet(a, b)
                if m != a:
                    head[name] = m
                    changed = True
            if not changed:
                self._insert_at_end(body, end_lines, trial)
                entry, _ = self._reach(state, head)
                entry_host, _ = self._need_host(header, state)
                self._insert_before(node, entry + [x for x in entry_host if x not in entry], edits)
                edits.extend(trial)
                return head
        raise TransformationError(
            f"data placement did not converge for the loop at line {node.start_point[0] + 1}"
        )

    def _loop_body(self, body, state: dict, edits: list[Edit]) -> dict:
        if body.type == "compound_statement":
            return self._block(body.named_children, state, edits)
        return self._statement(body, state, edits)

    def _if(self, node, state: dict, edits: list[Edit]) -> dict:
        cond = node.child_by_field_name("condition")
        lines, state = self._need_host(self._mentions(cond), state)
        self._insert_before(node, lines, edits)
        branches = []
        for name in ("consequence", "alternative"):
            branch = node.child_by_field_name(name)
            if branch is not None and branch.type == "else_clause":
                branch = branch.named_children[0]
            if branch is not None:
                branches.append(branch)
        for _ in range(2):
            trial: list[Edit] = []
            outs = [self._loop_body(b, dict(state), trial) for b in branches]
            if len(branches) < 2:
                outs.append(state)
            target: dict = {}
            for out in outs:
                for name in set(out) | set(target):
                    target[name] = _meet(target.get(name, out.get(name, _HOST)), out.get(name, _HOST))
            for name in list(target):
                mine = [o.get(name, _HOST) for o in outs]
                if len(set(mine)) > 1 and not all(w.host or w.device for w in mine):
                    target[name] = _HOST
            if len(branches) < 2:
                pre, reached = self._reach(state, target)
                if pre:
                    self._insert_before(node, pre, edits)
                    state = reached
                    continue
            for branch, out in zip(branches, outs, strict=False):
                post, _ = self._reach(out, target)
                self._insert_at_end(branch, post, trial)
            edits.extend(trial)
            return target
        raise TransformationError(
            f"data placement did not converge for the `if` at line {node.start_point[0] + 1}"
        )

    # -- one kernel -----------------------------------------------------------------------------------
    def _kernel(self, plan: KernelLoop, node, state: dict, edits: list[Edit]) -> dict:
        loop = plan.loop
        indent = line_indent(self.p.source, node.start_byte)
        header_names = set()
        for field_name in ("initializer", "condition"):
            part = node.child_by_field_name(field_name)
            if part is not None:
                header_names |= self._mentions(part)
        pre, state = self._need_host(header_names, state)
        copies, state = self._need_device(plan.arrays.keys(), state)
        pre += copies
        hi = f"(long)({loop.upper_text})" + (" + 1L" if loop.cond_text == "<=" else "")
        lines = [f"{{ /* seq2par: {plan.describe()} */"]
        lines += [f"    {line}" for line in pre]
        lines.append(f"    long s2p_lo = (long)({loop.lower_text}), s2p_hi = {hi};")
        lines.append("    if (s2p_hi > s2p_lo) {")
        lines.append("        unsigned s2p_grid = s2p_grid_size(s2p_hi - s2p_lo);")
        args = ["s2p_lo", "s2p_hi"] + [self.dptr(name) for name in plan.arrays]
        args += [f"(long){name}.size()" for name in plan.vector_sizes]
        args += [name for name, _ in plan.scalars]
        scratch = 16 * len(plan.reductions)
        loc_offsets = []
        for _loc in plan.loc_reductions:
            loc_offsets.append(scratch)
            scratch += _MAX_GRID * 16 * 2
        if scratch:
            lines.append(f"        char *s2p_scratch_d = (char *)s2p_scratch({scratch});")
        if plan.reductions:
            lines.append(f"        char s2p_cells[{16 * len(plan.reductions)}];")
            for k, (red, ctype) in enumerate(plan.reductions):
                lines.append(
                    f"        {{ {ctype} s2p_v = s2p_identity<{OP_CODES[red.op]}>(({ctype})0); "
                    f"memcpy(s2p_cells + {16 * k}, &s2p_v, sizeof s2p_v); }}"
                )
            lines.append(
                "        CUDA_CHECK(cudaMemcpy(s2p_scratch_d, s2p_cells, sizeof s2p_cells, "
                "cudaMemcpyHostToDevice));"
            )
            args.append("s2p_scratch_d")
        for (_red, vtype, _), offset in zip(plan.loc_reductions, loc_offsets, strict=True):
            args.append(f"({vtype} *)(s2p_scratch_d + {offset})")
            args.append(f"(long *)(s2p_scratch_d + {offset + _MAX_GRID * 16})")
        lines.append(f"        S2P_LAUNCH({plan.name}, s2p_grid, S2P_BLOCK, {', '.join(args)});")
        lines.append("        CUDA_CHECK(cudaGetLastError());")
        if plan.reductions:
            lines.append(
                "        CUDA_CHECK(cudaMemcpy(s2p_cells, s2p_scratch_d, sizeof s2p_cells, "
                "cudaMemcpyDeviceToHost));"
            )
            for k, (red, ctype) in enumerate(plan.reductions):
                lines.append(
                    f"        {{ {ctype} s2p_v; memcpy(&s2p_v, s2p_cells + {16 * k}, sizeof s2p_v); "
                    f"{red.var} = s2p_combine<{OP_CODES[red.op]}>({red.var}, s2p_v); }}"
                )
        for (red, vtype, itype), offset in zip(plan.loc_reductions, loc_offsets, strict=True):
            better = "true" if red.kind == "minloc" else "false"
            op = "<" if red.kind == "minloc" else ">"
            lines += [
                f"        {{ /* {red.kind}: combine the blocks' pairs with the sequential tie rule */",
                f"            static {vtype} s2p_values[S2P_MAX_GRID];"
                "            static long s2p_indices[S2P_MAX_GRID];",
                f"            CUDA_CHECK(cudaMemcpy(s2p_values, s2p_scratch_d + {offset}, "
                f"s2p_grid * sizeof({vtype}), "
                "cudaMemcpyDeviceToHost));",
                f"            CUDA_CHECK(cudaMemcpy(s2p_indices, s2p_scratch_d + {offset + _MAX_GRID * 16}, "
                "s2p_grid * sizeof(long), cudaMemcpyDeviceToHost));",
                "            unsigned s2p_best = 0;",
                "            for (unsigned s2p_b = 1; s2p_b < s2p_grid; s2p_b++)",
                f"                if (s2p_better<{better}>(s2p_values[s2p_b], s2p_indices[s2p_b], "
                f"s2p_values[s2p_best], "
                "s2p_indices[s2p_best])) s2p_best = s2p_b;",
                f"            if (s2p_values[s2p_best] {op} {red.var}) {{ {red.var} = s2p_values[s2p_best]; "
                f"{red.index_var} = ({itype})s2p_indices[s2p_best]; }}",
                "        }",
            ]
        lines.append("    }")
        if not loop.index_declared:
            lines.append(f"    {loop.var} = s2p_hi > s2p_lo ? s2p_hi : s2p_lo;")
        lines.append("}")
        text = ("\n" + indent).join(lines)
        self.seq += 1
        edits.append(Edit(node.start_byte, node.end_byte, text, self.seq))
        new = dict(state)
        for name in plan.written:
            new[name] = Where(False, True)
        return new


_RESIZING = frozenset("push_back emplace_back pop_back resize insert emplace erase clear assign swap "
                      "shrink_to_fit".split())
# assigned from an allocation, or from any call (`a = xrealloc(a, m * 8)`: a wrapper allocates too)
_REALLOCATION = re.compile(r"\b(?:malloc|calloc|realloc|aligned_alloc)\s*\(|\bnew\b|[A-Za-z_]\w*\s*\(")


def _cxx_inner_blocks(root) -> list[tuple[int, int]]:
    """The C `for` loops whose braced body declares, at its top, a name the loop's header declares
    (`for (int k = 0; ...) { int k = 7; ... }`), as (offset after the body's `{`, offset of its `}`). C makes
    the body a block inside the loop's own, so this is legal C; C++ forbids it, and the .cu is C++: each such
    body gets one more pair of braces."""
    out = []
    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(node.named_children)
        if node.type != "for_statement":
            continue
        init, body = node.child_by_field_name("initializer"), node.child_by_field_name("body")
        if init is None or init.type != "declaration" or body is None or body.type != "compound_statement":
            continue
        inner = set()
        for child in body.named_children:
            if child.type in ("declaration", "type_definition", "enum_specifier", "struct_specifier",
                              "union_specifier"):
                inner |= _names_declared_by(child)
        if inner & CudaGenerator._declared_names(init):
            out.append((body.start_byte + 1, body.end_byte - 1))
    return out


def _names_declared_by(statement) -> set[str]:
    """The names a declaration statement of a C block declares: variables, typedef names, enumerators, local
    function declarations (`enum { k = 2 };`, `typedef int (*k)(void);` redeclare k too) and struct/union/enum
    tags."""
    names = {name for name, *_ in block_declarations(statement, "c")}
    stack = [statement]
    while stack:
        node = stack.pop()
        stack.extend(node.named_children)
        if node.type in ("enum_specifier", "struct_specifier", "union_specifier") and \
                (tag := node.child_by_field_name("name")) is not None:
            names.add(tag.text.decode())
    return names


def _allocation_moves(fn: Function, var, size: str) -> str | None:
    """Why the size a pointer's declaration allocates is not the size of what it holds at a kernel: it is
    allocated again (`a = realloc(a, n * 8)`), a variable of the size changes after it, or it is declared
    in a loop whose passes allocate other sizes. The device buffer is allocated once, with that size."""
    again = next((src for src in fn.assigned_from.get(var.name, []) if _REALLOCATION.search(src)), None)
    if again is not None:
        return (f"`{var.name}` is allocated again (`{again.strip()}`): its device buffer would keep the size of "
                "the first allocation")
    names = set(re.findall(r"[A-Za-z_]\w*", size)) - {"sizeof", "size_t", var.name}
    freed = {call.line for call in fn.calls if call.name == "free" and call.arg_texts == (var.name,)}
    # every mention counts (a call handed the pointer is preceded by a copy of its size), but its `free`
    last_use = max((acc.line for acc in fn.accesses if acc.name == var.name and acc.line not in freed),
                   default=var.line)
    loops = [lp for lp in fn.loops if ("loop", lp.id) in (var.ctx or ())]
    # a change after the declaration and before the last use, or anywhere in a loop the declaration is in
    # (its next pass allocates with the new size); `n = 0;` after the last use changes nothing
    changes = [acc for acc in fn.accesses if acc.name in names and acc.is_write and (
        var.line < acc.line <= last_use or any(lp.node.start_point[0] < acc.line <= lp.node.end_point[0] + 1
                                                and acc.line != var.line for lp in loops))]
    if changes:
        last = max(changes, key=lambda acc: acc.line)
        return (f"`{last.name}`, in the size of `{var.name}` (`{size}`), changes at line {last.line}: its device "
                "buffer is allocated once, with the size of the first allocation")
    return None


def generate_cuda(report: FileReport, *, block: int = 256) -> GeneratedProgram:
    """Generate the CUDA program for an analyzed file.

    Raises TransformationError when no loop can become a kernel (the message lists every loop's reason)
    or when the data placement cannot be expressed (a kernel inside a `switch`, ...).
    """
    return CudaGenerator(report, block=block).generate()
