"""Names through which an array's storage may be reached that the MPI data placement does not follow.

The placement (`generate._Placement`) knows an array's storage by its own name, by plain copies of the
pointer (`double *p = a;`, `plain_aliases`, and the copies of a pointer swap, which the walk moves the
state along) and by local pointers set from an address into it (`p = &a[k]`, `p = a + k`,
`plan.derived_pointers`). Everything else escapes it: a pointer kept in a struct (`struct V v = { a };`), in a
table (`double *tab[2] = {a, a};`), behind a pointer to it (`double **pp = &a;`), under a cast
(`double *p = (double *)a;`), returned by a function (`double *p = id(a);`) or stored by a callee in a global
(`reg(a)` with `gbuf = p;`). A distributed loop writing such an array left the other ranks' rows out of what
rank 0 then read through the other name (a review found all of these validated and wrong for other inputs).

Rather than one rule per shape, `untracked_uses` lists every use of an array or pointer as a value in a form
other than those the placement follows; the generator keeps the loops that write such storage sequential
(`MpiGenerator._distribution`). Uses that only read or compare the pointer, or hand it to a function that
does not keep it, do not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from seq2par.analyzers.dependence import ProgramAnalysis
from seq2par.analyzers.ir import Function, Program, _allocates, _strip_parens, pointer_sources, variable
from seq2par.generators.plan import address_into, derived_pointers

# Library functions that return (a pointer into) one of their pointer arguments: when the call's value is
# used, the storage is reached through whatever receives it.
_RETURNS_ARGUMENT = frozenset("""
memcpy memmove memset memchr strcpy strncpy strcat strncat strchr strrchr strstr strpbrk strtok realloc fgets
gets stpcpy wmemcpy wmemmove wmemset
""".split())
# Library functions that keep a pointer argument after they return
_KEEPS_ARGUMENT = frozenset("strtok setbuf setvbuf pthread_create atexit on_exit".split())
# Members of a std::vector whose value is an address or an iterator into its storage (`v.data()`, `v.begin()`),
# and those whose value is one element (a reference to it: `&v.front()` is an address)
_ADDRESS_MEMBERS = frozenset("data begin end cbegin cend rbegin rend crbegin crend".split())
_ELEMENT_MEMBERS = frozenset("front back at".split())
# Library functions returning an address or an iterator into the container or range they are given: a
# variable of a deduced type (`auto it = std::find(v.begin(), v.end(), x);`) then reaches its storage
_RETURNS_INTO = frozenset("""
data begin end cbegin cend rbegin rend crbegin crend next prev find find_if find_if_not find_end find_first_of
adjacent_find search search_n lower_bound upper_bound partition_point min_element max_element is_sorted_until
is_heap_until remove remove_if unique partition stable_partition rotate
""".split())
_VECTOR = re.compile(r"\bvector\s*<.*>\s*&?\s*$")  # `std::vector<double>`, not `std::vector<double>::iterator`
_NULL = re.compile(r"\s*\(*\s*(?:NULL|0|nullptr|\(\s*void\s*\*\s*\)\s*0)\s*\)*\s*")
_NAME = re.compile(r"\s*\(*\s*([A-Za-z_]\w*)\s*\)*\s*")
_CONDITIONS = ("if_statement", "while_statement", "do_statement", "for_statement", "condition_clause",
               "switch_statement")
_TESTS = frozenset({b"==", b"!=", b"<", b"<=", b">", b">=", b"&&", b"||"})
_DECLARATORS = ("init_declarator", "pointer_declarator", "array_declarator", "function_declarator",
                "reference_declarator", "parameter_declaration", "declaration", "parenthesized_declarator")


@dataclass(frozen=True)
class UntrackedUse:
    """`name` used as a value at `line` in a form the placement does not follow (`form` says which)."""

    name: str
    line: int
    form: str

    def describe(self) -> str:
        return f"{self.form} at line {self.line}"


class EscapeAnalysis:
    """The untracked uses of every function of a program, with the pointer parameters each function keeps
    (stores where they outlive the call, returns, or hands to a function that keeps them), found together
    as a fixed point over the call graph (a function keeps its parameter when a function it passes it to
    does)."""

    def __init__(self, program: Program) -> None:
        self.p = program
        self.kept: set[tuple[str, int]] = set()
        # the pointer parameters a function returns (`double *vinit(double *x, int n) { ...; return x; }`):
        # kept only by the calls whose value is used
        self.returns: set[tuple[str, int]] = set()
        self._uses: dict[str, dict[str, UntrackedUse]] = {}
        self._returned: dict[str, set[str]] = {}
        self._untracked: dict[tuple[str, str], UntrackedUse | None] = {}
        self._aliases: dict[str, dict[str, set[str]]] = {}
        self._derived: dict[str, dict[str, set[str]]] = {}
        self._file_scope = self._scan_file_scope()
        # a worklist over callers: a function is scanned again only when one it calls keeps or returns more
        # (rescanning every function until nothing changed took 15 s on a 400-function call chain)
        words = {fn.name: set(re.findall(r"[A-Za-z_]\w*", fn.body.text.decode(errors="replace")))
                 if fn.body is not None else set() for fn in program.functions.values()}
        names_of: dict[str, set[str]] = {key: {key} for key in program.functions}
        for name, keys in program.overloads.items():
            for key in keys:
                names_of.setdefault(key, {key}).add(name)
        pending = list(program.functions)
        queued = set(pending)
        while pending:
            key = pending.pop()
            queued.discard(key)
            fn = program.functions[key]
            self._returned[fn.name] = set()
            self._uses[fn.name] = uses = self._scan(fn)
            grown = False
            for index, param in enumerate(fn.params):
                if (fn.name, index) not in self.kept and self._keeps(fn, param.name, uses):
                    self.kept.add((fn.name, index))
                    grown = True
                elif (fn.name, index) not in self.returns and \
                        self._storage(fn, param.name) & self._returned[fn.name]:
                    self.returns.add((fn.name, index))
                    grown = True
            if grown:
                for other, seen in words.items():
                    if other not in queued and seen & names_of.get(fn.name, {fn.name}):
                        pending.append(other)
                        queued.add(other)

    def _storage(self, fn: Function, name: str) -> set[str]:
        if fn.name not in self._aliases:
            self._aliases[fn.name] = plain_aliases(self.p, fn)
            self._derived[fn.name] = derived_pointers(fn)
        return _members(name, self._aliases[fn.name], self._derived[fn.name])

    def _scan_file_scope(self) -> dict[str, UntrackedUse]:
        """File-scope initializers (`double *gp = g;`, `struct T t = { g };`): both the pointer set and every
        array or pointer its value names are reached under the other name from every function."""
        out: dict[str, UntrackedUse] = {}
        root = getattr(getattr(self.p, "tree", None), "root_node", None)
        if root is None:
            return out
        stack = [child for child in root.named_children if child.type == "declaration"]
        while stack:
            node = stack.pop()
            if node.type != "init_declarator":
                stack.extend(child for child in node.named_children if child.type == "init_declarator")
                continue
            value = node.child_by_field_name("value")
            if value is None or _NULL.fullmatch(value.text.decode(errors="replace")):
                continue
            target = _declared(node.child_by_field_name("declarator"))
            names = [target] if target is not None and target.type == "identifier" else []
            names += _named_in(value)
            for ident in names:
                name = ident.text.decode()
                var = self.p.globals.get(name)
                if var is not None and (var.is_pointer or var.is_array) and name not in out:
                    out[name] = UntrackedUse(name, node.start_point[0] + 1,
                                             f"in the file-scope initializer `{_short(node)}`")
        return out

    def untracked(self, fn: Function, name: str) -> UntrackedUse | None:
        """The first use the placement of `fn` does not follow of the storage `name` names there: through
        `name` itself, a plain copy of it or a pointer derived from it in `fn`, or, for a global, anywhere in
        another function in any form but element accesses (the placement of `fn` sees other functions
        through their summaries, which name the global, not a local copy of it)."""
        key = (fn.name, name)
        if key not in self._untracked:
            self._untracked[key] = self._first_untracked(fn, name)
        return self._untracked[key]

    def _first_untracked(self, fn: Function, name: str) -> UntrackedUse | None:
        members = self._storage(fn, name)
        uses = self._uses.get(fn.name, {})
        found = [uses[member] for member in members if member in uses]
        for member in sorted(members):
            var = variable(self.p, fn, member)
            if member in fn.locals or fn.param(member) is not None or var is None:
                continue
            if member in self._file_scope:
                found.append(self._file_scope[member])
            for other in self.p.functions.values():
                if other is fn or member in other.locals or other.param(member) is not None:
                    continue
                use = self._scan(other, strict={member}).get(member)
                if use is not None:
                    found.append(UntrackedUse(use.name, use.line, f"{use.form} (in `{other.name}`)"))
        return min(found, key=lambda use: use.line, default=None)

    def named_otherwise_by_a_caller(self, pa: ProgramAnalysis, fn: Function, name: str) -> bool:
        """Whether a caller of `fn` may reach the storage it binds to the parameter `name` under another name
        too (`double *p = x + 1; build(x, n); printf(..., p[q]);`): what `fn` leaves distributed there is then
        read after the call through that name, which `dead_after_every_call`, about `x` alone, does not see."""
        param = fn.param(name)
        if param is None:
            return True
        for caller, call in pa.call_sites().get(fn.name, []):
            bound = pa.bound_object(caller, call, param.line)
            if bound is None or bound[0] != "local":
                return True
            if storage_names(self.p, caller, bound[1]) != {bound[1]} or self.untracked(caller, bound[1]) is not None:
                return True
        return False

    def _keeps(self, fn: Function, name: str, uses: dict[str, UntrackedUse]) -> bool:
        """`fn` keeps the storage of its parameter `name` past the call: some name of it there is used in a
        form not followed, or is a global or a `static` local (`gbuf = p;`)."""
        members = self._storage(fn, name)
        return any(member in uses for member in members) or any(
            member not in fn.locals and fn.param(member) is None or member in fn.static_locals
            for member in members)

    def _scan(self, fn: Function, strict: set[str] | None = None) -> dict[str, UntrackedUse]:
        """The first untracked use of each array or pointer `fn` names. With `strict`, only those names,
        and any copy of them counts (another function's copies are not followed)."""
        if strict is None:
            self._storage(fn, "")
        aliases = self._aliases[fn.name] if strict is None else {}
        derived = self._derived[fn.name] if strict is None else {}
        params = set().union(*(self._storage(fn, param.name) for param in fn.params)) if strict is None else set()
        swapped = {name for pair in fn.swaps for name in pair} if strict is None else set()
        out: dict[str, UntrackedUse] = {}
        late: dict[str, UntrackedUse] = {}
        if fn.body is None:
            return out
        stack = [fn.body]
        while stack:
            node = stack.pop()
            stack.extend(node.named_children)
            if strict is None and node.type in ("assignment_expression", "init_declarator"):
                # a pointer set from something other than a fresh allocation, a null pointer, a followed copy
                # or an address into an array (`double *p = id(a);`) may reach any storage
                set_from = self._set_from(fn, node, aliases, derived, swapped)
                if set_from is not None:
                    # under the pointer set, and under every array or pointer the value names (`p = &*a`,
                    # `p = ({ a; })`, `p = a.data()`): the value may be any of them
                    value = node.child_by_field_name("right" if node.type == "assignment_expression" else "value")
                    if set_from.name not in out:
                        out[set_from.name] = set_from
                    for ident in _named_in(value):
                        source = ident.text.decode()
                        # (any variable: a container's `.data()` too; a scalar named there is never distributed)
                        if source not in late and variable(self.p, fn, source) is not None:
                            late[source] = set_from  # (a form of its own found for it comes first)
            if node.type != "identifier" or _declares(node):
                continue
            name = node.text.decode()
            if name in out or (strict is not None and name not in strict):
                continue
            var = variable(self.p, fn, name)
            if var is None or not _holds_storage(fn, name, var):
                continue
            if strict is None and (name in fn.locals or fn.param(name) is not None) and \
                    _capturing_lambda(node, name) is not None:
                # `auto get = [&](int k) { return v[k]; };`: each call reads the storage where the placement
                # sees only the lambda's name (a read after a distributed loop got rank 0's stale copy)
                out[name] = UntrackedUse(name, node.start_point[0] + 1, "used in a lambda")
                continue
            form = self._form(node, name, fn, aliases, derived, swapped)
            if form == "returned" and name in params:
                self._returned[fn.name].add(name)  # the caller decides: kept where the call's value is used
                continue
            if form is not None:
                out[name] = UntrackedUse(name, node.start_point[0] + 1, form)
        for name, use in late.items():
            out.setdefault(name, use)
        return out

    def _set_from(self, fn: Function, node, aliases, derived, swapped) -> UntrackedUse | None:
        """The pointer `node` (`p = e`, `T *p = e`) sets, when `e` is not a source the placement follows."""
        if node.type == "assignment_expression":
            operator = node.child_by_field_name("operator")
            if operator is None or operator.text != b"=":
                return None  # `p += k`: within what p reached already
            target, value = _strip_parens(node.child_by_field_name("left")), node.child_by_field_name("right")
        else:
            target, value = _declared(node.child_by_field_name("declarator")), node.child_by_field_name("value")
        if target is None or target.type != "identifier" or value is None:
            return None
        name = target.text.decode()
        var = variable(self.p, fn, name)
        if var is None or not var.is_pointer or var.is_array or var.is_reference:
            return None
        text = value.text.decode(errors="replace")
        if self._followed_source(fn, name, text, aliases, derived, swapped):
            return None
        return UntrackedUse(name, node.start_point[0] + 1, f"`{name}` set from `{_short(value)}`")

    def _followed_source(self, fn: Function, name: str, text: str, aliases, derived, swapped) -> bool:
        if _NULL.fullmatch(text) or _allocates(text, self.p, fn):
            return True
        if re.fullmatch(r"\s*(?:\([^()]*\)\s*)?realloc\s*\(\s*\(*\s*" + re.escape(name) + r"\s*\)*\s*,.*", text, re.S):
            return True  # `a = realloc(a, size)`: an allocation of `a` itself
        plain = _NAME.fullmatch(text)
        if plain is not None:
            source = plain.group(1)
            var = variable(self.p, fn, source)
            return source == name or var is not None and not (var.is_pointer or var.is_array) or \
                source in aliases.get(name, ()) or (name in swapped and source in swapped)
        return name in derived and any(address_into(array).search(text.encode()) or f"{array}[" in text.replace(" ", "")
                                       for array in derived[name])

    def _form(self, node, name: str, fn: Function, aliases, derived, swapped) -> str | None:
        """How the value of `node` (the name, or an address into its storage) is used when the placement does
        not follow it; None when it does, or when the value only reads or compares the pointer."""
        child, parent = node, node.parent
        while parent is not None and parent.type == "parenthesized_expression":
            child, parent = parent, parent.parent
        if parent is None:
            return None
        t = parent.type
        if t == "field_expression" and parent.child_by_field_name("argument") == child and self._vector(fn, name):
            return self._member_form(parent, name, fn, aliases, derived, swapped)
        if t in ("subscript_expression", "field_expression"):
            # `a[k]`, `a->x`: an element; `a.size()` of a container
            if parent.child_by_field_name("argument") != child:
                return f"`{_short(parent)}`"
            above = parent.parent
            while above is not None and above.type == "parenthesized_expression":
                above = above.parent
            operator = above.child_by_field_name("operator") if above is not None else None
            if t == "subscript_expression" and operator is not None and above.type == "pointer_expression" \
                    and operator.text == b"&":
                return self._form(above, name, fn, aliases, derived, swapped)  # `&a[k]`: an address into it
            return None
        if t == "pointer_expression":
            operator = parent.child_by_field_name("operator")
            if operator is not None and operator.text == b"*":
                above = parent.parent
                while above is not None and above.type == "parenthesized_expression":
                    above = above.parent
                operator = above.child_by_field_name("operator") if above is not None else None
                if above is not None and above.type == "pointer_expression" and operator is not None \
                        and operator.text == b"&":
                    return self._form(above, name, fn, aliases, derived, swapped)  # `&*a`: the pointer again
                return None
            return f"its address `{_short(parent)}`"
        if t in _CONDITIONS or t in ("sizeof_expression", "alignof_expression", "expression_statement",
                                     "update_expression", "decltype"):
            return None
        if t == "unary_expression":
            return None if parent.child_by_field_name("operator").text == b"!" else f"`{_short(parent)}`"
        if t == "binary_expression":
            operator = parent.child_by_field_name("operator").text
            if operator in _TESTS:
                return None
            if operator == b"*" and parent.child_by_field_name("right") == child and \
                    self._type_word(fn, parent.child_by_field_name("left")):
                return None  # `(off_t)*(a + i)`, `(real)*p`: a cast through a typedef of an element read
            if operator in (b"+", b"-"):
                other = parent.child_by_field_name("right" if parent.child_by_field_name("left") == child
                                                   else "left")
                other_var = variable(self.p, fn, other.text.decode()) if other.type == "identifier" else None
                if operator == b"-" and (other_var is not None and (other_var.is_pointer or other_var.is_array)
                                         or _member_address(other) is not None):
                    return None  # `p - a`, `v.end() - v.begin()`: a distance, not an address
                return self._form(parent, name, fn, aliases, derived, swapped)  # `a + k`: an address into it
            return f"`{_short(parent)}`"
        if t == "comma_expression":
            if parent.child_by_field_name("left") == child:
                return None
            return self._form(parent, name, fn, aliases, derived, swapped)
        if t == "conditional_expression":
            if parent.child_by_field_name("condition") == child:
                return None
            return f"a branch of `{_short(parent)}`"
        if t == "assignment_expression":
            if parent.child_by_field_name("left") == child:
                return None  # the pointer itself set again
            target = _strip_parens(parent.child_by_field_name("left"))
            if _strip_parens(child).type == "identifier" and self._copies_elements(fn, name, target):
                return None  # `w = v;`: a vector of its own, with the elements' values
            return self._copy_form(target, child, name, fn, aliases, derived, swapped)
        if t == "init_declarator":
            if parent.child_by_field_name("value") != child:
                return None
            target = _declared(parent.child_by_field_name("declarator"))
            if _strip_parens(child).type == "identifier" and self._copies_elements(fn, name, target):
                return None
            return self._copy_form(target, child, name, fn, aliases, derived, swapped)
        if t == "argument_list":
            call = parent.parent
            if call is not None and call.type == "init_declarator":
                # `std::vector<double> w(v.begin(), v.end());`: a vector of its own, the elements copied
                target = _declared(call.child_by_field_name("declarator"))
                if target is not None and target.type == "identifier" and \
                        _container(variable(self.p, fn, target.text.decode())):
                    return None
                return f"in the initializer `{_short(call)}`"
            function = call.child_by_field_name("function") if call is not None else None
            function = _strip_parens(function)
            owner = _strip_parens(function.child_by_field_name("argument")) \
                if function is not None and function.type == "field_expression" else None
            if owner is not None and self._vector(fn, owner.text.decode()):
                return None  # `w.assign(v.begin(), v.end())`, `w.swap(v)`: a vector's members keep no address
            callee = function.text.decode() if function is not None else ""
            # (a comment among the arguments is no argument)
            index = [argument for argument in parent.named_children if argument.type != "comment"].index(child)
            if callee in ("free", "realloc") and self._realloc_of_itself(call, child, callee):
                return None
            value, above = call, call.parent
            while above is not None and above.type in ("parenthesized_expression", "cast_expression"):
                value, above = above, above.parent
            used = above is not None and above.type != "expression_statement"
            if function is None or function.type not in ("identifier", "qualified_identifier", "template_function"):
                # `tbl[0](a)`, `ops.keep(a)`, `(*fp)(a)`: any function may be called
                return f"passed through `{callee}`"
            if callee in self.p.functions or callee in self.p.overloads:
                keys = self.p.overloads.get(callee, [callee])
                if any((key, index) in self.kept or used and (key, index) in self.returns for key in keys):
                    return f"passed to `{callee}`, which keeps or returns it"
                return None
            if variable(self.p, fn, callee) is not None:
                return f"passed through the function pointer `{callee}`"
            if callee in _KEEPS_ARGUMENT:
                return f"passed to `{callee}`, which keeps or returns it"
            if callee in _RETURNS_ARGUMENT and used:
                return f"passed to `{callee}`, whose result is used"
            if _base_name(callee) in _RETURNS_INTO and self._vector(fn, name) and used:
                # `std::data(v)`, `std::begin(v)`: an address into v, followed as `v.data()` is
                return self._form(value, name, fn, aliases, derived, swapped)
            if above is not None and self._kept_result(fn, value, above, _base_name(callee)):
                # a macro or a library function whose result is kept as a pointer (`double *p = ID(a);`)
                return f"passed to `{callee}`, whose result is kept"
            return None  # another library function: reads or writes the elements
        if t == "return_statement":
            declarator = fn.node.child_by_field_name("declarator") if fn.node is not None else None
            if self._vector(fn, name) and declarator is not None and \
                    declarator.type == "function_declarator":
                return None  # a vector returned by value: a copy
            return "returned"
        if t == "for_range_loop":
            return None  # `for (auto &x : v)`: each element in turn, within the loop's statement
        if t == "delete_expression":
            return None  # `delete[] a`: like `free(a)`
        if t in ("initializer_list", "initializer_pair"):
            return f"in the initializer `{_short(parent)}`"
        if t == "cast_expression":
            # `free((void *)S)`: what is done with the converted value decides (a copy of it is not followed)
            return self._form(parent, name, fn, aliases, derived, swapped)
        return f"`{_short(parent)}`"

    def _realloc_of_itself(self, call, argument, callee: str) -> bool:
        """`free(a)`, or `a = realloc(a, size)`: the storage set again under its own name."""
        if callee == "free":
            return True
        above = call.parent
        while above is not None and above.type in ("parenthesized_expression", "cast_expression"):
            above = above.parent
        if above is None or above.type != "assignment_expression" or call.parent is None:
            return False
        target = _strip_parens(above.child_by_field_name("left"))
        first = next((a for a in call.child_by_field_name("arguments").named_children if a.type != "comment"), None)
        stripped = _strip_parens(argument)
        return first == argument and target is not None and target.type == "identifier" and \
            stripped is not None and target.text == stripped.text and above.child_by_field_name("right") in (
                call, call.parent)

    def _type_word(self, fn: Function, node) -> bool:
        """Whether `node` is `(T)`, T the name of a type (a typedef), not of a variable or a function."""
        if node is None or node.type != "parenthesized_expression" or node.named_child_count != 1:
            return False
        inner = node.named_children[0]
        if inner.type not in ("identifier", "type_identifier"):
            return False
        # (a variable of that name too, `{ int real = 3; }`, does not make it a product: the other operand
        # is a pointer, which a product cannot take)
        word, p = inner.text.decode(), self.p
        return word in p.arithmetic_types or word in p.pointer_types or word in p.typedef_words or \
            word in p.bool_types or word.endswith("_t")

    def _kept_result(self, fn: Function, value, above, callee: str = "") -> bool:
        """Whether the value `value` of a call (its parent `above`) is stored as a pointer: in a struct, a
        table or a pointer variable, or, when `callee` returns an iterator or address into its arguments
        (`std::find`), in a variable of a deduced or iterator type."""
        if above.type in ("initializer_list", "initializer_pair"):
            return True
        if above.type == "init_declarator" and above.child_by_field_name("value") == value:
            target = _declared(above.child_by_field_name("declarator"))
        elif above.type == "assignment_expression" and above.child_by_field_name("right") == value:
            target = _strip_parens(above.child_by_field_name("left"))
        else:
            return False
        if target is None or target.type != "identifier":
            return True
        var = variable(self.p, fn, target.text.decode())
        return var is None or var.is_pointer or var.is_array or callee in _RETURNS_INTO and _may_hold_address(var)

    def _member_form(self, field, name: str, fn: Function, aliases, derived, swapped) -> str | None:
        """How `v.member` of a vector `v` is used: `v.data()`, `v.begin()` are addresses into its storage (the
        placement follows none kept in a variable: a pointer's is named by `_set_from`); `&v.front()` is one,
        and `v.front()` bound to a reference; `v.size()`, `v.push_back(x)`, `v.at(k)` as a value are not."""
        member = field.child_by_field_name("field")
        call = field.parent
        if member is None or call is None or call.type != "call_expression" or \
                call.child_by_field_name("function") != field:
            return None
        word = member.text.decode()
        value, above = call, call.parent
        while above is not None and above.type == "parenthesized_expression":
            value, above = above, above.parent
        if word in _ELEMENT_MEMBERS:
            if above is not None and above.type == "pointer_expression" and \
                    above.child_by_field_name("operator").text == b"&":
                return self._form(above, name, fn, aliases, derived, swapped)  # `&v.front()`
            if above is not None and above.type == "init_declarator" and \
                    above.child_by_field_name("value") == value and \
                    _reference_declarator(above.child_by_field_name("declarator")):
                return f"bound to the reference `{_short(above)}`"
            return None
        if word not in _ADDRESS_MEMBERS:
            return None
        if above is not None and above.type in ("init_declarator", "assignment_expression"):
            target = _declared(above.child_by_field_name("declarator")) if above.type == "init_declarator" else \
                _strip_parens(above.child_by_field_name("left"))
            var = variable(self.p, fn, target.text.decode()) if target is not None and \
                target.type == "identifier" else None
            if var is not None and var.is_pointer and not var.is_reference:
                return None  # `double *p = v.data();`: `_set_from` names it, with what `p` was set from
            if var is not None and above.type == "init_declarator" and _for_initializer(above):
                return None  # `for (auto it = v.begin(); ...)`: within the loop's statement, gathered before it
        return self._form(value, name, fn, aliases, derived, swapped)

    def _vector(self, fn: Function, name: str) -> bool:
        """`name` is a std::vector there, or a reference bound to a whole one (`auto &r = v;`)."""
        var = variable(self.p, fn, name)
        if _container(var):
            return True
        target = fn.references.get(name) if var is not None and var.is_reference else None
        return target is not None and var.init_text.strip(" ()") == target and \
            _container(fn.locals.get(target) or fn.param(target))

    def _copies_elements(self, fn: Function, name: str, target) -> bool:
        """`target = name` (or its initialization) copies a vector's elements into a vector of its own: `name`
        is a vector and `target` a vector or `auto` variable that is not a reference."""
        if target is None or target.type != "identifier" or not self._vector(fn, name):
            return False
        var = variable(self.p, fn, target.text.decode())
        return var is not None and not var.is_reference and not var.is_pointer and \
            (_container(var) or var.type_text.split() == ["auto"])

    @staticmethod
    def _copy_form(target, value, name: str, fn: Function, aliases, derived, swapped) -> str | None:
        """A copy of the pointer (or of an address into its storage, `value`) into `target`: followed when
        `target` is the name itself, a plain copy `plain_aliases` pairs with it, a pointer of a swap or a
        pointer derived from it."""
        text = f"`{_short(target)} = {_short(value)}`" if target is not None else f"`{_short(value)}`"
        if target is None or target.type != "identifier":
            return f"stored in {text}"
        copy = target.text.decode()
        if copy == name:
            return None  # `a = a + k`
        if value.type == "identifier" or _strip_parens(value).type == "identifier":
            if name in aliases.get(copy, ()) or (copy in swapped and name in swapped):
                return None
            return f"copied in {text}"
        if name in derived.get(copy, ()):
            return None
        return f"copied in {text}"


def storage_names(program: Program, fn: Function, name: str) -> set[str]:
    """`name` and the names the placement of `fn` follows to the same storage: its plain copies and the
    pointers derived from it or from them, at any depth."""
    return _members(name, plain_aliases(program, fn), derived_pointers(fn))


def _members(name: str, aliases: dict[str, set[str]], derived: dict[str, set[str]]) -> set[str]:
    members = {name} | aliases.get(name, set())
    grown = True
    while grown:
        grown = False
        for pointer, arrays in derived.items():
            if pointer not in members and arrays & members:
                members |= {pointer} | aliases.get(pointer, set())
                grown = True
    return members


def plain_aliases(program: Program, fn: Function) -> dict[str, set[str]]:
    """Pairs of names of one storage for the whole function: a local pointer set once, from another array or
    pointer by name (`double *p = a;`), and never swapped. The walk carries a copy's state only for the
    assignments it sees in order (pointer swaps in a time loop); this is for a distributed loop writing
    through one name and a later read through the other (the gather was left out: np=4 printed 0)."""
    swapped = {name for pair in fn.swaps for name in pair}
    group: dict[str, set[str]] = {}
    # and file-scope pointers this function sets (`g = x;` with a callee reading g[...])
    candidates = {**fn.locals, **{name: var for name in fn.assigned_from if name not in fn.locals
                                  and fn.param(name) is None and (var := program.globals.get(name)) is not None}}
    for name, var in candidates.items():
        if var.is_reference and name in fn.locals:
            # `auto &r = v;`, `std::vector<double> &r = v;`: another name of v's storage, bound once
            target = fn.references.get(name)
            if target is None or var.init_text.strip(" ()") != target:
                continue  # a reference to one element (`double &e = v[0];`): the placement reaches it as `derived`
            sources = [target]
        elif not var.is_pointer or var.is_array or name in swapped:
            continue
        else:
            sources = pointer_sources(fn, name)
        if len(sources) == 1 and re.fullmatch(r"\s*\(?\s*[A-Za-z_]\w*\s*\)?\s*", sources[0]):
            other = sources[0].strip(" ()")
            if other != name and other not in swapped:
                # `p = x; q = p;`: one group of names of one storage
                merged = group.get(name, {name}) | group.get(other, {other})
                for member in merged:
                    group[member] = merged
    return {name: members - {name} for name, members in group.items()}


def _named_in(value) -> list:
    """The identifiers a value names as values: not in an index, a `sizeof`, a call's arguments (whose
    own forms decide) or a callee."""
    out, stack = [], [value] if value is not None else []
    while stack:
        node = stack.pop()
        if node.type in ("sizeof_expression", "alignof_expression", "argument_list", "string_literal"):
            continue
        if node.type == "identifier":
            parent = node.parent
            if parent is not None and parent.type == "call_expression" and \
                    parent.child_by_field_name("function") == node:
                continue
            out.append(node)
            continue
        if node.type == "subscript_expression":
            argument = node.child_by_field_name("argument")
            stack.extend([argument] if argument is not None else [])
            continue
        stack.extend(node.named_children)
    return out


def _declared(declarator):
    """The name a declarator declares: `p` of `*p`, of `(*P)[m]` (a pointer to rows), of `*const p`."""
    while declarator is not None and declarator.type in ("pointer_declarator", "array_declarator",
                                                         "parenthesized_declarator", "type_qualifier",
                                                         "reference_declarator"):
        inner = declarator.child_by_field_name("declarator")
        declarator = inner if inner is not None else next(iter(declarator.named_children), None)
    return declarator


def _declares(node) -> bool:
    """The identifier a declaration introduces (`p` in `double *p = a;`), not a use of it."""
    parent = node.parent
    return parent is not None and parent.type in _DECLARATORS and parent.child_by_field_name("declarator") == node \
        or parent is not None and parent.type in ("parameter_declaration", "declaration", "reference_declarator")


def _short(node) -> str:
    text = " ".join(node.text.decode(errors="replace").split())
    return text if len(text) <= 40 else text[:37] + "..."


def _container(var) -> bool:
    """`var` is a std::vector (the container the MPI target distributes), or a reference to one."""
    return var is not None and not var.is_pointer and not var.is_array and _VECTOR.search(var.type_text) is not None


def _holds_storage(fn: Function, name: str, var) -> bool:
    """Whether the uses of `name` are uses of storage the placement may distribute: an array, a pointer, a
    vector, or a reference bound to a whole one of them (`auto &r = v;`)."""
    if var.is_reference and not _container(var):
        target = fn.references.get(name)
        if target is None or var.init_text.strip(" ()") != target:
            return False
        bound = fn.locals.get(target) or fn.param(target)
        return bound is not None and (bound.is_pointer or bound.is_array or _container(bound))
    return var.is_pointer or var.is_array or _container(var)


def _may_hold_address(var) -> bool:
    """A variable whose type may hold an address: a pointer, a deduced type, an iterator."""
    return var.is_pointer or var.is_array or re.search(r"\b(?:auto|decltype|\w*iterator)\b", var.type_text) is not None


def _base_name(callee: str) -> str:
    """`find` of `std::find`, `::find` or `find`."""
    return callee.rsplit("::", 1)[-1].strip()


def _member_address(node) -> str | None:
    """The member when `node` is `x.begin()`, `x.data()` and the like (an address into x), else None."""
    node = _strip_parens(node)
    if node is None or node.type != "call_expression":
        return None
    function = node.child_by_field_name("function")
    if function is None or function.type != "field_expression":
        return None
    member = function.child_by_field_name("field")
    word = member.text.decode() if member is not None else ""
    return word if word in _ADDRESS_MEMBERS else None


def _reference_declarator(declarator) -> bool:
    while declarator is not None and declarator.type in ("pointer_declarator", "parenthesized_declarator",
                                                         "type_qualifier"):
        declarator = declarator.child_by_field_name("declarator")
    return declarator is not None and declarator.type == "reference_declarator"


def _for_initializer(declarator_node) -> bool:
    """Whether `declarator_node` is declared in the initializer of a `for` whose body has no loop: the
    variable lives within that statement, which the placement makes whole before (it names the vector)."""
    declaration = declarator_node.parent
    loop = declaration.parent if declaration is not None else None
    if loop is None or loop.type != "for_statement" or loop.child_by_field_name("initializer") != declaration:
        return False
    body = loop.child_by_field_name("body")
    stack = [body] if body is not None else []
    while stack:
        node = stack.pop()
        if node.type in ("for_statement", "while_statement", "do_statement", "for_range_loop"):
            return False
        stack.extend(node.named_children)
    return True


def _capturing_lambda(node, name: str):
    """The innermost lambda whose body uses `node` (the identifier `name`) without declaring it itself (a
    parameter or a local of the lambda), i.e. captures it; None when there is none."""
    current = node.parent
    while current is not None:
        if current.type == "lambda_expression":
            if not any(_declares(ident) for ident in _identifiers(current, name)):
                return current
            return None
        if current.type == "function_definition":
            return None
        current = current.parent
    return None


def _identifiers(node, name: str) -> list:
    out, stack = [], [node]
    while stack:
        current = stack.pop()
        if current.type == "identifier" and current.text.decode() == name:
            out.append(current)
        stack.extend(current.named_children)
    return out
