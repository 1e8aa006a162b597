"""Pretrain the small code encoder: a byte-level BPE tokenizer trained on C code with `tokenizers`, then a
BERT-style encoder trained with masked-language modelling on real C/C++ that ships on this machine.

Corpus (offline, recorded in the checkpoint's `pretraining.json`): C/C++ headers under /usr/include and
/usr/lib/gcc/*/include, plus the .c/.h files shipped inside installed Python packages (site-packages),
sampled with a fixed seed up to a byte budget. The encoder is deliberately small (a few million
parameters) so that fine-tuning and inference stay cheap on a 2-core CPU.

torch/transformers/tokenizers are imported inside the functions only.
"""

from __future__ import annotations

import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


@dataclass(frozen=True)
class EncoderShape:
    vocab_size: int = 4000
    hidden_size: int = 192
    num_hidden_layers: int = 4
    num_attention_heads: int = 4
    intermediate_size: int = 512
    max_position_embeddings: int = 256


def corpus_files(seed: int = 0, budget_bytes: int = 6_000_000) -> list[Path]:
    """A seeded sample of C/C++ sources available offline, at most `budget_bytes` in total."""
    roots = [Path("/usr/include"), *Path("/usr/lib/gcc").glob("*/*/include")]
    roots += [Path(p) for p in sys.path if p.endswith("site-packages")]
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            for suffix in ("*.h", "*.c", "*.hpp", "*.cpp", "*.cc"):
                files.extend(p for p in root.rglob(suffix) if p.is_file() and not p.is_symlink())
    files = sorted(set(files))
    random.Random(seed).shuffle(files)
    picked, total = [], 0
    for path in files:
        size = path.stat().st_size
        if size < 200 or size > 200_000:
            continue
        if total + size > budget_bytes:
            continue
        picked.append(path)
        total += size
    return picked


def train_tokenizer(texts: list[str], vocab_size: int):
    """Byte-level BPE with BERT-style special tokens and a [CLS] ... [SEP] template."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE(unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=SPECIAL_TOKENS, min_frequency=2,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(texts, trainer=trainer)
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B [SEP]",
        special_tokens=[("[CLS]", tok.token_to_id("[CLS]")), ("[SEP]", tok.token_to_id("[SEP]"))])
    return PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]",
                                   cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]",
                                   model_max_length=256)


def pretrain(out: Path, *, seed: int = 0, seconds: float = 300.0, budget_bytes: int = 6_000_000,
             batch_size: int = 32, seq_len: int = 128, shape: EncoderShape = EncoderShape(),
             threads: int = 2, log=print) -> dict:
    """Train tokenizer + MLM encoder for about `seconds` of CPU time; write a save_pretrained folder."""
    import torch
    from transformers import BertConfig, BertForMaskedLM

    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    start = time.perf_counter()
    files = corpus_files(seed, budget_bytes)
    texts = [p.read_text(errors="replace") for p in files]
    lines = sum(t.count("\n") for t in texts)
    log(f"corpus: {len(files)} files, {lines} lines, {sum(map(len, texts))} chars")
    tokenizer = train_tokenizer(texts, shape.vocab_size)
    log(f"tokenizer trained ({len(tokenizer)} tokens) in {time.perf_counter() - start:.1f} s")
    ids: list[int] = []
    for text in texts:
        ids.extend(tokenizer(text, add_special_tokens=False)["input_ids"])
    body = seq_len - 2
    chunks = [ids[i:i + body] for i in range(0, len(ids) - body, body)]
    random.Random(seed).shuffle(chunks)
    data = torch.tensor([[tokenizer.cls_token_id, *c, tokenizer.sep_token_id] for c in chunks])
    log(f"{len(chunks)} sequences of {seq_len} tokens")
    config = BertConfig(vocab_size=len(tokenizer), hidden_size=shape.hidden_size,
                        num_hidden_layers=shape.num_hidden_layers, num_attention_heads=shape.num_attention_heads,
                        intermediate_size=shape.intermediate_size,
                        max_position_embeddings=shape.max_position_embeddings,
                        pad_token_id=tokenizer.pad_token_id)
    model = BertForMaskedLM(config)
    params = sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4, weight_decay=0.01)
    special = torch.tensor([tokenizer.pad_token_id, tokenizer.cls_token_id, tokenizer.sep_token_id])
    model.train()
    step, losses, train_start = 0, [], time.perf_counter()
    generator = torch.Generator().manual_seed(seed)
    while time.perf_counter() - train_start < seconds:
        index = torch.randint(0, len(data), (batch_size,), generator=generator)
        inputs = data[index].clone()
        labels = inputs.clone()
        chosen = (torch.rand(inputs.shape, generator=generator) < 0.15) & ~torch.isin(inputs, special)
        labels[~chosen] = -100
        roll = torch.rand(inputs.shape, generator=generator)
        inputs[chosen & (roll < 0.8)] = tokenizer.mask_token_id
        randomize = chosen & (roll >= 0.8) & (roll < 0.9)
        inputs[randomize] = torch.randint(0, len(tokenizer), inputs.shape, generator=generator)[randomize]
        warm = min(1.0, (step + 1) / 50)
        for group in optimizer.param_groups:
            group["lr"] = 5e-4 * warm
        loss = model(input_ids=inputs, labels=labels).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad()
        losses.append(loss.item())
        step += 1
        if step % 25 == 0:
            log(f"step {step}: mlm loss {sum(losses[-25:]) / 25:.3f}")
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    meta = {
        "kind": "seq2par code encoder (BERT-style, masked-language modelling)",
        "parameters": params,
        "seed": seed,
        "steps": step,
        "batch_size": batch_size,
        "sequence_length": seq_len,
        "train_seconds": round(time.perf_counter() - train_start, 1),
        "first_loss": round(sum(losses[:25]) / max(1, len(losses[:25])), 3),
        "final_loss": round(sum(losses[-25:]) / max(1, len(losses[-25:])), 3),
        "corpus": {
            "description": "C/C++ headers under /usr/include and /usr/lib/gcc/*/include, and .c/.h files "
                           "shipped in installed Python packages (site-packages), seeded sample",
            "files": len(files),
            "lines": lines,
            "tokens": len(ids),
            "file_list": [str(p) for p in files],
        },
    }
    (out / "pretraining.json").write_text(json.dumps(meta, indent=1))
    return meta


if __name__ == "__main__":  # python -m seq2par.models.pretrain OUT [SECONDS]
    target = Path(sys.argv[1])
    budget = float(sys.argv[2]) if len(sys.argv) > 2 else 300.0
    info = pretrain(target, seconds=budget)
    print(json.dumps({k: v for k, v in info.items() if k != "corpus"}, indent=1))
