#!/usr/bin/python3
"""A BERT-base-sized masked language model written the straightforward PyTorch way (nn.TransformerEncoder with
post-LayerNorm GELU layers, batch-first, which takes PyTorch's fused inference path where it applies), timed for
bench_masked_lm. Modes: "forward" (inference mode, last hidden states) and "train" (eval-mode dropout off, every
weight trainable: forward, the MLM head's vocabulary logits at one masked position per sentence, cross-entropy,
backward). Run with Debian's /usr/bin/python3. Prints one JSON line: {"items_per_second": median, "seconds": [...]}."""
import argparse

import torch
from torch import nn

from clip_reference import print_item_timing


class MaskedLm(nn.Module):
    def __init__(self, vocab=30522, hidden=768, layers=12, heads=12, intermediate=3072, positions=512):
        super().__init__()
        self.word = nn.Embedding(vocab, hidden)
        self.position = nn.Embedding(positions, hidden)
        self.token_type = nn.Embedding(2, hidden)
        self.embedding_norm = nn.LayerNorm(hidden, eps=1e-12)
        layer = nn.TransformerEncoderLayer(hidden, heads, intermediate, dropout=0.1, activation="gelu",
                                           layer_norm_eps=1e-12, batch_first=True, norm_first=False)
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.head_dense = nn.Linear(hidden, hidden)
        self.head_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.head_bias = nn.Parameter(torch.zeros(vocab))

    def forward(self, ids):
        positions = torch.arange(ids.shape[1]).unsqueeze(0)
        x = self.word(ids) + self.position(positions) + self.token_type(torch.zeros_like(ids))
        return self.encoder(self.embedding_norm(x))

    def masked_logits(self, hidden, mask_position):
        z = self.head_norm(nn.functional.gelu(self.head_dense(hidden[:, mask_position])))
        return z @ self.word.weight.t() + self.head_bias


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["forward", "train"], required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--batch", type=int, required=True)
    parser.add_argument("--length", type=int, required=True)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = MaskedLm().eval()
    ids = torch.randint(1000, 30000, (args.batch, args.length))
    labels = torch.randint(1000, 30000, (args.batch,))

    def forward():
        with torch.inference_mode():
            model(ids)

    def train():
        model.zero_grad(set_to_none=True)
        logits = model.masked_logits(model(ids), args.length // 2)
        nn.functional.cross_entropy(logits, labels).backward()

    print_item_timing(forward if args.mode == "forward" else train, args.batch, args.repeats)


if __name__ == "__main__":
    main()
