"""Tiny models built inside the tests (no downloads): a char-level causal LM that deterministically emits a
chosen text after a given prompt, and a tiny BERT regression scorer with a C tokenizer."""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ["HF_HUB_OFFLINE"] = "1"

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _one_thread():
    import torch

    torch.set_num_threads(1)


def char_tokenizer(text: str):
    """A character-level fast tokenizer over the characters of `text` (no merges, no special tokens added)."""
    from tokenizers import Tokenizer, decoders, models
    from transformers import PreTrainedTokenizerFast

    chars = sorted(set(text))
    vocab = {"<eos>": 0, **{c: i + 1 for i, c in enumerate(chars)}}
    tok = Tokenizer(models.BPE(vocab=vocab, merges=[], unk_token=None))
    tok.decoder = decoders.Fuse()
    return PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<eos>", pad_token="<eos>")


def make_echo_lm(path, prompt: str, completion: str) -> None:
    """A 1-layer GPT-2 whose greedy continuation of `prompt` is exactly `completion`: the blocks are zeroed,
    position p has a one-hot embedding, and the output head maps position p to the character at p+1."""
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    text = prompt + completion
    tokenizer = char_tokenizer(text)
    ids = tokenizer(text)["input_ids"]
    positions = len(ids) + 8
    config = GPT2Config(vocab_size=len(tokenizer), n_positions=positions, n_embd=positions, n_layer=1,
                        n_head=1, tie_word_embeddings=False, bos_token_id=0, eos_token_id=0)
    model = GPT2LMHeadModel(config)
    with torch.no_grad():
        for param in model.parameters():
            param.zero_()
        for ln in (model.transformer.ln_f, *(b.ln_1 for b in model.transformer.h),
                   *(b.ln_2 for b in model.transformer.h)):
            ln.weight.fill_(1.0)
        model.transformer.wpe.weight.copy_(torch.eye(positions))
        start = len(tokenizer(prompt)["input_ids"]) - 1
        for p in range(start, len(ids) - 1):
            model.lm_head.weight[ids[p + 1], p] = 100.0
        model.lm_head.weight[0, len(ids) - 1] = 100.0  # then <eos>
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)


def make_tiny_scorer(path, outputs: int = 3) -> None:
    """A tiny BERT sequence-pair model (one output per decision by default) with a byte-level BPE trained on
    a few C lines."""
    import torch
    from transformers import AutoModelForSequenceClassification, BertConfig

    from seq2par.models.pretrain import train_tokenizer

    texts = ["for (int i = 0; i < N; i++) { a[i] = b[i] * 2.0; }",
             "depth 0 ; trip 1000 ; reductions +:sum ; writes a ; offsets -1 0 1 ; cost block +1.1"] * 20
    tokenizer = train_tokenizer(texts, vocab_size=300)
    config = BertConfig(vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=256, num_labels=outputs,
                        problem_type="regression", pad_token_id=tokenizer.pad_token_id)
    torch.manual_seed(0)
    model = AutoModelForSequenceClassification.from_config(config)
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
