#!/usr/bin/python3
"""The CLIP encoders written the straightforward PyTorch way (nn.MultiheadAttention in [L, N, D] layout, as the
openai/CLIP model is built), timed for bench_clip_encoders. Run with Debian's /usr/bin/python3 (python3-torch).
Prints one JSON line: {"items_per_second": median, "seconds": [...]}."""
import argparse
import json
import statistics
import time

import torch
from torch import nn


class QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class ResidualBlock(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.attn = nn.MultiheadAttention(width, heads)
        self.ln_1 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), QuickGELU(), nn.Linear(4 * width, width))
        self.ln_2 = nn.LayerNorm(width)

    def forward(self, x, mask):
        y = self.ln_1(x)
        x = x + self.attn(y, y, y, need_weights=False, attn_mask=mask)[0]
        return x + self.mlp(self.ln_2(x))


class VisionTower(nn.Module):
    def __init__(self, resolution, patch, width, layers, heads, embed):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, patch, patch, bias=False)
        self.class_embedding = nn.Parameter(torch.randn(width))
        self.positional_embedding = nn.Parameter(torch.randn((resolution // patch) ** 2 + 1, width))
        self.ln_pre = nn.LayerNorm(width)
        self.blocks = nn.ModuleList([ResidualBlock(width, heads) for _ in range(layers)])
        self.ln_post = nn.LayerNorm(width)
        self.proj = nn.Parameter(torch.randn(width, embed))

    def forward(self, images):
        x = self.conv1(images).flatten(2).permute(0, 2, 1)
        cls = self.class_embedding.expand(x.shape[0], 1, -1)
        x = self.ln_pre(torch.cat([cls, x], 1) + self.positional_embedding).permute(1, 0, 2)
        for block in self.blocks:
            x = block(x, None)
        return self.ln_post(x[0]) @ self.proj


class TextTower(nn.Module):
    def __init__(self, vocab, context, width, layers, heads, embed):
        super().__init__()
        self.token_embedding = nn.Embedding(vocab, width)
        self.positional_embedding = nn.Parameter(torch.randn(context, width) * 0.01)
        self.blocks = nn.ModuleList([ResidualBlock(width, heads) for _ in range(layers)])
        self.ln_final = nn.LayerNorm(width)
        self.text_projection = nn.Parameter(torch.randn(width, embed))
        self.register_buffer("mask", torch.full((context, context), float("-inf")).triu(1))

    def forward(self, ids):
        x = (self.token_embedding(ids) + self.positional_embedding).permute(1, 0, 2)
        for block in self.blocks:
            x = block(x, self.mask)
        x = self.ln_final(x.permute(1, 0, 2))
        return x[torch.arange(x.shape[0]), ids.argmax(-1)] @ self.text_projection


def median_seconds(step, repeats):
    """Runs `step` once to warm up, then `repeats` times; returns the median and every time."""
    step()
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), seconds


def print_item_timing(step, items, repeats):
    """Prints items per second of `step` as the JSON line the C++ benchmarks read."""
    median, seconds = median_seconds(step, repeats)
    print(json.dumps({"items_per_second": items / median, "seconds": seconds}))


def print_epoch_timing(epoch, repeats):
    """Prints seconds per epoch as the JSON line the C++ benchmarks read."""
    median, seconds = median_seconds(epoch, repeats)
    print(json.dumps({"seconds_per_epoch": median, "seconds": seconds}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["image", "text"], required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--batch", type=int, required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--eot", type=int, default=20, help="position of the end-of-text token")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    if args.mode == "image":
        model = VisionTower(224, 32, 768, 12, 12, 512).eval()
        inputs = torch.randn(args.batch, 3, 224, 224)
    else:
        model = TextTower(49408, 77, 512, 12, 8, 512).eval()
        inputs = torch.randint(1, 49000, (args.batch, 77))
        inputs[:, args.eot] = 49407
        inputs[:, args.eot + 1:] = 0
    with torch.inference_mode():
        print_item_timing(lambda: model(inputs), args.batch, args.repeats)


if __name__ == "__main__":
    main()
