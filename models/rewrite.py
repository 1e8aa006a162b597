"""Loop-nest rewrites proposed by a local causal language model, gated by analysis and validation.

A user's code model (any `AutoModelForCausalLM` checkpoint on disk; nothing is downloaded) reads a loop
nest that the analysis keeps sequential and proposes replacement text. `RewriteGate.validate` accepts the
proposal only when every check passes, and collects *every* reason when it does not:

1. the program with the loop replaced parses (no S2P100);
2. the analysis finds a loop at the rewritten place and says it is parallel, and the MPI generator can
   distribute it (it is in `MpiGenerator.options()`);
3. the MPI program generated from the rewritten source validates against the *original* program
   (`validate_mpi`: same output at np=2).

Only an accepted rewrite is ever used; a rejected one never reaches the output.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

PROMPT = "/* sequential loop */\n{loop}\n/* parallel-friendly rewrite */\n"


class RewriteError(Exception):
    """The causal LM could not be loaded or run."""


@dataclass
class RewriteResult:
    loop_line: int
    proposal: str
    accepted: bool
    reasons: list[str] = field(default_factory=list)
    source: str | None = None  # the rewritten sequential program, when accepted

    def to_dict(self) -> dict:
        return {"loop_line": self.loop_line, "proposal": self.proposal, "accepted": self.accepted,
                "reasons": self.reasons}


def build_prompt(loop_text: str) -> str:
    return PROMPT.format(loop=loop_text)


def extract_loop(text: str) -> str:
    """The first balanced `for (...) ...` statement of the generated text ('' when there is none)."""
    start = text.find("for")
    if start < 0:
        return ""
    depth, seen_brace, paren = 0, False, 0
    for index in range(start, len(text)):
        char = text[index]
        if char == "(":
            paren += 1
        elif char == ")":
            paren -= 1
        elif char == "{":
            depth += 1
            seen_brace = True
        elif char == "}":
            depth -= 1
            if seen_brace and depth == 0:
                return text[start:index + 1]
        elif char == ";" and not seen_brace and paren == 0:
            return text[start:index + 1]
    return ""


class CausalRewriter:
    """Greedy proposals from a local causal LM checkpoint (loaded with local_files_only)."""

    def __init__(self, path: Path | str, max_new_tokens: int = 400) -> None:
        if not Path(path).is_dir():  # else transformers takes the path for a model name on the hub
            raise RewriteError(f"cannot load the generator model at {path}: no such folder (give the folder "
                               "of a local checkpoint: config.json, tokenizer and weights)")
        try:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer
            from transformers.utils import logging as hf_logging

            hf_logging.set_verbosity_error()
            hf_logging.disable_progress_bar()
            self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
            self.model = AutoModelForCausalLM.from_pretrained(path, local_files_only=True)
        except (OSError, ValueError, ImportError) as exc:
            raise RewriteError(f"cannot load the generator model at {path}: {exc}") from None
        self.model.eval()
        self.torch = torch
        self.max_new_tokens = max_new_tokens

    def propose(self, loop_text: str) -> str:
        inputs = self.tokenizer(build_prompt(loop_text), return_tensors="pt")
        inputs.pop("token_type_ids", None)
        pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else \
            self.tokenizer.eos_token_id
        with self.torch.inference_mode():
            output = self.model.generate(**inputs, max_new_tokens=self.max_new_tokens, do_sample=False,
                                         pad_token_id=pad)
        generated = output[0, inputs["input_ids"].shape[1]:]
        return extract_loop(self.tokenizer.decode(generated, skip_special_tokens=True))


class RewriteGate:
    """validate(): every reason a proposal is refused (empty list = accepted); no side effects."""

    def __init__(self, original: Path, *, flags: tuple[str, ...] = (), np_list: tuple[int, ...] = (2,),
                 runs: int = 1, timeout: float = 60.0) -> None:
        self.original = original
        self.flags = flags
        self.np_list = np_list
        self.runs = runs
        self.timeout = timeout

    def validate(self, report, loop, proposal: str) -> tuple[list[str], str | None]:
        from seq2par.analyzers import analyze_source
        from seq2par.generators.edits import TransformationError
        from seq2par.generators.mpi import MpiGenerator
        from seq2par.validators import ToolchainError, ValidationError, validate_mpi

        if not proposal.strip():
            return ["the model proposed no loop"], None
        source: bytes = report.program.source
        start, end = loop.node.start_byte, loop.node.end_byte
        new_source = source[:start] + proposal.encode() + source[end:]
        new_report = analyze_source(new_source, path=str(self.original), flags=self.flags)
        if new_report.parse_errors:
            return [f"[S2P100] the rewrite does not parse: {new_report.parse_errors[0].message}"], None
        region = (start, start + len(proposal.encode()))
        rewritten = [lp for fn in new_report.program.functions.values() for lp in fn.loops
                     if region[0] <= lp.node.start_byte < region[1]]
        if not rewritten:
            return ["the rewrite contains no loop"], None
        outer = min(rewritten, key=lambda lp: (lp.depth, lp.node.start_byte))
        reasons = []
        analysis = new_report.analyses[outer.id]
        if not analysis.parallel:
            reasons += [f"[{f.code}] the rewritten loop is not parallel: {f.message}"
                        for f in analysis.findings if f.blocking] or ["the rewritten loop is not parallel"]
            return reasons, None
        generator = MpiGenerator(new_report)
        if outer.id not in generator.options():
            return ["the MPI generator cannot distribute the rewritten loop"], None
        try:
            generated = generator.generate()
        except TransformationError as exc:
            return [f"generation failed: {str(exc).splitlines()[0]}"], None
        with tempfile.TemporaryDirectory(prefix="s2p-rewrite-") as tmp:
            candidate = Path(tmp) / f"rewrite{self.original.suffix}"
            candidate.write_text(generated.source)
            try:
                result = validate_mpi(self.original, candidate, np_list=self.np_list, runs=self.runs,
                                      timeout=self.timeout, flags=self.flags)
            except (ToolchainError, ValidationError) as exc:
                return [f"validation could not run: {exc}"], None
        if result.status != "equal":
            return [f"validation failed ({result.status}): {result.message}"], None
        return [], new_source.decode(errors="replace")


def rewrite_sequential_loops(original: Path, report, rewriter: CausalRewriter, gate: RewriteGate,
                             max_loops: int = 4) -> tuple[str | None, list[RewriteResult]]:
    """Ask the model to rewrite each outermost loop nest the analysis keeps sequential (at most
    `max_loops`), one at a time; accepted rewrites accumulate. Returns (rewritten source or None when
    nothing was accepted, one result per proposal)."""
    from seq2par.analyzers import analyze_source

    results: list[RewriteResult] = []
    current, changed = report, False
    for _ in range(max_loops):
        candidates = [lp for fn in current.program.functions.values() for lp in fn.loops
                      if lp.parent is None and not current.analyses[lp.id].parallel]
        tried = {r.loop_line for r in results}
        candidates = [lp for lp in candidates if lp.line not in tried]
        if not candidates:
            break
        loop = candidates[0]
        text = loop.node.text.decode(errors="replace")
        try:
            proposal = rewriter.propose(text)
        except Exception as exc:  # a user's model may fail in generate(): record it, never crash
            results.append(RewriteResult(loop.line, "", False, [f"the model failed: {exc}"]))
            continue
        reasons, new_source = gate.validate(current, loop, proposal)
        results.append(RewriteResult(loop.line, proposal, not reasons, reasons, new_source))
        if new_source is not None:
            current = analyze_source(new_source, path=str(original), flags=gate.flags)
            changed = True
    return (current.program.source.decode(errors="replace") if changed else None), results
